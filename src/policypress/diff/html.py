"""The word diff of two section bodies (sanitised HTML), block by block, free of MkDocs.

Sections are aligned in :mod:`policypress.diff.sections`; here, two levels,
each aligned with :mod:`difflib`:

1. Inside a section body, blocks (paragraphs, list items, headings, table
   cells) are aligned by their text (:func:`diff_html`). Table rows are
   aligned as whole rows first and their cells afterwards, so a row never
   loses or gains cells because a lookalike cell matched in another row.
   Blocks in a replaced run are paired by similarity; unpaired ones are
   shown entirely deleted or inserted.
2. Inside a pair of blocks, words are diffed with the Korean-aware
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
import html
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar


from policypress.diff.blocks import Attrs, Block, Box, Style, VOID, flattened
from policypress.diff.tokens import MAX_PAIRS, Op, Opcode, diff_text_markdown, shared_ends, diff_token_lists, diff_tokens, tokenize

__all__ = ["DiffLabels", "Op", "diff_html", "diff_text_markdown", "diff_tokens", "mark", "tokenize"]


@dataclass(frozen=True)
class DiffLabels:
    """Screen-reader labels, already translated by the caller."""

    inserted: str
    """What a screen reader says before inserted text, with its punctuation: ``추가됨: ``, ``追加：``."""
    deleted: str
    """What a screen reader says before deleted text, with its punctuation: ``삭제됨: ``, ``削除：``."""
    preamble: str = "Preamble"
    """The heading of the text before the first section, when it changed (see :data:`PREAMBLE_ID`)."""
    not_applicable: str = "Items that do not apply"
    """The heading of the list of required items that do not apply (see :data:`NOT_APPLICABLE_ID`)."""
    labels: str = "Privacy at a glance"
    """The heading of the labelling summary (see :data:`LABELS_ID`)."""


def mark(op: Op, inner_html: str, labels: DiffLabels) -> str:
    """``inner_html`` marked as inserted or deleted, with its screen-reader label."""
    tag, label = ("ins", labels.inserted) if op == "insert" else ("del", labels.deleted)
    return (
        f'<{tag} class="pp-{tag}"><span class="pp-sr">'
        f"{html.escape(label, quote=False)}</span>{inner_html}</{tag}>"
    )


# --------------------------------------------------------------------------
# HTML: alignment

_T = TypeVar("_T")
_Unit = tuple[Block, ...]  # a table row, or a single block
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
    start, end = shared_ends(a, b)
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


def _units(blocks: list[Block]) -> list[_Unit]:
    units: list[list[Block]] = []
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


def _cell_score(a: Block, b: Block) -> float:
    # Within paired rows any two cells may pair (+1), so a changed cell is
    # diffed in place instead of adding a cell to the row.
    return 1.0 + _similarity(a.tokens, b.tokens)


def _align_blocks(old: list[Block], new: list[Block]) -> list[tuple[Block | None, Block | None]]:
    pairs: list[tuple[Block | None, Block | None]] = []
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

    >>> labels = DiffLabels(inserted="추가: ", deleted="삭제: ")
    >>> print(diff_html("<p>개인정보를 보관</p>", "<p>개인정보는 보관</p>", labels))
    <p>개인정보<del class="pp-del"><span class="pp-sr">삭제: </span>를</del><ins class="pp-ins"><span class="pp-sr">추가: </span>는</ins> 보관</p>
    """
    old_blocks = flattened(old_html, keep_ids=False, first_uid=0)
    new_blocks = flattened(new_html, keep_ids=True, first_uid=1 + max((b.uid for o in old_blocks for b in o.path), default=-1))
    pairs = _align_blocks(old_blocks, new_blocks)

    # An old element whose content is (partly) paired with a new element is
    # that element: deleted blocks inside it are put back into its new form.
    same: dict[int, Box] = {}
    for o, n in pairs:
        if o is not None and n is not None:
            for old_box, new_box in zip(o.path, n.path):
                if old_box.tag != new_box.tag:
                    break
                same.setdefault(old_box.uid, new_box)

    items: list[tuple[tuple[Box, ...], str]] = []
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


def _whole(block: Block, op: Op, labels: DiffLabels) -> str:
    return mark(op, block.raw, labels) if block.text.strip() else block.raw


def _diff_block(old: Block, new: Block, labels: DiffLabels) -> str:
    parts: list[str] = []
    o = n = 0
    for op, text in diff_token_lists(old.tokens, new.tokens):
        size = len(text)
        if op == "delete":
            parts.append(mark(op, _inline(old, o, o + size), labels))
            o += size
        elif op == "insert":
            parts.append(mark(op, _inline(new, n, n + size), labels))
            n += size
        else:
            parts.append(_inline(new, n, n + size))
            o, n = o + size, n + size
    return "".join(parts)


def _inline(block: Block, start: int, end: int) -> str:
    """Characters start:end of a block, inside their inline elements."""
    out: list[str] = []
    open_: tuple[Style, ...] = ()
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


def _attr_html(attrs: Attrs) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in attrs)


def _emit(items: list[tuple[tuple[Box, ...], str]]) -> str:
    """Serialise blocks, opening and closing their elements as paths change."""
    out: list[str] = []
    stack: list[Box] = []
    opened: set[int] = set()
    for path, content in items:
        common = 0
        while common < min(len(stack), len(path)) and stack[common].uid == path[common].uid:
            common += 1
        for box in reversed(stack[common:]):
            out.append("\n" if box.tag in VOID else f"</{box.tag}>\n")
        del stack[common:]
        for box in path[common:]:
            attrs = box.attrs
            if box.uid in opened:  # re-opened to hold a stray deleted block
                attrs = tuple(a for a in attrs if a[0] != "id")
            opened.add(box.uid)
            slash = "/" if box.tag in VOID else ""
            out.append(f"<{box.tag}{_attr_html(attrs)}{slash}>")
            stack.append(box)
        out.append(content)
    out += ["\n" if box.tag in VOID else f"</{box.tag}>\n" for box in reversed(stack)]
    return "".join(out).rstrip("\n")
