"""Compare any two versions (issue 25, item 4): each pair's diff made at build time, the same diff as the changes pages."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import soup

pytestmark = pytest.mark.slow

AS_OF = "2027-01-10"  # 2023-12-01 archived, 2026-12-21 in force, 2027-02-03 announced


def _changes(page) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Each section of a diff page: its id, what happened to it, its marked words."""
    out = []
    for heading in page.select("article h2[id]"):
        block = heading.find_next_sibling("div")
        if block is None or "pp-change" not in block.get("class", []):
            continue
        kind = next(name for name in block["class"] if name.startswith("pp-change--"))
        out.append((heading["id"], kind, " ".join(mark.get_text() for mark in block.select("del, ins"))))
    return out


@pytest.mark.parametrize(("prefix", "heading"), [("", "개인정보 처리방침 버전 비교"), ("en/", "Compare versions of the Privacy Policy")])
def test_the_compare_page_lists_every_pair_and_sends_neighbours_to_their_changes_page(example_site, prefix: str, heading: str) -> None:
    site = example_site(AS_OF)
    page = soup(site / prefix / "privacy/compare/index.html")
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == heading
    pairs = json.loads(page.select_one("form.pp-compare")["data-pp-pairs"])
    assert pairs == {
        "2023-12-01 2026-12-21": "../2026-12-21/changes/",
        "2023-12-01 2027-02-03": "2023-12-01/2027-02-03/",
        "2026-12-21 2027-02-03": "../2027-02-03/changes/",
    }
    # Without script, the same pairs are links.
    assert sorted(link["href"] for link in page.select(".pp-compare__pairs a")) == sorted(pairs.values())
    for href in pairs.values():
        assert (site / prefix / "privacy/compare" / href / "index.html").resolve().is_file(), href
    options = [option["value"] for option in page.select("#pp-compare-old option")]
    assert options == ["2027-02-03", "2026-12-21", "2023-12-01"]
    # Reached from the history page and from the list of versions of every version page.
    history = soup(site / prefix / "privacy/history/index.html")
    assert history.select_one(".pp-lead a")["href"] == "../compare/"
    assert soup(site / prefix / "privacy/2023-12-01/index.html").select_one(".pp-versions__compare a")["href"] == "../compare/"


def test_a_pair_page_shows_the_one_diff_of_the_two_versions(example_site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    site = example_site(AS_OF)
    pair = soup(site / "privacy/compare/2023-12-01/2027-02-03/index.html")
    assert pair.select_one("meta[name=robots]")["content"] == "noindex"
    assert pair.select_one("article h1").get_text(strip=True).rstrip("¶") == (
        "개인정보 처리방침: 2023년 12월 1일 시행본에서 2027년 2월 3일 시행본까지 달라진 점"
    )
    changes = dict((id_, (kind, marks)) for id_, kind, marks in _changes(pair))
    assert changes["_labels"][0] == "pp-change--added"  # the summary the newest version added
    # The law the first version named, replaced since, is among the words deleted from the older to the newer.
    assert any("삭제됨: 통신망 이용촉진 및 정보보호 등에 관한 법률" in marks for _, marks in changes.values())
    # Only the particle or word that changed is marked, never the whole Korean phrase.
    assert all(len(mark.get_text()) < 200 for mark in pair.select("article .pp-change--changed del"))
    between = pair.select_one(".pp-compare__between")
    assert " ".join(between.get_text(" ", strip=True).split()) == "그 사이의 변경 1회: 2026년 12월 21일 ."
    assert between.select_one("a")["href"] == "../../../2026-12-21/changes/"
    english = soup(site / "en/privacy/compare/2023-12-01/2027-02-03/index.html")
    assert " ".join(english.select_one(".pp-compare__between").get_text(" ", strip=True).split()) == (
        "Between them the policy changed once more, on December 21, 2026 ."
    )
    assert english.select_one(".pp-binding a")["href"] == "../../../../../privacy/compare/2023-12-01/2027-02-03/"  # the Korean pair
    # A pair of neighbours has no page of its own: its changes page is the same diff.
    assert not (site / "privacy/compare/2026-12-21/2027-02-03").exists()


def test_pairs_stay_out_of_search_the_nav_and_the_sitemap(example_site) -> None:
    site = example_site(AS_OF)
    locs = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert not [loc for loc in locs if "/compare/20" in loc]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc["location"] for doc in index["docs"] if "compare/" in doc["location"]]
    nav = soup(site / "privacy/index.html").select(".md-nav a")
    assert not [link["href"] for link in nav if "compare" in link.get("href", "")]


def test_a_policy_with_one_version_has_no_compare_page(example_site) -> None:
    site = example_site("2023-12-05")  # only the first version is published
    assert not (site / "privacy/compare").exists()
    assert soup(site / "privacy/history/index.html").select_one(".pp-lead a") is None
