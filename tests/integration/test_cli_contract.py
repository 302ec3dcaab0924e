"""The command line's contract, in a real process: what a user's terminal shows and the exit status a script reads.

The rest of the suite runs the command in process (``tests.conftest.run_cli``);
these run ``python -m policypress.cli`` and ``python -m mkdocs`` as a user does.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SITES, cli_env, copy_project, run_cli_process

pytestmark = pytest.mark.slow

#: A bug planted in a render function (every build renders the history page), then the command run as its module.
BUGGY = """
import runpy, sys
import policypress.render.pages as pages
def history_page(*args, **kwargs):
    raise ValueError("a bug planted in a render function")
pages.history_page = history_page
sys.argv = [{program!r}, *sys.argv[1:]]
runpy.run_module({module!r}, run_name="__main__")
"""


def _run_buggy(module: str, program: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    script = BUGGY.format(module=module, program=program)
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=cwd, env=cli_env(POLICYPRESS_AS_OF="2024-04-01"),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("module", "program", "args"),
    [("policypress.cli", "policypress", ("build",)), ("mkdocs", "mkdocs", ("build",))],
    ids=["policypress-build", "mkdocs-build"],
)
def test_a_bug_in_a_render_function_shows_its_traceback(tmp_path: Path, module: str, program: str, args: tuple[str, ...]) -> None:
    """Issue 27, item 2: a ValueError from a bug is not turned into a one-line user error, by the command nor by the plugin."""
    project = copy_project(SITES / "minimal", tmp_path / "site")
    result = _run_buggy(module, program, *args, cwd=project)
    assert result.returncode == 1
    assert "Traceback (most recent call last):" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1] == "ValueError: a bug planted in a render function"
    assert 'File "<string>", line 5, in history_page' in result.stderr  # where it was raised, under the command's frames
    assert not (project / "site").exists()  # nothing built


def test_a_content_error_is_one_line_with_its_file_and_line(tmp_path: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    versions = project / "docs/terms/versions"
    text = (versions / "2024-03-01.yml").read_text(encoding="utf-8")
    # A new version, not announced yet on 2024-04-01 (nothing to lock), with six days of notice.
    (versions / "2024-05-01.yml").write_text(
        text.replace("announced: 2024-01-20", "announced: 2024-04-25").replace("effective: 2024-03-01", "effective: 2024-05-01")
        .replace("adverse: true", "adverse: false").replace("보관 기간 연장", "문구 정비").replace("Longer retention", "Wording")
        .replace("These terms set the conditions", "These terms set out the conditions"),
        encoding="utf-8",
    )  # fmt: skip
    result = run_cli_process("build", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-04-01"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "docs/terms/versions/2024-05-01.yml:2:12: effective 2024-05-01 is 6 days after announced 2024-04-25; "
        "this policy needs 7 days of notice (earliest effective date: 2024-05-02)",
        "1 error; site/ was left as it was",
    ]


#: The command run with MkDocs, Material and mkdocs-static-i18n made impossible to import.
WITHOUT_MKDOCS = """
import runpy, sys
for name in ("mkdocs", "material", "mkdocs_static_i18n"):
    sys.modules[name] = None  # `import mkdocs` now raises ImportError
sys.argv = ["policypress", *sys.argv[1:]]
runpy.run_module("policypress.cli", run_name="__main__")
"""


def test_every_command_but_build_works_without_mkdocs(tmp_path: Path) -> None:
    """Issue 27, item 1: the commands read the site's settings as data; only `build`, which runs MkDocs, loads it.

    ``generate``, the proof that the core is portable, writes the same folder it writes with MkDocs importable.
    """
    from tests.conftest import ROOT, commit, run_cli

    project = copy_project(ROOT, tmp_path / "site")
    commit(project)
    env = cli_env(POLICYPRESS_AS_OF="2027-01-10")

    def without_mkdocs(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", WITHOUT_MKDOCS, *args], cwd=project, env=env, capture_output=True, text=True, timeout=300)

    for args in (("check", "--strict"), ("schedule",), ("diff", "privacy"), ("notice", "privacy", "2027-02-03"), ("lock",)):
        result = without_mkdocs(*args)
        assert result.returncode == 0, f"{args}: {result.stderr}"
        assert "ModuleNotFoundError" not in result.stderr and "ImportError" not in result.stderr
    generated = without_mkdocs("generate", "generated")
    assert generated.returncode == 0, generated.stderr
    run_cli("generate", "with-mkdocs", cwd=project, env=env, check=True)
    mine = sorted(p.relative_to(project / "generated") for p in (project / "generated").rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(project / "with-mkdocs") for p in (project / "with-mkdocs").rglob("*") if p.is_file())
    assert mine == theirs and len(mine) > 50
    assert all((project / "generated" / p).read_bytes() == (project / "with-mkdocs" / p).read_bytes() for p in mine)
    # The check is real: the command that runs MkDocs cannot run without it.
    built = without_mkdocs("build")
    assert built.returncode == 1 and "ModuleNotFoundError: No module named 'mkdocs.config'" in built.stderr
