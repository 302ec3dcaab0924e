"""Helper processes end with their build: stopped at once, or when their parent dies (even by SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from policypress.core.processes import HelperPool, stop_all
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc")


def sleep_and_report(path: str) -> int:
    """In a helper: write this process's id, then work for a long time."""
    Path(path).write_text(str(os.getpid()))
    time.sleep(120)
    return 0


def _wait_for_pid(path: Path, seconds: float = 30) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text():
            return int(path.read_text())
        time.sleep(0.05)
    raise AssertionError("the helper never started")


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state != "Z"


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running(pid):
            return True
        time.sleep(0.05)
    return False


def test_stopping_a_pool_ends_a_busy_helper_at_once(tmp_path: Path) -> None:
    pool = HelperPool(1)
    future = pool.submit(sleep_and_report, str(tmp_path / "pid"))
    pid = _wait_for_pid(tmp_path / "pid")
    started = time.monotonic()
    stop_all()
    assert time.monotonic() - started < 5  # not the 120 s the batch would take
    assert _gone_within(pid, 5)
    assert future.done()


def test_a_helper_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from policypress.core.processes import HelperPool
        from tests.unit.test_helpers import sleep_and_report
        if __name__ == "__main__":
            pool = HelperPool(1)
            pool.submit(sleep_and_report, {str(tmp_path / "pid")!r})
            time.sleep(120)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
    try:
        pid = _wait_for_pid(tmp_path / "pid")
        parent.send_signal(signal.SIGKILL)  # no clean-up of any kind in the parent
        parent.wait(10)
        assert _gone_within(pid, 5), "the helper outlived its parent"
    finally:
        parent.kill()
