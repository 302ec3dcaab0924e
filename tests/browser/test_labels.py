"""The labelling summary (주요 개인정보 처리 표시) read as a reader would: on a phone and a desktop, by keyboard and by a
screen reader, in each language (issue 25, item 2)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

AS_OF = "2027-01-10"  # the version of 2027-02-03, with its summary, is announced


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
@pytest.mark.parametrize(("prefix", "first"), [("", "수집 항목: "), ("en/", "Information collected: ")])
def test_each_label_is_a_keyboard_stop_read_as_words_that_fits_the_screen(
    example_site, serve, browser, width: int, height: int, prefix: str, first: str
) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(serve(example_site(AS_OF)) + prefix + "privacy/2027-02-03/")
    links = page.locator(".pp-labels a.pp-label__link")
    assert links.count() == 6
    # What a screen reader says of a label: its name and its words (the icon is hidden from it).
    assert links.first.evaluate("a => a.textContent.replace(/\\s+/g, ' ').trim()").startswith(first)
    # Every card is on screen next to or under the others, none cut off, and the page does not scroll sideways.
    boxes = [links.nth(index).bounding_box() for index in range(6)]
    assert all(box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width for box in boxes)
    columns = len({round(box["x"]) for box in boxes if box})
    assert columns == (1 if width < 600 else 2)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    # By keyboard: focus the first label, Tab walks the others in order, Enter follows the link to its section.
    links.first.focus()
    for index in range(1, 6):
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.pp-label')?.className") == links.nth(index).evaluate(
            "a => a.closest('.pp-label').className"
        )
    target = links.nth(2).get_attribute("href")
    links.nth(2).focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"location.hash === {target!r}")
    heading = page.locator(f"[id='{target[1:]}']")
    assert heading.is_visible() and heading.bounding_box()["y"] < height
    context.close()
