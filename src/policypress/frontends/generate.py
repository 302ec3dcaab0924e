"""A docs folder any static site generator can build: the second front end, which proves the core portable.

``policypress generate OUT`` writes what the MkDocs plugin would hand MkDocs,
as plain files:

* every generated page as Markdown: YAML front matter (its title, and
  ``search: {exclude: true}`` for archived texts) and its finished HTML as
  one raw HTML block, which Markdown keeps as it is;
* every hand-written file under docs/, Markdown pages with the notice banner
  of their language put first, so every page still announces every change;
* the feeds, the calendar, ``policies.json`` and the notices, at their paths;
* policypress's stylesheet and script under ``assets/policypress/``.

The file names are those of the MkDocs plugin's staging folder
(``privacy/index.ko.md``, ``privacy/index.en.md``): mkdocs-static-i18n's
``suffix`` structure. Plain MkDocs with Material and mkdocs-static-i18n, and
no policypress plugin, builds the folder into the same pages (without the
head tags and the per-language search indexes that only a plugin can add).
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from policypress.core.addresses import MARKDOWN_SUFFIXES, handwritten_output
from policypress.core.languages import Languages
from policypress.render.templating import GeneratedPage
from policypress.session import Rendered

MARKER = ".policypress-generated"
"""A file in every folder :func:`write_docs` wrote: what it wrote, so that it may replace it next time."""


def front_matter(page: GeneratedPage) -> str:
    """The page's YAML front matter: what any generator reads (title, search exclusion).

    JSON is YAML: the values are written as JSON strings, so no title can
    break out of them.
    """
    lines = ["---"]
    title = page.meta.get("title")
    if isinstance(title, str):
        lines.append(f"title: {json.dumps(title, ensure_ascii=False)}")
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        lines.append("search:\n  exclude: true")
    lines.append("---")
    return "\n".join(lines) + "\n"


def page_markdown(page: GeneratedPage, banner: str) -> str:
    """A generated page as a Markdown file: front matter, then its banner and HTML as raw HTML blocks."""
    parts = [front_matter(page), ""]
    if banner:
        parts += [banner, ""]
    # One element around the page: Markdown passes a raw HTML block through untouched up to its closing tag.
    parts += ['<div class="pp-page" markdown="0">', page.html.strip(), "</div>", ""]
    return "\n".join(parts)


def language_of(name: str, languages: Languages) -> str:
    """The language of a docs file named with mkdocs-static-i18n's suffix (``index.en.md`` → ``en``)."""
    stem = Path(name).stem
    suffix = stem.rsplit(".", 1)[-1] if "." in stem else ""
    return suffix if suffix in languages.codes else languages.default


def page_url(name: str, languages: Languages) -> str:
    """The address MkDocs (with directory URLs) gives the page of a docs file in the suffix layout.

    >>> languages = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")
    >>> page_url("privacy/index.ko.md", languages), page_url("privacy/index.en.md", languages)
    ('privacy/', 'en/privacy/')
    >>> page_url("index.ko.md", languages), page_url("authors/guide.en.md", languages)
    ('', 'en/authors/guide/')
    """
    return handwritten_output(name, languages).removesuffix("index.html")


def write_docs(rendered: Rendered, target: Path) -> int:
    """Write the docs folder of ``rendered`` into the empty folder ``target``; return how many files."""
    context = rendered.context
    # Links relative to each page, never root-absolute: the folder may be built under any path, or read as files.
    root_path = None
    written = 0

    def write(name: str, data: bytes | str) -> None:
        nonlocal written
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        written += 1

    for name, page in rendered.pages.items():
        url = page_url(name, context.languages)
        banner = rendered.frame.page_extras(url, page.language, page.meta.get("policypress") or {}, root_path).banner
        write(name, page_markdown(page, banner))
    for name, source in rendered.copies.items():
        if Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
            code = language_of(name, context.languages)
            banner = rendered.frame.page_extras(page_url(name, context.languages), code, {}, root_path).banner
            # As MkDocs reads a page: a byte order mark is not text (else the front matter is not at the start).
            text = source.read_text(encoding="utf-8-sig")
            write(name, _with_banner(text, banner))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
            written += 1
    for name, data in {**rendered.assets, **rendered.files}.items():
        write(name, data)
    write(MARKER, "Written by `policypress generate`; the next run replaces this whole folder.\n")
    return written


#: Front matter as MkDocs finds it (``mkdocs.utils.meta``): ``---`` lines, closed by ``---`` or ``...``.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)


def _with_banner(text: str, banner: str) -> str:
    r"""A hand-written Markdown page with the banner after its front matter (if any).

    >>> _with_banner("---\ntitle: A\n...\nText", "<div>B</div>")
    '---\ntitle: A\n...\n\n<div>B</div>\n\nText'
    """
    if not banner:
        return text
    match = _FRONT_MATTER.match(text)
    if match:
        return f"{match.group()}\n{banner}\n\n{text[match.end():]}"
    return f"{banner}\n\n{text}"
