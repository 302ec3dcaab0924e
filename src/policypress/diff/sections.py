"""The "what changed" diff between two versions of a policy, section by section, free of MkDocs.

Sections are aligned by ``id`` (:func:`diff_sections`), so a moved or
renamed section is one :class:`SectionChange` with ``moved``/``renamed``
flags, never a deletion plus an addition. Each section's body is diffed
block by block and word by word (:func:`policypress.diff.html.diff_html`),
its title word by word. A version's opening text is diffed as a section
whose id is :data:`PREAMBLE_ID`.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from policypress.diff.html import DiffLabels, diff_html, mark
from policypress.diff.tokens import diff_tokens

__all__ = [
    "LABELS_ID", "NOT_APPLICABLE_ID", "PREAMBLE_ID", "BodyDiffs", "ChangeKind", "DiffLabels", "SectionChange", "SectionText",
    "diff_sections",
]  # fmt: skip

BodyDiffs = Callable[[str, str], "str | None"]
"""The word diff of a changed section's body (old HTML, new HTML), when it is known already; else None."""


@dataclass(frozen=True)
class SectionText:
    """One section of one version in one language."""

    id: str
    title: str  # plain text
    html: str  # sanitised body HTML


PREAMBLE_ID = "_preamble"
"""The id of a version's preamble when it is diffed as a section: no section id starts with ``_``."""
NOT_APPLICABLE_ID = "_not-applicable"
"""The id of the list of items the law requires that do not apply (``not_applicable``), shown and diffed as a last section."""
LABELS_ID = "_labels"
"""The id of the labelling summary (``labels``), shown above the text and diffed as a first section."""


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
    old: Sequence[SectionText], new: Sequence[SectionText], labels: DiffLabels, *, texts: bool = True, known: BodyDiffs | None = None
) -> list[SectionChange]:
    """Align two versions' sections by id and diff each one.

    The result follows the new version's order; a removed section comes
    right after the section that preceded it in the old version (skipping
    other removed ones), or first if none did. ``moved`` marks the fewest
    sections whose relocation explains the new order (those outside the
    longest run of common sections kept in order), so moving one section
    does not flag all the others. Raises ``ValueError`` on duplicate ids.
    ``known`` gives the body diffs computed before (see :data:`BodyDiffs`):
    a body is diffed only when it has none.

    >>> labels = DiffLabels(inserted="inserted: ", deleted="deleted: ")
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

    changes = [_one_sided(s, ChangeKind.REMOVED, labels, texts) for s in removed_after.get(None, [])]
    for section in new:
        before = old_by_id.get(section.id)
        if before is None:
            changes.append(_one_sided(section, ChangeKind.ADDED, labels, texts))
        else:
            changes.append(_common(before, section, section.id in moved, labels, texts, known))
        changes += [_one_sided(s, ChangeKind.REMOVED, labels, texts) for s in removed_after.get(section.id, [])]
    return changes


def _index(sections: Sequence[SectionText], side: str) -> dict[str, SectionText]:
    by_id = {s.id: s for s in sections}
    if len(by_id) != len(sections):
        raise ValueError(f"duplicate section ids in the {side} version")
    return by_id


def _one_sided(section: SectionText, kind: ChangeKind, labels: DiffLabels, texts: bool = True) -> SectionChange:
    added = kind is ChangeKind.ADDED
    return SectionChange(
        id=section.id,
        kind=kind,
        old=None if added else section,
        new=section if added else None,
        moved=False,
        renamed=False,
        title_html=html.escape(section.title, quote=False) if texts else "",
        body_html=("" if not texts else diff_html("", section.html, labels) if added else diff_html(section.html, "", labels)),
    )


def _common(
    old: SectionText, new: SectionText, moved: bool, labels: DiffLabels, texts: bool = True, known: BodyDiffs | None = None
) -> SectionChange:
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
            ""
            if not texts
            else _render_text_diff(old.title, new.title, labels)
            if renamed
            else html.escape(new.title, quote=False)
        ),
        body_html="" if not texts else _body_diff(old.html, new.html, labels, known) if body_changed else new.html,
    )


def _body_diff(old: str, new: str, labels: DiffLabels, known: BodyDiffs | None) -> str:
    found = known(old, new) if known is not None else None
    return found if found is not None else diff_html(old, new, labels)


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


def _render_text_diff(old: str, new: str, labels: DiffLabels) -> str:
    parts = []
    for op, text in diff_tokens(old, new):
        escaped = html.escape(text, quote=False)
        parts.append(escaped if op == "equal" else mark(op, escaped, labels))
    return "".join(parts)
