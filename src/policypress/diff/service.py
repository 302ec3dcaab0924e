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
from collections import deque
from concurrent.futures import Future
from typing import Any, Iterable

from policypress.core.model import Version
from policypress.core.processes import HelperPool, cores
from policypress.diff.cache import DiffCache, DiffKey, from_data, to_data
from policypress.core.legal import labels_markdown, not_applicable_markdown
from policypress.diff.sections import LABELS_ID, NOT_APPLICABLE_ID, PREAMBLE_ID, DiffLabels, SectionChange
from policypress.diff.jobs import Sections, diff_many, diff_versions, section_texts

log = logging.getLogger(__name__)

PARALLEL_DIFFS = 100
"""From this many diffs to compute, they are computed in helper processes (one per core)."""
BATCH = 64
"""Diffs sent to a helper at a time, at most: a helper holds one batch's texts and diffs (about 200 KB
a diff), so its memory stays that of a small site however long the history (a batch of an eighth of
5,000 versions' diffs had each helper at 1.3 GB)."""
AHEAD = 2
"""Batches sent to each helper ahead of the pages: enough that no helper waits, few enough that the
diffs waiting for their page stay a few hundred (a long history's diffs were all held at once)."""
BODIES = 4096
"""Body diffs of changed sections kept for the diffs still to come, at most (see ``DiffService._bodies``)."""
MEMORY = 1024
"""Diffs kept whole in memory at most, the most recently used (a serve session over a long history
stays bounded; every diff of a build is also kept compact, see ``DiffService._kept``)."""

Wanted = tuple[Version | None, Version, str, DiffLabels]
"""A diff a build will ask for: (previous version or None for a first version, version, language, labels)."""
Job = tuple[Sections, Sections, DiffLabels]
"""What a helper diffs: both versions' sections in one language, and the labels."""


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
        """The diffs used last, least recent first, at most :data:`MEMORY`."""
        self._kept: dict[DiffKey, list[dict[str, Any]]] = {}
        """Every diff made or read since the last :meth:`save`, in the cache's compact form (``to_data``):
        what :meth:`save` writes, and what a diff that left memory is made again from."""
        self._used: dict[DiffKey, None] = {}
        """The diffs asked for since the last :meth:`save`, in order: what the disk cache keeps."""
        self._queued: deque[tuple[list[DiffKey], list[Job]]] = deque()
        """Batches for the helpers not sent yet, in the order the pages will ask for them."""
        self._sent: deque[tuple[list[DiffKey], Future[list[list[SectionChange]]]]] = deque()
        """Batches sent, oldest first: at most :data:`AHEAD` per helper, so that what the helpers
        return waits in memory only until the pages come to it."""
        self._coming: set[DiffKey] = set()
        """The keys of the queued and sent batches."""
        self._pool: HelperPool | None = None
        self._bodies: dict[tuple[DiffLabels, str, str], str] = {}
        """The word diff of each changed section body of the diffs kept (by labels, old and new HTML), at most
        :data:`BODIES` (the first made leave first). An edit changes one section of a version, and every diff with
        that version on one side is made again (52 at 200 versions: its changes pages and the compare pages paired
        with it): their other sections' bodies are found here instead of diffed again. Only diffs this service holds
        fill it: made here, by its helpers, or read from the cache file and proven."""

    def diff(self, previous: Version | None, version: Version, code: str, labels: DiffLabels) -> list[SectionChange]:
        """The section-aligned diff of two versions in one language (a first version: against nothing).

        From memory, else from the helpers' results, else from the disk cache, else computed here.
        """
        key = diff_key(previous, version, code, labels)
        self._used[key] = None
        while key in self._coming and key not in self._memory:
            self._receive()
        changes = self._memory.pop(key, None)
        if changes is None:
            before = sections_of(previous, code, labels) if previous else ()
            after = sections_of(version, code, labels)
            if key in self._kept:  # made by this process or its helpers, then left memory: no proof needed
                changes = from_data(self._kept[key], section_texts(before), section_texts(after))
            elif key in self.disk:
                changes = self.disk.get(key, section_texts(before), section_texts(after))
            if changes is None:
                changes = diff_versions(before, after, labels, known=lambda old, new: self._bodies.get((labels, old, new)))
        self._remember(key, changes)
        return changes

    def prefetch(self, wanted: Iterable[Wanted]) -> None:
        """Have helper processes compute the ``wanted`` diffs that neither memory nor disk has.

        ``wanted`` is in the order the pages will ask for them: the helpers
        work a few batches ahead of the pages, so a long history's diffs are
        never all in memory at once. Nothing starts for fewer than
        :attr:`parallel_from` diffs or on a single core; a helper that cannot
        start only means the diffs are computed here when they are asked for.
        """
        jobs: dict[DiffKey, Job] = {}
        for previous, version, code, labels in wanted:
            key = diff_key(previous, version, code, labels)
            if key not in self._memory and key not in self._kept and key not in jobs and key not in self._coming and key not in self.disk:
                old = sections_of(previous, code, labels) if previous else ()
                jobs[key] = (old, sections_of(version, code, labels), labels)
        workers = min(cores(), 4)
        if len(jobs) < self.parallel_from or workers < 2:
            return
        try:
            self._pool = self._pool or HelperPool(workers)
        except (OSError, RuntimeError, ValueError) as exc:
            log.debug("policypress: no helper processes for diffs (%s)", exc)
            return
        keys = list(jobs)
        size = min(BATCH, -(-len(keys) // (workers * 4)))  # a few batches per helper evens out their loads
        for start in range(0, len(keys), size):
            batch = keys[start : start + size]
            self._queued.append((batch, [jobs[key] for key in batch]))
        self._coming.update(keys)
        self._send(workers * AHEAD)

    def save(self) -> None:
        """Write the diffs asked for since the last save to the disk cache (the next build reads them).

        What the helpers still have to do is received first; they then stop.
        """
        while self._queued or self._sent:
            self._receive()
        self.close()
        self.disk.save((key, self._kept[key]) for key in self._used if key in self._kept)
        self._kept = {key: self._kept[key] for key in self._used if key in self._kept}  # (a serve session: bounded)
        self._used = {}

    def release(self) -> None:
        """Let go of every diff held in memory, for a build that will ask for none again (``mkdocs build``).

        Only once :meth:`save` wrote them: the cache file keeps them for the next build. A diff asked
        for after this is computed again. At 5,000 versions, what a build held here through MkDocs'
        writing of the pages was about a tenth of its peak memory.
        """
        if self._used or self._queued or self._sent:
            return  # not saved yet: the next save would leave them out of the cache file
        self._memory.clear()
        self._kept.clear()
        self._bodies.clear()
        self.disk.forget()

    def close(self, *, now: bool = False) -> None:
        """Stop the helper processes, if any, and forget what they had to do (the memory stays).

        With ``now``, without waiting for the batch they are on (one failed: each diff is then
        computed here when it is asked for).
        """
        if self._pool is not None:
            self._pool.close(now=now)
            self._pool = None
        self._queued.clear()
        self._sent.clear()
        self._coming.clear()

    def _send(self, count: int) -> None:
        """Send up to ``count`` queued batches to the helpers."""
        try:
            for _ in range(count):
                if not self._queued or self._pool is None:
                    return
                keys, jobs = self._queued.popleft()
                self._sent.append((keys, self._pool.submit(diff_many, jobs)))
        except RuntimeError as exc:  # the pool shut down meanwhile
            log.debug("policypress: the diff helpers are gone (%s)", exc)
            self.close(now=True)

    def _receive(self) -> None:
        """Keep the diffs of the oldest batch sent (sending one more), or give the helpers up if it failed."""
        if not self._sent:
            self._send(1)
            if not self._sent:
                self.close(now=True)
                return
        keys, future = self._sent.popleft()
        try:
            results = future.result()
        except Exception as exc:  # a helper killed or out of memory: the pages diff what is missing
            log.warning("policypress: a helper process failed (%s); diffing in this process", exc)
            self.close(now=True)
            return
        self._coming.difference_update(keys)
        for key, changes in zip(keys, results):
            self._remember(key, changes)
        self._send(1)

    def _remember(self, key: DiffKey, changes: list[SectionChange]) -> None:
        """Keep ``changes`` as the most recent diff in memory (the oldest leaves it) and in compact form."""
        self._memory[key] = changes
        if key not in self._kept:
            self._kept[key] = to_data(changes)
        labels = key[3]
        for change in changes:
            # A changed body's diff (a renamed section with the same body shows its body as it is: not a diff).
            if change.old is not None and change.new is not None and change.body_html and change.body_html != change.new.html:
                self._bodies[(labels, change.old.html, change.new.html)] = change.body_html
        while len(self._bodies) > BODIES:
            del self._bodies[next(iter(self._bodies))]
        while len(self._memory) > MEMORY:
            del self._memory[next(iter(self._memory))]
