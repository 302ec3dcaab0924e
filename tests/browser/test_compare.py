"""The compare page in Chromium: pick two versions in either order, on a phone and a desktop (issue 25, item 4)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AS_OF = "2027-01-10"


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
@pytest.mark.parametrize(("prefix", "same", "heading"), [
    ("", "서로 다른 두 버전을 고르세요.", "2023년 12월 1일 시행본에서 2027년 2월 3일 시행본까지"),
    ("en/", "Choose two different versions.", "from the version effective December 1, 2023 to the version effective February 3, 2027"),
])  # fmt: skip
def test_a_reader_picks_two_versions_and_reads_their_diff(
    example_site, serve, browser, width: int, height: int, prefix: str, same: str, heading: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    base = serve(example_site(AS_OF), mount="/pr-7/")  # a project site's sub-path: links stay relative
    page.goto(base + prefix + "privacy/compare/")
    form = page.locator("form.pp-compare")
    assert form.is_visible()  # shown by the script
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # The same version twice: told so, in words, and the page stays.
    page.select_option("#pp-compare-old", "2026-12-21")
    page.select_option("#pp-compare-new", "2026-12-21")
    form.locator("button").click()
    assert form.locator("[role=alert]").text_content() == same
    assert page.url == base + prefix + "privacy/compare/"
    # Newer first, older second: the older is compared from.
    page.select_option("#pp-compare-old", "2027-02-03")
    page.select_option("#pp-compare-new", "2023-12-01")
    form.locator("button").click()
    page.wait_for_url(base + prefix + "privacy/compare/2023-12-01/2027-02-03/")
    assert heading in page.locator("article h1").inner_text()
    assert page.locator("article .pp-change--added").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # Neighbours go to the changes page, by keyboard alone.
    page.go_back()
    page.wait_for_url(base + prefix + "privacy/compare/")
    page.select_option("#pp-compare-old", "2026-12-21")
    page.select_option("#pp-compare-new", "2027-02-03")
    page.locator("#pp-compare-new").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(base + prefix + "privacy/2027-02-03/changes/")
    assert errors == []
    context.close()


def test_without_script_every_pair_is_a_link(example_site, serve, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    base = serve(example_site(AS_OF))
    page.goto(base + "privacy/compare/")
    assert not page.locator("form.pp-compare").is_visible()  # a form that could not work is not offered
    page.locator(".pp-compare__pairs a", has_text="2023년 12월 1일 시행본").first.click()
    page.wait_for_url(base + "privacy/compare/2023-12-01/2027-02-03/")
    context.close()
