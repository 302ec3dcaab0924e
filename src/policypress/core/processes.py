"""Helper processes that never outlive the build that started them.

The diffs of a long history and Kiwi's analyses run in helper processes on
other cores (see :mod:`policypress.render.pages` and :mod:`policypress.outputs.korean`).
A helper holding Kiwi's model uses some 380 MB; one left behind by a build
that was stopped (SIGTERM from CI, a closed terminal, ``kill``) would run on
for as long as its batch takes, and a plain ``ProcessPoolExecutor`` keeps
the stopping process waiting for it. So every helper watches two things
from a thread of its own and exits at once when either happens:

* its parent is gone (the build was killed, even with SIGKILL);
* its pool's stop event is set (:meth:`HelperPool.close` with ``now=True``,
  which :func:`stop_all` calls for every pool when a build is interrupted).

Helpers are started with ``spawn``, not ``fork``: the build process may run
threads (``mkdocs serve``), and a forked copy of a threaded process can
deadlock.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable, TypeVar

_T = TypeVar("_T")

#: How often a helper looks whether its parent is still there, in seconds.
POLL_SECONDS = 0.2

_live: set[HelperPool] = set()


def _watch(parent: int, stop: Any) -> None:
    """In the helper: exit when the parent is gone or the pool is stopped."""

    def watch() -> None:
        while not stop.wait(POLL_SECONDS):
            if os.getppid() != parent:
                os._exit(1)
        os._exit(1)

    threading.Thread(target=watch, name="policypress-watch-parent", daemon=True).start()


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class HelperPool:
    """A pool of helper processes (see the module's docstring for how they end)."""

    def __init__(self, workers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._stop = context.Event()
        self._executor = ProcessPoolExecutor(
            workers, mp_context=context, initializer=_watch, initargs=(os.getpid(), self._stop)
        )
        _live.add(self)

    def submit(self, function: Callable[..., _T], /, *args: Any) -> Future[_T]:
        """Run ``function(*args)`` in a helper."""
        return self._executor.submit(function, *args)

    def close(self, *, now: bool = False) -> None:
        """Wait for the helpers to finish their work, or with ``now``, stop them at once."""
        _live.discard(self)
        if now:
            self._stop.set()
        self._executor.shutdown(wait=True, cancel_futures=True)


def stop_all() -> None:
    """Stop every helper of this process at once (a build was interrupted)."""
    for pool in list(_live):
        pool.close(now=True)
