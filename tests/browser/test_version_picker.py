"""Every version with its period, on the policy page and every version page: folded on a phone, read without script
(issue 25, item 3)."""

from __future__ import annotations

import pytest

from tests.conftest import soup

pytestmark = pytest.mark.browser

AS_OF = "2027-01-10"  # 2026-12-21 in force, 2027-02-03 upcoming, 2023-12-01 superseded


@pytest.mark.parametrize(
    ("path", "summary", "items", "here"),
    [
        ("privacy/index.html", "개인정보 처리방침 전체 버전 (3)",
         ["2027년 2월 3일부터 시행 예정", "2026년 12월 21일부터 시행 중 (지금 보는 버전)", "2023년 12월 1일 ~ 2026년 12월 20일 종전 버전"], 1),
        ("en/privacy/2023-12-01/index.html", "All versions of the Privacy Policy (3)",
         ["from February 3, 2027 Upcoming", "from December 21, 2026 In force", "December 1, 2023 – December 20, 2026 Superseded (this page)"], 2),
    ],
)
def test_the_list_of_versions_needs_no_script(example_site, path: str, summary: str, items: list[str], here: int) -> None:
    page = soup(example_site(AS_OF) / path)
    picker = page.select_one("details.pp-versions")
    assert picker.select_one("summary").get_text(strip=True) == summary
    entries = picker.select("li")
    assert [" ".join(entry.get_text(" ", strip=True).split()) for entry in entries] == items
    assert [index for index, entry in enumerate(entries) if entry.get("aria-current") == "page"] == [here]


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
@pytest.mark.parametrize("prefix", ["", "en/"])
def test_the_list_is_folded_then_opens_and_fits_the_screen(example_site, serve, browser, width: int, height: int, prefix: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    base = serve(example_site(AS_OF))
    page.goto(base + prefix + "privacy/")
    picker = page.locator("details.pp-versions")
    assert not picker.locator("ol").is_visible()  # folded: the page starts with the text in force
    picker.locator("summary").click()
    links = picker.locator("li a")
    assert links.count() == 3 and links.nth(2).is_visible()
    links.nth(2).click()
    page.wait_for_url(base + prefix + "privacy/2023-12-01/")
    # No page-wide horizontal scroll at any width: the list wraps.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    context.close()
