"""The output folder: the project is never replaced, a failed build leaves nothing behind, a site is readable."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from policypress.outputs.outdir import OutputDirError, check_target, new_folder_for, remove_leftovers, replace_dir


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    root = tmp_path / "project"
    for folder in ("docs/privacy", ".git", "locales"):
        (root / folder).mkdir(parents=True)
    (root / "mkdocs.yml").write_text("site_name: x\n")
    return {"the project": root, "docs_dir": root / "docs", "the git repository": root / ".git", "the site's locales": root / "locales"}


@pytest.mark.parametrize(
    ("target", "message"),
    [
        (".", "refusing to build into {root}: it is the project ({root}), which the build would replace; choose an output folder of its own, such as site/"),
        ("..", "refusing to build into {parent}: it holds the project ({root}), which the build would replace; choose an output folder of its own, such as site/"),
        ("docs", "refusing to build into {root}/docs: it is docs_dir ({root}/docs), which the build would replace; choose an output folder of its own, such as site/"),
        ("docs/site", "refusing to build into {root}/docs/site: it lies inside docs_dir ({root}/docs); choose an output folder outside it, such as site/"),
        (".git/site", "refusing to build into {root}/.git/site: it lies inside the git repository ({root}/.git); choose an output folder outside it, such as site/"),
        ("docs/../.", "refusing to build into {root}: it is the project ({root}), which the build would replace; choose an output folder of its own, such as site/"),
        ("mkdocs.yml", "refusing to build into {root}/mkdocs.yml: it is not a folder"),
    ],
)
def test_the_project_and_its_folders_are_refused(project: dict[str, Path], target: str, message: str) -> None:
    root = project["the project"]
    with pytest.raises(OutputDirError) as error:
        check_target(root / target, project)
    assert str(error.value) == message.format(root=root, parent=root.parent)


def test_a_symbolic_link_cannot_hide_the_project(project: dict[str, Path]) -> None:
    root = project["the project"]
    (root / "out").symlink_to(root / "docs")
    with pytest.raises(OutputDirError, match="it is docs_dir"):
        check_target(root / "out", project)


def test_a_folder_of_other_files_is_refused_and_an_earlier_build_or_empty_folder_accepted(project: dict[str, Path], tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("private")
    with pytest.raises(OutputDirError) as error:
        check_target(documents, project)
    assert str(error.value) == (
        f"refusing to replace {documents}: it is not empty and is not a site built by policypress "
        "(no policies.json of policypress in it); remove it yourself or choose another folder"
    )
    site = project["the project"] / "site"
    site.mkdir()
    check_target(site, project)  # empty
    (site / "index.html").write_text("<p>old</p>")
    (site / "policies.json").write_text(json.dumps({"generator": "policypress"}))
    check_target(site, project)  # an earlier build
    check_target(project["the project"] / "new-site", project)  # not there yet


def test_new_folder_has_the_usual_mode_and_is_removed_when_the_build_fails(tmp_path: Path) -> None:
    target = tmp_path / "site"
    old_mask = os.umask(0o022)
    try:
        with pytest.raises(RuntimeError):
            with new_folder_for(target) as folder:
                assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # mkdtemp alone gives 0700
                (folder / "index.html").write_text("half")
                raise RuntimeError("build failed")
    finally:
        os.umask(old_mask)
    assert sorted(tmp_path.iterdir()) == []


def test_replace_keeps_the_old_site_until_the_new_one_is_in_place(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("old")
    with new_folder_for(target) as folder:
        (folder / "index.html").write_text("new")
        replace_dir(target, folder)
    assert (target / "index.html").read_text() == "new"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_a_killed_build_are_removed_and_those_of_a_running_one_kept(tmp_path: Path) -> None:
    target = tmp_path / "site"
    dead, alive = 2**22 + 12345, os.getpid()  # above Linux's pid_max: no such process
    for name in (f".site.new-{dead}-abc", f".site.old-{dead}", f".site.new-{alive}-xyz", ".site.keep"):
        (tmp_path / name).mkdir()
    removed = remove_leftovers(target)
    assert sorted(path.name for path in removed) == [f".site.new-{dead}-abc", f".site.old-{dead}"]
    assert sorted(path.name for path in tmp_path.iterdir()) == [".site.keep", f".site.new-{alive}-xyz"]
