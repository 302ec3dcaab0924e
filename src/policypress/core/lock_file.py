"""``versions.lock``: what was published, recorded beside each policy.

The file (JSON, committed, written by ``policypress lock``) records, for every
version, the content hash of the whole version, of each of its fields and of
each section (so an error can say *what* changed), the day it was first
locked and its announcement day; and the policy's own settings (title, owner,
time zone, binding language, notice periods, adoption day), with every
recorded change of them and every erratum. This module reads and writes it;
:mod:`policypress.core.lock_rules` holds a site to it, :mod:`policypress.core.recording`
records new versions, errata and changes of settings.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Collection, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from policypress.core.errors import ContentError, ContentErrors, Location
from policypress.core.source_text import forbidden_character
from policypress.core.languages import Languages
from policypress.core.layout import LOCK_NAME
from policypress.core.model import Policy, PolicyMeta, Version, digest, in_languages, languages_in
from policypress.core.rules import NoticeHistory

FORMAT = 4
"""4: each entry names the languages its hashes cover (``languages``) and the translations added since (``translations``).

3: errata keep the text they replaced (``before``), entries their reviewed translations (``reviewed``)."""
#: A lock file holds some hundred bytes per section and version.
MAX_LOCK_BYTES = 20_000_000

_HASH = r"^sha256:[0-9a-f]{64}$"
#: The policy settings a lock records, in the order messages name them.
SETTINGS = ("title", "owner", "timezone", "authoritative", "notice_days", "adverse_notice_days", "adopted")
#: Settings that never change once a version is published.
FIXED_SETTINGS = {"timezone", "authoritative", "adopted"}
SETTING_LABELS = {
    "title": "title",
    "owner": "owner",
    "timezone": "timezone",
    "authoritative": "authoritative",
    "notice_days": "notice.days",
    "adverse_notice_days": "notice.adverse_days",
    "adopted": "adopted",
}
#: The fields of a version a "changed since it was locked" error can point at (the first that differs).
LOCATED_FIELDS = frozenset({"announced", "effective", "adverse", "summary", "notice_waiver", "preamble"})


# -- the file ------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False)


def _one_line(text: str) -> str:
    """A reason: shown on the history page, in ``policies.json`` and on terminals, so one line of plain text."""
    found = forbidden_character(text, key=True)
    if found is not None:
        raise ValueError(f"character {found[0] + 1} is {found[1]}")
    return text


MAX_REASON = 2000
"""Characters of a public reason (an erratum's, a change of settings'): one line on the history page."""
_LANGUAGE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _reasons(value: object) -> str | dict[str, str]:
    """A reason as written once (``"…"``, its language not said), or in each language (``{ko: …, en: …}``).

    Checked by hand rather than as a pydantic union, whose errors would name
    its branches ("reason.function-after[…]") instead of saying what is wrong.
    """
    def text(item: object, where: str) -> str:
        if not isinstance(item, str) or not 1 <= len(item) <= MAX_REASON:
            raise ValueError(f"{where}expected a text of 1 to {MAX_REASON:,} characters")
        try:
            return _one_line(item)
        except ValueError as error:
            raise ValueError(f"{where}{error}") from None

    if isinstance(value, dict):
        if not 1 <= len(value) <= 20:
            raise ValueError("expected a reason in 1 to 20 languages")
        for code in value:
            if not isinstance(code, str) or not _LANGUAGE_CODE.fullmatch(code):
                raise ValueError(f"{code!r} is not a language code (such as ko, en or zh-Hant)")
        return {code: text(item, f"in {code}: ") for code, item in value.items()}
    return text(value, "")


Reasons = Annotated[Any, AfterValidator(_reasons)]
#: Days of notice, as policy.yml allows them (a number, never a boolean or a float).
Days = Annotated[int, Field(strict=True, ge=0, le=36_500)]


class SettingsData(_Model):
    """The settings a lock records (:data:`SETTINGS`), each checked as policy.yml checks it."""

    title: dict[str, Annotated[str, AfterValidator(_one_line)]] | None = None
    owner: dict[str, Annotated[str, AfterValidator(_one_line)]] | None = None
    timezone: Annotated[str, AfterValidator(_one_line)] | None = None
    authoritative: Annotated[str, AfterValidator(_one_line)] | None = None
    notice_days: Days | None = None
    adverse_notice_days: Days | None = None
    adopted: dt.date | None = None


class ErratumData(_Model):
    date: dt.date
    reason: Reasons
    old: str = Field(pattern=_HASH)
    new: str = Field(pattern=_HASH)
    before: dict[str, Any] | None = None
    """The text as it was before the correction (a version file's content): readers keep seeing it at its own address."""


class TranslationData(_Model):
    language: Annotated[str, Field(pattern=_LANGUAGE_CODE.pattern)]
    date: dt.date
    old: str = Field(pattern=_HASH)
    new: str = Field(pattern=_HASH)


class ReviewData(_Model):
    hash: str = Field(pattern=_HASH)
    languages: list[Annotated[str, Field(pattern=_LANGUAGE_CODE.pattern)]] = Field(min_length=1, max_length=20)
    date: dt.date


class EntryData(_Model):
    hash: str = Field(pattern=_HASH)
    locked: dt.date
    announced: dt.date | None = None
    fields: dict[str, str] = Field(default_factory=dict)
    sections: dict[str, str]
    errata: list[ErratumData] = Field(default_factory=list)
    reviewed: dict[str, ReviewData] = Field(default_factory=dict)
    languages: list[Annotated[str, Field(pattern=_LANGUAGE_CODE.pattern)]] | None = Field(None, min_length=1, max_length=20)
    translations: list[TranslationData] = Field(default_factory=list)


class SettingsChangeData(_Model):
    date: dt.date
    reason: Reasons
    old: SettingsData
    new: SettingsData


class PolicyLockData(_Model):
    locked: dt.date
    settings: SettingsData
    changes: list[SettingsChangeData] = Field(default_factory=list)


class LockData(_Model):
    format: Literal[1, 2, 3, 4]
    note: str | None = None
    policy: PolicyLockData | None = None
    versions: dict[str, EntryData]


@dataclass(frozen=True)
class Erratum:
    """A recorded correction of a published version."""

    date: dt.date
    reason: str | dict[str, str]
    """As written once, or by language code (:func:`reason_in` picks a reader's)."""
    old: str
    new: str
    before: dict[str, Any] | None = field(default=None, compare=False, repr=False)
    """The content the correction replaced, whose hash is ``old`` (``None``: an erratum recorded before format 3)."""

    def to_json(self) -> dict[str, str | dict[str, str]]:
        """The erratum as ``policies.json`` lists it (the text it replaced has pages of its own)."""
        return {"date": self.date.isoformat(), "reason": self.reason, "old": self.old, "new": self.new}

    def record(self) -> dict[str, Any]:
        """The erratum as the lock file keeps it."""
        return {**self.to_json(), **({"before": self.before} if self.before is not None else {})}


@dataclass(frozen=True)
class Translation:
    """A language added to a published version: its text in the other languages left exactly as it was.

    Not an erratum: nothing readers were shown changed. ``old`` is the hash of
    the version before (its languages then), ``new`` with the new language.
    """

    language: str
    date: dt.date
    old: str
    new: str

    def record(self) -> dict[str, str]:
        return {"language": self.language, "date": self.date.isoformat(), "old": self.old, "new": self.new}


Amendment = Erratum | Translation
"""What may follow a version's lock: a correction of its wording, or a translation added."""


@dataclass(frozen=True)
class Review:
    """Languages of a section an author reviewed and left as they were, while another language's text changed."""

    hash: str
    """The section's hash when it was reviewed: an edit since then asks again."""
    languages: tuple[str, ...]
    date: dt.date

    def record(self) -> dict[str, Any]:
        return {"hash": self.hash, "languages": list(self.languages), "date": self.date.isoformat()}


@dataclass
class LockEntry:
    hash: str
    sections: dict[str, str]
    locked: dt.date
    announced: dt.date | None = None
    fields: dict[str, str] = field(default_factory=dict)
    errata: list[Erratum] = field(default_factory=list)
    reviewed: dict[str, Review] = field(default_factory=dict)
    """By section id: the languages reviewed and found right as they are (see :func:`policypress.core.parity.check_stale`)."""
    legacy_meta: str | None = None
    """Format 1's one hash of every field but the sections (format 2 hashes each field)."""
    languages: tuple[str, ...] | None = None
    """The languages the hashes cover (``None``: an entry of format 3 or older, see :func:`locked_languages`)."""
    translations: list[Translation] = field(default_factory=list)

    def amendments(self) -> list[Amendment] | None:
        """The errata and translations in the order they were made: one chain of hashes ending at :attr:`hash`.

        ``None`` when they do not make one (the lock was edited by hand).
        Errata and translations keep their own order; where either could come
        next, the one whose ``old`` hash follows from the text so far does.
        """
        errata, translations = self.errata, self.translations

        def walk(i: int, j: int, current: str | None) -> list[Amendment] | None:
            if i == len(errata) and j == len(translations):
                return [] if current in (None, self.hash) else None
            options: list[tuple[Amendment, int, int]] = []
            if i < len(errata) and current in (None, errata[i].old):
                options.append((errata[i], i + 1, j))
            if j < len(translations) and current in (None, translations[j].old):
                options.append((translations[j], i, j + 1))
            for amendment, next_i, next_j in sorted(options, key=lambda option: option[0].date):
                rest = walk(next_i, next_j, amendment.new)
                if rest is not None:
                    return [amendment, *rest]
            return None

        if len(errata) + len(translations) > 200:  # (far more than any policy makes; the walk stays short)
            return None
        return walk(0, 0, None)


@dataclass(frozen=True)
class SettingsChange:
    """A recorded change of a policy's settings (a new title, longer notice…)."""

    date: dt.date
    reason: str | dict[str, str]
    old: dict[str, Any]
    new: dict[str, Any]


def reason_in(reason: str | dict[str, str], code: str, authoritative: str) -> tuple[str, str | None]:
    """The reason a reader of ``code`` gets, and its language when it is not theirs.

    A reason written once keeps no language (it was never said); a reason in
    several languages falls back to the authoritative one, then the first.
    """
    if isinstance(reason, str):
        return reason, None
    if code in reason:
        return reason[code], None
    fallback = authoritative if authoritative in reason else next(iter(reason))
    return reason[fallback], fallback


def reason_language(meta: PolicyMeta, languages: Languages) -> str:
    """The language a reason is first written in, and falls back to: the policy's binding one, else the site's default."""
    return meta.authoritative or languages.default


def reason_text(reason: str | dict[str, str]) -> str:
    """A reason on a terminal: ``ko: …; en: …`` when it is in several languages."""
    return reason if isinstance(reason, str) else "; ".join(f"{code}: {text}" for code, text in reason.items())


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
        except ValueError as exc:  # a number of thousands of digits
            raise _broken(path, 1, str(exc).split(";")[0]) from None
        try:
            data = LockData.model_validate(raw)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise _broken(path, _line_of(path, first["loc"]), f"{where}: {first['msg'].removeprefix('Value error, ')}") from None
        entries = {
            slug: LockEntry(
                hash=item.hash,
                sections={key: value for key, value in item.sections.items() if key != "_meta"},
                locked=item.locked,
                announced=item.announced,
                fields=dict(item.fields),
                errata=[Erratum(e.date, e.reason, e.old, e.new, e.before) for e in item.errata],
                reviewed={key: Review(r.hash, tuple(r.languages), r.date) for key, r in item.reviewed.items()},
                legacy_meta=item.sections.get("_meta"),
                languages=tuple(item.languages) if item.languages is not None else None,
                translations=[Translation(t.language, t.date, t.old, t.new) for t in item.translations],
            )
            for slug, item in data.versions.items()
        }
        policy = None
        if data.policy is not None:
            changes = [SettingsChange(c.date, c.reason, _as_written(c.old), _as_written(c.new)) for c in data.policy.changes]
            policy = PolicyLock(data.policy.locked, _as_written(data.policy.settings), changes)
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
                **({"languages": list(entry.languages)} if entry.languages is not None else {}),
                "fields": entry.fields,
                "sections": {**entry.sections, **({"_meta": entry.legacy_meta} if entry.legacy_meta else {})},
                **({"errata": [e.record() for e in entry.errata]} if entry.errata else {}),
                **({"translations": [t.record() for t in entry.translations]} if entry.translations else {}),
                **({"reviewed": {key: r.record() for key, r in sorted(entry.reviewed.items())}} if entry.reviewed else {}),
            }
            for slug, entry in sorted(self.entries.items())
        }
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        temporary.replace(self.path)

    def line_of(self, slug: str) -> int:
        """The line of ``slug``'s entry, for error messages."""
        return _line_of(self.path, ("versions", slug))

    def notice_history(self) -> NoticeHistory | None:
        """The notice periods the policy had on each day (``None`` when the settings are not locked yet).

        The settings locked last are in force from the day they were recorded;
        each recorded change says what they were before it.
        """
        if self.policy is None:
            return None
        current = self.policy.settings
        changes = list(self.policy.changes)

        def on(day: dt.date) -> tuple[int, int]:
            settings = dict(current)
            for change in reversed(changes):
                if change.date > day:
                    settings.update({k: v for k, v in change.old.items() if k in ("notice_days", "adverse_notice_days")})
            return int(settings.get("notice_days") or 0), int(settings.get("adverse_notice_days") or 0)

        return on

    def errata(self) -> dict[str, list[Erratum]]:
        """The errata of each version, by version (only those that have any)."""
        return {slug: list(entry.errata) for slug, entry in self.entries.items() if entry.errata}

    def settings_changes(self) -> list[SettingsChange]:
        """The recorded changes of the policy's settings, oldest first."""
        return list(self.policy.changes) if self.policy else []


def _as_written(settings: SettingsData) -> dict[str, Any]:
    """Checked settings as the file writes them (dates as text), only those it has."""
    return settings.model_dump(mode="json", exclude_unset=True)


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


def section_hashes(version: Version, languages: Collection[str] | None = None) -> dict[str, str]:
    """A hash per section id (of the texts in ``languages`` only, when given)."""
    # Defaults excluded: adding an optional field to the schema must not change old hashes.
    data = version.content_data() if languages is None else in_languages(version.content_data(), languages)
    return {section["id"]: digest(section) for section in data["sections"]}


def field_hashes(version: Version, languages: Collection[str] | None = None) -> dict[str, str]:
    """A hash per top-level field other than the sections (of the texts in ``languages`` only, when given)."""
    data = version.content_data() if languages is None else in_languages(version.content_data(), languages)
    data.pop("sections")
    return {name: digest(value) for name, value in sorted(data.items())}


def hash_in(version: Version, languages: Collection[str]) -> str:
    """The hash of what ``version`` says in ``languages`` (its :meth:`~Version.content_hash` when that is every language it has)."""
    return digest(in_languages(version.content_data(), languages))


def locked_languages(entry: LockEntry, version: Version, authoritative: str | None = None) -> tuple[str, ...]:
    """The languages ``entry`` recorded of ``version``: as it names them, or (an older entry) found from its hashes.

    An entry written before format 4 names none: its hashes cover every
    language the version had when it was locked, so the languages are those
    whose text still hashes to it, found by leaving out languages added since
    (the binding language never is). When the text changed too, they are the
    languages whose text matches the most of the entry's field and section
    hashes (so a changed section is named as changed, and the others as they
    were); with none matching, every language the version has now.
    """
    if entry.languages is not None:
        return entry.languages
    now = languages_in(version.content_data())
    if version.content_hash() == entry.hash:
        return now
    others = [code for code in now if code != authoritative]
    binding = [authoritative] if authoritative in now else []
    candidates = [
        tuple(sorted((*kept, *binding)))
        for size in range(len(others) - 1, -1, -1)
        for kept in itertools.islice(itertools.combinations(others, size), 64)
    ]
    best, best_matches = now, -1
    for codes in (now, *(codes for codes in candidates if codes)):  # the most languages first: a tie keeps them
        if codes != now and hash_in(version, codes) == entry.hash:
            return codes
        matches = sum(
            1 for hashes, recorded in ((section_hashes(version, codes), entry.sections), (field_hashes(version, codes), entry.fields))
            for key, value in hashes.items() if recorded.get(key) == value
        )
        if matches > best_matches:
            best, best_matches = codes, matches
    return best


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
        languages=languages_in(version.content_data()),
    )


def read_lock(policy: Policy) -> LockFile:
    """The lock file of ``policy`` (an empty one if it has none)."""
    return LockFile.read(lock_path(policy))
