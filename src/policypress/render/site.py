"""One build of a site, from sources to staged pages: the core's entry point.

:func:`prepare` is what any front end calls (the MkDocs plugin today, another
static site generator tomorrow): it reads the environment once, loads and
checks the content, computes the schedule, renders every generated page and
stages the docs folder. The result answers the per-page questions the theme
asks (head tags, banner, ribbon) without reading anything again.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from policypress.outputs import korean as search_ko

from policypress.core import urls
from policypress.render.banner import render_banner, render_ribbon
from policypress.outputs.exports import FEED_NAME, outputs, prune_sitemap, sitemap_exclusions
from policypress.diff.cache import DiffCache
from policypress.core.errors import ContentError, ContentErrors
from policypress.core.languages import Languages
from policypress.render.pages import BuildOptions, GeneratedPage, HeadingStyle, SiteBuild
from policypress.core.schedule import State, as_of_from_env
from policypress.outputs.staging import sync
from policypress.package_data import ASSETS
from policypress.core.validation import validate

PREVIEW_ENV = "POLICYPRESS_PREVIEW"
SITE_URL_ENV = "POLICYPRESS_SITE_URL"
DIFF_CACHE = "diffs.json"
"""The diffs of earlier builds, beside the staging folder (see policypress.diff.cache)."""
ASSETS_PREFIX = "assets/policypress/"
_ASSETS = ("policypress.css", "policypress.js")


@dataclass(frozen=True)
class PageExtras:
    """What the theme adds to one page: head tags, the notice banner, the preview ribbon."""

    head: str
    banner: str
    ribbon: str
    canonical: str | None
    """Site path of the canonical page, when it is not the page itself."""



def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


IN_FORCE_BOOST = 2.0
"""How much a match in the text in force outranks the same match elsewhere (Material's per-page ``boost``)."""
UPCOMING_BOOST = 0.5


@dataclass(frozen=True)
class SearchLabel:
    """What a search result of a policy text says it is, and how it ranks."""

    title: str
    boost: float


@dataclass
class PreparedSite:
    """A site staged for one build."""

    build: SiteBuild
    staging_dir: Path
    written: int
    site_url: str | None
    warnings: list[ContentError]
    """Parity warnings: printed by every build, fatal under ``--strict``."""
    pages: dict[str, GeneratedPage]
    """The generated pages, by the name of their placeholder in the staging folder."""
    _banners: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    _ribbons: dict[str, str] = field(default_factory=dict, repr=False)
    _exports: dict[str, dict[str, bytes]] = field(default_factory=dict, repr=False)

    @property
    def languages(self) -> Languages:
        return self.build.languages

    @property
    def stylesheets(self) -> list[str]:
        return [ASSETS_PREFIX + "policypress.css"]

    @property
    def scripts(self) -> list[str]:
        return [ASSETS_PREFIX + "policypress.js"]

    def summary(self) -> str:
        """One line for the build log: the moment shown and each policy's state."""
        options = self.build.options
        when = options.as_of.isoformat() if isinstance(options.as_of, (dt.date, dt.datetime)) else str(options.as_of)
        parts = []
        for policy_id, schedule in self.build.schedules.items():
            current = schedule.current.slug if schedule.current else "none"
            upcoming = ", ".join(v.slug for v in schedule.upcoming) or "none"
            parts.append(f"{policy_id}: in force {current}, upcoming {upcoming}")
        mode = "preview" if options.preview else "site"
        return f"policypress {mode} as of {when}: " + "; ".join(parts) + f" ({self.written} staged files updated)"

    def exports(self, base_url: str) -> dict[str, bytes]:
        """Feeds, calendar and index (and a preview's robots.txt), by path in the built site.

        Computed once per address; :func:`prepare` computes them for the
        site's own address before MkDocs writes anything, so a problem in an
        export can never leave a half-written site.
        """
        if base_url not in self._exports:
            self._exports[base_url] = outputs(self.build, base_url)
        return self._exports[base_url]

    def generated_page(self, source: str) -> GeneratedPage | None:
        """The generated page staged as ``source`` (``privacy/index.ko.md``), if it is one."""
        return self.pages.get(source)

    def searchable_html(self, code: str) -> list[str]:
        """The HTML of the generated pages in language ``code`` that its search index will hold."""
        return [page.html for page in self.pages.values() if page.language == code and page.searchable]

    def gettext(self, code: str) -> Callable[..., str]:
        """``gettext`` in language ``code``, with the site's catalogs (for the site's own templates)."""
        return self.build.renderer(code).t.gettext

    def search_labels(self, code: str) -> dict[str, SearchLabel]:
        """The policy texts a search in language ``code`` can find, by location: which is which, and their rank.

        The text in force and the text to come have the same title and
        mostly the same words; a result says which it is, and the text in
        force ranks first.
        """
        t = self.build.renderer(code).t
        labels: dict[str, SearchLabel] = {}
        for policy in self.build.site.policies:
            schedule = self.build.schedules[policy.id]
            # Material's search shows a title as HTML: the policy's title is text.
            title = html.escape(policy.meta.title[code])
            if schedule.current is not None:
                labels[urls.policy_path(policy.id)] = SearchLabel(t.gettext("%(title)s (in force)", title=title), IN_FORCE_BOOST)
            for version in schedule.upcoming:
                labels[urls.version_path(policy.id, version.slug)] = SearchLabel(
                    t.gettext("%(title)s (takes effect on %(date)s)", title=title, date=t.date(version.effective)), UPCOMING_BOOST
                )
        return labels

    def pruned_sitemap(self, data: bytes, base_url: str) -> bytes:
        """The site's sitemap without duplicate or archived version pages."""
        return prune_sitemap(data, sitemap_exclusions(self.build, base_url))

    def page_extras(
        self, page_url: str, code: str, meta: Mapping[str, Any], root_path: str | None = None, *, anywhere: bool = False
    ) -> PageExtras:
        """Head tags, banner and ribbon for the page at ``page_url`` in language ``code``.

        ``anywhere``: the page is served at any address (the 404 page), so
        its links start from ``root_path``, never from the page.
        """
        head: list[str] = []
        if self.build.options.preview or meta.get("noindex"):
            head.append('<meta name="robots" content="noindex">')
        if self.build.feeds:
            target = urls.localized(FEED_NAME, code, self.languages)
            if anywhere and root_path is not None:
                feed = root_path.rstrip("/") + "/" + target
            else:
                feed = urls.relative(urls.page_path(page_url), target)
            title = html.escape(self.build.renderer(code).t.gettext("Policy updates"))
            head.append(f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{html.escape(feed)}">')
        if root_path is not None:
            # Root-absolute links make the banner the same on every page of a language.
            key = (code, root_path)
            if key not in self._banners:
                self._banners[key] = render_banner(self.build, code, page_url, root_path)
            banner = self._banners[key]
        else:
            banner = render_banner(self.build, code, page_url, root_path)
        ribbon = ""
        if self.build.options.preview:
            # The same on every page of a language: rendered once.
            if code not in self._ribbons:
                self._ribbons[code] = render_ribbon(self.build, code)
            ribbon = self._ribbons[code]
        if meta.get("kind") == "policy" and meta.get("policy") in self.build.schedules:
            # The policy page says its change in a box above the text, summary and all: the banner keeps only
            # its head line for it there. A style, not other banner HTML: Material remembers a dismissed banner
            # by its HTML, which must stay the same on every page.
            # (Policy ids are [a-z0-9-_/] and slugs dates: nothing to escape in CSS.)
            keys = [f"{meta['policy']}/{version.slug}" for version in self.build.schedules[meta["policy"]].upcoming]
            if keys:
                selectors = ", ".join(f'.md-banner .pp-notice[data-pp-notice="{key}"] .pp-notice__summary' for key in keys)
                head.append(f"<style>{selectors} {{ display: none; }}</style>")
        canonical = meta.get("canonical")
        return PageExtras("\n".join(head), banner, ribbon, canonical if isinstance(canonical, str) else None)


def prepare(
    *,
    root: Path,
    docs_dir: Path,
    staging_dir: Path,
    languages: Languages,
    site_locales: Path | None,
    environ: Mapping[str, str] | None = None,
    preview: bool = False,
    headings: HeadingStyle = HeadingStyle(),
    site_url: str | None = None,
) -> PreparedSite:
    """Load, check and render everything; stage it in ``staging_dir``.

    Raises :class:`~policypress.core.errors.ContentErrors` with every content error,
    before anything is written, so a failed build leaves the previous output.
    """
    environ = dict(os.environ if environ is None else environ)
    as_of = as_of_from_env(environ)
    checked = validate(docs_dir=docs_dir, languages=languages, as_of=as_of)
    if not checked.ok:
        raise ContentErrors(checked.errors, root)
    options = BuildOptions(
        as_of=as_of,
        preview=preview or _truthy(environ.get(PREVIEW_ENV)),
        site_locales=site_locales if site_locales and site_locales.is_dir() else None,
        headings=headings,
    )
    build = SiteBuild(checked.site, options, diff_cache=DiffCache(staging_dir.parent / DIFF_CACHE))
    build.prefetch_diffs()  # in helper processes, while this one checks and renders the rest
    warnings = checked.warnings
    pages = build.pages()
    build.save_diff_cache()
    assets = {ASSETS_PREFIX + name: (ASSETS / name).read_bytes() for name in _ASSETS}
    # Content (policy files, locks, the glossary, any YAML) is data, never a page.
    copies = checked.handwritten
    written = sync(staging_dir, copies, assets, placeholders=pages)
    override = environ.get(SITE_URL_ENV, "").strip() or None
    prepared = PreparedSite(build, staging_dir, written, override, warnings, pages)
    prepared.exports(override or site_url or "")
    return prepared


#: The languages lunr-languages has a stemmer for (Material ships one file for each).
LUNR_LANGUAGES = frozenset(
    "ar da de du el en es fi fr he hi hu hy it ja jp kn ko nl no pt ro ru sa sv ta te th tr vi zh".split()
)


def lunr_language(code: str) -> str:
    """The search language of a site language: its own when lunr has one, else English.

    Material's search loads ``lunr.<lang>.min.js``: a code such as ``zh-Hant``
    would load a file that does not exist, and search would not start.

    >>> lunr_language("zh-Hant"), lunr_language("ko"), lunr_language("ga")
    ('zh', 'ko', 'en')
    """
    base = code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in LUNR_LANGUAGES else "en"


def search_index(
    entries: list[dict[str, Any]],
    code: str,
    prefix: str,
    search_config: Mapping[str, Any],
    *,
    korean_search: bool = True,
    labels: Mapping[str, SearchLabel] | None = None,
) -> dict[str, Any]:
    """A search index for one language: its own entries, locations relative to its root.

    ``labels`` (:meth:`PreparedSite.search_labels`) title and rank the policy texts.

    A Korean index is made searchable by morpheme (``korean_search=False``
    leaves it as Material would write it): see :mod:`policypress.outputs.korean`.

    >>> search_index([{"location": "en/privacy/#x", "title": "X", "text": ""}], "en", "en/",
    ...              {"lang": ["ko", "en"], "separator": "[\\\\s]+", "pipeline": [], "fields": {}})["docs"]
    [{'location': 'privacy/#x', 'title': 'X', 'text': ''}]
    """
    docs = []
    for entry in entries:
        location = entry["location"]
        if prefix:
            if not location.startswith(prefix):
                continue
            location = location[len(prefix):]
        doc = {**entry, "location": location}
        page, _, anchor = location.partition("#")
        label = (labels or {}).get(page)
        if label is not None:
            doc["boost"] = label.boost
            if not anchor:  # the page's own entry heads its results: name the version there
                doc["title"] = label.title
        docs.append(doc)
    config = {key: search_config[key] for key in ("separator", "pipeline", "fields") if key in search_config}
    config["lang"] = [lunr_language(code)]
    if korean_search and search_ko.is_korean(code):
        # Morpheme-aware terms and separator: see policypress.outputs.korean.
        config, docs = search_ko.enrich_index(config, docs)
    return {"config": config, "docs": docs}


__all__ = ["PageExtras", "PreparedSite", "SearchLabel", "State", "prepare", "search_index", "urls"]
