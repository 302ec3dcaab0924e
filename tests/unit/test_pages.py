"""Generated pages (policypress.render.pages): diffs computed in helper processes match those computed here."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest

from policypress.render import pages
from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.render.pages import BuildOptions, SiteBuild

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")


def _pages() -> dict[str, str]:
    site = load_site(ROOT / "docs", LANGUAGES, ROOT)
    build = SiteBuild(site, BuildOptions(as_of=dt.date(2026, 12, 25)))
    return {name: page.html for name, page in build.pages().items()}


def test_diffs_from_helper_processes_make_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages._DIFFS.clear()
    here = _pages()
    pages._DIFFS.clear()
    monkeypatch.setattr(pages, "PARALLEL_DIFFS", 1)
    monkeypatch.setattr(pages, "cores", lambda: 2)
    started: list[int] = []
    original = pages.HelperPool

    def counting(workers: int):  # type: ignore[no-untyped-def]
        started.append(workers)
        return original(workers)

    monkeypatch.setattr(pages, "HelperPool", counting)
    helped = _pages()
    assert started == [2]
    assert helped == here
    assert any("<ins" in html for name, html in helped.items() if "/changes/" in name)


def test_a_failing_helper_leaves_the_diffs_to_this_process(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    pages._DIFFS.clear()
    here = _pages()
    pages._DIFFS.clear()
    monkeypatch.setattr(pages, "PARALLEL_DIFFS", 1)
    monkeypatch.setattr(pages, "cores", lambda: 2)
    monkeypatch.setattr(pages, "diff_many", _explode)  # the helpers import it by name: it fails there
    with caplog.at_level(logging.WARNING, logger="policypress.render.pages"):
        helped = _pages()
    assert helped == here
    assert "a helper process failed" in caplog.text


def _explode(jobs):  # type: ignore[no-untyped-def]
    raise MemoryError("helper out of memory")
