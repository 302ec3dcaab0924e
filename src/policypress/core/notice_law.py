"""The least notice the law asks of a change, as dated data: the minimums in force on a version's announcement day.

The numbers live in one file the package ships (``data/legal/notice.yml``),
each entry with the first announcement day it applies to. A version is held
to the entry in force on its announcement day, so a new, longer minimum from
a given day is one entry of data: versions announced before it stay as valid
as they were, and every change announced from then on needs the new notice.
A policy may ask for more in its ``policy.yml``, never for less
(:func:`policypress.core.rules.required_notice_days`).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from policypress.package_data import DATA

NOTICE_FILE = DATA / "legal" / "notice.yml"
"""The minimums the package ships."""


class NoticeMinimum(BaseModel):
    """The least notice for a change announced from ``start`` (until the next entry's day)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    start: dt.date = Field(alias="from")
    days: StrictInt = Field(ge=1, le=3650)
    adverse_days: StrictInt = Field(ge=1, le=3650)
    source: str
    verified: str

    @model_validator(mode="after")
    def _adverse_at_least_days(self) -> NoticeMinimum:
        if self.adverse_days < self.days:
            raise ValueError(f"from {self.start}: adverse_days ({self.adverse_days}) is less than days ({self.days})")
        return self


class NoticeLaw(BaseModel):
    """Every minimum, oldest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    minimums: tuple[NoticeMinimum, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _in_order(self) -> NoticeLaw:
        days = [minimum.start for minimum in self.minimums]
        if days != sorted(set(days)):
            raise ValueError("minimums: each entry starts on a later day than the one before it")
        return self

    def on(self, day: dt.date) -> NoticeMinimum:
        """The minimum in force for a change announced on ``day`` (the first entry's before it began).

        >>> law = NoticeLaw.model_validate({"minimums": [
        ...     {"from": "1900-01-01", "days": 7, "adverse_days": 30, "source": "s", "verified": "v"},
        ...     {"from": "2027-06-01", "days": 14, "adverse_days": 30, "source": "s", "verified": "v"}]})
        >>> law.on(dt.date(2027, 5, 31)).days, law.on(dt.date(2027, 6, 1)).days
        (7, 14)
        """
        found = self.minimums[0]
        for minimum in self.minimums:
            if minimum.start <= day:
                found = minimum
        return found

    @property
    def least(self) -> tuple[int, int]:
        """The smallest ``(days, adverse_days)`` ever in force: what no ``policy.yml`` may ask for less than.

        (A version is still held to the minimum of its own announcement day, which may be more.)
        """
        return min(m.days for m in self.minimums), min(m.adverse_days for m in self.minimums)


@functools.cache
def _read(path: Path) -> NoticeLaw:
    return NoticeLaw.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def notice_law(path: Path | None = None) -> NoticeLaw:
    """The minimums of ``path`` (default: the ones the package ships, :data:`NOTICE_FILE`), read once."""
    return _read(path or NOTICE_FILE)


__all__ = ["NOTICE_FILE", "NoticeLaw", "NoticeMinimum", "notice_law"]
