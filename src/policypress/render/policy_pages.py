"""The policy's own page (the text in force) and the page of every version, in one language."""

from __future__ import annotations

from typing import Any


from policypress.core import urls
from policypress.core.model import Policy, Version
from policypress.core.schedule import State, day_start
from policypress.diff.sections import LABELS_ID
from policypress.render.context import BuildContext
from policypress.render.correction_pages import correction_links
from policypress.render.templating import GeneratedPage
from policypress.render.views import Link, UpcomingView, label_views, text_headings, adverse_view, shown_late, state_label, status_flip, status_line, utc, version_items, version_text


def policy_pages(context: BuildContext, policy: Policy, code: str) -> dict[str, GeneratedPage]:
    out: dict[str, GeneratedPage] = {}
    schedule = context.schedules[policy.id]
    visible = context.visible_versions(policy)
    # The policy's own address always shows something: the version in force,
    # or, for a policy not yet in force anywhere (a new site), the first
    # version to come, with its status saying when it takes effect.
    main = schedule.current or (visible[0] if visible else None)
    path = urls.policy_path(policy.id)
    if main is not None:
        out[urls.source_name(path, code)] = version_page(context, policy, main, code, path, is_main=True)
    else:
        # Before the first announcement: the address that the menu and the
        # home page link to says so, rather than being missing.
        out[urls.source_name(path, code)] = unpublished_page(context, policy, code)
    for version in visible:
        path = urls.version_path(policy.id, version.slug)
        out[urls.source_name(path, code)] = version_page(context, policy, version, code, path, is_main=False)
    return out

def unpublished_page(context: BuildContext, policy: Policy, code: str) -> GeneratedPage:
    renderer = context.renderer(code)
    here = urls.localized(urls.policy_path(policy.id), code, context.languages)
    title = policy.meta.title[code]
    return renderer.page(
        "pages/unpublished.html.j2",
        meta=dict(title=title, search={"exclude": True}, policypress={"kind": "policy", "policy": policy.id}),
        title=title,
        sections=[],
        history_href=urls.relative(here, urls.localized(urls.history_path(policy.id), code, context.languages)),
    )


def version_page(
    context: BuildContext, policy: Policy, version: Version, code: str, path: str, *, is_main: bool
) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    state = context.schedules[policy.id].of(version)
    previous, following = context.neighbours(policy, version)
    links: list[Link] = []
    if not is_main and state is not State.CURRENT:
        links.append(Link(urls.relative(path, urls.policy_path(policy.id)), t.gettext("Policy in force")))
    if previous is not None:
        links.append(
            Link(
                urls.relative(path, urls.version_path(policy.id, previous.slug)),
                t.gettext("Previous version (%(date)s)", date=t.date(previous.effective)),
                "prev",
            )
        )
    if following is not None:
        links.append(
            Link(
                urls.relative(path, urls.version_path(policy.id, following.slug)),
                t.gettext("Next version (%(date)s)", date=t.date(following.effective)),
                "next",
            )
        )
    changes_label = t.gettext("What changed in this version") if previous is not None else t.gettext("About this version")
    links.append(Link(urls.relative(path, urls.changes_path(policy.id, version.slug)), changes_label))
    links.append(Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy")))
    if is_main:
        links.append(
            Link(urls.relative(path, urls.version_path(policy.id, version.slug)), t.gettext("Permanent link to this version"))
        )
    title = policy.meta.title[code]
    canonical = urls.localized(urls.policy_path(policy.id), code, context.languages)
    meta: dict[str, Any] = {"kind": "policy" if is_main else "version", "policy": policy.id, "version": version.slug, "state": state.value}
    if not is_main:
        # The version in force duplicates the policy page; an archived text is its own (noindex, no canonical
        # pointing at a text that differs from it).
        meta["canonical"] = canonical if state is State.CURRENT else None
        meta["noindex"] = state in (State.ARCHIVED, State.SCHEDULED) or None
    # The policy in force announces its own upcoming change above the text.
    upcoming = [
        UpcomingView(
            date=t.date(v.effective),
            summary=v.content.summary[code].strip(),
            changes_href=urls.relative(path, urls.changes_path(policy.id, v.slug)),
            version_href=urls.relative(path, urls.version_path(policy.id, v.slug)),
            instant=utc(day_start(v.effective, policy.meta.timezone)),
            key=f"{policy.id}/{v.slug}",
            adverse=adverse_view(t, policy, v),
        )
        for v in context.schedules[policy.id].upcoming
        if v is not version
    ] if is_main else []
    authoritative = policy.meta.authoritative
    binding_path = urls.localized(path, authoritative, context.languages) if authoritative else None
    here = urls.localized(path, code, context.languages)
    text = version_text(version, code, t)
    labels = label_views(version, code)
    return renderer.page(
        "pages/version.html.j2",
        meta=dict(
            title=title if is_main else t.gettext("%(text)s (%(note)s)", text=title, note=t.date(version.effective)),
            # Archived and duplicate texts stay out of search: the index
            # holds the text in force and the text to come, nothing else.
            search={"exclude": True} if (not is_main and state is not State.UPCOMING) else None,
            policypress={key: value for key, value in meta.items() if value is not None},
        ),
        # A version's own page says which version it is, as its heading (printed, bookmarked, shared).
        title=title if is_main else t.gettext("%(policy)s, effective %(date)s", policy=title, date=t.date(version.effective)),
        sections=text_headings(text, labels, t),
        labels=labels,
        labels_id=LABELS_ID,
        owner=policy.meta.owner[code],
        policy_title=policy.meta.title[code],
        version=version.content,
        state=state.value,
        state_label=state_label(t, state),
        status_line=status_line(context, t, version, state),
        flip=status_flip(context, t, policy, version, state, path),
        links=links,
        text=text,
        upcoming=upcoming,
        corrections=correction_links(context, policy, version, code, here),
        versions=version_items(context, t, policy, version, path),
        version_count=len(context.visible_versions(policy)),
        compare_href=urls.relative(path, urls.compare_path(policy.id)) if len(context.visible_versions(policy)) > 1 else None,
        adverse=adverse_view(t, policy, version),
        first_published=shown_late(context, policy, version),
        replaced=None,
        authoritative=authoritative,
        binding_url=urls.relative(here, binding_path) if binding_path and authoritative != code else None,
        binding_label=context.renderer(authoritative).t.gettext("Read the binding text") if authoritative else "",
    )

# -- history, updates, changes ----------------------------------------------------
