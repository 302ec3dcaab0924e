"""A change unfavourable to users says so to readers, in every language and on every page that announces it (issue 24, item 5)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from tests.conftest import build, soup

pytestmark = pytest.mark.slow

#: The minimal site: 2024-03-01 is adverse (announced 2024-01-20, 30 days' notice); 2024-01-01 is not.
SAYS = {
    "": ("이용자에게 불리한 변경: 시행 30일 전 공지.", "이용자에게 불리한 내용이 포함된 변경입니다(공지 기간 30일)."),
    "en/": ("Unfavourable to users: announced 30 days ahead.", "A change unfavourable to users in part, with 30 days of notice."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import SITES, copy_project

    project = copy_project(SITES / "minimal", tmp_path_factory.mktemp("adverse"))
    return build(project, as_of="2024-02-01")


def _text(element) -> str:  # type: ignore[no-untyped-def]
    return element.get_text(" ", strip=True)


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_every_page_that_announces_the_change_says_it_is_unfavourable(site: Path, prefix: str) -> None:
    label, sentence = SAYS[prefix]
    # The banner, on every page (here the home page and the policy's), in short.
    for page in ("index.html", "terms/index.html"):
        [banner] = soup(site / prefix / page).select(".md-banner .pp-notice .pp-adverse")
        assert _text(banner) == label
    # The policy page's notice box, the changes page, the version's page: in full.
    policy = soup(site / prefix / "terms/index.html")
    assert [_text(p) for p in policy.select(".pp-notice-box .pp-adverse")] == [sentence]
    changes = soup(site / prefix / "terms/2024-03-01/changes/index.html")
    assert [_text(p) for p in changes.select(".pp-docinfo .pp-adverse")] == [sentence]
    assert [_text(p) for p in soup(site / prefix / "terms/2024-03-01/index.html").select(".pp-docinfo .pp-adverse")] == [sentence]
    # The history and the updates: the adverse version only.
    for page in ("terms/history/index.html", "updates/index.html"):
        entries = soup(site / prefix / page).select(".pp-history__entry")
        marked = {entry.select_one("h2 a")["href"].rstrip("/").rsplit("/", 1)[-1]: [_text(p) for p in entry.select(".pp-adverse")] for entry in entries}
        assert marked == {"2024-03-01": [sentence], "2024-01-01": []}, page


def test_the_feeds_and_the_index_say_it_too(site: Path) -> None:
    for prefix, (_label, sentence) in SAYS.items():
        feed = feedparser.parse((site / prefix / "feed.xml").read_bytes())
        summaries = {entry.link.rstrip("/").rsplit("/", 2)[-2]: entry.summary for entry in feed.entries}
        assert summaries["2024-03-01"].startswith(sentence + " ")
        assert not summaries["2024-01-01"].startswith(sentence)
    index = json.loads((site / "policies.json").read_text(encoding="utf-8"))
    versions = {v["effective"]: (v["adverse"], v["notice_days"]) for v in index["policies"][0]["versions"]}
    assert versions == {"2024-01-01": (False, 7), "2024-03-01": (True, 30)}
