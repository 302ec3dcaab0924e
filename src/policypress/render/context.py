"""What every view of a build reads: the site, the moment shown, and facts derived from them once.

A :class:`BuildContext` is made once per build and never changes: the
schedule of each policy for the moment shown, the versions that have pages,
each one's neighbours and successor, the recorded errata and settings
changes, one page renderer per language, and the diff service. The pages
(:mod:`policypress.render.pages`), the banner, the notices and the exports
are functions of it, so they cannot disagree about what is in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from policypress.core.languages import Languages
from policypress.core.loader import Site
from policypress.core.corrections import EarlierText, earlier_texts, following_text
from policypress.core.lock_file import Erratum, SettingsChange
from policypress.core.model import Policy, Version
from policypress.core.schedule import AsOf, PolicySchedule, State, compute
from policypress.diff.sections import DiffLabels, SectionChange
from policypress.diff.service import DiffService, Wanted
from policypress.render.i18n import Translator
from policypress.render.templating import HeadingStyle, PageRenderer


MAX_PAIRS = 300
"""Pairs of versions that are not neighbours a policy may have, each with its page, before only the pairs that end
with a version in force or to come have one (about 25 versions; 9 MB a language at the benchmark's page size)."""
RECENT_PAIRS = 24
"""In a longer history, the versions before each one in force or to come that it is compared with on a page of its
own (about two years of monthly changes): a page per earlier version would grow the site with every version
(19 MB of 51 at 200 versions), and between older ones the history links each change."""


def compare_pairs(visible: list[Version], schedule: PolicySchedule) -> list[tuple[Version, Version]]:
    """The pairs (older, newer) of ``visible`` versions that are not neighbours and have a compare page of their own.

    Every such pair while there are at most :data:`MAX_PAIRS` of them; beyond,
    only the pairs that end with a version in force or to come, with the
    :data:`RECENT_PAIRS` versions before it (see
    :mod:`policypress.render.compare_pages`). The whole square of a long
    history is never listed: at 5,000 versions it would be 12 million pairs.
    """
    count = len(visible)
    if (count - 1) * (count - 2) // 2 <= MAX_PAIRS:  # (the pairs that are not neighbours)
        return [(visible[i], new) for j, new in enumerate(visible) for i in range(j - 1)]
    return [
        (visible[i], new)
        for j, new in enumerate(visible)
        if schedule.of(new) is not State.ARCHIVED
        for i in range(max(j - 1 - RECENT_PAIRS, 0), j - 1)
    ]


@dataclass(frozen=True)
class BuildOptions:
    """What a build is for: which moment it shows, and whether it is a preview."""

    as_of: AsOf
    preview: bool = False
    site_locales: Path | None = None
    """The site's own gettext catalogs, merged over the package's."""
    headings: HeadingStyle = HeadingStyle()
    feeds: bool = True
    """Whether the site publishes feeds and a calendar (pages link to them)."""


def diff_labels(t: Translator) -> DiffLabels:
    """The labels of a diff in the language of ``t``."""
    # Read before the marked text: the word and the language's own colon ("삭제됨: ", "削除：").
    return DiffLabels(
        inserted=t.gettext("%(label)s: %(text)s", label=t.gettext("inserted"), text=""),
        deleted=t.gettext("%(label)s: %(text)s", label=t.gettext("deleted"), text=""),
        preamble=t.gettext("Opening text"),
        not_applicable=t.gettext("Items that do not apply"),
        labels=t.gettext("Privacy at a glance"),
    )


class BuildContext:
    """The read-only facts of one build (see the module's docstring)."""

    def __init__(
        self,
        site: Site,
        options: BuildOptions,
        diffs: DiffService | None = None,
        *,
        first_published: dict[tuple[str, str], dt.date] | None = None,
    ) -> None:
        self.site = site
        self.options = options
        self._first_published = first_published or {}
        self.diffs = diffs if diffs is not None else DiffService()
        self.schedules: dict[str, PolicySchedule] = {policy.id: compute(policy, options.as_of) for policy in site.policies}
        self._visible = {
            policy.id: [item.version for item in self.schedules[policy.id].visible(preview=options.preview)]
            for policy in site.policies
        }
        self._position = {id(v): i for visible in self._visible.values() for i, v in enumerate(visible)}
        # The version that ends each one (shown or not), without a scan per page.
        self._successor: dict[int, Version] = {}
        for policy in site.policies:
            ordered = sorted(policy.versions, key=lambda v: v.effective)
            self._successor.update({id(a): b for a, b in zip(ordered, ordered[1:]) if b.effective > a.effective})
        self._renderers = {
            language.code: PageRenderer(language, site.languages, options.site_locales, options.headings)
            for language in site.languages
        }
        self._labels = {code: diff_labels(renderer.t) for code, renderer in self._renderers.items()}
        self._earlier: dict[int, list[EarlierText]] = {}
        self._pairs: dict[str, list[tuple[Version, Version]]] = {}

    @property
    def languages(self) -> Languages:
        return self.site.languages

    def renderer(self, code: str) -> PageRenderer:
        """The page renderer of language ``code``."""
        return self._renderers[code]

    def visible_versions(self, policy: Policy) -> list[Version]:
        """The versions with pages in this build, oldest first."""
        return self._visible[policy.id]

    def is_shown(self, version: Version) -> bool:
        """Whether ``version`` has pages in this build."""
        return id(version) in self._position

    def position(self, version: Version) -> int:
        """Where ``version`` is among its policy's visible versions (0: the oldest)."""
        return self._position[id(version)]

    def neighbours(self, policy: Policy, version: Version) -> tuple[Version | None, Version | None]:
        """The visible versions just before and just after ``version``."""
        visible = self._visible[policy.id]
        index = self._position[id(version)]
        return (visible[index - 1] if index > 0 else None, visible[index + 1] if index + 1 < len(visible) else None)

    def successor(self, version: Version) -> Version | None:
        """The version that ends ``version`` (shown in this build or not), if any."""
        return self._successor.get(id(version))

    def errata(self, policy: Policy) -> dict[str, list[Erratum]]:
        """The recorded corrections of ``policy``'s versions, by version (from the lock read with it)."""
        return policy.lock.errata() if policy.lock is not None else {}

    def first_published(self, policy: Policy, version: Version) -> dt.date | None:
        """The first day the public site showed ``version`` (``None`` when the deployed site is not known)."""
        return self._first_published.get((policy.id, version.slug))

    def announced_on(self, policy: Policy, version: Version) -> dt.date:
        """The day readers were first told of ``version``: its announcement day, or later if the site showed it later."""
        first = self.first_published(policy, version)
        return max(first, version.announced) if first is not None else version.announced

    def earlier_texts(self, policy: Policy, version: Version) -> list[EarlierText]:
        """The texts ``version`` had before each of its corrections, oldest first (see :mod:`policypress.core.corrections`)."""
        if id(version) not in self._earlier:
            self._earlier[id(version)] = earlier_texts(policy, version)
        return self._earlier[id(version)]

    def settings_changes(self, policy: Policy) -> list[SettingsChange]:
        """The recorded changes of ``policy``'s title, owner or notice periods, oldest first."""
        return policy.lock.settings_changes() if policy.lock is not None else []

    def compare_pairs(self, policy: Policy) -> list[tuple[Version, Version]]:
        """The pairs (older, newer) of shown versions that are not neighbours and have a compare page (:func:`compare_pairs`)."""
        if policy.id not in self._pairs:
            self._pairs[policy.id] = compare_pairs(self._visible[policy.id], self.schedules[policy.id])
        return self._pairs[policy.id]

    def labels(self, code: str) -> DiffLabels:
        """The screen-reader labels of insertions and deletions in language ``code``."""
        return self._labels[code]

    def diff(self, previous: Version | None, version: Version, code: str) -> list[SectionChange]:
        """The one diff of ``version`` against ``previous`` in language ``code`` (see :mod:`policypress.diff.service`)."""
        return self.diffs.diff(previous, version, code, self.labels(code))

    def wanted_diffs(self) -> list[Wanted]:
        """Every diff this build's changes, correction and compare pages show, in the order they render."""
        wanted: list[Wanted] = []
        for code in self.languages.codes:
            for policy in self.site.policies:
                visible = self.visible_versions(policy)
                for version in visible:
                    wanted.append((self.neighbours(policy, version)[0], version, code, self.labels(code)))
                for version in visible:
                    texts = self.earlier_texts(policy, version)
                    for index, text in enumerate(texts):
                        after = following_text(texts, version, index)
                        if text.version is not None and after is not None:
                            wanted.append((text.version, after, code, self.labels(code)))
                # The compare pages: the pairs that have one (not the square of a long history).
                wanted.extend((older, newer, code, self.labels(code)) for older, newer in self.compare_pairs(policy))
        return wanted
