"""Which version of a policy is in force, announced, or still to come, at an instant.

Days start at midnight in the policy's own time zone: in Asia/Seoul,
2023-11-30T15:00Z is already 2023-12-01. The instant is always an argument;
reading the clock (:func:`now`) or ``POLICYPRESS_AS_OF`` is the front
ends' business.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from policypress.core.errors import PolicyPressError
from policypress.core.model import FIRST_DAY, LAST_DAY, Policy, Version



class State(enum.StrEnum):
    """Where a version stands on a given day."""

    SCHEDULED = "scheduled"
    """Announcement day not reached: not published (shown in previews only)."""
    UPCOMING = "upcoming"
    """Announced, not yet in force: published with a notice on every page."""
    CURRENT = "current"
    """The latest version in force."""
    ARCHIVED = "archived"
    """In force once, superseded since: a permanent page out of nav and search."""


@dataclass(frozen=True)
class VersionState:
    """A version and its state on the day the schedule was computed for."""

    version: Version
    state: State

    @property
    def published(self) -> bool:
        return self.state is not State.SCHEDULED


@dataclass(frozen=True)
class PolicySchedule:
    """The states of every version of one policy on one day."""

    policy: Policy
    today: dt.date
    states: tuple[VersionState, ...]
    next_change: dt.datetime | None
    """The next instant (aware, UTC) at which any version changes state."""

    def of(self, version: Version) -> State:
        try:
            return self._states_by_version[id(version)]
        except KeyError:
            raise KeyError(version.slug) from None

    # Asked for on every page: looked up, never scanned (a scan per page grows as the square of a long history).
    @functools.cached_property
    def _states_by_version(self) -> dict[int, State]:
        return {id(item.version): item.state for item in self.states}

    @functools.cached_property
    def current(self) -> Version | None:
        return next((s.version for s in self.states if s.state is State.CURRENT), None)

    @functools.cached_property
    def upcoming(self) -> tuple[Version, ...]:
        return tuple(s.version for s in self.states if s.state is State.UPCOMING)

    @functools.cached_property
    def not_archived(self) -> tuple[Version, ...]:
        """The versions in force, to come or scheduled (a long history's few that are not superseded)."""
        return tuple(s.version for s in self.states if s.state is not State.ARCHIVED)

    def visible(self, *, preview: bool = False) -> tuple[VersionState, ...]:
        """The versions that get pages: published ones, and scheduled ones in a preview."""
        return tuple(s for s in self.states if preview or s.published)


def local_day(instant: dt.datetime, timezone: str) -> dt.date:
    """The calendar day of ``instant`` in ``timezone``.

    >>> local_day(dt.datetime(2023, 11, 30, 15, tzinfo=dt.timezone.utc), "Asia/Seoul")
    datetime.date(2023, 12, 1)
    """
    return instant.astimezone(ZoneInfo(timezone)).date()


def day_start(day: dt.date, timezone: str) -> dt.datetime:
    """The instant (UTC) at which ``day`` begins in ``timezone``.

    >>> day_start(dt.date(2026, 12, 21), "Asia/Seoul").isoformat()
    '2026-12-20T15:00:00+00:00'
    """
    local = dt.datetime.combine(day, dt.time(0), tzinfo=ZoneInfo(timezone))
    return local.astimezone(dt.timezone.utc)


#: A moment to compute states for: an aware datetime, or a calendar day, which
#: means that day in each policy's own time zone.
AsOf = dt.datetime | dt.date


def today_for(when: AsOf, timezone: str) -> dt.date:
    """The day ``when`` falls on in ``timezone``."""
    if isinstance(when, dt.datetime):
        return local_day(when, timezone)
    return when


def compute(policy: Policy, when: AsOf) -> PolicySchedule:
    """The state of each version of ``policy`` at ``when``."""
    tz = policy.meta.timezone
    today = today_for(when, tz)
    current = None
    for version in policy.versions:
        if version.effective <= today:
            current = version
    states = []
    for version in policy.versions:
        if version is current:
            state = State.CURRENT
        elif version.effective <= today:
            state = State.ARCHIVED
        elif version.announced <= today:
            state = State.UPCOMING
        else:
            state = State.SCHEDULED
        states.append(VersionState(version, state))
    future = [
        day_start(day, tz)
        for version in policy.versions
        for day in (version.announced, version.effective)
        if day > today
    ]
    return PolicySchedule(policy, today, tuple(states), min(future) if future else None)


class MomentError(PolicyPressError, ValueError):
    """A moment given by the user (``--as-of``, ``POLICYPRESS_AS_OF``, an option) that is not one."""


def parse_as_of(text: str, source: str = "--as-of") -> AsOf:
    """``YYYY-MM-DD`` (that day, in each policy's time zone) or an ISO datetime.

    A datetime without an offset is refused: it would mean a different instant
    on every machine. ``source`` (the flag or the variable the text came from)
    is named in the error, so the reader knows what to correct.

    >>> parse_as_of("2026-12-20T15:00:00Z").isoformat()
    '2026-12-20T15:00:00+00:00'
    >>> parse_as_of("2026-11-20")
    datetime.date(2026, 11, 20)
    >>> parse_as_of("yesterday")
    Traceback (most recent call last):
    ...
    policypress.core.schedule.MomentError: --as-of 'yesterday': expected a date (2026-11-20) or an ISO date and time with an offset (2026-11-20T09:00:00+09:00)
    """
    text = text.strip()
    given = f"{source}={text!r}" if source.isupper() else f"{source} {text!r}"
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            _check_range(given, day)
            return day
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        if str(exc).startswith(given):
            raise
        raise MomentError(
            f"{given}: expected a date (2026-11-20) or an ISO date and time with an offset (2026-11-20T09:00:00+09:00)"
        ) from None
    if value.tzinfo is None:
        raise MomentError(f"{given}: give the time with an offset (Z or +09:00)")
    _check_range(given, value.date())
    return value.astimezone(dt.timezone.utc)


def _check_range(given: str, day: dt.date) -> None:
    # The same range as the dates of a version: a day's start in any time zone stays in the calendar.
    if not FIRST_DAY <= day <= LAST_DAY:
        raise MomentError(f"{given}: expected a moment from {FIRST_DAY} to {LAST_DAY}")


def now() -> dt.datetime:
    """This instant, in UTC: the moment shown when none is given. Only the front ends read the clock."""
    return dt.datetime.now(dt.timezone.utc)
