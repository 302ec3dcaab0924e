"""A policy's history page and the updates page of every policy, in one language."""

from __future__ import annotations



from policypress.core import urls
from policypress.core.model import Policy, Version
from policypress.render.context import BuildContext
from policypress.render.i18n import Translator
from policypress.render.templating import GeneratedPage
from policypress.core.lock_file import SettingsChange, reason_in, reason_language
from policypress.render.correction_pages import correction_links
from policypress.render.views import HistoryEntry, SettingsChangeView, adverse_view, shown_late, state_label, status_flip


def history_entry(context: BuildContext, policy: Policy, version: Version, code: str, here: str) -> HistoryEntry:
    t = context.renderer(code).t
    state = context.schedules[policy.id].of(version)
    content = version.content
    has_previous = context.neighbours(policy, version)[0] is not None
    return HistoryEntry(
        slug=version.slug,
        title=t.gettext("%(policy)s, effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective)),
        version=content,
        state=state.value,
        state_label=state_label(t, state),
        summary=content.summary[code].strip(),
        waiver=content.notice_waiver[code].strip() if content.notice_waiver else None,
        errata=correction_links(context, policy, version, code, here),
        href=urls.relative(here, urls.localized(urls.version_path(policy.id, version.slug), code, context.languages)),
        changes_href=urls.relative(here, urls.localized(urls.changes_path(policy.id, version.slug), code, context.languages))
        if has_previous
        else None,
        history_href=urls.relative(here, urls.localized(urls.history_path(policy.id), code, context.languages)),
        flip=status_flip(context, t, policy, version, state, here),
        adverse=adverse_view(t, policy, version),
        first_published=shown_late(context, policy, version),
        translations=translations_added(t, policy, version),
    )


def translations_added(t: Translator, policy: Policy, version: Version) -> tuple[str, ...]:
    """Each translation added to ``version`` after it was published, as its lock records it, worded for a reader."""
    entry = policy.lock.entries.get(version.slug) if policy.lock is not None else None
    return tuple(
        t.gettext("%(language)s translation added on %(date)s", language=t.language_name(added.language), date=t.date(added.date))
        for added in (entry.translations if entry is not None else ())
    )

def history_page(context: BuildContext, policy: Policy, code: str) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    here = urls.localized(urls.history_path(policy.id), code, context.languages)
    entries = [history_entry(context, policy, version, code, here) for version in reversed(context.visible_versions(policy))]
    heading = t.gettext("History of the %(policy)s", policy=policy.meta.title[code])
    # A change a reader of this language cannot see (only the other language's title) is not news to them.
    binding = reason_language(policy.meta, context.languages)
    changes = [
        view for change in reversed(context.settings_changes(policy)) if (view := settings_change_view(t, change, code, binding)).what
    ]
    changes_heading = t.gettext("Changes to the policy itself")
    return renderer.page(
        "pages/history.html.j2",
        meta=dict(title=heading, policypress={"kind": "history", "policy": policy.id}),
        title=heading,
        sections=[("policy-changes", changes_heading)] if changes else [],
        policy_title=policy.meta.title[code],
        entries=entries,
        settings_changes=changes,
        changes_heading=changes_heading,
        compare_href=urls.relative(here, urls.localized(urls.compare_path(policy.id), code, context.languages))
        if len(entries) > 1
        else None,
    )

def settings_change_view(t: Translator, change: SettingsChange, code: str, binding: str) -> SettingsChangeView:
    """A recorded change of a policy's title, owner or notice periods, worded for a reader."""
    parts = []
    for name, old in change.old.items():
        new = change.new.get(name)
        if name in ("title", "owner") and isinstance(old, dict) and isinstance(new, dict):
            label = t.gettext("Title") if name == "title" else t.gettext("Issued by")
            before, after = old.get(code, ""), new.get(code, "")
            if before != after:
                parts.append(t.gettext("%(what)s: “%(old)s” → “%(new)s”", what=label, old=before, new=after))
        elif name in ("notice_days", "adverse_notice_days") and isinstance(old, int) and isinstance(new, int):
            label = t.gettext("Notice of changes") if name == "notice_days" else t.gettext("Notice of unfavourable changes")
            parts.append(t.gettext("%(what)s: %(old)s → %(new)s", what=label, old=t.days(old), new=t.days(new)))
    reason, reason_lang = reason_in(change.reason, code, binding)
    return SettingsChangeView(date=t.date(change.date), what=tuple(parts), reason=reason, reason_lang=reason_lang)

def updates_page(context: BuildContext, code: str) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    here = urls.localized(urls.UPDATES_PATH, code, context.languages)
    entries = [
        history_entry(context, policy, version, code, here)
        for policy in context.site.policies
        for version in context.visible_versions(policy)
    ]
    entries.sort(key=lambda entry: (entry.version.announced, entry.version.effective), reverse=True)
    heading = t.gettext("Policy updates")
    return renderer.page(
        "pages/updates.html.j2",
        meta=dict(title=heading, policypress={"kind": "updates"}),
        title=heading,
        sections=[],
        entries=entries,
        feed_href=urls.relative(here, urls.localized("feed.xml", code, context.languages)) if context.options.feeds else None,
        calendar_href=urls.relative(here, "policies.ics") if context.options.feeds else None,
    )
