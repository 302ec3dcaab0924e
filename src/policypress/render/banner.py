"""The notice banner on every page, and the preview ribbon.

While a version is upcoming (announced ≤ today < effective), every page of the
site in every language names the policy, the day the change takes effect and
why, and links to what changes. Scheduled versions are never mentioned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policypress.core import urls
from policypress.render.context import BuildContext
from policypress.core.schedule import day_start
from policypress.render.views import adverse_view


@dataclass(frozen=True)
class Notice:
    """One upcoming change, as shown to a reader of one language."""

    policy_id: str
    slug: str
    title: str
    summary: str
    effective_date: str
    effective_instant: str
    changes_href: str
    version_href: str
    history_href: str
    first: bool = False
    """The policy's first version: it is introduced, not changed."""
    adverse: str | None = None
    """That the change is unfavourable to users, and its longer notice (short)."""


@dataclass(frozen=True)
class PolicyNotices:
    """A policy's upcoming changes: the soonest told in full, the later ones by date and link.

    Three changes of one policy in the banner were three head lines and three
    summaries, some 75 px each on a phone; the later dates share one line, and
    each links to its summary and diff.
    """

    soonest: Notice
    later: tuple[Notice, ...]
    more: int = 0
    """Changes after ``later``, counted and linked to the history rather than listed."""


#: Later changes of one policy listed by date; a preview of many drafts names the rest by number.
LATER_SHOWN = 3


def notices(context: BuildContext, code: str, page_url: str, root_path: str | None = None) -> list[Notice]:
    """The upcoming changes of every policy, soonest first.

    Links are root-absolute under ``root_path`` (the path of ``site_url``) when
    it is known, so the banner's HTML is the same on every page of a language:
    Material remembers a dismissed banner by a hash of that HTML. Without a
    ``site_url`` they are relative to ``page_url``.
    """
    t = context.renderer(code).t
    here = urls.page_path(page_url)

    def link(target: str) -> str:
        if root_path is not None:
            return root_path.rstrip("/") + "/" + target
        return urls.relative(here, target)

    found: list[Notice] = []
    for policy in context.site.policies:
        for version in context.schedules[policy.id].upcoming:
            instant = day_start(version.effective, policy.meta.timezone)
            changes = urls.localized(urls.changes_path(policy.id, version.slug), code, context.languages)
            page = urls.localized(urls.version_path(policy.id, version.slug), code, context.languages)
            found.append(
                Notice(
                    policy_id=policy.id,
                    slug=version.slug,
                    title=policy.meta.title[code],
                    summary=version.content.summary[code].strip(),
                    effective_date=t.date(version.effective),
                    effective_instant=instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    changes_href=link(changes),
                    version_href=link(page),
                    history_href=link(urls.localized(urls.history_path(policy.id), code, context.languages)),
                    first=version is policy.versions[0],
                    adverse=adverse.label if (adverse := adverse_view(t, policy, version)) is not None else None,
                )
            )
    return sorted(found, key=lambda notice: (notice.effective_instant, notice.policy_id))


def by_policy(items: list[Notice]) -> list[PolicyNotices]:
    """``items`` (soonest first) grouped by policy, the policy whose change comes first leading."""
    groups: dict[str, list[Notice]] = {}
    for notice in items:
        groups.setdefault(notice.policy_id, []).append(notice)
    return [
        PolicyNotices(group[0], tuple(group[1 : 1 + LATER_SHOWN]), max(0, len(group) - 1 - LATER_SHOWN))
        for group in groups.values()
    ]


def render_banner(context: BuildContext, code: str, page_url: str, root_path: str | None = None) -> str:
    """The banner's HTML for a page, or ``""`` when nothing is upcoming (no banner at all)."""
    items = notices(context, code, page_url, root_path)
    if not items:
        return ""
    html = context.renderer(code).render("theme/banner.html.j2", policies=by_policy(items))
    # Material shows the banner whenever the block is non-empty; keep it one clean fragment.
    return html.strip()


def render_ribbon(context: BuildContext, code: str) -> str:
    """The preview ribbon naming the moment the preview shows."""
    renderer = context.renderer(code)
    as_of = context.options.as_of
    day = as_of if not isinstance(as_of, dt.datetime) else as_of.date()
    return renderer.render("theme/ribbon.html.j2", as_of=renderer.t.date(day)).strip()
