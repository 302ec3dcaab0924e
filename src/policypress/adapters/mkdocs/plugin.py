"""The MkDocs adapter: ``plugins: [policypress]`` in ``mkdocs.yml``.

Thin on purpose (Material for MkDocs is nearing its end of life): the hooks
translate between MkDocs' objects and a :class:`~policypress.session.Session`,
which knows nothing of MkDocs; what the hooks read of other packages'
internals is in :mod:`policypress.adapters.mkdocs.internals`. In build order:

* ``on_startup`` / ``on_shutdown``: the plugin keeps its session for the
  whole command, so ``mkdocs serve`` rebuilds keep their diffs and Korean
  analyses (a command that builds once lets its diffs go once the pages
  have them); helper processes stop at the end.
* ``on_config`` (before mkdocs-static-i18n): check the supported versions,
  validate and render everything, and fail *before* MkDocs cleans ``site/``;
  stage a placeholder for each generated page in a folder that becomes the
  ``docs_dir``; send the pages' new Korean lines to Kiwi's helper.
* ``on_files``, ``on_page_markdown``, ``on_page_content``: a generated page's
  inclusion, metadata, table of contents and anchors, in place of what MkDocs
  would read from the placeholder; the theme's files no reader loads (source
  maps, unused search languages) are left out.
* ``on_page_context`` / ``on_template_context``: the generated page's HTML
  (only now, when MkDocs writes it: MkDocs reads every page first and keeps
  what it read), head tags, banner, ribbon.
* ``on_post_page``: the frame check; pages of other languages find their own
  search index; every page loses the templates' indentation; a generated
  page's HTML is let go.
* ``on_post_build``: exports, the sitemap, one search index per language.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from policypress.adapters.mkdocs import internals
from policypress.adapters.mkdocs.config import PolicyPressConfig, check_folders, session_for, staging_dir_of
from policypress.core.errors import ContentErrors, Location, PolicyPressError
from policypress.outputs.kiwi import kiwi_installed
from policypress.outputs.korean import is_korean, plain_text
from policypress.outputs.search import lunr_language, search_index, search_labels
from policypress.outputs.sitemap import answer_sitemap_probes, rewrite_sitemap
from policypress.outputs.staging import sync
from policypress.outputs.whitespace import compact_html
from policypress.package_data import TEMPLATES
from policypress.render.frame import FrameKept, PageExtras
from policypress.render.templating import TocEntry, compiled_templates
from policypress.session import SCRIPTS, STYLESHEETS, Rendered, Session

log = get_plugin_logger(__name__)

THEME_TEMPLATES = TEMPLATES / "material"
"""``policypress.html`` (head tags, banner, ribbon, print address) and a ``main.html`` that extends it."""
_ID = re.compile(r'\sid="([^"]+)"')

OUT_OF_NAV = frozenset({"version", "changes", "correction", "earlier-text", "compare", "compare-pair"})
"""Kinds of generated page reached from a policy's pages, never listed in the nav."""


class PolicyPressPlugin(BasePlugin[PolicyPressConfig]):
    """Publishes the policies under ``docs/`` with every version, diff and notice."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.session: Session | None = None
        """The session of the site being built: the plugin's own, or the one ``policypress build`` hands over."""
        self._adopted = False
        self._staged: MkDocsConfig | None = None
        """The config whose docs are staged (mkdocs-static-i18n builds each further language with it)."""
        self._search: dict[str, list[dict[str, Any]]] = {}
        self.rendered: Rendered | None = None
        """What the session rendered for this build (the page hooks look pages up in it)."""
        self._not_found: dict[str, str] = {}
        """The 404 page of each language, as built (see on_post_template)."""
        self._given: dict[str, PageExtras] = {}
        """What each page being written was given for its frame (by its address), until it is written."""
        self._kept = FrameKept()
        """What the theme left out of the pages it wrote (see on_post_page)."""
        self._one_build = False
        """Whether this command builds once (``build``, ``gh-deploy``), so that no later build reuses what a build keeps."""

    def adopt(self, session: Session) -> None:
        """Build with ``session`` (``policypress build`` validated it already and owns its settings)."""
        self.session, self._adopted = session, True

    # -- the command ---------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defined so that MkDocs keeps this plugin, and its session, for the whole command.
        self._one_build = command != "serve"

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.close()
        self.session, self._adopted, self._staged, self.rendered = None, False, None, None

    # -- configuration -------------------------------------------------------------------------

    @event_priority(100)  # before mkdocs-static-i18n (-100) reads docs_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if config is self._staged:
            return config  # a further language of the same build: staged already
        try:
            internals.check_supported(config)
            check_folders(config)  # what MkDocs empties (site_dir) and what staging empties: never the project's
            session = self._session_for(config)
            rendered = session.render()
            if self._one_build:
                session.diffs.release()  # the pages have their diffs; MkDocs' writing of them needs none
            self.rendered = rendered
            staging = staging_dir_of(config)
            written = sync(staging, rendered.copies, rendered.assets, placeholders=rendered.pages)
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        except PolicyPressError as exc:  # a bug (any other exception) keeps its traceback
            raise PluginError(f"policypress: {exc}") from None
        self._staged, self._search, self._not_found, self._given, self._kept = config, {}, {}, {}, FrameKept()
        internals.add_theme_dir(config, str(THEME_TEMPLATES))
        # Serve must watch the real sources, never the staging copy.
        config.watch.append(config.docs_dir)
        if session.options.site_locales is not None:
            config.watch.append(str(session.options.site_locales))
        config.docs_dir = str(staging)
        for extension in ("attr_list", "toc"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css = [*STYLESHEETS, *config.extra_css]
        config.extra_javascript = [*SCRIPTS, *config.extra_javascript]
        if session.site_url:
            config.site_url = session.site_url
        if config.nav:
            config.nav = without_unbuilt_pages(config.nav, set(rendered.policy_ids), rendered.pages)
        log.info(f"{rendered.summary()} ({written} staged files updated)")
        self._prefetch_korean(config, session, rendered)
        for warning in rendered.warnings:
            # Through MkDocs' logger, so `mkdocs build --strict` fails on them.
            log.warning(warning.display(session.root))
        if not self._adopted:  # (`policypress build` names withheld versions itself, with its own exit status)
            for (policy_id, slug), problems in sorted(rendered.withheld.items()):
                for problem in problems:
                    log.warning(problem.display(session.root))
                log.warning(f"withheld: {policy_id} {slug} is announced nowhere until its problems above are fixed")
        return config

    def _session_for(self, config: MkDocsConfig) -> Session:
        """The session of this build: the adopted one, the one of the previous build refreshed, or a new one."""
        if self._adopted and self.session is not None:
            return self.session
        fresh = session_for(config)
        if self.session is not None and _same_site(self.session, fresh):
            # A rebuild of `mkdocs serve`: the same site, shown as of its new moment.
            self.session.refresh(as_of=fresh.options.as_of)
            return self.session
        if self.session is not None:
            self.session.close()
        self.session = fresh
        return fresh

    def _prefetch_korean(self, config: MkDocsConfig, session: Session, rendered: Rendered) -> None:
        """Have Kiwi analyse the generated pages' Korean text in a helper process, while MkDocs builds."""
        if internals.search_plugin(config) is None:
            return
        codes = [code for code in session.languages.codes if is_korean(code)]
        if codes:
            # Only lines the cache file lacks start the helper (none, when the pages did not change).
            session.korean.prefetch(plain_text(html) for code in codes for html in rendered.searchable_html(code))

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Any) -> Any:
        # The theme's templates compiled once per process: MkDocs makes a new Environment for every build and language.
        if env.bytecode_cache is None:
            env.bytecode_cache = compiled_templates(env, "theme")
        return env

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # The staging folder changes on every build; watching it would loop.
        server.unwatch(config.docs_dir)
        return server

    # -- pages -------------------------------------------------------------------------------

    @property
    def _rendered(self) -> Rendered:
        assert self.rendered is not None, "on_config renders the site before any page hook runs"
        return self.rendered

    @event_priority(100)  # before mkdocs-static-i18n (-100), which keeps a file's inclusion in its copies
    def on_files(self, files: Any, /, *, config: MkDocsConfig) -> Any:
        # A version's page, its changes and its corrections are reached from the policy page and its history, not from the nav.
        pages = self._rendered.pages
        for file in files:
            page = pages.get(file.src_uri)
            if page is not None and page.meta.get("policypress", {}).get("kind") in OUT_OF_NAV:
                internals.out_of_nav(file)
        for file in internals.unread_theme_files(files, config, self._search_languages(config)):
            files.remove(file)
        return files

    def _search_languages(self, config: MkDocsConfig) -> list[list[str]]:
        """The ``lang`` of every search index the site will have (see _write_outputs)."""
        search = internals.search_plugin(config)
        if search is None:
            return []
        # Material's own index (a site without mkdocs-static-i18n keeps it), and policypress's one per language:
        # more than the site needs costs a few kilobytes, less would stop its search.
        material = internals.search_settings(search).get("lang") or []
        return [list(material), *([lunr_language(language.code)] for language in self._rendered.context.languages)]

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        generated = self._rendered.pages.get(page.file.src_uri)
        if generated is None:
            return markdown
        # The staged file is a placeholder: the page's front matter comes from
        # here, and its HTML replaces MkDocs' (empty) rendering below.
        page.meta = dict(generated.meta)
        return ""

    @event_priority(50)  # before any other plugin sees the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        generated = self._rendered.pages.get(page.file.src_uri)
        if generated is None:
            return html
        internals.set_page_content(page, [_toc_token(entry) for entry in generated.toc], set(_ID.findall(generated.html)))
        # MkDocs reads every page before it writes the first, and keeps what this returns until the
        # build ends: a generated page's HTML comes in on_page_context instead, when its turn comes,
        # and goes in on_post_page (at 5,000 versions, the site's HTML held whole twice was 1 GB).
        return ""

    @event_priority(40)  # before the search plugin (0) indexes the page's HTML, whatever the order of the plugins
    def _page_html(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any) -> TemplateContext:
        generated = self._rendered.pages.get(page.file.src_uri)
        if generated is not None:
            page.content = generated.html
        return context

    def _page_frame(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any) -> TemplateContext:
        rendered = self._rendered
        meta = page.meta.get("policypress") or {}
        code = _page_language(page, rendered)
        extras = rendered.frame.page_extras(page.url, code, meta, _root_path(config))
        self._given[page.url] = extras
        if extras.canonical is not None and config.site_url:
            page.canonical_url = config.site_url.rstrip("/") + "/" + extras.canonical
        internals.relative_alternates(config)
        return self._with_extras(context, extras, code)

    on_page_context = CombinedEvent(_page_html, _page_frame)

    def on_template_context(self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        # The 404 page is a theme template, not a page: no on_page_context.
        # It is served at any address, so its links start at the site's root.
        if template_name != "404.html" or self.rendered is None:
            return context
        rendered = self._rendered
        code = internals.current_language(config) or rendered.context.languages.default
        extras = rendered.frame.page_extras("404.html", code, {}, _root_path(config) or "/", anywhere=True)
        self._given[f"{code}:404.html"] = extras
        return self._with_extras(context, extras, code)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        # mkdocs-static-i18n builds the 404 page once per language, each time at the site's root: the last language
        # would win. Each is kept here and written under its language when every language is built.
        if template_name == "404.html" and self.rendered is not None:
            code = internals.current_language(config) or self.rendered.context.languages.default
            given = self._given.pop(f"{code}:404.html", None)
            if given is not None:
                self._kept.check(self.rendered.context.languages.prefix(code) + "404.html", output_content, given)
            self._not_found[code] = output_content = compact_html(output_content)
        return output_content

    def _with_extras(self, context: TemplateContext, extras: PageExtras, code: str) -> TemplateContext:
        # MkDocs types the context as its own keys; templates read ours too.
        extended = cast(dict[str, Any], context)
        extended["policypress"] = {"head": Markup(extras.head), "banner": Markup(extras.banner), "ribbon": Markup(extras.ribbon)}
        # The site's own templates (overrides/) speak the page's language with the site's catalogs.
        extended["_"] = self._rendered.frame.gettext(code)
        return context

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        rendered = self._rendered
        given = self._given.pop(page.url, None)
        if given is not None:
            self._kept.check(page.file.dest_uri, output, given)
        if page.file.src_uri in rendered.pages:
            page.content = ""  # written: the rendered page keeps it (see on_page_content)
        prefix = rendered.context.languages.prefix(_page_language(page, rendered))
        return compact_html(internals.rebase_search(output, prefix) if prefix else output)

    # -- the whole site ----------------------------------------------------------------------

    @event_priority(-50)  # after the search plugin wrote this language's index
    def _collect_search(self, *, config: MkDocsConfig) -> None:
        search = internals.search_plugin(config)
        code = internals.current_language(config)
        if search is not None and code:
            self._search[code] = internals.search_entries(search)

    @event_priority(-110)  # after mkdocs-static-i18n built every language and merged the search index
    def _write_outputs(self, *, config: MkDocsConfig) -> None:
        if internals.in_nested_build(config) or self.session is None or self.rendered is None:
            return  # a nested language build; the outer build writes once at its end
        session, rendered = self.session, self._rendered
        if self._kept.missing:
            main = Path(config.theme.custom_dir) / "main.html" if config.theme.custom_dir else None
            where = Location(main if main is not None and main.is_file() else Path(config.config_file_path))
            raise PluginError(str(ContentErrors(self._kept.problems(where), session.root)))
        site_dir = Path(config.site_dir)
        for name, data in rendered.files.items():
            path = site_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        for code, page in self._not_found.items():
            # The root's 404 page is the default language's (GitHub Pages and most servers serve only that one).
            (site_dir / session.languages.prefix(code) / "404.html").write_text(page, encoding="utf-8")
        rewrite_sitemap(site_dir, rendered.context, config.site_url or "")
        answer_sitemap_probes(site_dir)
        search = internals.search_plugin(config)
        if search is None or not self._search:
            return
        settings = internals.search_settings(search)
        korean = session.korean if kiwi_installed() else None
        for code, entries in self._search.items():
            prefix = session.languages.prefix(code)
            index = search_index(entries, code, prefix, settings, korean=korean, labels=search_labels(rendered.context, code))
            path = site_dir / prefix / "search" / "search_index.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        if korean is not None:
            korean.save()

    on_post_build = CombinedEvent(_collect_search, _write_outputs)


def _same_site(old: Session, new: Session) -> bool:
    """Whether two sessions build the same site the same way (only the moment may differ)."""
    keep = (old.root, old.docs_dir, old.languages, old.site_url, old.options.preview, old.options.site_locales, old.options.headings)
    return keep == (new.root, new.docs_dir, new.languages, new.site_url, new.options.preview, new.options.site_locales, new.options.headings)


def _root_path(config: MkDocsConfig) -> str | None:
    """The path of the site's address (``/`` or ``/repo/pr-7/``), when it has one."""
    return (urlsplit(config.site_url).path or "/") if config.site_url else None


def _toc_token(entry: TocEntry) -> dict[str, Any]:
    return {"level": entry.level, "id": entry.id, "name": entry.name, "children": [_toc_token(c) for c in entry.children]}


def _page_language(page: Page, rendered: Rendered) -> str:
    languages = rendered.context.languages
    first = page.url.split("/", 1)[0]
    return first if first in languages.codes and first != languages.default else languages.default


__all__ = ["PolicyPressPlugin"]


def without_unbuilt_pages(nav: list[Any], policies: set[str], pages: Mapping[str, object]) -> list[Any]:
    """``nav`` without the entries of a policy's pages this build does not make.

    A policy whose first version is not announced yet (or is withheld) has no
    page on the public site: its menu entry would lead nowhere, and MkDocs
    would warn of a missing file on every build until the announcement day.

    >>> without_unbuilt_pages(["index.md", {"이용약관": "terms/index.md"}, "privacy/index.md"],
    ...                       {"privacy", "terms"}, {"privacy/index.ko.md": None})
    ['index.md', 'privacy/index.md']
    """
    built = {re.sub(r"\.[a-z]{2}(?:[-_][A-Za-z]+)?\.md$", ".md", name) for name in pages} | set(pages)

    def keep(entry: Any) -> Any:
        if isinstance(entry, str):
            unbuilt = entry.split("/", 1)[0] in policies and entry.endswith(".md") and entry not in built
            return None if unbuilt else entry
        if isinstance(entry, dict):
            kept = {}
            for title, value in entry.items():
                value = [item for item in (keep(child) for child in value) if item is not None] if isinstance(value, list) else keep(value)
                if value not in (None, []):
                    kept[title] = value
            return kept or None
        return entry

    return [item for item in (keep(entry) for entry in nav) if item is not None]

