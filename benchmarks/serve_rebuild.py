"""Rebuild cost as `mkdocs serve` pays it: a new config and a full build in the same process.

Usage: .venv/bin/python benchmarks/serve_rebuild.py SITE   (a folder written by
benchmarks/corpus.py, e.g. OUT/policypress). Builds once cold, edits one word
of the newest version in both languages, builds again, restores the file.
"""

from __future__ import annotations

import glob
import logging
import os
import resource
import sys
import tempfile
import time

os.environ["NO_MKDOCS_2_WARNING"] = "1"
os.environ.setdefault("POLICYPRESS_AS_OF", "2099-01-01")
logging.disable(logging.WARNING)

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


def main(site: str) -> None:
    os.chdir(site)
    out = tempfile.mkdtemp(prefix="serve-rebuild-")

    def once() -> float:
        start = time.perf_counter()
        build(load_config("mkdocs.yml", site_dir=out))
        return time.perf_counter() - start

    cold = once()
    newest = sorted(glob.glob("docs/*/versions/*.yml"))[-1]
    with open(newest, encoding="utf-8") as handle:
        text = handle.read()
    try:
        with open(newest, "w", encoding="utf-8") as handle:
            handle.write(text.replace("보관", "보존", 1).replace("kept", "retained", 1))
        warm = once()
    finally:
        with open(newest, "w", encoding="utf-8") as handle:
            handle.write(text)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cold {cold:.2f} s, rebuild after one edit {warm:.2f} s (×{warm / cold:.2f}), peak {peak:.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
