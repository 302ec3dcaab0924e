"""A long history keeps every page the same size (issue 28): the list of versions on each version page and the
changes named on a compare pair's page are bounded, the rest counted and found on the history page."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from policypress.diff.cache import DiffCache
from policypress.diff.service import DiffService
from policypress.render import context as context_module
from policypress.render.context import BuildContext, BuildOptions
from policypress.render.pages import render_pages
from tests.conftest import long_history

VERSIONS = 20


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    # A history long enough for every bound at a fifth of the diffs: 20 versions (171 pairs, more than
    # MAX_PAIRS made 10), each in force compared with the 14 before it (RECENT_PAIRS made 14).
    patch = pytest.MonkeyPatch()
    patch.setattr(context_module, "MAX_PAIRS", 10)
    patch.setattr(context_module, "RECENT_PAIRS", 14)
    site, as_of = long_history(tmp_path_factory.mktemp("long"), VERSIONS)
    context = BuildContext(site, BuildOptions(as_of=as_of), DiffService(DiffCache(None)))
    [policy] = site.policies
    slugs = [version.slug for version in context.visible_versions(policy)]
    try:
        yield render_pages(context), slugs
    finally:
        patch.undo()


def _page(pages, name: str) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(pages[name].html, "html.parser")


def test_a_version_page_lists_the_versions_in_force_the_first_and_its_neighbours(pages) -> None:  # type: ignore[no-untyped-def]
    rendered, slugs = pages
    middle = slugs[10]
    picker = _page(rendered, f"privacy/{middle}/index.en.md").select_one("details.pp-versions")
    assert picker.select_one("summary").get_text(strip=True) == f"All versions of the Privacy Policy ({VERSIONS})"
    items = picker.select("li")
    listed = [item.a["href"] for item in items]
    # Newest first: the one in force, 5 left out, this page with 3 on each side, 6 left out, the first.
    assert listed == [
        f"../{slugs[19]}/",
        "../history/",
        *[f"../{slug}/" if slug != middle else "./" for slug in reversed(slugs[7:14])],
        "../history/",
        f"../{slugs[0]}/",
    ]
    assert [item.get_text(" ", strip=True) for item in items if "pp-versions__more" in item["class"]] == [
        "5 more versions in the history",
        "6 more versions in the history",
    ]
    assert [item.a["href"] for item in items if item.get("aria-current") == "page"] == ["./"]
    # Each version keeps its own number among the 20 (newest: 1), the runs left out unnumbered.
    assert [item.get("value") for item in items] == [None, None, "7", None, None, None, None, None, None, None, "20"]


def test_the_korean_page_counts_what_it_leaves_out_in_korean(pages) -> None:  # type: ignore[no-untyped-def]
    rendered, slugs = pages
    # The one in force and its three predecessors, then 15 left out, then the first.
    items = _page(rendered, f"privacy/{slugs[19]}/index.ko.md").select("details.pp-versions li.pp-versions__more")
    assert [item.get_text(strip=True) for item in items] == ["연혁에서 버전 15개 더 보기"]


def test_every_version_page_lists_about_a_dozen_versions_however_long_the_history(pages) -> None:  # type: ignore[no-untyped-def]
    rendered, slugs = pages
    counts = {len(_page(rendered, f"privacy/{slug}/index.en.md").select("details.pp-versions li")) for slug in slugs}
    assert max(counts) <= 12 and min(counts) >= 6


def test_a_pair_page_names_the_first_and_last_changes_between_and_counts_the_rest(pages) -> None:  # type: ignore[no-untyped-def]
    rendered, slugs = pages
    page = _page(rendered, f"privacy/compare/{slugs[4]}/{slugs[19]}/index.en.md")
    between = page.select_one(".pp-compare__between")
    assert between.get_text(" ", strip=True).startswith("Between them the policy changed 14 more times, on")
    links = [(a["href"], a.get_text(strip=True)) for a in between.select("a")]
    assert [href for href, _ in links] == [
        *[f"../../../{slug}/changes/" for slug in slugs[5:8]],
        "../../../history/",
        *[f"../../../{slug}/changes/" for slug in slugs[16:19]],
    ]
    assert links[3][1] == "8 more changes in the history"
