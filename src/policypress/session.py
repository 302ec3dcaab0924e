"""A build session: the core's one entry point, for every front end.

Every front end (the MkDocs plugin, ``policypress build``, ``policypress
generate``, the commands that read a site) does the same three steps::

    session = Session(root, languages=..., as_of=..., preview=False, site_url=...)
    checked = session.validate()   # load, rules, locks, parity: every problem, nothing written
    rendered = session.render()    # pages, exports, assets: still nothing written

and then writes the result its own way (a staging folder for MkDocs, a docs
folder for any generator). Everything a build depends on is an argument:
this module reads no environment variable and imports no MkDocs; the front
ends read those. What is expensive belongs to the session: the validation and
the rendered pages (for one moment), the diffs and Kiwi's analyses (for as
long as the session lives, and on disk between sessions). A front end that
keeps its session (``mkdocs serve``) calls :meth:`Session.refresh` before
each rebuild and keeps the diffs of everything that did not change.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator

from policypress.core import urls
from policypress.core.errors import ContentError, ContentErrors
from policypress.core.languages import Languages
from policypress.core.layout import foreign
from policypress.core.loader import LoadedFiles
from policypress.core.schedule import AsOf
from policypress.core.publication import Deployed
from policypress.core.validation import Validation, VersionKey, validate
from policypress.diff.cache import DiffCache
from policypress.diff.service import DiffService
from policypress.outputs.exports import outputs
from policypress.outputs.kiwi import PROCESS_ANALYSES, KiwiAnalyser
from policypress.package_data import ASSETS
from policypress.render.context import BuildContext, BuildOptions
from policypress.render.frame import Frame
from policypress.render.i18n import catalog_problems
from policypress.render.pages import render_pages
from policypress.render.templating import GeneratedPage, HeadingStyle

DIFF_CACHE = "diffs.json"
"""The diffs of earlier builds, in the session's cache folder (see :mod:`policypress.diff.cache`)."""
KIWI_CACHE = "kiwi-morphemes.json"
"""Kiwi's analyses of earlier builds, in the session's cache folder (see :mod:`policypress.outputs.kiwi`)."""
ASSETS_PREFIX, STYLESHEETS, SCRIPTS = urls.ASSETS_PREFIX, urls.STYLESHEETS, urls.SCRIPTS


@dataclass(frozen=True)
class Rendered:
    """Everything policypress adds to a site, before anything is written."""

    context: BuildContext
    pages: dict[str, GeneratedPage]
    """The generated pages, by the source name a docs folder gives them (``privacy/index.ko.md``)."""
    files: dict[str, bytes]
    """Feeds, calendar, policies.json, notices (and a preview's robots.txt), by path in the built site."""
    assets: dict[str, bytes]
    """policypress's stylesheet and script, by path in the site (:data:`STYLESHEETS`, :data:`SCRIPTS`)."""
    copies: dict[str, Path]
    """The hand-written files under docs/ that are published (name → path); content YAML never is."""
    warnings: list[ContentError]
    """Parity warnings: printed by every build, fatal under ``--strict``."""
    frame: Frame
    """Head tags, banner and ribbon for each page."""
    withheld: dict[VersionKey, list[ContentError]] = field(default_factory=dict)
    """Versions left out of this build, each with its problems (see :meth:`Validation.plan`)."""
    policy_ids: frozenset[str] = frozenset()
    """Every policy of the site, those whose every version is withheld or not announced yet included."""

    def searchable_html(self, code: str) -> Iterator[str]:
        """The HTML of the generated pages in language ``code`` that its search index will hold, one at a time."""
        return (page.html for page in self.pages.values() if page.language == code and page.searchable)

    def summary(self) -> str:
        """One line for a build log: the moment shown and each policy's state."""
        options = self.context.options
        parts = []
        for policy_id, schedule in self.context.schedules.items():
            current = schedule.current.slug if schedule.current else "none"
            upcoming = ", ".join(v.slug for v in schedule.upcoming) or "none"
            parts.append(f"{policy_id}: in force {current}, upcoming {upcoming}")
        mode = "preview" if options.preview else "site"
        return f"policypress {mode} as of {options.as_of.isoformat()}: " + "; ".join(parts)


class Session:
    """One site, for one moment and mode, validated and rendered at most once per :meth:`refresh`."""

    def __init__(
        self,
        root: Path,
        *,
        languages: Languages,
        as_of: AsOf,
        preview: bool = False,
        site_url: str | None = None,
        docs_dir: Path | None = None,
        site_locales: Path | None = None,
        headings: HeadingStyle = HeadingStyle(),
        cache_dir: Path | None = None,
        deployed: Deployed | None = None,
        strict: bool = False,
    ) -> None:
        self.root = root
        self.docs_dir = docs_dir if docs_dir is not None else root / "docs"
        self.languages = languages
        self.site_url = site_url or None
        """The site's address (feeds, calendar and policies.json need absolute links), when it has one."""
        self.options = BuildOptions(
            as_of=as_of,
            preview=preview,
            site_locales=site_locales if site_locales is not None and site_locales.is_dir() else None,
            headings=headings,
        )
        self.deployed = deployed
        """What the public site shows now: notice counts from there (see :mod:`policypress.core.publication`)."""
        self.strict = strict
        """Whether warnings count as errors: a new version with one is withheld, any other stops the build."""
        self.cache_dir = cache_dir if cache_dir is not None else root / ".cache" / "policypress"
        self._korean: KiwiAnalyser | None = None
        self._validation: tuple[str, Validation] | None = None
        self._loaded = LoadedFiles()
        """Each policy file's reading by the last validation: after an edit, only the edited file is read again."""
        self._rendered: Rendered | None = None

    @functools.cached_property
    def diffs(self) -> DiffService:
        """The diffs of this session, with those of earlier builds read from the cache folder when first asked.

        (Made when first asked: a session made only to compare its settings, as
        ``mkdocs serve`` does on every rebuild, reads no cache.)
        """
        return DiffService(DiffCache(self.cache_dir / DIFF_CACHE))

    # -- the three steps ---------------------------------------------------------------

    def validate(self) -> Validation:
        """Load and check everything: the one place that loads, checks rules, locks and parity.

        Never raises for bad content: the result lists every problem. Asked
        again, it checks again only if a file under docs/ changed.
        """
        locales = self.options.site_locales
        fingerprint = _fingerprint(self.docs_dir) + (_fingerprint(locales) if locales is not None else "")
        if self._validation is None or self._validation[0] != fingerprint:
            checked = validate(
                docs_dir=self.docs_dir, languages=self.languages, as_of=self.options.as_of, deployed=self.deployed, loaded=self._loaded
            )
            # The site's catalogs reword what every page says (the notice among it): checked with the content.
            found = catalog_problems(locales, self.languages.codes)
            if found:
                checked = replace(checked, problems=sorted({*checked.problems, *found}, key=ContentError.sort_key))
            self._validation = (fingerprint, checked)
            self._rendered = None
        return self._validation[1]

    def context(self) -> BuildContext:
        """The facts of this build (schedules, versions shown, renderers, the diff service).

        Raises :class:`~policypress.core.errors.ContentErrors` with every
        problem that stops the build: nothing is built from a site that does
        not validate. Versions with problems of their own that readers have
        not been shown yet are left out instead (:meth:`Validation.plan`).
        """
        return self._context(self._checked())

    def _checked(self) -> Validation:
        """This build's validation: the one ``validate`` made, else a new one (the files are read once a build)."""
        return self._validation[1] if self._validation is not None else self.validate()

    def _context(self, checked: Validation) -> BuildContext:
        plan = checked.plan(self.strict)
        if not plan.ok:
            raise ContentErrors(plan.fatal, self.root)
        if self._rendered is not None:
            return self._rendered.context
        return BuildContext(checked.buildable(self.strict), self.options, self.diffs, first_published=checked.first_published())

    def render(self) -> Rendered:
        """Every generated page and file, with the assets and hand-written files they go with.

        Raises :class:`~policypress.core.errors.ContentErrors` before anything
        is written. Exports are computed here too, so a problem in one (a
        feed, the calendar) can never leave a half-written site. Rendered once
        until :meth:`refresh`, or until :meth:`validate` finds a file changed.
        """
        if self._rendered is not None:
            return self._rendered  # (front ends ask for every page: no file is read again)
        checked = self._checked()
        context = self._context(checked)
        pages = render_pages(context)
        self.diffs.save()
        assets = {path: (ASSETS / Path(path).name).read_bytes() for path in (*STYLESHEETS, *SCRIPTS)}
        files = outputs(context, self.site_url or "")
        withheld = checked.plan(self.strict).withheld
        # A withheld version is reported as such, its warnings with it: none of them is the site's.
        held = {path for path, key in checked.new_versions.items() if key in withheld}
        warnings = [warning for warning in checked.warnings if warning.location.path not in held]
        policy_ids = frozenset(policy.id for policy in checked.site.policies)
        self._rendered = Rendered(context, pages, files, assets, dict(checked.handwritten), warnings, Frame(context), withheld, policy_ids)
        return self._rendered

    # -- a session that lives on ----------------------------------------------------------

    @property
    def korean(self) -> KiwiAnalyser:
        """Kiwi's analyser of Korean text, with its cache file and helper process (made when first asked).

        It shares with every session of this process what Kiwi said of each line
        (:data:`~policypress.outputs.kiwi.PROCESS_ANALYSES`): a second build in one
        process starts Kiwi only for lines no build of it analysed.
        """
        if self._korean is None:
            self._korean = KiwiAnalyser(self.cache_dir / KIWI_CACHE, shared=PROCESS_ANALYSES)
        return self._korean

    def refresh(self, *, as_of: AsOf | None = None) -> None:
        """Start a new build of the same site: validate and render again, keep the diffs and analyses.

        ``as_of`` moves the moment shown (``mkdocs serve`` shows "now" at each rebuild).
        """
        if as_of is not None and as_of != self.options.as_of:
            self.options = replace(self.options, as_of=as_of)
        self._validation = None
        self._rendered = None

    def close(self) -> None:
        """Stop every helper process and keep what the next session can reuse on disk."""
        if "diffs" in self.__dict__:  # (made, see diffs)
            self.diffs.close()
        if self._korean is not None:
            self._korean.close()


def _fingerprint(folder: Path) -> str:
    """The names and bytes of every file under ``folder`` (modification times could miss a quick edit).

    What validation refuses to read (a link out of the project, a pipe) is
    named, never read.
    """
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            if foreign(path, folder) is not None:
                digest.update(b"<refused>")
            else:
                digest.update(path.read_bytes() if path.is_file() else b"<dir>")
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


__all__ = ["Rendered", "Session"]
