"""The "what changed" diff between two versions of a policy, free of MkDocs.

Three levels, each aligned with :mod:`difflib`:

1. Sections are aligned by ``id`` (:func:`diff_sections`), so a moved or
   renamed section is one :class:`SectionChange` with ``moved``/``renamed``
   flags, never a deletion plus an addition.
2. Inside a section body, blocks (paragraphs, list items, headings, table
   cells) are aligned by their text (:func:`diff_html`). Table rows are
   aligned as whole rows first and their cells afterwards, so a row never
   loses or gains cells because a lookalike cell matched in another row.
   Blocks in a replaced run are paired by similarity; unpaired ones are
   shown entirely deleted or inserted.
3. Inside a pair of blocks, words are diffed with the Korean-aware
   tokenisation described in :mod:`policypress.diff.tokens` (one token per Hangul
   syllable, whole numbers, whole Latin words; tiny equal runs between two
   changes are folded so rewrites are not confetti).

The output keeps the block structure of the new version; deleted blocks are
put back where they stood, inside the new version's matching list or table.
A change is ``<del class="pp-del"><span class="pp-sr">삭제: </span>…</del>``
or the same with ``ins``/``pp-ins``: the visually hidden ``pp-sr`` label
makes the change audible to screen readers in the page's language and the
strike/underline keeps it legible without colour. Unchanged blocks are
copied verbatim (links and all); changed blocks keep their inline markup
(links, emphasis, code, abbr) but images inside them are dropped. Void
elements are written ``<br/>`` so the output also parses as XML. ``id``
attributes of the old version are dropped so deleted blocks never duplicate
an anchor of the new version.
"""

from __future__ import annotations

import difflib
import enum
import functools
import html
import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag
from bs4.element import PreformattedString

from policypress.diff.tokens import MAX_PAIRS, Op, Opcode, diff_text_markdown, diff_token_lists, diff_tokens, tokenize

__all__ = [
    "ChangeKind",
    "DiffLabels",
    "Op",
    "SectionChange",
    "PREAMBLE_ID",
    "SectionText",
    "diff_html",
    "diff_sections",
    "diff_text_markdown",
    "diff_tokens",
    "tokenize",
]


@dataclass(frozen=True)
class SectionText:
    """One section of one version in one language."""

    id: str
    title: str  # plain text
    html: str  # sanitised body HTML


@dataclass(frozen=True)
class DiffLabels:
    """Screen-reader labels, already translated by the caller."""

    inserted: str
    deleted: str
    preamble: str = "Preamble"
    """The heading of the text before the first section, when it changed (see :data:`PREAMBLE_ID`)."""


PREAMBLE_ID = "_preamble"
"""The id of a version's preamble when it is diffed as a section: no section id starts with ``_``."""


class ChangeKind(enum.StrEnum):
    """What happened to a section; a pure move or re-wrap is UNCHANGED."""

    UNCHANGED = "unchanged"
    CHANGED = "changed"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class SectionChange:
    """How one section (identified by ``id``) changed between two versions."""

    id: str
    kind: ChangeKind
    old: SectionText | None  # None when added
    new: SectionText | None  # None when removed
    moved: bool  # its place among the sections common to both versions changed
    renamed: bool  # its title changed
    title_html: str  # word diff of the title if renamed, else the escaped title
    body_html: str  # word diff; whole body in <ins>/<del> if added/removed


# --------------------------------------------------------------------------
# Sections


def diff_sections(
    old: Sequence[SectionText], new: Sequence[SectionText], labels: DiffLabels
) -> list[SectionChange]:
    """Align two versions' sections by id and diff each one.

    The result follows the new version's order; a removed section comes
    right after the section that preceded it in the old version (skipping
    other removed ones), or first if none did. ``moved`` marks the fewest
    sections whose relocation explains the new order (those outside the
    longest run of common sections kept in order), so moving one section
    does not flag all the others. Raises ``ValueError`` on duplicate ids.

    >>> labels = DiffLabels(inserted="inserted", deleted="deleted")
    >>> a, b = SectionText("a", "A", "<p>x</p>"), SectionText("b", "B", "<p>y</p>")
    >>> [(c.id, c.kind.value) for c in diff_sections([a, b], [b, a], labels)]
    [('b', 'unchanged'), ('a', 'unchanged')]
    >>> [(c.id, c.kind.value, c.moved) for c in diff_sections([a, b], [a], labels)]
    [('a', 'unchanged', False), ('b', 'removed', False)]
    """
    old_by_id, new_by_id = _index(old, "old"), _index(new, "new")
    moved = _moved_ids(
        [s.id for s in old if s.id in new_by_id],
        [s.id for s in new if s.id in old_by_id],
    )
    removed_after: dict[str | None, list[SectionText]] = {}
    anchor: str | None = None
    for section in old:
        if section.id in new_by_id:
            anchor = section.id
        else:
            removed_after.setdefault(anchor, []).append(section)

    changes = [_one_sided(s, ChangeKind.REMOVED, labels) for s in removed_after.get(None, [])]
    for section in new:
        before = old_by_id.get(section.id)
        if before is None:
            changes.append(_one_sided(section, ChangeKind.ADDED, labels))
        else:
            changes.append(_common(before, section, section.id in moved, labels))
        changes += [_one_sided(s, ChangeKind.REMOVED, labels) for s in removed_after.get(section.id, [])]
    return changes


def _index(sections: Sequence[SectionText], side: str) -> dict[str, SectionText]:
    by_id = {s.id: s for s in sections}
    if len(by_id) != len(sections):
        raise ValueError(f"duplicate section ids in the {side} version")
    return by_id


def _one_sided(section: SectionText, kind: ChangeKind, labels: DiffLabels) -> SectionChange:
    added = kind is ChangeKind.ADDED
    return SectionChange(
        id=section.id,
        kind=kind,
        old=None if added else section,
        new=section if added else None,
        moved=False,
        renamed=False,
        title_html=html.escape(section.title, quote=False),
        body_html=diff_html("", section.html, labels) if added else diff_html(section.html, "", labels),
    )


def _common(old: SectionText, new: SectionText, moved: bool, labels: DiffLabels) -> SectionChange:
    renamed = _squash(old.title) != _squash(new.title)
    # Re-wrapped source lines (runs of whitespace) are no change a reader sees.
    body_changed = _squash(old.html) != _squash(new.html)
    return SectionChange(
        id=new.id,
        kind=ChangeKind.CHANGED if renamed or body_changed else ChangeKind.UNCHANGED,
        old=old,
        new=new,
        moved=moved,
        renamed=renamed,
        title_html=(
            _render_text_diff(old.title, new.title, labels)
            if renamed
            else html.escape(new.title, quote=False)
        ),
        body_html=diff_html(old.html, new.html, labels) if body_changed else new.html,
    )


def _moved_ids(old_order: list[str], new_order: list[str]) -> set[str]:
    """Ids outside a longest increasing subsequence of old positions."""
    position = {sid: i for i, sid in enumerate(old_order)}
    seq = [position[sid] for sid in new_order]
    # Patience sorting: tails[k] = index in seq of the smallest tail of an
    # increasing run of length k + 1; back[i] = predecessor of seq[i].
    tails: list[int] = []
    back: list[int | None] = [None] * len(seq)
    for i, value in enumerate(seq):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if seq[tails[mid]] < value:
                lo = mid + 1
            else:
                hi = mid
        back[i] = tails[lo - 1] if lo else None
        tails[lo:lo + 1] = [i]  # fmt: skip
    kept: set[str] = set()
    cursor = tails[-1] if tails else None
    while cursor is not None:
        kept.add(new_order[cursor])
        cursor = back[cursor]
    return set(new_order) - kept


def _squash(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------
# Plain text


def _render_text_diff(old: str, new: str, labels: DiffLabels) -> str:
    parts = []
    for op, text in diff_tokens(old, new):
        escaped = html.escape(text, quote=False)
        parts.append(escaped if op == "equal" else _mark(op, escaped, labels))
    return "".join(parts)


def _mark(op: Op, inner_html: str, labels: DiffLabels) -> str:
    tag, label = ("ins", labels.inserted) if op == "insert" else ("del", labels.deleted)
    return (
        f'<{tag} class="pp-{tag}"><span class="pp-sr">'
        f"{html.escape(label, quote=False)}: </span>{inner_html}</{tag}>"
    )


# --------------------------------------------------------------------------
# HTML: flattening into blocks

_VOID = frozenset({"br", "col", "hr", "img", "wbr"})
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

_Attrs = tuple[tuple[str, str], ...]
_Style = tuple[str, _Attrs]  # an inline element: (tag, attributes)


@dataclass(frozen=True)
class _Box:
    """A structural element; uid tells apart elements with equal tags."""

    uid: int
    tag: str
    attrs: _Attrs


@dataclass(frozen=True)
class _Block:
    """A run of inline content and the structural elements around it."""

    path: tuple[_Box, ...]  # from the fragment root down to the block itself
    text: str  # whitespace-collapsed text; "\n" stands for <br>
    styles: tuple[tuple[_Style, ...], ...]  # inline elements around each char
    raw: str  # the inline HTML, re-serialised, for verbatim copies
    tokens: tuple[str, ...]

    @property
    def key(self) -> str:
        # Empty blocks (empty cells, <hr>) match only their own kind.
        return self.text if self.text else "\0" + (self.path[-1].tag if self.path else "")

    @property
    def row(self) -> int | None:
        return next((b.uid for b in reversed(self.path) if b.tag == "tr"), None)


def _flatten(fragment: str, uids: Iterator[int], keep_ids: bool) -> list[_Block]:
    soup = BeautifulSoup(fragment, "html.parser")
    if not keep_ids:
        for tag in soup.find_all(True):
            tag.attrs.pop("id", None)
    blocks: list[_Block] = []
    _walk(soup, (), blocks, uids)
    return blocks


@functools.lru_cache(maxsize=512)
def _flattened_once(fragment: str) -> tuple[_Block, ...]:
    return tuple(_flatten(fragment, itertools.count(), keep_ids=True))


def _flattened(fragment: str, *, keep_ids: bool, first_uid: int) -> list[_Block]:
    """:func:`_flatten` with uids from ``first_uid``, parsed once per fragment.

    A changed section is diffed twice, as the new text of one version and
    the old text of the next: the second time its blocks are renumbered,
    not parsed again.
    """
    if not keep_ids and "id=" in fragment:
        return _flatten(fragment, itertools.count(first_uid), keep_ids=False)
    return [
        _Block(tuple(_Box(b.uid + first_uid, b.tag, b.attrs) for b in block.path), block.text, block.styles, block.raw, block.tokens)
        for block in _flattened_once(fragment)
    ]


def _walk(element: Tag, path: tuple[_Box, ...], out: list[_Block], uids: Iterator[int]) -> None:
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
            _walk(child, (*path, _Box(next(uids), child.name, _attrs(child))), out, uids)
        else:
            run.append(child)
    flush()
    if len(out) == start and path:  # keep empty cells, paragraphs and <hr>
        out.append(_make_block(path, []))


def _attrs(tag: Tag) -> _Attrs:
    return tuple(
        (name, " ".join(value) if isinstance(value, list) else str(value))
        for name, value in tag.attrs.items()
    )


def _make_block(path: tuple[_Box, ...], run: list[PageElement]) -> _Block:
    chars: list[str] = []
    styles: list[tuple[_Style, ...]] = []
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
    return _Block(path, text, tuple(styles), raw, tuple(tokenize(text)))


def _chars(
    nodes: Iterable[PageElement], style: tuple[_Style, ...]
) -> Iterator[tuple[str, tuple[_Style, ...]]]:
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


# --------------------------------------------------------------------------
# HTML: alignment

_T = TypeVar("_T")
_Unit = tuple[_Block, ...]  # a table row, or a single block
_PAIR_THRESHOLD = 0.5  # below this, two blocks read better as delete + insert
_MAX_PAIRING_CELLS = 10_000  # bound the quadratic pairing of replaced runs


def _align(
    old: Sequence[_T],
    new: Sequence[_T],
    key: Callable[[_T], object],
    score: Callable[[_T, _T], float | None],
    size: Callable[[_T], int],
) -> list[tuple[_T | None, _T | None]]:
    keys_old, keys_new = [key(x) for x in old], [key(x) for x in new]
    out: list[tuple[_T | None, _T | None]] = []
    for tag, i1, i2, j1, j2 in _block_opcodes(keys_old, keys_new):
        if tag == "equal":
            out += zip(old[i1:i2], new[j1:j2])
        elif tag == "replace":
            paired = _pair_run(old[i1:i2], new[j1:j2], score, size)  # (out's type would widen _T to _T | None)
            out += paired
        else:  # one side is empty
            out += itertools.zip_longest(old[i1:i2], new[j1:j2])
    return out


def _block_opcodes(a: Sequence[object], b: Sequence[object]) -> list[tuple[Opcode, int, int, int, int]]:
    """difflib's opcodes, within :data:`~policypress.diff.tokens.MAX_PAIRS`: a body of thousands of
    list items or table cells is trimmed of its common start and end, and its middle replaced whole."""
    if len(a) * len(b) <= MAX_PAIRS:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    codes: list[tuple[Opcode, int, int, int, int]] = [("equal", 0, start, 0, start)] if start else []
    if start < len(a) - end or start < len(b) - end:
        tag: Opcode = "replace" if start < len(a) - end and start < len(b) - end else ("delete" if start < len(a) - end else "insert")
        codes.append((tag, start, len(a) - end, start, len(b) - end))
    if end:
        codes.append(("equal", len(a) - end, len(a), len(b) - end, len(b)))
    return codes


def _pair_run(
    old: Sequence[_T], new: Sequence[_T], score: Callable[[_T, _T], float | None], size: Callable[[_T], int]
) -> list[tuple[_T | None, _T | None]]:
    """Order-preserving pairing of two runs maximising the total score.

    Scoring every pair compares every old block with every new one; when
    that is more than :data:`MAX_PAIRS` tokens against tokens, or more than
    :data:`_MAX_PAIRING_CELLS` pairs, blocks are paired by position instead.
    """
    n, m = len(old), len(new)
    if n * m > _MAX_PAIRING_CELLS or sum(map(size, old)) * sum(map(size, new)) > MAX_PAIRS:
        pairs: list[tuple[_T | None, _T | None]] = []
        for o, nw in itertools.zip_longest(old, new):
            if o is not None and nw is not None and score(o, nw) is None:
                pairs += [(o, None), (None, nw)]
            else:
                pairs.append((o, nw))
        return pairs
    scores = [[score(o, nw) for nw in new] for o in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = scores[i][j]
            best[i][j] = max(
                best[i + 1][j], best[i][j + 1], -1.0 if s is None else best[i + 1][j + 1] + s
            )
    pairs, i, j = [], 0, 0
    while i < n or j < m:
        s = scores[i][j] if i < n and j < m else None
        if s is not None and best[i][j] == best[i + 1][j + 1] + s:
            pairs.append((old[i], new[j]))
            i, j = i + 1, j + 1
        elif i < n and (j == m or best[i][j] == best[i + 1][j]):
            pairs.append((old[i], None))  # deletions before insertions
            i += 1
        else:
            pairs.append((None, new[j]))
            j += 1
    return pairs


def _similarity(a: Sequence[str], b: Sequence[str], floor: float = 0.0) -> float:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    if len(a) * len(b) > MAX_PAIRS:
        return matcher.quick_ratio()  # the shared tokens in any order: linear, where ratio() is not
    return matcher.ratio()


def _units(blocks: list[_Block]) -> list[_Unit]:
    units: list[list[_Block]] = []
    for block in blocks:
        if block.row is not None and units and units[-1][0].row == block.row:
            units[-1].append(block)
        else:
            units.append([block])
    return [tuple(u) for u in units]


def _unit_key(unit: _Unit) -> object:
    return unit[0].key if unit[0].row is None else tuple(b.key for b in unit)


def _unit_tokens(unit: _Unit) -> list[str]:
    return [t for block in unit for t in (*block.tokens, "\0")]


def _unit_score(a: _Unit, b: _Unit) -> float | None:
    if (a[0].row is None) != (b[0].row is None):
        return None  # a row never pairs with a paragraph
    s = _similarity(_unit_tokens(a), _unit_tokens(b), _PAIR_THRESHOLD)
    return s if s >= _PAIR_THRESHOLD else None


def _cell_score(a: _Block, b: _Block) -> float:
    # Within paired rows any two cells may pair (+1), so a changed cell is
    # diffed in place instead of adding a cell to the row.
    return 1.0 + _similarity(a.tokens, b.tokens)


def _align_blocks(old: list[_Block], new: list[_Block]) -> list[tuple[_Block | None, _Block | None]]:
    pairs: list[tuple[_Block | None, _Block | None]] = []
    for old_unit, new_unit in _align(_units(old), _units(new), _unit_key, _unit_score, lambda unit: len(_unit_tokens(unit))):
        if old_unit is None or new_unit is None or old_unit[0].row is None:
            pairs += itertools.zip_longest(old_unit or (), new_unit or ())
        else:
            cells = _align(old_unit, new_unit, lambda b: b.key, _cell_score, lambda b: len(b.tokens))
            pairs += cells
    return pairs


# --------------------------------------------------------------------------
# HTML: output


def diff_html(old_html: str, new_html: str, labels: DiffLabels) -> str:
    """Diff two sanitised HTML fragments block by block, then word by word.

    >>> labels = DiffLabels(inserted="추가", deleted="삭제")
    >>> print(diff_html("<p>개인정보를 보관</p>", "<p>개인정보는 보관</p>", labels))
    <p>개인정보<del class="pp-del"><span class="pp-sr">삭제: </span>를</del><ins class="pp-ins"><span class="pp-sr">추가: </span>는</ins> 보관</p>
    """
    old_blocks = _flattened(old_html, keep_ids=False, first_uid=0)
    new_blocks = _flattened(new_html, keep_ids=True, first_uid=1 + max((b.uid for o in old_blocks for b in o.path), default=-1))
    pairs = _align_blocks(old_blocks, new_blocks)

    # An old element whose content is (partly) paired with a new element is
    # that element: deleted blocks inside it are put back into its new form.
    same: dict[int, _Box] = {}
    for o, n in pairs:
        if o is not None and n is not None:
            for old_box, new_box in zip(o.path, n.path):
                if old_box.tag != new_box.tag:
                    break
                same.setdefault(old_box.uid, new_box)

    items: list[tuple[tuple[_Box, ...], str]] = []
    for o, n in pairs:
        if n is None:
            assert o is not None
            items.append((tuple(same.get(b.uid, b) for b in o.path), _whole(o, "delete", labels)))
        elif o is None:
            items.append((n.path, _whole(n, "insert", labels)))
        elif o.text == n.text:
            items.append((n.path, n.raw))
        else:
            items.append((n.path, _diff_block(o, n, labels)))
    return _emit(items)


def _whole(block: _Block, op: Op, labels: DiffLabels) -> str:
    return _mark(op, block.raw, labels) if block.text.strip() else block.raw


def _diff_block(old: _Block, new: _Block, labels: DiffLabels) -> str:
    parts: list[str] = []
    o = n = 0
    for op, text in diff_token_lists(old.tokens, new.tokens):
        size = len(text)
        if op == "delete":
            parts.append(_mark(op, _inline(old, o, o + size), labels))
            o += size
        elif op == "insert":
            parts.append(_mark(op, _inline(new, n, n + size), labels))
            n += size
        else:
            parts.append(_inline(new, n, n + size))
            o, n = o + size, n + size
    return "".join(parts)


def _inline(block: _Block, start: int, end: int) -> str:
    """Characters start:end of a block, inside their inline elements."""
    out: list[str] = []
    open_: tuple[_Style, ...] = ()
    for style, group in itertools.groupby(range(start, end), key=lambda i: block.styles[i]):
        common = 0
        while common < min(len(open_), len(style)) and open_[common] == style[common]:
            common += 1
        out += [f"</{tag}>" for tag, _ in reversed(open_[common:])]
        out += [f"<{tag}{_attr_html(attrs)}>" for tag, attrs in style[common:]]
        open_ = style
        text = "".join(block.text[i] for i in group)
        out.append("<br/>".join(html.escape(line, quote=False) for line in text.split("\n")))
    out += [f"</{tag}>" for tag, _ in reversed(open_)]
    return "".join(out)


def _attr_html(attrs: _Attrs) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in attrs)


def _emit(items: list[tuple[tuple[_Box, ...], str]]) -> str:
    """Serialise blocks, opening and closing their elements as paths change."""
    out: list[str] = []
    stack: list[_Box] = []
    opened: set[int] = set()
    for path, content in items:
        common = 0
        while common < min(len(stack), len(path)) and stack[common].uid == path[common].uid:
            common += 1
        for box in reversed(stack[common:]):
            out.append("\n" if box.tag in _VOID else f"</{box.tag}>\n")
        del stack[common:]
        for box in path[common:]:
            attrs = box.attrs
            if box.uid in opened:  # re-opened to hold a stray deleted block
                attrs = tuple(a for a in attrs if a[0] != "id")
            opened.add(box.uid)
            slash = "/" if box.tag in _VOID else ""
            out.append(f"<{box.tag}{_attr_html(attrs)}{slash}>")
            stack.append(box)
        out.append(content)
    out += ["\n" if box.tag in _VOID else f"</{box.tag}>\n" for box in reversed(stack)]
    return "".join(out).rstrip("\n")
