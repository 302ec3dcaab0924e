"""Shared helpers: build real sites (the example and fixtures) into temporary folders.

Builds run the real ``policypress`` command (its ``main``, in this process:
see :func:`run_cli`), with the moment fixed by ``POLICYPRESS_AS_OF`` so results never depend on the
day the suite runs. Built sites are cached per session by their settings.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
import subprocess
import sys
import traceback
from pathlib import Path
from typing import Callable, Iterator

import pytest
from bs4 import BeautifulSoup

from policypress.core.languages import Languages
from policypress.core.loader import Site, load_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITES = FIXTURES / "sites"


def cli_env(**extra: str) -> dict[str, str]:
    """A clean environment for the CLI: no policypress variables leak in from the caller."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("POLICYPRESS_")}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``policypress ARGS`` in ``cwd`` and capture its output, in this process.

    The command's own ``main`` runs with the working folder, environment,
    standard output and error of a real run, and any exception a bug raises
    becomes a traceback on standard error and exit status 1, as Python shows
    it: what a test reads is what a user's terminal shows. Starting a new
    interpreter (and importing MkDocs, Material, pydantic… again) for each of
    the suite's hundreds of commands added nothing but time; the command
    line's contract itself (``python -m policypress.cli``, signals, exit
    statuses of a real process) is held by the tests that use
    :func:`run_cli_process`.
    """
    from policypress.cli.driver import main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.clear()
    os.environ.update(env or cli_env())
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse's usage errors, --version
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                if isinstance(exc.code, str):
                    print(exc.code, file=sys.stderr)
            except Exception:  # a bug: the interpreter would print its traceback and exit 1
                traceback.print_exc()
                code = 1
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    result = subprocess.CompletedProcess(["policypress", *args], code, stdout.getvalue(), stderr.getvalue())
    if check and result.returncode != 0:
        raise AssertionError(f"policypress {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def run_cli_process(*args: str, cwd: Path, env: dict[str, str] | None = None, check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run ``python -m policypress.cli ARGS`` in a new process: for the tests of the command line's contract."""
    result = subprocess.run(
        [sys.executable, "-m", "policypress.cli", *args],
        cwd=cwd,
        env=env or cli_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"policypress {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def write_placeholders(root: Path, texts: dict[str, str] | None = None) -> int:
    """Do what a new site's guide asks: replace every [작성: …] and [Write: …] under ``docs/`` with text.

    ``texts`` gives the text of a placeholder by its opening words; the others
    get a plain sentence in their language. Returns how many were replaced.
    """
    import re

    texts = texts or {}
    count = 0

    def written(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        for start, text in texts.items():
            if match[0].startswith(start):
                return text
        return "작성한 내용입니다." if match[0].startswith("[작성") else "Text as written."

    for path in sorted((root / "docs").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        lines = [line if line.lstrip().startswith("#") else re.sub(r"\[(?:작성|Write):[^\]\n]*\]", written, line) for line in text.splitlines(keepends=True)]
        path.write_text("".join(lines), encoding="utf-8")
    return count


def long_history(folder: Path, versions: int) -> tuple[Site, dt.date]:
    """The benchmarks' corpus of one policy with ``versions`` versions (all of which check), loaded, and
    the day a month after its newest version took effect (every other version archived by then)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    facts = corpus.write_sites(folder, 1, versions)
    site = load_site(folder / "policypress" / "docs", Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko"), folder / "policypress")
    return site, dt.date.fromisoformat(facts["last_effective"]) + dt.timedelta(days=30)


def copy_project(source: Path, dest: Path) -> Path:
    """Copy a site (mkdocs.yml, docs/, locales/, overrides/) without build products."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "locales", "overrides"):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, dest / name)
        elif path.is_file():
            shutil.copy2(path, dest / name)
    return dest


def commit(project: Path, message: str = "published") -> None:
    """Commit everything in ``project``, making it a git repository first.

    ``policypress lock --erratum`` keeps the text a correction replaces and
    finds it, by its hash, in the repository's history: a site is published
    from a repository, and so are these copies before a test corrects them.
    """
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True)

    if not (project / ".git").exists():
        git("init", "--quiet")
    git("add", "--all")
    git("-c", "user.name=policypress tests", "-c", "user.email=tests@policypress.invalid", "commit", "--quiet", "--allow-empty", "-m", message)


def build(project: Path, *, as_of: str, preview: bool = False, site_url: str | None = None, site_dir: Path | None = None) -> Path:
    """Build ``project`` as of ``as_of``; return the output folder."""
    extra = {"POLICYPRESS_AS_OF": as_of}
    if preview:
        extra["POLICYPRESS_PREVIEW"] = "1"
    if site_url:
        extra["POLICYPRESS_SITE_URL"] = site_url
    args = ["build"]
    if site_dir is not None:
        args += ["--site-dir", str(site_dir)]
    run_cli(*args, cwd=project, env=cli_env(**extra), check=True)
    return site_dir or project / "site"


def soup(path: Path) -> BeautifulSoup:
    """A built page, parsed."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], Path]) -> Path:
    """What ``make(folder)`` returns, made once for the whole run, shared by every worker of ``pytest -n``.

    A built site that tests only read is the same for all of them: the first
    worker to ask builds it under a lock, the others wait and read it. A
    failed build leaves nothing behind, and the next to ask tries again.
    """
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / "shared" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder) + ".lock"):
        done = folder.with_name(folder.name + ".built")
        if not done.is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            made = make(folder)
            done.write_text(made.relative_to(folder).as_posix(), encoding="utf-8")
        return folder / done.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """``example_site(as_of, preview=False, site_url=None)``: the example site built once per setting (read only)."""

    def get(as_of: str, preview: bool = False, site_url: str | None = None) -> Path:
        name = f"example-{as_of}-{'preview' if preview else 'site'}-{hashlib.sha256(str(site_url).encode()).hexdigest()[:8]}"
        return built_once(
            tmp_path_factory, name,
            lambda folder: build(copy_project(ROOT, folder), as_of=as_of, preview=preview, site_url=site_url),
        )  # fmt: skip

    return get


def add_later_changes(project: Path, *effective_days: str, announced: str) -> None:
    """Give the example site more upcoming versions of its privacy policy, each a real edit, locked on ``announced``."""
    versions = project / "docs" / "privacy" / "versions"
    text = (versions / "2026-12-21.yml").read_text(encoding="utf-8")
    def stated(day: str) -> tuple[str, str]:
        """A day as the text states it in Korean and in English (시행일자: …, Effective Date: …)."""
        date = dt.date.fromisoformat(day)
        return f"{date.year}년 {date.month}월 {date.day}일", f"{date:%B} {date.day}, {date.year}"

    for number, day in enumerate(effective_days, start=1):
        (ko_announced, en_announced), (ko_day, en_day) = stated(announced), stated(day)
        edited = (
            text.replace("2026년 11월 20일", ko_announced).replace("November 20, 2026", en_announced)
            .replace("2026년 12월 21일", ko_day).replace("December 21, 2026", en_day)
            .replace("announced: 2026-11-20", f"announced: {announced}")
            .replace("effective: 2026-12-21", f"effective: {day}")
            .replace('ko: "「개인정보 보호법」에 맞추어', f'ko: "{number}차 정비: 「개인정보 보호법」에 맞추어')
            .replace('en: "This revision brings', f'en: "Revision {number} brings')
            .replace("최소한의 개인정보만을", "최소한의 개인정보만을" + " 꼭" * number)
            .replace("minimum necessary personal", "minimum necessary" + " strictly" * number + " personal")
        )
        (versions / f"{day}.yml").write_text(edited, encoding="utf-8")
    run_cli("lock", cwd=project, env=cli_env(POLICYPRESS_AS_OF=announced), check=True)


@pytest.fixture(scope="session")
def crowded_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site with three upcoming changes to its one policy, built during all three notices."""

    def make(folder: Path) -> Path:
        project = copy_project(ROOT, folder)
        add_later_changes(project, "2027-01-15", "2027-02-01", announced="2026-11-25")
        return build(project, as_of="2026-11-26")

    return built_once(tmp_path_factory, "crowded", make)


@pytest.fixture
def fixture_project(tmp_path: Path) -> Callable[[str], Path]:
    """``fixture_project(name)``: a fresh, writable copy of ``tests/fixtures/sites/<name>``."""

    def make(name: str) -> Path:
        return copy_project(SITES / name, tmp_path / name)

    return make


@pytest.fixture(scope="session")
def chromium_path() -> Iterator[str]:
    """Debian's Chromium; missing is a skip locally and a failure under CI."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("Chromium (/usr/bin/chromium) is required for browser tests in CI")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    yield path


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser(chromium_path: str):  # type: ignore[no-untyped-def]
    # Here, not in tests/browser: one Playwright for the whole session, as a second
    # sync_playwright() in the same thread fails ("Sync API inside the asyncio loop").
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


#: The modules that take longest, slowest first (measured with ``--durations=0``). Under ``pytest -n``
#: each worker takes a whole module at a time (``--dist loadscope``, so a module's built sites are built
#: once); starting with the longest keeps both cores busy to the end instead of one finishing alone.
#: (scripts/test passes ``--no-loadscope-reorder``: xdist would otherwise order modules by their number
#: of tests, and the slowest module, with 4 tests, started last and ran alone for a minute and a half.)
SLOWEST_FIRST = (
    "tests/browser/test_new_organisation.py",
    "tests/quality/test_accessibility.py",
    "tests/quality/test_kwcag.py",
    "tests/integration/test_benchmarks_smoke.py",
    "tests/browser/test_banner.py",
    "tests/unit/test_linear_time.py",
    "tests/integration/test_example_site.py",
    "tests/browser/test_language_switch.py",
    "tests/quality/test_fault_injection.py",
    "tests/quality/test_html_valid.py",
    "tests/browser/test_compare.py",
    "tests/integration/test_invalid_build.py",
    "tests/browser/test_korean_typesetting.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return  # one process: the order written

    def rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::", 1)[0]
        return SLOWEST_FIRST.index(path) if path in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=rank)  # stable: within a module, and among the rest, the order written
