"""Korean text breaks between words, as Korean is typeset, on every kind of page, on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# Every line break inside Korean text, found from the characters' boxes: a break
# between two Hangul syllables (no space between them) splits a word.
SPLIT_WORDS = """() => {
  const hangul = /[\\uac00-\\ud7a3]/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    const element = node.parentElement;
    if (!element || !element.offsetParent || element.closest('.md-search, .md-sidebar, .pp-sr')) continue;
    let previousTop = null;
    for (let i = 0; i < text.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || rect.width === 0) { previousTop = null; continue; }
      if (previousTop !== null && rect.top > previousTop + 4 && hangul.test(text[i]) && hangul.test(text[i - 1])) {
        found.push(text.slice(Math.max(0, i - 4), i) + '|' + text.slice(i, i + 4));
      }
      previousTop = rect.top;
    }
  }
  return found;
}"""

PAGES = ["", "privacy/", "privacy/2026-12-21/", "privacy/2026-12-21/changes/", "privacy/history/", "updates/", "authors/"]


@pytest.mark.parametrize("path", PAGES)
def test_korean_lines_break_between_words_at_390_px(example_site, serve, browser, path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(serve(example_site("2026-12-01")) + path)
        assert page.evaluate("getComputedStyle(document.querySelector('.md-typeset p')).wordBreak") == "keep-all"
        assert page.evaluate(SPLIT_WORDS) == []
        # Nothing is pushed past the screen's edge by a long word.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


@pytest.mark.parametrize("path", ["privacy/2026-12-21/notice/ko.html", "404.html"])
def test_the_e_mail_notice_and_the_404_page_break_korean_between_words_too(example_site, serve, browser, path) -> None:
    """The e-mail body reads no stylesheet (its styles are inline); the 404 page is one page for any address."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(serve(example_site("2026-12-01")) + path)
        assert page.evaluate("document.documentElement.lang") == "ko"
        assert page.evaluate(SPLIT_WORDS) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()
