"""Browser fixtures: a local HTTP server for a built site, and a fresh page (the ``browser``
itself is in tests/conftest.py: one Playwright per session, shared with tests/quality)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

class _Handler(http.server.SimpleHTTPRequestHandler):
    mount = "/"

    def translate_path(self, path: str) -> str:
        # Serve the site under a sub-path (/pr-7/) as GitHub Pages project sites are.
        if not path.startswith(self.mount):
            return str(Path(self.directory) / "__outside_mount__")
        return super().translate_path("/" + path[len(self.mount):])

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture
def serve() -> Iterator[Callable[..., str]]:
    """``serve(site_dir, mount="/")`` → base URL of the site on 127.0.0.1."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(site_dir: Path, mount: str = "/") -> str:
        handler = type("Handler", (_Handler,), {"mount": mount})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{mount}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
