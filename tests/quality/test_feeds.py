"""The Atom feeds and the calendar parse cleanly, and their ids do not change from one build to the next.

Feed readers and calendars key entries on ``<id>`` and ``UID``: an id that
changed between two daily builds would show every notice again as new.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest

from tests.conftest import ROOT, build, copy_project
from tests.quality.checks import calendar_uids, check_feed, feed_ids
from tests.quality.conftest import STATES

pytestmark = pytest.mark.slow

FEEDS = ["feed.xml", "en/feed.xml"]


@pytest.mark.parametrize("state", STATES)
def test_feeds_and_calendar_parse(site, state: str) -> None:
    site_dir = site(state)
    for feed in FEEDS:
        assert check_feed(site_dir / feed) == []
    calendar = icalendar.Calendar.from_ical((site_dir / "policies.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert events, "the calendar has no events"
    for event in events:
        assert event.get("UID") and event.get("DTSTART") and event.get("SUMMARY"), event


@pytest.fixture(scope="session")
def second_build(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The same state built again, from another copy of the project in another folder."""
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            state = STATES[name]
            project = copy_project(ROOT, tmp_path_factory.mktemp(f"again-{name}"))
            cache[name] = build(project, as_of=state.as_of, preview=state.preview, site_url=state.site_url,
                                site_dir=project / "elsewhere" / "out")  # fmt: skip
        return cache[name]

    return get


@pytest.mark.parametrize("state", STATES)
def test_ids_are_stable_across_builds(site, second_build, state: str) -> None:
    first, again = site(state), second_build(state)
    assert first != again
    for feed in FEEDS:
        ids = feed_ids(first / feed)
        assert ids and len(set(ids)) == len(ids), f"{feed}: ids missing or repeated: {ids}"
        assert feed_ids(again / feed) == ids, feed
    uids = calendar_uids(first / "policies.ics")
    assert uids and len(set(uids)) == len(uids), uids
    assert calendar_uids(again / "policies.ics") == uids


def test_entry_ids_do_not_depend_on_the_day_of_the_build(site) -> None:
    """A version's entry keeps its id from the notice window to after it took effect."""
    for feed in FEEDS:
        during, after = set(feed_ids(site("notice") / feed)), set(feed_ids(site("normal") / feed))
        assert during <= after, f"{feed}: {sorted(during - after)} changed after the change took effect"
    during, after = calendar_uids(site("notice") / "policies.ics"), calendar_uids(site("normal") / "policies.ics")
    assert set(during) <= set(after)
