"""A site's settings read from ``mkdocs.yml`` as data, without MkDocs: what every command but ``build`` reads.

Loading ``mkdocs.yml`` through MkDocs runs code: its YAML loader builds any
``!!python/object/apply:`` it meets, and ``hooks:`` and plugins are imported
while the configuration is validated. The commands that only read a site
(``check``, ``lock``, ``diff``, ``generate``, ``report``…) need a handful of
its settings, and the review report of a pull request is the base branch's
code judging the pull request's content: reading the pull request's
``mkdocs.yml`` through MkDocs would let it run its own code inside the judge.
:func:`read_settings` reads only what policypress needs with a YAML loader
that builds strings, lists and mappings and nothing else, and never imports
a thing. Only ``policypress build``, which runs MkDocs anyway, loads the
configuration through MkDocs (:func:`policypress.cli.building.load_mkdocs_config`).

Two things are read the way MkDocs would, from data:

* ``!ENV [NAME, default]``: the variable's value when the caller passes an
  environment (the command, for the user's own site), else the default
  (the review: what the judge's environment holds, a token, must never
  become a path an error message prints);
* the ``toc`` extension's ``slugify``, written as
  ``!!python/object/apply:pymdownx.slugs.slugify {kwds: {case: lower}}``:
  only the slugify functions of Python-Markdown and pymdownx are known
  (:data:`SLUGIFIERS`), called with the keywords written there; any other is
  refused by name where headings are written (``generate``), never imported.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

import yaml

from policypress.core.errors import PolicyPressError
from policypress.core.languages import Languages, configured_languages
from policypress.render.templating import HeadingStyle

#: Files one configuration may inherit from (``INHERIT``), one after another.
MAX_INHERITED = 8
MAX_CONFIG_BYTES = 1_000_000
#: The plugin's default staging folder (``PolicyPressConfig.staging_dir``), relative to ``mkdocs.yml``; caches go beside it.
STAGING_DIR = ".cache/policypress/docs"
#: The slugify functions a site's ``toc`` extension may name, by the name ``!!python/object/apply:`` gives:
#: (module, function, whether calling it with the keywords written makes the function, as pymdownx's does).
SLUGIFIERS = {
    "pymdownx.slugs.slugify": ("pymdownx.slugs", "slugify", True),
    "markdown.extensions.toc.slugify": ("markdown.extensions.toc", "slugify", False),
    "markdown.extensions.toc.slugify_unicode": ("markdown.extensions.toc", "slugify_unicode", False),
}


class SettingsError(PolicyPressError):
    """``mkdocs.yml`` cannot be read as a site's settings."""


@dataclass(frozen=True)
class Apply:
    """``!!python/object/apply:NAME`` as data: what it names, and the keywords written under it. Never called here."""

    name: str
    kwds: Mapping[str, Any] = field(default_factory=dict)


def _loader(environ: Mapping[str, str] | None) -> type[yaml.SafeLoader]:
    """Safe YAML that reads MkDocs' tags as data: ``!ENV`` (see the module's docstring), any other tag as the plain value under it."""

    class Loader(yaml.SafeLoader):
        pass

    def env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
        # MkDocs' !ENV: a variable name, or a list of names then a default (the first variable that is set wins).
        items = [loader.construct_scalar(node)] if isinstance(node, yaml.ScalarNode) else loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
        names, default = (items, None) if isinstance(node, yaml.ScalarNode) or len(items) == 1 else (items[:-1], items[-1])
        if environ is not None:
            for name in names:
                if isinstance(name, str) and name in environ:
                    return yaml.safe_load(environ[name]) if environ[name] else environ[name]
        return default

    def apply(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
        kwds = loader.construct_mapping(node, deep=True).get("kwds") if isinstance(node, yaml.MappingNode) else None
        return Apply(suffix, dict(kwds) if isinstance(kwds, Mapping) else {})

    def untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_scalar(node)  # type: ignore[arg-type]

    Loader.add_constructor("!ENV", env)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/object/apply:", apply)
    Loader.add_multi_constructor("", untagged)  # every tag SafeLoader does not know: data, never code
    return Loader


@dataclass(frozen=True)
class SiteSettings:
    """What policypress needs of a site, read from its ``mkdocs.yml`` as data."""

    config_file: Path
    root: Path
    docs_dir: Path
    languages: Languages
    locales_dir: Path | None
    uses_plugin: bool
    presentation: tuple[Path, ...]
    """Folders and files that shape how the site looks and not what it says (custom_dir, extra CSS and JS, hooks)."""
    site_url: str | None = None
    site_dir: Path | None = None
    """Where MkDocs writes the site (``site_dir``, default ``site/`` beside ``mkdocs.yml``)."""
    staging_dir: Path | None = None
    """Where the plugin assembles the docs MkDocs builds from; policypress's caches go beside it."""
    custom_dir: Path | None = None
    toc: Mapping[str, Any] = field(default_factory=dict)
    """The ``toc`` extension's options as written (its ``slugify`` an :class:`Apply`)."""

    @property
    def cache_dir(self) -> Path:
        """policypress's caches (diffs, Korean analyses): beside the staging folder, as the plugin keeps them."""
        return (self.staging_dir or self.root / STAGING_DIR).parent

    def protected(self) -> dict[str, Path]:
        """The project's own folders, which no output or staging folder may be, hold or lie in."""
        from policypress.outputs.staging import project_folders

        return project_folders(self.root, self.docs_dir, self.locales_dir or self.root / "locales", self.custom_dir)

    def headings(self) -> HeadingStyle:
        """How the site's ``toc`` extension writes headings (generated pages write theirs alike).

        Raises :class:`SettingsError` for a ``slugify`` policypress does not
        know (see the module's docstring).
        """
        options = dict(self.toc)
        slugify = options.pop("slugify", None)
        if slugify is not None:
            options["slugify"] = _slugify(slugify, self.config_file.name)
        return HeadingStyle.from_toc_config(options)


def _slugify(value: Any, where: str) -> Callable[[str, str], str]:
    if isinstance(value, Apply) and value.name in SLUGIFIERS:
        module, name, factory = SLUGIFIERS[value.name]
        function = getattr(importlib.import_module(module), name)
        if factory:
            made: Callable[[str, str], str] = function(**{str(k): v for k, v in value.kwds.items()})
            return made
        if value.kwds:
            raise SettingsError(f"{where}: toc's slugify {value.name} takes no keywords here")
        return function  # type: ignore[no-any-return]
    named = value.name if isinstance(value, Apply) else repr(value)
    raise SettingsError(
        f"{where}: toc's slugify {named} is not one policypress reads without running MkDocs "
        f"({', '.join(SLUGIFIERS)}); generated headings would not match the site's"
    )


def _read(path: Path, environ: Mapping[str, str] | None) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise SettingsError(f"{path.name}: the file is larger than a configuration is")
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_loader(environ))
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{path.name}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise SettingsError(f"{path.name}: not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{path.name}: expected a mapping of settings")
    return data


def _merged(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """MkDocs' INHERIT: mappings merged key by key, anything else replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merged(out[key], value) if isinstance(out.get(key), Mapping) and isinstance(value, Mapping) else value
    return out


def _named_options(items: Any) -> dict[str, Mapping[str, Any]]:
    """Plugins or Markdown extensions and their options (``{}`` for one listed by name)."""
    pairs: list[tuple[Any, Any]] = []
    if isinstance(items, Mapping):
        pairs = list(items.items())
    elif isinstance(items, list):
        for item in items:
            if isinstance(item, str):
                pairs.append((item, {}))
            elif isinstance(item, Mapping):
                pairs.extend(item.items())
    return {name: options if isinstance(options, Mapping) else {} for name, options in pairs if isinstance(name, str)}


def _inside(root: Path, value: Any, what: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{what}: expected a path, got {value!r}")
    path = (root / value).resolve()
    if path != root and root not in path.parents:
        raise SettingsError(f"{what}: {value} lies outside the project; a pull request's site is read from its own folder only")
    return path


def _read_chain(path: Path, environ: Mapping[str, str] | None) -> tuple[dict[str, Any], list[Path]]:
    """The configuration of ``path`` with every file it inherits merged in, and those files."""
    root = path.parent
    config = _read(path, environ)
    chain = [path]
    while "INHERIT" in config and len(chain) <= MAX_INHERITED:
        parent = _inside(root, config.pop("INHERIT"), "INHERIT")
        if parent in chain:
            raise SettingsError(f"{path.name}: INHERIT goes round in a circle")
        chain.append(parent)
        config = _merged(_read(parent, environ), config)
    return config, chain


def read_config(config_file: Path, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The whole configuration of the site as data (``INHERIT`` merged, ``!ENV`` read, any ``!!python`` tag an :class:`Apply`).

    For a front end that writes another generator's configuration from the
    site's (``policypress generate --for zensical``): what it does not know
    it carries over as written, and nothing is imported or called.
    """
    return _read_chain(config_file.resolve(), environ)[0]


class _Dumper(yaml.SafeDumper):
    """YAML as :func:`read_config` read it: an :class:`Apply` written back as the tag it was."""


def _apply(dumper: yaml.SafeDumper, value: Apply) -> yaml.Node:
    return dumper.represent_mapping(f"tag:yaml.org,2002:python/object/apply:{value.name}", {"kwds": dict(value.kwds)})


_Dumper.add_representer(Apply, _apply)


def dump_config(config: Mapping[str, Any]) -> str:
    """A configuration read by :func:`read_config` (and edited) as ``mkdocs.yml`` text, in its own key order."""
    return yaml.dump(dict(config), Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False)


def read_settings(config_file: Path, environ: Mapping[str, str] | None = None) -> SiteSettings:
    """The settings of the site of ``config_file``, read as data (see the module's docstring).

    ``environ``: the environment ``!ENV`` reads (the command passes its own;
    the review passes none, and reads each default). Raises
    :class:`SettingsError` for a file that cannot be read, and for paths
    that lead out of the project (``docs_dir: /etc``).
    """
    path = config_file.resolve()
    root = path.parent
    config, chain = _read_chain(path, environ)
    docs_dir = _inside(root, config.get("docs_dir") or "docs", "docs_dir")
    plugins = _named_options(config.get("plugins"))
    own = plugins.get("policypress")
    locales = _inside(root, (own or {}).get("locales_dir") or "locales", "locales_dir")
    staging_name = (own or {}).get("staging_dir") or STAGING_DIR
    if not isinstance(staging_name, str):
        raise SettingsError(f"{path.name}: plugins.policypress.staging_dir: expected a path, got {staging_name!r}")
    staging = (root / staging_name).resolve()  # (a build refuses one that would empty the project: check_site_folders)
    languages = _languages(config, plugins.get("i18n"), path)
    theme = config.get("theme") if isinstance(config.get("theme"), Mapping) else {}
    presentation = [root / p.name for p in chain]
    custom_dir = None
    if isinstance(theme, Mapping) and theme.get("custom_dir"):
        custom_dir = _inside(root, theme["custom_dir"], "theme.custom_dir")
        presentation.append(custom_dir)
    for key in ("extra_css", "extra_javascript", "hooks", "watch"):
        values = config.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            name = value.get("path") if isinstance(value, Mapping) else value
            if isinstance(name, str) and "://" not in name:
                base = root if key in ("hooks", "watch") else docs_dir
                presentation.append((base / name).resolve())
    site_url = config.get("site_url")
    site_dir = config.get("site_dir") or "site"
    toc = _named_options(config.get("markdown_extensions")).get("toc") or {}
    return SiteSettings(
        path, root, docs_dir, languages, locales if locales.is_dir() else None, own is not None,
        tuple(dict.fromkeys(presentation)),
        site_url=site_url if isinstance(site_url, str) and site_url.strip() else None,
        site_dir=(root / site_dir).resolve() if isinstance(site_dir, str) else None,
        staging_dir=staging, custom_dir=custom_dir, toc=dict(toc),
    )  # fmt: skip


def _languages(config: Mapping[str, Any], i18n: Mapping[str, Any] | None, config_file: Path) -> Languages:
    """The site's languages: mkdocs-static-i18n's, as it builds them, or the theme's one language."""
    if i18n is not None:
        items: list[tuple[str, str]] = []
        default = None
        for language in i18n.get("languages") or []:
            if not isinstance(language, Mapping) or not isinstance(language.get("locale"), str):
                raise SettingsError(f"{config_file.name}: plugins.i18n.languages: expected a list of {{locale: …, name: …}}")
            if language.get("build", True) is False:
                continue
            items.append((language["locale"], str(language.get("name") or language["locale"])))
            if language.get("default"):
                default = language["locale"]
        return configured_languages(items, default, config_file)
    theme = config.get("theme")
    code = str(theme.get("language") or "en") if isinstance(theme, Mapping) else "en"
    return configured_languages([(code, code)], code, config_file)


__all__ = ["Apply", "SettingsError", "SiteSettings", "dump_config", "read_config", "read_settings"]
