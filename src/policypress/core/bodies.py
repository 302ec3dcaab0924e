"""Policy text (Markdown) to safe HTML, and an error for anything that would be lost.

Policy bodies are content, not code: whatever an editor (or a compromised pull
request) writes, the result must not run script in a reader's browser. The
Markdown is rendered here, once per text, and the HTML goes through nh3 (the
Ammonia sanitiser) with an allow-list of what a legal text needs. The
generated pages embed this HTML as a raw block, so MkDocs never re-reads the
body as Markdown or as a template: ``{{ config }}`` stays text.

A sanitiser that silently drops what it does not allow would also drop text
an editor meant readers to see: ``<Required>`` typed in a sentence is read as
an (unknown) HTML element and vanishes, a ``<!-- note -->`` disappears, a
``javascript:`` link loses its target. :func:`markup_problems` finds each of
those in the HTML before it is sanitised and says where it came from in the
Markdown, so the loader reports it as an error with its line, and the
sanitiser is left as a second line of defence that removes nothing.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Mapping

import markdown
import nh3

from policypress.core.captions import TableCaptionExtension

_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
    "mark", "small", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "a", "abbr", "span",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "td": {"colspan", "rowspan", "style"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_STYLE_PROPERTIES = {"text-align"}
_HEADINGS = {"h3", "h4", "h5", "h6"}
#: Elements whose content the sanitiser drops along with them.
_DROPPED_WITH_CONTENT = {"script", "style"}


@functools.cache
def _markdown() -> markdown.Markdown:
    # One converter, reset before each text: building one costs as much as
    # converting a section.
    return markdown.Markdown(
        extensions=["tables", TableCaptionExtension(), "sane_lists", "abbr", "def_list", "toc"],
        # Section titles are h2 on the page, so headings inside a body start at h3.
        extension_configs={"toc": {"baselevel": 3, "anchorlink": False, "permalink": False}},
        output_format="html",
    )


def sanitize(fragment: str) -> str:
    """Remove everything from ``fragment`` that is not plain document markup.

    >>> sanitize('<p onclick="x()">Hi<script>alert(1)</script></p>')
    '<p>Hi</p>'
    >>> sanitize('<a href="javascript:alert(1)">x</a>')
    '<a rel="noopener noreferrer">x</a>'
    """
    return nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        filter_style_properties=_STYLE_PROPERTIES,
        link_rel="noopener noreferrer",
    )


@dataclass(frozen=True)
class MarkupProblem:
    """Something in a body's HTML the site would not show, and where its Markdown has it."""

    offset: int
    """Character offset in the Markdown text (0 when it cannot be found there)."""
    message: str
    severity: str = "error"
    """"warning" for what the site shows in full but less well than it should (a table without a title)."""


MAX_BRACKETS = 200
"""Square brackets one paragraph may hold: Python-Markdown tries each as the start of a link, in time
quadratic in their number (16,000 took a minute); a policy's paragraph has a handful."""
MAX_MARKUP = 2000
"""Markup characters (``< & \\ ` * _``) one paragraph may hold: Python-Markdown's inline parsing is quadratic
in the elements of a paragraph (80,000 ``<b>`` took ten seconds); a policy's paragraph has tens."""
_MARKUP = "<&\\`*_"
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_REFERENCE = r"^ {0,3}\[%s\]:"


MAX_PARAGRAPHS = 2000
"""Paragraphs one body may hold: Python-Markdown's block parser is quadratic in them (50,000 took ten seconds)."""


MAX_NESTING = 30
"""Levels of lists and quotes one inside another: Python-Markdown reads each level by recursion (300 exhausted Python's stack)."""
_NESTING = re.compile(r"^((?:[ \t]*>)*)([ \t]*)", re.MULTILINE)


def _too_deep(text: str) -> MarkupProblem | None:
    """The first line of ``text`` nested deeper than :data:`MAX_NESTING`, if any (linear).

    A level is a quote marker (``>``) or four columns of indentation, as
    Python-Markdown counts them; an indented code block counts too, which
    errs on the safe side.
    """
    for match in _NESTING.finditer(text):
        quotes, indent = match.group(1).count(">"), match.group(2)
        depth = quotes + (len(indent) + 3 * indent.count("\t")) // 4
        if depth > MAX_NESTING:
            return MarkupProblem(
                match.start(),
                f"this line is nested {depth} levels deep (lists or quotes one inside another); policy text may "
                f"nest at most {MAX_NESTING} levels, which Markdown reads without running out of stack",
            )
    return None


def _too_much_markup(text: str) -> MarkupProblem | None:
    """The first paragraph of ``text`` with more markup than Markdown reads in reasonable time, if any (linear)."""
    deep = _too_deep(text)
    if deep is not None:
        return deep
    breaks = list(_PARAGRAPHS.finditer(text))
    if len(breaks) >= MAX_PARAGRAPHS:
        return MarkupProblem(
            breaks[MAX_PARAGRAPHS - 1].end(),
            f"this text has {len(breaks) + 1} paragraphs; a section's text may have at most {MAX_PARAGRAPHS}, "
            "which Markdown reads in reasonable time: split it into sections",
        )
    start = 0
    for match in [*breaks, None]:
        end = match.start() if match else len(text)
        brackets = text.count("[", start, end)
        if brackets > MAX_BRACKETS:
            return MarkupProblem(
                start,
                f"this paragraph has {brackets} square brackets; Markdown reads each as the start of a link, and "
                f"policy text may have at most {MAX_BRACKETS} in one paragraph: split it, or write &#91; for [",
            )
        markup = sum(text.count(char, start, end) for char in _MARKUP)
        if markup > MAX_MARKUP:
            return MarkupProblem(
                start,
                f"this paragraph has {markup} markup characters (< & \\ ` * _); policy text may have at most "
                f"{MAX_MARKUP} in one paragraph, which Markdown reads in reasonable time: split it into paragraphs",
            )
        start = match.end() if match else end
    return None


@functools.lru_cache(maxsize=4096)
def _render(text: str) -> tuple[str, tuple[MarkupProblem, ...]]:
    refused = _too_much_markup(text)
    if refused is not None:
        # Not rendered at all: the build stops at this error, and the check must stay fast.
        return f"<p>{html.escape(text)}</p>", (refused,)
    converter = _markdown().reset()
    rendered = converter.convert(text)
    problems = (
        tuple(_Inspector(text).inspect(rendered))
        + tuple(_references(text, converter.references))
        + tuple(_untitled_tables(text, rendered))
    )
    # Python-Markdown's toc extension adds ids to body headings; they could
    # collide with section anchors, and nh3 drops them anyway.
    return sanitize(rendered).strip(), problems


def _references(text: str, references: Mapping[str, object]) -> list[MarkupProblem]:
    """A line ``[label]: …`` is a Markdown link definition: never shown, whether or not a link uses it."""
    problems = []
    for label in references:
        # Python-Markdown keeps labels lowercased: the message quotes the line as written.
        match = re.search(_REFERENCE % re.escape(label), text, re.IGNORECASE | re.MULTILINE)
        written = match[0].strip()[1:-2] if match else label
        offset = match.start() + len(match[0]) - len(match[0].lstrip()) if match else 0
        problems.append(
            MarkupProblem(
                offset,
                f"[{written}]: at the start of a line is a Markdown link definition and would not be shown; to show "
                f"it, write \\[{written}]:, and write a link as [text](https://…)",
            )
        )
    return sorted(problems, key=lambda problem: problem.offset)


_TABLE_START = re.compile(r"<table>\s*(<caption>)?")
#: A Markdown table's delimiter row (``|---|:--:|``); the line above it is the table's first.
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$", re.MULTILINE)


def _untitled_tables(text: str, rendered: str) -> list[MarkupProblem]:
    """A warning for each table without a title line, at the table's first line."""
    titled = [match[1] is not None for match in _TABLE_START.finditer(rendered)]
    starts = [
        text.rfind("\n", 0, max(match.start() - 1, 0)) + 1
        for match in _DELIMITER_ROW.finditer(text)
        if "|" in match[0]  # a line of dashes alone is a rule or a heading's underline
    ]
    if len(starts) != len(titled):
        starts = [0] * len(titled)  # tables written in HTML: the text's start
    return [
        MarkupProblem(
            start,
            'this table has no title: write a line "표: …" (or "Table: …") right above it; screen readers '
            "announce a table by its title (KWCAG 2.2, 5.3.1)",
            severity="warning",
        )
        for start, has_title in zip(starts, titled)
        if not has_title
    ]


def render_body(text: str) -> str:
    """Render a body's Markdown to sanitised HTML (cached: versions repeat most text).

    >>> render_body("**[수집 항목]** 이름, 연락처")
    '<p><strong>[수집 항목]</strong> 이름, 연락처</p>'
    """
    return _render(text)[0]


def markup_problems(text: str) -> tuple[MarkupProblem, ...]:
    """What the sanitiser would remove from the HTML of Markdown ``text``, in order.

    >>> [p.message for p in markup_problems("필수 항목: <Required> 이름")]
    ['<Required> is read as HTML and would not be shown; to show the angle brackets, write &lt;Required&gt;']
    >>> [(p.offset, p.message) for p in markup_problems("[링크](javascript:alert(1))")]
    [(5, 'a link to "javascript:alert(1)" is not allowed; links may use http, https, mailto or tel')]
    >>> markup_problems("표: 수집 항목\\n| 항목 |\\n|:-|\\n| <b>이름</b> |")
    ()
    """
    return _render(text)[1]


def visible_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (tags dropped, entities read)."""
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _scheme(url: str) -> str | None:
    """The scheme of ``url`` as a browser reads it (tabs and line breaks inside are ignored)."""
    cleaned = re.sub(r"[\t\n\r]", "", url).strip().lower()
    match = re.match(r"([a-z][a-z0-9+.\-]*):", cleaned)
    return match[1] if match else None


class _Inspector(HTMLParser):
    """Walks Python-Markdown's HTML and records what nh3 would remove."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self._lower = source.lower()
        self._cursor = 0
        self._absent: set[str] = set()
        self.problems: list[MarkupProblem] = []

    def inspect(self, html: str) -> list[MarkupProblem]:
        self.feed(html)
        self.close()
        return self.problems

    def _find(self, needle: str) -> int | None:
        """The offset of ``needle`` in the Markdown at or after the last one found, if it is there."""
        needle = needle.lower()
        if needle in self._absent:
            return None
        at = self._lower.find(needle, self._cursor)
        if at < 0:
            # The cursor only moves on: what is not there now never will be (Markdown's own <p>, thousands of times).
            self._absent.add(needle)
            return None
        self._cursor = at + 1
        return at

    def _add(self, offset: int | None, message: str) -> None:
        self.problems.append(MarkupProblem(self._cursor if offset is None else offset, message))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Raw HTML reaches the output as it was written; a tag Markdown made
        # (a link) is found by its attribute's value instead.
        raw = self.get_starttag_text() or f"<{tag}>"
        at = self._find(raw)
        if tag not in _TAGS:
            shown = raw if len(raw) <= 40 else raw[:39] + "…"
            if tag in _DROPPED_WITH_CONTENT:
                self._add(at, f"<{tag}> is not allowed in policy text; it would be removed with everything inside it")
            elif attrs:
                self._add(at, f"{shown} is HTML that policy text may not contain; it would not be shown")
            else:
                written = raw[1:-1].strip("/ ")
                self._add(
                    at,
                    f"{shown} is read as HTML and would not be shown; to show the angle brackets, write &lt;{written}&gt;",
                )
            return
        allowed = _ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name == "id" and tag in _HEADINGS:
                continue  # Python-Markdown's own anchors, dropped on purpose (see _render)
            if name not in allowed:
                self._add(at, f"the {name} attribute of <{tag}> is not allowed in policy text; remove it")
            elif name == "href" and value is not None:
                scheme = _scheme(value)
                if scheme is not None and scheme not in _URL_SCHEMES:
                    found = self._find(value) if at is None else at
                    self._add(found, f'a link to "{value}" is not allowed; links may use http, https, mailto or tel')
            elif name == "style" and value is not None:
                properties = {part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()}
                if not properties <= _STYLE_PROPERTIES:
                    self._add(at, f'the style "{value}" of <{tag}> is not allowed; only text-align is kept')

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_comment(self, data: str) -> None:
        self._add(
            self._find("<!--"),
            "an HTML comment is not shown to readers; remove it (a note for editors goes in a YAML comment: # …)",
        )

    def handle_decl(self, decl: str) -> None:
        self._add(self._find(f"<!{decl}"), f"<!{decl}> is not allowed in policy text; remove it")

    def handle_pi(self, data: str) -> None:
        self._add(self._find(f"<?{data}"), f"<?{data}> is not allowed in policy text; remove it")

    def unknown_decl(self, data: str) -> None:
        self._add(self._find(f"<![{data}"), f"<![{data}]> is not allowed in policy text; remove it")
