"""Published versions are immutable: the lock file names what changed; errata are the way out."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from policypress.languages import Languages
from policypress.loader import load_site
from policypress.lockfile import LockFile, lock_published, record_erratum, unlocked, verify
from tests.conftest import SITES

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "minimal" / "docs", tmp_path / "docs")
    return tmp_path


def load(project: Path):
    return load_site(project / "docs", LANGUAGES, project)


def edit(project: Path, old: str, new: str, name: str = "2024-01-01.yml") -> None:
    path = project / "docs/terms/versions" / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_lock_records_only_published_versions(project: Path) -> None:
    added = lock_published(load(project), dt.date(2024, 1, 10))
    assert [v.slug for v in added] == ["2024-01-01"]  # 2024-03-01 is announced on 2024-01-20
    lock = json.loads((project / "docs/terms/versions.lock").read_text(encoding="utf-8"))
    assert list(lock["versions"]) == ["2024-01-01"]
    assert set(lock["versions"]["2024-01-01"]["sections"]) == {"_meta", "purpose", "contact"}
    assert [v.slug for v in unlocked(load(project), dt.date(2024, 1, 25))] == ["2024-03-01"]
    assert verify(load(project)) == []


def test_editing_a_locked_version_names_the_version_and_section(project: Path) -> None:
    lock_published(load(project), dt.date(2024, 1, 10))
    edit(project, "3년간", "4년간")
    [error] = verify(load(project))
    assert error.display(project) == (
        'docs/terms/versions/2024-01-01.yml:1:1: published version 2024-01-01 changed since it was locked '
        '(sections: "purpose"); published versions are immutable: revert the edit, or record a correction with '
        '`policypress lock --erratum "<reason>" terms 2024-01-01`'
    )


def test_reformatting_without_changing_content_is_not_an_edit(project: Path) -> None:
    lock_published(load(project), dt.date(2024, 1, 10))
    edit(project, "summary: {ko: 최초 제정, en: First version}", "summary:\n  ko: '최초 제정'\n  en: \"First version\"\nadverse: false")
    assert verify(load(project)) == []


def test_deleting_a_published_version_is_an_error(project: Path) -> None:
    lock_published(load(project), dt.date(2024, 2, 1))
    (project / "docs/terms/versions/2024-03-01.yml").unlink()
    [error] = verify(load(project))
    assert error.display(project).startswith("docs/terms/versions.lock:")
    assert "published version 2024-03-01 of terms is missing" in error.message


def test_an_erratum_accepts_the_correction_and_is_recorded(project: Path) -> None:
    lock_published(load(project), dt.date(2024, 1, 10))
    old_hash = load(project).policy("terms").version("2024-01-01").content_hash()
    edit(project, "서비스 이용 조건을", "서비스의 이용 조건을")
    erratum = record_erratum(load(project), "terms", "2024-01-01", "Typo in the Korean text", dt.date(2024, 2, 2))
    assert erratum.old == old_hash and erratum.reason == "Typo in the Korean text"
    assert verify(load(project)) == []
    entry = LockFile.read(project / "docs/terms/versions.lock").entries["2024-01-01"]
    assert [e.to_json()["date"] for e in entry.errata] == ["2024-02-02"]


@pytest.mark.parametrize(
    ("slug", "reason", "message"),
    [
        ("2024-01-01", "", "an erratum needs a reason, shown publicly on the history page"),
        ("2024-01-01", "nothing", "terms 2024-01-01 has not changed since it was locked; there is nothing to correct"),
        ("2024-03-01", "early", "terms 2024-03-01 is not locked; an erratum corrects a published, locked version"),
    ],
)
def test_erratum_refusals(project: Path, slug: str, reason: str, message: str) -> None:
    lock_published(load(project), dt.date(2024, 1, 10))
    with pytest.raises(ValueError) as info:
        record_erratum(load(project), "terms", slug, reason, dt.date(2024, 2, 2))
    assert str(info.value) == message


def test_a_broken_lock_file_is_a_content_error(project: Path) -> None:
    (project / "docs/terms/versions.lock").write_text("{\n  \"versions\": [\n", encoding="utf-8")
    [error] = verify(load(project))
    assert error.display(project).startswith("docs/terms/versions.lock:3:1: invalid JSON")


def test_the_example_site_matches_its_lock() -> None:
    from tests.conftest import ROOT

    assert verify(load_site(ROOT / "docs", LANGUAGES, ROOT)) == []
