"""The one diff of two versions, written as text, Markdown or HTML, for readers outside the site.

``policypress diff`` prints it on a terminal (in colour, or with
``git diff --word-diff`` markers), as Markdown or as HTML; the review report
quotes it in Markdown. :func:`changes` takes what changed from the same
section-aligned diff as the changes page, so no reader sees another change.
Content is never trusted: text output is made safe for a terminal by the
caller (:func:`policypress.core.escaping.for_terminal`), Markdown is escaped
by :func:`~policypress.diff.tokens.diff_text_markdown`, HTML by the diff.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterator

from policypress.core.model import Version
from policypress.core.legal import labels_markdown, not_applicable_markdown
from policypress.diff.sections import LABELS_ID, NOT_APPLICABLE_ID, ChangeKind, DiffLabels, PREAMBLE_ID
from policypress.diff.tokens import diff_text_markdown, diff_tokens
from policypress.diff.service import DiffService


@dataclass(frozen=True)
class Marks:
    """How a terminal diff shows a deletion and an insertion."""

    deleted: tuple[str, str]
    inserted: tuple[str, str]
    strong: tuple[str, str] = ("", "")


#: Plain markers, as ``git diff --word-diff=plain`` writes them.
PLAIN = Marks(("[-", "-]"), ("{+", "+}"))
#: Red strike-through and green underline; both still read without colour.
ANSI = Marks(("\x1b[9;31m", "\x1b[0m"), ("\x1b[4;32m", "\x1b[0m"), ("\x1b[1m", "\x1b[0m"))

PREAMBLE = "(preamble)"
"""The id a diff shows for the opening text."""
Ops = list[tuple[str, str]]


@dataclass(frozen=True)
class TextChange:
    """One changed part of a version in one language: a section, or the preamble (id :data:`PREAMBLE`)."""

    id: str
    kind: str  # changed, added, removed
    moved: bool
    old_title: str
    new_title: str
    old_body: str  # Markdown source
    new_body: str
    html_title: str
    html_body: str



def changes(old: Version, new: Version, code: str, labels: DiffLabels, diffs: DiffService) -> list[TextChange]:
    """Every part that differs between ``old`` and ``new`` in language ``code``, in the new order.

    From the one diff (:class:`~policypress.diff.service.DiffService`), preamble
    included, so the terminal, the review report and the changes page never
    disagree about what changed.
    """
    out: list[TextChange] = []
    old_src = {s.id: (s.title[code], s.body[code]) for s in old.content.sections}
    new_src = {s.id: (s.title[code], s.body[code]) for s in new.content.sections}
    if old.content.preamble:
        old_src[PREAMBLE_ID] = ("", old.content.preamble[code])
    if new.content.preamble:
        new_src[PREAMBLE_ID] = ("", new.content.preamble[code])
    for source, version in ((old_src, old), (new_src, new)):
        declared = not_applicable_markdown(version, code)
        if declared is not None:
            source[NOT_APPLICABLE_ID] = (labels.not_applicable, declared)
        summary = labels_markdown(version, code)
        if summary is not None:
            source[LABELS_ID] = (labels.labels, summary)
    for change in diffs.diff(old, new, code, labels):
        if change.kind is ChangeKind.UNCHANGED and not change.moved:
            continue
        before, after = old_src.get(change.id, ("", "")), new_src.get(change.id, ("", ""))
        out.append(
            TextChange(
                id=PREAMBLE if change.id == PREAMBLE_ID else change.id,
                kind=change.kind.value if change.kind is not ChangeKind.UNCHANGED else "moved",
                moved=change.moved,
                old_title=before[0],
                new_title=after[0],
                old_body=before[1],
                new_body=after[1],
                html_title=change.title_html,
                html_body=change.body_html,
            )
        )
    return out


def body_ops(change: TextChange) -> Ops:
    if change.kind == "added":
        return [("insert", change.new_body)]
    if change.kind == "removed":
        return [("delete", change.old_body)]
    return list(diff_tokens(change.old_body, change.new_body))


def _lines(ops: Ops) -> list[Ops]:
    """The ops cut at every unchanged line break: one entry per source line (or changed run of lines)."""
    lines: list[Ops] = [[]]
    for op, text in ops:
        if op != "equal":
            lines[-1].append((op, text))
            continue
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    return lines


def changed_lines(ops: Ops) -> Iterator[Ops | None]:
    """The lines that hold a change, in order.

    ``None`` stands for unchanged lines left out, and an empty line for blank
    lines only, so paragraphs stay apart.
    """
    skipped = blank = False
    kept = 0
    for line in _lines(ops):
        if all(op == "equal" for op, _ in line):
            if any(text.strip() for _, text in line):
                skipped = True
            else:
                blank = True
            continue
        if skipped:
            yield None
        elif blank and kept:
            yield []
        skipped = blank = False
        kept += 1
        yield line
    if skipped and kept:
        yield None


def _marked(text: str, marks: tuple[str, str]) -> str:
    # Marked line by line, so colour never bleeds into the next line.
    return "\n".join(f"{marks[0]}{line}{marks[1]}" if line else "" for line in text.split("\n"))


def render_ops(ops: Ops, marks: Marks) -> str:
    """A word diff as text: deletions and insertions wrapped in ``marks``.

    >>> render_ops([("equal", "kept "), ("delete", "3"), ("insert", "5"), ("equal", " years")], PLAIN)
    'kept [-3-]{+5+} years'
    """
    parts = []
    for op, text in ops:
        if op == "equal":
            parts.append(text)
        else:
            parts.append(_marked(text, marks.deleted if op == "delete" else marks.inserted))
    return "".join(parts)


def label(change: TextChange) -> str:
    kind = change.kind if change.kind != "moved" else "moved only"
    return f"{kind}, moved" if change.moved and change.kind == "changed" else kind


def as_text(header: str, changes: list[TextChange], marks: Marks) -> str:
    out = [strong(f"=== {header} ===", marks)]
    for change in changes:
        if change.id == PREAMBLE:
            title = ""
        elif change.old_title and change.new_title and change.old_title != change.new_title:
            title = ": " + render_ops(list(diff_tokens(change.old_title, change.new_title)), marks)
        else:
            title = ": " + (change.new_title or change.old_title)
        out.append("")
        out.append(strong(f"--- {change.id}{title} ({label(change)})", marks))
        for line in changed_lines(body_ops(change)):
            text = "…" if line is None else render_ops(line, marks)
            out.extend("    " + piece if piece else "" for piece in text.split("\n"))
    out.append("")
    out.append(_summary(changes))
    return "\n".join(out)


def strong(text: str, marks: Marks) -> str:
    start, end = marks.strong
    if not start:
        return text
    # A marked word inside ends with a reset (ANSI's end of every style): bold again after it.
    return start + text.replace(end, end + start) + end


def _summary(changes: list[TextChange]) -> str:
    if not changes:
        return "no changes"
    counts = {kind: sum(1 for c in changes if c.kind == kind and c.id != PREAMBLE) for kind in ("changed", "added", "removed")}
    parts = [f"{count} {kind}" for kind, count in counts.items() if count]
    moved = sum(1 for c in changes if c.moved)
    if moved:
        parts.append(f"{moved} moved")
    if any(c.id == PREAMBLE for c in changes):
        parts.append("preamble changed")
    return "sections: " + ", ".join(parts) if parts else "no changes"


def as_markdown(header: str, changes: list[TextChange]) -> str:
    out = [f"## {diff_text_markdown(header, header)}"]
    for change in changes:
        if change.id == PREAMBLE:
            heading = "Preamble"
        else:
            heading = diff_text_markdown(change.old_title or change.new_title, change.new_title or change.old_title)
        out.append(f"### {heading} (`{change.id}`, {label(change)})")
        for line in changed_lines(body_ops(change)):
            if line is None:
                out.append("…")
                continue
            if not line:
                continue  # every line is a paragraph of its own here
            old = "".join(text for op, text in line if op != "insert")
            new = "".join(text for op, text in line if op != "delete")
            out.append(diff_text_markdown(old, new))
    if not changes:
        out.append("No changes.")
    return "\n\n".join(out)


def as_html(header: str, code: str, changes: list[TextChange]) -> str:
    out = [f'<section class="pp-diff" lang="{html.escape(code)}">', f"<h2>{html.escape(header)}</h2>"]
    for change in changes:
        title = change.html_title if change.id != PREAMBLE else ""
        out.append(f'<section class="pp-change pp-{change.kind}" data-section="{html.escape(change.id)}">')
        if title:
            out.append(f"<h3>{title}</h3>")
        out.append(change.html_body)
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)
