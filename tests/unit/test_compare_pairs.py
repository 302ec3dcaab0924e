"""Which pairs of versions get a compare page of their own (issue 25, item 4): every pair while they are few, else the
pairs that end with a version in force or to come. The page then says so, and names the changes pages in between."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.core.schedule import State
from policypress.diff.cache import DiffCache
from policypress.diff.service import DiffService
from policypress.render import compare_pages
from policypress.render import context as context_module
from policypress.render.context import BuildContext, BuildOptions, compare_pairs
from tests.conftest import long_history

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")


def _history(states: list[State]):  # type: ignore[no-untyped-def]
    versions = [SimpleNamespace(slug=f"202{index}-01-01") for index in range(len(states))]
    by_version = {id(version): state for version, state in zip(versions, states)}
    return versions, SimpleNamespace(of=lambda version: by_version[id(version)])


def _slugs(found) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(old.slug[:4], new.slug[:4]) for old, new in found]


def test_every_pair_that_are_not_neighbours_while_they_are_few() -> None:
    versions, schedule = _history([State.ARCHIVED, State.ARCHIVED, State.ARCHIVED, State.CURRENT, State.UPCOMING])
    assert _slugs(compare_pairs(versions, schedule)) == [  # type: ignore[arg-type]
        ("2020", "2022"), ("2020", "2023"), ("2021", "2023"), ("2020", "2024"), ("2021", "2024"), ("2022", "2024"),
    ]  # fmt: skip


def test_a_long_history_compares_each_version_with_those_in_force_or_to_come(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_module, "MAX_PAIRS", 5)
    versions, schedule = _history([State.ARCHIVED, State.ARCHIVED, State.ARCHIVED, State.CURRENT, State.UPCOMING])
    assert _slugs(compare_pairs(versions, schedule)) == [  # type: ignore[arg-type]
        ("2020", "2023"), ("2021", "2023"), ("2020", "2024"), ("2021", "2024"), ("2022", "2024"),
    ]  # fmt: skip


def test_a_long_history_compares_with_the_recent_versions_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(context_module, "MAX_PAIRS", 5)
    monkeypatch.setattr(context_module, "RECENT_PAIRS", 1)
    versions, schedule = _history([State.ARCHIVED, State.ARCHIVED, State.ARCHIVED, State.CURRENT, State.UPCOMING])
    assert _slugs(compare_pairs(versions, schedule)) == [("2021", "2023"), ("2022", "2024")]  # type: ignore[arg-type]


def test_a_pair_without_a_page_is_left_out_and_the_page_says_why(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(BuildContext, "compare_pairs", lambda context, policy: [])  # as if the history were long
    site = load_site(ROOT / "docs", LANGUAGES, ROOT)
    context = BuildContext(site, BuildOptions(as_of=dt.date(2027, 1, 10)), DiffService(DiffCache(tmp_path / "diffs.json")))
    [policy] = site.policies
    pages = compare_pages.compare_pages(context, policy, "en")
    assert list(pages) == ["privacy/compare/index.en.md"]
    page = BeautifulSoup(pages["privacy/compare/index.en.md"].html, "html.parser")
    form = page.select_one("form.pp-compare")
    assert json.loads(form["data-pp-pairs"]) == {"2023-12-01 2026-12-21": "../2026-12-21/changes/", "2026-12-21 2027-02-03": "../2027-02-03/changes/"}
    assert json.loads(form["data-pp-steps"])["2027-02-03"] == ["February 3, 2027", "../2027-02-03/changes/"]
    assert (
        "Each version in force or still to come is compared with each of the 24 versions before it. "
        "Between other versions, the history links what each change in between changed."
    ) in " ".join(page.get_text().split())
    assert [link["href"] for link in page.select(".pp-compare__pairs a")] == ["../2027-02-03/changes/", "../2026-12-21/changes/"]


def test_a_build_of_a_long_history_asks_only_for_the_diffs_its_pages_show(tmp_path: Path) -> None:
    """The diffs sent to the helpers are the changes pages' and the compare pages', never every pair.

    (They once were every pair: 20,000 diffs a language for 200 versions, five minutes of two cores,
    for pages of which at most 300 pairs are made.)
    """
    site, as_of = long_history(tmp_path, 40)  # the benchmarks' corpus: 40 versions that all check
    context = BuildContext(site, BuildOptions(as_of=as_of), DiffService(DiffCache(None)))
    [policy] = site.policies
    versions = context.visible_versions(policy)
    pairs = context.compare_pairs(policy)
    # The one in force against the RECENT_PAIRS (24) versions before its neighbour.
    assert len(versions) == 40 and [(versions.index(old), versions.index(new)) for old, new in pairs] == [(i, 39) for i in range(14, 38)]
    asked = {(old.slug if old else None, new.slug, code) for old, new, code, _labels in context.wanted_diffs()}
    shown = {(context.neighbours(policy, v)[0].slug if context.neighbours(policy, v)[0] else None, v.slug) for v in versions}
    shown |= {(old.slug, new.slug) for old, new in pairs}
    assert asked == {(old, new, code) for old, new in shown for code in ("ko", "en")}
