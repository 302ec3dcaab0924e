"""``check`` and ``build`` agree on every bad input: the same lines, exit 1, and the previous site/ untouched.

Anything ``build`` would refuse, ``check`` refuses first, with the same
``file:line:col`` lines: both run :func:`policypress.core.validation.validate`.
Run in-process (the validation is what is compared; a subprocess per case
would only add start-up time).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policypress.cli import driver as cli
from tests.conftest import FIXTURES, SITES
from tests.unit.test_invalid_corpus import CASES, DEFAULT_AS_OF, prepare

CORPUS = FIXTURES / "invalid"
FAILING = [name for name in CASES if (CORPUS / name / "expected.txt").read_text(encoding="utf-8").strip() != "ok"]


def _project(name: str, tmp_path: Path) -> Path:
    """The case's docs/ in a site with the minimal fixture's mkdocs.yml, and a previous build in site/.

    No hand-written pages are added: a case's errors are its own (case 80 is about those pages).
    """
    case = prepare(name, tmp_path / "generated")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(SITES / "minimal" / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(case / "docs", project / "docs")
    site = project / "site"
    site.mkdir()
    (site / "policies.json").write_text(json.dumps({"generator": "policypress"}), encoding="utf-8")
    (site / "index.html").write_text("the site as it was\n", encoding="utf-8")
    return project


@pytest.mark.parametrize("name", FAILING)
def test_check_and_build_report_the_same_errors_and_keep_the_old_site(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    project = _project(name, tmp_path)
    monkeypatch.chdir(project)
    as_of = CORPUS / name / "as-of.txt"
    monkeypatch.setenv("POLICYPRESS_AS_OF", as_of.read_text().strip() if as_of.is_file() else DEFAULT_AS_OF)
    monkeypatch.delenv("POLICYPRESS_PREVIEW", raising=False)
    expected = [line for line in (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines() if ": warning: " not in line]

    check = cli.main(["check"])
    check_lines = capsys.readouterr().err.splitlines()
    built = cli.main(["build"])
    build_lines = capsys.readouterr().err.splitlines()

    if not expected:  # warnings only: both go on
        assert (check, built) == (0, 0)
        return
    assert (check, built) == (1, 1)
    errors = [line for line in check_lines if ": warning: " not in line]
    assert errors[:-1] == expected
    assert build_lines[:-1] == expected
    assert build_lines[-1].endswith("; site/ was left as it was")
    assert sorted(path.name for path in (project / "site").iterdir()) == ["index.html", "policies.json"]
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the site as it was\n"
    assert not list(project.glob(".site.*"))


def test_a_site_rewording_that_drops_the_notice_s_date_stops_check_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example's own catalog rewords the notice "changes on %(date)s." without the date: the notice of every page
    would no longer say when the change takes effect. ``check`` and ``build`` name the line; the site is kept."""
    from tests.conftest import ROOT, copy_project

    project = copy_project(ROOT, tmp_path / "example")
    catalog = project / "locales/ko/LC_MESSAGES/policypress.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    catalog.write_text("\n".join([*lines, "", 'msgid "changes on %(date)s."', 'msgstr "곧 변경됩니다."', ""]), encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "policies.json").write_text(json.dumps({"generator": "policypress"}), encoding="utf-8")
    (site / "index.html").write_text("the site as it was\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2026-12-10")  # the example's 2026-12-21 change is announced
    monkeypatch.delenv("POLICYPRESS_PREVIEW", raising=False)
    expected = (
        f"locales/ko/LC_MESSAGES/policypress.po:{len(lines) + 2}: the translation of \"changes on %(date)s.\" leaves out "
        "%(date)s: readers would not see what it stands for; keep every placeholder of the original"
    )

    assert cli.main(["check"]) == 1
    assert capsys.readouterr().err.splitlines()[:-1] == [expected]
    assert cli.main(["build"]) == 1
    built = capsys.readouterr().err.splitlines()
    assert built[:-1] == [expected] and built[-1].endswith("; site/ was left as it was")
    assert sorted(path.name for path in site.iterdir()) == ["index.html", "policies.json"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the site as it was\n"
    # Written with the date, it builds, and the notice says the date.
    catalog.write_text("\n".join([*lines, "", 'msgid "changes on %(date)s."', 'msgstr "%(date)s에 바뀝니다."', ""]), encoding="utf-8")
    assert cli.main(["build"]) == 0
    capsys.readouterr()
    assert "2026년 12월 21일에 바뀝니다." in (site / "index.html").read_text(encoding="utf-8")
