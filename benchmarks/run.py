"""Build benchmarks: policypress against a naive site and a plain-MkDocs floor.

    .venv/bin/python benchmarks/run.py            # V = 10, 50, 200 (P = 1) and P = 5, V = 200
    .venv/bin/python benchmarks/run.py --quick    # V = 10, 50 only
    .venv/bin/python benchmarks/run.py --sizes 1x200 5x200 --repeat 3

For each size (P policies × V versions) it writes the corpus (benchmarks/corpus.py)
into a work folder, then builds, each in a fresh Python process with
``POLICYPRESS_AS_OF`` a month after the newest version (all others archived)
and ``NO_MKDOCS_2_WARNING=1``:

* **policypress**: ``policypress build`` after deleting ``.cache/`` and ``site/``
  (a cold build);
* **rebuild**: ``policypress build`` again after editing one section of the
  newest version (the staging folder in ``.cache/policypress`` is warm);
* **naive**: ``mkdocs build`` of one hand-written page per version and language,
  every page in the nav (only for P = 1 unless ``--naive-all``: it grows
  quadratically);
* **floor**: ``mkdocs build`` of as many minimal pages (Material, no i18n, no
  policypress, out of the nav) as the policypress build produced HTML pages;
* **serve** (P = 1 unless ``--rebuild-all``): ``serve_rebuild.py``, the rebuild
  as ``mkdocs serve`` pays it: one process builds with no ``.cache/``, then
  again after the same edit as the rebuild's (issue 28's 0.3 × target); its
  two times are wall times inside that process.

Wall time is measured around the child process (interpreter start-up and
imports included: what a user waits for). Peak memory is the largest sum of
the resident memory of the child and every process under it (the build and
its helpers together), read from ``/proc`` ten times a second, or the child's
own peak if that is larger. (It was the child's peak plus the largest peak of
its helpers, ``RUSAGE_CHILDREN``; but Linux gives a child started from a
large process that process's size as its peak, so a helper started by an 846
MB build counted 846 MB it never had, and V = 5,000 read 2.7 GB where the
processes together never held more than 1.6 GB.) CPU time is the child's and
its helpers'. Each build runs
``--repeat`` times (default 2); the table shows the minimum time and the
maximum peak memory. Results also go to ``results.json`` in the work folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from _project import failure  # noqa: E402

DEFAULT_SIZES = [(1, 10), (1, 50), (1, 200), (5, 200)]
QUICK_SIZES = [(1, 10), (1, 50)]

# Runs in the child: one build, then its own peak memory, as JSON into argv[1].
CHILD = r"""
import json, os, resource, sys, threading, time
out, kind, args = sys.argv[1], sys.argv[2], sys.argv[3:]
start = time.perf_counter()
code = 0
peak = [0]

def family_rss_kb():
    # This process and every process under it (helpers, and what they start), resident memory summed.
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    parents[int(name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    family, grew = {os.getpid()}, True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in family and pid not in family:
                family.add(pid)
                grew = True
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/status") as handle:
                total += next(int(line.split()[1]) for line in handle if line.startswith("VmRSS:"))
        except (OSError, StopIteration, ValueError):
            pass
    return total

def sample():
    while True:
        peak[0] = max(peak[0], family_rss_kb())
        time.sleep(0.1)

if os.path.isdir("/proc/self"):
    threading.Thread(target=sample, daemon=True).start()
try:
    if kind == "policypress":
        from policypress.cli import main
        code = main(args)
    else:
        from mkdocs.__main__ import cli
        try:
            cli.main(args=args, prog_name="mkdocs", standalone_mode=False)
        except SystemExit as exc:
            code = exc.code or 0
except BaseException as exc:
    code = repr(exc)
    raise
finally:
    # The build's session stopped its helper processes (Kiwi's, the diffs') as it ended: their CPU time is counted.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    helpers = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as handle:
        json.dump({"seconds": time.perf_counter() - start,
                   "cpu_seconds": usage.ru_utime + usage.ru_stime + helpers.ru_utime + helpers.ru_stime,
                   "maxrss_kb": max(peak[0], usage.ru_maxrss), "code": code}, handle)
"""


@dataclass
class Run:
    seconds: float
    """Wall time around the child process."""
    inner_seconds: float
    """Wall time inside the child, imports excluded."""
    cpu_seconds: float
    """User + system CPU time of the child: less sensitive to other load on the machine."""
    maxrss_mb: float


@dataclass
class ServeResult:
    """``serve_rebuild.py``'s two builds in one process, each run's (seconds)."""

    cold: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    skipped: str | None = None

    def summary(self) -> dict[str, Any]:
        return {"cold_seconds": min(self.cold, default=None), "rebuild_seconds": min(self.rebuild, default=None),
                "runs": len(self.cold), "skipped": self.skipped}  # fmt: skip


@dataclass
class SiteResult:
    kind: str
    runs: list[Run] = field(default_factory=list)
    html_pages: int = 0
    site_bytes: int = 0
    html_bytes: int = 0
    version_pages: int = 0
    version_page_bytes: float = 0.0
    search_ko_bytes: int | None = None
    search_en_bytes: int | None = None
    skipped: str | None = None

    @property
    def seconds(self) -> float | None:
        return min(run.seconds for run in self.runs) if self.runs else None

    @property
    def cpu_seconds(self) -> float | None:
        return min(run.cpu_seconds for run in self.runs) if self.runs else None

    @property
    def maxrss_mb(self) -> float | None:
        return max(run.maxrss_mb for run in self.runs) if self.runs else None


RESULT = "<the result file>"
"""In a command for :func:`run_child`, where the path of the file it writes its results to goes."""


def run_child(site: Path, command: list[str], what: str, env: dict[str, str], log: Path) -> tuple[dict[str, Any], float]:
    """Run ``command`` in ``site``, its output into ``log``: what it wrote to its result file (:data:`RESULT`), and
    the wall time around it. If it fails, stop with its own part of the log."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        result_file = Path(handle.name)
    # The log holds every build of this size; a failure shows this command's part of it
    # (the work folder, log included, is removed at the end of a run without --keep).
    logged = log.stat().st_size if log.exists() else 0
    try:
        start = time.perf_counter()
        with open(log, "ab") as out:
            process = subprocess.run(
                [str(result_file) if part == RESULT else part for part in command],
                cwd=site, env=env, stdout=out, stderr=subprocess.STDOUT, check=False,
            )  # fmt: skip
        wall = time.perf_counter() - start
        data = json.loads(result_file.read_text() or "{}")
    finally:
        result_file.unlink(missing_ok=True)
    if process.returncode != 0 or not data or data.get("code") not in (0, None):
        with open(log, "rb") as handle:
            handle.seek(logged)
            output = handle.read().decode("utf-8", errors="replace")
        raise SystemExit(failure(what, process.returncode or data.get("code"), site, output))
    return data, wall


def build(site: Path, kind: str, args: list[str], env: dict[str, str], log: Path) -> Run:
    """One build of ``site`` in a child process; if it fails, stop with the build's own output."""
    data, wall = run_child(site, [sys.executable, "-c", CHILD, RESULT, kind, *args], f"{kind} build ({' '.join(args)})", env, log)
    return Run(round(wall, 3), round(data["seconds"], 3), round(data["cpu_seconds"], 3), round(data["maxrss_kb"] / 1024, 1))


def serve_rebuild(site: Path, env: dict[str, str], log: Path) -> tuple[float, float]:
    """``serve_rebuild.py`` on ``site`` in a child process, from no cache: (cold, rebuild) seconds."""
    shutil.rmtree(site / ".cache", ignore_errors=True)  # its first build is a cold one, like the policypress row's
    script = str(Path(__file__).resolve().parent / "serve_rebuild.py")
    data, _wall = run_child(site, [sys.executable, script, str(site), "--json", RESULT], "serve_rebuild.py", env, log)
    return data["cold_seconds"], data["rebuild_seconds"]


def measure_site(result: SiteResult, site: Path, version_pages: list[Path]) -> None:
    out = site / "site"
    files = [path for path in out.rglob("*") if path.is_file()]
    result.site_bytes = sum(path.stat().st_size for path in files)
    html = [path for path in files if path.suffix == ".html"]
    result.html_pages = len(html)
    result.html_bytes = sum(path.stat().st_size for path in html)
    sizes = [path.stat().st_size for path in version_pages if path.is_file()]
    result.version_pages = len(sizes)
    result.version_page_bytes = sum(sizes) / len(sizes) if sizes else 0.0
    for attr, path in (("search_ko_bytes", out / "search" / "search_index.json"), ("search_en_bytes", out / "en" / "search" / "search_index.json")):
        setattr(result, attr, path.stat().st_size if path.is_file() else None)


def version_page_paths(site: Path, facts: dict[str, Any], slugs: dict[str, list[str]]) -> list[Path]:
    """Every version page in both languages: site/<policy>/<date>/index.html and site/en/…"""
    out = site / "site"
    return [out / prefix / pid / slug / "index.html" for pid in facts["policies"] for slug in slugs[pid] for prefix in ("", "en")]


def _show(kind: str, run: Run) -> None:
    print(f"   {kind:<12} {run.seconds:7.2f} s wall {run.cpu_seconds:7.2f} s CPU {run.maxrss_mb:7.1f} MB", flush=True)


def run_size(policies: int, versions: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    folder = work / f"p{policies}-v{versions}"
    log = folder / "build.log"
    started = time.perf_counter()
    facts = corpus.write_sites(folder, policies, versions, args.seed)
    generated = time.perf_counter() - started
    slugs = {pid: sorted(path.stem for path in (folder / "policypress" / "docs" / pid / "versions").glob("*.yml")) for pid in facts["policies"]}
    as_of = (dt.date.fromisoformat(facts["last_effective"]) + dt.timedelta(days=30)).isoformat()
    env = {key: value for key, value in os.environ.items() if not key.startswith("POLICYPRESS_")}
    env.update(NO_MKDOCS_2_WARNING="1", POLICYPRESS_AS_OF=as_of)
    if args.snapshot:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(args.snapshot), env.get("PYTHONPATH")]))
    # Sizes with P > 1 have no time target (only peak memory, which repeating does not change).
    repeat = args.repeat if policies == 1 or args.repeat_all else 1
    print(f"\n== P={policies} V={versions}: corpus in {generated:.1f}s, as of {as_of}, {repeat} run(s) each", flush=True)

    # policypress: cold builds, then warm rebuilds after editing one section.
    pp_site = folder / "policypress"
    pp = SiteResult("policypress")
    rebuild = SiteResult("rebuild")
    check = subprocess.run([str(Path(sys.executable).parent / "policypress"), "check", "-f", "mkdocs.yml"], cwd=pp_site, env=env,
                           capture_output=True, text=True)  # fmt: skip
    if check.returncode != 0:
        raise SystemExit(f"policypress check failed for {pp_site}:\n{check.stdout}{check.stderr}")
    for _ in range(repeat):
        shutil.rmtree(pp_site / ".cache", ignore_errors=True)
        shutil.rmtree(pp_site / "site", ignore_errors=True)
        pp.runs.append(build(pp_site, "policypress", ["build", "-f", "mkdocs.yml"], env, log))
        _show("policypress", pp.runs[-1])
    measure_site(pp, pp_site, version_page_paths(pp_site, facts, slugs))
    if "rebuild" in args.without:
        rebuild.skipped = "--without rebuild"
    elif policies == 1 or args.rebuild_all:
        for round_ in range(repeat):
            corpus.edit_newest(pp_site, facts["policies"][0], round_)
            rebuild.runs.append(build(pp_site, "policypress", ["build", "-f", "mkdocs.yml"], env, log))
            _show("rebuild", rebuild.runs[-1])
    else:
        rebuild.skipped = "P > 1 (use --rebuild-all)"
    # After the new-process rebuilds, whose cache it would otherwise warm (it starts from none and puts its edit back).
    serve = ServeResult()
    if "serve" in args.without:
        serve.skipped = "--without serve"
    elif policies == 1 or args.rebuild_all:
        for _ in range(repeat):
            cold, again = serve_rebuild(pp_site, env, log)
            serve.cold.append(cold)
            serve.rebuild.append(again)
            print(f"   {'serve':<12} {cold:7.2f} s cold, {again:7.2f} s after the edit, in one process", flush=True)
    else:
        serve.skipped = "P > 1 (use --rebuild-all)"

    naive_site = folder / "naive"
    naive = SiteResult("naive")
    if "naive" in args.without:
        naive.skipped = "--without naive"
    elif policies == 1 or args.naive_all:
        for _ in range(repeat):
            shutil.rmtree(naive_site / "site", ignore_errors=True)
            naive.runs.append(build(naive_site, "mkdocs", ["build", "-q", "-f", "mkdocs.yml"], env, log))
            _show("naive", naive.runs[-1])
        measure_site(naive, naive_site, version_page_paths(naive_site, facts, slugs))
    else:
        naive.skipped = "P > 1: every page carries a nav of every version (quadratic); use --naive-all"

    floor_site = folder / "floor"
    floor = SiteResult("floor")
    corpus.write_floor(floor_site, pp.html_pages)
    for _ in range(0 if "floor" in args.without else repeat):
        shutil.rmtree(floor_site / "site", ignore_errors=True)
        floor.runs.append(build(floor_site, "mkdocs", ["build", "-q", "-f", "mkdocs.yml"], env, log))
        _show("floor", floor.runs[-1])
    if floor.runs:
        measure_site(floor, floor_site, [])
    else:
        floor.skipped = "--without floor"
    if floor.runs and floor.html_pages != pp.html_pages:
        print(f"   warning: floor has {floor.html_pages} HTML pages, policypress {pp.html_pages}", flush=True)

    return {
        "policies": policies,
        "versions": versions,
        "as_of": as_of,
        "results": {
            r.kind: {**asdict(r), "seconds": r.seconds, "cpu_seconds": r.cpu_seconds, "maxrss_mb": r.maxrss_mb}
            for r in (pp, naive, floor, rebuild)
        },
        "serve": serve.summary(),
    }


# -- report ----------------------------------------------------------------------------


def _f(value: float | None, fmt: str = "{:.2f}") -> str:
    return "–" if value is None else fmt.format(value)


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:,.1f}"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024 / 1024:,.1f}"


def _ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or b == 0 else a / b


def _serve_ratio(serve: dict[str, Any] | None) -> float | None:
    """The serve rebuild's time over the cold build's in the same process."""
    return None if not serve else _ratio(serve.get("rebuild_seconds"), serve.get("cold_seconds"))


def report(sizes: list[dict[str, Any]], total: float, source: str) -> str:
    lines = [
        source,
        "",
        "| P×V | site | wall (s) | CPU (s) | peak RSS (MB) | site (MB) | HTML pages | avg version page (KB) | search ko (KB) | search en (KB) |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size in sizes:
        label = f"{size['policies']}×{size['versions']}"
        for kind in ("policypress", "rebuild", "serve", "naive", "floor"):
            if kind == "serve":
                serve = size.get("serve") or {}
                if serve.get("skipped"):
                    lines.append(f"| {label} | serve | skipped: {serve['skipped']} | | | | | | | |")
                elif serve:
                    lines.append(f"| {label} | serve: cold build, one process | {_f(serve['cold_seconds'])} | | | | | | | |")
                    lines.append(f"| {label} | serve: rebuild after the edit | {_f(serve['rebuild_seconds'])} | | | | | | | |")
                continue
            r = size["results"][kind]
            if r["skipped"]:
                lines.append(f"| {label} | {kind} | skipped: {r['skipped']} | | | | | | | |")
                continue
            if kind == "rebuild":
                lines.append(
                    f"| {label} | rebuild (1 section edited) | {_f(r['seconds'])} | {_f(r['cpu_seconds'])} | {_f(r['maxrss_mb'], '{:.0f}')} | | | | | |"
                )
                continue
            lines.append(
                f"| {label} | {kind} | {_f(r['seconds'])} | {_f(r['cpu_seconds'])} | {_f(r['maxrss_mb'], '{:.0f}')} | {_mb(r['site_bytes'])} | {r['html_pages']} | "
                f"{_kb(r['version_page_bytes']) if r['version_pages'] else '–'} | {_kb(r['search_ko_bytes'])} | {_kb(r['search_en_bytes'])} |"
            )
    lines += [
        "",
        "| P×V | time pp/naive | CPU pp/naive | bytes pp/naive | time pp/floor | CPU pp/floor | rebuild/cold | serve rebuild/cold |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for size in sizes:
        res = size["results"]
        pp, naive, floor, rebuild = res["policypress"], res["naive"], res["floor"], res["rebuild"]
        lines.append(
            f"| {size['policies']}×{size['versions']} | {_f(_ratio(pp['seconds'], naive['seconds']))} | "
            f"{_f(_ratio(pp['cpu_seconds'], naive['cpu_seconds']))} | "
            f"{_f(_ratio(pp['site_bytes'], naive['site_bytes'] if naive['runs'] else None))} | "
            f"{_f(_ratio(pp['seconds'], floor['seconds']))} | {_f(_ratio(pp['cpu_seconds'], floor['cpu_seconds']))} | "
            f"{_f(_ratio(rebuild['seconds'], pp['seconds']))} | {_f(_serve_ratio(size.get('serve')))} |"
        )
    by = {(s["policies"], s["versions"]): {**s["results"], "serve": s.get("serve")} for s in sizes}
    if (1, 200) in by and (1, 50) in by:
        growth = {kind: _ratio(by[(1, 200)][kind]["seconds"], by[(1, 50)][kind]["seconds"]) for kind in ("policypress", "naive", "floor")}
        cpu = {kind: _ratio(by[(1, 200)][kind]["cpu_seconds"], by[(1, 50)][kind]["cpu_seconds"]) for kind in ("policypress", "naive", "floor")}
        lines += [
            "",
            "Growth time(V=200)/time(V=50), P=1: "
            + ", ".join(f"{kind} ×{_f(growth[kind])} wall, ×{_f(cpu[kind])} CPU" for kind in growth),
        ]
    lines += ["", verdicts(by), "", f"Total run time of benchmarks/run.py: {total:.0f} s"]
    return "\n".join(lines)


def verdicts(by: dict[tuple[int, int], dict[str, Any]]) -> str:
    rows = ["| target | measured | verdict |", "|---|---|---|"]

    def row(name: str, value: float | None, limit: float, text: str) -> None:
        ok = "–" if value is None else ("met" if value <= limit else "**missed**")
        rows.append(f"| {name} | {text if value is not None else 'not measured'} | {ok} |")

    if (1, 200) in by:  # issue 28, targets 1, 2 and 4
        r = by[(1, 200)]
        pp, naive, floor, rebuild = r["policypress"], r["naive"], r["floor"], r["rebuild"]
        cpu = _ratio(pp["cpu_seconds"], floor["cpu_seconds"])
        row("CPU ≤ 2.5 × floor (V=200, cold)", cpu, 2.5, f"{_f(pp['cpu_seconds'])} s vs {_f(floor['cpu_seconds'])} s (×{_f(cpu)})")
        wall = _ratio(pp["seconds"], naive["seconds"])
        row("wall ≤ 0.8 × naive (V=200, cold)", wall, 0.8, f"{_f(pp['seconds'])} s vs {_f(naive['seconds'])} s (×{_f(wall)})")
        again = _ratio(rebuild["seconds"], pp["seconds"])
        row("new-process rebuild after one edit ≤ 0.4 × cold", again, 0.4, f"{_f(rebuild['seconds'])} s vs {_f(pp['seconds'])} s (×{_f(again)})")
        serve = r.get("serve") or {}
        served = _serve_ratio(serve)
        row("`mkdocs serve` rebuild after one edit ≤ 0.3 × its cold build", served, 0.3,
            f"{_f(serve.get('rebuild_seconds'))} s vs {_f(serve.get('cold_seconds'))} s (×{_f(served)})")  # fmt: skip
        bytes_ratio = _ratio(pp["site_bytes"], naive["site_bytes"]) if naive["runs"] else None
        row("site bytes ≤ 0.4 × naive", bytes_ratio, 0.4, f"{_mb(pp['site_bytes'])} MB vs {_mb(naive['site_bytes'])} MB (×{_f(bytes_ratio)})")
        row("average version page ≤ 40 KB", pp["version_page_bytes"] / 1024, 40, f"{_kb(pp['version_page_bytes'])} KB")
        ko = pp["search_ko_bytes"]
        row("Korean search index ≤ 1 MB", None if ko is None else ko / 1_000_000, 1.0, f"{_kb(ko)} KB")
        if (1, 50) in by:
            growth = _ratio(pp["seconds"], by[(1, 50)]["policypress"]["seconds"])
            row("time(V=200)/time(V=50) ≤ 4.4", growth, 4.4, f"×{_f(growth)}")
    if (1, 5000) in by:  # issue 28, target 3: a very long history in bounded memory and linear time
        pp = by[(1, 5000)]["policypress"]
        row("peak memory < 1.5 GB at P=1, V=5000", None if pp["maxrss_mb"] is None else pp["maxrss_mb"] / 1536, 1.0, f"{_f(pp['maxrss_mb'], '{:.0f}')} MB")
        if (1, 1000) in by:
            growth = _ratio(pp["seconds"], by[(1, 1000)]["policypress"]["seconds"])
            row("time(V=5000)/time(V=1000) ≤ 5.5", growth, 5.5, f"×{_f(growth)}")
        if (1, 200) in by:
            per = {v: by[(1, v)]["policypress"]["site_bytes"] / v for v in (200, 5000)}
            row("site bytes per version at V=5000 ≤ at V=200", _ratio(per[5000], per[200]), 1.0,
                f"{_kb(per[5000])} KB vs {_kb(per[200])} KB (×{_f(_ratio(per[5000], per[200]))})")  # fmt: skip
    if (5, 200) in by:
        mem = by[(5, 200)]["policypress"]["maxrss_mb"]
        row("peak memory < 1 GB at P=5, V=200", None if mem is None else mem / 1024, 1.0, f"{_f(mem, '{:.0f}')} MB")
    return "\n".join(rows)


def snapshot_source(target: Path) -> Path:
    """Copy the package as it is now: other people's edits during a run cannot mix versions."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(corpus.REPO / "src" / "policypress", target / "policypress", ignore=shutil.ignore_patterns("__pycache__"))
    return target


def describe_source() -> str:
    """The commit measured, and whether src/ had uncommitted changes."""
    def git(*argv: str) -> str:
        try:
            return subprocess.run(["git", *argv], cwd=corpus.REPO, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src")
    changed = len(dirty.splitlines()) if dirty else 0
    return f"policypress at {commit}" + (f" + {changed} uncommitted file(s) in src/" if changed else "") + f", Python {sys.version.split()[0]}"


def parse_size(text: str) -> tuple[int, int]:
    policies, _, versions = text.lower().partition("x")
    return int(policies), int(versions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="V = 10 and 50 only (P = 1)")
    parser.add_argument("--sizes", nargs="+", type=parse_size, metavar="PxV", help="sizes to run, e.g. 1x10 1x200 5x200")
    parser.add_argument("--repeat", type=int, default=2, help="builds per measurement; the minimum time is kept (default 2)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, help="where to write the sites (default: a temporary folder, removed at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work folder")
    parser.add_argument("--naive-all", action="store_true", help="build the naive site for P > 1 too (slow: quadratic)")
    parser.add_argument("--rebuild-all", action="store_true", help="measure the rebuilds (new process and serve) for P > 1 too")
    parser.add_argument("--repeat-all", action="store_true", help="repeat the builds of sizes with P > 1 too (default: once)")
    parser.add_argument("--without", nargs="+", default=[], choices=["rebuild", "naive", "floor", "serve"],
                        help="leave out these builds (e.g. the naive site of a very long history, which grows as its square)")
    parser.add_argument("--live", action="store_true", help="build with the working tree's src/ as it changes (default: a snapshot)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="policypress-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    source = describe_source() + (" (working tree, live)" if args.live else "")
    args.snapshot = None if args.live else snapshot_source(work / "src")
    print(source, flush=True)
    results = []
    try:
        for policies, versions in sizes:
            results.append(run_size(policies, versions, args, work))
    finally:
        total = time.perf_counter() - started
        if results:
            data = json.dumps({"source": source, "total_seconds": total, "sizes": results}, indent=2)
            (work / "results.json").write_text(data, encoding="utf-8")
            if args.json:
                args.json.write_text(data, encoding="utf-8")
        if args.workdir is None and not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"\nsites and build logs kept in {work}")
    print()
    print(report(results, total, source))


if __name__ == "__main__":
    main()
