"""Files under docs/ that lead out of the project are never read, published, quoted or indexed (issue 24, item 12)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli

pytestmark = pytest.mark.slow

ENV = cli_env(POLICYPRESS_AS_OF="2024-04-01")
OUTSIDE = "this file is a link to a file outside the project; policypress reads and publishes only the project's files: copy the file into the project, or remove the link"


@pytest.fixture
def project(fixture_project, tmp_path: Path) -> Path:
    site = fixture_project("minimal")
    run_cli("lock", cwd=site, env=ENV, check=True)
    secrets = tmp_path / "home"
    secrets.mkdir()
    (secrets / "token.txt").write_text("TOKEN-5f1d2a\n", encoding="utf-8")
    (secrets / "leak.md").write_text("# Leaked\n\nTOKEN-5f1d2a\n", encoding="utf-8")
    (secrets / "other.yml").write_text("announced: 2024-03-20\neffective: 2024-04-20\nsummary: {ko: hunter2, en: hunter2}\n", encoding="utf-8")
    return site


def _everything(folder: Path) -> str:
    return "".join(path.read_text(encoding="utf-8", errors="replace") for path in folder.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("docs/assets/token.txt", "home/token.txt"),  # an asset: copied into the site as it is
        ("docs/leak.ko.md", "home/leak.md"),  # a page: published and indexed for search
        ("docs/terms/versions/2024-04-20.yml", "home/other.yml"),  # a version: its values quoted in errors
    ],
)
def test_a_link_out_of_the_project_is_an_error_naming_it_and_nothing_of_it_is_read(project: Path, tmp_path: Path, link: str, target: str) -> None:
    path = project / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(tmp_path / target)
    check = run_cli("check", cwd=project, env=ENV)
    assert check.returncode == 1
    assert f"{link}: {OUTSIDE}" in check.stderr.splitlines()
    assert "hunter2" not in check.stderr + check.stdout
    build = run_cli("build", cwd=project, env=ENV)
    assert build.returncode == 1 and f"{link}: {OUTSIDE}" in build.stderr
    assert not (project / "site").exists()
    generate = run_cli("generate", "out", cwd=project, env=ENV)
    assert generate.returncode == 1 and not (project / "out").exists()
    cache = project / ".cache"
    assert not cache.exists() or "TOKEN-5f1d2a" not in _everything(cache)


def test_links_inside_the_project_are_files_like_any_other(project: Path) -> None:
    (project / "notes").mkdir()
    (project / "notes/about.md").write_text("# About\n\nThe terms of a small shop.\n", encoding="utf-8")
    (project / "docs/about.ko.md").symlink_to(project / "notes/about.md")
    (project / "docs/more").symlink_to(project / "notes", target_is_directory=True)
    built = run_cli("build", cwd=project, env=ENV)
    assert built.returncode == 0, built.stderr
    assert "The terms of a small shop." in (project / "site/about/index.html").read_text(encoding="utf-8")
    assert (project / "site/more/about/index.html").is_file()  # a linked folder is walked, as MkDocs walks it


def test_a_pipe_under_docs_is_refused_without_being_read(project: Path) -> None:
    os.mkfifo(project / "docs/stream.txt")
    check = run_cli("check", cwd=project, env=ENV)  # a read would never end: the suite's timeout would fail it
    assert check.returncode == 1
    assert (
        "docs/stream.txt: this file is not a regular file (a pipe or a device would never finish being read): remove it"
        in check.stderr.splitlines()
    )


def test_a_link_to_the_folder_that_holds_docs_is_refused_and_the_review_lists_links(project: Path, tmp_path: Path) -> None:
    base = tmp_path / "base"
    import shutil

    shutil.copytree(project, base)
    (project / "docs/everything").symlink_to(project, target_is_directory=True)  # the whole project, published under /everything/
    check = run_cli("check", cwd=project, env=ENV)
    assert check.returncode == 1
    assert (
        "docs/everything: this folder is a link to a folder that holds docs/ itself (the project would be published "
        "under it): remove the link"
    ) in check.stderr.splitlines()
    report = run_cli("report", "-f", str(project / "mkdocs.yml"), "--base", str(base), cwd=base, env=ENV)
    assert report.returncode == 1 and "`docs/everything` (added)" in report.stdout
