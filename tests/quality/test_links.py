"""Every internal link, resource and #fragment resolves, at the domain root and under a sub-path.

Links come from every HTML page (a, link — canonical and hreflang alternates
included — script, img…), the Atom feeds, the calendar, policies.json and the
sitemap. Absolute URLs under the site's URL are internal and must resolve too.
"""

from __future__ import annotations

import pytest

from tests.quality.checks import LinkChecker, check_links
from tests.quality.conftest import STATES

pytestmark = pytest.mark.slow

#: Broken links known and reported, each with the fix it waits for. Exact
#: "page: 'href'" prefixes, so nothing else on those pages is excused.
KNOWN_BROKEN: dict[str, str] = {}  # page: 'href' → why it is accepted (none today)


@pytest.mark.parametrize("state", STATES)
def test_every_internal_link_resolves(site, state: str) -> None:
    problems = [
        problem for problem in check_links(site(state), STATES[state].published_at)
        if not any(problem.startswith(known + ":") for known in KNOWN_BROKEN)
    ]  # fmt: skip
    assert problems == [], f"{len(problems)} broken links in the {state} build:\n" + "\n".join(problems)


@pytest.mark.parametrize("state", STATES)
def test_the_crawl_sees_every_kind_of_link(site, state: str) -> None:
    """Guard against a crawl that passes because it found nothing to check."""
    checker = LinkChecker(site(state), STATES[state].published_at)
    sources = {}
    for link in checker.all_links():
        sources.setdefault(link.source.rsplit("/", 1)[-1], []).append(link.url)
    for name in ("index.html", "feed.xml", "policies.ics", "policies.json", "sitemap.xml"):
        assert sources.get(name), f"no links found in {name}"
    urls = {url for values in sources.values() for url in values}
    assert any(url.startswith(STATES[state].published_at) for url in urls), "absolute internal URLs (canonical, feeds)"
    assert any(url.startswith("#") for url in urls), "same-page fragments"
