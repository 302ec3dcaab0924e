"""Printing a policy: no navigation, banner or ribbon on paper, and the whole text with its dates and address.

Printed in the preview state, which has all three (navigation, notice banner,
preview ribbon) to hide. The PDF's text is extracted with pypdf.
"""

from __future__ import annotations

import io
import re

import pytest

from tests.quality.conftest import LANGUAGES, PAGE_TYPES, STATES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HIDDEN_IN_PRINT = [".md-sidebar", ".md-banner", ".pp-ribbon", ".md-header"]


def squeeze(text: str) -> str:
    """PDF text loses or adds spaces at line breaks: compare without any whitespace."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["policy", "version"])
def test_printed_policy_has_the_text_and_no_chrome(visit, lang: str, kind: str) -> None:
    pypdf = pytest.importorskip("pypdf")
    state = STATES["preview"]
    path = LANGUAGES[lang] + PAGE_TYPES[kind]
    page = visit("preview", path).page
    page.emulate_media(media="print")

    displays = page.evaluate(
        """selectors => selectors.map(s => [s, [...document.querySelectorAll(s)].map(el => getComputedStyle(el).display)])""",
        HIDDEN_IN_PRINT,
    )
    for selector, values in displays:
        assert values, f"{selector} should be on the page on screen (preview state), to be hidden in print"
        assert set(values) == {"none"}, f"{selector} is shown in print: display {values}"

    expected = page.evaluate(
        """() => ({
            titles: [...document.querySelectorAll('article h2[id]')].map(h => h.firstChild.textContent.trim()),
            dates: [...document.querySelectorAll('article .pp-dates time')].map(t => t.textContent.trim()),
            slug: document.querySelector('article .pp-dates time:last-of-type').getAttribute('datetime'),
        })"""
    )
    assert len(expected["titles"]) >= 10 and len(expected["dates"]) == 2, expected

    pdf = page.pdf(format="A4")
    text = "\n".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = squeeze(text)
    missing = [title for title in expected["titles"] if squeeze(title) not in flat]
    assert missing == [], f"section titles missing from the PDF: {missing}"
    for date in expected["dates"]:
        assert squeeze(date) in flat, f"date {date!r} missing from the PDF"
    # The version's permanent address; for the policy in force, the version in force.
    slug = PAGE_TYPES[kind].rstrip("/").rsplit("/", 1)[-1] if kind == "version" else None
    address = state.published_at + LANGUAGES[lang] + "privacy/" + (slug or expected["slug"]) + "/"
    assert squeeze(address) in flat, f"{address} missing from the PDF"
    # Neither the banner's nor the ribbon's words on paper.
    chrome = page.evaluate(
        """() => ['.md-banner .pp-notice__before', '.pp-ribbon']
            .map(s => document.querySelector(s)).filter(Boolean).map(el => el.textContent.trim())"""
    )
    assert len(chrome) == 2
    for piece in chrome:
        assert squeeze(piece) not in flat, f"{piece[:60]!r} is printed"
