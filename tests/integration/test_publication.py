"""Notice counts from what the public site really showed, and a version with problems of its own is withheld,
never the reason every other version's transition stops (issue 24, items 2 and 3)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, copy_project, run_cli, soup

pytestmark = pytest.mark.slow

NEW = "docs/privacy/versions/2027-01-05.yml"


def add_version(project: Path, *, lock_on: str | None) -> None:
    """A new version effective 2027-01-05, announced 2026-12-04 (32 days of notice), locked on ``lock_on`` (or never)."""
    text = (project / "docs/privacy/versions/2026-12-21.yml").read_text(encoding="utf-8")
    for old, new in (
        ("announced: 2026-11-20", "announced: 2026-12-04"), ("effective: 2026-12-21", "effective: 2027-01-05"),
        ("「개인정보 보호법」에 맞추어", "2차 정비: 「개인정보 보호법」에 맞추어"), ("This revision brings", "Revision 2 brings"),
        ("최소한의 개인정보만을", "최소한의 개인정보만을 꼭"), ("minimum necessary personal", "minimum strictly necessary personal"),
        ("2026년 11월 20일", "2026년 12월 4일"), ("2026년 12월 21일", "2027년 1월 5일"),
        ("November 20, 2026", "December 4, 2026"), ("December 21, 2026", "January 5, 2027"),
    ):  # fmt: skip
        assert old in text, old
        text = text.replace(old, new)
    (project / NEW).write_text(text, encoding="utf-8")
    if lock_on is not None:
        run_cli("lock", cwd=project, env=cli_env(POLICYPRESS_AS_OF=lock_on), check=True)


def build(project: Path, as_of: str, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("build", *args, cwd=project, env=cli_env(POLICYPRESS_AS_OF=as_of))


@pytest.fixture(scope="module")
def deployed_before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example as deployed on 2026-12-03 (a site built before first_published was recorded)."""
    project = copy_project(ROOT, tmp_path_factory.mktemp("deployed"))
    assert build(project, "2026-12-03").returncode == 0
    index = json.loads((project / "site/policies.json").read_text(encoding="utf-8"))
    for policy in index["policies"]:
        for version in policy["versions"]:
            version.pop("first_published")  # as the index of an earlier policypress
    (project / "site/policies.json").write_text(json.dumps(index), encoding="utf-8")
    return project / "site"


@pytest.fixture
def late(tmp_path: Path) -> Path:
    """The issue's case: a version locked on 12-04, merged (and first built) on 12-30."""
    project = copy_project(ROOT, tmp_path / "late")
    add_version(project, lock_on="2026-12-04")
    return project


def test_notice_counts_from_the_first_build_that_published_the_version(late: Path, deployed_before: Path) -> None:
    result = build(late, "2026-12-30", "--deployed", str(deployed_before / "policies.json"))
    assert result.returncode == 3
    assert result.stderr.splitlines() == [
        "docs/privacy/versions/2027-01-05.yml:3:12: version 2027-01-05 of privacy is announced from 2026-12-04, but this "
        "build is the first to publish it on 2026-12-30: readers get 6 days of notice where 7 are required; the "
        "earliest lawful effective date is 2027-01-06: move the version there or later (rename the file, set effective, "
        "and announced to the day it will first be shown), then run `policypress lock --deployed <the deployed policies.json>`",
        "withheld: privacy 2027-01-05 is announced nowhere and counted nowhere until its 1 problem above is fixed",
        "Built site/ without 1 version; every other version is published",
    ]
    site = late / "site"
    # Withheld: no page, no banner, not in the index; the change in force on 12-21 took effect anyway.
    assert not (site / "privacy/2027-01-05").exists()
    assert soup(site / "index.html").select(".md-banner .pp-notice") == []
    index = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    versions = {v["effective"]: (v["state"], v["first_published"]) for v in index["policies"][0]["versions"]}
    # An index without first_published counts from the day it was built: the earliest evidence there is.
    assert versions == {"2023-12-01": ("archived", "2026-12-03"), "2026-12-21": ("current", "2026-12-03")}


def test_without_the_deployed_site_a_build_behaves_as_before(late: Path) -> None:
    result = build(late, "2026-12-30")
    assert result.returncode == 0, result.stderr
    index = json.loads((late / "site/policies.json").read_text(encoding="utf-8"))
    assert [(v["effective"], v["first_published"]) for v in index["policies"][0]["versions"]][-1] == ("2027-01-05", None)
    dates = soup(late / "site/privacy/2027-01-05/index.html").select_one(".pp-dates").get_text(" ", strip=True)
    assert dates == "공고일 2026년 12월 4일 시행일 2027년 1월 5일"


def test_first_published_is_recorded_once_and_carried_from_build_to_build(late: Path, deployed_before: Path, tmp_path: Path) -> None:
    on_time = build(late, "2026-12-04", "--deployed", str(deployed_before), "-d", str(tmp_path / "deployed-12-04"))
    assert on_time.returncode == 0, on_time.stderr
    index = json.loads((tmp_path / "deployed-12-04/policies.json").read_text(encoding="utf-8"))
    assert index["policies"][0]["versions"][-1]["first_published"] == "2026-12-04"
    later = build(late, "2026-12-30", "--deployed", str(tmp_path / "deployed-12-04"))
    assert later.returncode == 0, later.stderr
    index = json.loads((late / "site/policies.json").read_text(encoding="utf-8"))
    assert [(v["effective"], v["first_published"]) for v in index["policies"][0]["versions"]] == [
        ("2023-12-01", "2026-12-03"), ("2026-12-21", "2026-12-03"), ("2027-01-05", "2026-12-04"),
    ]
    # The history says when the site first showed a version that it showed later than announced.
    [entry] = soup(late / "site/en/privacy/history/index.html").select("#v2026-12-21 .pp-first-published")
    assert entry.get_text(" ", strip=True) == "First shown on this site December 3, 2026"
    assert soup(late / "site/en/privacy/history/index.html").select("#v2027-01-05 .pp-first-published") == []


def test_a_forgotten_lock_withholds_that_version_and_every_other_transition_happens(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "forgotten")
    add_version(project, lock_on=None)
    (project / "site").mkdir()
    result = build(project, "2026-12-21")
    assert result.returncode == 3
    assert result.stderr.splitlines()[0] == (
        "docs/privacy/versions/2027-01-05.yml:2:12: version 2027-01-05 of privacy is announced from 2026-12-04 but is "
        "not in versions.lock; a version is locked on or before its announcement day: if it was published then, "
        "restore its entry from version control; if it is new, readers have not seen it: set announced to 2026-12-21 "
        "or later, then run `policypress lock`"
    )
    site = project / "site"
    # 2026-12-21 took effect on its day; the unlocked version is announced nowhere.
    assert soup(site / "privacy/index.html").select_one(".pp-status").get_text(" ", strip=True).startswith("시행 중")
    assert "2027" not in (site / "privacy/history/index.html").read_text(encoding="utf-8")
    assert not (site / "privacy/2027-01-05").exists()
    check = run_cli("check", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2026-12-21"))
    assert check.returncode == 1
    assert check.stderr.splitlines()[-1] == "a build would publish the site without privacy 2027-01-05 (announced nowhere until fixed)"


def test_a_problem_readers_were_shown_still_stops_the_whole_build(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "both")
    add_version(project, lock_on=None)
    published = project / "docs/privacy/versions/2023-12-01.yml"
    published.write_text(published.read_text(encoding="utf-8").replace("The hospital uses cookies", "The Clinic uses cookies"), encoding="utf-8")
    result = build(project, "2026-12-21")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "2 errors; site/ was left as it was"
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "--deployed: no such file; pass the policies.json of the site as deployed now (e.g. from a checkout of gh-pages)"),
        ("{not json", "--deployed: not the policies.json of a site policypress built"),
        ('{"generator": "other", "as_of": "2026-12-01", "preview": false, "policies": []}', "--deployed: not the policies.json of a site policypress built"),
        ('{"generator": "policypress", "as_of": "2026-12-01", "preview": true, "policies": []}',
         "--deployed: this is the index of a preview; notice counts from what the public site showed"),
    ],
)
def test_the_deployed_index_must_be_the_public_sites(tmp_path: Path, content: str | None, message: str) -> None:
    project = copy_project(ROOT, tmp_path / "site")
    deployed = tmp_path / "deployed.json"
    if content is not None:
        deployed.write_text(content, encoding="utf-8")
    result = build(project, "2026-12-04", "--deployed", str(deployed))
    assert result.returncode == 1
    assert message in result.stderr
    assert not (project / "site").exists()
