"""Every use of another package's internals, in one place, checked against the versions it was written for.

The plugin reads a few things that MkDocs, mkdocs-static-i18n and Material
for MkDocs do not publish as an API: which language mkdocs-static-i18n is
building and whether that build is one of its nested ones, the entries
Material's search collected, the ``__config`` script of Material's pages,
the language alternates mkdocs-static-i18n sets, a page's table of contents
and anchors, the theme's template folders. Each is a function here, so that
a change upstream breaks one module, loudly.

:func:`check_supported` runs in ``on_config``, before anything is built:
a version outside :data:`SUPPORTED` or an attribute that is gone is a
:class:`~mkdocs.exceptions.PluginError` naming the package, the version found
and what policypress needs, never a site quietly built wrong. Each accessor
also fails with such an error, rather than with a default that would hide
the change.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from typing import Any, Iterable
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from packaging.specifiers import SpecifierSet
from packaging.version import InvalidVersion, Version

SUPPORTED = {
    "mkdocs": SpecifierSet(">=1.6,<2"),
    "properdocs": SpecifierSet(">=1.6,<2"),
    "mkdocs-material": SpecifierSet(">=9.5,<10"),
    "mkdocs-static-i18n": SpecifierSet(">=1.2,<2"),
}
"""The versions whose internals this module was written for (checked by :func:`check_supported`)."""


class InternalsChanged(PluginError):
    """A package policypress relies on is not the version, or not the shape, policypress knows."""


def _changed(package: str, what: str) -> InternalsChanged:
    try:
        found = metadata.version(package)
    except metadata.PackageNotFoundError:
        found = "not installed"
    return InternalsChanged(
        f"policypress: {package} {found} no longer has {what}; policypress supports {package} {SUPPORTED[package]}"
    )


def check_supported(config: MkDocsConfig, installed: Any = metadata.version) -> None:
    """Refuse to build with a version of MkDocs, Material or mkdocs-static-i18n this module does not know.

    Only the packages the site uses are checked (a site without the i18n
    plugin may have any version of it, or none). ``installed`` is
    :func:`importlib.metadata.version`, replaceable in tests.
    """
    used = [generator()]
    if config.theme.name == "material":
        used.append("mkdocs-material")
    if i18n_plugin(config) is not None:
        used.append("mkdocs-static-i18n")
    problems = []
    for package in used:
        try:
            found = installed(package)
            ok = Version(found) in SUPPORTED[package]
        except metadata.PackageNotFoundError:
            found, ok = "not installed", False
        except InvalidVersion:
            ok = False
        if not ok:
            problems.append(f"{package} {found} (policypress supports {SUPPORTED[package]})")
    if problems:
        raise InternalsChanged(
            "policypress: this site uses " + "; ".join(problems) + ". policypress reads a few of their internals "
            "(see policypress.adapters.mkdocs.internals); install a supported version (requirements/site.txt pins one)"
        )
    i18n = i18n_plugin(config)
    if i18n is not None:
        for attribute in ("building", "current_language"):
            if not hasattr(i18n, attribute):
                raise _changed("mkdocs-static-i18n", f"the plugin attribute `{attribute}`")


def generator() -> str:
    """The distribution that runs this build: ``mkdocs``, or ``properdocs`` (a continuation of MkDocs 1.x that
    answers every ``mkdocs.*`` import with its own modules)."""
    import mkdocs

    return "properdocs" if mkdocs.__name__ == "properdocs" else "mkdocs"


# -- mkdocs-static-i18n ------------------------------------------------------------------


def i18n_plugin(config: MkDocsConfig) -> Any | None:
    """mkdocs-static-i18n's plugin instance, when the site uses it."""
    return config.plugins.get("i18n")


def i18n_languages(config: MkDocsConfig) -> tuple[list[tuple[str, str]], str | None]:
    """The languages mkdocs-static-i18n builds, as (code, name), and the default one's code."""
    i18n = i18n_plugin(config)
    assert i18n is not None
    try:
        languages = list(i18n.config.languages)
        items = [(language.locale, language.name) for language in languages if language.build]
        default = next((language.locale for language in languages if language.default), None)
    except AttributeError as exc:
        raise _changed("mkdocs-static-i18n", f"the language option `{exc.name}`") from None
    return items, default


def current_language(config: MkDocsConfig) -> str | None:
    """The language mkdocs-static-i18n is building now (None without the plugin)."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return None
    try:
        code = i18n.current_language
    except AttributeError:
        raise _changed("mkdocs-static-i18n", "the plugin attribute `current_language`") from None
    return str(code) if code else None


def in_nested_build(config: MkDocsConfig) -> bool:
    """Whether this is one of the builds mkdocs-static-i18n runs inside the first, one per other language.

    Its ``on_post_build`` builds every other language while the first build
    is still in its own ``on_post_build``; what is written once per site is
    written by the outer build, after the last language.
    """
    i18n = i18n_plugin(config)
    if i18n is None:
        return False
    try:
        return bool(i18n.building)
    except AttributeError:
        raise _changed("mkdocs-static-i18n", "the plugin attribute `building`") from None


def relative_alternates(config: MkDocsConfig) -> None:
    """Make the language switcher's links site-relative, so they survive any deployment path.

    mkdocs-static-i18n gives pages without a translated twin (the home page)
    absolute links such as ``/en/``, which break when the site is served from
    another path than ``site_url`` says (a preview, a local copy). It sets
    ``config.extra.alternate`` as an attribute, which Jinja reads before the
    mapping key of the same name: both are fixed.
    """
    base_path = urlsplit(config.site_url or "").path.rstrip("/") + "/"
    for alternates in (getattr(config.extra, "alternate", None), config.extra.get("alternate")):
        if not isinstance(alternates, list):
            continue
        for alternate in alternates:
            link = alternate.get("link", "")
            if isinstance(link, str) and link.startswith(base_path):
                alternate["link"] = link[len(base_path):] or "./"


# -- Material's search ---------------------------------------------------------------------


def search_plugin(config: MkDocsConfig) -> Any | None:
    """The site's search plugin (Material's, under either name), if it has one."""
    return config.plugins.get("material/search") or config.plugins.get("search")


def search_entries(search: Any) -> list[dict[str, Any]]:
    """The entries the search plugin collected in this build (one language, under mkdocs-static-i18n)."""
    try:
        return list(search.search_index.entries)
    except AttributeError:
        raise _changed("mkdocs-material", "the search plugin's `search_index.entries`") from None


def search_settings(search: Any) -> dict[str, Any]:
    """The search plugin's options (lang, separator, pipeline, fields) after its own ``on_config``."""
    try:
        return dict(search.config)
    except (AttributeError, TypeError):
        raise _changed("mkdocs-material", "the search plugin's `config`") from None


_LUNR = "assets/javascripts/lunr/"


def search_scripts(indexes: Iterable[Iterable[str]]) -> frozenset[str]:
    """The files under Material's ``assets/javascripts/lunr/`` its search worker loads for indexes in these languages.

    Each index is given by its ``lang`` list. This is ``setupSearchLanguages``
    of Material's search worker (9.x): ``tinyseg.js`` for Japanese,
    ``wordcut.js`` for Hindi and Thai, the language's own file for every
    language but English, ``lunr.multi`` for an index in more than one
    language, and the stemmers' support file before any of them.

    >>> sorted(search_scripts([["ko"], ["en"]]))
    ['assets/javascripts/lunr/min/lunr.ko.min.js', 'assets/javascripts/lunr/min/lunr.stemmer.support.min.js']
    >>> sorted(search_scripts([["en"]]))
    []
    """
    loaded: set[str] = set()
    for languages in indexes:
        names = list(languages)
        for name in names:
            if name == "ja":
                loaded.add("tinyseg.js")
            elif name in ("hi", "th"):
                loaded.add("wordcut.js")
            if name != "en":
                loaded.add(f"min/lunr.{name}.min.js")
        if len(names) > 1:
            loaded.add("min/lunr.multi.min.js")
    if loaded:
        loaded.add("min/lunr.stemmer.support.min.js")
    return frozenset(_LUNR + name for name in loaded)


def unread_theme_files(files: Iterable[File], config: MkDocsConfig, search_languages: Iterable[Iterable[str]]) -> list[File]:
    """Files the theme ships that no reader's browser loads: source maps, and the search languages no index uses.

    ``search_languages`` is the ``lang`` list of every search index the site
    will have (none without search: then no search language is loaded).
    Only the theme's own files are judged, never the site's (``docs/``, its
    ``custom_dir``): a site may link to anything it ships itself.
    """
    theme_dirs = {folder for folder in config.theme.dirs if folder != config.theme.custom_dir}
    loaded = search_scripts(search_languages)
    unread = []
    for file in files:
        if file.src_dir not in theme_dirs:
            continue
        uri = file.src_uri
        # A browser fetches a source map only for its developer tools.
        if uri.endswith(".map") or (uri.startswith(_LUNR) and uri not in loaded):
            unread.append(file)
    return unread


_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def rebase_search(output: str, prefix: str) -> str:
    """A page of a non-default language that looks for its own search index (``en/search/search_index.json``).

    Material finds the index from the ``base`` of the page's ``__config``
    script; the trailing slash matters, as it resolves
    ``search/search_index.json`` against it. A page without that script (another
    theme, an HTML page of the site's own) is left as it is.
    """

    def rebase(match: re.Match[str]) -> str:
        data = json.loads(match.group(2))
        if not isinstance(data, dict) or not isinstance(data.get("base"), str):
            raise _changed("mkdocs-material", 'the "base" of the pages\' __config script')
        data["base"] = data["base"].rstrip("/") + "/" + prefix
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return _CONFIG_SCRIPT.sub(rebase, output, count=1)


# -- MkDocs ---------------------------------------------------------------------------------


def add_theme_dir(config: MkDocsConfig, folder: str) -> None:
    """Put ``folder`` in the theme's template path after the site's ``custom_dir``, before the theme's own."""
    dirs = config.theme.dirs
    if folder not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, folder)


def set_page_content(page: Page, toc: Iterable[Any], anchor_ids: set[str]) -> None:
    """What MkDocs takes from Python-Markdown's toc extension: the page's table of contents and its anchors.

    ``present_anchor_ids`` is what MkDocs' ``validation.anchors`` checks links
    against; a generated page that lacked them would make every link to one of
    its sections a warning.
    """
    if not hasattr(page, "present_anchor_ids"):
        raise _changed("mkdocs", "`Page.present_anchor_ids`")
    page.toc = get_toc(list(toc))
    page.present_anchor_ids = anchor_ids


def out_of_nav(file: File) -> None:
    """Say that a page is reached from other pages, not from the nav (no "not included in the nav" notes)."""
    file.inclusion = InclusionLevel.NOT_IN_NAV
