"""States of versions through time: unit cases and invariants over random histories."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policypress.core.model import NoticeRules, Policy, PolicyMeta, Section, Version, VersionFile
from policypress.cli import environment
from policypress.core.schedule import State, compute, day_start, parse_as_of
from policypress.core.yamlsource import SourceMap

TEXT = {"ko": "본문", "en": "Text"}


def make_policy(dates: list[tuple[dt.date, dt.date]], timezone: str = "Asia/Seoul") -> Policy:
    meta = PolicyMeta(title=TEXT, owner=TEXT, timezone=timezone, notice=NoticeRules())
    versions = tuple(
        Version(
            "terms",
            VersionFile(
                announced=announced,
                effective=effective,
                summary=TEXT,
                sections=[Section(id="a", title=TEXT, body=TEXT)],
            ),
            SourceMap(Path(f"{effective}.yml")),
        )
        for announced, effective in dates
    )
    return Policy("terms", meta, versions, SourceMap(Path("policy.yml")))


EXAMPLE = make_policy([(dt.date(2023, 12, 1), dt.date(2023, 12, 1)), (dt.date(2026, 11, 20), dt.date(2026, 12, 21))])


@pytest.mark.parametrize(
    ("when", "states"),
    [
        ("2026-11-19", ["current", "scheduled"]),
        ("2026-11-20", ["current", "upcoming"]),
        ("2026-12-20", ["current", "upcoming"]),
        ("2026-12-20T14:59:59Z", ["current", "upcoming"]),
        ("2026-12-20T15:00:00Z", ["archived", "current"]),
        ("2026-12-21", ["archived", "current"]),
        ("2023-11-30", ["scheduled", "scheduled"]),
    ],
)
def test_states_on_a_day(when: str, states: list[str]) -> None:
    schedule = compute(EXAMPLE, parse_as_of(when))
    assert [item.state.value for item in schedule.states] == states


def test_next_change_is_the_next_midnight_in_seoul() -> None:
    assert compute(EXAMPLE, parse_as_of("2026-11-25")).next_change == day_start(dt.date(2026, 12, 21), "Asia/Seoul")
    assert compute(EXAMPLE, parse_as_of("2026-11-01")).next_change == day_start(dt.date(2026, 11, 20), "Asia/Seoul")
    assert compute(EXAMPLE, parse_as_of("2027-01-01")).next_change is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("2026-13-01", "expected a date (2026-11-20) or an ISO date and time with an offset (2026-11-20T09:00:00+09:00)"),
        ("tomorrow", "expected a date (2026-11-20) or an ISO date and time with an offset (2026-11-20T09:00:00+09:00)"),
        ("2026-11-20T09:00:00", "give the time with an offset (Z or +09:00)"),
        # Once an OverflowError in the feed and the calendar: 9999-12-31 in New York is 10000-01-01 in UTC.
        ("9999-12-31T23:00:00-05:00", "expected a moment from 1900-01-01 to 2999-12-31"),
        ("0001-01-01", "expected a moment from 1900-01-01 to 2999-12-31"),
    ],
)
def test_as_of_must_be_a_date_or_an_instant_with_offset_in_range(text: str, why: str) -> None:
    with pytest.raises(ValueError) as flag:
        parse_as_of(text, "--as-of")
    assert str(flag.value) == f"--as-of {text!r}: {why}"
    with pytest.raises(ValueError) as variable:
        environment.as_of(None, {"POLICYPRESS_AS_OF": text})
    assert str(variable.value) == f"POLICYPRESS_AS_OF={text!r}: {why}"


# -- invariants -------------------------------------------------------------------

days = st.integers(min_value=0, max_value=400)


@st.composite
def histories(draw: st.DrawFn) -> Policy:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=draw(days))
    count = draw(st.integers(min_value=1, max_value=6))
    dates = []
    effective = start
    for _ in range(count):
        effective = effective + dt.timedelta(days=draw(st.integers(min_value=1, max_value=90)))
        announced = effective - dt.timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        dates.append((announced, effective))
    timezone = draw(st.sampled_from(["Asia/Seoul", "UTC", "America/New_York", "Pacific/Kiritimati"]))
    return make_policy(dates, timezone)


instants = st.datetimes(
    min_value=dt.datetime(2023, 6, 1), max_value=dt.datetime(2027, 6, 1), timezones=st.just(dt.timezone.utc)
)


@settings(max_examples=200, deadline=None)
@given(histories(), instants)
def test_exactly_one_current_once_the_first_is_effective(policy: Policy, when: dt.datetime) -> None:
    schedule = compute(policy, when)
    current = [item for item in schedule.states if item.state is State.CURRENT]
    first_effective = policy.versions[0].effective
    assert len(current) == (1 if schedule.today >= first_effective else 0)
    if current:
        assert current[0].version is max((v for v in policy.versions if v.effective <= schedule.today), key=lambda v: v.effective)


ORDER = {State.SCHEDULED: 0, State.UPCOMING: 1, State.CURRENT: 2, State.ARCHIVED: 3}


@settings(max_examples=200, deadline=None)
@given(histories(), instants, st.integers(min_value=1, max_value=10_000_000))
def test_states_only_move_forward_in_time(policy: Policy, when: dt.datetime, seconds: int) -> None:
    before = compute(policy, when)
    after = compute(policy, when + dt.timedelta(seconds=seconds))
    for early, late in zip(before.states, after.states, strict=True):
        assert ORDER[late.state] >= ORDER[early.state]


@settings(max_examples=200, deadline=None)
@given(histories(), instants)
def test_next_change_is_the_earliest_future_announcement_or_effective_instant(policy: Policy, when: dt.datetime) -> None:
    schedule = compute(policy, when)
    tz = policy.meta.timezone
    future = sorted(
        day_start(day, tz) for v in policy.versions for day in (v.announced, v.effective) if day_start(day, tz) > when
    )
    assert schedule.next_change == (future[0] if future else None)
    if schedule.next_change is not None:
        # Nothing changes before it, and something changes at it.
        just_before = compute(policy, schedule.next_change - dt.timedelta(seconds=1))
        at = compute(policy, schedule.next_change)
        assert [s.state for s in just_before.states] == [s.state for s in schedule.states]
        assert [s.state for s in at.states] != [s.state for s in schedule.states]
