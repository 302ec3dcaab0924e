"""The MkDocs adapter: ``plugins: [policypress]`` in ``mkdocs.yml``.

Kept thin on purpose (Material for MkDocs is nearing its end of life): the
hooks only translate between MkDocs' objects and the core, which knows nothing
of MkDocs. What each hook does, in build order:

* ``on_config`` (before mkdocs-static-i18n): load and check every policy, and
  fail *before* MkDocs cleans ``site/``; render the generated pages, stage a
  placeholder for each in a staging folder that becomes the ``docs_dir``,
  and send their new Korean lines to Kiwi's helper process.
* ``on_page_markdown`` / ``on_page_content``: a generated page's metadata,
  then its HTML, table of contents and anchors, in place of what MkDocs
  would read from the placeholder and render with Python-Markdown.
* ``on_page_context``: head tags (canonical, robots) and the notice banner.
* ``on_post_build``: feeds and other exports, and one search index per language.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from urllib.parse import urlsplit
from pathlib import Path
from typing import Any, cast

from markupsafe import Markup
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils.templates import TemplateContext

from policypress.outputs import korean as search_ko
from policypress.render import site as core
from policypress.core.errors import ContentErrors, PolicyPressError
from policypress.core.languages import Languages
from policypress.package_data import TEMPLATES
from policypress.render.pages import HeadingStyle, TocEntry

log = get_plugin_logger(__name__)


class PolicyPressConfig(base.Config):
    """Options of ``plugins: - policypress:`` (all optional)."""

    staging_dir = c.Type(str, default=".cache/policypress/docs")
    """Where the docs MkDocs builds from are assembled, relative to ``mkdocs.yml``."""
    locales_dir = c.Type(str, default="locales")
    """The site's gettext catalogs (override the package's), relative to ``mkdocs.yml``."""
    preview = c.Type(bool, default=False)
    """Build a preview (also switched on by ``POLICYPRESS_PREVIEW=1``)."""


class PolicyPressPlugin(BasePlugin[PolicyPressConfig]):
    """Publishes the policies under ``docs/`` with every version, diff and notice."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self._prepared: int | None = None
        self.build: core.PreparedSite | None = None
        self._search: dict[str, list[dict[str, Any]]] = {}
        self._docs_dir: Path | None = None

    # -- configuration ---------------------------------------------------------

    @event_priority(100)  # before mkdocs-static-i18n (-100) reads docs_dir
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self._prepared == id(config):
            # mkdocs-static-i18n builds each further language with the same
            # config object; the pages are already staged.
            return config
        root = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        docs_dir = Path(config.docs_dir)
        staging = root / self.config.staging_dir
        try:
            self.build = core.prepare(
                root=root,
                docs_dir=docs_dir,
                staging_dir=staging,
                languages=languages_from_config(config),
                site_locales=root / self.config.locales_dir,
                environ=dict(os.environ),
                preview=self.config.preview,
                headings=HeadingStyle.from_toc_config((config.mdx_configs or {}).get("toc") or {}),
                site_url=config.site_url,
            )
        except ContentErrors as exc:
            raise PluginError(str(exc)) from None
        except (PolicyPressError, ValueError) as exc:
            raise PluginError(f"policypress: {exc}") from None
        self._docs_dir = docs_dir
        self._prepared = id(config)
        _add_theme_templates(config)
        config.docs_dir = str(staging)
        # Serve must watch the real sources, never the staging copy.
        config.watch.append(str(docs_dir))
        if (root / self.config.locales_dir).is_dir():
            config.watch.append(str(root / self.config.locales_dir))
        for extension in ("attr_list", "toc"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        config.extra_css = [*self.build.stylesheets, *config.extra_css]
        config.extra_javascript = [*self.build.scripts, *config.extra_javascript]
        if self.build.site_url:
            config.site_url = self.build.site_url
        log.info(self.build.summary())
        self._prefetch_kiwi(config)
        for warning in self.build.warnings:
            # Through MkDocs' logger, so `mkdocs build --strict` fails on them.
            log.warning(warning.display(root))
        return config

    def _kiwi_cache_file(self) -> Path:
        assert self.build is not None
        return self.build.staging_dir.parent / KIWI_CACHE

    def _prefetch_kiwi(self, config: MkDocsConfig) -> None:
        """Have Kiwi analyse the generated pages' Korean text in a helper process, while MkDocs builds."""
        assert self.build is not None
        if not _korean_search(config, self.build.languages):
            return
        search_ko.use_cache_file(self._kiwi_cache_file())
        # Only lines the cache file lacks start the helper (none, when the pages did not change).
        codes = [code for code in self.build.languages.codes if search_ko.is_korean(code)]
        search_ko.prefetch(search_ko.plain_text(html) for code in codes for html in self.build.searchable_html(code))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        # The staging folder changes on every build; watching it would loop.
        server.unwatch(config.docs_dir)
        return server

    # -- pages -------------------------------------------------------------------

    @event_priority(100)  # before other plugins read the page's metadata or Markdown
    def on_files(self, files: Any, /, *, config: MkDocsConfig) -> Any:
        # A version's page and its changes are reached from the policy page and its history, not from the nav: say
        # so, or MkDocs lists them as "not included in the nav" on every (re)build. Before mkdocs-static-i18n (-100),
        # which keeps a file's inclusion when it makes the per-language files.
        if self.build is None:
            return files
        for file in files:
            page = self.build.generated_page(file.src_uri)
            if page is not None and page.meta.get("policypress", {}).get("kind") in ("version", "changes"):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        assert self.build is not None
        generated = self.build.generated_page(page.file.src_uri)
        if generated is None:
            return markdown
        # The staged file is a placeholder: the page's front matter comes from
        # here, and its HTML replaces MkDocs' (empty) rendering below.
        page.meta = dict(generated.meta)
        return ""

    @event_priority(50)  # before the search plugin and others read the page's HTML
    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Any) -> str:
        assert self.build is not None
        generated = self.build.generated_page(page.file.src_uri)
        if generated is None:
            return html
        # What MkDocs would have taken from Python-Markdown's toc extension.
        page.toc = get_toc([_toc_token(entry) for entry in generated.toc])
        page.present_anchor_ids = set(_ID.findall(generated.html))
        return generated.html

    def on_page_context(self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Any) -> TemplateContext:
        assert self.build is not None
        meta = page.meta.get("policypress") or {}
        code = _page_language(page, self.build.languages)
        root_path = urlsplit(config.site_url).path or "/" if config.site_url else None
        extras = self.build.page_extras(page.url, code, meta, root_path)
        if extras.canonical is not None and config.site_url:
            page.canonical_url = config.site_url.rstrip("/") + "/" + extras.canonical
        _relative_alternates(config)
        return self._with_extras(context, extras, code)

    def on_template_context(self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig) -> TemplateContext:
        # The 404 page is a theme template, not a page: no on_page_context.
        # It is served at any address, so its links start at the site's root.
        if template_name != "404.html" or self.build is None:
            return context
        root_path = (urlsplit(config.site_url).path or "/") if config.site_url else "/"
        extras = self.build.page_extras("404.html", self.build.languages.default, {}, root_path, anywhere=True)
        return self._with_extras(context, extras, self.build.languages.default)

    def _with_extras(self, context: TemplateContext, extras: core.PageExtras, code: str) -> TemplateContext:
        assert self.build is not None
        # MkDocs types the context as its own keys; templates read ours too.
        extended = cast(dict[str, Any], context)
        extended["policypress"] = {
            "head": Markup(extras.head),
            "banner": Markup(extras.banner),
            "ribbon": Markup(extras.ribbon),
        }
        # The site's own templates (overrides/) speak the page's language with the site's catalogs.
        extended["_"] = self.build.gettext(code)
        return context

    # -- search -------------------------------------------------------------------

    @event_priority(-50)  # after the search plugin wrote this language's index
    def _collect_search(self, *, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        search = _search_plugin(config)
        if i18n is None or search is None or not hasattr(search, "search_index"):
            return
        code = getattr(i18n, "current_language", None)
        if code:
            self._search[code] = list(search.search_index.entries)

    @event_priority(-110)  # after mkdocs-static-i18n built every language and merged the search index
    def _write_outputs(self, *, config: MkDocsConfig) -> None:
        i18n = config.plugins.get("i18n")
        if getattr(i18n, "building", False) or self.build is None:
            return  # a nested language build; the outer build writes once at its end
        for name, data in self.build.exports(config.site_url or "").items():
            path = Path(config.site_dir) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        self._prune_sitemap(Path(config.site_dir), config.site_url or "")
        _answer_material_sitemap_probes(Path(config.site_dir))
        search = _search_plugin(config)
        if i18n is None or search is None:
            return
        for code, entries in self._search.items():
            prefix = self.build.languages.prefix(code)
            index = core.search_index(entries, code, prefix, dict(search.config), labels=self.build.search_labels(code))
            path = Path(config.site_dir) / prefix / "search" / "search_index.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        search_ko.save_cache_file()

    def _prune_sitemap(self, site_dir: Path, site_url: str) -> None:
        assert self.build is not None
        sitemap = site_dir / "sitemap.xml"
        if not sitemap.is_file():
            return
        data = self.build.pruned_sitemap(sitemap.read_bytes(), site_url)
        sitemap.write_bytes(data)
        # MkDocs also ships the gzipped copy; keep the two the same.
        with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as handle:
            handle.write(data)

    on_post_build = CombinedEvent(_collect_search, _write_outputs)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        assert self.build is not None
        code = _page_language(page, self.build.languages)
        prefix = self.build.languages.prefix(code)
        if not prefix:
            return output
        # Pages of a non-default language look for their own search index
        # (en/search/search_index.json): Material finds it from "base".
        return _CONFIG_SCRIPT.sub(lambda match: _rebase(match, prefix), output, count=1)


_ID = re.compile(r'\sid="([^"]+)"')
THEME_TEMPLATES = TEMPLATES / "material"
"""``policypress.html`` (head tags, banner, ribbon, print address) and a ``main.html`` that extends it."""


def _add_theme_templates(config: MkDocsConfig) -> None:
    """Put policypress's theme templates after the site's ``custom_dir`` and before the theme's own.

    Every site gets the banner and head tags without copying a template; a
    site's own ``main.html`` still wins, and keeps them by extending
    ``policypress.html``.
    """
    dirs = config.theme.dirs
    if str(THEME_TEMPLATES) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_TEMPLATES))


def _toc_token(entry: TocEntry) -> Any:
    return {"level": entry.level, "id": entry.id, "name": entry.name, "children": [_toc_token(c) for c in entry.children]}


KIWI_CACHE = "kiwi-morphemes.json"
"""Kiwi's analyses kept between builds, beside the staging folder."""


def _search_plugin(config: MkDocsConfig) -> Any:
    """The site's search plugin (Material's, under either name), if it has one."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def _korean_search(config: MkDocsConfig, languages: Languages) -> bool:
    """Whether the site has a search index in Korean (made by morpheme)."""
    search = _search_plugin(config)
    return search is not None and any(search_ko.is_korean(code) for code in languages.codes)


_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _rebase(match: re.Match[str], prefix: str) -> str:
    data = json.loads(match.group(2))
    # With the trailing slash: Material resolves "search/search_index.json" against it.
    data["base"] = data["base"].rstrip("/") + "/" + prefix
    return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)


_EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def _answer_material_sitemap_probes(site_dir: Path) -> None:
    """Put an empty ``sitemap.xml`` beside every page that lacks one.

    Material's JavaScript fetches ``sitemap.xml`` relative to every
    ``<link rel="alternate">`` of a page (made for sites whose alternates are
    language roots). Our alternates are the same page in each language, as
    hreflang requires, so each probe would be a 404 in the reader's console.
    An empty sitemap answers the probe; the real one stays at the root.
    """
    first: Path | None = None
    for page in site_dir.rglob("index.html"):
        probe = page.parent / "sitemap.xml"
        if probe.exists():
            continue
        if first is not None:
            # One file under many names: creating a file costs fifty times a link.
            try:
                os.link(first, probe)
                continue
            except OSError:  # a file system without hard links
                pass
        probe.write_bytes(_EMPTY_SITEMAP)
        first = first or probe


def _relative_alternates(config: MkDocsConfig) -> None:
    """Make the language switcher's links site-relative, so they survive any deployment path.

    mkdocs-static-i18n gives pages without a translated twin (the home page)
    absolute links such as ``/en/``, which break when the site is served from
    another path than ``site_url`` says (a preview, a local copy).
    """
    base_path = urlsplit(config.site_url or "").path.rstrip("/") + "/"
    # mkdocs-static-i18n sets `config.extra.alternate` as an attribute, which
    # Jinja reads before the mapping key of the same name: fix both.
    for alternates in (getattr(config.extra, "alternate", None), config.extra.get("alternate")):
        if not isinstance(alternates, list):
            continue
        for alternate in alternates:
            link = alternate.get("link", "")
            if isinstance(link, str) and link.startswith(base_path):
                alternate["link"] = link[len(base_path):] or "./"


def _page_language(page: Page, languages: Languages) -> str:
    first = page.url.split("/", 1)[0]
    return first if first in languages.codes and first != languages.default else languages.default


def languages_from_config(config: MkDocsConfig) -> Languages:
    """The site's languages, from mkdocs-static-i18n's configuration when present.

    A language policypress cannot build (unknown to Babel, listed twice) is a
    :class:`PolicyPressError` naming the line of ``mkdocs.yml``, so ``check``
    refuses what ``build`` would.
    """
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        items = [(language.locale, language.name) for language in i18n.config.languages if language.build]
        default = next((language.locale for language in i18n.config.languages if language.default), None)
    else:
        code = str(config.theme.get("language") or "en")
        items, default = [(code, code)], code
    try:
        return Languages.from_pairs(items, default)
    except (ValueError, IndexError) as exc:
        culprit = str(getattr(exc, "code", "") or "")
        where = _config_line(config, culprit) if culprit else ""
        raise PolicyPressError(f"{where}{exc}") from None


def _config_line(config: MkDocsConfig, text: str) -> str:
    """``mkdocs.yml:12: `` for the first line of the config file holding ``text`` (empty if none does)."""
    path = config.config_file_path
    if not path:
        return ""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for number, line in enumerate(lines, 1):
        if re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", line):
            return f"{Path(path).name}:{number}: "
    return f"{Path(path).name}: "
