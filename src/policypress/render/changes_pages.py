"""What changed in a version: its changes page, from the one diff, in one language."""

from __future__ import annotations


from markupsafe import Markup

from policypress.core import urls
from policypress.core.model import Policy, Version
from policypress.core.schedule import State
from policypress.render.context import BuildContext
from policypress.render.i18n import Translator
from policypress.render.templating import GeneratedPage
from policypress.diff.sections import ChangeKind, PREAMBLE_ID, SectionChange
from policypress.render.views import ChangeView, Link, adverse_view, shown_late, state_label, status_flip, status_line


def changes_page(context: BuildContext, policy: Policy, version: Version, code: str) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    path = urls.changes_path(policy.id, version.slug)
    here = urls.localized(path, code, context.languages)
    previous = context.neighbours(policy, version)[0]
    state = context.schedules[policy.id].of(version)
    labels = context.labels(code)
    changes = context.diff(previous, version, code)
    views = [change_view(t, change, first=previous is None) for change in changes]
    counts = change_counts(t, changes)
    links = [Link(urls.relative(path, urls.version_path(policy.id, version.slug)), t.gettext("Full text of this version"))]
    if previous is not None:
        links.append(
            Link(
                urls.relative(path, urls.version_path(policy.id, previous.slug)),
                t.gettext("Full text of the previous version (%(date)s)", date=t.date(previous.effective)),
                "prev",
            )
        )
    links.append(Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy")))
    if state in (State.UPCOMING, State.SCHEDULED):
        # The same notice, ready for e-mail or letters (see render/notice.py).
        # Notice files are one set for all languages (not under en/): link from the localized path.
        text_name, html_name = urls.notice_files(policy.id, version.slug, code)
        links.append(Link(urls.relative(here, text_name), t.gettext("This notice as plain text")))
        links.append(Link(urls.relative(here, html_name), t.gettext("This notice as an e-mail")))
    if previous is None:
        # A first version changes nothing: it is introduced, and its page says what it holds.
        heading = t.gettext("%(policy)s: first version, effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
    elif state in (State.CURRENT, State.ARCHIVED):
        heading = t.gettext("%(policy)s: what changed on %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
    elif state is State.UPCOMING:
        # Still true once the change takes effect and before the next build says so (policypress.js flips the rest).
        heading = t.gettext("%(policy)s: the changes effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
    else:
        heading = t.gettext("%(policy)s: what changes on %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
    authoritative = policy.meta.authoritative
    return renderer.page(
        "pages/changes.html.j2",
        meta=dict(
            title=heading,
            search={"exclude": True},
            policypress={
                "kind": "changes",
                "policy": policy.id,
                "version": version.slug,
                "state": state.value,
                **({"noindex": True} if state is State.SCHEDULED else {}),
            },
        ),
        title=heading,
        sections=[(view.id, view.title) for view in views] if previous is not None else [],
        contents=[
            Link(urls.relative(path, urls.version_path(policy.id, version.slug)) + f"#{view.id}", view.title)
            for view in views
            if view.id != PREAMBLE_ID
        ] if previous is None else [],
        owner=policy.meta.owner[code],
        version=version.content,
        state=state.value,
        state_label=state_label(t, state),
        status_line=status_line(context, t, version, state),
        flip=status_flip(context, t, policy, version, state, path),
        summary=version.content.summary[code].strip(),
        adverse=adverse_view(t, policy, version),
        first_published=shown_late(context, policy, version),
        previous=previous,
        counts=counts,
        links=links,
        labels=labels,
        changes=views,
        authoritative=authoritative,
        binding_url=urls.relative(here, urls.localized(path, authoritative, context.languages))
        if authoritative and authoritative != code
        else None,
        binding_label=context.renderer(authoritative).t.gettext("Read the binding text") if authoritative else "",
    )

def change_counts(t: Translator, changes: list[SectionChange]) -> str:
    """What a diff did, counted for a reader: "opening text changed · 2 sections changed · 1 section added · …"."""
    sections = [change for change in changes if change.id != PREAMBLE_ID]
    counted = {kind: sum(1 for change in sections if change.kind is kind) for kind in ChangeKind}
    opening = any(change.id == PREAMBLE_ID and change.kind is not ChangeKind.UNCHANGED for change in changes)
    return t.pgettext("between counts", " · ").join(
        [
            *([t.gettext("opening text changed")] if opening else []),
            t.ngettext("%(num)d section changed", "%(num)d sections changed", counted[ChangeKind.CHANGED]),
            t.ngettext("%(num)d section added", "%(num)d sections added", counted[ChangeKind.ADDED]),
            t.ngettext("%(num)d section removed", "%(num)d sections removed", counted[ChangeKind.REMOVED]),
            t.ngettext("%(num)d section unchanged", "%(num)d sections unchanged", counted[ChangeKind.UNCHANGED]),
        ]
    )


def change_view(t: Translator, change: SectionChange, *, first: bool) -> ChangeView:
    label = {
        ChangeKind.CHANGED: t.gettext("Changed"),
        ChangeKind.ADDED: t.gettext("Added"),
        ChangeKind.REMOVED: t.gettext("Removed"),
        ChangeKind.UNCHANGED: t.gettext("Unchanged"),
    }[change.kind]
    if change.moved:
        label = t.gettext("%(change)s, moved", change=label)
    section = change.new or change.old
    assert section is not None
    collapsed = None
    body = change.body_html
    if change.kind is ChangeKind.UNCHANGED:
        collapsed = t.gettext("Show the unchanged text")
    elif first:
        # Nothing to compare with: show the text plainly, not as one big insertion.
        label = t.gettext("Text")
        collapsed = t.gettext("Show the text")
        body = section.html
    return ChangeView(
        id=change.id,
        kind=change.kind.value,
        label=label,
        title=section.title,
        title_html=Markup(change.title_html),
        renamed=change.renamed and not first,
        collapsed=collapsed,
        body_html=Markup(body),
    )
