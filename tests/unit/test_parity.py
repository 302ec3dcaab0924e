"""Facts that must agree across languages, and translations left behind."""

from __future__ import annotations

from pathlib import Path

from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.core.parity import Term, check_site, facts

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
POLICY = "title: {ko: 약관, en: Terms}\nowner: {ko: 회사, en: Company}\n"


def version(announced: str, effective: str, ko: str, en: str) -> str:
    return (
        f"announced: {announced}\neffective: {effective}\nsummary: {{ko: 요약 {effective}, en: Summary {effective}}}\n"
        "sections:\n  - id: contact\n    title: {ko: 문의, en: Contact}\n    body:\n"
        f"      ko: \"{ko}\"\n      en: \"{en}\"\n"
    )


def site(tmp_path: Path, *versions: tuple[str, str, str, str]):
    folder = tmp_path / "docs/terms"
    (folder / "versions").mkdir(parents=True)
    (folder / "policy.yml").write_text(POLICY, encoding="utf-8")
    for announced, effective, ko, en in versions:
        (folder / f"versions/{effective}.yml").write_text(version(announced, effective, ko, en), encoding="utf-8")
    return load_site(tmp_path / "docs", LANGUAGES, tmp_path)


def test_korean_and_english_dates_are_the_same_fact() -> None:
    assert facts("2026년 12월 21일부터 시행", "ko") == facts("Effective December 21, 2026", "en")


def test_phone_numbers_urls_and_emails_are_facts() -> None:
    ko = facts("전화 (02) 580-0533~4, <https://www.kopico.go.kr>, privacy@example.org", "ko")
    en = facts("Phone (02) 580-0533~4, <https://www.kopico.go.kr>, privacy@example.org", "en")
    assert ko == en
    assert sorted(ko) == ["e-mail privacy@example.org", "number (02)580-0533~4", "url kopico.go.kr"]


def test_third_party_is_a_word_not_a_number() -> None:
    assert facts("제3자에게 제공하지 않습니다.", "ko") == facts("not provided to third parties.", "en")


def test_glossary_terms_must_appear_in_both_languages() -> None:
    glossary = (Term({"ko": "개인정보 보호법", "en": "Personal Information Protection Act"}),)
    assert facts("「개인정보 보호법」에 따라", "ko", glossary) == facts("under the Personal Information Protection Act", "en", glossary)
    assert facts("「개인정보 보호법」에 따라", "ko", glossary) != facts("under the law", "en", glossary)


def test_a_missing_phone_number_is_a_warning_naming_both_lines(tmp_path: Path) -> None:
    loaded = site(tmp_path, ("2023-12-01", "2024-01-01", "전화: 02-3444-2080, 팩스: 02-3444-2081", "Phone: 02-3444-2080"))
    [warning] = check_site(loaded)
    assert warning.severity == "warning"
    assert warning.display(tmp_path) == (
        'docs/terms/versions/2024-01-01.yml:8:7: section "contact": facts differ between languages '
        "(ko at line 8, en at line 9): only the ko text has 02-3444-2081"
    )


def test_a_section_changed_in_one_language_only_is_a_stale_translation(tmp_path: Path) -> None:
    loaded = site(
        tmp_path,
        ("2023-12-01", "2024-01-01", "전화로 문의하세요.", "Call us."),
        ("2024-02-01", "2024-03-01", "우편으로 문의하세요.", "Call us."),
    )
    [warning] = check_site(loaded)
    assert warning.display(tmp_path) == (
        'docs/terms/versions/2024-03-01.yml:8:7: section "contact": the ko text changed since 2024-01-01 '
        "but the en text did not; is the translation stale? If it needs no change, record that you reviewed it: "
        "`policypress lock --reviewed en terms 2024-03-01`"
    )


def test_the_example_site_has_no_parity_warnings() -> None:
    from policypress.core.parity import load_glossary
    from tests.conftest import ROOT

    loaded = load_site(ROOT / "docs", LANGUAGES, ROOT)
    glossary, problems = load_glossary(ROOT / "docs", LANGUAGES.codes)
    assert problems == [] and len(glossary) > 5
    assert check_site(loaded, glossary) == []


def test_a_number_in_brackets_is_the_same_number() -> None:
    from policypress.core.parity import facts

    assert facts("최소 30일 전(3항 참조)", "ko") == facts("at least (30 days before, see (3)", "en")
    assert facts("(02) 580-0533", "ko") == facts("(02)580-0533", "en")  # an area code keeps its brackets
