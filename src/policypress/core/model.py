"""The content model: what ``policy.yml`` and a version file may contain.

The pydantic models are the single description of the files: they validate
them, give the loader its error messages, and produce the JSON Schema that
editors use to complete and check the files as they are typed.

Checks that involve more than one field or file (languages of the site, notice
periods, order of versions) live in :mod:`policypress.core.rules`.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Collection, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, StrictInt
from pydantic_core import PydanticCustomError

from policypress.core.notice_law import notice_law
from policypress.core.yamlsource import SourceMap

if TYPE_CHECKING:  # the lock file's module reads versions: it imports this one
    from policypress.core.lock_file import LockFile

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SECTION_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
#: Pydantic and JSON Schema search a pattern anywhere in the text: anchor it.
_SECTION_ID_PATTERN = rf"^{SECTION_ID.pattern}$"


def shown(value: Any, limit: int = 40) -> str:
    """A value as an error message quotes it: text in double quotes, long text cut short.

    >>> shown("maybe"), shown(None), shown(7), shown("x" * 50)[-5:]
    ('"maybe"', 'nothing', '7', 'xxx…"')
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'"{text}"' if isinstance(value, str) else text


#: Dates a policy may name. Outside them a date is a typo (0001-01-01,
#: 9999-12-31), and the instants computed from it (the start of the day in
#: the policy's time zone, the day after) would leave Python's calendar.
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2999, 12, 31)


def _in_range(day: dt.date, written: str) -> dt.date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError(
            "pp_date", "{value} is out of range; expected a date from {first} to {last}",
            {"value": written, "first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()},
        )  # fmt: skip
    return day


def _parse_date(value: Any) -> dt.date:
    # YAML hands over dates as text (see yamlsource.DateText) so that the
    # message can quote exactly what was written.
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("pp_date", "expected a date as YYYY-MM-DD without a time, got {value}", {"value": shown(str(value))})
    if isinstance(value, dt.date):
        return _in_range(value, value.isoformat())
    if not isinstance(value, str):
        raise PydanticCustomError("pp_date", "expected a date as YYYY-MM-DD, got {value}", {"value": shown(value)})
    text = value.strip()
    if _DATE.fullmatch(text):
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise PydanticCustomError(
                "pp_date", "{value} is not a date in the calendar; expected a real day as YYYY-MM-DD", {"value": text}
            ) from None
        return _in_range(day, text)
    if _DATE.match(text):
        raise PydanticCustomError(
            "pp_date", "expected a date as YYYY-MM-DD without a time or time zone, got {value}", {"value": shown(text)}
        )
    raise PydanticCustomError("pp_date", "expected a date as YYYY-MM-DD, got {value}", {"value": shown(text)})


def _text(value: Any) -> str:
    if value is None:  # "en:" with nothing after it
        raise PydanticCustomError("pp_empty", "is empty", {})
    if not isinstance(value, str):
        kind = {bool: "true/false", int: "a number", float: "a number", type(None): "nothing"}.get(type(value))
        if kind is None:
            kind = "a list" if isinstance(value, list) else "a map" if isinstance(value, dict) else type(value).__name__
        raise PydanticCustomError("pp_text", "expected text, got {kind} (put the text in quotes)", {"kind": kind})
    if not value.strip():
        raise PydanticCustomError("pp_empty", "is empty", {})
    if not has_visible_text(value):
        raise PydanticCustomError("pp_empty", "is empty: it has only invisible characters", {})
    return value


#: Letters that render as nothing (Hangul fillers, the blank Braille pattern).
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
#: Unicode categories of characters that show nothing by themselves.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def has_visible_text(text: str) -> bool:
    """Whether ``text`` shows anything at all: not only spaces, zero-width or filler characters.

    >>> has_visible_text("\u200b\u3164 "), has_visible_text("제1조")
    (False, True)
    """
    return any(
        not char.isspace() and char not in _INVISIBLE_LETTERS and unicodedata.category(char) not in _INVISIBLE_CATEGORIES
        for char in text
    )


Date = Annotated[dt.date, BeforeValidator(_parse_date)]
Text = Annotated[str, BeforeValidator(_text)]
#: Text in every language of the site, keyed by language code: ``{ko: …, en: …}``.
Localized = dict[str, Text]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False, str_strip_whitespace=False)


#: The least notice a ``policy.yml`` may ask for: the smallest minimums the law ever had
#: (:mod:`policypress.core.notice_law`, where the numbers are written, dated). A version is held
#: to the minimum in force on its own announcement day, which may be more.
MIN_NOTICE_DAYS, MIN_ADVERSE_NOTICE_DAYS = notice_law().least


class NoticeRules(_Strict):
    """How many days before a change takes effect it must be announced."""

    # Strict: `days: true` is not a number of days.
    days: StrictInt = Field(
        MIN_NOTICE_DAYS, ge=MIN_NOTICE_DAYS, le=3650,
        description=f"Days of notice for any change; at least {MIN_NOTICE_DAYS}, and at least the law's minimum on a version's announcement day.",
    )  # fmt: skip
    adverse_days: StrictInt = Field(
        MIN_ADVERSE_NOTICE_DAYS, ge=MIN_ADVERSE_NOTICE_DAYS, le=3650,
        description=f"Days of notice for a change unfavourable to users; at least {MIN_ADVERSE_NOTICE_DAYS}, and at least the law's minimum on a version's announcement day.",
    )  # fmt: skip


class PolicyMeta(_Strict):
    """``docs/<policy>/policy.yml``: what the policy is and the rules its versions follow."""

    title: Localized = Field(description="The policy's title in every language.")
    owner: Localized = Field(description="Who issues the policy, in every language.")
    timezone: str = Field("Asia/Seoul", description="IANA time zone whose midnight starts an announcement or effective day.")
    authoritative: str | None = Field(None, description="Code of the binding language; other languages carry a notice.")
    notice: NoticeRules = Field(default_factory=NoticeRules)
    adopted: Date | None = Field(None, description="First day the site published this policy; older versions may carry a notice_waiver.")
    kind: Literal["privacy-kr", "terms"] | None = Field(
        None, description="What the policy is: privacy-kr is held to the items Korean law requires of a privacy policy (sections name them in covers)."
    )


class Section(_Strict):
    """One numbered part of a policy; its ``id`` is its anchor in every language and version."""

    id: str = Field(pattern=_SECTION_ID_PATTERN, description="Stable lowercase id: letters, digits, hyphens.")
    title: Localized
    body: Localized = Field(description="Markdown, in every language.")
    covers: list[Annotated[str, Field(pattern=_SECTION_ID_PATTERN)]] = Field(
        default_factory=list,
        description="The items the law requires that this section covers (a policy of kind privacy-kr): purpose, retention, …",
    )


class VersionFile(_Strict):
    """``docs/<policy>/versions/<effective>.yml``: a complete snapshot of the policy."""

    announced: Date = Field(description="First day the change is announced on the site.")
    effective: Date = Field(description="Day the version takes effect; equals the file name.")
    adverse: StrictBool = Field(False, description="True when the change is unfavourable to users (longer notice).")
    summary: Localized = Field(description="The reason for and gist of the change.")
    notice_waiver: Localized | None = Field(
        None, description="Why a version from before the site was adopted had less notice; shown publicly."
    )
    preamble: Localized | None = Field(None, description="Markdown shown before the first section.")
    sections: list[Section] = Field(min_length=1)
    not_applicable: dict[Annotated[str, Field(pattern=_SECTION_ID_PATTERN)], Localized] | None = Field(
        None, description="Items the law requires only where they apply, that do not: {item: {ko: why, en: why}}, shown to readers."
    )
    labels: dict[Annotated[str, Field(pattern=_SECTION_ID_PATTERN)], Localized] | None = Field(
        None,
        description="The labelling summary at the top of the text (주요 개인정보 처리 표시, a policy of kind privacy-kr): "
        "{item: {ko: short text, en: short text}}, one label for each processing that exists, linked to the section that covers it.",
    )


@dataclass(frozen=True)
class Version:
    """A version of a policy as loaded: the file's content and where it came from."""

    policy_id: str
    content: VersionFile
    source: SourceMap = field(compare=False, repr=False)

    @property
    def effective(self) -> dt.date:
        return self.content.effective

    @property
    def announced(self) -> dt.date:
        return self.content.announced

    @property
    def slug(self) -> str:
        """The version's permanent name, its effective date: ``2023-12-01``."""
        return self.content.effective.isoformat()

    def content_hash(self) -> str:
        """SHA-256 over the normalised content, the identity of what was published.

        Defaults are left out, so adding an optional field to the schema later
        does not change the hash of any version already published.
        """
        return self._hash

    @functools.cached_property
    def _hash(self) -> str:
        # Asked for by the lock check, the diff cache and the exports of every
        # build; the content of a loaded version never changes.
        return digest(self.content_data())

    def content_data(self) -> dict[str, Any]:
        """The content as JSON data, defaults left out (what the hashes are taken over): :func:`content_data`."""
        return content_data(self.content)


def content_data(content: VersionFile) -> dict[str, Any]:
    """A version's content as JSON data, defaults left out: what its hashes are taken over.

    A section's ``covers`` is left out: it is the author's note for the legal
    coverage check, not text a reader is shown, so it may be added to a
    published version without an erratum.
    """
    data = content.model_dump(mode="json", exclude_defaults=True)
    for section in data.get("sections", []):
        section.pop("covers", None)
    return data


#: The fields of a version that hold text in every language (``{ko: …, en: …}``), and the sections' and the
#: item maps' own: :func:`in_languages` keeps the languages asked for of each. A new such field of the schema
#: is added here (tests/unit/test_translations.py fails until it is).
LOCALIZED_FIELDS = ("summary", "notice_waiver", "preamble")
LOCALIZED_SECTION_FIELDS = ("title", "body")
LOCALIZED_ITEM_MAPS = ("not_applicable", "labels")


def in_languages(data: dict[str, Any], codes: Collection[str]) -> dict[str, Any]:
    """A version's content data (:func:`content_data`) with the texts of ``codes`` only.

    What a version said in those languages: the lock holds each language it
    recorded to its text, so a language added later (a new translation)
    leaves the hashes of the others as they were.

    >>> in_languages({"summary": {"ko": "가", "en": "a", "ja": "あ"}, "sections": [{"id": "x", "title": {"ko": "가", "ja": "あ"}}]}, ["ko"])
    {'summary': {'ko': '가'}, 'sections': [{'id': 'x', 'title': {'ko': '가'}}]}
    """
    def keep(texts: Any) -> Any:
        return {code: text for code, text in texts.items() if code in codes} if isinstance(texts, dict) else texts

    out = dict(data)
    for name in LOCALIZED_FIELDS:
        if name in out:
            out[name] = keep(out[name])
    if "sections" in out:
        out["sections"] = [
            {key: keep(value) if key in LOCALIZED_SECTION_FIELDS else value for key, value in section.items()} for section in out["sections"]
        ]
    for name in LOCALIZED_ITEM_MAPS:
        if isinstance(out.get(name), dict):
            out[name] = {item: keep(texts) for item, texts in out[name].items()}
    return out


def languages_in(data: dict[str, Any]) -> tuple[str, ...]:
    """The languages a version's content data is written in (its summary's, which every version has), sorted."""
    summary = data.get("summary")
    return tuple(sorted(summary)) if isinstance(summary, dict) else ()


def digest(value: Any) -> str:
    """``sha256:`` and the hex digest of ``value`` as canonical JSON: the hashes of versions and sections."""
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Policy:
    """A policy (``docs/privacy/``) and its versions, oldest first."""

    id: str
    meta: PolicyMeta
    versions: tuple[Version, ...]
    source: SourceMap = field(compare=False, repr=False)
    lock: LockFile | None = field(default=None, compare=False, repr=False)
    """Its ``versions.lock``, read once with the policy (empty when there is none; ``None`` when it is broken)."""

    def version(self, slug: str) -> Version:
        """The version with this effective date (``2023-12-01``)."""
        for version in self.versions:
            if version.slug == slug:
                return version
        raise KeyError(slug)

