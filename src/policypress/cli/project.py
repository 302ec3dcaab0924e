"""The site a command works on: its ``mkdocs.yml``, read once, and what policypress needs of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policypress.core.errors import ContentErrors, PolicyPressError
from policypress.core.languages import Languages
from policypress.core.layout import POLICY_FILE, discover
from policypress.core.loader import Site, load_policy, load_site
from policypress.core.model import Policy
from policypress.core.parity import Term, load_glossary
from policypress.core.publication import Deployed
from policypress.core.schedule import AsOf

if TYPE_CHECKING:  # MkDocs is imported when a command reads a site, not when the parser is built
    from mkdocs.config.defaults import MkDocsConfig

    from policypress.session import Session


class UsageError(PolicyPressError):
    """A command was given something it cannot work with."""


class ConfigRefused(UsageError):
    """MkDocs refused the configuration (under ``strict``, any warning about it)."""


def shown(path: Path) -> str:
    """``path`` as a user wants to read it: relative to where they are, when it is below."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def config_file(name: str) -> Path:
    """The site's ``mkdocs.yml``, resolved; a clear error when it is not there."""
    path = Path(name).resolve()
    if not path.is_file():
        raise UsageError(f"{name}: no such file; run policypress in the site's folder or pass -f mkdocs.yml")
    return path


def load_mkdocs_config(path: Path, **overrides: Any) -> MkDocsConfig:
    """MkDocs' configuration of the site (its errors as :class:`UsageError`)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise UsageError(f"{path.name}: {exc}") from None
    except Abort as exc:  # strict: warnings about the configuration
        raise ConfigRefused(str(exc)) from None


@dataclass(frozen=True)
class Project:
    """A site as the commands see it: where it is and what its ``mkdocs.yml`` says."""

    config_file: Path
    config: MkDocsConfig
    root: Path
    docs_dir: Path
    languages: Languages
    locales_dir: Path | None
    """The site's own gettext catalogs, when it has them."""

    @classmethod
    def open(cls, name: str, **overrides: Any) -> Project:
        """The site of the config file ``name`` (``overrides`` go to MkDocs, e.g. ``site_dir``)."""
        from policypress.adapters.mkdocs.config import PolicyPressConfig, languages_from_config, options_of

        path = config_file(name)
        config = load_mkdocs_config(path, **overrides)
        options = options_of(config) or PolicyPressConfig()
        locales = path.parent / options.locales_dir
        return cls(path, config, path.parent, Path(config.docs_dir), languages_from_config(config), locales if locales.is_dir() else None)

    def session(
        self, *, as_of: AsOf, preview: bool = False, site_url: str | None = None, deployed: Deployed | None = None, strict: bool = False
    ) -> Session:
        """A session for this site, as of ``as_of``."""
        from policypress.adapters.mkdocs.config import session_for

        return session_for(self.config, as_of=as_of, preview=preview, site_url=site_url, deployed=deployed, strict=strict)

    def refuse_unsafe_setup(self) -> None:
        """Refuse a configuration a build would refuse, or one that would publish the policies raw.

        Without the plugin MkDocs copies ``policy.yml``, ``versions.lock`` and
        every version file into the site as they are; a ``site_dir`` or
        staging folder that is or holds the project would be emptied.
        """
        from policypress.adapters.mkdocs.config import check_folders, uses_plugin

        if not uses_plugin(self.config):
            if discover(self.docs_dir):
                raise UsageError(
                    f"{self.config_file.name} does not use the policypress plugin: MkDocs would publish the policies under "
                    f"{shown(self.docs_dir)}/ as raw YAML, without their pages; add `- policypress` to its plugins"
                )
            return
        check_folders(self.config)

    def glossary(self) -> tuple[Term, ...]:
        """The site's glossary of names (laws, institutions); its errors are those of ``check``."""
        terms, _problems = load_glossary(self.docs_dir, self.languages.codes)
        return terms

    def load(self) -> Site:
        """Every policy, loaded (raises every content error at once); locks and parity are not checked."""
        return load_site(self.docs_dir, self.languages, self.root)

    def policy(self, policy_id: str) -> Policy:
        """One policy, loaded and checked; errors in other policies do not matter here."""
        known = [path.relative_to(self.docs_dir).as_posix() for path in discover(self.docs_dir)]
        if policy_id not in known:
            listed = f"; policies: {', '.join(known)}" if known else f"; no folder there has a {POLICY_FILE}"
            raise UsageError(f'no policy "{policy_id}" in {shown(self.docs_dir)}{listed}')
        policy, problems = load_policy(self.docs_dir / policy_id, self.docs_dir, self.languages)
        if policy is None or any(problem.severity == "error" for problem in problems):
            raise ContentErrors(problems, self.root)
        return policy
