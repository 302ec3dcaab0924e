"""The language switcher keeps the reader on the same page and the same section."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def switch(page, code: str) -> None:
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(f".md-select__link[hreflang={code}]").click()


@pytest.mark.parametrize(
    ("start", "code", "landing"),
    [
        ("privacy/2023-12-01/changes/#cookies", "en", "en/privacy/2023-12-01/changes/#cookies"),
        ("en/privacy/2023-12-01/changes/#cookies", "ko", "privacy/2023-12-01/changes/#cookies"),
        ("privacy/2026-12-21/#retention", "en", "en/privacy/2026-12-21/#retention"),
        ("en/privacy/history/", "ko", "privacy/history/"),
        ("updates/", "en", "en/updates/"),
        ("en/", "ko", ""),
    ],
)
def test_switch_keeps_page_and_section(example_site, serve, page, start: str, code: str, landing: str) -> None:
    base = serve(example_site("2026-12-25"))
    page.goto(base + start)
    switch(page, code)
    page.wait_for_url(base + landing)
    assert page.locator("html").get_attribute("lang") == code


def test_switch_under_a_sub_path(example_site, serve, page) -> None:
    """A GitHub Pages project site lives under /<repo>/: the switcher must not jump to the host root."""
    site = example_site("2026-12-25", site_url="https://example.org/pr-7/")
    base = serve(site, mount="/pr-7/")
    page.goto(base + "privacy/2023-12-01/changes/#cookies")
    switch(page, "en")
    page.wait_for_url(base + "en/privacy/2023-12-01/changes/#cookies")
    page.goto(base + "en/")
    switch(page, "ko")
    page.wait_for_url(base)
    assert page.locator("html").get_attribute("lang") == "ko"
