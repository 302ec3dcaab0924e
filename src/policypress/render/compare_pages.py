"""Compare any two versions: a page to pick them, and the diff of every pair, made at build time.

Readers compare the version they accepted with the one in force, which may be
several changes apart. The site is static, so each pair's diff is a page made
by the build, with the same section-aligned word diff as the changes pages
(the one diff of :mod:`policypress.diff`, which keeps Korean words whole and
marks only the changed particle). A diff in the browser would be a second
implementation that could disagree with the changes pages.

Pairs of neighbours are the changes pages. The other pairs grow as the square
of the number of versions (measured in ``benchmarks/``: at 40 versions every
pair is 1 482 more pages and 45 MB, at 200 it would be 39 000 pages and more
than 1 GB, past GitHub Pages' limit). So every pair has its page while a
policy has at most :data:`MAX_PAIRS` of them; beyond that, each version is
compared with every version that is in force or still to come (what a reader
who accepted an older text wants to know) while it is one of the
:data:`~policypress.render.context.RECENT_PAIRS` before it, and between other
versions the compare page lists the changes pages that lead from one to the
other.

* ``<policy>/compare/``: two lists to choose from (with script) and every
  pair as a link (without);
* ``<policy>/compare/<older>/<newer>/``: the diff of a pair that are not
  neighbours. Out of search, the nav and the sitemap, with ``noindex``: the
  policy's own pages are what search engines should find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass


from policypress.core import urls
from policypress.core.model import Policy, Version
from policypress.core.schedule import State
from policypress.render.changes_pages import change_counts, change_view
from policypress.render.context import MAX_PAIRS, RECENT_PAIRS, BuildContext
from policypress.render.i18n import Translator
from policypress.render.templating import GeneratedPage
from policypress.render.views import NEAR, Link, Skipped, listed_positions, state_label


@dataclass(frozen=True)
class CompareChoice:
    """A version as the lists to choose from name it."""

    slug: str
    label: str


@dataclass(frozen=True)
class ComparePair:
    """A pair as the list of every pair links to it."""

    href: str
    label: str
    neighbours: bool


@dataclass(frozen=True)
class CompareGroup:
    """The pairs of one version with each earlier one."""

    label: str
    pairs: tuple[ComparePair, ...]


def pair_path(context: BuildContext, policy: Policy, old: Version, new: Version, made: set[tuple[str, str]]) -> str | None:
    """Where the diff of ``old`` and the later ``new`` is: the changes page of neighbours, the pair's page, or ``None``."""
    if context.neighbours(policy, new)[0] is old:
        return urls.changes_path(policy.id, new.slug)
    if (old.slug, new.slug) in made:
        return urls.compare_pair_path(policy.id, old.slug, new.slug)
    return None


def compare_pages(context: BuildContext, policy: Policy, code: str) -> dict[str, GeneratedPage]:
    """The compare page and every pair's page of ``policy`` in ``code`` (none for a policy with one version)."""
    if len(context.visible_versions(policy)) < 2:
        return {}
    made = context.compare_pairs(policy)
    out = {urls.source_name(urls.compare_path(policy.id), code): _compare_page(context, policy, code, {(old.slug, new.slug) for old, new in made})}
    for old, new in made:
        out[urls.source_name(urls.compare_pair_path(policy.id, old.slug, new.slug), code)] = _pair_page(context, policy, old, new, code)
    return out


def _name(t: Translator, version: Version) -> str:
    """A version as a reader names it: by the day it takes effect."""
    return t.gettext("the version effective %(date)s", date=t.date(version.effective))


def _compare_page(context: BuildContext, policy: Policy, code: str, made: set[tuple[str, str]]) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    path = urls.compare_path(policy.id)
    schedule = context.schedules[policy.id]
    visible = context.visible_versions(policy)
    heading = t.gettext("Compare versions of the %(policy)s", policy=policy.meta.title[code])
    choices = [
        CompareChoice(version.slug, t.gettext("%(text)s (%(note)s)", text=t.date(version.effective), note=state_label(t, schedule.of(version))))
        for version in reversed(visible)
    ]
    # The pairs with a page, by the newer one's position: the neighbour (its changes page) and the pairs made.
    # (Never a loop over every pair: a long history has millions, and only a few thousand have a page.)
    position = {version.slug: index for index, version in enumerate(visible)}
    older: dict[int, set[int]] = {index: {index - 1} for index in range(1, len(visible))}
    for old_slug, new_slug in made:
        older[position[new_slug]].add(position[old_slug])
    hrefs = {}
    for index in range(1, len(visible)):
        new = visible[index]
        for old in (visible[i] for i in sorted(older[index])):
            found = pair_path(context, policy, old, new, made)
            if found is not None:
                hrefs[f"{old.slug} {new.slug}"] = urls.relative(path, found)
    groups = tuple(
        CompareGroup(
            t.gettext("The version effective %(date)s compared with", date=t.date(new.effective)),
            tuple(
                ComparePair(hrefs[f"{old.slug} {new.slug}"], _name(t, old), context.neighbours(policy, new)[0] is old)
                for old in (visible[i] for i in sorted(older[index], reverse=True))
                if f"{old.slug} {new.slug}" in hrefs
            ),
        )
        for index, new in reversed(list(enumerate(visible)))
        if index > 0
    )
    # Between two superseded versions with no page of their own, the changes pages that lead from one to the other.
    steps = {version.slug: [t.date(version.effective), urls.relative(path, urls.changes_path(policy.id, version.slug))] for version in visible}
    return renderer.page(
        "pages/compare.html.j2",
        meta=dict(title=heading, search={"exclude": True}, policypress={"kind": "compare", "policy": policy.id}),
        title=heading,
        sections=[("pairs", t.gettext("Every pair of versions"))],
        choices=choices,
        older=visible[-2].slug,
        newer=visible[-1].slug,
        pairs_json=json.dumps(hrefs, ensure_ascii=False),  # attributes: the template escapes them
        steps_json=json.dumps(steps, ensure_ascii=False),
        every_pair=len(hrefs) == len(visible) * (len(visible) - 1) // 2,
        recent_pairs=RECENT_PAIRS,
        groups=groups,
        links=[Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy"))],
    )


def _between(t: Translator, policy: Policy, between: list[Version], path: str) -> list[Link]:
    """The changes pages between a pair: the first and last few of a long run, the rest counted, on the history page."""
    count = len(between)
    links = []
    for index in listed_positions(count, {*range(NEAR), *range(count - NEAR, count)}):
        if isinstance(index, Skipped):
            label = t.ngettext("%(num)d more change in the history", "%(num)d more changes in the history", index.count)
            links.append(Link(urls.relative(path, urls.history_path(policy.id)), label))
        else:
            version = between[index]
            links.append(Link(urls.relative(path, urls.changes_path(policy.id, version.slug)), t.date(version.effective)))
    return links


def _pair_page(context: BuildContext, policy: Policy, old: Version, new: Version, code: str) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    path = urls.compare_pair_path(policy.id, old.slug, new.slug)
    here = urls.localized(path, code, context.languages)
    authoritative = policy.meta.authoritative
    title = policy.meta.title[code]
    heading = t.gettext(
        "%(policy)s: what changed from %(old)s to %(new)s", policy=title, old=_name(t, old), new=_name(t, new)
    )
    changes = context.diff(old, new, code)
    views = [change_view(t, change, first=False) for change in changes]
    visible = context.visible_versions(policy)
    between = visible[context.position(old) + 1 : context.position(new)]
    links = [
        Link(urls.relative(path, urls.version_path(policy.id, old.slug)), t.gettext("Full text of %(version)s", version=_name(t, old))),
        Link(urls.relative(path, urls.version_path(policy.id, new.slug)), t.gettext("Full text of %(version)s", version=_name(t, new))),
        Link(urls.relative(path, urls.compare_path(policy.id)), t.gettext("Compare other versions")),
        Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy")),
    ]
    return renderer.page(
        "pages/compare_pair.html.j2",
        meta=dict(
            title=heading,
            search={"exclude": True},
            policypress={"kind": "compare-pair", "policy": policy.id, "version": new.slug, "noindex": True},
        ),
        title=heading,
        sections=[(view.id, view.title) for view in views],
        owner=policy.meta.owner[code],
        counts=change_counts(t, changes),
        between=_between(t, policy, between, path),
        between_count=len(between),
        links=links,
        labels=context.labels(code),
        changes=views,
        authoritative=authoritative,
        binding_url=urls.relative(here, urls.localized(path, authoritative, context.languages))
        if authoritative and authoritative != code
        else None,
        binding_label=context.renderer(authoritative).t.gettext("Read the binding text") if authoritative else "",
    )


__all__ = ["MAX_PAIRS", "compare_pages", "pair_path"]
