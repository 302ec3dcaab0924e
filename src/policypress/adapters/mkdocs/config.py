"""The plugin's options, and what a :class:`~policypress.session.Session` needs from ``mkdocs.yml``.

Settings are explicit: ``policypress build`` hands the plugin its own
session; a plain ``mkdocs build`` or ``mkdocs serve`` takes the moment, the
preview mode and the site's address from the plugin's options, which a site
may fill from the environment with MkDocs' ``!ENV`` tag::

    plugins:
      - policypress:
          as_of: !ENV [POLICYPRESS_AS_OF, null]
          preview: !ENV [POLICYPRESS_PREVIEW, false]
          site_url: !ENV [POLICYPRESS_SITE_URL, null]
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mkdocs.config import base
from mkdocs.config.base import BaseConfigOption, ValidationError
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig

from policypress.adapters.mkdocs import internals
from policypress.core.flags import flag
from policypress.core.languages import Languages, configured_languages
from policypress.core.publication import Deployed
from policypress.core.schedule import AsOf, now, parse_as_of
from policypress.outputs.staging import check_site_folders, project_folders
from policypress.render.templating import HeadingStyle
from policypress.session import Session


class Flag(BaseConfigOption[bool]):
    """A yes/no option that also takes the text of an environment variable (``!ENV``: "1", "true", "0"…)."""

    def __init__(self, default: bool = False) -> None:
        super().__init__()
        self.default = default
        self._fallback = default

    def run_validation(self, value: object) -> bool:
        if value is None:
            return self._fallback
        if isinstance(value, bool):
            return value
        if isinstance(value, int) and value in (0, 1):  # !ENV reads POLICYPRESS_PREVIEW=1 as YAML: a number
            return bool(value)
        said = flag(value) if isinstance(value, str) else None
        if said is not None:
            return said
        raise ValidationError(f"expected true or false (or, from the environment, 1 or 0), got {value!r}")


class Moment(BaseConfigOption[str | None]):
    """A moment to build the site for: ``YYYY-MM-DD`` or an ISO date and time with an offset; empty for now.

    Read when the plugin builds with its own settings (:func:`session_for`), not
    when the configuration loads: ``policypress build`` reads the same
    variable itself and names it in its message.
    """

    def run_validation(self, value: object) -> str | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, (dt.date, dt.datetime)):  # YAML reads 2026-12-01 as a date
            return value.isoformat()
        if not isinstance(value, str):
            raise ValidationError(f"expected a date (2026-11-20) or an ISO date and time, got {value!r}")
        return value


class PolicyPressConfig(base.Config):
    """Options of ``plugins: - policypress:`` (all optional)."""

    staging_dir = c.Type(str, default=".cache/policypress/docs")
    """Where the docs MkDocs builds from are assembled, relative to ``mkdocs.yml``; caches go beside it."""
    locales_dir = c.Type(str, default="locales")
    """The site's gettext catalogs (override the package's), relative to ``mkdocs.yml``."""
    as_of = Moment()
    """The moment the site shows (default: now, at each build)."""
    preview = Flag(default=False)
    """Build a preview: versions not yet announced are shown, with a ribbon and noindex."""
    site_url = c.Optional(c.Type(str))
    """The address the site is published at, when it differs from ``site_url`` (a preview under a sub-path)."""


def root_of(config: MkDocsConfig) -> Path:
    """The project's folder: where ``mkdocs.yml`` is."""
    return Path(config.config_file_path).parent if config.config_file_path else Path.cwd()


def languages_from_config(config: MkDocsConfig) -> Languages:
    """The site's languages, from mkdocs-static-i18n's configuration when present.

    A language policypress cannot build (unknown to Babel, listed twice) is a
    :class:`PolicyPressError` naming the line of ``mkdocs.yml``, so ``check``
    refuses what ``build`` would.
    """
    if internals.i18n_plugin(config) is not None:
        items, default = internals.i18n_languages(config)
    else:
        code = str(config.theme.get("language") or "en")
        items, default = [(code, code)], code
    return configured_languages(items, default, Path(config.config_file_path) if config.config_file_path else None)


def headings_from_config(config: MkDocsConfig) -> HeadingStyle:
    """How the site's ``toc`` extension writes headings, so generated pages write theirs alike."""
    return HeadingStyle.from_toc_config((config.mdx_configs or {}).get("toc") or {})


def options_of(config: MkDocsConfig) -> PolicyPressConfig | None:
    """The policypress plugin's options in ``config``, when the site uses the plugin."""
    plugin = config.plugins.get("policypress")
    options = getattr(plugin, "config", None)
    return options if isinstance(options, PolicyPressConfig) else None


def session_for(
    config: MkDocsConfig,
    *,
    as_of: AsOf | None = None,
    preview: bool | None = None,
    site_url: str | None = None,
    deployed: Deployed | None = None,
    strict: bool | None = None,
) -> Session:
    """A session for the site of ``config``; each setting not given comes from the plugin's options (or MkDocs' ``strict``)."""
    options = options_of(config) or PolicyPressConfig()
    root = root_of(config)
    if as_of is None:
        as_of = parse_as_of(options.as_of, "as_of") if options.as_of else now()
    staging = root / options.staging_dir
    return Session(
        root,
        docs_dir=Path(config.docs_dir),
        languages=languages_from_config(config),
        as_of=as_of,
        preview=options.preview if preview is None else preview,
        site_url=site_url or options.site_url or config.site_url,
        site_locales=root / options.locales_dir,
        headings=headings_from_config(config),
        cache_dir=staging.parent,
        deployed=deployed,
        strict=bool(config.strict) if strict is None else strict,
    )


def protected_folders(config: MkDocsConfig) -> dict[str, Path]:
    """The project's own folders, which no output or staging folder may be, hold or lie in (named for messages)."""
    options = options_of(config) or PolicyPressConfig()
    custom_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    return project_folders(root_of(config), Path(config.docs_dir), root_of(config) / options.locales_dir, custom_dir)


def check_folders(config: MkDocsConfig) -> None:
    """Refuse a ``site_dir`` (which MkDocs empties) or staging folder (which the plugin empties) that holds the project.

    Raises :class:`~policypress.outputs.outdir.OutputDirError` (see :func:`~policypress.outputs.staging.check_site_folders`).
    """
    check_site_folders(protected_folders(config), Path(config.site_dir), staging_dir_of(config), root_of(config) / ".cache")


def uses_plugin(config: MkDocsConfig) -> bool:
    """Whether the site builds with the policypress plugin (without it, MkDocs would publish the policies as raw YAML)."""
    return options_of(config) is not None


def staging_dir_of(config: MkDocsConfig) -> Path:
    """The folder the plugin stages the docs in."""
    options = options_of(config) or PolicyPressConfig()
    return root_of(config) / options.staging_dir


__all__ = ["PolicyPressConfig", "headings_from_config", "languages_from_config", "session_for"]
