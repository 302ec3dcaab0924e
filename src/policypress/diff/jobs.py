"""Diffs of whole versions from plain data: the work helper processes do.

A site with many versions has its diffs computed in helper processes (see
:class:`policypress.render.pages.DiffPrefetch`). This module is what they import:
only the diff and the body renderer, not the page templates or the content
model, so that a helper is ready in a tenth of a second.
"""

from __future__ import annotations

from policypress.core.bodies import render_body
from policypress.diff.sections import BodyDiffs, DiffLabels, SectionChange, SectionText, diff_sections

Sections = tuple[tuple[str, str, str], ...]
"""The ``(id, title, body Markdown)`` of each section of a version, in one language."""


def section_texts(sections: Sections) -> list[SectionText]:
    """The sections with their bodies rendered, as the diff takes them."""
    return [SectionText(id_, title, render_body(body)) for id_, title, body in sections]


def diff_versions(old: Sections, new: Sections, labels: DiffLabels, known: BodyDiffs | None = None) -> list[SectionChange]:
    """The section-aligned diff of two versions (``old`` empty for the first version); ``known``: body diffs made before."""
    return diff_sections(section_texts(old), section_texts(new), labels, known=known)


def diff_many(jobs: list[tuple[Sections, Sections, DiffLabels]]) -> list[list[SectionChange]]:
    """:func:`diff_versions` of each job, in order."""
    return [diff_versions(*job) for job in jobs]
