"""A Korean reader searches the policy: compounds and particles find the right sections."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

RESULTS = ".md-search-result__list"


def search(page, query: str) -> None:  # type: ignore[no-untyped-def]
    """Type ``query`` into Material's search box as a reader would (the worker listens to keyup)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")


def page_group(page, url: str):  # type: ignore[no-untyped-def]
    """The results of one page: its article, then its best sections, then a fold with the rest."""
    return page.locator(f"{RESULTS} > li.md-search-result__item").filter(
        has=page.locator(f":scope > a.md-search-result__link[href='{url}']")
    )


def visible_links(group) -> list[str]:  # type: ignore[no-untyped-def]
    """Links of a result group shown without opening its "more on this page" fold."""
    return group.locator(":scope > a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")


def test_korean_search_finds_sections_by_compound(example_site, serve, page) -> None:  # type: ignore[no-untyped-def]
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text) if message.type in ("warning", "error") else None)
    # The site ships only the search languages its indexes load (Material copies all 30): none may be missing.
    missing: list[str] = []
    page.on("response", lambda response: missing.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    base = serve(example_site("2026-12-25"))
    page.goto(base + "privacy/")

    # The policy's own name: the changes section (which dates and governs the policy) is listed.
    search(page, "처리방침")
    page.locator(f"{RESULTS} a[href='{base}privacy/#changes']").wait_for(state="attached")

    # 보유기간 is written 보유 및 이용 기간 in the text: the retention section comes first, unfolded.
    search(page, "보유기간")
    group = page_group(page, base + "privacy/")
    group.locator(f"a[href='{base}privacy/#retention']").wait_for()
    links = visible_links(group)
    assert links[:2] == [base + "privacy/", base + "privacy/#retention"], links
    snippet = group.locator(f"a[href='{base}privacy/#retention'] article").inner_text()
    assert "보유 및 이용 기간" in snippet
    # The added words live in a field Material indexes but never shows.
    assert not re.search("보유기간|이용기간|title_terms|text_terms", group.inner_text())

    # A particle typed with the noun: 쿠키를 finds the cookies section first.
    search(page, "쿠키를")
    group = page_group(page, base + "privacy/")
    group.locator(f"a[href='{base}privacy/#cookies']").wait_for()
    assert visible_links(group)[1] == base + "privacy/#cookies"

    assert page.js_errors == []
    assert not [text for text in warnings if "Invalid query" in text or "RegExp" in text], warnings
    assert missing == []


def test_english_search_is_unchanged(example_site, serve, page) -> None:  # type: ignore[no-untyped-def]
    base = serve(example_site("2026-12-25"))
    page.goto(base + "en/privacy/")
    search(page, "retention")
    page.locator(f"{RESULTS} a[href='{base}en/privacy/#retention']").wait_for(timeout=10_000)
    assert page.js_errors == []


@pytest.mark.parametrize(("prefix", "query", "current", "upcoming"), [
    ("", "쿠키", "개인정보 처리방침 (2026년 12월 21일까지 시행)", "개인정보 처리방침 (2026년 12월 21일부터 시행)"),
    ("en/", "cookies", "Privacy Policy (in force until December 21, 2026)", "Privacy Policy (in force from December 21, 2026)"),
])
def test_results_say_which_version_and_the_text_in_force_comes_first(example_site, serve, page, prefix, query, current, upcoming) -> None:  # type: ignore[no-untyped-def]
    # During the notice period both texts are searchable, with the same title and mostly the same words.
    base = serve(example_site("2026-12-01"))
    page.goto(base + prefix + "privacy/")
    search(page, query)
    page_group(page, f"{base}{prefix}privacy/2026-12-21/").wait_for()
    groups = page.locator(f"{RESULTS} > li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => [a.href, a.querySelector('h1, h2') ? a.querySelector('h1, h2').textContent.trim() : ''])"
    )
    articles = [(href, title) for href, title in groups if "#" not in href]
    assert articles[0] == (f"{base}{prefix}privacy/", current)
    assert (f"{base}{prefix}privacy/2026-12-21/", upcoming) in articles
