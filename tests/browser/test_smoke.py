"""A reader's first steps: open the policy in Korean, switch to English."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

HEADING = "document.querySelector('h1').firstChild.textContent.trim()"


def test_language_switcher_goes_from_korean_policy_to_english_policy(example_site, serve, page) -> None:
    base = serve(example_site("2026-12-25"))
    page.goto(base + "privacy/")
    assert page.locator("html").get_attribute("lang") == "ko"
    assert page.evaluate(HEADING) == "개인정보 처리방침"

    # Material reveals the language list on hover; the reader then follows the link.
    page.locator(".md-header__option .md-select").first.hover()
    page.locator(".md-select__link[hreflang=en]").click()

    page.wait_for_url(base + "en/privacy/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate(HEADING) == "Privacy Policy"
    assert page.js_errors == []
