"""Every page type in Chromium: axe-core, no console errors nor failed requests, the diff without colour, the banner by keyboard.

The console and axe-core read the same visit of each page (``page_report``):
one module, so that ``pytest -n`` runs both on the worker that made it.
"""

from __future__ import annotations

import pytest

from tests.quality.checks import console_problems, format_violations, serious_violations
from tests.quality.conftest import LANGUAGES, PAGE_TYPES, STATES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: The hidden words that say what a diff mark is, in each language.
DIFF_LABELS = {"ko": {"ins": "추가됨", "del": "삭제됨"}, "en": {"ins": "inserted", "del": "deleted"}}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("state", STATES)
def test_no_serious_accessibility_violations(page_report, state: str, kind: str, lang: str) -> None:
    report = page_report(state, LANGUAGES[lang] + PAGE_TYPES[kind])
    assert report.has_banner is STATES[state].banner, "the notice banner shows in the notice window and in the preview"
    violations = serious_violations(report.violations)
    assert not violations, f"axe-core on {report.url}:\n{format_violations(violations)}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("state", STATES)
def test_no_console_errors(page_report, state: str, kind: str, lang: str) -> None:
    report = page_report(state, LANGUAGES[lang] + PAGE_TYPES[kind])
    problems = console_problems(report.console_errors, report.failed_requests)
    assert problems == [], f"{report.url}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diff_is_understandable_without_colour(visit, lang: str) -> None:
    opened = visit("normal", LANGUAGES[lang] + PAGE_TYPES["changes"])
    page = opened.page
    marks = page.evaluate(
        """() => [...document.querySelectorAll('article ins, article del')].map(el => {
            const first = el.firstElementChild;
            const label = first && first.classList.contains('pp-sr') && el.firstChild === first ? first : null;
            const style = label && getComputedStyle(label);
            const box = label && label.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(),
                label: label ? label.textContent : null,
                hidden: label ? (style.display === 'none' || style.visibility === 'hidden') : null,
                visible: label ? (box.width > 1 || box.height > 1) : null,
                text: el.textContent.slice(0, 60),
            };
        })"""
    )
    assert len([m for m in marks if m["tag"] == "ins"]) > 0 and len([m for m in marks if m["tag"] == "del"]) > 0
    expected = DIFF_LABELS[lang]
    problems = []
    for mark in marks:
        label = (mark["label"] or "").strip().rstrip(":").strip()
        if label.casefold() != expected[mark["tag"]].casefold():
            problems.append(f"<{mark['tag']}> without its {expected[mark['tag']]!r} label: {mark['text']!r} (label {mark['label']!r})")
        elif mark["hidden"]:
            problems.append(f"<{mark['tag']}> label hidden from screen readers too (display/visibility): {mark['text']!r}")
        elif mark["visible"]:
            problems.append(f"<{mark['tag']}> label is visible on screen: {mark['text']!r}")
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_banner_is_reachable_by_keyboard_and_named_for_screen_readers(visit, lang: str) -> None:
    opened = visit("notice", LANGUAGES[lang] + PAGE_TYPES["policy"])
    page = opened.page
    banner = page.locator(".md-banner .pp-banner")
    assert banner.get_attribute("role") == "region"
    name = (banner.get_attribute("aria-label") or "").strip()
    assert name, "the banner needs an accessible name"
    # The page's language: a Korean page names its banner in Korean.
    assert any("\uac00" <= ch <= "\ud7a3" for ch in name) is (lang == "ko"), name
    assert page.get_by_role("region", name=name).is_visible()

    link = banner.locator(".pp-notice__before a").first
    href = link.get_attribute("href")
    page.locator("body").focus()
    reached = []
    for _ in range(8):  # the skip link and the banner's dismiss button may come first
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const el = document.activeElement; "
            "return el ? {inBanner: !!el.closest('.pp-banner'), href: el.getAttribute('href'), text: el.textContent.trim()} : null }"
        )
        reached.append(focused)
        if focused and focused["inBanner"] and focused["href"] == href:
            break
    else:
        pytest.fail(f"Tab did not reach the banner's link ({href}) in 8 presses; focus went: {reached}")
