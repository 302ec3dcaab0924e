"""``policypress build`` on bad input: exit 1, the exact error, and the previous site/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, SITES, copy_project, run_cli

pytestmark = pytest.mark.slow

CORPUS = FIXTURES / "invalid"
#: One YAML syntax error, one schema error, one rule spanning fields.
CASES = ["02-yaml-unclosed-quote", "13-missing-language", "27-notice-too-short-adverse"]


@pytest.mark.parametrize("name", CASES)
def test_build_refuses_bad_input_and_keeps_the_old_site(name: str, tmp_path: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "project")
    shutil.rmtree(project / "docs" / "terms")
    shutil.copytree(CORPUS / name / "docs" / "terms", project / "docs" / "terms")
    site = project / "site"
    site.mkdir()
    (site / "marker.txt").write_text("the site as it was\n", encoding="utf-8")

    result = run_cli("build", cwd=project)

    assert result.returncode == 1, result.stdout + result.stderr
    for line in (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in result.stderr
    assert "Traceback" not in result.stderr
    assert [path.name for path in site.iterdir()] == ["marker.txt"]
    assert (site / "marker.txt").read_text(encoding="utf-8") == "the site as it was\n"
    assert not list(project.glob(".site.new-*"))
