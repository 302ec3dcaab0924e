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

For Zensical (:func:`write_zensical_project`, ``--for zensical``), which has
no plugins, the folder is a whole project: ``docs/`` as above but with each
page's head tags, banner, ribbon, canonical address and printed address in
its front matter (``pp_head``…, finished HTML made here from the content),
a theme override (``overrides/main.html``, written for Zensical's Minijinja)
that puts them where the MkDocs plugin does, and ``mkdocs.yml``: the site's
own configuration without the policypress plugin. zensical-i18n builds it
(``zensical-i18n build --clean``); the README lists what differs.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any, Mapping

from policypress.core.addresses import MARKDOWN_SUFFIXES, handwritten_output
from policypress.core.languages import Languages
from policypress.package_data import TEMPLATES
from policypress.render.templating import GeneratedPage
from policypress.session import Rendered

MARKER = ".policypress-generated"
"""A file in every folder :func:`write_docs` wrote: what it wrote, so that it may replace it next time."""


def front_matter(page: GeneratedPage, frame: Mapping[str, str] | None = None) -> str:
    """The page's YAML front matter: what any generator reads (title, search exclusion), and ``frame``'s keys.

    JSON is YAML: the values are written as JSON strings, so no title (nor
    any HTML of the frame) can break out of them.
    """
    lines = ["---"]
    title = page.meta.get("title")
    if isinstance(title, str):
        lines.append(f"title: {json.dumps(title, ensure_ascii=False)}")
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        lines.append("search:\n  exclude: true")
    lines += _frame_lines(frame or {})
    lines.append("---")
    return "\n".join(lines) + "\n"


def _frame_lines(frame: Mapping[str, str]) -> list[str]:
    return [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in frame.items() if value]


def page_markdown(page: GeneratedPage, banner: str, frame: Mapping[str, str] | None = None) -> str:
    """A generated page as a Markdown file: front matter, then its banner (unless ``frame`` carries it) and HTML as raw HTML blocks."""
    parts = [front_matter(page, frame), ""]
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


def write_docs(rendered: Rendered, target: Path, *, zensical: bool = False, site_url: str | None = None) -> int:
    """Write the docs folder of ``rendered`` into the empty folder ``target``; return how many files.

    ``zensical``: each page's frame goes into its front matter (see the
    module's docstring), and no file lies in a folder named like a language
    (zensical-i18n takes such a folder for the ``folder`` structure):
    ``en/feed.xml`` is written ``feed.en.xml``, which it publishes at the same address.
    ``site_url``: the site's address, for canonical and printed addresses.
    """
    context = rendered.context
    # Links relative to each page, never root-absolute: the folder may be built under any path, or read as files.
    root_path = None
    written = 0

    def write(name: str, data: bytes | str) -> None:
        nonlocal written
        path = target / (_suffixed(name, context.languages) if zensical else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        written += 1

    def frame_of(url: str, code: str, meta: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
        extras = rendered.frame.page_extras(url, code, meta, root_path)
        if not zensical:
            return extras.banner, {}
        address = (site_url or "").rstrip("/")
        # (No hreflang links: zensical-i18n removes every one from the pages and lists the alternates in each sitemap.)
        frame = {"pp_head": extras.head, "pp_banner": extras.banner, "pp_ribbon": extras.ribbon}
        if extras.canonical is not None and address:
            frame["pp_canonical"] = f"{address}/{extras.canonical}"
        if meta.get("kind") in ("policy", "version") and address:
            # On paper, a policy text names its permanent address: the page of its version (as policypress.html prints it).
            frame["pp_print_url"] = f"{address}/{url}" + (f"{meta['version']}/" if meta.get("kind") == "policy" else "")
        return "", frame

    for name, page in rendered.pages.items():
        url = page_url(name, context.languages)
        banner, frame = frame_of(url, page.language, page.meta.get("policypress") or {})
        write(name, page_markdown(page, banner, frame))
    for name, source in rendered.copies.items():
        if Path(name).suffix.lower() in MARKDOWN_SUFFIXES:
            code = language_of(name, context.languages)
            banner, frame = frame_of(page_url(name, context.languages), code, {})
            # As MkDocs reads a page: a byte order mark is not text (else the front matter is not at the start).
            text = source.read_text(encoding="utf-8-sig")
            write(name, _with_frame(text, frame) if zensical else _with_banner(text, banner))
        else:
            path = target / (_suffixed(name, context.languages) if zensical else name)
            path.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, path)
            written += 1
    for name, data in {**rendered.assets, **rendered.files}.items():
        write(name, data)
    write(MARKER, "Written by `policypress generate`; the next run replaces this whole folder.\n")
    return written


ZENSICAL_THEME = TEMPLATES / "zensical" / "main.html"
"""The theme override of a project written for Zensical: puts each page's frame where the MkDocs plugin does."""


def write_zensical_project(rendered: Rendered, target: Path, config: str, site_url: str | None) -> int:
    """Write a Zensical project into the empty folder ``target``: ``docs/``, ``overrides/main.html``, ``mkdocs.yml`` (``config``)."""
    written = write_docs(rendered, target / "docs", zensical=True, site_url=site_url)
    (target / "overrides").mkdir()
    shutil.copy2(ZENSICAL_THEME, target / "overrides" / "main.html")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    (target / MARKER).write_text("Written by `policypress generate --for zensical`; the next run replaces this whole folder.\n", encoding="utf-8")
    return written + 3


def _suffixed(name: str, languages: Languages) -> str:
    """``en/feed.xml`` as ``feed.en.xml``: a file of a language's folder in the suffix structure (others as they are).

    >>> languages = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")
    >>> _suffixed("en/feed.xml", languages), _suffixed("privacy/index.en.md", languages), _suffixed("feed.xml", languages)
    ('feed.en.xml', 'privacy/index.en.md', 'feed.xml')
    """
    first, _, rest = name.partition("/")
    if not rest or first not in languages.codes or first == languages.default:
        return name
    path = Path(rest)
    return path.with_name(f"{path.stem}.{first}{path.suffix}").as_posix()


def _with_frame(text: str, frame: Mapping[str, str]) -> str:
    r"""A hand-written Markdown page with ``frame``'s keys added to its front matter (made, if it has none).

    >>> _with_frame("---\ntitle: A\n---\nText", {"pp_banner": "<div>B</div>"})
    '---\npp_banner: "<div>B</div>"\ntitle: A\n---\nText'
    >>> _with_frame("Text", {"pp_banner": "<div>B</div>"})
    '---\npp_banner: "<div>B</div>"\n---\n\nText'
    """
    lines = _frame_lines(frame)
    if not lines:
        return text
    match = _FRONT_MATTER.match(text)
    if match:
        opening = match.group().split("\n", 1)[0]
        return opening + "\n" + "\n".join(lines) + "\n" + text[len(opening) + 1 :]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + text


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
