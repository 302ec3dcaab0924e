"""Profile one policypress build with cProfile.

    .venv/bin/python benchmarks/profile_build.py                 # P = 1, V = 200
    .venv/bin/python benchmarks/profile_build.py --versions 50 --top 30

Writes the corpus (benchmarks/corpus.py) into a temporary folder, builds it
once under ``python -m cProfile`` (as of a month after the newest version,
like run.py), and prints:

* the top entries by cumulative time that belong to policypress, plus any
  other entry that takes at least ``--share`` of the build (default 10 %);
* self time grouped by package (where the time is actually spent);
* with ``--phases``, a second, unprofiled build with wall time per phase
  (functions wrapped by name; a phase whose function was renamed is listed
  after the table as not timed, and the suite's smoke test fails on it).

cProfile slows pure-Python code (PyYAML's parser, Python-Markdown) more than
C code, so shares are indicative; compare with the wall times of run.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import pstats
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
from _project import run_checked  # noqa: E402


# Runs in the child for --phases: wrap functions by name, build, print the totals.
PHASES = r"""
import functools, importlib, json, sys, time
from collections import defaultdict
totals, calls, missing = defaultdict(float), defaultdict(int), []
def wrap(module, owner, attr, label):
    try:
        target = importlib.import_module(module)
        holder = getattr(target, owner) if owner else target
        original = getattr(holder, attr)
    except (ImportError, AttributeError):
        missing.append(f"{label.strip()} ({module}.{owner + '.' if owner else ''}{attr})")
        return
    @functools.wraps(original)  # keeps what MkDocs reads of a hook (its priority)
    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start
            calls[label] += 1
    setattr(holder, attr, timed)
start = time.perf_counter()
import policypress.cli, policypress.session, policypress.core.validation, mkdocs.commands.build
totals["imports (policypress, mkdocs)"] = time.perf_counter() - start
# Each name is wrapped where it is looked up when called (the module that imported it).
for module, owner, attr, label in [
    ("policypress.session", "Session", "validate", "validate: the one check (build's, then the plugin's, once)"),
    ("policypress.core.validation", None, "load_policy", "  validate: load (YAML → model)"),
    ("policypress.core.validation", None, "verify_policy", "  validate: lock files"),
    ("policypress.core.validation", None, "check_site", "  validate: parity checks"),
    ("policypress.adapters.mkdocs.plugin", "PolicyPressPlugin", "on_config", "plugin on_config (render, stage)"),
    ("policypress.session", None, "render_pages", "  render generated pages (Jinja, diffs)"),
    ("policypress.session", None, "outputs", "  feeds, calendar, policies.json, notices"),
    ("policypress.adapters.mkdocs.plugin", None, "sync", "  write the staging folder"),
    ("mkdocs.commands.build", None, "_populate_page", "MkDocs: Markdown → HTML (both languages)"),
    ("mkdocs.commands.build", None, "_build_page", "MkDocs: theme templates → files (both languages)"),
    ("policypress.adapters.mkdocs.plugin", None, "search_index", "policypress: per-language search indexes (Korean morphemes)"),
    ("policypress.outputs.kiwi", "KiwiAnalyser", "analyse_all", "  search: Kiwi's analyses (waits for the helper)"),
    ("policypress.adapters.mkdocs.plugin", None, "answer_sitemap_probes", "policypress: empty sitemaps for Material's probes"),
    ("policypress.adapters.mkdocs.plugin", None, "rewrite_sitemap", "policypress: sitemap pruning"),
    ("mkdocs.config", None, "load_config", "MkDocs: load the configuration (plugins, theme)"),
    ("mkdocs.commands.build", None, "get_files", "MkDocs: list the docs (both languages)"),
    ("mkdocs.commands.build", None, "get_navigation", "MkDocs: navigation (both languages)"),
    ("mkdocs_static_i18n.plugin", "I18n", "on_files", "mkdocs-static-i18n: localise the files (both languages)"),
    ("material.plugins.search.plugin", "SearchPlugin", "on_page_context", "Material search: index the pages (both languages)"),
    # policypress's own work inside MkDocs' page phases, to tell MkDocs' share from ours (OURS_INSIDE).
    ("policypress.adapters.mkdocs.plugin", "PolicyPressPlugin", "on_page_content", "  policypress: page hooks inside MkDocs (anchors)"),
    ("policypress.render.frame", "Frame", "page_extras", "  policypress: page hooks inside MkDocs (banner, head)"),
    ("policypress.adapters.mkdocs.plugin", "PolicyPressPlugin", "on_post_page", "  policypress: page hooks inside MkDocs (frame check, search links, whitespace)"),
]:
    wrap(module, owner, attr, label)
sys.argv = ["policypress", "build", "-f", "mkdocs.yml"]
build_start = time.perf_counter()
code = policypress.cli.main(sys.argv[1:])
totals["whole build (after imports)"] = time.perf_counter() - build_start
print("@@PHASES" + json.dumps({"totals": totals, "calls": calls, "missing": missing, "code": code}))
"""


#: The phases that are MkDocs' own work (with Material's and mkdocs-static-i18n's): none nests in another.
#: (Material's search indexing runs inside MkDocs' page phase, and so do policypress's page hooks, OURS_INSIDE.)
MKDOCS_PHASES = (
    "MkDocs: load the configuration (plugins, theme)",
    "MkDocs: list the docs (both languages)",
    "mkdocs-static-i18n: localise the files (both languages)",
    "MkDocs: navigation (both languages)",
    "MkDocs: Markdown → HTML (both languages)",
    "MkDocs: theme templates → files (both languages)",
)
OURS_INSIDE = (
    "  policypress: page hooks inside MkDocs (anchors)",
    "  policypress: page hooks inside MkDocs (banner, head)",
    "  policypress: page hooks inside MkDocs (frame check, search links, whitespace)",
)


def _where(filename: str) -> str:
    """A short name for a profiled file: ``policypress/diff.py`` or a package name."""
    path = filename.replace("\\", "/")
    if "/policypress/" in path and "site-packages" not in path:
        return "policypress/" + path.rsplit("/policypress/", 1)[1]
    if "site-packages/" in path:
        return path.split("site-packages/", 1)[1].split("/", 1)[0]
    if path.startswith("~") or path.startswith("<"):
        return "builtins"
    return "stdlib:" + Path(path).stem


def _label(func: tuple[str, int, str]) -> str:
    filename, line, name = func
    where = _where(filename)
    if where == "builtins":
        return name
    rest = filename.replace("\\", "/")
    if "site-packages/" in rest:
        rest = rest.split("site-packages/", 1)[1]
    elif where.startswith("policypress/"):
        rest = where
    else:
        rest = Path(rest).name
    return f"{rest}:{line}({name})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=1)
    parser.add_argument("--versions", type=int, default=200)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--share", type=float, default=0.10, help="also show non-policypress entries above this share")
    parser.add_argument("--output", type=Path, help="keep the .prof file here")
    parser.add_argument("--phases", action="store_true", help="also time the phases of an unprofiled build")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="policypress-profile-"))
    try:
        facts = corpus.write_sites(work, args.policies, args.versions)
        site = work / "policypress"
        as_of = (dt.date.fromisoformat(facts["last_effective"]) + dt.timedelta(days=30)).isoformat()
        env = {key: value for key, value in os.environ.items() if not key.startswith("POLICYPRESS_")}
        env.update(NO_MKDOCS_2_WARNING="1", POLICYPRESS_AS_OF=as_of)
        prof = args.output.resolve() if args.output else work / "build.prof"
        run_checked(
            [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "policypress.cli", "build", "-f", "mkdocs.yml"],
            cwd=site, env=env, what="policypress build under cProfile",
        )  # fmt: skip
        stats = pstats.Stats(str(prof))
        raw = stats.stats  # type: ignore[attr-defined]
        total = max(ct for (_cc, _nc, _tt, ct, _callers) in raw.values())
        print(f"P={args.policies} V={args.versions}, as of {as_of}: {total:.1f} s under cProfile\n")
        print("| cumulative (s) | share | calls | function |")
        print("|--:|--:|--:|---|")
        rows = sorted(raw.items(), key=lambda item: item[1][3], reverse=True)
        shown = 0
        for func, (_cc, calls, _tt, cumtime, _callers) in rows:
            where = _where(func[0])
            ours = where.startswith("policypress/") and func[2] not in ("<module>",) and "/cli/" not in where
            if not ours and cumtime / total < args.share:
                continue
            if func[2] in ("<module>", "run_module", "_run_code", "exec") or where == "stdlib:runpy":
                continue
            print(f"| {cumtime:.2f} | {cumtime / total:.0%} | {calls} | `{_label(func)}` |")
            shown += 1
            if shown >= args.top:
                break
        by_package: dict[str, float] = defaultdict(float)
        for func, (_cc, _nc, tottime, _ct, _callers) in raw.items():
            where = _where(func[0])
            by_package["policypress" if where.startswith("policypress/") else where] += tottime
        print("\n| self time by package (s) | share | package |")
        print("|--:|--:|---|")
        for name, seconds in sorted(by_package.items(), key=lambda item: item[1], reverse=True)[:15]:
            print(f"| {seconds:.2f} | {seconds / total:.0%} | {name} |")
        if args.output:
            print(f"\nprofile kept in {prof}")
        if args.phases:
            shutil.rmtree(site / ".cache", ignore_errors=True)
            out = run_checked([sys.executable, "-c", PHASES], cwd=site, env=env, what="policypress build timed by phase").stdout
            data = json.loads(out.split("@@PHASES", 1)[1])
            whole = data["totals"]["whole build (after imports)"]
            print("\n| phase (unprofiled build) | wall (s) | share of build | calls |")
            print("|---|--:|--:|--:|")
            for label, seconds in data["totals"].items():
                print(f"| {label} | {seconds:.2f} | {seconds / whole:.0%} | {data['calls'].get(label, '')} |")
            totals = data["totals"]
            theirs = sum(totals.get(label, 0.0) for label in MKDOCS_PHASES) - sum(totals.get(label, 0.0) for label in OURS_INSIDE)
            print(f"| MkDocs, Material and mkdocs-static-i18n alone (their phases above, less policypress's hooks inside them) "
                  f"| {theirs:.2f} | {theirs / whole:.0%} | |")
            # A renamed function would otherwise just drop its row: say which phases went untimed.
            for phase in data["missing"]:
                print(f"not timed, its function is gone: {phase}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
