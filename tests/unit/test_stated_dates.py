"""How a text states its own dates (``rules.stated_dates``): every wording it knows is found.

The three patterns are searched only in a text holding a word each of them needs
(:data:`policypress.core.rules._STATED_WORD`): one wording per alternative here, so a
word left out of that filter hides a wording and fails a case.
"""

from __future__ import annotations

import datetime as dt

import pytest

from policypress.core.rules import restate_dates, stated_dates

DAY = dt.date(2026, 12, 21)

WORDINGS = [
    ("시행일자: 2026년 12월 21일", "effective"),
    ("시행 일자 : 2026-12-21", "effective"),
    ("시행일 2026년 12월 21일", "effective"),
    ("효력 발생일: 2026년 12월 21일", "effective"),
    ("Effective Date: December 21, 2026", "effective"),
    ("EFFECTIVE DATE: 2026-12-21", "effective"),
    ("Date of effect: December 21, 2026", "effective"),
    ("effective from December 21, 2026", "effective"),
    ("Effective as of December 21, 2026", "effective"),
    ("effective on 2026-12-21", "effective"),
    ("This policy takes effect on December 21, 2026.", "effective"),
    ("These terms shall take effect on December 21, 2026.", "effective"),
    ("This policy comes into force on December 21, 2026.", "effective"),
    ("This policy comes into effect on December 21, 2026.", "effective"),
    ("이 방침은 2026년 12월 21일부터 시행합니다.", "effective"),
    ("이 약관은 2026년 12월 21일에 시행한다.", "effective"),
    ("공고일자: 2026년 12월 21일", "announced"),
    ("공고일 2026-12-21", "announced"),
    ("공지 일자: 2026년 12월 21일", "announced"),
    ("공지일: 2026년 12월 21일", "announced"),
    ("Announcement date: December 21, 2026", "announced"),
    ("Date of announcement: December 21, 2026", "announced"),
    ("Announced on December 21, 2026", "announced"),
    ("Date of notice: December 21, 2026", "announced"),
]


@pytest.mark.parametrize(("text", "what"), WORDINGS)
def test_every_wording_of_a_version_s_own_date_is_found(text: str, what: str) -> None:
    assert [(found, day) for found, day, _ in stated_dates(text)] == [(what, DAY)]
    # And what new-version writes in its copy follows the new date, written alike.
    moved = restate_dates(text, announced=dt.date(2027, 1, 4), effective=dt.date(2027, 2, 3))
    assert [day for _, day, _ in stated_dates(moved)] == [dt.date(2027, 2, 3) if what == "effective" else dt.date(2027, 1, 4)]


def test_a_text_without_such_a_wording_states_no_date() -> None:
    assert list(stated_dates("개인정보는 2026년 12월 21일까지 보관합니다. Kept until December 21, 2026.")) == []
