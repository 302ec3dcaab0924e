"""The notice banner as a reader sees it during the notice period."""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "text", "target"), [
    ("privacy/", "2026년 12월 21일", "privacy/2026-12-21/changes/"),
    ("en/", "December 21, 2026", "en/privacy/2026-12-21/changes/"),
])
def test_banner_is_visible_and_its_link_works(example_site, serve, page, path: str, text: str, target: str) -> None:
    base = serve(example_site("2026-11-25"))
    page.goto(base + path)
    notice = page.locator(".md-banner .pp-notice__before")
    assert notice.is_visible()
    assert text in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_url(base + target)
    assert page.locator("ins.pp-ins").count() > 0


def test_banner_switches_when_the_readers_clock_passes_the_effective_instant(example_site, serve, browser) -> None:
    """The site was built before the change took effect; a reader opens it after."""
    base = serve(example_site("2026-11-25"))
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 20, 15, 0, 5, tzinfo=dt.timezone.utc))
    page.goto(base + "en/")
    assert page.locator(".pp-notice__after").is_visible()
    assert not page.locator(".pp-notice__before").is_visible()
    assert "in effect since December 21, 2026" in page.locator(".pp-notice__after").inner_text()
    page.locator(".pp-notice__after a").click()
    page.wait_for_url(base + "en/privacy/2026-12-21/")
    context.close()


def test_banner_is_unchanged_before_the_effective_instant(example_site, serve, browser) -> None:
    base = serve(example_site("2026-11-25"))
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 20, 14, 59, 0, tzinfo=dt.timezone.utc))
    page.goto(base)
    assert page.locator(".pp-notice__before").is_visible()
    assert not page.locator(".pp-notice__after").is_visible()
    context.close()


def test_banner_shows_without_javascript(example_site, serve, browser) -> None:
    base = serve(example_site("2026-11-25"))
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "privacy/")
    assert page.locator(".md-banner .pp-notice__before").is_visible()
    context.close()


def test_dismissed_banner_stays_hidden_until_its_content_changes(example_site, serve, page) -> None:
    base = serve(example_site("2026-11-25"))
    page.goto(base)
    page.locator(".md-banner__button").click()
    page.goto(base + "privacy/")
    assert not page.locator(".md-banner").is_visible()


def test_every_state_text_is_reworded_when_the_readers_clock_passes_the_change(example_site, serve, browser) -> None:
    """00:30 in Seoul on the effective day, the daily build not yet run: no text on the page may still say the old state."""
    base = serve(example_site("2026-11-25"))
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 20, 15, 30, tzinfo=dt.timezone.utc))
    try:
        page.goto(base + "en/privacy/")
        status = page.locator("main .pp-status")
        assert status.inner_text() == (
            "Superseded In force from December 1, 2023; superseded on December 21, 2026 by the version effective that day. "
            "Read the policy in force"
        )
        box = page.locator("main .pp-notice-box")
        assert box.inner_text().startswith("A new version of this policy has been in effect since December 21, 2026; the text below is the previous one.")
        assert "changes on" not in page.locator("main").inner_text()
        status.locator("a").click()
        page.wait_for_url(base + "en/privacy/2026-12-21/")
        assert page.locator("main .pp-status").inner_text() == "In force In force since December 21, 2026."
        page.goto(base + "privacy/2026-12-21/changes/")
        assert page.locator("main .pp-status").inner_text() == "시행 중 2026년 12월 21일부터 시행 중입니다."
        assert page.locator("main h1").inner_text().startswith("개인정보 처리방침: 2026년 12월 21일 시행 변경 사항")  # true before and after
        for path, new, old in (("privacy/history/", "시행 중", "종전 버전"), ("en/updates/", "In force", "Superseded")):
            page.goto(base + path)
            badges = [badge.inner_text() for badge in page.locator("main .pp-history__title .pp-badge:visible").all()]
            assert badges == [new, old], path  # the new version in force, the one it replaced superseded
    finally:
        context.close()


def test_a_preview_keeps_the_day_its_ribbon_names(example_site, serve, browser) -> None:
    base = serve(example_site("2026-11-25", preview=True))
    context = browser.new_context()
    page = context.new_page()
    page.clock.install(time=dt.datetime(2026, 12, 20, 15, 30, tzinfo=dt.timezone.utc))
    try:
        page.goto(base + "en/privacy/")
        assert page.locator("main .pp-status").inner_text().startswith("In force In force since December 1, 2023.")
        assert page.locator(".md-banner .pp-notice__before").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["privacy/", "en/privacy/"])
def test_the_policy_page_says_its_change_once(example_site, serve, browser, path: str) -> None:
    """The box above the text has the summary; the banner keeps its head line there, and everywhere else says it all."""
    base = serve(example_site("2026-11-25"))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base + path)
        banner = page.locator(".md-banner .pp-notice__before")
        assert banner.locator(".pp-notice__head").is_visible()
        assert not banner.locator(".pp-notice__summary").is_visible()
        assert page.locator(".pp-notice-box .pp-notice__before").is_visible()
        one_line = banner.bounding_box()["height"]
        page.goto(base + path.replace("privacy/", "privacy/history/"))
        assert banner.locator(".pp-notice__summary").is_visible()
        assert banner.bounding_box()["height"] > one_line
    finally:
        context.close()


@pytest.mark.parametrize("path", ["privacy/history/", "en/privacy/history/"])
def test_later_changes_take_one_line_on_a_phone_and_each_date_flips_on_its_own_day(crowded_example, serve, browser, path: str) -> None:
    """Three upcoming changes were three head lines and three summaries; the later two now share at most two lines."""
    base = serve(crowded_example)
    for_day = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = for_day.new_page()
        page.clock.install(time=dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.timezone.utc))
        page.goto(base + path)
        line = page.locator(".md-banner .pp-later")
        line_height = float(line.locator("p").evaluate("p => getComputedStyle(p).lineHeight").removesuffix("px"))
        assert line.bounding_box()["height"] <= 2 * line_height + 1
    finally:
        for_day.close()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.clock.install(time=dt.datetime(2027, 1, 14, 15, 0, 5, tzinfo=dt.timezone.utc))  # 00:00:05 on 15 January in Seoul
        page.goto(base + path)
        line = page.locator(".md-banner .pp-later")
        first, second = line.locator(".pp-later__date").all()
        assert first.locator(".pp-notice__after").is_visible() and not first.locator(".pp-notice__before").is_visible()
        assert second.locator(".pp-notice__before").is_visible() and not second.locator(".pp-notice__after").is_visible()
        ko = not path.startswith("en/")
        assert first.inner_text() == ("2027년 1월 15일(시행 중)" if ko else "January 15, 2027 (in effect)")
        first.locator("a:visible").click()
        page.wait_for_url(base + ("" if ko else "en/") + "privacy/2027-01-15/")
    finally:
        context.close()
