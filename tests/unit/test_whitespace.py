"""Pages are written without the templates' indentation, and read the same (policypress.outputs.whitespace)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from policypress.outputs.whitespace import compact_html

KEPT = {"pre", "textarea", "code", "kbd", "samp", "script", "style"}
HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


class _Reader(HTMLParser):
    """What a browser makes of a page: its tags and attributes, and its text with each run of HTML whitespace as one
    space, except inside the elements that keep their whitespace."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple[str, object]] = []
        self.kept = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("<", (tag, tuple(attrs))))
        self.kept += tag in KEPT

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append((">", tag))
        self.kept -= tag in KEPT

    def handle_data(self, data: str) -> None:
        text = data if self.kept else HTML_SPACE.sub(" ", data)
        if self.tokens and self.tokens[-1][0] == "text":
            previous = self.tokens.pop()[1]
            assert isinstance(previous, str)
            text = previous + text
            text = text if self.kept else HTML_SPACE.sub(" ", text)
        self.tokens.append(("text", text))


def read(page: str) -> list[tuple[str, object]]:
    reader = _Reader()
    reader.feed(page)
    reader.close()
    return reader.tokens


def indented_lines(page: str) -> list[str]:
    """Lines that start with whitespace outside the elements that keep theirs."""
    innermost = re.compile(r"<(pre|textarea|code|kbd|samp|script|style)\b[^>]*>((?!<\1\b).)*?</\1>", re.S)
    outside, removed = page, 1
    while removed:
        outside, removed = innermost.subn("", outside)
    return [line for line in outside.split("\n") if line[:1] in (" ", "\t")]


MATERIAL_LIKE = """<!doctype html>
<html lang="ko">
  <head>
    <title>개인정보 처리방침</title>
    <style>
      .a { color: red }
    </style>
  </head>
  <body>
    <div class="md-header__topic">
      <span class="md-ellipsis">
        르블랑치과의원
      </span>
    </div>
    <nav aria-label="목차">
      <ul>
        <li><a href="#a">수집</a></li>

        <li>
          <a href="#b">이용</a>
        </li>
      </ul>
    </nav>
    <p>Made with
      <a href="https://squidfunk.github.io/mkdocs-material/">Material</a>
      <strong>bold</strong>\u00a0
      <em>after a no-break space</em>\u3000
      <span>after an ideographic space</span></p>
    <pre><code>line one
    indented line
</code></pre>
    <p>Type <kbd><kbd>
  Ctrl</kbd>
  + <kbd>C</kbd>
</kbd>, <kbd>
  Ctrl</kbd> and <code>a   b
    c</code>.</p>
    <textarea>
      kept
    </textarea>
    <script>
      var x = 1;  // "<code>" in a script is text
    </script>
  </body>
</html>
"""


def test_a_page_loses_its_indentation_and_reads_the_same() -> None:
    compacted = compact_html(MATERIAL_LIKE)
    assert read(compacted) == read(MATERIAL_LIKE)
    assert indented_lines(MATERIAL_LIKE)
    assert indented_lines(compacted) == []
    assert len(compacted) < len(MATERIAL_LIKE)


def test_what_keeps_its_whitespace_is_kept_to_the_character() -> None:
    compacted = compact_html(MATERIAL_LIKE)
    for kept in ("<kbd><kbd>\n  Ctrl</kbd>\n  + <kbd>C</kbd>\n</kbd>", "<code>line one\n    indented line\n</code>", "<kbd>\n  Ctrl</kbd>", "<code>a   b\n    c</code>",
                 "<textarea>\n      kept\n    </textarea>", "<script>\n      var x = 1;  // \"<code>\" in a script is text\n    </script>",
                 "<style>\n      .a { color: red }\n    </style>"):
        assert kept in compacted
    # An attribute's value is text a reader may see (a tooltip keeps its line breaks).
    tooltip = '<abbr title="첫 줄\n    둘째 줄">PIPA</abbr>'
    assert compact_html(f"<p>\n  {tooltip}\n</p>") == f"<p>\n{tooltip}\n</p>"
    # A no-break space and an ideographic space are characters of the text, not HTML's whitespace.
    assert "</strong>\u00a0\n<em>" in compacted
    assert "</em>\u3000\n<span>" in compacted


def test_words_on_either_side_of_a_line_break_stay_apart() -> None:
    # "Made with" and the link were on two lines: a space between them on screen, so a line break stays.
    assert compact_html("<p>Made with\n      <a href='#'>Material</a>\n      for MkDocs</p>") == (
        "<p>Made with\n<a href='#'>Material</a>\nfor MkDocs</p>"
    )
    # Whitespace without a line break is left alone: it may be one space between two words of a diff.
    assert compact_html("<del>A</del> <ins>B</ins>") == "<del>A</del> <ins>B</ins>"


_words = st.sampled_from(["개인정보", "policy", "A", "처리방침을", "\u00a0", "\u3000", "&amp;", "x"])
_space = st.sampled_from(["", " ", "\n", "\n    ", "  \n\n  ", "\t\n", "\n\u00a0 ", " \u3000\n "])


@st.composite
def _trees(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        parts.append(draw(_space))
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(["div", "p", "span", "a", "ul", "li", "strong", "pre", "code", "kbd"]))
            parts.append(f'<{tag} class="c">{draw(_trees(depth + 1))}</{tag}>')
        else:
            parts.append(draw(_words))
    parts.append(draw(_space))
    return "".join(parts)


@settings(max_examples=300, deadline=None)
@given(_trees())
def test_any_page_reads_the_same_once_compacted(page: str) -> None:
    compacted = compact_html(page)
    assert read(compacted) == read(page)
    assert compact_html(compacted) == compacted
