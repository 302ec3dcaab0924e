"""Published versions are immutable and locked before their announcement; the lock names what changed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.core.recording import LockRefused, lock, record_erratum, record_settings_change
from policypress.core.lock_file import LockFile
from policypress.core.lock_rules import scheduled_unlocked, verify_policy
from policypress.core.validation import validate
from tests.conftest import ROOT, SITES

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
#: The minimal site: 2024-01-01 (announced 2023-12-01) and 2024-03-01 (announced 2024-01-20, adverse).
FIRST_ANNOUNCED = dt.date(2023, 12, 1)
LATER = dt.date(2024, 4, 1)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "minimal" / "docs", tmp_path / "docs")
    (tmp_path / "docs/terms/versions.lock").unlink()
    return tmp_path


def load(project: Path):
    return load_site(project / "docs", LANGUAGES, project)


def edit(project: Path, old: str, new: str, name: str = "versions/2024-01-01.yml") -> None:
    path = project / "docs/terms" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(project: Path, when: dt.date = LATER) -> list[str]:
    """Every problem `policypress check` reports at ``when`` (the lock's, and any other)."""
    checked = validate(docs_dir=project / "docs", languages=LANGUAGES, as_of=when)
    return [f"{p.severity}: {p.display(project)}" for p in checked.problems]


def lock_file(project: Path) -> dict:
    return json.loads((project / "docs/terms/versions.lock").read_text(encoding="utf-8"))


def test_lock_records_every_version_and_the_settings_before_the_announcements(project: Path) -> None:
    result = lock(load(project), FIRST_ANNOUNCED)
    assert [v.slug for v in result.added] == ["2024-01-01", "2024-03-01"]  # the second is scheduled
    assert result.settings == ["terms"]
    data = lock_file(project)
    assert data["format"] == 4
    assert data["policy"]["settings"]["timezone"] == "Asia/Seoul"
    entry = data["versions"]["2024-03-01"]
    assert (entry["locked"], entry["announced"]) == ("2023-12-01", "2024-01-20")
    assert set(entry["sections"]) == {"purpose", "contact"}
    assert set(entry["fields"]) == {"announced", "effective", "adverse", "summary"}
    assert entry["languages"] == ["en", "ko"] and "translations" not in entry
    assert problems(project) == []
    assert lock(load(project), FIRST_ANNOUNCED).added == []  # nothing left to lock


def test_a_published_version_without_a_lock_entry_is_an_error(project: Path) -> None:
    # Deleting versions.lock, then editing a published version, no longer passes.
    assert problems(project) == [
        "error: docs/terms/versions/2024-01-01.yml:1:12: version 2024-01-01 of terms is announced from 2023-12-01 "
        "but is not in versions.lock; a version is locked on or before its announcement day: if it was published "
        "then, restore its entry from version control; if it is new, readers have not seen it and it cannot take effect on 2024-01-01: rename it "
        "to its new effective date, set announced to "
        "2024-04-01 or later, then run `policypress lock`",
        "error: docs/terms/versions/2024-03-01.yml:1:12: version 2024-03-01 of terms is announced from 2024-01-20 "
        "but is not in versions.lock; a version is locked on or before its announcement day: if it was published "
        "then, restore its entry from version control; if it is new, readers have not seen it and it cannot take effect on 2024-03-01: rename it "
        "to its new effective date, set announced to "
        "2024-04-01 or later, then run `policypress lock`",
    ]
    assert problems(project, FIRST_ANNOUNCED) == [
        "error: docs/terms/versions/2024-01-01.yml:1:12: version 2024-01-01 of terms is announced from 2023-12-01 "
        "but is not in versions.lock; a version is locked on or before its announcement day: run `policypress lock` to record it",
    ]


def test_lock_refuses_a_version_whose_announcement_has_passed(project: Path) -> None:
    with pytest.raises(LockRefused) as refused:
        lock(load(project), dt.date(2024, 1, 10))
    assert str(refused.value) == (
        "terms 2024-01-01 says it was announced on 2023-12-01, before today (2024-01-10), but it was never locked: "
        "readers could not have seen it; set announced to 2024-01-10 or later (or restore its lock entry if it was published)"
    )
    assert not (project / "docs/terms/versions.lock").exists()  # all or nothing


def test_a_version_locked_after_its_announcement_day_is_an_error(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    file = LockFile.read(project / "docs/terms/versions.lock")
    file.entries["2024-03-01"].locked = dt.date(2024, 2, 1)  # written after readers should have seen it
    file.write()
    assert problems(project) == [
        "error: docs/terms/versions/2024-03-01.yml:1:12: announced 2024-01-20, but version 2024-03-01 was first "
        "locked on 2024-02-01: readers could not see it before then, and notice counts from then; set announced "
        "to 2024-02-01 or later",
    ]


@pytest.mark.parametrize(
    ("old", "new", "names", "where"),
    [
        ("3년간 보관합니다.\n      en: These terms set the conditions of use. Personal information is kept for 3 years",
         "4년간 보관합니다.\n      en: These terms set the conditions of use. Personal information is kept for 4 years", '"purpose"', "5:5"),
        ("summary: {ko: 최초 제정, en: First version}", "summary: {ko: 최초 제정, en: The first version}", "summary", "3:10"),
        ("sections:", "preamble: {ko: 머리말, en: Preface}\nsections:", "preamble", "4:11"),
        ("title: {ko: 문의, en: Contact}", "title: {ko: 문의, en: Contact us}", '"contact"', "10:5"),
    ],
)
def test_editing_a_published_version_names_what_changed(project: Path, old: str, new: str, names: str, where: str) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    edit(project, old, new)
    assert problems(project) == [  # at the first thing that changed
        f"error: docs/terms/versions/2024-01-01.yml:{where}: published version 2024-01-01 changed since it was locked "
        f"({names}); published versions are immutable: revert the edit, or record a correction with "
        '`policypress lock --erratum "<reason>" terms 2024-01-01`'
    ]


def test_a_scheduled_version_may_change_and_is_locked_anew(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    edit(project, "5년간", "6년간", "versions/2024-03-01.yml")
    edit(project, "5 years", "6 years", "versions/2024-03-01.yml")
    assert problems(project, dt.date(2024, 1, 10)) == []
    assert [v.slug for v in scheduled_unlocked(load(project).policy("terms"), dt.date(2024, 1, 10))] == ["2024-03-01"]
    result = lock(load(project), dt.date(2024, 1, 10))
    assert [v.slug for v in result.updated] == ["2024-03-01"]
    assert lock_file(project)["versions"]["2024-03-01"]["locked"] == "2024-01-10"
    assert problems(project) == []


def test_a_fake_hash_is_a_corrupt_lock_entry(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    data = lock_file(project)
    data["versions"]["2024-01-01"]["hash"] = "sha256:" + "0" * 64
    (project / "docs/terms/versions.lock").write_text(json.dumps(data, indent=2), encoding="utf-8")
    [problem] = problems(project)
    assert problem.startswith("error: docs/terms/versions.lock:")
    assert problem.endswith(
        "the lock entry of terms 2024-01-01 is corrupt: its hash does not match the hashes of its own fields and "
        "sections; restore versions.lock from version control"
    )


def test_reformatting_without_changing_content_is_not_an_edit(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    edit(project, "summary: {ko: 최초 제정, en: First version}", "summary:\n  ko: '최초 제정'\n  en: \"First version\"\nadverse: false")
    assert problems(project) == []


def test_deleting_a_published_version_is_an_error_and_an_unpublished_one_is_not(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    (project / "docs/terms/versions/2024-03-01.yml").unlink()
    assert problems(project, dt.date(2024, 1, 10)) == [
        "warning: docs/terms/versions.lock:41: version 2024-03-01 of terms is locked but its file is gone; it was "
        "never published, so run `policypress lock` to remove its entry"
    ]
    assert lock(load(project), dt.date(2024, 1, 10)).removed == [("terms", "2024-03-01")]
    (project / "docs/terms/versions/2024-01-01.yml").unlink()
    (project / "docs/terms/versions/2024-01-02.yml").write_text(
        (SITES / "minimal/docs/terms/versions/2024-03-01.yml").read_text(encoding="utf-8")
        .replace("2024-03-01", "2024-01-02").replace("2024-01-20", "2023-12-01").replace("adverse: true", "adverse: false"),
        encoding="utf-8",
    )  # fmt: skip
    [deleted, unlocked] = problems(project)
    assert "docs/terms/versions.lock:" in deleted and "published version 2024-01-01 of terms is missing" in deleted
    assert "version 2024-01-02 of terms is announced from 2023-12-01 but is not in versions.lock" in unlocked


def published(project: Path, slug: str = "2024-01-01") -> dict:
    """The content of a version as it is now: the text a correction replaces (``lock --erratum`` finds it in git)."""
    return load(project).policy("terms").version(slug).content_data()


def test_an_erratum_accepts_the_correction_and_is_recorded(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    old_hash = load(project).policy("terms").version("2024-01-01").content_hash()
    text = published(project)
    edit(project, "서비스 이용 조건을", "서비스의 이용 조건을")
    erratum = record_erratum(load(project), "terms", "2024-01-01", "Typo in the Korean text", dt.date(2024, 2, 2), published=text)
    assert erratum.old == old_hash and erratum.reason == "Typo in the Korean text"
    assert erratum.before == text  # kept: readers can still read what was published
    assert problems(project) == []
    entry = LockFile.read(project / "docs/terms/versions.lock").entries["2024-01-01"]
    assert [e.to_json()["date"] for e in entry.errata] == ["2024-02-02"]
    assert entry.locked == FIRST_ANNOUNCED  # the day it was first locked stays


@pytest.mark.parametrize(
    ("slug", "reason", "message"),
    [
        ("2024-01-01", "", "an erratum needs a reason, shown publicly on the history page"),
        ("2024-01-01", "nothing", "terms 2024-01-01 has not changed since it was locked; there is nothing to correct"),
        # What lock writes, check reads: a reason longer than a lock may hold is refused before it is written.
        ("2024-01-01", "가" * 40_000, "the reason is 40,000 characters long; it is shown on the history page: write it in "
         "at most 2,000 (the correction itself is shown beside it)"),
    ],
)
def test_erratum_refusals(project: Path, slug: str, reason: str, message: str) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    with pytest.raises(ValueError) as info:
        record_erratum(load(project), "terms", slug, reason, dt.date(2024, 2, 2), published=published(project, slug))
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("timezone: Asia/Seoul", "timezone: Asia/Tokyo",
         "docs/terms/policy.yml:3:11: timezone of terms is locked as Asia/Seoul since its versions were published; "
         "changing it would change when and how they apply: restore Asia/Seoul"),
        ("authoritative: ko", "authoritative: en",
         "docs/terms/policy.yml:4:16: authoritative of terms is locked as ko since its versions were published; "
         "changing it would change when and how they apply: restore ko"),
        ("adopted: 2024-01-01", "adopted: 2027-01-01",
         "docs/terms/policy.yml:6:10: adopted of terms is locked as 2024-01-01 since its versions were published; "
         "changing it would change when and how they apply: restore 2024-01-01"),
        ("notice: {days: 7, adverse_days: 30}", "notice: {days: 7, adverse_days: 45}",
         "docs/terms/policy.yml:5:33: notice.adverse_days of terms changed since it was locked (was 30); record the "
         'change with its public reason: `policypress lock --erratum "<reason>" terms`'),
        ("title: {ko: 이용약관, en: Terms of Service}", "title: {ko: 이용약관, en: Terms of Use}",
         "docs/terms/policy.yml:1:8: title of terms changed since it was locked (was {ko: 이용약관, en: Terms of Service}); "
         'record the change with its public reason: `policypress lock --erratum "<reason>" terms`'),
    ],
)  # fmt: skip
def test_settings_of_a_published_policy_are_locked(project: Path, old: str, new: str, message: str) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    edit(project, old, new, "policy.yml")
    assert problems(project) == [f"error: {message}"]


def test_notice_may_grow_with_a_recorded_reason_and_never_shrink(project: Path) -> None:
    edit(project, "notice: {days: 7, adverse_days: 30}", "notice: {days: 10, adverse_days: 30}", "policy.yml")
    lock(load(project), FIRST_ANNOUNCED)
    edit(project, "days: 10,", "days: 8,", "policy.yml")
    assert problems(project) == [
        "error: docs/terms/policy.yml:5:16: notice.days of terms is locked at 10; a policy with published versions "
        "may give longer notice, never shorter"
    ]
    with pytest.raises(ValueError, match="notice.days of terms cannot change once versions are published"):
        record_settings_change(load(project), "terms", "Shorter", dt.date(2024, 2, 2))
    edit(project, "days: 8,", "days: 14,", "policy.yml")
    change = record_settings_change(load(project), "terms", "Two weeks of notice from now on", dt.date(2024, 2, 2))
    assert (change.old, change.new) == ({"notice_days": 10}, {"notice_days": 14})
    assert problems(project) == []


def test_a_waiver_is_only_for_a_version_already_in_force_when_locked(project: Path) -> None:
    waiver = "notice_waiver: {ko: 사이트 개설 전, en: Before the site}\n"
    edit(project, "adverse: true\n", "adverse: true\n" + waiver, "versions/2024-03-01.yml")
    edit(project, "adopted: 2024-01-01", "adopted: 2024-03-01", "policy.yml")  # a future adoption day
    lock(load(project), FIRST_ANNOUNCED)
    assert problems(project) == [
        "error: docs/terms/versions/2024-03-01.yml:4:16: notice_waiver is only for a version that was already in force "
        "when it was locked; this version takes effect on 2024-03-01, after it was locked on 2023-12-01"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{\n  \"versions\": [\n", "docs/terms/versions.lock:3:1: invalid JSON: Expecting value"),
        ("[" * 100_000, "docs/terms/versions.lock:1: not a policypress lock file (nesting too deep); restore it from version control"),
        ("5", "docs/terms/versions.lock:1: not a policypress lock file (: Input should be a valid dictionary or instance of LockData); restore it from version control"),
        ('{"format": 2, "versions": {"2024-01-01": {"hash": "md5:x", "locked": "2024-01-01", "sections": {}}}}',
         "docs/terms/versions.lock:1: not a policypress lock file (versions.2024-01-01.hash: String should match pattern "
         "'^sha256:[0-9a-f]{64}$'); restore it from version control"),
        *[
            ('{"format": 2, "versions": {"2024-01-01": {"hash": "sha256:' + "0" * 64 + '", "locked": "2024-01-01", "sections": {}, '
             '"errata": [{"date": "2024-01-02", "reason": ' + reason + ', "old": "sha256:' + "1" * 64 + '", "new": "sha256:'
             + "2" * 64 + '"}]}}}',
             f"docs/terms/versions.lock:1: not a policypress lock file (versions.2024-01-01.errata.0.reason: {said}); "
             "restore it from version control")
            for reason, said in (
                ('{"ko": "정정", "../x": "y"}', "'../x' is not a language code (such as ko, en or zh-Hant)"),
                ('{"en": 5}', "in en: expected a text of 1 to 2,000 characters"),
                ('{"en": "a\\u202eb"}', "in en: character 2 is U+202E, a bidirectional control, which changes how the text around it is displayed"),
                ("{}", "expected a reason in 1 to 20 languages"),
                ("[]", "expected a text of 1 to 2,000 characters"),
            )
        ],
    ],
)  # fmt: skip
def test_a_broken_lock_file_is_a_content_error(project: Path, content: str, message: str) -> None:
    (project / "docs/terms/versions.lock").write_text(content, encoding="utf-8")
    assert problems(project) == [f"error: {message}"]


def test_a_format_1_lock_asks_for_the_settings_and_is_upgraded_keeping_its_errata(project: Path) -> None:
    lock(load(project), FIRST_ANNOUNCED)
    data = lock_file(project)
    old = {
        "format": 1,
        "versions": {
            slug: {"hash": e["hash"], "locked": e["locked"], "sections": {**e["sections"], "_meta": "sha256:" + "1" * 64},
                   "errata": [{"date": "2024-02-02", "reason": "Typo", "old": "sha256:" + "2" * 64, "new": e["hash"]}]}
            for slug, e in data["versions"].items()
        },
    }  # fmt: skip
    (project / "docs/terms/versions.lock").write_text(json.dumps(old), encoding="utf-8")
    # Errata of format 1 kept no text: readers cannot see what was published, which a warning says.
    untold = [
        f"warning: docs/terms/versions.lock:1: the correction of 2024-02-02 to terms {slug} does not keep the text it "
        "replaced, so readers cannot see the text as it was published: run `policypress lock --restore-errata` to take "
        "it from the repository's history"
        for slug in ("2024-01-01", "2024-03-01")
    ]
    assert problems(project) == [
        *untold,
        "error: docs/terms/versions.lock:1: versions.lock of terms does not record the policy's settings (title, owner, "
        "time zone, binding language, notice, adopted): run `policypress lock`",
    ]
    lock(load(project), LATER)
    upgraded = lock_file(project)
    assert upgraded["format"] == 4 and upgraded["policy"]["locked"] == "2024-04-01"
    assert upgraded["versions"]["2024-01-01"]["errata"][0]["reason"] == "Typo"
    assert upgraded["versions"]["2024-01-01"]["locked"] == "2023-12-01"
    assert [problem.split(": ", 2)[2] for problem in problems(project)] == [u.split(": ", 2)[2] for u in untold]


def test_the_example_site_matches_its_lock() -> None:
    site = load_site(ROOT / "docs", LANGUAGES, ROOT)
    assert [problem for policy in site.policies for problem in verify_policy(policy, dt.date(2026, 12, 1))] == []
