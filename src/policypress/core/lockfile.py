"""Published versions are evidence: a lock file makes any later edit visible.

Beside each policy, ``versions.lock`` (JSON, committed) records:

* for every version, the content hash of the whole version, of each of its
  fields and of each section (so an error can say *what* changed), the day
  it was first locked and its announcement day;
* the policy's own settings (title, owner, time zone, binding language,
  notice periods, adoption day), which decide how every published version
  reads and when it took effect.

The rules, for a moment ``today`` (see :func:`verify`):

* A version whose announcement day has come is published: it must be locked,
  and locked *on or before* its announcement day. Notice counts from when
  readers could first see the text, so a version written today that claims
  an announcement in the past (readers had no notice at all) is refused, as
  is one inserted into the past. ``policypress lock`` records new versions
  when they are written, in the same change, before their announcement.
* A published version never changes; the only way is an erratum: a dated,
  public reason with the old and new hash, shown on the history page and in
  ``policies.json``.
* A version not yet announced may still be edited; ``policypress lock``
  records its new text (a stale entry is a warning until its announcement).
* The time zone, binding language, adoption day of a policy with published
  versions never change, nor may its notice periods be lowered; a new title
  or owner, or longer notice, is a recorded change with a public reason.

A lock file is evidence only as far as its history is: the review report
(:mod:`policypress.outputs.report`) compares it with the base branch, where a new
entry dated in the past or a deleted one is caught.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from policypress.core.errors import ContentError, ContentErrors, Location
from policypress.core.loader import LOCK_NAME, Site
from policypress.core.model import Policy, PolicyMeta, Version, digest
from policypress.core.rules import NoticeHistory
from policypress.core.schedule import AsOf, today_for

FORMAT = 2
#: A lock file holds some hundred bytes per section and version.
MAX_LOCK_BYTES = 20_000_000

_HASH = r"^sha256:[0-9a-f]{64}$"
#: The policy settings a lock records, in the order messages name them.
SETTINGS = ("title", "owner", "timezone", "authoritative", "notice_days", "adverse_notice_days", "adopted")
#: Settings that never change once a version is published.
FIXED_SETTINGS = {"timezone", "authoritative", "adopted"}
_SETTING_LABELS = {
    "title": "title",
    "owner": "owner",
    "timezone": "timezone",
    "authoritative": "authoritative",
    "notice_days": "notice.days",
    "adverse_notice_days": "notice.adverse_days",
    "adopted": "adopted",
}
_FIELD_LABELS = {"announced": "announced", "effective": "effective", "adverse": "adverse", "summary": "summary",
                 "notice_waiver": "notice_waiver", "preamble": "preamble"}  # fmt: skip


# -- the file ------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


class ErratumData(_Model):
    date: dt.date
    reason: str = Field(min_length=1)
    old: str = Field(pattern=_HASH)
    new: str = Field(pattern=_HASH)


class EntryData(_Model):
    hash: str = Field(pattern=_HASH)
    locked: dt.date
    announced: dt.date | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    sections: dict[str, str]
    errata: list[ErratumData] = Field(default_factory=list)


class SettingsChangeData(_Model):
    date: dt.date
    reason: str = Field(min_length=1)
    old: dict[str, Any]
    new: dict[str, Any]


class PolicyLockData(_Model):
    locked: dt.date
    settings: dict[str, Any]
    changes: list[SettingsChangeData] = Field(default_factory=list)


class LockData(_Model):
    format: Literal[1, 2]
    note: str | None = None
    policy: PolicyLockData | None = None
    versions: dict[str, EntryData]


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
    announced: dt.date | None = None
    fields: dict[str, str] = field(default_factory=dict)
    errata: list[Erratum] = field(default_factory=list)
    legacy_meta: str | None = None
    """Format 1's one hash of every field but the sections (format 2 hashes each field)."""


@dataclass(frozen=True)
class SettingsChange:
    """A recorded change of a policy's settings (a new title, longer notice…)."""

    date: dt.date
    reason: str
    old: dict[str, Any]
    new: dict[str, Any]


@dataclass
class PolicyLock:
    locked: dt.date
    settings: dict[str, Any]
    changes: list[SettingsChange] = field(default_factory=list)


@dataclass
class LockFile:
    """The lock of one policy: what was published, and every correction since."""

    path: Path
    entries: dict[str, LockEntry]
    policy: PolicyLock | None = None

    @classmethod
    def read(cls, path: Path) -> LockFile:
        """Read ``path``; a missing file is an empty lock. Anything else wrong raises :class:`ContentErrors`."""
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            return cls(path, {})
        if size > MAX_LOCK_BYTES:
            raise _broken(path, 1, f"the file is {size / 1_000_000:.1f} MB; a lock file is far smaller")
        try:
            raw = json.loads(path.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            raise _broken(path, 1, "not valid UTF-8") from None
        except json.JSONDecodeError as exc:
            raise ContentErrors([ContentError(Location(path, exc.lineno, exc.colno), f"invalid JSON: {exc.msg}")]) from None
        except RecursionError:
            raise _broken(path, 1, "nesting too deep") from None
        try:
            data = LockData.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise _broken(path, _line_of(path, first["loc"]), f"{where}: {first['msg']}") from None
        entries = {
            slug: LockEntry(
                hash=item.hash,
                sections={key: value for key, value in item.sections.items() if key != "_meta"},
                locked=item.locked,
                announced=item.announced,
                fields=dict(item.fields),
                errata=[Erratum(e.date, e.reason, e.old, e.new) for e in item.errata],
                legacy_meta=item.sections.get("_meta"),
            )
            for slug, item in data.versions.items()
        }
        policy = None
        if data.policy is not None:
            changes = [SettingsChange(c.date, c.reason, dict(c.old), dict(c.new)) for c in data.policy.changes]
            policy = PolicyLock(data.policy.locked, dict(data.policy.settings), changes)
        return cls(path, entries, policy)

    def write(self) -> None:
        """Write the lock (atomically: a reader never sees half a file)."""
        data: dict[str, Any] = {
            "format": FORMAT,
            "note": "Written by `policypress lock`. Published versions are immutable; corrections are errata.",
        }
        if self.policy is not None:
            data["policy"] = {
                "locked": self.policy.locked.isoformat(),
                "settings": self.policy.settings,
                **(
                    {"changes": [
                        {"date": c.date.isoformat(), "reason": c.reason, "old": c.old, "new": c.new} for c in self.policy.changes
                    ]}
                    if self.policy.changes else {}
                ),
            }  # fmt: skip
        data["versions"] = {
            slug: {
                "hash": entry.hash,
                "locked": entry.locked.isoformat(),
                **({"announced": entry.announced.isoformat()} if entry.announced else {}),
                "fields": entry.fields,
                "sections": {**entry.sections, **({"_meta": entry.legacy_meta} if entry.legacy_meta else {})},
                **({"errata": [e.to_json() for e in entry.errata]} if entry.errata else {}),
            }
            for slug, entry in sorted(self.entries.items())
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        temporary.replace(self.path)

    def line_of(self, slug: str) -> int:
        """The line of ``slug``'s entry, for error messages."""
        return _line_of(self.path, ("versions", slug))


def _broken(path: Path, line: int, why: str) -> ContentErrors:
    return ContentErrors(
        [ContentError(Location(path, line), f"not a policypress lock file ({why}); restore it from version control")]
    )


def _line_of(path: Path, loc: tuple[Any, ...]) -> int:
    """The first line naming the deepest key of ``loc`` that a line names (1 when none does)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    found = 1
    start = 0
    for part in loc:
        needle = f'"{part}"'
        for number in range(start, len(lines)):
            if needle in lines[number]:
                found, start = number + 1, number + 1
                break
        else:
            break
    return found


def lock_path(policy: Policy) -> Path:
    """``docs/<policy>/versions.lock``, beside ``policy.yml``."""
    return policy.source.path.parent / LOCK_NAME


# -- what a lock records ----------------------------------------------------------------


def section_hashes(version: Version) -> dict[str, str]:
    """A hash per section id."""
    # Defaults excluded: adding an optional field to the schema must not change old hashes.
    return {section["id"]: digest(section) for section in version.content_data()["sections"]}


def field_hashes(version: Version) -> dict[str, str]:
    """A hash per top-level field other than the sections."""
    data = version.content_data()
    data.pop("sections")
    return {name: digest(value) for name, value in sorted(data.items())}


def settings_of(meta: PolicyMeta) -> dict[str, Any]:
    """The settings of a policy that a lock records."""
    return {
        "title": dict(meta.title),
        "owner": dict(meta.owner),
        "timezone": meta.timezone,
        "authoritative": meta.authoritative,
        "notice_days": meta.notice.days,
        "adverse_notice_days": meta.notice.adverse_days,
        "adopted": meta.adopted.isoformat() if meta.adopted else None,
    }


def new_entry(version: Version, today: dt.date) -> LockEntry:
    """The lock entry of ``version`` as locked on ``today``."""
    return LockEntry(
        hash=version.content_hash(),
        sections=section_hashes(version),
        locked=today,
        announced=version.announced,
        fields=field_hashes(version),
    )


def _read(policy: Policy) -> LockFile:
    return LockFile.read(lock_path(policy))


# -- verification ----------------------------------------------------------------------


def verify(site: Site, when: AsOf) -> list[ContentError]:
    """Everything about the locks of ``site`` that is wrong at ``when``: errors and warnings."""
    problems: list[ContentError] = []
    for policy in site.policies:
        problems.extend(verify_policy(policy, when))
    return problems


def verify_policy(policy: Policy, when: AsOf) -> list[ContentError]:
    """The lock problems of one policy at ``when`` (see the module's docstring for the rules)."""
    try:
        lock = _read(policy)
    except ContentErrors as exc:
        return list(exc.errors)
    today = today_for(when, policy.meta.timezone)
    problems: list[ContentError] = []
    versions = {version.slug: version for version in policy.versions}
    published = [v for v in policy.versions if v.announced <= today]
    for version in policy.versions:
        problems.extend(_verify_version(policy, lock, version, today))
    for slug, entry in lock.entries.items():
        if slug in versions or (policy.source.path.parent / "versions" / f"{slug}.yml").is_file():
            continue  # present, or there but not loaded (its own errors say why)
        where = Location(lock.path, lock.line_of(slug))
        if entry.announced is not None and entry.announced > today:
            problems.append(
                ContentError(
                    where,
                    f"version {slug} of {policy.id} is locked but its file is gone; it was never published, so run "
                    "`policypress lock` to remove its entry",
                    severity="warning",
                )
            )
        else:
            problems.append(
                ContentError(
                    where,
                    f"published version {slug} of {policy.id} is missing: its file versions/{slug}.yml was deleted "
                    "or renamed; published versions stay published (restore the file)",
                )
            )
    if lock.policy is None:
        if lock.entries:  # without any lock, each published version says it is not locked
            problems.append(
                ContentError(
                    Location(lock.path, 1) if lock.path.exists() else policy.source.locate(()),
                    f"{LOCK_NAME} of {policy.id} does not record the policy's settings (title, owner, time zone, "
                    "binding language, notice, adopted): run `policypress lock`",
                )
            )
    elif published:
        problems.extend(_verify_settings(policy, lock.policy))
    return problems


def _verify_version(policy: Policy, lock: LockFile, version: Version, today: dt.date) -> list[ContentError]:
    entry = lock.entries.get(version.slug)
    content = version.content
    published = version.announced <= today
    waived = content.notice_waiver is not None
    where = version.source.locate(("announced",))
    adopted = policy.meta.adopted
    # A waiver past the adoption day (or without one) is already an error of the rules.
    waiver_allowed = waived and adopted is not None and version.effective <= adopted
    if entry is None:
        if waiver_allowed and version.effective > today:
            return [
                ContentError(
                    version.source.locate(("notice_waiver",)),
                    f"notice_waiver is only for a version that was already in force when this site began publishing "
                    f"it; this version takes effect on {version.effective}",
                )
            ]
        if not published:
            return []
        if version.announced == today or waived:
            hint = "run `policypress lock` to record it"
        elif version.effective <= today:
            # Inserted into the past: it would be in force at once, with no notice at all.
            hint = (
                f"if it was published then, restore its entry from version control; if it is new, readers have "
                f"not seen it and it cannot take effect on {version.effective}: rename it to its new effective "
                f"date, set announced to {today} or later, then run `policypress lock`"
            )
        else:
            hint = (
                f"if it was published then, restore its entry from version control; if it is new, readers have "
                f"not seen it: set announced to {today} or later, then run `policypress lock`"
            )
        return [
            ContentError(
                where,
                f"version {version.slug} of {policy.id} is announced from {version.announced} but is not in "
                f"{LOCK_NAME}; a version is locked on or before its announcement day: {hint}",
            )
        ]
    problems: list[ContentError] = []
    if version.content_hash() != entry.hash and published:
        # Not yet announced, it may still change: `policypress lock` records
        # the new text (check and the review report remind the author).
        problems.append(_changed(policy, lock, version, entry))
    if waiver_allowed and version.effective > entry.locked:
        problems.append(
            ContentError(
                version.source.locate(("notice_waiver",)),
                f"notice_waiver is only for a version that was already in force when it was locked; this version "
                f"takes effect on {version.effective}, after it was locked on {entry.locked}",
            )
        )
    elif published and not waived and entry.locked > version.announced:
        problems.append(
            ContentError(
                where,
                f"announced {version.announced}, but version {version.slug} was first locked on {entry.locked}: "
                f"readers could not see it before then, and notice counts from then; set announced to "
                f"{entry.locked} or later",
            )
        )
    return problems


def _changed(policy: Policy, lock: LockFile, version: Version, entry: LockEntry) -> ContentError:
    now_sections = section_hashes(version)
    differ = [f'"{key}"' for key in sorted(set(now_sections) | set(entry.sections)) if now_sections.get(key) != entry.sections.get(key)]
    if entry.fields:
        now_fields = field_hashes(version)
        differ += [
            _FIELD_LABELS.get(key, key)
            for key in sorted(set(now_fields) | set(entry.fields))
            if now_fields.get(key) != entry.fields.get(key)
        ]
    elif entry.legacy_meta is not None and entry.legacy_meta != _meta_hash(version):
        differ.append("dates, summary, waiver or preamble")  # a format 1 entry has one hash for them all
    if not differ:
        return ContentError(
            Location(lock.path, lock.line_of(version.slug)),
            f"the lock entry of {policy.id} {version.slug} is corrupt: its hash does not match the hashes of its own "
            f"fields and sections; restore {LOCK_NAME} from version control",
        )
    names = ", ".join(differ)
    # Point at the first thing that differs (a reader fixes what the cursor lands on).
    places = [version.source.locate((key,)) for key in field_hashes(version) if key in _FIELD_LABELS and _FIELD_LABELS[key] in differ]
    places += [
        version.source.locate(("sections", index))
        for index, section in enumerate(version.content.sections)
        if f'"{section.id}"' in differ
    ]
    return ContentError(
        min(places, key=lambda where: (where.line, where.column or 0)) if places else version.source.locate(()),
        f"published version {version.slug} changed since it was locked ({names}); published versions are "
        f'immutable: revert the edit, or record a correction with `policypress lock --erratum "<reason>" '
        f"{policy.id} {version.slug}`",
    )


def _meta_hash(version: Version) -> str:
    data = version.content_data()
    data.pop("sections")
    return digest(data)


def _verify_settings(policy: Policy, locked: PolicyLock) -> list[ContentError]:
    now = settings_of(policy.meta)
    problems = []
    for name in SETTINGS:
        before, after = locked.settings.get(name), now[name]
        if before == after:
            continue
        key = {"notice_days": ("notice", "days"), "adverse_notice_days": ("notice", "adverse_days")}.get(name, (name,))
        where = policy.source.locate(key)
        label = _SETTING_LABELS[name]
        if name in FIXED_SETTINGS:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} is locked as {_shown(before)} since its versions were published; "
                    f"changing it would change when and how they apply: restore {_shown(before)}",
                )
            )
        elif name in ("notice_days", "adverse_notice_days") and isinstance(before, int) and after < before:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} is locked at {before}; a policy with published versions may give "
                    "longer notice, never shorter",
                )
            )
        else:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} changed since it was locked (was {_shown(before)}); record the change "
                    f'with its public reason: `policypress lock --erratum "<reason>" {policy.id}`',
                )
            )
    return problems


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "nothing" if value is None else str(value)


def scheduled_unlocked(policy: Policy, when: AsOf) -> list[Version]:
    """Versions not announced yet that the lock does not record (with their current text)."""
    try:
        lock = _read(policy)
    except ContentErrors:
        return []
    today = today_for(when, policy.meta.timezone)
    out = []
    for version in policy.versions:
        entry = lock.entries.get(version.slug)
        if version.announced > today and (entry is None or entry.hash != version.content_hash()):
            out.append(version)
    return out


# -- writing ------------------------------------------------------------------------------


class LockRefused(ValueError):
    """``policypress lock`` will not record something; the message says why."""


@dataclass
class LockResult:
    """What :func:`lock` changed."""

    added: list[Version] = field(default_factory=list)
    updated: list[Version] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    """The policies whose settings were recorded for the first time."""


def lock(site: Site, when: AsOf) -> LockResult:
    """Record every version not yet locked, the new text of versions not yet announced, and the policies' settings.

    Refuses (:class:`LockRefused`) to record a version whose announcement day
    has passed: locking it now would date its text after the notice it claims.
    """
    result = LockResult()
    refusals = []
    plans: list[tuple[LockFile, bool]] = []
    for policy in site.policies:
        file = _read(policy)
        today = today_for(when, policy.meta.timezone)
        changed = False
        for version in policy.versions:
            entry = file.entries.get(version.slug)
            if entry is None:
                late = version.announced < today and version.content.notice_waiver is None
                if late:
                    refusals.append(
                        f"{policy.id} {version.slug} says it was announced on {version.announced}, before today "
                        f"({today}), but it was never locked: readers could not have seen it; set announced to "
                        f"{today} or later (or restore its lock entry if it was published)"
                    )
                    continue
                file.entries[version.slug] = new_entry(version, today)
                result.added.append(version)
                changed = True
            elif version.announced > today and entry.hash != version.content_hash():
                file.entries[version.slug] = new_entry(version, today)
                result.updated.append(version)
                changed = True
            elif not entry.fields and entry.hash == version.content_hash():
                entry.fields = field_hashes(version)  # a format 1 entry gains what format 2 records
                entry.announced = version.announced
                entry.legacy_meta = None
                changed = True
        slugs = {version.slug for version in policy.versions}
        for slug, entry in list(file.entries.items()):
            if slug not in slugs and entry.announced is not None and entry.announced > today:
                del file.entries[slug]
                result.removed.append((policy.id, slug))
                changed = True
        if file.policy is None and file.entries:
            file.policy = PolicyLock(today, settings_of(policy.meta))
            result.settings.append(policy.id)
            changed = True
        plans.append((file, changed))
    if refusals:
        raise LockRefused("; ".join(refusals))
    for file, changed in plans:
        if changed:
            file.write()
    return result


def record_erratum(site: Site, policy_id: str, slug: str, reason: str, when: AsOf) -> Erratum:
    """Accept the current content of a locked version as a correction, with a public reason."""
    if not reason.strip():
        raise ValueError("an erratum needs a reason, shown publicly on the history page")
    policy = site.policy(policy_id)
    version = policy.version(slug)
    file = _read(policy)
    entry = file.entries.get(slug)
    if entry is None:
        raise ValueError(f"{policy_id} {slug} is not locked; an erratum corrects a published, locked version")
    new_hash = version.content_hash()
    if new_hash == entry.hash:
        raise ValueError(f"{policy_id} {slug} has not changed since it was locked; there is nothing to correct")
    erratum = Erratum(today_for(when, policy.meta.timezone), reason.strip(), entry.hash, new_hash)
    entry.errata.append(erratum)
    entry.hash = new_hash
    entry.sections = section_hashes(version)
    entry.fields = field_hashes(version)
    entry.legacy_meta = None
    file.write()
    return erratum


def record_settings_change(site: Site, policy_id: str, reason: str, when: AsOf) -> SettingsChange:
    """Accept a new title or owner, or longer notice, of a policy as a recorded change with a public reason."""
    if not reason.strip():
        raise ValueError("a change of a policy's settings needs a reason, shown publicly on the history page")
    policy = site.policy(policy_id)
    file = _read(policy)
    if file.policy is None:
        raise ValueError(f"the settings of {policy_id} are not locked yet; run `policypress lock` first")
    now = settings_of(policy.meta)
    changed = [name for name in SETTINGS if file.policy.settings.get(name) != now[name]]
    if not changed:
        raise ValueError(f"the settings of {policy_id} have not changed since they were locked; there is nothing to record")
    refused = [
        _SETTING_LABELS[name] for name in changed
        if name in FIXED_SETTINGS
        or (name in ("notice_days", "adverse_notice_days") and now[name] < file.policy.settings.get(name, 0))
    ]  # fmt: skip
    if refused:
        raise ValueError(
            f"{', '.join(refused)} of {policy_id} cannot change once versions are published "
            "(notice may only grow); restore the locked value"
        )
    change = SettingsChange(
        today_for(when, policy.meta.timezone),
        reason.strip(),
        {name: file.policy.settings.get(name) for name in changed},
        {name: now[name] for name in changed},
    )
    file.policy.changes.append(change)
    file.policy.settings = now
    file.write()
    return change


def notice_history(path: Path) -> NoticeHistory | None:
    """The notice periods a policy had on each day, from the lock at ``path`` (``None`` without one).

    The settings locked last are in force from the day they were recorded;
    each recorded change says what they were before it.
    """
    try:
        file = LockFile.read(path)
    except ContentErrors:
        return None
    if file.policy is None:
        return None
    current = file.policy.settings
    changes = list(file.policy.changes)

    def on(day: dt.date) -> tuple[int, int]:
        settings = dict(current)
        for change in reversed(changes):
            if change.date > day:
                settings.update({k: v for k, v in change.old.items() if k in ("notice_days", "adverse_notice_days")})
        return int(settings.get("notice_days") or 0), int(settings.get("adverse_notice_days") or 0)

    return on


# -- for the pages ---------------------------------------------------------------------------


def errata(policy: Policy) -> dict[str, list[Erratum]]:
    """The errata of each version of ``policy``, by version."""
    try:
        file = _read(policy)
    except ContentErrors:
        return {}
    return {slug: list(entry.errata) for slug, entry in file.entries.items() if entry.errata}


def settings_changes(policy: Policy) -> list[SettingsChange]:
    """The recorded changes of ``policy``'s settings, oldest first."""
    try:
        file = _read(policy)
    except ContentErrors:
        return []
    return list(file.policy.changes) if file.policy else []
