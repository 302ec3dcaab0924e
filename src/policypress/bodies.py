"""Policy text (Markdown) to safe HTML.

Policy bodies are content, not code: whatever an editor (or a compromised pull
request) writes, the result must not run script in a reader's browser. The
Markdown is rendered here, once per text, and the HTML goes through nh3 (the
Ammonia sanitiser) with an allow-list of what a legal text needs. The
generated pages embed this HTML as a raw block, so MkDocs never re-reads the
body as Markdown or as a template: ``{{ config }}`` stays text.
"""

from __future__ import annotations

import functools

import markdown
import nh3

_TAGS = {
    "p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del", "ins", "sub", "sup",
    "mark", "small", "code", "pre", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "a", "abbr", "span",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "th": {"colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@functools.cache
def _markdown() -> markdown.Markdown:
    # One converter, reset before each text: building one costs as much as
    # converting a section.
    return markdown.Markdown(
        extensions=["tables", "sane_lists", "abbr", "def_list", "toc"],
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
        filter_style_properties={"text-align"},
        link_rel="noopener noreferrer",
    )


@functools.lru_cache(maxsize=4096)
def render_body(text: str) -> str:
    """Render a body's Markdown to sanitised HTML (cached: versions repeat most text).

    >>> render_body("**[수집 항목]** 이름, 연락처")
    '<p><strong>[수집 항목]</strong> 이름, 연락처</p>'
    """
    rendered = _markdown().reset().convert(text)
    # Python-Markdown's toc extension adds ids to body headings; they could
    # collide with section anchors, and nh3 drops them anyway.
    return sanitize(rendered).strip()
