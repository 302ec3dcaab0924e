"""The views of generated pages: plain data the templates render, and the state texts every page shares.

The page modules (:mod:`policypress.render.policy_pages`,
:mod:`~policypress.render.history_pages`, :mod:`~policypress.render.changes_pages`)
turn a :class:`~policypress.render.context.BuildContext` into these views;
the templates only lay them out. A version's state label, its status line and
what that line becomes when the next change takes effect (:func:`status_flip`)
are worded here, once, for every page that shows them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from policypress.core import urls
from policypress.core.bodies import render_body
from policypress.core.legal import labels_of, not_applicable_markdown
from policypress.core.model import Policy, Version, VersionFile
from policypress.core.rules import required_notice_days
from policypress.core.schedule import State, day_start
from policypress.diff.sections import LABELS_ID, NOT_APPLICABLE_ID
from policypress.render.context import BuildContext
from policypress.render.i18n import Translator

if TYPE_CHECKING:  # the correction pages use these views
    from policypress.render.correction_pages import CorrectionLink


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    html: Markup


@dataclass(frozen=True)
class TextView:
    """A version's text in one language, rendered to safe HTML."""

    preamble: Markup | None
    sections: tuple[SectionView, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """One version in a history or updates list, for one language."""

    slug: str
    title: str
    version: VersionFile
    state: str
    state_label: str
    summary: str
    waiver: str | None
    errata: tuple[CorrectionLink, ...]
    href: str
    changes_href: str | None
    history_href: str
    flip: StatusFlip | None = None
    """The badge once the next change takes effect (policypress.js shows it when the reader's clock is past it)."""
    adverse: AdverseView | None = None
    first_published: dt.date | None = None
    """The day the site first showed it, when later than its announcement day."""
    translations: tuple[str, ...] = ()
    """A sentence for each language added to it after it was published (not a correction: nothing published changed)."""


@dataclass(frozen=True)
class UpcomingView:
    date: str
    summary: str
    changes_href: str
    version_href: str
    instant: str
    """When it takes effect (UTC, ISO): policypress.js rewords the box if a reader's clock is past it."""
    key: str = ""
    """``policy/slug``, as on the banner's notice: on this page the banner shows only its head line."""
    adverse: AdverseView | None = None


@dataclass(frozen=True)
class StatusFlip:
    """What a page's status line says once the next change takes effect, before the next build says it.

    policypress.js shows it when the reader's clock passes ``instant``; until
    then, and without JavaScript, the built status line stands.
    """

    instant: str
    label: str
    line: str
    href: str | None = None
    link_label: str = ""


@dataclass(frozen=True)
class SettingsChangeView:
    """A recorded change of a policy's settings, on its history page."""

    date: str
    what: tuple[str, ...]
    reason: str
    reason_lang: str | None = None
    """The reason's language when a reader of this page does not get it in theirs."""


@dataclass(frozen=True)
class ChangeView:
    """One section on a changes page."""

    id: str
    kind: str
    label: str
    title: str
    title_html: Markup
    renamed: bool
    collapsed: str | None
    body_html: Markup


@dataclass(frozen=True)
class LabelView:
    """One label of the labelling summary: its icon's name, its name and text, where it links."""

    item: str
    name: str
    text: str
    href: str | None

    @property
    def text_html(self) -> Markup:
        """The text, escaped, with each phone number or other run of digits and hyphens kept on one line.

        >>> LabelView("officer", "고충 처리", "원장, 02-3444-2080", None).text_html
        Markup('원장, <span class="pp-nowrap">02-3444-2080</span>')
        """
        return Markup(_NUMBER.sub(lambda match: f'<span class="pp-nowrap">{match[0]}</span>', str(escape(self.text))))


#: A telephone number or a number with hyphens (02-3444-2080, 1588-1234): a break at its hyphen misreads it.
_NUMBER = re.compile(r"\+?\d[\d-]*-\d+")


def label_views(version: Version, code: str) -> tuple[LabelView, ...]:
    """The labelling summary of ``version`` in ``code``, each label linking to the section that says it in full."""
    return tuple(
        LabelView(label.item, label.name, label.text, f"#{label.section}" if label.section else None)
        for label in labels_of(version, code)
    )


def text_headings(text: TextView, labels: tuple[LabelView, ...], t: Translator) -> list[tuple[str, str]]:
    """The headings of a version's text (id, title) for its table of contents: the labelling summary first, then each section."""
    headings = [(section.id, section.title) for section in text.sections]
    if labels:
        headings.insert(0, (LABELS_ID, t.gettext("Privacy at a glance")))
    return headings


@dataclass(frozen=True)
class VersionItem:
    """A version in the list of every version of a policy (the version picker)."""

    href: str
    period: str
    state: str
    state_label: str
    here: bool
    """The version the page shows."""
    left_out: int = 0
    """Not a version: this many versions left out here, found on the history page (``href``)."""
    number: int | None = None
    """Its number in the list of every version (newest: 1), given where versions before it were left out."""


LISTED = 12
"""Versions a version page lists at most. A longer history lists the versions in force and to come, the first one,
and the page's own with its neighbours; the rest are counted and found on the history page, so a page stays the same
size however long the history (every page listing every version made the site grow as the square of its versions)."""
NEAR = 3
"""Neighbours listed on each side of the page's own version in a long history."""


@dataclass(frozen=True)
class Skipped:
    """A run of ``count`` positions left out of a bounded list."""

    count: int


def listed_positions(count: int, chosen: set[int]) -> list[int | Skipped]:
    """Positions ``0..count-1`` in order: all when ``count`` ≤ :data:`LISTED`, else those ``chosen``, each run between them :class:`Skipped`.

    Only the chosen positions are walked (a page of a 5,000-version history
    looks at a dozen, not 5,000).

    >>> listed_positions(4, {1}), listed_positions(20, {-1, 0, 1, 9, 19, 25})
    ([0, 1, 2, 3], [0, 1, Skipped(count=7), 9, Skipped(count=9), 19])
    """
    if count <= LISTED:
        return list(range(count))
    out: list[int | Skipped] = []
    previous = -1
    for index in sorted(i for i in chosen if 0 <= i < count):
        if index > previous + 1:
            out.append(Skipped(index - previous - 1))
        out.append(index)
        previous = index
    if previous < count - 1:
        out.append(Skipped(count - 1 - previous))
    return out


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    rel: str | None = None


def version_text(version: Version, code: str, t: Translator) -> TextView:
    """The text of ``version`` in language ``code``, bodies rendered and sanitised.

    The items the law requires that do not apply come last, as a section of
    their own: readers are told why, as the law expects.
    """
    content = version.content
    preamble = content.preamble
    sections = [SectionView(section.id, section.title[code], Markup(render_body(section.body[code]))) for section in content.sections]
    declared = not_applicable_markdown(version, code)
    if declared is not None:
        sections.append(SectionView(NOT_APPLICABLE_ID, t.gettext("Items that do not apply"), Markup(render_body(declared))))
    return TextView(preamble=Markup(render_body(preamble[code])) if preamble else None, sections=tuple(sections))



@dataclass(frozen=True)
class AdverseView:
    """That a change is unfavourable to users, and the longer notice it has: short (banner, badges) and in full."""

    label: str
    sentence: str


def adverse_view(t: Translator, policy: Policy, version: Version) -> AdverseView | None:
    """How every page and feed says that ``version`` is unfavourable to users (``None`` when it is not).

    One wording for all of them, so the banner, the changes page and the
    history cannot tell a reader different things; it holds before and after
    the change takes effect (the e-mail notice, sent before, says it its own way).
    """
    if not version.content.adverse:
        return None
    days = t.days(required_notice_days(policy, version))
    return AdverseView(
        label=t.gettext("Unfavourable to users: announced %(days)s ahead", days=days),
        sentence=t.gettext("A change unfavourable to users in part, with %(days)s of notice.", days=days),
    )


def shown_late(context: BuildContext, policy: Policy, version: Version) -> dt.date | None:
    """The day the site first showed ``version``, when that is later than its announcement day (else ``None``)."""
    first = context.first_published(policy, version)
    return first if first is not None and first > version.announced else None


def version_items(context: BuildContext, t: Translator, policy: Policy, shown: Version | None, path: str) -> tuple[VersionItem, ...]:
    """The versions of ``policy`` this build shows, newest first, each with the days it is (or was, or will be) in force.

    At most about :data:`LISTED` of them (see there): a run of versions left
    out is one item that counts them and leads to the history page.
    """
    schedule = context.schedules[policy.id]
    visible = context.visible_versions(policy)
    here = context.position(shown) if shown is not None else len(visible) - 1
    chosen = {0, *range(here - NEAR, here + NEAR + 1)} | {context.position(v) for v in schedule.not_archived if context.is_shown(v)}
    positions = listed_positions(len(visible), chosen)
    items = []
    history = urls.relative(path, urls.history_path(policy.id))
    for index, after in zip(positions, [*positions[1:], None]):
        if isinstance(index, Skipped):
            label = t.ngettext("%(num)d more version in the history", "%(num)d more versions in the history", index.count)
            items.append(VersionItem(href=history, period=label, state="", state_label="", here=False, left_out=index.count))
            continue
        version = visible[index]
        state = schedule.of(version)
        following = context.successor(version)
        if state is State.ARCHIVED and following is not None:
            period = t.period(version.effective, following.effective - dt.timedelta(days=1))
        else:  # the badge beside it says whether it is in force or still to come
            period = t.gettext("from %(date)s", date=t.date(version.effective))
        items.append(
            VersionItem(
                href=urls.relative(path, urls.version_path(policy.id, version.slug)),
                period=period,
                state=state.value,
                state_label=state_label(t, state),
                here=version is shown,
                # Shown newest first: after a run left out, a version says its number among them all (newest: 1).
                number=len(visible) - index if isinstance(after, Skipped) else None,
            )
        )
    return tuple(reversed(items))


def utc(instant: dt.datetime) -> str:
    """An aware datetime as the UTC ISO text the browser script parses."""
    return instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def state_label(t: Translator, state: State) -> str:
    """What a version's state is called in the language of ``t``."""
    return {
        State.CURRENT: t.gettext("In force"),
        State.UPCOMING: t.gettext("Upcoming"),
        State.ARCHIVED: t.gettext("Superseded"),
        State.SCHEDULED: t.gettext("Scheduled"),
    }[state]


def status_line(context: BuildContext, t: Translator, version: Version, state: State) -> str:
    """The sentence under a version's heading: since when, or from when, it is in force."""
    if state is State.CURRENT:
        return t.gettext("In force since %(date)s.", date=t.date(version.effective))
    if state is State.UPCOMING:
        return t.gettext("Takes effect on %(date)s.", date=t.date(version.effective))
    if state is State.SCHEDULED:
        return t.gettext(
            "To be announced on %(announced)s; takes effect on %(date)s.",
            announced=t.date(version.announced),
            date=t.date(version.effective),
        )
    following = context.successor(version)
    assert following is not None
    return t.gettext(
        "In force from %(start)s; superseded on %(end)s by the version effective that day.",
        start=t.date(version.effective),
        end=t.date(following.effective),
    )


def status_flip(context: BuildContext, t: Translator, policy: Policy, version: Version, state: State, path: str) -> StatusFlip | None:
    """The status line once the next announced change takes effect (None when no change is announced)."""
    zone = policy.meta.timezone
    if state is State.UPCOMING:
        return StatusFlip(
            utc(day_start(version.effective, zone)),
            state_label(t, State.CURRENT),
            t.gettext("In force since %(date)s.", date=t.date(version.effective)),
        )
    if state is not State.CURRENT:
        return None
    following = next((v for v in context.schedules[policy.id].upcoming if v.effective > version.effective), None)
    if following is None:
        return None
    return StatusFlip(
        utc(day_start(following.effective, zone)),
        state_label(t, State.ARCHIVED),
        t.gettext(
            "In force from %(start)s; superseded on %(end)s by the version effective that day.",
            start=t.date(version.effective),
            end=t.date(following.effective),
        ),
        urls.relative(path, urls.version_path(policy.id, following.slug)),
        t.gettext("Read the policy in force"),
    )
