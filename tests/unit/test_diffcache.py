"""Diffs kept between builds (policypress.diff.cache): the same pages, without diffing again."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from policypress.render import pages
from policypress.diff.cache import DiffCache
from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.render.pages import BuildOptions, SiteBuild

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")


def _build(cache: Path) -> tuple[SiteBuild, dict[str, str]]:
    site = load_site(ROOT / "docs", LANGUAGES, ROOT)
    build = SiteBuild(site, BuildOptions(as_of=dt.date(2026, 12, 25)), diff_cache=DiffCache(cache))
    html = {name: page.html for name, page in build.pages().items()}
    build.save_diff_cache()
    return build, html


def _no_diffing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("a cached diff was computed again")


def test_second_build_reads_every_diff_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "diffs.json"
    pages._DIFFS.clear()
    _, first = _build(cache)
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored["diffs"]) == 4  # two versions' changes pages, in two languages
    pages._DIFFS.clear()  # a new process
    monkeypatch.setattr(pages, "diff_versions", _no_diffing)
    _, second = _build(cache)
    assert second == first
    assert any("pp-ins" in html for name, html in second.items() if "2026-12-21/changes" in name)


def test_a_cache_from_other_code_or_damaged_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "diffs.json"
    pages._DIFFS.clear()
    _, first = _build(cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    for item in data["diffs"].values():
        for change in item:
            change["body_html"] = "<p>stale</p>"
    cache.write_text(json.dumps({**data, "code": "an older diff"}), encoding="utf-8")
    pages._DIFFS.clear()
    _, second = _build(cache)
    assert second == first
    cache.write_text("{not json", encoding="utf-8")
    pages._DIFFS.clear()
    _, third = _build(cache)
    assert third == first
    assert json.loads(cache.read_text(encoding="utf-8"))["code"] == data["code"]  # rewritten, current


def test_an_unwritable_cache_only_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    pages._DIFFS.clear()
    with caplog.at_level(logging.WARNING, logger="policypress.diff.cache"):
        _, html = _build(blocker / "diffs.json")  # its folder is a file
    assert html
    assert "could not write the diff cache" in caplog.text
