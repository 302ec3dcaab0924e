"""The one diff of two versions, for every reader of a change.

The changes page, the notice, ``policypress diff`` and the review report all
ask a :class:`DiffService` for the diff of two versions in one language, so
they never disagree about what changed. The service owns what makes diffs
cheap:

* a memory of the diffs it computed (by both versions' content hashes: a
  published pair never changes, so ``mkdocs serve`` rediffs only what an
  edit touched);
* helper processes for a long history (:meth:`prefetch`), one per core,
  while the build renders the pages that need no diff;
* the disk cache of earlier builds (:class:`~policypress.diff.cache.DiffCache`),
  written back with the diffs a build used (:meth:`save`).

A service belongs to a :class:`~policypress.session.Session`; nothing here is
kept in a module global.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Iterable

from policypress.core.model import Version
from policypress.core.processes import HelperPool, cores
from policypress.diff.cache import DiffCache, DiffKey
from policypress.core.legal import labels_markdown, not_applicable_markdown
from policypress.diff.sections import LABELS_ID, NOT_APPLICABLE_ID, PREAMBLE_ID, DiffLabels, SectionChange
from policypress.diff.jobs import Sections, diff_many, diff_versions, section_texts

log = logging.getLogger(__name__)

PARALLEL_DIFFS = 100
"""From this many diffs to compute, they are computed in helper processes (one per core)."""
MEMORY = 8192
"""Diffs kept in memory at most (a serve session over a long history stays bounded)."""

Wanted = tuple[Version | None, Version, str, DiffLabels]
"""A diff a build will ask for: (previous version or None for a first version, version, language, labels)."""


def sections_of(version: Version, code: str, labels: DiffLabels) -> Sections:
    """What a reader sees of ``version`` in ``code``, part by part: the preamble (if any), then the sections."""
    parts = tuple((section.id, section.title[code], section.body[code]) for section in version.content.sections)
    preamble = version.content.preamble
    if preamble is not None and preamble[code].strip():
        # One diff for every reader of a change (changes page, notice, CLI, report): the opening text is part of it.
        parts = ((PREAMBLE_ID, labels.preamble, preamble[code]), *parts)
    # And so is what the version tells readers of the items the law requires that do not apply.
    declared = not_applicable_markdown(version, code)
    if declared is not None:
        parts = (*parts, (NOT_APPLICABLE_ID, labels.not_applicable, declared))
    # The labelling summary is read first, above the text: a label that appears or goes is a change readers see.
    summary = labels_markdown(version, code)
    if summary is not None:
        parts = ((LABELS_ID, labels.labels, summary), *parts)
    return parts


def diff_key(previous: Version | None, version: Version, code: str, labels: DiffLabels) -> DiffKey:
    """What a diff depends on: both versions' content, the language and the labels."""
    return (previous.content_hash() if previous else "", version.content_hash(), code, labels)


class DiffService:
    """Diffs of versions, computed once each, in helpers for many, kept on disk between builds."""

    def __init__(self, disk: DiffCache | None = None, *, parallel_from: int = PARALLEL_DIFFS) -> None:
        self.disk = disk if disk is not None else DiffCache(None)
        self.parallel_from = parallel_from
        self._memory: dict[DiffKey, list[SectionChange]] = {}
        self._used: dict[DiffKey, None] = {}
        """The diffs asked for since the last :meth:`save`, in order: what the disk cache keeps."""
        self._pending: list[tuple[list[DiffKey], Future[list[list[SectionChange]]]]] = []
        self._pool: HelperPool | None = None

    def diff(self, previous: Version | None, version: Version, code: str, labels: DiffLabels) -> list[SectionChange]:
        """The section-aligned diff of two versions in one language (a first version: against nothing).

        From memory, else from the helpers' results, else from the disk cache, else computed here.
        """
        key = diff_key(previous, version, code, labels)
        self._used[key] = None
        if key not in self._memory and self._pending:
            self.collect()
        if key not in self._memory:
            old = sections_of(previous, code, labels) if previous else ()
            new = sections_of(version, code, labels)
            stored = self.disk.get(key, section_texts(old), section_texts(new)) if key in self.disk else None
            self._remember(key, stored if stored is not None else diff_versions(old, new, labels))
        return self._memory[key]

    def prefetch(self, wanted: Iterable[Wanted]) -> None:
        """Start computing, in helper processes, the ``wanted`` diffs that neither memory nor disk has.

        Nothing starts for fewer than :attr:`parallel_from` diffs or on a single
        core; a helper that cannot start only means the diffs are computed
        here when they are asked for.
        """
        jobs: dict[DiffKey, tuple[Sections, Sections, DiffLabels]] = {}
        for previous, version, code, labels in wanted:
            key = diff_key(previous, version, code, labels)
            self._used[key] = None
            if key not in self._memory and key not in jobs and key not in self.disk:
                old = sections_of(previous, code, labels) if previous else ()
                jobs[key] = (old, sections_of(version, code, labels), labels)
        workers = min(cores(), 4)
        if len(jobs) < self.parallel_from or workers < 2:
            return
        try:
            self._pool = self._pool or HelperPool(workers)
            keys = list(jobs)
            size = -(-len(keys) // (workers * 4))  # a few batches per helper evens out their loads
            for start in range(0, len(keys), size):
                batch = keys[start : start + size]
                self._pending.append((batch, self._pool.submit(diff_many, [jobs[key] for key in batch])))
        except (OSError, RuntimeError, ValueError) as exc:
            log.debug("policypress: no helper processes for diffs (%s)", exc)
            self.collect()

    def collect(self) -> None:
        """Wait for the helpers and keep their diffs; the helpers then stop (idempotent)."""
        try:
            for keys, future in self._pending:
                for key, changes in zip(keys, future.result()):
                    self._remember(key, changes)
        except Exception as exc:  # a helper killed or out of memory: the pages diff what is missing
            log.warning("policypress: a helper process failed (%s); diffing in this process", exc)
        finally:
            self._pending = []
            self.close()

    def save(self) -> None:
        """Write the diffs asked for since the last save to the disk cache (the next build reads them)."""
        self.disk.save((key, self._memory[key]) for key in self._used if key in self._memory)
        self._used = {}

    def close(self) -> None:
        """Stop the helper processes, if any (the memory stays)."""
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def _remember(self, key: DiffKey, changes: list[SectionChange]) -> None:
        if len(self._memory) >= MEMORY:
            self._memory.clear()
        self._memory[key] = changes
