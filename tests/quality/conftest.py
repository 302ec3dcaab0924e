"""The example site in three states, and the tools that check it.

* ``normal``: a day with no notice (2026-12-25), published at the domain root;
* ``notice``: inside the notice window of the 2026-12-21 version (2026-11-25): the banner shows;
* ``preview``: a pull-request preview (2026-11-20) published under a sub-path, with the ribbon.

The npm tools (axe-core, vnu-jar) come from ``package-lock.json`` through
``scripts/test``; a missing tool is a skip locally and a failure under CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from tests.browser.conftest import _Handler, serve  # noqa: F401  (the local server fixture, shared)
from tests.conftest import ROOT
from tests.quality.checks import AXE_JS, VNU_JAR, run_axe

#: Where the example site is published (mkdocs.yml's site_url).
EXAMPLE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)  # type: ignore[union-attr]
PREVIEW_URL = "https://example.org/pr-7/"


@dataclass(frozen=True)
class State:
    name: str
    as_of: str
    preview: bool = False
    site_url: str | None = None  # None: the site_url of mkdocs.yml

    @property
    def published_at(self) -> str:
        return self.site_url or EXAMPLE_URL

    @property
    def mount(self) -> str:
        """The path the site is served under, as it will be published."""
        return "/" + self.published_at.split("://", 1)[1].split("/", 1)[1]

    @property
    def banner(self) -> bool:
        return self.name in ("notice", "preview")

    def build(self, example_site: Callable[..., Path]) -> Path:
        return example_site(self.as_of, preview=self.preview, site_url=self.site_url)


STATES = {
    state.name: state
    for state in (
        State("normal", "2026-12-25"),
        State("notice", "2026-11-25"),
        State("preview", "2026-11-20", preview=True, site_url=PREVIEW_URL),
    )
}

LANGUAGES = {"ko": "", "en": "en/"}

#: One page of each kind; the version pages are the first one (archived on a normal
#: day) and the 2026 one (upcoming in the notice window, scheduled-then-announced in preview).
PAGE_TYPES = {
    "home": "",
    "policy": "privacy/",
    "version": "privacy/2023-12-01/",
    "new-version": "privacy/2026-12-21/",
    "changes": "privacy/2026-12-21/changes/",
    "history": "privacy/history/",
    "updates": "updates/",
}


def under_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, message: str) -> None:
    """Skip locally, fail under CI, when a tool the tests need is missing."""
    if not condition:
        if under_ci():
            pytest.fail(message + " (CI must install it: scripts/test runs npm ci)")
        pytest.skip(message)


@pytest.fixture(scope="session")
def site(example_site) -> Callable[[str], Path]:  # type: ignore[no-untyped-def]
    """``site(state_name)`` → the built site folder (one build per state and session)."""

    def get(name: str) -> Path:
        return STATES[name].build(example_site)

    return get


@pytest.fixture(scope="session")
def axe_js() -> Path:
    require(AXE_JS.is_file(), f"axe-core not installed ({AXE_JS.relative_to(AXE_JS.parents[2])}): run npm ci")
    return AXE_JS


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    require(VNU_JAR.is_file(), "vnu-jar not installed (node_modules/vnu-jar): run npm ci")
    require(shutil.which("java") is not None, "java not found: the Nu Html Checker needs Java 11+")
    return VNU_JAR


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[Callable[[str], str]]:  # type: ignore[no-untyped-def]
    """``base_url(state_name)``: the state's site served on 127.0.0.1 under its published path."""
    servers: dict[str, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def get(name: str) -> str:
        if name not in servers:
            state = STATES[name]
            handler = type("Handler", (_Handler,), {"mount": state.mount})
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site(name))))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[name] = (server, f"http://127.0.0.1:{server.server_address[1]}{state.mount}")
        return servers[name][1]

    yield get
    for server, _url in servers.values():
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser_context(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@dataclass
class Visit:
    """A page opened in Chromium, with what went wrong while it loaded."""

    page: Any
    url: str
    console_errors: list[str]
    failed_requests: list[str]


def open_page(context: Any, url: str, wait: str = "networkidle") -> Visit:
    """Open ``url`` in a new tab and wait until the network is quiet (late errors included).

    ``wait="load"`` for a check of the page as laid out (contrast, width, the
    keyboard), which the search index loading in the background never changes:
    quiet takes half a second more on every page.
    """
    [opened] = open_pages(context, [url], wait)
    return opened


def open_pages(context: Any, urls: list[str], wait: str = "networkidle") -> list[Visit]:
    """Open each of ``urls`` in a tab of its own, all at once, and wait until each is quiet.

    Each tab records its own console errors and failed requests; the pages
    load side by side, so the half second of quiet each waits for is spent
    once for them all, not once a page.
    """
    visits = []
    for url in urls:
        page = context.new_page()
        errors: list[str] = []
        failed: list[str] = []
        page.on("console", lambda message, errors=errors: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda exc, errors=errors: errors.append(f"uncaught: {exc}"))
        page.on("requestfailed", lambda request, failed=failed: failed.append(request.url))
        page.on("response", lambda response, failed=failed: failed.append(response.url) if response.status >= 400 else None)
        page.goto(url, wait_until="commit")
        visits.append(Visit(page, url, errors, failed))
    for visit in visits:
        visit.page.wait_for_load_state(wait)
    return visits


@pytest.fixture
def visit(browser_context, base_url) -> Iterator[Callable[[str, str], Visit]]:  # type: ignore[no-untyped-def]
    """``visit(state_name, path)``: a page of a built state, in a tab closed after the test."""
    pages = []

    def get(name: str, path: str) -> Visit:
        opened = open_page(browser_context, base_url(name) + path)
        pages.append(opened.page)
        return opened

    yield get
    for page in pages:
        page.close()


@dataclass(frozen=True)
class PageReport:
    url: str
    console_errors: list[str]
    failed_requests: list[str]
    violations: list[dict[str, Any]]
    has_banner: bool


@pytest.fixture(scope="session")
def page_report(browser_context, base_url, axe_js) -> Callable[[str, str], PageReport]:  # type: ignore[no-untyped-def]
    """``page_report(state_name, path)``: one visit per page for the session: console and axe-core.

    The first page asked of a state opens every page type of the state in
    every language at once (:func:`open_pages`), then runs axe-core on each.
    """
    cache: dict[tuple[str, str], PageReport] = {}

    def get(name: str, path: str) -> PageReport:
        if (name, path) not in cache:
            paths = list(dict.fromkeys([path, *(LANGUAGES[lang] + PAGE_TYPES[kind] for lang in LANGUAGES for kind in PAGE_TYPES)]))
            visits = open_pages(browser_context, [base_url(name) + each for each in paths])
            try:
                for each, opened in zip(paths, visits):
                    has_banner = opened.page.locator(".md-banner .pp-banner").count() == 1
                    violations = run_axe(opened.page, axe_js)
                    cache[name, each] = PageReport(opened.url, opened.console_errors, opened.failed_requests, violations, has_banner)
            finally:
                for opened in visits:
                    opened.page.close()
        return cache[name, path]

    return get
