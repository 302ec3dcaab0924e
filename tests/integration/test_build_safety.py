"""``policypress build`` as an attacker or a clumsy hand would run it: nothing of the project is lost."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, build, cli_env, copy_project, run_cli
from tests.unit.test_helpers import running

pytestmark = pytest.mark.slow


def _tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("target", [".", "docs", "docs/privacy", "..", "docs/out"])
def test_build_refuses_to_replace_the_project(tmp_path: Path, target: str) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    before = _tree(tmp_path)
    result = run_cli("build", "-d", target, cwd=project, env=cli_env(POLICYPRESS_AS_OF="2026-12-01"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: refusing to build into {(project / target).resolve()}: it ")
    assert _tree(tmp_path) == before  # not one file changed, added or lost


def test_site_is_readable_by_a_web_server_of_another_user(fixture_project) -> None:
    project = fixture_project("minimal")
    old_mask = os.umask(0o022)
    try:
        site = build(project, as_of="2024-04-01")
    finally:
        os.umask(old_mask)
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) & 0o004


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_sigterm_stops_the_build_its_helpers_and_leaves_no_temporary_folder(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "project")
    env = cli_env(POLICYPRESS_AS_OF="2026-12-01")
    run_cli("build", cwd=project, env=env, check=True)
    before = _tree(project / "site")
    (project / ".cache" / "policypress" / "kiwi-morphemes.json").unlink()  # the next build starts Kiwi's helper
    process = subprocess.Popen(
        [sys.executable, "-m", "policypress.cli", "build"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 60
        helpers: set[int] = set()
        while time.monotonic() < deadline and not helpers:
            helpers = {pid for pid in _descendants(process.pid) if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()}
            time.sleep(0.02)
        assert helpers, "the build started no helper process"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 128 + signal.SIGTERM
    assert err.strip().endswith("error: stopped by signal SIGTERM; site/ was left as it was")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(running(pid) for pid in helpers):
        time.sleep(0.05)
    assert not any(running(pid) for pid in helpers), "a helper outlived the build"
    assert sorted(path.name for path in project.iterdir() if path.name.startswith(".site")) == []
    assert _tree(project / "site") == before


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")
def test_sigterm_stops_mkdocs_serve_and_its_helpers(tmp_path: Path) -> None:
    """`mkdocs serve` ends its session's helpers however it ends: on SIGTERM Python runs no clean-up, so they watch it."""
    project = copy_project(ROOT, tmp_path / "project")
    env = cli_env(POLICYPRESS_AS_OF="2026-12-01")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:0", "--no-livereload"],
        cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        helpers: set[int] = set()
        while time.monotonic() < deadline and not helpers:
            helpers = {pid for pid in _descendants(process.pid) if b"multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes()}
            time.sleep(0.02)
        assert helpers, "the first build started no helper process (Kiwi's, with no cache)"
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    finally:
        process.kill()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(running(pid) for pid in helpers):
        time.sleep(0.05)
    assert not any(running(pid) for pid in helpers), "a helper outlived mkdocs serve"
