"""The dated minimums of notice (data/legal/notice.yml): read, checked, chosen by the announcement day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from policypress.core.model import MIN_ADVERSE_NOTICE_DAYS, MIN_NOTICE_DAYS, NoticeRules
from policypress.core.notice_law import NOTICE_FILE, NoticeLaw, notice_law


def _law(*entries: tuple[str, int, int]) -> NoticeLaw:
    return NoticeLaw.model_validate(
        {"minimums": [{"from": day, "days": days, "adverse_days": adverse, "source": "s", "verified": "v"} for day, days, adverse in entries]}
    )


def test_the_shipped_minimums_are_seven_and_thirty_days_and_say_where_they_come_from() -> None:
    law = notice_law()
    assert [(m.days, m.adverse_days) for m in law.minimums] == [(7, 30)]
    assert all(m.source.strip() and m.verified.strip() for m in law.minimums)
    assert law.on(dt.date(2026, 12, 7)).days == 7 and law.on(dt.date(2011, 1, 1)).adverse_days == 30
    assert NOTICE_FILE.name == "notice.yml" and NOTICE_FILE.parent.name == "legal"


def test_policy_yml_may_not_ask_for_less_than_the_least_minimum_ever() -> None:
    assert (MIN_NOTICE_DAYS, MIN_ADVERSE_NOTICE_DAYS) == notice_law().least == (7, 30)
    with pytest.raises(ValidationError, match="greater than or equal to 7"):
        NoticeRules(days=6)
    assert NoticeRules().days == 7 and NoticeRules().adverse_days == 30


def test_the_entry_in_force_on_the_announcement_day_applies() -> None:
    law = _law(("1900-01-01", 7, 30), ("2027-06-01", 14, 45))
    assert [(law.on(day).days, law.on(day).adverse_days) for day in (dt.date(2027, 5, 31), dt.date(2027, 6, 1), dt.date(2030, 1, 1))] == [
        (7, 30), (14, 45), (14, 45),
    ]  # fmt: skip
    assert law.least == (7, 30)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ((("2027-06-01", 14, 30), ("1900-01-01", 7, 30)), "minimums: each entry starts on a later day than the one before it"),
        ((("1900-01-01", 7, 30), ("1900-01-01", 14, 30)), "minimums: each entry starts on a later day than the one before it"),
        ((("1900-01-01", 30, 7),), "from 1900-01-01: adverse_days (7) is less than days (30)"),
    ],
)
def test_a_minimum_out_of_order_or_upside_down_is_refused(entries: tuple[tuple[str, int, int], ...], message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        _law(*entries)
    assert message in str(refused.value)


def test_a_file_of_minimums_is_read_from_where_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "notice.yml"
    path.write_text(
        "minimums:\n  - {from: 1900-01-01, days: 10, adverse_days: 40, source: here, verified: by this test}\n", encoding="utf-8"
    )
    assert notice_law(path).on(dt.date(2026, 1, 1)).days == 10
