"""A corrected version's record: each correction's own page, and each text it replaced at its own address.

An erratum mends the wording of a published text without notice (see
:mod:`policypress.core.corrections`), so readers must be able to see what
they were shown before it and exactly what the correction changed. For the
``n``-th correction of a version there are two pages in every language:

* ``<policy>/<version>/corrections/<n>/``: the correction, its date and
  reason, and its diff (the one diff, as on a changes page);
* ``<policy>/<version>/corrections/<n>/before/``: the whole text as it was
  published until that correction.

The version's own page, the policy page and the history page link to both.
Both stay out of search, the nav and the sitemap, and carry ``noindex``: they
are records, not the policy.
"""

from __future__ import annotations

from dataclasses import dataclass

from policypress.core import urls
from policypress.core.corrections import EarlierText, following_text
from policypress.core.lock_file import reason_in, reason_language
from policypress.core.model import Policy, Version
from policypress.diff.sections import LABELS_ID, ChangeKind, PREAMBLE_ID
from policypress.render.changes_pages import change_view
from policypress.render.context import BuildContext
from policypress.render.templating import GeneratedPage
from policypress.render.views import Link, label_views, text_headings, version_text


@dataclass(frozen=True)
class CorrectionLink:
    """A correction as a version's page and its history entry mention it."""

    date: str
    reason: str
    reason_lang: str | None
    changes_href: str | None
    """Its own page (``None`` when the lock does not keep the text it replaced)."""
    before_href: str | None


@dataclass(frozen=True)
class ReplacedView:
    """On the page of a text a correction replaced: when, why, and where the text is now."""

    date: str
    reason: str
    reason_lang: str | None
    now_href: str
    changes_href: str


def correction_links(context: BuildContext, policy: Policy, version: Version, code: str, here: str) -> tuple[CorrectionLink, ...]:
    """Every correction of ``version``, oldest first, with links relative to the page at ``here``."""
    t = context.renderer(code).t
    binding = reason_language(policy.meta, context.languages)
    links = []
    for text in context.earlier_texts(policy, version):
        reason, lang = reason_in(text.erratum.reason, code, binding)
        kept = text.version is not None
        links.append(
            CorrectionLink(
                date=t.date(text.erratum.date),
                reason=reason,
                reason_lang=lang,
                changes_href=urls.relative(here, _localized(context, urls.correction_path(policy.id, version.slug, text.number), code)) if kept else None,
                before_href=urls.relative(here, _localized(context, urls.earlier_text_path(policy.id, version.slug, text.number), code)) if kept else None,
            )
        )
    return tuple(links)


def _localized(context: BuildContext, path: str, code: str) -> str:
    return urls.localized(path, code, context.languages)


def correction_pages(context: BuildContext, policy: Policy, code: str) -> dict[str, GeneratedPage]:
    """Both pages of every correction of every version of ``policy`` shown in this build, in language ``code``."""
    out: dict[str, GeneratedPage] = {}
    for version in context.visible_versions(policy):
        texts = context.earlier_texts(policy, version)
        for index, text in enumerate(texts):
            after = following_text(texts, version, index)
            if text.version is None or after is None:
                continue  # not kept (an erratum from before the lock kept texts): its history line says so
            path = urls.correction_path(policy.id, version.slug, text.number)
            out[urls.source_name(path, code)] = _correction_page(context, policy, version, text, text.version, after, code)
            path = urls.earlier_text_path(policy.id, version.slug, text.number)
            out[urls.source_name(path, code)] = _earlier_text_page(context, policy, version, texts, index, code)
    return out


def _reason(context: BuildContext, policy: Policy, text: EarlierText, code: str) -> tuple[str, str | None]:
    return reason_in(text.erratum.reason, code, reason_language(policy.meta, context.languages))


def _correction_page(
    context: BuildContext, policy: Policy, version: Version, text: EarlierText, before: Version, after: Version, code: str
) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    path = urls.correction_path(policy.id, version.slug, text.number)
    title = policy.meta.title[code]
    heading = t.gettext(
        "%(policy)s, effective %(effective)s: the correction of %(date)s",
        policy=title, effective=t.date(version.effective), date=t.date(text.erratum.date),
    )  # fmt: skip
    changes = context.diffs.diff(before, after, code, context.labels(code))
    # A correction touches a word or two: its page shows what it changed, not every section again.
    views = [change_view(t, change, first=False) for change in changes if change.kind is not ChangeKind.UNCHANGED]
    changed = sum(1 for view in views if view.id != PREAMBLE_ID)
    opening = any(view.id == PREAMBLE_ID for view in views)
    counts = t.pgettext("between counts", " · ").join(
        [*([t.gettext("opening text changed")] if opening else []), t.ngettext("%(num)d section changed", "%(num)d sections changed", changed)]
    )
    elsewhere: list[Link] = []
    if not views:
        # Corrected in other languages only: say so, and link to where it was.
        here = urls.localized(path, code, context.languages)
        for other in context.languages.codes:
            diff = context.diffs.diff(before, after, other, context.labels(other)) if other != code else []
            if any(change.kind is not ChangeKind.UNCHANGED for change in diff):
                target = urls.relative(here, urls.localized(path, other, context.languages))
                elsewhere.append(Link(target, t.language_name(other), rel=other))
    reason, reason_lang = _reason(context, policy, text, code)
    links = [
        Link(urls.relative(path, urls.earlier_text_path(policy.id, version.slug, text.number)), t.gettext("The text before this correction")),
        Link(urls.relative(path, urls.version_path(policy.id, version.slug)), t.gettext("The text of this version as it is now")),
        Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy")),
    ]
    return renderer.page(
        "pages/correction.html.j2",
        meta=dict(
            title=heading,
            search={"exclude": True},
            policypress={"kind": "correction", "policy": policy.id, "version": version.slug, "noindex": True},
        ),
        title=heading,
        sections=[(view.id, view.title) for view in views],
        owner=policy.meta.owner[code],
        version=version.content,
        date=t.date(text.erratum.date),
        reason=reason,
        reason_lang=reason_lang,
        counts=counts,
        links=links,
        labels=context.labels(code),
        changes=views,
        elsewhere=elsewhere,
        authoritative=policy.meta.authoritative,
        binding_url=None,
        binding_label="",
    )


def _earlier_text_page(
    context: BuildContext, policy: Policy, version: Version, texts: list[EarlierText], index: int, code: str
) -> GeneratedPage:
    renderer = context.renderer(code)
    t = renderer.t
    text = texts[index]
    assert text.version is not None
    path = urls.earlier_text_path(policy.id, version.slug, text.number)
    title = policy.meta.title[code]
    since = texts[index - 1].erratum.date if index > 0 else version.announced
    heading = t.gettext(
        "%(policy)s, effective %(effective)s, as published before the correction of %(date)s",
        policy=title, effective=t.date(version.effective), date=t.date(text.erratum.date),
    )  # fmt: skip
    reason, reason_lang = _reason(context, policy, text, code)
    links = [
        Link(urls.relative(path, urls.version_path(policy.id, version.slug)), t.gettext("The text of this version as it is now")),
        Link(urls.relative(path, urls.correction_path(policy.id, version.slug, text.number)), t.gettext("What the correction changed")),
        Link(urls.relative(path, urls.history_path(policy.id)), t.gettext("History of this policy")),
    ]
    content = text.version
    shown = version_text(content, code, t)
    labels = label_views(content, code)
    return renderer.page(
        "pages/version.html.j2",
        meta=dict(
            title=heading,
            search={"exclude": True},
            policypress={"kind": "earlier-text", "policy": policy.id, "version": version.slug, "noindex": True},
        ),
        title=heading,
        sections=text_headings(shown, labels, t),
        labels=labels,
        labels_id=LABELS_ID,
        owner=policy.meta.owner[code],
        policy_title=title,
        version=content.content,
        state="corrected",
        state_label=t.gettext("Before correction"),
        status_line=t.gettext("Published from %(start)s until %(end)s.", start=t.date(since), end=t.date(text.erratum.date)),
        flip=None,
        links=links,
        text=shown,
        upcoming=[],
        corrections=(),
        versions=(),
        version_count=0,
        compare_href=None,
        adverse=None,
        first_published=None,
        replaced=ReplacedView(t.date(text.erratum.date), reason, reason_lang, links[0].href, links[1].href),
        authoritative=policy.meta.authoritative,
        binding_url=None,
        binding_label="",
    )


__all__ = ["CorrectionLink", "ReplacedView", "correction_links", "correction_pages"]
