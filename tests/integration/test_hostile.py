"""Hostile content is data: nothing in a policy can run script or be read as a template, anywhere on any page.

The hostile fixture puts markup in every plain-text field (the policy's title
and owner, summaries, section titles), which must show as text in the page,
its ``<title>``, the header, the nav, the banner, the feeds and the search
index; its bodies hold Markdown that is allowed but tricky. (HTML a body may
not contain is an error: ``tests/fixtures/invalid/57-html-in-body``.)
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from tests.conftest import SITES, build, copy_project, soup

pytestmark = pytest.mark.slow

TITLE_EN = "</title><script>alert('title')</script><img src=x onerror=alert('title')>Terms"
TITLE_KO = "\"'><script>alert('title')</script>이용약관 {{ config }}"


@pytest.fixture(scope="module", params=[False, True], ids=["site", "preview"])
def hostile_site(request, tmp_path_factory) -> Path:
    project = copy_project(SITES / "hostile", tmp_path_factory.mktemp("hostile") / "site")
    # 2024-06-01: the first version in force, the second announced (its banner on every page).
    return build(project, as_of="2024-06-01", preview=request.param)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_has_a_script_an_event_handler_or_a_javascript_url_from_the_content(hostile_site: Path) -> None:
    pages = _pages(hostile_site)
    assert len(pages) > 15
    for path in pages:
        page = soup(path)
        where = path.relative_to(hostile_site)
        for script in page.find_all("script"):
            assert "alert" not in script.get_text(), f"script from the content in {where}"
            assert not script.get("src") or "assets/" in script["src"], f"{script} in {where}"
        assert page.select("iframe, object, embed, img[onerror]") == [], where
        for element in page.find_all(True):
            handlers = [name for name in element.attrs if name.lower().startswith("on")]
            assert handlers == [], f"{element.name}{handlers} in {where}"
            for attribute in ("href", "src", "action"):
                value = str(element.get(attribute, "")).strip().lower()
                assert not value.startswith("javascript:"), f"{element} in {where}"


def test_titles_show_as_text_in_title_header_nav_and_heading(hostile_site: Path) -> None:
    english = soup(hostile_site / "en/terms/index.html")
    assert english.title.get_text() == f"{TITLE_EN} - 테스트"
    assert english.select_one("h1").get_text(strip=True) == TITLE_EN
    assert english.select_one(".md-header__topic:last-child .md-ellipsis").get_text(strip=True) == TITLE_EN
    nav = [link.get_text(strip=True) for link in english.select(".md-nav--primary .md-nav__link")]
    assert TITLE_EN in nav
    korean = soup(hostile_site / "terms/history/index.html")
    assert TITLE_KO in korean.title.get_text()
    banner = soup(hostile_site / "index.html").select_one(".pp-banner")
    assert TITLE_KO in banner.get_text()
    assert "<script>alert('summary')</script> 변경 요약 {{ config.site_name }}" in banner.get_text()


def test_search_index_and_feeds_hold_the_titles_as_text(hostile_site: Path) -> None:
    index = json.loads((hostile_site / "en/search/search_index.json").read_text(encoding="utf-8"))
    titles = [doc["title"] for doc in index["docs"]]
    assert all("<script" not in title and "<img" not in title for title in titles)
    assert any("&lt;script&gt;alert(&#x27;title&#x27;)" in title or "&lt;script&gt;alert('title')" in title for title in titles)
    feed = feedparser.parse((hostile_site / "en/feed.xml").read_bytes())
    assert not feed.bozo
    assert TITLE_EN in feed.entries[0].title


def test_legitimate_markup_survives(hostile_site: Path) -> None:
    page = soup(hostile_site / "en/terms/index.html")
    body = page.select_one("h2#purpose").find_next_sibling("div")
    assert body.select_one("table td").get_text() == "Consultation records"
    assert body.select_one("abbr")["title"] == "Personal Information Protection Act"
    assert body.select_one("em").get_text() == "emphasis"
    safe = body.find("a", string="safe link")
    assert safe["href"] == "https://example.org" and "noopener" in safe["rel"]
    assert body.select_one("code").get_text() == "<script>alert(1)</script>"


def test_template_syntax_is_text(hostile_site: Path) -> None:
    page = soup(hostile_site / "terms/index.html")
    body = page.select_one("h2#purpose").find_next_sibling("div").get_text()
    assert "{{ config }} {% raw %} {{ '7' * 7 }}" in body
    assert "7777777" not in body
    title = page.select_one("h2#purpose").get_text()
    assert "{{ config }}" in title and "alert" in title  # shown as text, escaped
    summary = soup(hostile_site / "terms/history/index.html").select_one(".pp-summary").get_text()
    assert "{{ config.site_name }}" in summary and "<script>" in summary
