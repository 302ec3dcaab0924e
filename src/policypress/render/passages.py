"""The changed passages of a diff, as a reviewer reads them: the reader's words, each change whole, with context.

The review report quotes what a pull request changes. Quoting the Markdown
source showed reviewers ``\\*\\*\\[수집항목\\]\\*\\*`` instead of the words a
reader sees, and cutting a section's diff at a fixed length hid any change
after the cut. Here a diff of the one diff (the HTML the changes page shows)
is read back as text, block by block (a paragraph, a list item, a table
cell), and every change is kept whole with a few words of context on each
side; changes far apart in one block become passages of their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from policypress.diff.tokens import diff_tokens

CONTEXT_WORDS = 10
"""Unchanged words kept on each side of a change."""

_BLOCKS = frozenset("p li td th dt dd h1 h2 h3 h4 h5 h6 pre blockquote caption tr".split())

_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\s*\S+\s*")
Segment = tuple[str, str]
"""``(op, text)``: ``equal``, ``insert`` or ``delete``, and the reader's text."""


@dataclass(frozen=True)
class Passage:
    """A run of one block's text holding one or more changes."""

    segments: tuple[Segment, ...]
    cut_before: bool
    """Words of the block were left out before it."""
    cut_after: bool

    @property
    def size(self) -> int:
        return sum(len(text) for _op, text in self.segments)


class _Blocks(HTMLParser):
    """Reads a diff's HTML as blocks of (op, text), leaving out the screen-reader labels of its marks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[Segment]] = [[]]
        self.ops: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in _BLOCKS:
            self.blocks.append([])
        elif tag == "br":
            self._add(" ")
        if tag in ("ins", "del"):
            self.ops.append("insert" if tag == "ins" else "delete")
        elif tag == "span" and "pp-sr" in classes.split():
            self.hidden += 1
            self.ops.append("label")
        elif tag not in ("br", "hr", "img", "wbr", "col"):
            self.ops.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.blocks.append([])
        if tag in ("br", "hr", "img", "wbr", "col") or not self.ops:
            return
        if self.ops.pop() == "label":
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self._add(data)

    def _add(self, text: str) -> None:
        op = next((op for op in reversed(self.ops) if op in ("insert", "delete")), "equal")
        block = self.blocks[-1]
        if block and block[-1][0] == op:
            block[-1] = (op, block[-1][1] + text)
        else:
            block.append((op, text))


def blocks_of(diff_html: str) -> list[list[Segment]]:
    """The blocks of a diff's HTML, each as (op, text) segments; blocks without text are left out."""
    parser = _Blocks()
    parser.feed(diff_html)
    parser.close()
    blocks = []
    for block in parser.blocks:
        # Whitespace collapsed as a browser collapses it, across segments.
        merged: list[Segment] = []
        for op, text in block:
            text = _SPACES.sub(" ", text)
            if merged and (merged[-1][1].endswith(" ") or merged[-1][0] == op) and text.startswith(" "):
                text = text[1:] if merged[-1][1].endswith(" ") else text
            if merged and merged[-1][0] == op:
                merged[-1] = (op, merged[-1][1] + text)
            elif text:
                merged.append((op, text))
        if merged:
            merged[0] = (merged[0][0], merged[0][1].lstrip())
            merged[-1] = (merged[-1][0], merged[-1][1].rstrip())
        merged = [segment for segment in merged if segment[1]]
        if merged:
            blocks.append(merged)
    return blocks


def _words(text: str) -> list[str]:
    """``text`` as words with the spaces around them, so that joined they are the text again."""
    return _WORD.findall(text) or ([text] if text else [])


def passages_of(block: list[Segment], context: int = CONTEXT_WORDS) -> list[Passage]:
    """The passages of one block: each change whole, ``context`` unchanged words around, far changes apart.

    >>> [p.segments for p in passages_of([("equal", "a b c d e f g"), ("delete", "x"), ("insert", "y"), ("equal", " h i")], context=2)]
    [(('equal', 'f g'), ('delete', 'x'), ('insert', 'y'), ('equal', ' h i'))]
    """
    changed = [index for index, (op, _text) in enumerate(block) if op != "equal"]
    if not changed:
        return []
    out: list[Passage] = []
    current: list[Segment] = []
    cut_before = False
    for index, (op, text) in enumerate(block):
        if op != "equal":
            current.append((op, text))
            continue
        words = _words(text)
        first, last = index < changed[0], index > changed[-1]
        if first:
            kept = words[-context:] if context else []
            cut_before = len(kept) < len(words)
            if kept:
                current.append(("equal", "".join(kept)))
        elif last:
            kept = words[:context]
            if kept:
                current.append(("equal", "".join(kept)))
            out.append(Passage(tuple(current), cut_before, len(kept) < len(words)))
            current = []
        elif len(words) > 2 * context + 2:
            current.append(("equal", "".join(words[:context])))
            out.append(Passage(tuple(current), cut_before, True))
            current, cut_before = [("equal", "".join(words[-context:]))], True
        else:
            current.append(("equal", text))
    if current:
        out.append(Passage(tuple(current), cut_before, False))
    return out


def passages(diff_html: str, context: int = CONTEXT_WORDS) -> list[Passage]:
    """Every changed passage of a diff's HTML (the one diff's ``body_html`` or ``title_html``), in order."""
    return [passage for block in blocks_of(diff_html) for passage in passages_of(block, context)]


def text_passages(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Passage]:
    """The changed passages between two plain texts (a summary, a reason), word by word, Korean-aware."""
    ops = [(op, " ".join(text.split("\n"))) for op, text in diff_tokens(" ".join(old.split()), " ".join(new.split()))]
    return passages_of([(op, text) for op, text in ops if text], context)


__all__ = ["CONTEXT_WORDS", "Passage", "blocks_of", "passages", "passages_of", "text_passages"]
