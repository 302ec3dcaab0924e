"""An erratum may mend wording, never a fact: what the fact check refuses, and what it lets through."""

from __future__ import annotations

import datetime as dt

import pytest

from policypress.core.corrections import fact_changes
from policypress.core.model import Section, VersionFile
from policypress.core.parity import Term


def version(ko: str, en: str = "Text.", *, adverse: bool = False, extra: bool = False) -> VersionFile:
    sections = [Section(id="terms", title={"ko": "조건", "en": "Terms"}, body={"ko": ko, "en": en})]
    if extra:
        sections.append(Section(id="contact", title={"ko": "문의", "en": "Contact"}, body={"ko": "문의하세요.", "en": "Ask us."}))
    return VersionFile(
        announced=dt.date(2026, 1, 1), effective=dt.date(2026, 1, 8), adverse=adverse, summary={"ko": "요약", "en": "Summary"},
        sections=sections,
    )  # fmt: skip


def described(before: VersionFile, after: VersionFile, glossary: tuple[Term, ...] = ()) -> list[str]:
    return [change.describe() for change in fact_changes(before, after, glossary)]


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # Numbers: durations, amounts, phone numbers, number words.
        ("개인정보를 3년간 보관합니다.", "개인정보를 10년간 보관합니다.", 'section "terms" (ko): “3” → “10”'),
        ("수수료는 1,000원입니다.", "수수료는 10,000원입니다.", 'section "terms" (ko): “1,000” → “10,000”'),
        ("전화: 02-123-4567", "전화: 02-123-4568", 'section "terms" (ko): “02-123-4567” → “02-123-4568”'),
        ("한 달 동안 보관합니다.", "두 달 동안 보관합니다.", 'section "terms" (ko): “한 달” → “두 달”'),
        ("삼 년간 보관합니다.", "십 년간 보관합니다.", 'section "terms" (ko): “삼 년간” → “십 년간”'),
        ("필수 항목: 이름", "선택 항목: 이름", 'section "terms" (ko): the word “필수” → the word “선택”'),
        # Dates, addresses.
        ("2026년 1월 8일부터 적용합니다.", "2026년 1월 9일부터 적용합니다.", 'section "terms" (ko): “2026-01-08” → “2026-01-09”'),
        ("문의: privacy@example.com", "문의: help@example.com", 'section "terms" (ko): “privacy@example.com” → “help@example.com”'),
        ("안내: https://example.com/a", "안내: https://example.com/b", 'section "terms" (ko): “example.com/a” → “example.com/b”'),
        # Names of laws and organisations.
        ("「의료법」에 따릅니다.", "「상법」에 따릅니다.", 'section "terms" (ko): “「의료법」” → “「상법」”'),
        ("개인정보분쟁조정위원회에 신청합니다.", "개인정보침해신고센터에 신청합니다.", 'section "terms" (ko): “개인정보분쟁조정위원회” → “개인정보침해신고센터”'),
        # What a sentence commits to.
        ("제3자에게 제공하지 않습니다.", "제3자에게 제공할 수 있습니다.", 'section "terms" (ko): the word “않” → the word “수있”'),
        # The shape of the text: a list item, a sentence.
        ("- 이름\n- 주소", "- 이름\n- 주소\n- 전화번호", 'section "terms" (ko): a list item, a sentence added'),
        ("보관합니다. 파기합니다.", "보관합니다.", 'section "terms" (ko): a sentence removed'),
    ],
)
def test_a_changed_fact_is_named(before: str, after: str, expected: str) -> None:
    assert described(version(before), version(after)) == [expected]


def test_english_facts_and_the_promise_of_a_sentence() -> None:
    before = version("가.", "The Clinic does not provide personal information to third parties.")
    after = version("가.", "The Clinic may provide personal information to third parties.")
    assert described(before, after) == ['section "terms" (en): the word “not” → the word “may”']
    laws = (version("가.", "Under the Medical Law."), version("가.", "Under the Commercial Act."))
    assert described(*laws) == ['section "terms" (en): “Medical Law” → “Commercial Act”']
    words = (version("가.", "Kept for three years."), version("가.", "Kept for five years."))
    assert described(*words) == ['section "terms" (en): “three” → “five”']


def test_a_glossary_name_is_a_fact() -> None:
    glossary = (Term({"ko": "개인정보 보호법", "en": "Personal Information Protection Act"}),)
    before, after = version("개인정보 보호법에 따라 처리합니다."), version("신용정보법에 따라 처리합니다.")
    [change] = described(before, after, glossary)
    assert change.startswith('section "terms" (ko): the name “en: Personal Information Protection Act / ko: 개인정보 보호법” removed')


def test_the_flags_and_sections_of_a_version_are_facts() -> None:
    assert described(version("가."), version("가.", adverse=True)) == ["adverse: false → true"]
    assert described(version("가."), version("가.", extra=True)) == ['section "contact": the whole section added']
    assert described(version("가.", extra=True), version("가.")) == ['section "contact": the whole section removed']



def test_the_labels_of_the_summary_and_their_facts_are_facts() -> None:
    """A label says the processing exists (주요 개인정보 처리 표시): adding one, dropping one, or changing a number in one
    changes what readers are told, so it is a new version, never an erratum."""
    def labelled(**labels: dict[str, str]) -> VersionFile:
        return version("가.").model_copy(update={"labels": labels or None})

    retention = {"ko": "진료기록 10년", "en": "Medical records 10 years"}
    assert described(labelled(retention=retention), labelled(retention={**retention, "ko": "진료기록 5년"})) == [
        'labels "retention" (ko): “10” → “5”'
    ]
    assert described(labelled(retention=retention), labelled()) == ['labels "retention": the label removed']
    assert described(labelled(), labelled(provision={"ko": "보험사", "en": "Insurers"})) == ['labels "provision": the label added']
    # Wording only: a particle mended in a label is a correction.
    assert described(labelled(retention={**retention, "ko": "진료기록은 10년"}), labelled(retention=retention)) == []


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("서비스 이용 조건을 정합니다.", "서비스의 이용 조건을 정합니다."),  # a particle
        ("개인정보를 보관 합니다.", "개인정보를 보관합니다."),  # spacing
        ("개인정보를 3년간 보관합니다", "개인정보를 3년간 보관합니다."),  # the full stop a sentence lacked
        ("**[수집항목]** 이름", "**수집항목:** 이름"),  # formatting
        ("「개인정보 보호법」에 따릅니다.", "「개인정보 보호법」을 따릅니다."),  # the same law
        ("2026년 1월 8일부터", "2026-01-08부터"),  # the same date, written otherwise
    ],
)
def test_wording_is_not_a_fact(before: str, after: str) -> None:
    assert described(version(before), version(after)) == []


def test_english_wording_and_a_name_out_of_brackets() -> None:
    before = version("가.", "After achieving the [Purpose of Collection and Use of Personal Information], the Clinic destroys it.")
    after = version("가.", "After achieving the purposes set out in “Purpose of collection and use of personal information”, the Clinic destroys it.")
    assert described(before, after) == []
    typo = (version("가.", "Personal information is kept for 3 yaers."), version("가.", "Personal information is kept for 3 years."))
    assert described(*typo) == []


def test_a_stated_date_put_right_is_wording_and_put_wrong_is_a_fact() -> None:
    # The version takes effect on 2026-01-08: a text that said otherwise may be corrected without notice.
    wrong, right = version("- 시행일자: 2026년 1월 15일"), version("- 시행일자: 2026년 1월 8일")
    assert described(wrong, right) == []
    assert described(right, wrong) == ['section "terms" (ko): “2026-01-08” → “2026-01-15”']
