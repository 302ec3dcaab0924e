"""A reader compares versions: insertions and deletions are visible and labelled."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("path", "inserted", "deleted"), [
    ("privacy/2026-12-21/changes/", "추가됨: ", "삭제됨: "),
    ("en/privacy/2026-12-21/changes/", "inserted: ", "deleted: "),
])
def test_changes_page_highlights_insertions_and_deletions(example_site, serve, page, path, inserted, deleted) -> None:
    page.goto(serve(example_site("2026-12-25")) + path + "#cookies")
    section = page.locator("h2#cookies + div")
    ins, dele = section.locator("ins.pp-ins").first, section.locator("del.pp-del").first
    assert ins.is_visible() and dele.is_visible()
    # Colour helps; the meaning does not depend on it: the label is in the text.
    assert ins.evaluate("e => e.textContent").startswith(inserted)
    assert dele.evaluate("e => e.textContent").startswith(deleted)
    styles = ins.evaluate("e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).textDecorationLine]")
    assert styles[0] != "rgba(0, 0, 0, 0)" and "underline" in styles[1]
    assert "line-through" in dele.evaluate("e => getComputedStyle(e).textDecorationLine")
    # Unchanged sections are collapsed but reachable by their anchor.
    page.goto(page.url.split("#")[0] + "#security")
    details = page.locator("h2#security + div details")
    assert details.count() == 1 and not details.evaluate("e => e.open")
    details.locator("summary").click()
    assert details.evaluate("e => e.open")
