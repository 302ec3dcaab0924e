"""The law's minimum notice is dated data (issue 27, item 4): a longer minimum from a given day applies to the changes
announced from that day, and every version announced before it stays as valid as it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from policypress.core import notice_law
from tests.conftest import SITES, cli_env, copy_project, run_cli

pytestmark = pytest.mark.slow

LONGER = {
    "from": "2024-06-01", "days": 14, "adverse_days": 45,
    "source": "a law of the test's own", "verified": "written for this test",
}  # fmt: skip


@pytest.fixture
def longer_minimum(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The package's minimums with one more entry: 14 days (45 for unfavourable changes) from 2024-06-01."""
    shipped = yaml.safe_load(notice_law.NOTICE_FILE.read_text(encoding="utf-8"))
    path = tmp_path / "notice.yml"
    path.write_text(yaml.safe_dump({"minimums": [*shipped["minimums"], LONGER]}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(notice_law, "NOTICE_FILE", path)  # (the commands run in this process: see tests.conftest.run_cli)
    return path


def _version(project: Path, announced: str, effective: str, *, adverse: bool = False) -> None:
    """A new version of the minimal site's terms, a real edit of the newest one."""
    versions = project / "docs/terms/versions"
    text = (versions / "2024-03-01.yml").read_text(encoding="utf-8")
    text = (
        text.replace("announced: 2024-01-20", f"announced: {announced}").replace("effective: 2024-03-01", f"effective: {effective}")
        .replace("adverse: true", f"adverse: {'true' if adverse else 'false'}")
        .replace("보관 기간 연장", f"{effective} 개정").replace("Longer retention", f"Revised on {effective}")
        .replace("These terms set the conditions", f"These terms ({effective}) set the conditions")
        .replace("이 약관은 서비스", f"이 약관({effective})은 서비스")
    )  # fmt: skip
    (versions / f"{effective}.yml").write_text(text, encoding="utf-8")


def test_a_change_announced_before_the_new_minimum_keeps_the_old_one(tmp_path: Path, longer_minimum: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    _version(project, "2024-05-24", "2024-05-31")  # 7 days, announced the week before the new minimum
    env = cli_env(POLICYPRESS_AS_OF="2024-05-24")
    run_cli("lock", cwd=project, env=env, check=True)
    run_cli("build", cwd=project, env=env, check=True)
    index = json.loads((project / "site/policies.json").read_text(encoding="utf-8"))
    assert {v["effective"]: v["notice_days"] for v in index["policies"][0]["versions"]} == {
        "2024-01-01": 7, "2024-03-01": 30, "2024-05-31": 7,
    }  # fmt: skip


def test_a_change_announced_from_the_new_minimum_needs_it(tmp_path: Path, longer_minimum: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    _version(project, "2024-06-01", "2024-06-08")
    _version(project, "2024-07-01", "2024-08-01", adverse=True)
    checked = run_cli("check", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-05-20"))
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == [
        "docs/terms/versions/2024-06-08.yml:2:12: effective 2024-06-08 is 7 days after announced 2024-06-01; this "
        "policy needs 14 days of notice (earliest effective date: 2024-06-15)",
        "docs/terms/versions/2024-08-01.yml:2:12: effective 2024-08-01 is 31 days after announced 2024-07-01; an "
        "adverse change to this policy needs 45 days of notice (earliest effective date: 2024-08-15)",
        "2 errors",
    ]


def test_the_notice_a_reader_is_given_names_the_days_the_law_asked_on_its_day(tmp_path: Path, longer_minimum: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    _version(project, "2024-07-01", "2024-08-15", adverse=True)
    env = cli_env(POLICYPRESS_AS_OF="2024-07-01")
    run_cli("lock", cwd=project, env=env, check=True)
    notice = run_cli("notice", "terms", "2024-08-15", "--lang", "en", cwd=project, env=env, check=True).stdout
    assert "announced 45 days before it takes effect" in notice
