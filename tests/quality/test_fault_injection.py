"""The checkers can fail: a copy of a built site with faults put in must be reported, fault by fault."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.quality.checks import (
    check_feed, check_links, console_problems, run_axe, run_vnu, serious_violations, unexpected_vnu_errors,
)  # fmt: skip
from tests.quality.conftest import STATES, open_page

pytestmark = pytest.mark.slow

POLICY = "privacy/index.html"
IMG_WITHOUT_ALT = '<img src="../assets/images/favicon.png" width="16" height="16">'


def inject(path: Path, html: str) -> None:
    """Put ``html`` at the end of the page's article."""
    text = path.read_text(encoding="utf-8")
    assert text.count("</article>") == 1, path
    path.write_text(text.replace("</article>", html + "</article>"), encoding="utf-8")


@pytest.fixture
def faulty(site, tmp_path: Path) -> Path:
    """A copy of the notice-window build with one of each fault."""
    copy = tmp_path / "site"
    shutil.copytree(site("notice"), copy)
    inject(copy / POLICY, '<p><a href="#no-such-section">broken anchor</a> <a href="../updates/#nowhere">broken anchor elsewhere</a> '
                          '<a href="../privacy/2099-01-01/">missing page</a></p>' + IMG_WITHOUT_ALT)  # fmt: skip
    inject(copy / "en/privacy/index.html", "<script>console.error('injected failure')</script><script src='../../missing.js'></script>")
    feed = copy / "feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace("</title>", "</titel>", 1), encoding="utf-8")
    data = copy / "policies.json"
    data.write_text(data.read_text(encoding="utf-8").replace("/privacy/history/", "/privacy/histroy/", 1), encoding="utf-8")
    return copy


def test_link_checker_reports_broken_anchors_pages_and_urls(faulty: Path) -> None:
    problems = "\n".join(check_links(faulty, STATES["notice"].published_at))
    assert f"{POLICY}: '#no-such-section': no id 'no-such-section' in {POLICY}" in problems
    assert f"{POLICY}: '../updates/#nowhere': no id 'nowhere' in updates/index.html" in problems
    assert f"{POLICY}: '../privacy/2099-01-01/': no such file" in problems
    assert "en/privacy/index.html: '../../missing.js': no such file" in problems
    assert re.search(r"policies\.json: 'https://[^']+/privacy/histroy/': no such file", problems), problems
    assert "feed.xml: unreadable XML: Opening and ending tag mismatch" in problems


def test_link_checker_reports_links_that_escape_a_sub_path(site, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site("preview"), copy)
    inject(copy / POLICY, '<p><a href="/privacy/">root-absolute</a> <a href="https://example.org/privacy/">outside</a></p>')
    before = check_links(site("preview"), STATES["preview"].published_at)
    problems = [problem for problem in check_links(copy, STATES["preview"].published_at) if problem not in before]
    assert problems == [
        f"{POLICY}: '/privacy/': outside the site's base URL https://example.org/pr-7/",
        f"{POLICY}: 'https://example.org/privacy/': outside the site's base URL https://example.org/pr-7/",
    ]


def test_html_checker_reports_an_image_without_alt(faulty: Path, vnu_jar: Path) -> None:
    problems = unexpected_vnu_errors(run_vnu([faulty / POLICY], vnu_jar), faulty)
    assert any("“img” element must have an “alt” attribute" in problem for problem in problems), problems


def test_feed_checker_reports_a_malformed_feed(faulty: Path) -> None:
    problems = check_feed(faulty / "feed.xml")
    assert problems and "not well-formed" in problems[0], problems
    assert check_feed(faulty / "en/feed.xml") == []


@pytest.mark.browser
def test_browser_checks_report_missing_alt_and_console_errors(faulty: Path, browser_context, serve, axe_js) -> None:
    base = serve(faulty)
    opened = open_page(browser_context, base + "privacy/")
    try:
        violations = serious_violations(run_axe(opened.page, axe_js))
    finally:
        opened.page.close()
    assert "image-alt" in {violation["id"] for violation in violations}, violations

    opened = open_page(browser_context, base + "en/privacy/")
    opened.page.close()
    problems = console_problems(opened.console_errors, opened.failed_requests)
    assert "console: injected failure" in problems, problems
    assert any(problem.startswith("request failed:") and problem.endswith("/missing.js") for problem in problems), problems
