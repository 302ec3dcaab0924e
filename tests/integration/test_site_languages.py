"""The site's languages come from mkdocs.yml: any language Babel knows builds, any other is refused first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli, soup

pytestmark = pytest.mark.slow


def _second_language(project: Path, code: str, name: str) -> None:
    """Make ``code`` the site's second language in place of English, in the config and the content."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("{locale: en, name: English, build: true}", f"{{locale: {code}, name: {name}, build: true}}"),
        encoding="utf-8",
    )
    for path in (project / "docs").rglob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace(" en:", f" {code}:").replace("{en:", f"{{{code}:"), encoding="utf-8")
    (project / "docs/index.en.md").rename(project / f"docs/index.{code}.md")


def test_a_region_coded_language_builds_with_its_dates_and_search(fixture_project) -> None:
    # zh-Hant once passed check and failed at build: lunr knows only "zh".
    project = fixture_project("minimal")
    _second_language(project, "zh-Hant", "繁體中文")
    (project / "docs/terms/versions.lock").unlink()
    run_cli("lock", "--as-of", "2023-11-01", cwd=project, env=cli_env(), check=True)
    built = run_cli("build", "--as-of", "2024-04-01", cwd=project, env=cli_env())
    assert built.returncode == 0, built.stderr
    page = soup(project / "site/zh-Hant/terms/index.html")
    assert page.html["lang"] == "zh-Hant"
    assert "2024年3月1日" in page.select_one(".pp-status").get_text()
    index = json.loads((project / "site/zh-Hant/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["zh"]


def test_a_language_babel_does_not_know_is_refused_at_its_line_before_site_is_touched(fixture_project) -> None:
    project = fixture_project("minimal")
    run_cli("build", "--as-of", "2024-04-01", cwd=project, env=cli_env(), check=True)
    before = sorted(path.relative_to(project / "site") for path in (project / "site").rglob("*"))
    _second_language(project, "xx", "X")
    message = "mkdocs.yml:21: 'xx' is not a language Babel knows (expected a code such as ko, en or zh-Hant)"
    for command in ("check", "build"):
        result = run_cli(command, "--as-of", "2024-04-01", cwd=project, env=cli_env())
        assert (result.returncode, result.stderr) == (1, f"error: {message}\n"), command
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=cli_env(), capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1
    assert f"policypress: {message}" in plain.stderr
    assert sorted(path.relative_to(project / "site") for path in (project / "site").rglob("*")) == before
