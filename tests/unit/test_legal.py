"""A Korean privacy policy is held to the items the law requires, by date (issue 25, item 1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from policypress.core.languages import Languages
from policypress.core.legal import coverage, rules_of
from policypress.core.loader import load_site
from policypress.core.validation import validate

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
REQUIRED = ["purpose", "retention", "destruction", "rights", "officer", "items", "security"]
IF_APPLICABLE = ["provision", "sensitive", "outsourcing", "pseudonymized", "automatic", "overseas", "representative"]


def write_site(root: Path, *, effective: str = "2026-06-01", covers: dict[str, list[str]] | None = None,
               not_applicable: dict[str, dict[str, str]] | None = None, kind: str | None = "privacy-kr") -> Path:
    """A privacy policy with one section per item (or as ``covers`` says), announced well before it takes effect."""
    policy = {"title": {"ko": "개인정보 처리방침", "en": "Privacy Policy"}, "owner": {"ko": "테스트", "en": "Test"}, "timezone": "Asia/Seoul"}
    if kind:
        policy["kind"] = kind
    folder = root / "docs" / "privacy" / "versions"
    folder.mkdir(parents=True)
    (root / "docs/privacy/policy.yml").write_text(yaml.safe_dump(policy, allow_unicode=True), encoding="utf-8")
    covers = covers if covers is not None else {item: [item] for item in REQUIRED + IF_APPLICABLE}
    announced = dt.date.fromisoformat(effective) - dt.timedelta(days=30)
    version = {
        "announced": announced.isoformat(),
        "effective": effective,
        "summary": {"ko": "제정", "en": "First version"},
        "sections": [
            {"id": section, "title": {"ko": f"{section} 조항", "en": f"{section} section"},
             "body": {"ko": f"{section}에 관한 사항입니다.", "en": f"About {section}."}, "covers": items}
            for section, items in covers.items()
        ],
    }  # fmt: skip
    if not_applicable:
        version["not_applicable"] = not_applicable
    (folder / f"{effective}.yml").write_text(yaml.safe_dump(version, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


def problems(root: Path, when: str = "2026-01-01") -> list[str]:
    checked = validate(docs_dir=root / "docs", languages=LANGUAGES, as_of=dt.date.fromisoformat(when))
    # No lock in these sites: what is about the lock is not what these tests look at.
    return [f"{p.severity}: {p.display(root)}" for p in checked.problems if "versions.lock" not in p.message]


def test_a_policy_covering_every_item_passes() -> None:
    assert [item.id for item in rules_of("privacy-kr").on(dt.date(2026, 6, 1))] == [  # type: ignore[union-attr]
        "purpose", "retention", "provision", "destruction", "sensitive", "outsourcing", "pseudonymized", "rights",
        "officer", "automatic", "items", "overseas", "security", "representative",
    ]  # fmt: skip


def test_a_required_item_no_section_covers_is_an_error_at_the_sections(tmp_path: Path) -> None:
    covers = {item: [item] for item in REQUIRED + IF_APPLICABLE if item != "officer"}
    root = write_site(tmp_path, covers=covers)
    assert problems(root) == [
        'error: docs/privacy/versions/2026-06-01.yml:7:1: version 2026-06-01 of privacy does not cover "officer" '
        "(개인정보 보호법 제30조제1항제6호: 개인정보 보호책임자(또는 고충 처리 부서)의 성명·명칭과 전화번호 등 연락처), which "
        "the law requires on 2026-06-01: write it in a section and name it in that section's covers"
    ]


def test_an_if_applicable_item_is_covered_or_explained_to_readers(tmp_path: Path) -> None:
    covers = {item: [item] for item in REQUIRED + IF_APPLICABLE if item != "overseas"}
    root = write_site(tmp_path / "a", covers=covers)
    assert problems(root) == [
        'error: docs/privacy/versions/2026-06-01.yml:7:1: version 2026-06-01 of privacy neither covers "overseas" '
        "(개인정보 보호법 시행령 제31조제1항: 개인정보의 국외 이전에 관한 사항) nor says why it does not apply: write it in "
        "a section and name it in that section's covers, or give the reason readers will see: not_applicable: {overseas: {ko: …, en: …}}"
    ]
    explained = write_site(tmp_path / "b", covers=covers, not_applicable={"overseas": {"ko": "국외로 이전하지 않습니다.", "en": "Nothing is transferred abroad."}})
    assert problems(explained) == []


@pytest.mark.parametrize(
    ("not_applicable", "extra", "message"),
    [
        ({"officer": {"ko": "없음", "en": "None"}}, {},
         'not_applicable: "officer" (개인정보 보호법 제30조제1항제6호) is required of every privacy-kr policy; a section must cover it'),
        ({"overseas": {"ko": "없음", "en": "None"}}, {},
         '"overseas" (개인정보 보호법 시행령 제31조제1항: 개인정보의 국외 이전에 관한 사항) is covered by section "overseas" and declared not applicable; say one of the two'),
        ({"cookies": {"ko": "없음", "en": "None"}}, {},
         'not_applicable: "cookies" is not an item of privacy-kr (expected one of: purpose, retention, provision, destruction, '
         "sensitive, outsourcing, pseudonymized, rights, officer, automatic, items, overseas, security, representative, ai-reuse)"),
        (None, {"extra": ["marketing"]},
         'section "extra": covers "marketing", which is not an item of privacy-kr (expected one of: purpose, retention, '
         "provision, destruction, sensitive, outsourcing, pseudonymized, rights, officer, automatic, items, overseas, security, "
         "representative, ai-reuse)"),
    ],
    ids=["required-declared-not-applicable", "covered-and-declared", "unknown-item", "unknown-cover"],
)
def test_what_a_version_says_of_the_items_is_checked(tmp_path: Path, not_applicable, extra, message: str) -> None:  # type: ignore[no-untyped-def]
    covers = {**{item: [item] for item in REQUIRED + IF_APPLICABLE}, **extra}
    root = write_site(tmp_path, covers=covers, not_applicable=not_applicable)
    [problem] = problems(root)
    assert problem.startswith("error: docs/privacy/versions/2026-06-01.yml:") and problem.endswith(message)


def test_the_law_is_the_one_in_force_on_the_effective_date(tmp_path: Path) -> None:
    """The statement on reuse for AI development (from 2027-03-09) applies to versions effective from that day."""
    before = write_site(tmp_path / "before", effective="2027-03-08")
    assert problems(before, "2027-01-01") == []
    on = write_site(tmp_path / "on", effective="2027-03-09")
    [problem] = problems(on, "2027-01-01")
    assert 'neither covers "ai-reuse" (개인정보 보호법 제28조의12제5항: 인공지능 개발을 위한 개인정보 재이용에 관한 사항)' in problem
    old = write_site(tmp_path / "old", effective="2023-06-01")  # before the 2023 amendment: no sensitive, pseudonymized, overseas
    [loaded] = load_site(old / "docs", LANGUAGES).policies
    assert "sensitive" not in [found.item.id for found in coverage(loaded, loaded.versions[0])]


def test_a_published_newest_version_is_a_warning_to_write_a_new_one(tmp_path: Path) -> None:
    covers = {item: [item] for item in REQUIRED + IF_APPLICABLE if item != "security"}
    root = write_site(tmp_path, covers=covers)
    [problem] = problems(root, "2026-05-10")  # announced 2026-05-02: published
    assert problem.startswith("warning: ")
    assert problem.endswith("which the law requires on 2026-06-01: this version is published: in a new version, write it in a section and name it in that section's covers")


def test_a_policy_of_another_kind_names_no_items(tmp_path: Path) -> None:
    root = write_site(tmp_path, kind="terms", covers={"purpose": ["purpose"]})
    assert problems(root) == [
        'error: docs/privacy/versions/2026-06-01.yml:15:3: section "purpose": covers names what the law requires of a policy '
        "of a kind that has rules (policy.yml: kind: privacy-kr)"
    ]


def test_covers_is_a_note_for_the_check_not_published_text(tmp_path: Path) -> None:
    root = write_site(tmp_path)
    [policy] = load_site(root / "docs", LANGUAGES).policies
    before = policy.versions[0].content_hash()
    path = root / "docs/privacy/versions/2026-06-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("covers:\n    - officer", "covers:\n    - officer\n    - items"), encoding="utf-8")
    [policy] = load_site(root / "docs", LANGUAGES).policies
    assert policy.versions[0].content_hash() == before  # annotating a published version needs no erratum
