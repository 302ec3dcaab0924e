"""Machine-readable views of the schedule: Atom feeds, an iCalendar, and policies.json.

Everything here is deterministic: timestamps come from the content (the
announcement and effective days), never from the clock, so two builds of the
same content on the same day produce the same bytes, and feed readers and
calendars see stable ids across builds.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from pydantic import BaseModel, ConfigDict, Field

from policypress import GENERATOR, __version__
from policypress.core import urls
from policypress.package_data import DATA
from policypress.core.rules import required_notice_days
from policypress.render.notice import render_notice
from policypress.render.views import adverse_view
from policypress.core.model import Policy, Version
from policypress.render.context import BuildContext
from policypress.core.schedule import State, day_start

FEED_NAME, CALENDAR_NAME, INDEX_NAME = urls.FEED_NAME, urls.CALENDAR_NAME, urls.INDEX_NAME


def _authority(base_url: str) -> str:
    host = urlsplit(base_url).hostname if base_url else None
    return host or "policypress.invalid"


def feed(context: BuildContext, code: str, base_url: str) -> bytes:
    """The Atom feed of one language: an entry per announced change, newest first."""
    t = context.renderer(code).t
    languages = context.languages
    entries = []
    for policy in context.site.policies:
        visible = context.visible_versions(policy)
        for version in visible:
            announced = day_start(context.announced_on(policy, version), policy.meta.timezone)
            entries.append((announced, policy, version))
    entries.sort(key=lambda item: (item[0], item[1].id), reverse=True)
    fg = FeedGenerator()
    authority = _authority(base_url)
    fg.id(f"tag:{authority},2000:policypress/{code}")
    fg.title(t.gettext("Policy updates"))
    fg.language(code)
    fg.link(href=urls.absolute(base_url, urls.localized(urls.UPDATES_PATH, code, languages)), rel="alternate")
    fg.link(href=urls.absolute(base_url, urls.localized(FEED_NAME, code, languages)), rel="self")
    owners = sorted({policy.meta.owner[code] for policy in context.site.policies})
    if owners:
        fg.author({"name": ", ".join(owners)})
    latest = max((item[0] for item in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    fg.updated(latest)
    # feedgen prepends entries; add oldest first so the file lists newest first.
    for announced, policy, version in reversed(entries):
        entry = fg.add_entry()
        entry.id(f"tag:{authority},{version.announced.isoformat()}:{policy.id}/{version.slug}/{code}")  # stable: the file's day
        entry.title(
            t.gettext("%(policy)s: change effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
        )
        changes = urls.localized(urls.changes_path(policy.id, version.slug), code, languages)
        entry.link(href=urls.absolute(base_url, changes), rel="alternate")
        entry.published(announced)
        entry.updated(announced)
        adverse = adverse_view(t, policy, version)
        summary = version.content.summary[code].strip()
        entry.summary(f"{adverse.sentence} {summary}" if adverse is not None else summary)
    atom: bytes = fg.atom_str(pretty=True)  # (feedgen is untyped)
    return atom


def calendar(context: BuildContext, base_url: str) -> bytes:
    """One iCalendar with an all-day event on each published version's effective date."""
    languages = context.languages
    cal = Calendar()
    cal.add("prodid", "-//policypress//policy changes//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", " / ".join(sorted({p.meta.owner[languages.default] for p in context.site.policies})))
    authority = _authority(base_url)
    for policy in context.site.policies:
        for version in context.visible_versions(policy):
            event = Event()
            event.add("uid", f"{policy.id}-{version.slug}@{authority}")
            event.add("dtstamp", day_start(version.announced, policy.meta.timezone))
            event.add("dtstart", version.effective)
            event.add("dtend", version.effective + dt.timedelta(days=1))
            titles = []
            lines = []
            for language in languages:
                t = context.renderer(language.code).t
                titles.append(t.gettext("%(policy)s takes effect", policy=policy.meta.title[language.code]))
                lines.append(version.content.summary[language.code].strip())
                lines.append(urls.absolute(base_url, urls.localized(urls.changes_path(policy.id, version.slug), language.code, languages)))
            event.add("summary", " / ".join(titles))
            event.add("description", "\n\n".join(lines))
            event.add("url", urls.absolute(base_url, urls.localized(urls.version_path(policy.id, version.slug), languages.default, languages)))
            cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


class ExportVersion(BaseModel):
    """A published version in ``policies.json``."""

    model_config = ConfigDict(extra="forbid")
    effective: dt.date
    announced: dt.date
    adverse: bool
    notice_days: int = Field(description="The days of notice the version needs (longer when adverse, a change unfavourable to users).")
    state: State
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    summary: dict[str, str]
    urls: dict[str, str] = Field(description="The version's page per language.")
    changes_urls: dict[str, str]
    first_published: dt.date | None = Field(
        None, description="The day the public site first showed the version (notice counts from it); null when not known."
    )
    notice_waiver: dict[str, str] | None = None
    errata: list[dict[str, str | dict[str, str]]] = Field(
        default_factory=list, description="Corrections: date, old and new hash, and the reason (one text, or one per language)."
    )


class ExportPolicy(BaseModel):
    """A policy in ``policies.json``."""

    model_config = ConfigDict(extra="forbid")
    id: str
    title: dict[str, str]
    owner: dict[str, str]
    timezone: str
    authoritative: str | None
    notice_days: int
    adverse_notice_days: int
    urls: dict[str, str]
    history_urls: dict[str, str]
    current: dt.date | None
    next_change: dt.datetime | None = Field(description="Next instant at which a version of this policy changes state.")
    versions: list[ExportVersion]


class ExportIndex(BaseModel):
    """``policies.json``: every policy and published version, for machines."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    schema_ref: str = Field("policies.schema.json", alias="$schema", description="This file's JSON Schema.")
    # A factory, so the shipped schema does not change with every release.
    generator: str = Field(
        default_factory=lambda: f"{GENERATOR} {__version__}",
        description="policypress and the version that built the site.",
    )
    as_of: str = Field(description="The moment the site shows: a date or an ISO instant.")
    preview: bool
    languages: list[str]
    policies: list[ExportPolicy]


def index(context: BuildContext, base_url: str) -> ExportIndex:
    """The machine-readable index of every policy and published version."""
    languages = context.languages

    def per_language(path: str) -> dict[str, str]:
        return {language.code: urls.absolute(base_url, urls.localized(path, language.code, languages)) for language in languages}

    policies = []
    for policy in context.site.policies:
        schedule = context.schedules[policy.id]
        corrections = context.errata(policy)
        versions = [
            ExportVersion(
                effective=version.effective,
                announced=version.announced,
                adverse=version.content.adverse,
                notice_days=required_notice_days(policy, version),
                state=schedule.of(version),
                content_hash=version.content_hash(),
                summary=dict(version.content.summary),
                urls=per_language(urls.version_path(policy.id, version.slug)),
                changes_urls=per_language(urls.changes_path(policy.id, version.slug)),
                first_published=context.first_published(policy, version),
                notice_waiver=dict(version.content.notice_waiver) if version.content.notice_waiver else None,
                errata=[erratum.to_json() for erratum in corrections.get(version.slug, [])],
            )
            for version in context.visible_versions(policy)
        ]
        policies.append(
            ExportPolicy(
                id=policy.id,
                title=dict(policy.meta.title),
                owner=dict(policy.meta.owner),
                timezone=policy.meta.timezone,
                authoritative=policy.meta.authoritative,
                notice_days=policy.meta.notice.days,
                adverse_notice_days=policy.meta.notice.adverse_days,
                urls=per_language(urls.policy_path(policy.id)),
                history_urls=per_language(urls.history_path(policy.id)),
                current=schedule.current.effective if schedule.current else None,
                next_change=schedule.next_change,
                versions=versions,
            )
        )
    as_of = context.options.as_of
    return ExportIndex(
        as_of=as_of.isoformat(),
        preview=context.options.preview,
        languages=list(languages.codes),
        policies=policies,
    )


def index_json(context: BuildContext, base_url: str) -> bytes:
    """``policies.json`` as bytes."""
    data = index(context, base_url).model_dump(mode="json", by_alias=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


SCHEMA_FILE = DATA / urls.INDEX_SCHEMA_NAME


def index_schema() -> dict[str, Any]:
    """The JSON Schema of ``policies.json``, as the models define it.

    The package ships it as ``data/policies.schema.json`` (a test keeps the two
    equal) and every build publishes it beside ``policies.json``.
    """
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "policies.schema.json",
        "title": "policypress index of policies (policies.json)",
        **ExportIndex.model_json_schema(by_alias=True),
    }


def announced_changes(context: BuildContext, policy: Policy) -> list[Version]:
    """Versions whose notice is still to be sent or shown: upcoming (and scheduled, in a preview)."""
    return [
        item.version
        for item in context.schedules[policy.id].visible(preview=context.options.preview)
        if item.state in (State.UPCOMING, State.SCHEDULED)
    ]


def outputs(context: BuildContext, base_url: str) -> dict[str, bytes]:
    """Every export, by its path in the built site."""
    files = {urls.localized(FEED_NAME, language.code, context.languages): feed(context, language.code, base_url) for language in context.languages}
    files[CALENDAR_NAME] = calendar(context, base_url)
    files[INDEX_NAME] = index_json(context, base_url)
    files[SCHEMA_FILE.name] = SCHEMA_FILE.read_bytes()
    for policy in context.site.policies:
        for version in announced_changes(context, policy):
            for language in context.languages:
                _subject, text, html = render_notice(context, policy, version, language.code, base_url)
                text_name, html_name = urls.notice_files(policy.id, version.slug, language.code)
                files[text_name] = text.encode("utf-8")
                files[html_name] = html.encode("utf-8")
    if context.options.preview:
        files[urls.ROBOTS_NAME] = b"# A preview build: not for search engines.\nUser-agent: *\nDisallow: /\n"
    return files
