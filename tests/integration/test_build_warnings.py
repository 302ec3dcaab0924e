"""MkDocs' warnings reach the author once each, and `build --strict` fails on them without touching site/."""

from __future__ import annotations

import pytest

from tests.conftest import cli_env, run_cli

pytestmark = pytest.mark.slow

BROKEN_LINK = "warning: Doc file 'index.en.md' contains a link 'missing.md', but the target is not found among documentation files."
UNKNOWN_OPTION = "warning: Config value 'plugins': Plugin 'policypress' option 'colour': Unrecognised configuration name: colour"


def test_mkdocs_warnings_are_shown_once_and_strict_fails_on_them(fixture_project) -> None:
    project = fixture_project("minimal")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    run_cli("build", cwd=project, env=env, check=True)
    before = sorted(path.relative_to(project) for path in (project / "site").rglob("*"))
    page = project / "docs/index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Old terms](missing.md)\n", encoding="utf-8")

    built = run_cli("build", cwd=project, env=env)
    assert built.returncode == 0
    assert built.stderr.splitlines() == [BROKEN_LINK]

    strict = run_cli("build", "--strict", cwd=project, env=env)
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [BROKEN_LINK, "error: Aborted with 1 warnings in strict mode!; site/ was left as it was"]
    assert sorted(path.relative_to(project) for path in (project / "site").rglob("*")) == before


def test_an_unknown_plugin_option_is_one_warning_and_refused_by_strict(fixture_project) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - policypress:\n", "  - policypress:\n      colour: red\n"), encoding="utf-8")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    built = run_cli("build", cwd=project, env=env)
    assert (built.returncode, built.stderr.splitlines()) == (0, [UNKNOWN_OPTION])
    strict = run_cli("build", "--strict", cwd=project, env=env)
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [UNKNOWN_OPTION, "error: Aborted with 1 configuration warnings in 'strict' mode!; site/ was left as it was"]


def test_strict_also_fails_on_policypress_warnings_before_mkdocs_runs(fixture_project) -> None:
    project = fixture_project("minimal")
    version = project / "docs/terms/versions/2024-03-01.yml"
    # Scheduled (announced after the as-of day), so it may change; the English text is left behind.
    version.write_text(
        version.read_text(encoding="utf-8").replace("announced: 2024-01-20", "announced: 2024-05-01").replace("effective: 2024-03-01", "effective: 2024-06-01"),
        encoding="utf-8",
    )
    version.rename(version.with_name("2024-06-01.yml"))
    env = cli_env(POLICYPRESS_AS_OF="2023-11-01")
    path = project / "docs/terms/versions/2024-06-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("전화: 02-123-4567\"\n      en", "전화: 02-123-9999\"\n      en"), encoding="utf-8")
    assert run_cli("build", cwd=project, env=env).returncode == 0
    strict = run_cli("build", "--strict", cwd=project, env=env)
    assert strict.returncode == 1
    assert "facts differ between languages" in strict.stderr
    assert strict.stderr.splitlines()[-1] == "3 warnings (--strict); site/ was left as it was"
