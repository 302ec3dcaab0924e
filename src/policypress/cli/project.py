"""The site a command works on: its ``mkdocs.yml``, read once, and what policypress needs of it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from policypress.core.errors import ContentErrors, PolicyPressError
from policypress.core.languages import Languages
from policypress.core.layout import POLICY_FILE, discover
from policypress.core.loader import Site, load_policy, load_site
from policypress.core.model import Policy
from policypress.core.parity import Term, load_glossary
from policypress.core.publication import Deployed
from policypress.core.schedule import AsOf
from policypress.cli.settings import STAGING_DIR, SiteSettings, read_settings
from policypress.render.templating import HeadingStyle

if TYPE_CHECKING:
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


@dataclass(frozen=True)
class Project:
    """A site as the commands see it: where it is and what its ``mkdocs.yml`` says, read as data.

    Only ``policypress build``, which runs MkDocs, loads the configuration
    through MkDocs (:func:`policypress.cli.building.load_mkdocs_config`); every
    other command reads the settings it needs without importing MkDocs
    (:mod:`policypress.cli.settings`).
    """

    config_file: Path
    settings: SiteSettings

    @property
    def root(self) -> Path:
        return self.settings.root

    @property
    def docs_dir(self) -> Path:
        return self.settings.docs_dir

    @property
    def languages(self) -> Languages:
        return self.settings.languages

    @property
    def locales_dir(self) -> Path | None:
        """The site's own gettext catalogs, when it has them."""
        return self.settings.locales_dir

    @classmethod
    def open(cls, name: str, environ: Mapping[str, str] | None = None) -> Project:
        """The site of the config file ``name``, its settings read as data (``!ENV`` from ``environ``, else its defaults)."""
        path = config_file(name)
        return cls(path, read_settings(path, environ))

    def session(
        self, *, as_of: AsOf, preview: bool = False, site_url: str | None = None, deployed: Deployed | None = None,
        strict: bool = False, headings: bool = False,
    ) -> Session:  # fmt: skip
        """A session for this site, as of ``as_of``, from its settings read as data.

        ``headings``: the site's heading style (its ``toc`` options), for a
        session that renders pages; a command that only validates leaves the
        default, and a slugify policypress cannot read is never its error.
        """
        from policypress.session import Session

        settings = self.settings
        return Session(
            settings.root, docs_dir=settings.docs_dir, languages=settings.languages, as_of=as_of, preview=preview,
            site_url=site_url or settings.site_url, site_locales=settings.locales_dir,
            headings=settings.headings() if headings else HeadingStyle(), cache_dir=settings.cache_dir,
            deployed=deployed, strict=strict,
        )  # fmt: skip

    def refuse_unsafe_setup(self) -> None:
        """Refuse a configuration a build would refuse, or one that would publish the policies raw.

        Without the plugin MkDocs copies ``policy.yml``, ``versions.lock`` and
        every version file into the site as they are; a ``site_dir`` or
        staging folder that is or holds the project would be emptied.
        """
        from policypress.outputs.staging import check_site_folders

        settings = self.settings
        if not settings.uses_plugin:
            if discover(self.docs_dir):
                raise UsageError(
                    f"{self.config_file.name} does not use the policypress plugin: MkDocs would publish the policies under "
                    f"{shown(self.docs_dir)}/ as raw YAML, without their pages; add `- policypress` to its plugins"
                )
            return
        check_site_folders(settings.protected(), settings.site_dir or self.root / "site", settings.staging_dir or self.root / STAGING_DIR, self.root / ".cache")

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
