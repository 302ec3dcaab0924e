"""Hostile content is data: nothing in a policy can run script or be read as a template."""

from __future__ import annotations

import pytest

from tests.conftest import build, soup

pytestmark = pytest.mark.slow

EVENT_ATTRIBUTES = ("onerror", "onclick", "onmouseover", "onload")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import SITES, copy_project

    project = copy_project(SITES / "hostile", tmp_path_factory.mktemp("hostile") / "site")
    return build(project, as_of="2024-06-01")


@pytest.mark.parametrize("path", ["terms/index.html", "en/terms/index.html", "terms/2024-01-01/changes/index.html", "terms/history/index.html", "en/updates/index.html", "index.html"])
def test_no_script_no_event_handler_no_javascript_url(hostile_site, path: str) -> None:
    page = soup(hostile_site / path)
    article = page.select_one("article")
    assert article.select("script, iframe, style, object, embed") == []
    for element in article.find_all(True):
        for attribute in EVENT_ATTRIBUTES:
            assert not element.has_attr(attribute), f"{element.name}[{attribute}] in {path}"
        for attribute in ("href", "src"):
            value = element.get(attribute, "")
            assert not value.strip().lower().startswith("javascript:"), f"{element} in {path}"
    # The banner and head come from the theme; the only scripts are the theme's and ours.
    sources = [s.get("src", "") for s in page.select("script[src]")]
    assert all("assets/" in src for src in sources)


def test_legitimate_markup_survives(hostile_site) -> None:
    page = soup(hostile_site / "en/terms/index.html")
    body = page.select_one("h2#purpose").find_next_sibling("div")
    assert body.select_one("table td").get_text() == "Consultation records"
    assert body.select_one("abbr")["title"] == "Personal Information Protection Act"
    assert body.select_one("em").get_text() == "emphasis"
    safe = body.find("a", string="safe link")
    assert safe["href"] == "https://example.org" and "noopener" in safe["rel"]


def test_template_syntax_is_text(hostile_site) -> None:
    page = soup(hostile_site / "terms/index.html")
    body = page.select_one("h2#purpose").find_next_sibling("div").get_text()
    assert "{{ config }} {% raw %} {{ '7' * 7 }}" in body
    assert "7777777" not in body
    title = page.select_one("h2#purpose").get_text()
    assert "{{ config }}" in title and "alert" in title  # shown as text, escaped
    summary = soup(hostile_site / "terms/history/index.html").select_one(".pp-summary").get_text()
    assert "{{ config.site_name }}" in summary and "<script>" in summary
