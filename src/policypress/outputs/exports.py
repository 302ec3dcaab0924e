"""Machine-readable views of the schedule: Atom feeds, an iCalendar, and policies.json.

Everything here is deterministic: timestamps come from the content (the
announcement and effective days), never from the clock, so two builds of the
same content on the same day produce the same bytes, and feed readers and
calendars see stable ids across builds.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event
from pydantic import BaseModel, ConfigDict, Field

from policypress.core import urls
from policypress.package_data import DATA
from policypress.render.notice import render_notice
from policypress.core.model import Policy, Version
from policypress.render.pages import SiteBuild
from policypress.core.schedule import State, day_start

FEED_NAME = "feed.xml"
CALENDAR_NAME = "policies.ics"
INDEX_NAME = "policies.json"


def _authority(base_url: str) -> str:
    host = urlsplit(base_url).hostname if base_url else None
    return host or "policypress.invalid"


def feed(build: SiteBuild, code: str, base_url: str) -> bytes:
    """The Atom feed of one language: an entry per announced change, newest first."""
    t = build.renderer(code).t
    languages = build.languages
    entries = []
    for policy in build.site.policies:
        visible = build.visible_versions(policy)
        for version in visible:
            announced = day_start(version.announced, policy.meta.timezone)
            entries.append((announced, policy, version))
    entries.sort(key=lambda item: (item[0], item[1].id), reverse=True)
    fg = FeedGenerator()
    authority = _authority(base_url)
    fg.id(f"tag:{authority},2000:policypress/{code}")
    fg.title(t.gettext("Policy updates"))
    fg.language(code)
    fg.link(href=urls.absolute(base_url, urls.localized(urls.UPDATES_PATH, code, languages)), rel="alternate")
    fg.link(href=urls.absolute(base_url, urls.localized(FEED_NAME, code, languages)), rel="self")
    owners = sorted({policy.meta.owner[code] for policy in build.site.policies})
    if owners:
        fg.author({"name": ", ".join(owners)})
    latest = max((item[0] for item in entries), default=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
    fg.updated(latest)
    # feedgen prepends entries; add oldest first so the file lists newest first.
    for announced, policy, version in reversed(entries):
        entry = fg.add_entry()
        entry.id(f"tag:{authority},{version.announced.isoformat()}:{policy.id}/{version.slug}/{code}")
        entry.title(
            t.gettext("%(policy)s: change effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
        )
        changes = urls.localized(urls.changes_path(policy.id, version.slug), code, languages)
        entry.link(href=urls.absolute(base_url, changes), rel="alternate")
        entry.published(announced)
        entry.updated(announced)
        entry.summary(version.content.summary[code].strip())
    atom: bytes = fg.atom_str(pretty=True)  # (feedgen is untyped)
    return atom


def calendar(build: SiteBuild, base_url: str) -> bytes:
    """One iCalendar with an all-day event on each published version's effective date."""
    languages = build.languages
    cal = Calendar()
    cal.add("prodid", "-//policypress//policy changes//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", " / ".join(sorted({p.meta.owner[languages.default] for p in build.site.policies})))
    authority = _authority(base_url)
    for policy in build.site.policies:
        for version in build.visible_versions(policy):
            event = Event()
            event.add("uid", f"{policy.id}-{version.slug}@{authority}")
            event.add("dtstamp", day_start(version.announced, policy.meta.timezone))
            event.add("dtstart", version.effective)
            event.add("dtend", version.effective + dt.timedelta(days=1))
            titles = []
            lines = []
            for language in languages:
                t = build.renderer(language.code).t
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
    state: State
    content_hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    summary: dict[str, str]
    urls: dict[str, str] = Field(description="The version's page per language.")
    changes_urls: dict[str, str]
    notice_waiver: dict[str, str] | None = None
    errata: list[dict[str, str]] = Field(default_factory=list)


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
    generator: str = "policypress"
    as_of: str = Field(description="The moment the site shows: a date or an ISO instant.")
    preview: bool
    languages: list[str]
    policies: list[ExportPolicy]


def index(build: SiteBuild, base_url: str) -> ExportIndex:
    """The machine-readable index of every policy and published version."""
    languages = build.languages

    def per_language(path: str) -> dict[str, str]:
        return {language.code: urls.absolute(base_url, urls.localized(path, language.code, languages)) for language in languages}

    policies = []
    for policy in build.site.policies:
        schedule = build.schedules[policy.id]
        corrections = build.errata(policy)
        versions = [
            ExportVersion(
                effective=version.effective,
                announced=version.announced,
                adverse=version.content.adverse,
                state=schedule.of(version),
                content_hash=version.content_hash(),
                summary=dict(version.content.summary),
                urls=per_language(urls.version_path(policy.id, version.slug)),
                changes_urls=per_language(urls.changes_path(policy.id, version.slug)),
                notice_waiver=dict(version.content.notice_waiver) if version.content.notice_waiver else None,
                errata=[erratum.to_json() for erratum in corrections.get(version.slug, [])],
            )
            for version in build.visible_versions(policy)
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
    as_of = build.options.as_of
    return ExportIndex(
        as_of=as_of.isoformat(),
        preview=build.options.preview,
        languages=list(languages.codes),
        policies=policies,
    )


def index_json(build: SiteBuild, base_url: str) -> bytes:
    """``policies.json`` as bytes."""
    data = index(build, base_url).model_dump(mode="json", by_alias=True)
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


SCHEMA_FILE = DATA / "policies.schema.json"


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


_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_exclusions(build: SiteBuild, base_url: str) -> set[str]:
    """Pages a sitemap must not list: dated copies of the text in force and archived versions
    (they carry a canonical link to the policy in force, and archived ones ``noindex``)."""
    excluded = set()
    for policy in build.site.policies:
        schedule = build.schedules[policy.id]
        for item in schedule.visible(preview=build.options.preview):
            if item.state in (State.CURRENT, State.ARCHIVED, State.SCHEDULED):
                for language in build.languages:
                    excluded.add(urls.absolute(base_url, urls.localized(urls.version_path(policy.id, item.version.slug), language.code, build.languages)))
    return excluded


def prune_sitemap(data: bytes, excluded: set[str]) -> bytes:
    """``sitemap.xml`` without the excluded pages and without repeated entries."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _SITEMAP_NS)
    ET.register_namespace("xhtml", _XHTML_NS)
    root = ET.fromstring(data)
    seen: set[str] = set()
    for url in list(root):
        loc = (url.findtext(f"{{{_SITEMAP_NS}}}loc") or "").strip()
        if loc in excluded or loc in seen:
            root.remove(url)
        seen.add(loc)
    ET.indent(root, space="    ")
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def announced_changes(build: SiteBuild, policy: Policy) -> list[Version]:
    """Versions whose notice is still to be sent or shown: upcoming (and scheduled, in a preview)."""
    return [
        item.version
        for item in build.schedules[policy.id].visible(preview=build.options.preview)
        if item.state in (State.UPCOMING, State.SCHEDULED)
    ]


def outputs(build: SiteBuild, base_url: str) -> dict[str, bytes]:
    """Every export, by its path in the built site."""
    files = {urls.localized(FEED_NAME, language.code, build.languages): feed(build, language.code, base_url) for language in build.languages}
    files[CALENDAR_NAME] = calendar(build, base_url)
    files[INDEX_NAME] = index_json(build, base_url)
    files[SCHEMA_FILE.name] = SCHEMA_FILE.read_bytes()
    for policy in build.site.policies:
        for version in announced_changes(build, policy):
            for language in build.languages:
                _subject, text, html = render_notice(build, policy, version, language.code, base_url)
                text_name, html_name = urls.notice_files(policy.id, version.slug, language.code)
                files[text_name] = text.encode("utf-8")
                files[html_name] = html.encode("utf-8")
    if build.options.preview:
        files["robots.txt"] = b"# A preview build: not for search engines.\nUser-agent: *\nDisallow: /\n"
    return files
