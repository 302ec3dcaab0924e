"""The one place a site is checked: what ``check``, ``build``, the plugin and ``report`` all run.

Everything a build would refuse is found here, before anything is written,
and every problem of a run is reported at once with its file and line:

1. the layout of docs/ (drafts, stray files, version files without their policy, links out of the project);
2. every policy file: YAML, schema, languages, characters, rules, markup;
3. the glossary (read like every policy file);
4. addresses: two pages, or a page and a file, claiming one address;
5. the locks, for the moment the site is built for, and the items the law requires of the newest version;
6. parity warnings (facts that differ between languages).

Anything that only warns is a warning (printed, fatal under ``--strict``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from policypress.core.addresses import collisions, language_prefix_problems
from policypress.core.errors import ContentError, Location
from policypress.core.source_text import forbidden_character
from policypress.core.languages import Languages
from policypress.core.layout import VERSIONS_DIR, collect_sources, discover, foreign_files, is_content, layout_problems
from policypress.core.legal import coverage_problems
from policypress.core.loader import LoadedFiles, Site, load_policy
from policypress.core.lock_rules import verify_policy
from policypress.core.model import Policy
from policypress.core.parity import GLOSSARY_NAME, Term, check_site, load_glossary
from policypress.core.placeholders import placeholder_problems
from policypress.core.publication import Deployed, first_published, notice_problems
from policypress.core.schedule import AsOf, today_for


VersionKey = tuple[str, str]
"""A version by policy and effective date: ``("privacy", "2026-12-21")``."""


@dataclass(frozen=True)
class Plan:
    """What a build publishes of a validated site: the versions it withholds, and what stops it."""

    withheld: dict[VersionKey, list[ContentError]]
    """Versions readers have not been shown yet whose own files have problems: left out, announced nowhere."""
    fatal: list[ContentError]
    """Problems nothing can be left out for (a published version, a policy, the layout): no build at all."""

    @property
    def ok(self) -> bool:
        return not self.fatal


@dataclass
class Validation:
    """The result of :func:`validate`: the site as far as it loaded, and every problem found."""

    site: Site
    glossary: tuple[Term, ...]
    problems: list[ContentError]
    handwritten: dict[str, Path] = field(default_factory=dict)
    """The hand-written files under docs/ that are published (name → path)."""
    new_versions: dict[Path, VersionKey] = field(default_factory=dict)
    """The version files of versions readers have not been shown yet (see :func:`unshown`), by path."""
    deployed: Deployed | None = None
    as_of: AsOf | None = None

    @property
    def errors(self) -> list[ContentError]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        return [problem for problem in self.problems if problem.severity != "error"]

    @property
    def ok(self) -> bool:
        """Whether a build may go on (warnings allowed; versions with errors of their own withheld)."""
        return self.plan().ok

    def plan(self, strict: bool = False) -> Plan:
        """The versions withheld and the problems that stop a build (``strict``: warnings too).

        One forgotten lock is never a reason to stop every other version's
        transition: a problem of *when* a version may be shown
        (:attr:`ContentError.publication`: not locked by its announcement day,
        too little notice counted from when the public site first showed it)
        of a version readers have not been shown yet (not locked, announced
        today or later, or not on the deployed site) withholds that version
        only. A version with any other problem is not withheld: what it says
        was wrong before it was merged, and the build stops, as before.
        """
        candidates: dict[VersionKey, list[ContentError]] = {}
        fatal: list[ContentError] = []
        for problem in self.problems:
            if problem.severity != "error" and not strict:
                continue
            key = self.new_versions.get(problem.location.path)
            if key is not None and problem.publication:
                candidates.setdefault(key, []).append(problem)
            else:
                fatal.append(problem)
        # A version with a problem of its content too is not withheld: the build stops for that problem.
        broken = {self.new_versions.get(problem.location.path) for problem in fatal}
        withheld = {key: problems for key, problems in candidates.items() if key not in broken}
        fatal += [problem for key, problems in candidates.items() if key in broken for problem in problems]
        return Plan(withheld, sorted(fatal, key=ContentError.sort_key))

    def buildable(self, strict: bool = False) -> Site:
        """The site without its withheld versions: what a build publishes."""
        left_out = set(self.plan(strict).withheld)
        if not left_out:
            return self.site
        policies = tuple(
            replace(policy, versions=tuple(v for v in policy.versions if (policy.id, v.slug) not in left_out))
            for policy in self.site.policies
        )
        return Site(tuple(policy for policy in policies if policy.versions), self.site.languages)

    def first_published(self) -> dict[VersionKey, dt.date]:
        """The first day the public site shows each version, when the deployed site is known (see :mod:`policypress.core.publication`)."""
        if self.deployed is None or self.as_of is None:
            return {}
        days = {}
        for policy in self.buildable().policies:
            for version in policy.versions:
                day = first_published(self.deployed, policy, version, self.as_of)
                if day is not None:
                    days[(policy.id, version.slug)] = day
        return days


def unshown(policy: Policy, docs_dir: Path, as_of: AsOf, deployed: Deployed | None) -> dict[Path, VersionKey]:
    """The version files of ``policy`` readers have not been shown yet: what a build may withhold.

    With the deployed site known, a version it does not show. Without, a
    version not in force yet that the lock does not record, or that is
    announced today or later (the build of yesterday, if it built, did not
    show it): a version already in force that the lock does not know may be
    one readers were shown with its lock lost, and is never left out.
    """
    today = today_for(as_of, policy.meta.timezone)
    folder = policy.source.path.parent / VERSIONS_DIR
    entries = policy.lock.entries if policy.lock is not None else {}
    found = {}
    for path in sorted(folder.glob("*.yml")) if folder.is_dir() else []:
        slug = path.stem
        if deployed is not None:
            seen = (policy.id, slug) in deployed.first_published
        else:
            try:
                in_force = dt.date.fromisoformat(slug) <= today
            except ValueError:
                in_force = True  # not named by a date: its own error, never withheld
            entry = entries.get(slug)
            seen = in_force or (entry is not None and (entry.announced or dt.date.max) < today)
        if not seen:
            found[path] = (policy.id, slug)
    return found


def published_sources(docs_dir: Path) -> dict[str, Path]:
    """The hand-written files MkDocs publishes from ``docs_dir``: everything but hidden files and content (YAML, locks)."""
    return collect_sources(docs_dir, is_content)


def _file_name_problems(files: dict[str, Path]) -> list[ContentError]:
    """A published file's name is an address and a line of a terminal: no control or bidirectional characters."""
    problems = []
    for name, path in files.items():
        found = forbidden_character(name, key=True)
        if found is not None:
            problems.append(ContentError(Location(path), f"this file's name holds {found[1]}; rename it"))
    return problems


def validate(
    *, docs_dir: Path, languages: Languages, as_of: AsOf, deployed: Deployed | None = None, loaded: LoadedFiles | None = None
) -> Validation:
    """Check the site under ``docs_dir`` as it would be built at ``as_of``; never raises for bad content.

    ``deployed`` is what the public site shows now (its ``policies.json``):
    with it, notice counts from the day a version was first shown there.
    ``loaded`` is a session's reading of the files by its previous call, taken
    for every file whose bytes are the same (:class:`~policypress.core.loader.LoadedFiles`).
    """
    problems: list[ContentError] = [*foreign_files(docs_dir), *layout_problems(docs_dir, GLOSSARY_NAME)]
    policies: list[Policy] = []
    for folder in discover(docs_dir):
        # Partly broken policies are checked on (locks, parity, addresses): every error in one run.
        # Nothing is built from them: any error stops a build.
        policy, found = load_policy(folder, docs_dir, languages, partial=True, loaded=loaded)
        problems.extend(found)
        if policy is not None:
            policies.append(policy)
    glossary, found = load_glossary(docs_dir, languages.codes)
    problems.extend(found)
    handwritten = published_sources(docs_dir)
    problems.extend(_file_name_problems(handwritten))
    problems.extend(language_prefix_problems(policies, languages))
    # A file in a policy's folder is an error of the layout already, not also a clash.
    folders = [policy.source.path.parent for policy in policies]
    loose = {name: path for name, path in handwritten.items() if not any(folder in path.parents for folder in folders)}
    problems.extend(collisions(policies, loose, languages))
    new_versions: dict[Path, VersionKey] = {}
    for policy in policies:
        problems.extend(verify_policy(policy, as_of, glossary, deployed))
        problems.extend(notice_problems(deployed, policy, as_of))
        problems.extend(placeholder_problems(policy))
        if policy.versions:
            newest = policy.versions[-1]
            problems.extend(coverage_problems(policy, published=newest.announced <= today_for(as_of, policy.meta.timezone)))
        new_versions.update(unshown(policy, docs_dir, as_of, deployed))
    if loaded is not None:
        loaded.finish()
    site = Site(tuple(policies), languages)
    problems.extend(check_site(site, glossary))
    return Validation(site, glossary, sorted(set(problems), key=ContentError.sort_key), handwritten, new_versions, deployed, as_of)
