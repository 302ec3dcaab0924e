"""Pages without the indentation of the templates that wrote them.

Material's templates indent every tag, and a page carries that indentation
as text: at 200 versions it was 2.7 MB of a 28.8 MB site, more than the
search indexes, sitemaps and feeds together, and nothing a reader sees.
A browser shows any run of HTML whitespace between words as one space, so
a run that holds a line break is written as one line break: the page reads,
wraps and copies as before.

Left exactly as they are: the contents of the elements whose whitespace is
kept on screen or is code (``pre``, ``textarea``, ``code``, ``kbd``,
``samp``; Material shows ``code`` and ``kbd`` with ``white-space:
pre-wrap``), of ``script`` and ``style``, and every space that is not
HTML's own: a no-break space or an ideographic space (U+3000, common in
Korean and Japanese text) is a character of the text. Only whitespace that
touches a tag is changed, so an attribute's value is never touched (the
templates escape ``<`` and ``>`` in attribute values).

Hand-written rather than a minifier (minify-html, htmlmin): those also drop
optional tags, quotes and comments, which would change markup the site's
templates and tests read, for a few more bytes.
"""

from __future__ import annotations

import re

# An element whose contents keep their whitespace; script, style and textarea hold raw text, which ends only at
# their own end tag (a "<code>" in a script is not an element), the others may nest (<kbd><kbd>Ctrl</kbd></kbd>).
_KEPT_TAG = re.compile(r"<(/?)(pre|code|kbd|samp|script|style|textarea)\b[^>]*>", re.I)
_RAW_TEXT_END = {name: re.compile(rf"</{name}\b", re.I) for name in ("script", "style", "textarea")}
# HTML's whitespace is these five characters, not Python's \s (which takes U+00A0 and U+3000 too).
_AFTER_TAG = re.compile(r">[ \t\r\f]*\n[ \t\r\n\f]*")
# Starts at the line break, not at the spaces a line may end with: a pattern that may start with a space is tried
# at every character of the page (twice the time); spaces at the end of a line before a tag are rare, and harmless.
_BEFORE_TAG = re.compile(r"\n[ \t\r\n\f]*(?=<)")


def _squeeze(text: str) -> str:
    return _BEFORE_TAG.sub("\n", _AFTER_TAG.sub(">\n", text))


def compact_html(page: str) -> str:
    """``page`` with the whitespace after a tag, and the line breaks and indentation before one, as one line break.

    >>> compact_html('<ul>\\n    <li>\\n      A\\n    </li>\\n\\n</ul>\\n<pre>\\n  kept\\n</pre>')
    '<ul>\\n<li>\\nA\\n</li>\\n</ul>\\n<pre>\\n  kept\\n</pre>'
    """
    parts = []
    squeezed_to = 0  # what comes before is written
    depth = 0  # how many kept elements are open here
    position = 0
    while (tag := _KEPT_TAG.search(page, position)) is not None:
        closing, name = tag.group(1), tag.group(2).lower()
        position = tag.end()
        if closing:
            if depth:
                depth -= 1
                if not depth:
                    parts.append(page[squeezed_to : tag.start()])
                    squeezed_to = tag.start()
            continue
        if not depth:
            parts.append(_squeeze(page[squeezed_to : tag.end()]))
            squeezed_to = tag.end()
        if name in _RAW_TEXT_END:
            end = _RAW_TEXT_END[name].search(page, position)
            position = end.start() if end is not None else len(page)
        depth += 1
    if depth:
        parts.append(page[squeezed_to:])
    else:
        parts.append(_squeeze(page[squeezed_to:]))
    return "".join(parts)
