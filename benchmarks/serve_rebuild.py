"""Rebuild cost as `mkdocs serve` pays it: a new config and a full build in the same process.

Usage: .venv/bin/python benchmarks/serve_rebuild.py SITE [--json FILE]   (a folder
written by benchmarks/corpus.py, e.g. OUT/policypress; ``run.py`` runs it for
issue 28's serve target and reads the times from FILE). Builds once cold, edits one
section of the newest version in both languages and records the edit as a
correction (``corpus.edit_newest``, the edit of run.py's rebuild: a published
version edited without one is refused), builds again, then puts the version
file and its lock back as they were.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ.setdefault("POLICYPRESS_AS_OF", "2099-01-01")
logging.disable(logging.WARNING)

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402
from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def timed_build(site_dir: str, label: str) -> float:
    """One build of the current folder's site in this process; a failure says which build failed, not only MkDocs' abort."""
    start = time.perf_counter()
    try:
        build(load_config("mkdocs.yml", site_dir=site_dir))
    except (Exception, SystemExit) as exc:  # MkDocs' Abort is a SystemExit; the build's own errors were logged above
        raise SystemExit(f"the {label} of {os.getcwd()} failed ({type(exc).__name__}: {exc}); the build's errors are above") from exc
    return time.perf_counter() - start


def main(site: str, json_file: Path | None = None) -> None:
    os.chdir(site)
    out = tempfile.mkdtemp(prefix="serve-rebuild-")
    try:
        cold = timed_build(out, "cold build")
        newest = Path(sorted(Path("docs").glob("*/versions/*.yml"))[-1])
        policy_id = newest.parts[1]
        lock = newest.parent.parent / "versions.lock"
        kept = {path: path.read_bytes() for path in (newest, lock)}
        try:
            corpus.edit_newest(Path("."), policy_id, 0)
            warm = timed_build(out, "rebuild after the edit")
        finally:
            for path, data in kept.items():
                path.write_bytes(data)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cold {cold:.2f} s, rebuild after one edit {warm:.2f} s (×{warm / cold:.2f}), peak {peak:.0f} MB")
    if json_file is not None:
        json_file.write_text(json.dumps({"cold_seconds": round(cold, 3), "rebuild_seconds": round(warm, 3), "peak_mb": round(peak, 1)}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", help="a folder written by benchmarks/corpus.py (its policypress site)")
    parser.add_argument("--json", type=Path, help="also write the two times here")
    arguments = parser.parse_args()
    main(arguments.site, None if arguments.json is None else arguments.json.resolve())
