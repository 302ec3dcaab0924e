"""How policypress writes a page: Jinja2 templates in one language, headings like MkDocs' own.

:class:`PageRenderer` renders the package's templates with gettext and Babel
for one language; :class:`GeneratedPage` is what it makes: finished HTML,
the page's metadata (MkDocs' front matter) and its table of contents, with
headings and permalinks written the way the site's ``toc`` extension would
write them (:class:`HeadingStyle`), so generated and hand-written pages look
alike without going through Python-Markdown.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from jinja2 import BytecodeCache, Environment, PackageLoader, StrictUndefined
from jinja2.bccache import Bucket
from markdown.extensions.toc import slugify as _toc_slugify
from markdown.extensions.toc import unique as _toc_unique
from markupsafe import Markup, escape

from policypress.core.languages import Language, Languages
from policypress.render.i18n import translator

_COMPILED: dict[str, bytes] = {}


class _InMemory(BytecodeCache):
    """Jinja's compiled templates kept in this process (:func:`compiled_templates`)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def load_bytecode(self, bucket: Bucket) -> None:
        code = _COMPILED.get(self.prefix + bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # (checks Jinja's version and the template's source, else leaves it empty)

    def dump_bytecode(self, bucket: Bucket) -> None:
        _COMPILED[self.prefix + bucket.key] = bucket.bytecode_to_string()


def compiled_templates(env: Environment, name: str) -> BytecodeCache:
    """A cache of ``env``'s compiled templates for the life of the process, shared by every Environment built alike.

    A build makes new Environments (one per language, and MkDocs its theme's
    for each language), and compiling their templates took a third of a
    small site's build; a process that builds again (``mkdocs serve``, the
    test suite) compiles nothing twice. Kept in memory only, never on disk:
    compiled templates are code. Jinja checks each entry against its
    template's source and its own version before using it, so an edited
    template is compiled anew; what else the code depends on (the syntax,
    the extensions, autoescaping) is part of the key, so Environments set up
    differently never share an entry.
    """
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else f"{env.autoescape!r}"
    settings = (
        sorted(env.extensions), autoescape, env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
        env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.finalize is not None, env.is_async, getattr(env, "newstyle_gettext", None),
    )  # fmt: skip
    signature = hashlib.sha256(repr(settings).encode("utf-8")).hexdigest()[:16]
    return _InMemory(f"{name}/{signature}/")


_ENTITY_OR_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


def _callable_settings(function: object) -> object:
    """``function`` itself, or for a ``functools.partial`` its function and arguments (two made alike are equal)."""
    if isinstance(function, functools.partial):
        return (_callable_settings(function.func), function.args, tuple(sorted(function.keywords.items())))
    return function


@dataclass(frozen=True)
class HeadingStyle:
    """How headings and their permalinks are marked up.

    The same options as Python-Markdown's ``toc`` extension, read from the
    site's configuration, so generated headings look like those of the
    site's hand-written pages.
    """

    permalink: bool | str = False
    permalink_title: str = "Permanent link"
    permalink_class: str = "headerlink"
    permalink_leading: bool = False
    slugify: Callable[[str, str], str] = field(default=_toc_slugify, compare=False)
    separator: str = "-"
    slugify_settings: object = field(init=False, repr=False)
    """What ``slugify`` is, compared in its place: ``mkdocs.yml`` makes a new one at every reading
    (``!!python/object/apply:pymdownx.slugs.slugify`` returns a new ``functools.partial``), and
    ``mkdocs serve`` keeps its session only for a site whose settings compare equal."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "slugify_settings", _callable_settings(self.slugify))

    @classmethod
    def from_toc_config(cls, config: Mapping[str, Any]) -> HeadingStyle:
        """The style of a ``toc`` extension configured with ``config`` (unknown options are ignored)."""
        known = {name: config[name] for name, option in cls.__dataclass_fields__.items() if option.init and name in config}
        return cls(**known)

    @property
    def permalink_html(self) -> Markup | None:
        """The permalink's content (``&para;`` by default), or None for no permalink."""
        if self.permalink is False or self.permalink is None:
            return None
        text = "&para;" if self.permalink is True else str(self.permalink)
        # Like Python-Markdown: entities stay, everything else is text.
        text = _ENTITY_OR_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
        return Markup(text)


@dataclass(frozen=True)
class TocEntry:
    """A heading in a page's table of contents (``name`` is HTML)."""

    level: int
    id: str
    name: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class GeneratedPage:
    """A page policypress makes: finished HTML, its metadata (MkDocs' front matter) and table of contents."""

    meta: dict[str, Any]
    packed: bytes = field(repr=False)
    """The HTML, in UTF-8, compressed (:meth:`of`, :attr:`html`). Every page is rendered before
    anything is written, and kept until the generator asks for it: whole, the pages of a long history
    were the largest part of a build's memory (about 460 MB at 5,000 versions), and compressed they
    take a sixth of that."""
    toc: tuple[TocEntry, ...]
    language: str
    """The code of the page's language."""

    @classmethod
    def of(cls, meta: dict[str, Any], html: str, toc: tuple[TocEntry, ...], language: str) -> GeneratedPage:
        # Level 1: a few milliseconds a megabyte, and most of the gain of the slower levels.
        return cls(meta, zlib.compress(html.encode("utf-8"), 1), toc, language)

    @property
    def html(self) -> str:
        """The page's finished HTML."""
        return zlib.decompress(self.packed).decode("utf-8")

    @property
    def searchable(self) -> bool:
        """Whether the page goes into its language's search index."""
        search = self.meta.get("search")
        return not (isinstance(search, dict) and search.get("exclude"))


class PageRenderer:
    """Renders the package's page templates in one language."""

    def __init__(
        self, language: Language, languages: Languages, site_locales: Path | None, headings: HeadingStyle = HeadingStyle()
    ) -> None:
        self.t = translator(language, site_locales)
        self.languages = languages
        env = Environment(
            loader=PackageLoader("policypress", "templates"),
            autoescape=True,
            extensions=["jinja2.ext.i18n", "jinja2.ext.do"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
        )
        env.install_gettext_translations(self.t.translations, newstyle=True)  # type: ignore[attr-defined]
        env.bytecode_cache = compiled_templates(env, "policypress")
        env.globals["t"] = self.t
        env.globals["heading"] = self.heading
        self.headings = headings
        # The permalink around each heading's id, escaped once for all headings.
        link = headings.permalink_html
        self._permalink = (
            (f'<a class="{escape(headings.permalink_class)}" href="#', f'" title="{escape(headings.permalink_title)}">{link}</a>')
            if link is not None
            else None
        )
        self.env = env

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def heading(self, level: int, id_: str, text: str) -> Markup:
        """A heading with its permalink, as Python-Markdown's toc extension writes it (a template global)."""
        # Plain string formatting: a page has many headings, and Markup.format is slow.
        id_html, inner = str(escape(id_)), str(escape(text))
        if self._permalink is not None:
            anchor = self._permalink[0] + id_html + self._permalink[1]
            inner = anchor + inner if self.headings.permalink_leading else inner + anchor
        return Markup(f'<h{level} id="{id_html}">{inner}</h{level}>')

    def page(
        self, template: str, *, meta: dict[str, Any], title: str, sections: list[tuple[str, str]], **context: Any
    ) -> GeneratedPage:
        """Render a page whose h1 is ``title`` and whose h2 are ``sections`` (id, title)."""
        # Like Python-Markdown's toc: the h1's id is its slug, unique among the ids already there.
        title_id = _toc_unique(self.headings.slugify(title, self.headings.separator), {id_ for id_, _ in sections})
        html = self.render(template, title=title, title_id=title_id, **context).strip() + "\n"
        children = tuple(TocEntry(2, id_, str(Markup.escape(name)), ()) for id_, name in sections)
        meta = {key: value for key, value in meta.items() if value is not None}
        if isinstance(meta.get("title"), str):
            # MkDocs and Material put a page's title into <title>, the header,
            # the nav and the search index without escaping it: it is handed
            # over as HTML, so a policy titled "<script>…" stays text.
            meta["title"] = str(escape(meta["title"]))
        return GeneratedPage.of(
            meta=meta,
            html=html,
            toc=(TocEntry(1, title_id, str(Markup.escape(title)), children),),
            language=self.t.code,
        )

