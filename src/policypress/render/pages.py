"""The pages policypress adds to a site, keyed by source file name.

This is the core's view of a site build: given the loaded policies, the
schedule for a moment, and the site's languages, it returns every generated
page (``privacy/index.ko.md`` → finished HTML, its metadata and its table of
contents). The MkDocs adapter stages a placeholder source for each, where
MkDocs and mkdocs-static-i18n can see it, and hands MkDocs the metadata and
HTML in place of what it would read and render: policy pages never go
through Python-Markdown, which would only re-parse HTML (half of a large
site's build).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from jinja2 import Environment, PackageLoader, StrictUndefined
from markdown.extensions.toc import slugify as _toc_slugify
from markdown.extensions.toc import unique as _toc_unique
from markupsafe import Markup, escape

from policypress.core import urls
from policypress.core.bodies import render_body
from policypress.render.i18n import Translator, translator
from policypress.core.languages import Language, Languages
from policypress.core.loader import Site
from policypress.core.lockfile import Erratum, SettingsChange, settings_changes
from policypress.core.lockfile import errata as read_errata
from policypress.diff.html import PREAMBLE_ID, ChangeKind, DiffLabels, SectionChange
from policypress.diff.cache import DiffCache, DiffKey
from policypress.diff.jobs import Sections, diff_many, diff_versions, section_texts
from policypress.core.processes import HelperPool, cores
from policypress.core.model import Policy, Version, VersionFile
from policypress.core.schedule import AsOf, PolicySchedule, State, compute, day_start


_ENTITY_OR_AMPERSAND = re.compile(r"&(?!(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.I)


@dataclass(frozen=True)
class HeadingStyle:
    """How headings and their permalinks are marked up.

    The same options as Python-Markdown's ``toc`` extension, read from the
    site's configuration, so generated headings look like those of the
    site's hand-written pages.
    """

    permalink: bool | str = False
    permalink_title: str = "Permanent link"
    permalink_class: str = "headerlink"
    permalink_leading: bool = False
    slugify: Callable[[str, str], str] = _toc_slugify
    separator: str = "-"

    @classmethod
    def from_toc_config(cls, config: Mapping[str, Any]) -> HeadingStyle:
        """The style of a ``toc`` extension configured with ``config`` (unknown options are ignored)."""
        known = {name: config[name] for name in cls.__dataclass_fields__ if name in config}
        return cls(**known)

    @property
    def permalink_html(self) -> Markup | None:
        """The permalink's content (``&para;`` by default), or None for no permalink."""
        if self.permalink is False or self.permalink is None:
            return None
        text = "&para;" if self.permalink is True else str(self.permalink)
        # Like Python-Markdown: entities stay, everything else is text.
        text = _ENTITY_OR_AMPERSAND.sub("&amp;", text).replace("<", "&lt;").replace(">", "&gt;")
        return Markup(text)


@dataclass(frozen=True)
class BuildOptions:
    """What a build is for: which moment it shows, and whether it is a preview."""

    as_of: AsOf
    preview: bool = False
    site_locales: Path | None = None
    headings: HeadingStyle = HeadingStyle()


@dataclass(frozen=True)
class TocEntry:
    """A heading in a page's table of contents (``name`` is HTML)."""

    level: int
    id: str
    name: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class GeneratedPage:
    """A page policypress makes: finished HTML, its metadata (MkDocs' front matter) and table of contents."""

    meta: dict[str, Any]
    html: str
    toc: tuple[TocEntry, ...]
    language: str
    """The code of the page's language."""

    @property
    def searchable(self) -> bool:
        """Whether the page goes into its language's search index."""
        search = self.meta.get("search")
        return not (isinstance(search, dict) and search.get("exclude"))


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
    errata: tuple[ErratumView, ...]
    href: str
    changes_href: str | None
    history_href: str


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


@dataclass(frozen=True)
class ErratumView:
    date: str
    reason: str


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


log = logging.getLogger(__name__)

# Diffs by content: a published pair of versions never changes, so `mkdocs
# serve` (one process, many builds) diffs only what an edit touched.
_DIFFS: dict[DiffKey, list[SectionChange]] = {}

PARALLEL_DIFFS = 100
"""From this many diffs to compute, they are computed in helper processes (one per core)."""


def _utc(instant: Any) -> str:
    """An aware datetime as the UTC ISO text the browser script parses."""
    return str(instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


def diff_labels(t: Translator) -> DiffLabels:
    """The labels of a diff in the language of ``t``."""
    return DiffLabels(inserted=t.gettext("inserted"), deleted=t.gettext("deleted"), preamble=t.gettext("Opening text"))


def _diff_key(previous: Version | None, version: Version, code: str, labels: DiffLabels) -> DiffKey:
    return (previous.content_hash() if previous else "", version.content_hash(), code, labels)


def cached_diff(
    previous: Version | None, version: Version, code: str, labels: DiffLabels, disk: DiffCache | None = None
) -> list[SectionChange]:
    """The section-aligned diff of two versions in one language (the first version: against nothing).

    From memory, else from ``disk`` (the diffs of earlier builds), else computed.
    """
    key = _diff_key(previous, version, code, labels)
    if key not in _DIFFS:
        old, new = _sections(previous, code, labels) if previous else (), _sections(version, code, labels)
        changes = disk.get(key, section_texts(old), section_texts(new)) if disk is not None and key in disk else None
        _remember(key, changes if changes is not None else diff_versions(old, new, labels))
    return _DIFFS[key]


def _remember(key: DiffKey, changes: list[SectionChange]) -> None:
    if len(_DIFFS) > 8192:
        _DIFFS.clear()
    _DIFFS[key] = changes


def _sections(version: Version, code: str, labels: DiffLabels) -> Sections:
    """What a reader sees of ``version`` in ``code``, part by part: the preamble (if any), then the sections."""
    parts = tuple((section.id, section.title[code], section.body[code]) for section in version.content.sections)
    preamble = version.content.preamble
    if preamble is not None and preamble[code].strip():
        # One diff for every reader of a change (changes page, notice, CLI): the opening text is part of it.
        parts = ((PREAMBLE_ID, labels.preamble, preamble[code]), *parts)
    return parts


class DiffPrefetch:
    """The diffs a build's changes pages need, computed in helper processes meanwhile.

    Started before the build renders its other pages and checks its
    content, collected before the first changes page. Nothing is started
    for few diffs or on a single core, and a failed helper only means the
    diffs are computed here when the pages ask for them.
    """

    def __init__(self, wanted: list[tuple[Version | None, Version, str, DiffLabels]], disk: DiffCache | None = None) -> None:
        self._pending: list[tuple[list[DiffKey], Future[list[list[SectionChange]]]]] = []
        self._pool: HelperPool | None = None
        self.keys: list[DiffKey] = []
        jobs = {}
        for previous, version, code, labels in wanted:
            key = _diff_key(previous, version, code, labels)
            self.keys.append(key)
            if key not in _DIFFS and key not in jobs and (disk is None or key not in disk):
                jobs[key] = (_sections(previous, code, labels) if previous else (), _sections(version, code, labels), labels)
        workers = min(cores(), 4)
        if len(jobs) < PARALLEL_DIFFS or workers < 2:
            return
        try:
            self._pool = HelperPool(workers)
            keys = list(jobs)
            size = -(-len(keys) // (workers * 4))  # a few batches per helper evens out their loads
            for start in range(0, len(keys), size):
                batch = keys[start : start + size]
                self._pending.append((batch, self._pool.submit(diff_many, [jobs[key] for key in batch])))
        except (OSError, RuntimeError, ValueError) as exc:
            log.debug("policypress: no helper processes for diffs (%s)", exc)
            self.collect()

    def collect(self) -> None:
        """Wait for the helpers and keep their diffs (idempotent)."""
        try:
            for keys, future in self._pending:
                for key, changes in zip(keys, future.result()):
                    _remember(key, changes)
        except Exception as exc:  # a helper killed or out of memory: the pages diff what is missing
            log.warning("policypress: a helper process failed (%s); diffing in this process", exc)
        finally:
            self._pending = []
            if self._pool is not None:
                self._pool.close()
                self._pool = None


@dataclass(frozen=True)
class Link:
    href: str
    label: str
    rel: str | None = None


def version_text(version: Version, code: str) -> TextView:
    """The text of ``version`` in language ``code``, bodies rendered and sanitised."""
    content = version.content
    preamble = content.preamble
    return TextView(
        preamble=Markup(render_body(preamble[code])) if preamble else None,
        sections=tuple(
            SectionView(section.id, section.title[code], Markup(render_body(section.body[code])))
            for section in content.sections
        ),
    )


class PageRenderer:
    """Renders the package's page templates in one language."""

    def __init__(
        self, language: Language, languages: Languages, site_locales: Path | None, headings: HeadingStyle = HeadingStyle()
    ) -> None:
        self.t = translator(language, site_locales)
        self.languages = languages
        env = Environment(
            loader=PackageLoader("policypress", "templates"),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            undefined=StrictUndefined,
        )
        env.install_gettext_translations(self.t.translations, newstyle=True)  # type: ignore[attr-defined]
        env.globals["t"] = self.t
        env.globals["heading"] = self.heading
        self.headings = headings
        # The permalink around each heading's id, escaped once for all headings.
        link = headings.permalink_html
        self._permalink = (
            (f'<a class="{escape(headings.permalink_class)}" href="#', f'" title="{escape(headings.permalink_title)}">{link}</a>')
            if link is not None
            else None
        )
        self.env = env

    def render(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def heading(self, level: int, id_: str, text: str) -> Markup:
        """A heading with its permalink, as Python-Markdown's toc extension writes it (a template global)."""
        # Plain string formatting: a page has many headings, and Markup.format is slow.
        id_html, inner = str(escape(id_)), str(escape(text))
        if self._permalink is not None:
            anchor = self._permalink[0] + id_html + self._permalink[1]
            inner = anchor + inner if self.headings.permalink_leading else inner + anchor
        return Markup(f'<h{level} id="{id_html}">{inner}</h{level}>')

    def page(
        self, template: str, *, meta: dict[str, Any], title: str, sections: list[tuple[str, str]], **context: Any
    ) -> GeneratedPage:
        """Render a page whose h1 is ``title`` and whose h2 are ``sections`` (id, title)."""
        # Like Python-Markdown's toc: the h1's id is its slug, unique among the ids already there.
        title_id = _toc_unique(self.headings.slugify(title, self.headings.separator), {id_ for id_, _ in sections})
        html = self.render(template, title=title, title_id=title_id, **context).strip() + "\n"
        children = tuple(TocEntry(2, id_, str(Markup.escape(name)), ()) for id_, name in sections)
        meta = {key: value for key, value in meta.items() if value is not None}
        if isinstance(meta.get("title"), str):
            # MkDocs and Material put a page's title into <title>, the header,
            # the nav and the search index without escaping it: it is handed
            # over as HTML, so a policy titled "<script>…" stays text.
            meta["title"] = str(escape(meta["title"]))
        return GeneratedPage(
            meta=meta,
            html=html,
            toc=(TocEntry(1, title_id, str(Markup.escape(title)), children),),
            language=self.t.code,
        )


@dataclass
class SiteBuild:
    """Everything needed to render a site's generated pages for one moment."""

    site: Site
    options: BuildOptions
    feeds: bool = True
    diff_cache: DiffCache = field(default_factory=lambda: DiffCache(None))
    """Diffs of earlier builds (none unless the caller gives a cache file)."""
    schedules: dict[str, PolicySchedule] = field(init=False)

    def __post_init__(self) -> None:
        self.schedules = {policy.id: compute(policy, self.options.as_of) for policy in self.site.policies}
        self._errata_cache: dict[str, dict[str, list[Erratum]]] = {}
        self._visible = {
            policy.id: [item.version for item in self.schedules[policy.id].visible(preview=self.options.preview)]
            for policy in self.site.policies
        }
        self._position = {id(v): i for visible in self._visible.values() for i, v in enumerate(visible)}
        # The version that ends each one (shown or not), without a scan per page.
        self._successor: dict[int, Version] = {}
        for policy in self.site.policies:
            ordered = sorted(policy.versions, key=lambda v: v.effective)
            self._successor.update({id(a): b for a, b in zip(ordered, ordered[1:]) if b.effective > a.effective})
        self._prefetch: DiffPrefetch | None = None
        self._renderers = {
            language.code: PageRenderer(language, self.site.languages, self.options.site_locales, self.options.headings)
            for language in self.site.languages
        }

    @property
    def languages(self) -> Languages:
        return self.site.languages

    def renderer(self, code: str) -> PageRenderer:
        return self._renderers[code]

    def visible_versions(self, policy: Policy) -> list[Version]:
        """The versions with pages in this build, oldest first."""
        return self._visible[policy.id]

    def neighbours(self, policy: Policy, version: Version) -> tuple[Version | None, Version | None]:
        """The visible versions just before and just after ``version``."""
        visible = self._visible[policy.id]
        index = self._position[id(version)]
        return (visible[index - 1] if index > 0 else None, visible[index + 1] if index + 1 < len(visible) else None)

    def labels(self, code: str) -> DiffLabels:
        """The screen-reader labels of insertions and deletions in language ``code``."""
        t = self.renderer(code).t
        return diff_labels(t)

    def prefetch_diffs(self) -> DiffPrefetch:
        """Start computing every diff the changes pages need and no cache has (in helper processes for many)."""
        if self._prefetch is None:
            self._prefetch = DiffPrefetch(
                [
                    (self.neighbours(policy, version)[0], version, code, self.labels(code))
                    for code in self.languages.codes
                    for policy in self.site.policies
                    for version in self.visible_versions(policy)
                ],
                self.diff_cache,
            )
        return self._prefetch

    def diff(self, previous: Version | None, version: Version, code: str) -> list[SectionChange]:
        """The diff of ``version`` against ``previous`` in language ``code`` (see :func:`cached_diff`)."""
        return cached_diff(previous, version, code, self.labels(code), self.diff_cache)

    def save_diff_cache(self) -> None:
        """Keep the diffs of this build's changes pages for the next build (see :mod:`policypress.diff.cache`)."""
        keys = self.prefetch_diffs().keys
        self.diff_cache.save((key, _DIFFS[key]) for key in dict.fromkeys(keys) if key in _DIFFS)

    def pages(self) -> dict[str, GeneratedPage]:
        """Every generated page, by source file name (``privacy/index.ko.md``)."""
        prefetch = self.prefetch_diffs()
        out: dict[str, GeneratedPage] = {}
        # The pages without diffs first, while helpers compute the diffs.
        for language in self.languages:
            code = language.code
            for policy in self.site.policies:
                out.update(self._policy_pages(policy, code))
                out[urls.source_name(urls.history_path(policy.id), code)] = self._history_page(policy, code)
            out[urls.source_name(urls.UPDATES_PATH, code)] = self._updates_page(code)
        prefetch.collect()
        for language in self.languages:
            code = language.code
            for policy in self.site.policies:
                for version in self.visible_versions(policy):
                    path = urls.changes_path(policy.id, version.slug)
                    out[urls.source_name(path, code)] = self._changes_page(policy, version, code)
        return out

    # -- policy and version pages -------------------------------------------------

    def _policy_pages(self, policy: Policy, code: str) -> dict[str, GeneratedPage]:
        out: dict[str, GeneratedPage] = {}
        schedule = self.schedules[policy.id]
        visible = self.visible_versions(policy)
        # The policy's own address always shows something: the version in force,
        # or, for a policy not yet in force anywhere (a new site), the first
        # version to come, with its status saying when it takes effect.
        main = schedule.current or (visible[0] if visible else None)
        if main is not None:
            path = urls.policy_path(policy.id)
            out[urls.source_name(path, code)] = self._version_page(policy, main, code, path, is_main=True)
        for version in visible:
            path = urls.version_path(policy.id, version.slug)
            out[urls.source_name(path, code)] = self._version_page(policy, version, code, path, is_main=False)
        return out

    def _version_page(
        self, policy: Policy, version: Version, code: str, path: str, *, is_main: bool
    ) -> GeneratedPage:
        renderer = self.renderer(code)
        t = renderer.t
        state = self.schedules[policy.id].of(version)
        previous, following = self.neighbours(policy, version)
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
        canonical = urls.localized(urls.policy_path(policy.id), code, self.languages)
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
                instant=_utc(day_start(v.effective, policy.meta.timezone)),
                key=f"{policy.id}/{v.slug}",
            )
            for v in self.schedules[policy.id].upcoming
            if v is not version
        ] if is_main else []
        authoritative = policy.meta.authoritative
        binding_path = urls.localized(path, authoritative, self.languages) if authoritative else None
        here = urls.localized(path, code, self.languages)
        text = version_text(version, code)
        return renderer.page(
            "pages/version.html.j2",
            meta=dict(
                title=title if is_main else f"{title} ({t.date(version.effective)})",
                # Archived and duplicate texts stay out of search: the index
                # holds the text in force and the text to come, nothing else.
                search={"exclude": True} if (not is_main and state is not State.UPCOMING) else None,
                policypress={key: value for key, value in meta.items() if value is not None},
            ),
            # A version's own page says which version it is, as its heading (printed, bookmarked, shared).
            title=title if is_main else t.gettext("%(policy)s, effective %(date)s", policy=title, date=t.date(version.effective)),
            sections=[(section.id, section.title) for section in text.sections],
            owner=policy.meta.owner[code],
            version=version.content,
            state=state.value,
            state_label=self._state_label(t, state),
            status_line=self._status_line(t, policy, version, state),
            flip=self._flip(t, policy, version, state, path),
            links=links,
            text=text,
            upcoming=upcoming,
            authoritative=authoritative,
            binding_url=urls.relative(here, binding_path) if binding_path and authoritative != code else None,
            binding_label=self.renderer(authoritative).t.gettext("Read the binding text") if authoritative else "",
        )

    # -- history, updates, changes ----------------------------------------------------

    def _entry(self, policy: Policy, version: Version, code: str, here: str) -> HistoryEntry:
        t = self.renderer(code).t
        state = self.schedules[policy.id].of(version)
        content = version.content
        has_previous = self.neighbours(policy, version)[0] is not None
        return HistoryEntry(
            slug=version.slug,
            title=t.gettext("%(policy)s, effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective)),
            version=content,
            state=state.value,
            state_label=self._state_label(t, state),
            summary=content.summary[code].strip(),
            waiver=content.notice_waiver[code].strip() if content.notice_waiver else None,
            errata=tuple(
                ErratumView(t.date(erratum.date), erratum.reason) for erratum in self.errata(policy).get(version.slug, [])
            ),
            href=urls.relative(here, urls.localized(urls.version_path(policy.id, version.slug), code, self.languages)),
            changes_href=urls.relative(here, urls.localized(urls.changes_path(policy.id, version.slug), code, self.languages))
            if has_previous
            else None,
            history_href=urls.relative(here, urls.localized(urls.history_path(policy.id), code, self.languages)),
        )

    def errata(self, policy: Policy) -> dict[str, list[Erratum]]:
        """The recorded corrections of ``policy``'s versions, by version (its lock file, read once per build)."""
        if policy.id not in self._errata_cache:
            self._errata_cache[policy.id] = read_errata(policy)
        return self._errata_cache[policy.id]

    def _history_page(self, policy: Policy, code: str) -> GeneratedPage:
        renderer = self.renderer(code)
        t = renderer.t
        here = urls.localized(urls.history_path(policy.id), code, self.languages)
        entries = [self._entry(policy, version, code, here) for version in reversed(self.visible_versions(policy))]
        heading = t.gettext("History of the %(policy)s", policy=policy.meta.title[code])
        # A change a reader of this language cannot see (only the other language's title) is not news to them.
        changes = [view for change in reversed(settings_changes(policy)) if (view := self._settings_change_view(t, change, code)).what]
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
        )

    @staticmethod
    def _settings_change_view(t: Translator, change: SettingsChange, code: str) -> SettingsChangeView:
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
        return SettingsChangeView(date=t.date(change.date), what=tuple(parts), reason=change.reason)

    def _updates_page(self, code: str) -> GeneratedPage:
        renderer = self.renderer(code)
        t = renderer.t
        here = urls.localized(urls.UPDATES_PATH, code, self.languages)
        entries = [
            self._entry(policy, version, code, here)
            for policy in self.site.policies
            for version in self.visible_versions(policy)
        ]
        entries.sort(key=lambda entry: (entry.version.announced, entry.version.effective), reverse=True)
        heading = t.gettext("Policy updates")
        return renderer.page(
            "pages/updates.html.j2",
            meta=dict(title=heading, policypress={"kind": "updates"}),
            title=heading,
            sections=[],
            entries=entries,
            feed_href=urls.relative(here, urls.localized("feed.xml", code, self.languages)) if self.feeds else None,
            calendar_href=urls.relative(here, "policies.ics") if self.feeds else None,
        )

    def _changes_page(self, policy: Policy, version: Version, code: str) -> GeneratedPage:
        renderer = self.renderer(code)
        t = renderer.t
        path = urls.changes_path(policy.id, version.slug)
        here = urls.localized(path, code, self.languages)
        previous = self.neighbours(policy, version)[0]
        state = self.schedules[policy.id].of(version)
        labels = self.labels(code)
        changes = self.diff(previous, version, code)
        views = [self._change_view(t, change, first=previous is None) for change in changes]
        sections = [change for change in changes if change.id != PREAMBLE_ID]
        counted = {kind: sum(1 for change in sections if change.kind is kind) for kind in ChangeKind}
        opening = [change for change in changes if change.id == PREAMBLE_ID and change.kind is not ChangeKind.UNCHANGED]
        counts = " · ".join(
            [
                *([t.gettext("opening text changed")] if opening else []),
                t.ngettext("%(num)d section changed", "%(num)d sections changed", counted[ChangeKind.CHANGED]),
                t.ngettext("%(num)d section added", "%(num)d sections added", counted[ChangeKind.ADDED]),
                t.ngettext("%(num)d section removed", "%(num)d sections removed", counted[ChangeKind.REMOVED]),
                t.ngettext("%(num)d section unchanged", "%(num)d sections unchanged", counted[ChangeKind.UNCHANGED]),
            ]
        )
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
            # The same notice, ready for e-mail or letters (see announcement.py).
            # Notice files are one set for all languages (not under en/): link from the localized path.
            text_name, html_name = urls.notice_files(policy.id, version.slug, code)
            links.append(Link(urls.relative(here, text_name), t.gettext("This notice as plain text")))
            links.append(Link(urls.relative(here, html_name), t.gettext("This notice as an e-mail")))
        if previous is None:
            # A first version changes nothing: it is introduced, and its page says what it holds.
            heading = t.gettext("%(policy)s: first version, effective %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
        elif state in (State.CURRENT, State.ARCHIVED):
            heading = t.gettext("%(policy)s: what changed on %(date)s", policy=policy.meta.title[code], date=t.date(version.effective))
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
            state_label=self._state_label(t, state),
            status_line=self._status_line(t, policy, version, state),
            flip=self._flip(t, policy, version, state, path),
            summary=version.content.summary[code].strip(),
            previous=previous,
            counts=counts,
            links=links,
            labels=labels,
            changes=views,
            authoritative=authoritative,
            binding_url=urls.relative(here, urls.localized(path, authoritative, self.languages))
            if authoritative and authoritative != code
            else None,
            binding_label=self.renderer(authoritative).t.gettext("Read the binding text") if authoritative else "",
        )

    def _change_view(self, t: Translator, change: SectionChange, *, first: bool) -> ChangeView:
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

    @staticmethod
    def _state_label(t: Translator, state: State) -> str:
        return {
            State.CURRENT: t.gettext("In force"),
            State.UPCOMING: t.gettext("Upcoming"),
            State.ARCHIVED: t.gettext("Superseded"),
            State.SCHEDULED: t.gettext("Scheduled"),
        }[state]

    def _flip(self, t: Translator, policy: Policy, version: Version, state: State, path: str) -> StatusFlip | None:
        """The status line once the next announced change takes effect (None when no change is announced)."""
        zone = policy.meta.timezone
        if state is State.UPCOMING:
            return StatusFlip(
                _utc(day_start(version.effective, zone)),
                self._state_label(t, State.CURRENT),
                t.gettext("In force since %(date)s.", date=t.date(version.effective)),
            )
        if state is not State.CURRENT:
            return None
        following = next((v for v in self.schedules[policy.id].upcoming if v.effective > version.effective), None)
        if following is None:
            return None
        return StatusFlip(
            _utc(day_start(following.effective, zone)),
            self._state_label(t, State.ARCHIVED),
            t.gettext(
                "In force from %(start)s; superseded on %(end)s by the version effective that day.",
                start=t.date(version.effective),
                end=t.date(following.effective),
            ),
            urls.relative(path, urls.version_path(policy.id, following.slug)),
            t.gettext("Read the policy in force"),
        )

    def _status_line(self, t: Translator, policy: Policy, version: Version, state: State) -> str:
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
        following = self._successor.get(id(version))
        assert following is not None
        return t.gettext(
            "In force from %(start)s; superseded on %(end)s by the version effective that day.",
            start=t.date(version.effective),
            end=t.date(following.effective),
        )
