"""A Korean privacy policy is held to the items the law requires, by date (issue 25, item 1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from policypress.core.languages import Languages
from policypress.core.legal import coverage, labels_markdown, labels_of, rules_of
from policypress.core.loader import load_site
from policypress.core.validation import validate

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
REQUIRED = ["purpose", "retention", "destruction", "rights", "officer", "items", "security"]
IF_APPLICABLE = ["provision", "sensitive", "outsourcing", "pseudonymized", "automatic", "overseas", "representative"]


def write_site(root: Path, *, effective: str = "2026-06-01", covers: dict[str, list[str]] | None = None,
               not_applicable: dict[str, dict[str, str]] | None = None, kind: str | None = "privacy-kr",
               labels: dict[str, dict[str, str]] | None = None) -> Path:
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
    if labels:
        version["labels"] = labels
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


# The labelling summary (주요 개인정보 처리 표시, issue 25 item 2)

ITEMS = {"ko": "성명, 연락처", "en": "Name, phone number"}
# The labels of what every privacy policy processes: a summary that has any has these.
BASE = {"items": ITEMS, "purpose": {"ko": "진료", "en": "Treatment"}, "retention": {"ko": "3년", "en": "3 years"},
        "officer": {"ko": "02-000-0000", "en": "+82 2-000-0000"}}  # fmt: skip


def test_the_labels_are_shown_in_the_law_s_order_each_linking_to_its_section(tmp_path: Path) -> None:
    covers = {**{item: [item] for item in REQUIRED + IF_APPLICABLE if item != "retention"}, "keeping": ["retention"]}
    labels = {"officer": BASE["officer"], "retention": BASE["retention"], "purpose": BASE["purpose"], "items": ITEMS}  # out of order
    root = write_site(tmp_path, covers=covers, labels=labels)
    assert problems(root) == []
    [policy] = load_site(root / "docs", LANGUAGES).policies
    [version] = policy.versions
    assert [(label.item, label.name, label.text, label.section) for label in labels_of(version, "ko")] == [
        ("items", "수집 항목", "성명, 연락처", "items"), ("purpose", "처리 목적", "진료", "purpose"),
        ("retention", "보유 기간", "3년", "keeping"), ("officer", "고충 처리", "02-000-0000", "officer"),
    ]  # fmt: skip
    assert [label.name for label in labels_of(version, "en")] == ["Information collected", "Purposes", "Retention", "Privacy contact"]
    assert labels_markdown(version, "en") == (
        "- **Information collected**: Name, phone number\n- **Purposes**: Treatment\n- **Retention**: 3 years\n"
        "- **Privacy contact**: \\+82 2\\-000\\-0000"
    )


def test_a_version_without_labels_has_no_summary(tmp_path: Path) -> None:
    [policy] = load_site(write_site(tmp_path) / "docs", LANGUAGES).policies
    assert labels_of(policy.versions[0], "ko") == [] and labels_markdown(policy.versions[0], "ko") is None


@pytest.mark.parametrize(
    ("labels", "covers_without", "not_applicable", "message"),
    [
        ({**BASE, "cookies": {"ko": "쿠키", "en": "Cookies"}}, None, None,
         'labels: "cookies" is not a label of privacy-kr (expected one of: items, purpose, retention, provision, outsourcing, '
         "automatic, overseas, officer)"),
        ({**BASE, "provision": {"ko": "보험사", "en": "Insurers"}}, "provision", {"provision": {"ko": "제공하지 않습니다.", "en": "None."}},
         'labels: "provision" (제3자 제공) says the processing exists, and not_applicable says it does not apply; say one of the two'),
        ({**BASE, "overseas": {"ko": "미국", "en": "USA"}}, "overseas", {"overseas": {"ko": "없음", "en": "None"}},
         'labels: "overseas" (국외 이전) says the processing exists, and not_applicable says it does not apply; say one of the two'),
        ({key: text for key, text in BASE.items() if key != "items"}, None, None,
         'labels: the summary has no "items" (수집 항목), which every privacy-kr policy processes: add items: {ko: …, en: …}'),
    ],
    ids=["unknown-label", "label-and-not-applicable", "overseas-and-not-applicable", "no-items"],
)
def test_what_the_labels_say_is_checked_against_the_sections(tmp_path: Path, labels, covers_without, not_applicable, message: str) -> None:  # type: ignore[no-untyped-def]
    covers = {item: [item] for item in REQUIRED + IF_APPLICABLE if item != covers_without}
    root = write_site(tmp_path, covers=covers, labels=labels, not_applicable=not_applicable)
    [problem] = problems(root)
    assert problem.startswith("error: docs/privacy/versions/2026-06-01.yml:") and problem.endswith(message)


def test_a_label_needs_a_section_to_link_to(tmp_path: Path) -> None:
    """A label of an if-applicable item no section covers cannot link anywhere, and the policy does not say it either."""
    covers = {item: [item] for item in REQUIRED + IF_APPLICABLE if item != "outsourcing"}
    root = write_site(tmp_path, covers=covers, labels={**BASE, "outsourcing": {"ko": "전산 업체", "en": "IT vendor"}},
                      not_applicable=None)  # fmt: skip
    [coverage, label] = problems(root)  # in the order of their lines
    assert label.startswith("error: docs/privacy/versions/2026-06-01.yml:") and label.endswith(
        'labels: "outsourcing" (처리 위탁) links to the section that covers outsourcing, and no section names it in covers: '
        "add outsourcing to the covers of the section that says it"
    )
    assert 'neither covers "outsourcing"' in coverage  # and the policy says nothing of it either


def test_labels_of_a_published_version_are_a_warning(tmp_path: Path) -> None:
    root = write_site(tmp_path, labels={key: text for key, text in BASE.items() if key != "items"})
    [problem] = problems(root, "2026-05-10")
    assert problem.startswith("warning: ") and problem.endswith(
        'labels: the summary has no "items" (수집 항목), which every privacy-kr policy processes: this version is published: '
        "in a new version, add items: {ko: …, en: …}"
    )


def test_a_policy_of_another_kind_has_no_labels(tmp_path: Path) -> None:
    root = write_site(tmp_path, kind="terms", covers={"purpose": []}, labels={"items": ITEMS})
    [problem] = problems(root)
    assert problem.startswith("error: docs/privacy/versions/2026-06-01.yml:") and problem.endswith(
        "labels is the labelling summary of a policy of a kind that has one (policy.yml: kind: privacy-kr)"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [("첫 줄\n둘째 줄", "one line"), ("가" * 121, "120")],
    ids=["two-lines", "too-long"],
)
def test_a_label_is_short_text(tmp_path: Path, text: str, message: str) -> None:
    root = write_site(tmp_path, labels={**BASE, "items": {"ko": text, "en": "Name"}})
    [problem] = problems(root)
    assert problem.startswith("error: docs/privacy/versions/2026-06-01.yml:") and message in problem
