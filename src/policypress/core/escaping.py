"""Content written into other languages: a terminal, Markdown, GitHub's annotations.

Policy text, YAML keys and file names are written by editors, and a pull
request's author may be hostile. The loader already refuses control and
bidirectional characters in content (see :mod:`policypress.core.yamlsource`);
file names, and whatever reaches an output by another road, are made safe
here for the place they are written to:

* a terminal: control characters become visible escapes (``\\x1b``), so
  ``policypress diff`` cannot retitle the window or rewrite the screen;
* Markdown (the review report, a PR comment): text cannot open a heading,
  a list, an HTML comment or a code span of its own, so a key named
  ``### Verdict ✅`` cannot forge a verdict or hide the real one; nor can it
  mention someone (``@owner``), refer to an issue (``#12``) or become a link
  (``https://…``): GitHub would notify, link or preview them;
* GitHub Actions annotations: a message cannot end its own command.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]"
)


def for_terminal(text: str) -> str:
    r"""``text`` with every control, bidirectional or lone surrogate character written as an escape.

    >>> for_terminal("ok\x1b]0;pwn\x07 \u202eexe\tline\n")
    'ok\\x1b]0;pwn\\x07 \\u202eexe\tline\n'
    """
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks and tabs becomes a space."""
    return re.sub(r"[\r\n\t\u2028\u2029]+", " ", text)


_MD_ESCAPED = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|~>"} | {"<": "&lt;", "&": "&amp;"})
_JOIN = "\u200b"
"""A zero-width space: invisible to a reader, it keeps GitHub from seeing a mention, an issue or a link."""
_LIVE = re.compile(r"(?i)(@)(?=[\w-])|(#)(?=\d)|\b(https?|ftp|mailto|www)(?=[:.])")


def defused(text: str) -> str:
    """``text`` with what GitHub would act on made inert: ``@owner``, ``#12``, ``https://…``, ``www.…``.

    >>> defused("@admin see #12 at https://x.example or www.x.example") == "@\u200badmin see #\u200b12 at https\u200b://x.example or www\u200b.x.example"
    True
    """
    return _LIVE.sub(lambda m: m.group() + _JOIN, text)


def md_text(text: str) -> str:
    r"""Text for a line of Markdown: shown as written, never read as Markdown or HTML, never a mention or a link.

    >>> md_text("### Verdict ✅ <!-- *x* -->")
    '\\#\\#\\# Verdict ✅ &lt;\\!\\-\\- \\*x\\* \\-\\-\\>'
    """
    return defused(for_terminal(one_line(text))).translate(_MD_ESCAPED)


def md_code(text: str) -> str:
    """Text as an inline code span, whatever backticks it holds, on one line.

    >>> md_code("a ` b"), md_code("`x`")
    ('`` a ` b ``', '`` `x` ``')
    """
    text = for_terminal(one_line(text))
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if longest or text.startswith(" ") or text.endswith(" ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def annotation_property(text: str) -> str:
    """A value of a GitHub Actions annotation's property (``file=…``)."""
    return annotation_message(text).replace(":", "%3A").replace(",", "%2C")


def annotation_message(text: str) -> str:
    """The message of a GitHub Actions annotation (``::error …::message``)."""
    return for_terminal(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


