"""Published versions are evidence: a lock file makes any later edit visible.

Beside each policy, ``versions.lock`` (JSON, committed) records the content
hash of every published version, and of each of its sections, so a build can
say *which* sections of *which* version changed. The only way to change a
published version is an erratum: a dated, public reason with the old and new
hash, shown on the history page and in ``policies.json``.

A version announced today but not yet locked is not an error: the daily build
that starts its announcement must not fail for want of a commit. ``policypress
lock`` records it; the build only warns.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError, ContentErrors, Location
from .loader import Site
from .model import Policy, Version, digest
from .schedule import AsOf, today_for

LOCK_NAME = "versions.lock"
FORMAT = 1


def section_hashes(version: Version) -> dict[str, str]:
    """A hash per section id, plus ``_meta`` for everything outside the sections."""
    # Defaults excluded: adding an optional field to the schema must not change old hashes.
    data = version.content_data()
    sections = data.pop("sections")
    hashes = {"_meta": digest(data)}
    for section in sections:
        hashes[section["id"]] = digest(section)
    return hashes


@dataclass(frozen=True)
class Erratum:
    """A recorded correction of a published version."""

    date: dt.date
    reason: str
    old: str
    new: str

    def to_json(self) -> dict[str, str]:
        return {"date": self.date.isoformat(), "reason": self.reason, "old": self.old, "new": self.new}


@dataclass
class LockEntry:
    hash: str
    sections: dict[str, str]
    locked: dt.date
    errata: list[Erratum] = field(default_factory=list)


@dataclass
class LockFile:
    """The lock of one policy: what was published, and every correction since."""

    path: Path
    entries: dict[str, LockEntry]

    @classmethod
    def read(cls, path: Path) -> LockFile:
        """Read ``path``; a missing file is an empty lock. Malformed files raise :class:`ContentErrors`."""
        if not path.exists():
            return cls(path, {})
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = {
                slug: LockEntry(
                    hash=item["hash"],
                    sections=dict(item["sections"]),
                    locked=dt.date.fromisoformat(item["locked"]),
                    errata=[
                        Erratum(dt.date.fromisoformat(e["date"]), e["reason"], e["old"], e["new"]) for e in item.get("errata", [])
                    ],
                )
                for slug, item in data["versions"].items()
            }
        except json.JSONDecodeError as exc:
            raise ContentErrors([ContentError(Location(path, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}")]) from None
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ContentErrors(
                [ContentError(Location(path, 1), f"not a policypress lock file ({exc}); restore it from version control")]
            ) from None
        return cls(path, entries)

    def write(self) -> None:
        data = {
            "format": FORMAT,
            "note": "Written by `policypress lock`. Published versions are immutable; corrections are errata.",
            "versions": {
                slug: {
                    "hash": entry.hash,
                    "locked": entry.locked.isoformat(),
                    "sections": entry.sections,
                    **({"errata": [e.to_json() for e in entry.errata]} if entry.errata else {}),
                }
                for slug, entry in sorted(self.entries.items())
            },
        }
        self.path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    def line_of(self, slug: str) -> int:
        """The line of ``slug``'s entry, for error messages."""
        try:
            for number, line in enumerate(self.path.read_text(encoding="utf-8").splitlines(), 1):
                if f'"{slug}"' in line:
                    return number
        except OSError:
            pass
        return 1


def lock_path(policy: Policy) -> Path:
    """``docs/<policy>/versions.lock``, beside ``policy.yml``."""
    return policy.source.path.parent / LOCK_NAME


def verify(site: Site) -> list[ContentError]:
    """Every locked version that changed or disappeared, naming the sections that differ."""
    errors: list[ContentError] = []
    for policy in site.policies:
        try:
            lock = LockFile.read(lock_path(policy))
        except ContentErrors as exc:
            errors.extend(exc.errors)
            continue
        versions = {version.slug: version for version in policy.versions}
        for slug, entry in lock.entries.items():
            version = versions.get(slug)
            if version is None:
                errors.append(
                    ContentError(
                        Location(lock.path, lock.line_of(slug)),
                        f"published version {slug} of {policy.id} is missing: its file versions/{slug}.yml was deleted "
                        "or renamed; published versions stay published (restore the file)",
                    )
                )
                continue
            if version.content_hash() == entry.hash:
                continue
            now = section_hashes(version)
            differ = sorted(
                {key for key in set(now) | set(entry.sections) if now.get(key) != entry.sections.get(key)},
                key=lambda key: (key == "_meta", key),
            )
            names = ", ".join("dates, summary or preamble" if key == "_meta" else f'"{key}"' for key in differ)
            errors.append(
                ContentError(
                    version.source.locate(()),
                    f"published version {slug} changed since it was locked (sections: {names}); published versions are "
                    f'immutable: revert the edit, or record a correction with `policypress lock --erratum "<reason>" '
                    f"{policy.id} {slug}`",
                )
            )
    return errors


def unlocked(site: Site, when: AsOf) -> list[Version]:
    """Published versions (announced by ``when``) that the lock does not record yet."""
    missing = []
    for policy in site.policies:
        lock = LockFile.read(lock_path(policy))
        today = today_for(when, policy.meta.timezone)
        missing.extend(v for v in policy.versions if v.announced <= today and v.slug not in lock.entries)
    return missing


def lock_published(site: Site, when: AsOf) -> list[Version]:
    """Record every published, unlocked version; return those added."""
    added: list[Version] = []
    for policy in site.policies:
        lock = LockFile.read(lock_path(policy))
        today = today_for(when, policy.meta.timezone)
        new = [v for v in policy.versions if v.announced <= today and v.slug not in lock.entries]
        for version in new:
            lock.entries[version.slug] = LockEntry(version.content_hash(), section_hashes(version), today)
        if new:
            lock.write()
        added.extend(new)
    return added


def record_erratum(site: Site, policy_id: str, slug: str, reason: str, when: AsOf) -> Erratum:
    """Accept the current content of a locked version as a correction, with a public reason."""
    if not reason.strip():
        raise ValueError("an erratum needs a reason, shown publicly on the history page")
    policy = site.policy(policy_id)
    version = policy.version(slug)
    lock = LockFile.read(lock_path(policy))
    entry = lock.entries.get(slug)
    if entry is None:
        raise ValueError(f"{policy_id} {slug} is not locked; an erratum corrects a published, locked version")
    new_hash = version.content_hash()
    if new_hash == entry.hash:
        raise ValueError(f"{policy_id} {slug} has not changed since it was locked; there is nothing to correct")
    erratum = Erratum(today_for(when, policy.meta.timezone), reason.strip(), entry.hash, new_hash)
    entry.errata.append(erratum)
    entry.hash = new_hash
    entry.sections = section_hashes(version)
    lock.write()
    return erratum


def errata(policy: Policy) -> dict[str, list[Erratum]]:
    """The errata of each version of ``policy``, by version."""
    try:
        lock = LockFile.read(lock_path(policy))
    except ContentErrors:
        return {}
    return {slug: list(entry.errata) for slug, entry in lock.entries.items() if entry.errata}
