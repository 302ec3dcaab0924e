"""Ready-to-send notices of an upcoming change, for channels other than the site.

Korean practice expects a change unfavourable to users to be notified to them
individually too (e-mail, text message). The operator gets, for each upcoming
change and language, a plain-text notice and an HTML e-mail body generated
from the same data as the site, so the three can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from policypress.core import urls
from policypress.diff.sections import ChangeKind
from policypress.core.model import Policy, Version
from policypress.render.context import BuildContext
from policypress.core.rules import required_notice_days


@dataclass(frozen=True)
class NoticeData:
    """The facts of one change, worded for one language."""

    owner: str
    title: str
    summary: str
    announced: str
    effective: str
    adverse: str | None
    """The sentence saying the change is unfavourable to users, and so announced earlier (``None`` when it is not)."""
    notice_days: str
    changed_sections: tuple[str, ...]
    version_url: str
    changes_url: str
    binding_note: str | None
    first: bool = False
    """The policy's first version: a notice of publication, not of a change."""


def notice_data(context: BuildContext, policy: Policy, version: Version, code: str, base_url: str) -> NoticeData:
    """The facts of ``version``'s change in language ``code``."""
    t = context.renderer(code).t
    languages = context.languages
    previous = next((v for v in reversed(policy.versions) if v.effective < version.effective), None)
    changed: list[str] = []
    if previous is not None:
        # The changes page's diff (same labels, so the same cache entry).
        for change in context.diff(previous, version, code):
            if change.kind is not ChangeKind.UNCHANGED:
                section = change.new or change.old
                assert section is not None
                changed.append(section.title)
    notice_days = t.days(required_notice_days(policy, version))
    authoritative = policy.meta.authoritative
    binding = None
    if authoritative and authoritative != code:
        binding = t.gettext(
            "This %(language)s text is provided for your convenience. The %(binding)s text is legally binding; "
            "where the two differ, the %(binding)s text prevails.",
            language=t.language_name(code),
            binding=t.language_name(authoritative),
        )
    return NoticeData(
        owner=policy.meta.owner[code],
        title=policy.meta.title[code],
        summary=version.content.summary[code].strip(),
        announced=t.date(context.announced_on(policy, version)),
        effective=t.date(version.effective),
        adverse=(
            t.gettext("This change is unfavourable to users in part, so it is announced %(days)s before it takes effect.", days=notice_days)
            if version.content.adverse
            else None
        ),
        notice_days=notice_days,
        changed_sections=tuple(changed),
        version_url=urls.absolute(base_url, urls.localized(urls.version_path(policy.id, version.slug), code, languages)),
        changes_url=urls.absolute(base_url, urls.localized(urls.changes_path(policy.id, version.slug), code, languages)),
        binding_note=binding,
        first=previous is None,
    )


def render_notice(context: BuildContext, policy: Policy, version: Version, code: str, base_url: str) -> tuple[str, str, str]:
    """``(subject, plain text, HTML e-mail body)`` of the notice of ``version`` in language ``code``."""
    renderer = context.renderer(code)
    t = renderer.t
    data = notice_data(context, policy, version, code, base_url)
    if data.first:
        subject = t.gettext(
            "[%(owner)s] Introducing the %(policy)s (effective %(date)s)", owner=data.owner, policy=data.title, date=data.effective
        )
    else:
        subject = t.gettext(
            "[%(owner)s] Changes to the %(policy)s (effective %(date)s)", owner=data.owner, policy=data.title, date=data.effective
        )
    text = renderer.render("notice/notice.txt.j2", subject=subject, n=data).strip() + "\n"
    html = renderer.render("notice/notice.html.j2", subject=subject, n=data)
    return subject, text, html
