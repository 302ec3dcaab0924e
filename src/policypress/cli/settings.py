"""A site's settings read from ``mkdocs.yml`` as data, without MkDocs: what the trusted review reads of a pull request.

Loading ``mkdocs.yml`` through MkDocs runs code: its YAML loader builds any
``!!python/object/apply:`` it meets, and ``hooks:`` and plugins are imported
while the configuration is validated. The review report of a pull request
is the base branch's code judging the pull request's content; reading the
pull request's ``mkdocs.yml`` that way would let the pull request run its
own code inside the judge. :func:`read_settings` reads only what policypress
needs (the docs folder, the languages, the site's catalogs) with a YAML
loader that builds strings, lists and mappings and nothing else, and never
imports a thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from policypress.core.errors import PolicyPressError
from policypress.core.languages import Languages

#: Files one configuration may inherit from (``INHERIT``), one after another.
MAX_INHERITED = 8
MAX_CONFIG_BYTES = 1_000_000


class SettingsError(PolicyPressError):
    """``mkdocs.yml`` cannot be read as a site's settings."""


class _Loader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' tags as data: ``!ENV`` as its default, any other tag as the plain value under it."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # MkDocs' !ENV: a variable name, or a list of names then a default. The default only: what the judge's
    # environment holds (a token) must never become a path that an error message would then print.
    if isinstance(node, yaml.ScalarNode):
        return None
    items = loader.construct_sequence(node, deep=True)  # type: ignore[arg-type]
    return items[-1] if len(items) > 1 else None


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", _untagged)  # every tag SafeLoader does not know: data, never code


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


def _read(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise SettingsError(f"{path.name}: the file is larger than a configuration is")
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_Loader)
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


def _plugins(config: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """The plugins and their options (``{}`` for one listed by name)."""
    plugins = config.get("plugins") or []
    pairs: list[tuple[Any, Any]] = []
    if isinstance(plugins, Mapping):
        pairs = list(plugins.items())
    elif isinstance(plugins, list):
        for item in plugins:
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


def read_settings(config_file: Path) -> SiteSettings:
    """The settings of the site of ``config_file``, read as data (see the module's docstring).

    Raises :class:`SettingsError` for a file that cannot be read, and for
    paths that lead out of the project (``docs_dir: /etc``).
    """
    path = config_file.resolve()
    root = path.parent
    config = _read(path)
    chain = [path]
    while "INHERIT" in config and len(chain) <= MAX_INHERITED:
        parent = _inside(root, config.pop("INHERIT"), "INHERIT")
        if parent in chain:
            raise SettingsError(f"{path.name}: INHERIT goes round in a circle")
        chain.append(parent)
        config = _merged(_read(parent), config)
    docs_dir = _inside(root, config.get("docs_dir") or "docs", "docs_dir")
    plugins = _plugins(config)
    own = plugins.get("policypress")
    locales = _inside(root, (own or {}).get("locales_dir") or "locales", "locales_dir")
    languages = _languages(config, plugins.get("i18n"))
    theme = config.get("theme") if isinstance(config.get("theme"), Mapping) else {}
    presentation = [root / p.name for p in chain]
    if isinstance(theme, Mapping) and theme.get("custom_dir"):
        presentation.append(_inside(root, theme["custom_dir"], "theme.custom_dir"))
    for key in ("extra_css", "extra_javascript", "hooks", "watch"):
        values = config.get(key) or []
        for value in values if isinstance(values, list) else [values]:
            name = value.get("path") if isinstance(value, Mapping) else value
            if isinstance(name, str) and "://" not in name:
                base = root if key in ("hooks", "watch") else docs_dir
                presentation.append((base / name).resolve())
    return SiteSettings(path, root, docs_dir, languages, locales if locales.is_dir() else None, own is not None, tuple(dict.fromkeys(presentation)))


def _languages(config: Mapping[str, Any], i18n: Mapping[str, Any] | None) -> Languages:
    """The site's languages: mkdocs-static-i18n's, as it builds them, or the theme's one language."""
    try:
        if i18n is not None:
            items: list[tuple[str, str]] = []
            default = None
            for language in i18n.get("languages") or []:
                if not isinstance(language, Mapping) or not isinstance(language.get("locale"), str):
                    raise SettingsError("plugins.i18n.languages: expected a list of {locale: …, name: …}")
                if language.get("build", True) is False:
                    continue
                items.append((language["locale"], str(language.get("name") or language["locale"])))
                if language.get("default"):
                    default = language["locale"]
            return Languages.from_pairs(items, default)
        theme = config.get("theme")
        code = str(theme.get("language") or "en") if isinstance(theme, Mapping) else "en"
        return Languages.from_pairs([(code, code)], code)
    except (ValueError, IndexError) as exc:
        raise SettingsError(f"{config.get('site_name', 'mkdocs.yml')}: {exc}") from None


__all__ = ["SettingsError", "SiteSettings", "read_settings"]
