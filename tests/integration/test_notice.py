"""The notice of changes: time-zone edges, feeds, calendar, index and notice texts."""

from __future__ import annotations

import json

import feedparser
import icalendar
import jsonschema
import pytest

from policypress.outputs.exports import SCHEMA_FILE, index_schema
from tests.conftest import soup

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    ("as_of", "upcoming"),
    [("2026-12-20T14:59:59Z", True), ("2026-12-20T15:00:00Z", False), ("2026-12-21T00:00:00+09:00", False)],
)
def test_effective_at_midnight_in_seoul(example_site, as_of: str, upcoming: bool) -> None:
    site = example_site(as_of)
    page = soup(site / "privacy/index.html")
    assert (page.select_one(".md-banner .pp-notice") is not None) is upcoming
    effective = page.select(".pp-dates time")[-1]
    assert effective["datetime"] == ("2023-12-01" if upcoming else "2026-12-21")


def test_banner_names_policy_date_and_reason_in_each_language(example_site) -> None:
    site = example_site("2026-11-20")
    ko = soup(site / "index.html").select_one(".md-banner .pp-notice")
    assert ko["data-pp-effective"] == "2026-12-20T15:00:00Z"
    text = ko.select_one(".pp-notice__before").get_text(" ", strip=True)
    assert "개인정보 처리방침" in text and "2026년 12월 21일" in text and "개인정보 보호법" in text
    en = soup(site / "en/updates/index.html").select_one(".md-banner .pp-notice .pp-notice__before")
    assert "Privacy Policy" in en.get_text() and "December 21, 2026" in en.get_text()
    assert en.select_one("a")["href"] == "/en/privacy/2026-12-21/changes/"
    banner = soup(site / "privacy/index.html").select_one(".md-banner .pp-banner")
    assert banner["role"] == "region" and banner["aria-label"] == "방침 변경 안내"


def test_scheduled_versions_are_invisible_before_their_announcement(example_site) -> None:
    site = example_site("2026-11-19")
    assert not (site / "privacy/2026-12-21").exists()
    index = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    assert [v["effective"] for v in index["policies"][0]["versions"]] == ["2023-12-01"]
    assert index["policies"][0]["next_change"] == "2026-11-19T15:00:00Z"
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert [entry.link for entry in feed.entries] == ["https://leblanc-dental.example/privacy/2023-12-01/changes/"]


def test_feeds_calendar_and_index_parse_and_validate(example_site) -> None:
    site = example_site("2026-11-25")
    for path, lang in (("feed.xml", "ko"), ("en/feed.xml", "en")):
        feed = feedparser.parse((site / path).read_bytes())
        assert feed.bozo == 0, feed.get("bozo_exception")
        assert feed.feed.language == lang
        newest = feed.entries[0]
        assert newest.id == f"tag:leblanc-dental.example,2026-11-20:privacy/2026-12-21/{lang}"
        assert newest.link.endswith("privacy/2026-12-21/changes/")
    calendar = icalendar.Calendar.from_ical((site / "policies.ics").read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"privacy-2023-12-01@leblanc-dental.example", "privacy-2026-12-21@leblanc-dental.example"}
    assert events["privacy-2026-12-21@leblanc-dental.example"].decoded("DTSTART").isoformat() == "2026-12-21"
    index = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    jsonschema.validate(index, json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    versions = index["policies"][0]["versions"]
    assert [(v["effective"], v["state"]) for v in versions] == [("2023-12-01", "current"), ("2026-12-21", "upcoming")]
    assert all(v["content_hash"].startswith("sha256:") for v in versions)
    assert index["policies"][0]["next_change"] == "2026-12-20T15:00:00Z"


def test_shipped_schema_matches_the_models() -> None:
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == index_schema()


def test_notice_texts_for_other_channels(example_site) -> None:
    site = example_site("2026-11-25")
    text = (site / "privacy/2026-12-21/notice/ko.txt").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "[르블랑치과의원] 개인정보 처리방침 변경 안내(2026년 12월 21일 시행)"
    assert "공고일: 2026년 11월 20일" in text and "https://leblanc-dental.example/privacy/2026-12-21/changes/" in text
    html = soup(site / "privacy/2026-12-21/notice/en.html")
    assert html.html["lang"] == "en"
    assert "Effective" in html.get_text() and "December 21, 2026" in html.get_text()
    changes = soup(site / "privacy/2026-12-21/changes/index.html")
    hrefs = [a["href"] for a in changes.select(".pp-links a")]
    assert "../notice/ko.txt" in hrefs and "../notice/ko.html" in hrefs
