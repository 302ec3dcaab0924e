"""The example clinic's policy is a Korean privacy policy held to the law: what it covers, and what does not apply, told to readers
(issue 25, items 1 and 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, copy_project, run_cli, soup

pytestmark = pytest.mark.slow


def test_check_prints_the_coverage_table_of_the_newest_version() -> None:
    result = run_cli("check", "--coverage", cwd=ROOT, env=cli_env(POLICYPRESS_AS_OF="2026-12-04"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "coverage of privacy 2027-02-03 (privacy-kr, the law as of 2027-02-03):"
    assert lines[1].split() == ["item", "article", "sections", "status"]
    rows = {line.split()[0]: line for line in lines[2:] if line.startswith("  ") and not line.startswith("  not checked")}
    assert rows["rights"].split()[-3:] == ["rights,", "withdrawal", "covered"]
    assert rows["overseas"].endswith("not applicable: 본원은 개인정보를 국외로 이전하지 않습니다.")
    assert len(rows) == 14  # every item in force on 2027-02-03; ai-reuse only from 2027-03-09


def test_the_version_in_force_before_lacked_items_and_the_build_said_so(tmp_path: Path) -> None:
    """What the seed text lacked: without the version of 2027-02-03, the newest (published) version is warned about."""
    project = copy_project(ROOT, tmp_path / "site")
    (project / "docs/privacy/versions/2027-02-03.yml").unlink()
    lock = project / "docs/privacy/versions.lock"
    import json

    data = json.loads(lock.read_text(encoding="utf-8"))
    del data["versions"]["2027-02-03"]  # never announced: its entry goes with it
    lock.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = run_cli("check", "--strict", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2026-12-04"))
    assert result.returncode == 1
    missing = sorted(line.split('neither covers "', 1)[1].split('"')[0] for line in result.stderr.splitlines() if "neither covers" in line)
    assert missing == ["overseas", "pseudonymized", "representative", "sensitive"]
    assert all(": warning: " in line for line in result.stderr.splitlines() if "neither covers" in line)


def test_readers_are_told_which_items_do_not_apply_and_why(example_site) -> None:
    site = example_site("2027-01-10")
    for prefix, heading, first in (
        ("", "해당 없는 사항", "민감정보의 공개 가능성 및 비공개를 선택하는 방법: 본원은 진료 과정에서"),
        ("en/", "Items that do not apply", "Whether sensitive information may become public, and how to choose that it does not: The Clinic processes"),
    ):
        page = soup(site / prefix / "privacy/2027-02-03/index.html")
        title = page.select_one("h2#_not-applicable")
        assert title is not None and title.get_text(strip=True).rstrip("¶") == heading
        items = title.find_next("div", class_="pp-section-body").select("li")
        assert len(items) == 4 and items[0].get_text().startswith(first)
        # The changes page shows the list as what this version adds.
        changes = soup(site / prefix / "privacy/2027-02-03/changes/index.html")
        assert changes.select_one("h2#_not-applicable + .pp-change--added") is not None


def test_the_review_shows_the_coverage_of_the_newest_version(tmp_path: Path) -> None:
    base = copy_project(ROOT, tmp_path / "base")
    head = tmp_path / "head"
    shutil.copytree(base, head)
    version = head / "docs/privacy/versions/2027-02-03.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("    covers: [security]\n", ""), encoding="utf-8")
    result = run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), cwd=base, env=cli_env(POLICYPRESS_AS_OF="2026-12-04"))
    assert result.returncode == 1
    assert "### Legal coverage" in result.stdout
    assert "| `security` | 개인정보 보호법 시행령 제31조제1항 | \\- | ❌ missing |" in result.stdout


def test_the_labelling_summary_is_at_the_top_linking_to_its_sections(example_site) -> None:
    """Issue 25 item 2: the version of 2027-02-03 has a labelling summary; the one before has none."""
    site = example_site("2027-01-10")
    for prefix, heading, names in (
        ("", "주요 개인정보 처리 표시", ["수집 항목", "처리 목적", "보유 기간", "제3자 제공", "자동 수집", "고충 처리"]),
        ("en/", "Privacy at a glance",
         ["Information collected", "Purposes", "Retention", "Provided to others", "Automatic collection", "Privacy contact"]),
    ):  # fmt: skip
        page = soup(site / prefix / "privacy/2027-02-03/index.html")
        box = page.select_one("article section.pp-labels")
        assert box is not None and box.get("aria-labelledby") == "_labels"
        assert box.select_one("h2#_labels").get_text(strip=True).rstrip("¶") == heading
        # It comes before the policy's first section.
        assert box.find_next("h2", id=lambda value: value not in (None, "_labels")) is page.select("article h2[id]")[1]
        labels = box.select("li.pp-label")
        assert [label.select_one(".pp-label__name").get_text() for label in labels] == names
        for label in labels:
            link = label.select_one("a.pp-label__link")
            target = link["href"].removeprefix("#")
            assert link["href"].startswith("#") and page.find(id=target) is not None, link["href"]
            assert label.select_one(".pp-label__text").get_text(strip=True)  # the words, not the icon alone
            assert label.select_one("svg")["aria-hidden"] == "true"
        assert soup(site / prefix / "privacy/2026-12-21/index.html").select_one(".pp-labels") is None
        # On the changes page the summary is a part of the text like a section: each label is added.
        changes = soup(site / prefix / "privacy/2027-02-03/changes/index.html")
        added = changes.select_one("h2#_labels").find_next_sibling()
        assert "pp-change--added" in added["class"] and len(added.select("li")) == 6
