"""The output folder of ``policypress build``: never the project, never half built.

A build writes into a new folder beside the target and puts it in place with
two renames only when it succeeded, so readers and web servers never see a
half-built site and a failed build leaves the old one. Before anything is
written, the target is checked: a folder that is, or holds, the project's
sources (``-d .``, ``-d docs``), that lies inside them, or that holds
something other than a site policypress built, is refused instead of
replaced. A build stopped by a signal removes its temporary folder on the
way out, and one killed outright has its leftovers removed by the next build.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Iterator, Mapping

from policypress import built_by_policypress
from policypress.core.errors import PolicyPressError

#: A site built by policypress has this file, naming policypress as its generator.
MARKER = "policies.json"


class OutputDirError(PolicyPressError):
    """The output folder cannot be used; the message says why and what would do."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_protected(
    target: Path, protected: Mapping[str, Path], *, purpose: str = "build into", noun: str = "an output folder", instead: str = "site/"
) -> None:
    """Refuse ``target`` when it is, holds or lies inside a folder of ``protected``.

    ``protected`` names the folders of the project (``"the project"`` →
    root, ``"docs_dir"`` → docs…); only the project itself may hold the
    target. Paths are compared resolved, so a symbolic link or ``..`` cannot
    hide the project. ``purpose`` says what the folder is for, in the message.
    """
    target = target.resolve()
    for name, folder in protected.items():
        folder = folder.resolve()
        if _inside(folder, target):
            what = "is" if folder == target else "holds"
            raise OutputDirError(
                f"refusing to {purpose} {target}: it {what} {name} ({folder}), which the build would replace; "
                f"choose {noun} of its own, such as {instead}"
            )
    for name, folder in protected.items():
        if name != "the project" and _inside(target, folder.resolve()):
            raise OutputDirError(
                f"refusing to {purpose} {target}: it lies inside {name} ({folder.resolve()}); "
                f"choose {noun} outside it, such as {instead}"
            )


def check_target(target: Path, protected: Mapping[str, Path]) -> None:
    """Refuse ``target`` when replacing it could destroy anything but an earlier build (see :func:`check_protected`)."""
    check_protected(target, protected)
    target = target.resolve()
    if target.exists() and not target.is_dir():
        raise OutputDirError(f"refusing to build into {target}: it is not a folder")
    if target.is_dir() and any(target.iterdir()) and not is_built_site(target):
        raise OutputDirError(
            f"refusing to replace {target}: it is not empty and is not a site built by policypress "
            f"(no {MARKER} of policypress in it); remove it yourself or choose another folder"
        )


def is_built_site(folder: Path) -> bool:
    """Whether ``folder`` holds a site policypress built (its ``policies.json`` says so)."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and built_by_policypress(data.get("generator"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the temporary folders of earlier builds of ``target`` whose process is gone."""
    removed = []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:new|old)-(\d+)(?:-.*)?")
    for path in target.parent.glob(f".{target.name}.*"):
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _alive(int(match[1])):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


class Interrupted(BaseException):
    """A signal asked the build to stop (raised in place of dying, so clean-up runs)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signal.Signals(signum).name}")
        self.signum = signum


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Interrupted` while the block runs, so ``finally`` clauses run."""

    def handler(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    previous = {}
    for signum in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[signum] = signal.signal(signum, handler)
        except (ValueError, OSError):  # not the main thread, or no such signal here
            pass
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def new_folder_for(target: Path) -> Iterator[Path]:
    """A new, empty folder beside ``target``, removed unless :func:`replace_dir` took it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        # mkdtemp makes it private (0700): a web server running as another
        # user would answer 403. A site folder gets the usual mode.
        folder.chmod(0o777 & ~_umask())
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def replace_dir(target: Path, new: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames, so readers never see a half site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)  # put the previous site back
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
