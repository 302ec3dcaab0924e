"""The example site (Le Blanc Dental Clinic) as readers get it, built for fixed days."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, add_later_changes, build, copy_project, soup

pytestmark = pytest.mark.slow

SECTION_IDS = [
    "collection", "purpose", "retention", "destruction", "provision", "outsourcing",
    "rights", "withdrawal", "cookies", "manager", "security", "changes",
]  # fmt: skip


def headings(page) -> list[str | None]:
    return [h.get("id") for h in page.select("article h2[id]")]


def test_korean_policy_page_is_korean_with_every_section(example_site) -> None:
    site = example_site("2026-11-19")
    page = soup(site / "privacy/index.html")
    assert page.html["lang"] == "ko"
    assert page.select_one("article h1").contents[0].strip() == "개인정보 처리방침"
    assert headings(page) == SECTION_IDS
    effective = page.select_one(".pp-dates time[datetime='2023-12-01']")
    assert effective is not None and effective.get_text() == "2023년 12월 1일"
    assert page.select_one(".pp-binding") is None  # Korean is the binding text


def test_english_policy_page_has_same_anchors_and_binding_note(example_site) -> None:
    site = example_site("2026-11-19")
    page = soup(site / "en/privacy/index.html")
    assert page.html["lang"] == "en"
    assert page.select_one("article h1").contents[0].strip() == "Privacy Policy"
    assert headings(page) == SECTION_IDS
    assert page.select_one(".pp-dates time[datetime='2023-12-01']").get_text() == "December 1, 2023"
    note = page.select_one(".pp-binding")
    assert note is not None and "The Korean text is legally binding" in note.get_text()
    link = note.select_one("a[hreflang=ko]")
    assert link["href"] == "../../privacy/"


def test_seed_defect_kept_as_published(example_site) -> None:
    """The 2023 cookie section announces purposes and lists none; the archive must not fix it."""
    site = example_site("2026-11-19")
    page = soup(site / "en/privacy/2023-12-01/index.html")
    cookies = page.select_one("h2#cookies").find_next_sibling("div")
    assert "The hospital uses cookies for the following purposes:" in cookies.get_text()
    assert cookies.select("li") == []


def test_language_alternates_point_at_the_same_page(example_site) -> None:
    site = example_site("2026-11-19")
    for path, expected in [
        ("privacy/index.html", {"ko": "./", "en": "../en/privacy/"}),
        ("en/privacy/index.html", {"ko": "../../privacy/", "en": "./"}),
    ]:
        page = soup(site / path)
        alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate][hreflang]")}
        assert alternates == expected


def test_each_language_has_its_own_search_index(example_site) -> None:
    site = example_site("2026-11-19")
    ko = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert ko["config"]["lang"] == ["ko"] and en["config"]["lang"] == ["en"]
    ko_pages = {doc["location"].split("#")[0] for doc in ko["docs"]}
    en_pages = {doc["location"].split("#")[0] for doc in en["docs"]}
    assert "privacy/" in ko_pages and "privacy/" in en_pages
    assert not any(location.startswith("en/") for location in ko_pages)
    assert any("개인정보" in doc["text"] for doc in ko["docs"])
    # (The English authors' guide quotes Korean YAML on purpose; the policy must not.)
    assert not any("개인정보" in doc["text"] for doc in en["docs"] if doc["location"].startswith("privacy/"))
    # English pages look for the English index (Material resolves it from "base").
    config = json.loads(soup(site / "en/privacy/index.html").select_one("#__config").get_text())
    assert config["base"] == "../../en/"


def test_the_site_ships_nothing_a_reader_s_browser_never_loads(example_site) -> None:
    site = example_site("2026-12-25")
    # Material's source maps are for its developers' tools; of its 30 search languages, the indexes load Korean.
    assert sorted(site.rglob("*.map")) == []
    lunr = site / "assets/javascripts/lunr"
    assert sorted(path.relative_to(lunr).as_posix() for path in lunr.rglob("*") if path.is_file()) == [
        "min/lunr.ko.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js",
    ]  # fmt: skip
    # No page carries the templates' indentation: whitespace with a line break is one line break.
    kept = {"pre", "code", "kbd", "samp", "textarea", "script", "style"}
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        indented = [text for text in page.find_all(string=True)
                    if re.search(r"\n[ \t]", text) and not any(parent.name in kept for parent in text.parents)]  # fmt: skip
        assert indented == [], path.relative_to(site)


def test_policies_json_names_the_version_of_policypress_that_built_it(example_site) -> None:
    from importlib.metadata import version

    index = json.loads((example_site("2026-12-01") / "policies.json").read_text(encoding="utf-8"))
    assert index["generator"] == f"policypress {version('policypress')}"


def test_search_finds_the_policy_not_the_guide_for_editors_nor_hidden_words(example_site) -> None:
    """Issue 26: a patient searching 진료기록 found the guide's example YAML ("회사는 회원 탈퇴 시까지…") as if it were the
    clinic's policy; a history entry read "시행 예정시행 중", the badge and the one the script shows once it takes effect."""
    site = example_site("2027-01-10")
    for index, shown, hidden in (("search/search_index.json", "시행 예정", "시행 중"), ("en/search/search_index.json", "Upcoming", "In force")):
        docs = json.loads((site / index).read_text(encoding="utf-8"))["docs"]
        assert not [doc["location"] for doc in docs if doc["location"].startswith(("authors/", "en/authors/"))]
        assert not [doc for doc in docs if "회원 탈퇴 시까지" in doc["text"]]
        [history] = [doc for doc in docs if doc["location"].endswith("privacy/history/")]
        text = BeautifulSoup(history["text"], "html.parser").get_text(" ")
        assert shown in text and f"{shown}{hidden}" not in text and f"{shown} {hidden}" not in text
    # The guide is still a page, in the menu, for the editors it is written for.
    assert (site / "authors/index.html").is_file()


def test_versions_history_and_changes_after_the_second_version_took_effect(example_site) -> None:
    site = example_site("2026-12-25")
    for prefix in ("", "en/"):
        for path in ("privacy/2023-12-01/", "privacy/2026-12-21/", "privacy/2026-12-21/changes/", "privacy/history/"):
            assert (site / prefix / path / "index.html").is_file(), prefix + path
    current = soup(site / "privacy/index.html")
    assert current.select_one(".pp-dates time[datetime='2026-12-21']") is not None

    changes = soup(site / "privacy/2026-12-21/changes/index.html")
    cookies = changes.select_one("h2#cookies").find_next_sibling("div")
    assert cookies.select("ins.pp-ins") and cookies.select("del.pp-del")
    assert cookies.select_one("ins .pp-sr").get_text() == "추가됨: "

    history = soup(site / "privacy/history/index.html")
    entries = history.select(".pp-history__entry")
    assert [entry["id"] for entry in entries] == ["v2026-12-21", "v2023-12-01"]
    assert "2026년 12월 21일" in entries[0].get_text()
    assert "2023년 12월 1일" in entries[1].select_one(".pp-dates").get_text()
    assert entries[1].select_one(".pp-waiver") is not None

    archived = soup(site / "privacy/2023-12-01/index.html")
    assert archived.select_one("meta[name=robots]")["content"] == "noindex"
    # An archived text is not the text at /privacy/: it names itself, and says from when it held.
    assert archived.select_one("link[rel=canonical]")["href"] == "https://leblanc-dental.example/privacy/2023-12-01/"
    assert "2023년 12월 1일" in archived.select_one("h1").get_text()
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert not any(doc["location"].startswith("privacy/2023-12-01/") for doc in index["docs"])


def test_archived_pages_stay_light_no_version_in_nav(example_site) -> None:
    site = example_site("2026-12-25")
    page = soup(site / "privacy/index.html")
    nav_links = [a.get("href", "") for a in page.select("nav.md-nav--primary a")]
    assert not any("2023-12-01" in href for href in nav_links)


@pytest.mark.parametrize(
    ("as_of", "banner"),
    [("2026-11-19", False), ("2026-11-20", True), ("2026-12-20", True), ("2026-12-21", False)],
)
def test_banner_only_during_the_notice_window(example_site, as_of: str, banner: bool) -> None:
    site = example_site(as_of)
    for path in ("index.html", "privacy/index.html", "en/index.html", "en/privacy/index.html", "privacy/history/index.html"):
        page = soup(Path(site) / path)
        found = page.select_one(".md-banner .pp-notice")
        assert (found is not None) is banner, f"{as_of} {path}"
        if banner:
            # Root-absolute under site_url's path, so the banner is the same HTML on
            # every page (a dismissal is remembered by a hash of it).
            link = found.select_one(".pp-notice__before a")["href"]
            prefix = "/en/" if path.startswith("en/") else "/"
            assert link == prefix + "privacy/2026-12-21/changes/"
            assert (site / link.lstrip("/") / "index.html").is_file()


def _shown_text(tag) -> str:
    """The text a reader sees before any change takes effect: hidden alternatives left out."""
    copy = BeautifulSoup(str(tag), "lxml")
    for hidden in copy.select("[hidden]"):
        hidden.decompose()
    return " ".join(copy.get_text(" ").split())


@pytest.mark.parametrize(("prefix", "head", "later"), [
    ("", "개인정보 처리방침 : 2026년 12월 21일부터 변경됩니다. 변경 사항 보기",
     "개인정보 처리방침 : 이후 2027년 1월 15일 및 2027년 2월 1일 에도 변경됩니다."),
    ("en/", "Privacy Policy : changes on December 21, 2026. See what changes",
     "Privacy Policy : further changes on January 15, 2027 and February 1, 2027 ."),
])
def test_later_changes_of_a_policy_share_one_line_in_the_banner(crowded_example, prefix: str, head: str, later: str) -> None:
    """Three upcoming changes: the soonest told in full, the two after it by date, each date linking to its changes."""
    for path in ("index.html", "privacy/index.html", "privacy/history/index.html"):
        banner = soup(crowded_example / prefix / path).select_one(".md-banner .pp-banner")
        notices = banner.select(".pp-notice")
        assert [notice["data-pp-notice"] for notice in notices] == ["privacy/2026-12-21"], path
        assert _shown_text(notices[0].select_one(".pp-notice__head")) == head
        (line,) = banner.select(".pp-later")
        assert _shown_text(line) == later
        dates = line.select(".pp-later__date")
        assert [date["data-pp-effective"] for date in dates] == ["2027-01-14T15:00:00Z", "2027-01-31T15:00:00Z"]
        for date, day in zip(dates, ("2027-01-15", "2027-02-01")):
            before, after = date.select_one(".pp-notice__before a"), date.select_one(".pp-notice__after a")
            assert before["href"] == f"/{prefix}privacy/{day}/changes/"
            assert after["href"] == f"/{prefix}privacy/{day}/"
            for href in (before["href"], after["href"]):
                assert (crowded_example / href.lstrip("/") / "index.html").is_file()
    after_text = soup(crowded_example / prefix / "index.html").select_one(".pp-later__date .pp-notice__after").get_text()
    assert after_text == ("2027년 1월 15일(시행 중)" if not prefix else "January 15, 2027 (in effect)")


def test_a_policy_with_many_upcoming_changes_lists_three_and_counts_the_rest(tmp_path: Path) -> None:
    """A preview of many drafts keeps the banner to a line: three dates, then how many more, linked to the history."""
    project = copy_project(ROOT, tmp_path / "many")
    add_later_changes(project, "2027-01-15", "2027-02-01", "2027-03-01", "2027-04-01", "2027-05-01", announced="2026-11-25")
    site = build(project, as_of="2026-11-26")
    for prefix, text in (
        ("", "개인정보 처리방침 : 이후 2027년 1월 15일 , 2027년 2월 1일 , 2027년 3월 1일 및 그 밖의 2개 날짜 에도 변경됩니다."),
        ("en/", "Privacy Policy : further changes on January 15, 2027 , February 1, 2027 , March 1, 2027 , and 2 more ."),
    ):
        line = soup(site / prefix / "privacy/index.html").select_one(".md-banner .pp-later")
        assert _shown_text(line) == text
        assert len(line.select(".pp-later__date")) == 3
        assert line.select_one("a.pp-later__more")["href"] == f"/{prefix}privacy/history/"


def test_sitemap_lists_each_indexable_page_once_with_hreflang_alternates(example_site) -> None:
    import xml.etree.ElementTree as ET

    site = example_site("2026-12-25")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.fromstring((site / "sitemap.xml").read_bytes()).findall("s:url", ns)
    locs = [url.findtext("s:loc", namespaces=ns) for url in urls]
    assert len(locs) == len(set(locs))
    assert "https://leblanc-dental.example/privacy/" in locs and "https://leblanc-dental.example/en/privacy/" in locs
    assert not any("/2023-12-01/" in loc and not loc.endswith("/changes/") for loc in locs)  # archived: noindex
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == {"ko", "en"}, url.findtext("s:loc", namespaces=ns)
    # Material fetches sitemap.xml beside each alternate of a page: every page folder answers, empty.
    for page in site.rglob("index.html"):
        if page.parent != site:
            probe = ET.fromstring((page.parent / "sitemap.xml").read_bytes())
            assert probe.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(probe) == 0, page


def test_table_of_contents_and_permalinks_on_generated_pages(example_site) -> None:
    """Generated pages skip Python-Markdown, yet get the sidebar and heading links it would give."""
    site = example_site("2026-12-25")
    for path in ("privacy/index.html", "en/privacy/2023-12-01/index.html", "privacy/2026-12-21/changes/index.html"):
        page = soup(site / path)
        toc = page.select_one("nav.md-nav--secondary")
        assert toc is not None, path
        assert [a["href"] for a in toc.select("a.md-nav__link")] == ["#" + id_ for id_ in headings(page)], path
        for heading in page.select("article h2[id]"):
            link = heading.select_one("a.headerlink")
            assert link is not None and link["href"] == "#" + heading["id"] and link.get_text() == "¶", path
    # The toc's entries carry the section titles in the page's language.
    page = soup(site / "en/privacy/index.html")
    names = [a.get_text(strip=True) for a in page.select("nav.md-nav--secondary a.md-nav__link")]
    assert names[0] == page.select_one("h2#" + headings(page)[0]).contents[0].strip()


def test_the_changes_page_and_the_notice_show_the_changed_opening_text(example_site) -> None:
    # 2026-12-21 cites the Personal Information Protection Act in the preamble instead of the Network Act.
    site = example_site("2026-12-01")
    for prefix, heading, counts, removed in (
        ("", "머리말", "머리말 변경 · 변경된 조항 9개", "통신망 이용촉진 및 정보보호 등에 관한 법률"),
        ("en/", "Opening text", "opening text changed · 9 sections changed", "Act on Promotion of Information and Communications Network Utilization and"),
    ):
        page = soup(site / prefix / "privacy/2026-12-21/changes/index.html")
        assert page.select_one(".pp-counts").get_text().startswith(counts)
        first = page.select("h2")[0]
        assert first["id"] == "_preamble" and first.get_text(strip=True).rstrip("¶") == heading
        opening = first.find_next_sibling("div")
        assert [d.get_text(strip=True) for d in opening.select("del.pp-del")][0].endswith(removed)
        assert page.select_one(f".md-sidebar--secondary a[href='#_preamble']") is not None  # in the page's contents
    for code, listed in (("ko", "변경된 조항: 머리말, "), ("en", "Sections changed: Opening text, ")):
        notice = (site / f"privacy/2026-12-21/notice/{code}.txt").read_text(encoding="utf-8")
        assert listed in notice


def test_each_language_has_its_404_page_and_the_root_has_the_default_one(example_site) -> None:
    site = example_site("2026-12-01")
    root, english = soup(site / "404.html"), soup(site / "en/404.html")
    assert (root.html["lang"], english.html["lang"]) == ("ko", "en")
    assert root.select_one(".pp-banner")["lang"] == "ko" and english.select_one(".pp-banner")["lang"] == "en"
    assert "변경됩니다" in root.select_one(".pp-banner").get_text() and "changes on" in english.select_one(".pp-banner").get_text()


def test_a_search_plugin_listed_before_policypress_still_indexes_the_generated_pages(tmp_path: Path) -> None:
    """A generated page's HTML reaches MkDocs when the page's turn comes, not when MkDocs reads every page (issue 28).

    It must still be there when the search plugin indexes the page, whichever
    plugin the site lists first, and each page written must be whole.
    """
    project = copy_project(ROOT, tmp_path / "site")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    moved = text.replace("\n  - search\n", "\n", 1).replace("\nplugins:\n", "\nplugins:\n  - search\n", 1)
    assert moved.index("  - search") < moved.index("  - policypress:") < moved.index("  - i18n:")
    config.write_text(moved, encoding="utf-8")
    site = build(project, as_of="2026-12-25")
    for prefix, words in (("", "쿠키(cookie)"), ("en/", "cookies")):
        docs = json.loads((site / prefix / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
        [cookies] = [doc for doc in docs if doc["location"] == "privacy/#cookies"]  # (each index is relative to its language)
        assert words in cookies["text"]
        page = soup(site / prefix / "privacy/index.html")
        assert page.select_one("article h2#cookies") is not None and words in page.select_one("article").get_text()
