"""Section bodies as blocks: what the word diff aligns (paragraphs, list items, headings, table cells).

A body's sanitised HTML is flattened into :class:`Block` s, each with the
path of boxes (lists, tables, quotes) that holds it and its characters with
the inline markup around each, so that a changed block can be written again
with its links and emphasis around the changed words.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, PreformattedString, Tag

from policypress.diff.tokens import tokenize

# --------------------------------------------------------------------------
# HTML: flattening into blocks

VOID = frozenset({"br", "col", "hr", "img", "wbr"})
# Elements that hold blocks; everything else is inline and its text belongs
# to the enclosing block.
_STRUCTURAL = frozenset(
    "address article aside blockquote caption col colgroup dd details dialog div "
    "dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 header hr li main nav ol p "
    "pre section summary table tbody td tfoot th thead tr ul".split()
)
# Inline elements re-created around the words of changed blocks; others keep
# their text only.
_INLINE_KEPT = frozenset(
    "a abbr b cite code dfn em i kbd mark q s samp small span strong sub sup "
    "time u var".split()
)
_ASCII_SPACE = frozenset(" \t\n\r\f")

Attrs = tuple[tuple[str, str], ...]
Style = tuple[str, Attrs]  # an inline element: (tag, attributes)


@dataclass(frozen=True)
class Box:
    """A structural element; uid tells apart elements with equal tags."""

    uid: int
    tag: str
    attrs: Attrs


@dataclass(frozen=True)
class Block:
    """A run of inline content and the structural elements around it."""

    path: tuple[Box, ...]  # from the fragment root down to the block itself
    text: str  # whitespace-collapsed text; "\n" stands for <br>
    styles: tuple[tuple[Style, ...], ...]  # inline elements around each char
    raw: str  # the inline HTML, re-serialised, for verbatim copies
    tokens: tuple[str, ...]

    @property
    def key(self) -> str:
        # Empty blocks (empty cells, <hr>) match only their own kind.
        return self.text if self.text else "\0" + (self.path[-1].tag if self.path else "")

    @property
    def row(self) -> int | None:
        return next((b.uid for b in reversed(self.path) if b.tag == "tr"), None)


def _flatten(fragment: str, uids: Iterator[int], keep_ids: bool) -> list[Block]:
    soup = BeautifulSoup(fragment, "html.parser")
    if not keep_ids:
        for tag in soup.find_all(True):
            tag.attrs.pop("id", None)
    blocks: list[Block] = []
    _walk(soup, (), blocks, uids)
    return blocks


@functools.lru_cache(maxsize=512)
def _flattened_once(fragment: str) -> tuple[Block, ...]:
    return tuple(_flatten(fragment, itertools.count(), keep_ids=True))


def flattened(fragment: str, *, keep_ids: bool, first_uid: int) -> list[Block]:
    """:func:`_flatten` with uids from ``first_uid``, parsed once per fragment.

    A changed section is diffed twice, as the new text of one version and
    the old text of the next: the second time its blocks are renumbered,
    not parsed again.
    """
    if not keep_ids and "id=" in fragment:
        return _flatten(fragment, itertools.count(first_uid), keep_ids=False)
    return [
        Block(tuple(Box(b.uid + first_uid, b.tag, b.attrs) for b in block.path), block.text, block.styles, block.raw, block.tokens)
        for block in _flattened_once(fragment)
    ]


def _walk(element: Tag, path: tuple[Box, ...], out: list[Block], uids: Iterator[int]) -> None:
    start = len(out)
    run: list[PageElement] = []

    def flush() -> None:
        if any(isinstance(n, Tag) or not set(str(n)) <= _ASCII_SPACE for n in run):
            out.append(_make_block(path, run))
        run.clear()

    for child in element.children:
        if isinstance(child, PreformattedString):  # comments, doctypes
            continue
        if isinstance(child, Tag) and child.name in _STRUCTURAL:
            flush()
            _walk(child, (*path, Box(next(uids), child.name, _attrs(child))), out, uids)
        else:
            run.append(child)
    flush()
    if len(out) == start and path:  # keep empty cells, paragraphs and <hr>
        out.append(_make_block(path, []))


def _attrs(tag: Tag) -> Attrs:
    return tuple(
        (name, " ".join(value) if isinstance(value, list) else str(value))
        for name, value in tag.attrs.items()
    )


def _make_block(path: tuple[Box, ...], run: list[PageElement]) -> Block:
    chars: list[str] = []
    styles: list[tuple[Style, ...]] = []
    for char, style in _chars(run, ()):
        # Collapse whitespace as a browser would, so that re-wrapped source
        # lines are not reported as changes.
        if char == " " and (not chars or chars[-1] in " \n"):
            continue
        if char == "\n" and chars and chars[-1] == " ":
            chars.pop()
            styles.pop()
        chars.append(char)
        styles.append(style)
    while chars and chars[-1] == " ":
        chars.pop()
        styles.pop()
    text = "".join(chars)
    # str() of a bare string would be unescaped text; output_ready escapes it.
    raw = "".join(n.output_ready() if isinstance(n, NavigableString) else str(n) for n in run)
    return Block(path, text, tuple(styles), raw, tuple(tokenize(text)))


def _chars(
    nodes: Iterable[PageElement], style: tuple[Style, ...]
) -> Iterator[tuple[str, tuple[Style, ...]]]:
    for node in nodes:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                for char in str(node):
                    yield (" " if char in _ASCII_SPACE else char), style
        elif isinstance(node, Tag):
            if node.name == "br":
                yield "\n", style
            elif node.name in _INLINE_KEPT:
                yield from _chars(node.children, (*style, (node.name, _attrs(node))))
            else:
                yield from _chars(node.children, style)
