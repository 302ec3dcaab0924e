"""The commands that build: ``build`` (MkDocs, atomically), ``generate`` (a docs folder for any generator), ``report``.

``build`` validates first, through the same :class:`~policypress.session.Session`
it then hands to the plugin, so every content error is printed plainly and
nothing is written; MkDocs then builds into a new folder that replaces the
output folder only when the build succeeded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from policypress.cli.output import plural, print_problem
from policypress.cli.project import ConfigRefused, Project, UsageError, config_file as config_file_path, shown
from policypress.core.errors import PolicyPressError
from policypress.core.processes import stop_all
from policypress.core.layout import discover
from policypress.core.publication import Deployed, read_deployed
from policypress.core.schedule import AsOf
from policypress.core.escaping import for_terminal
from policypress.outputs.outdir import Interrupted, check_target, new_folder_for, replace_dir, stop_on_signals
from policypress.session import Session

if TYPE_CHECKING:  # MkDocs is imported by build, the one command that runs it
    from mkdocs.config.defaults import MkDocsConfig


WITHHELD = 3
"""Exit status of a build that published the site without some versions (each named, with its problems)."""


def build(
    config_file: str,
    *,
    site_dir: str | None,
    as_of: AsOf,
    preview: bool,
    site_url: str | None,
    strict: bool = False,
    deployed: Path | None = None,
) -> int:
    """Build the site into a temporary folder and replace the output folder only on success.

    A version readers have not been shown yet whose own files have problems
    (a forgotten lock, too little notice counted from ``deployed``) is
    withheld: the rest of the site is built and published, and the exit
    status is :data:`WITHHELD`, naming each version and its fix. Any other
    problem builds nothing.
    """
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # MkDocs' own notice about 2.0, which we pin below
    from policypress.adapters.mkdocs.config import session_for

    project = Project.open(config_file, os.environ)
    try:
        config = load_mkdocs_config(project.config_file, strict=strict)
    except ConfigRefused as exc:
        print(for_terminal(f"error: {exc}; {shown(Path(site_dir)) if site_dir else 'site'}/ was left as it was"), file=sys.stderr)
        return 1
    project.refuse_unsafe_setup()
    evidence = read_deployed(deployed) if deployed is not None else None
    # The session MkDocs' plugin will build with: its settings as MkDocs reads them, since MkDocs runs.
    session = session_for(config, as_of=as_of, preview=preview, site_url=site_url, deployed=evidence, strict=strict)
    checked = session.validate()
    plan = checked.plan(strict)
    for problem in checked.problems if strict else checked.errors:
        print_problem(problem, project.root, "text")
    if plan.fatal:
        counts = [plural(len(checked.errors), "error")] if checked.errors else []
        if strict and checked.warnings:
            counts.append(f"{plural(len(checked.warnings), 'warning')} (--strict)")
        print(f"{', '.join(counts)}; site/ was left as it was", file=sys.stderr)
        return 1
    target = Path(site_dir).resolve() if site_dir else Path(config.site_dir).resolve()

    def fill(staging: Path) -> None:
        config.site_dir = str(staging)
        run_mkdocs(config, session)

    failed = replace_atomically(project, target, fill)
    if failed:
        return failed
    where = shown(target)
    if plan.withheld:
        for (policy_id, slug), problems in sorted(plan.withheld.items()):
            print(
                for_terminal(
                    f"withheld: {policy_id} {slug} is announced nowhere and counted nowhere until its "
                    f"{plural(len(problems), 'problem')} above {'is' if len(problems) == 1 else 'are'} fixed"
                ),
                file=sys.stderr,
            )
        print(f"Built {where}/ without {plural(len(plan.withheld), 'version')}; every other version is published", file=sys.stderr)
        return WITHHELD
    # Pages link to folders (privacy/), which a browser reading files does not resolve: serve the folder.
    # Served as built: the site shows the day it was built for (`mkdocs serve` would build again, for today).
    print(f"Built {where}/; to read it: `python3 -m http.server -d {where}`, then open http://localhost:8000/")
    return 0


def load_mkdocs_config(path: Path, **overrides: Any) -> MkDocsConfig:
    """MkDocs' configuration of the site (its errors as :class:`UsageError`): read only by the command that runs MkDocs."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    try:
        return load_config(str(path), **overrides)
    except ConfigurationError as exc:
        raise UsageError(f"{path.name}: {exc}") from None
    except Abort as exc:  # strict: warnings about the configuration
        raise ConfigRefused(str(exc)) from None


def replace_atomically(project: Project, target: Path, fill: Callable[[Path], object]) -> int:
    """Fill a new folder beside ``target`` and put it in place only if that succeeds; 0, or the exit status.

    The target is checked first (never the project, nor a folder policypress
    did not write); a signal or an error leaves it as it was, and says so.
    """
    check_target(target, protected_folders(project))
    with stop_on_signals():
        try:
            with new_folder_for(target) as staging:
                fill(staging)
                replace_dir(target, staging)
        except Interrupted as exc:
            print(f"error: {exc}; {shown(target)}/ was left as it was", file=sys.stderr)
            return 128 + exc.signum
        except PolicyPressError as exc:
            print(for_terminal(f"error: {exc}; {shown(target)}/ was left as it was"), file=sys.stderr)
            return 1
    return 0


def protected_folders(project: Project) -> dict[str, Path]:
    """The folders no output folder may be, hold or lie in (named for the error message)."""
    return {**project.settings.protected(), "policypress's cache": project.root / ".cache"}


def run_mkdocs(config: MkDocsConfig, session: Session) -> None:
    """MkDocs' build of ``config`` with ``session``; failures become :class:`PolicyPressError`.

    Run as ``mkdocs build`` runs it: ``on_startup`` first and ``on_shutdown``
    last (which stops the session's helper processes), with any warning
    fatal under the config's ``strict``.
    """
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.exceptions import Abort, PluginError

    from policypress.adapters.mkdocs.plugin import PolicyPressPlugin

    plugin = config.plugins.get("policypress")
    if isinstance(plugin, PolicyPressPlugin):
        plugin.adopt(session)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except (PluginError, Abort) as exc:
        raise PolicyPressError(str(exc)) from None
    except BaseException:
        stop_all()  # interrupted: helpers stop now rather than finish their batches
        raise
    finally:
        config.plugins.on_shutdown()
        session.close()


GENERATORS = ("mkdocs", "zensical")
"""What ``generate --for`` writes: a docs folder (any generator with mkdocs-static-i18n's layout), or a whole Zensical project."""


def generate(project: Project, out: Path, *, as_of: AsOf, preview: bool, site_url: str | None, for_: str = "mkdocs") -> int:
    """Write the site's docs folder, generated pages included, for a generator that runs no policypress plugin.

    ``for_="zensical"``: a Zensical project (:func:`policypress.frontends.generate.write_zensical_project`),
    its ``mkdocs.yml`` made from the site's own (:func:`zensical_config`).
    """
    from policypress.frontends.generate import write_docs, write_zensical_project

    session = project.session(as_of=as_of, preview=preview, site_url=site_url, headings=True)
    checked = session.validate()
    for problem in checked.problems:
        print_problem(problem, project.root, "text")
    if not checked.ok:
        print(f"{plural(len(checked.errors), 'error')}; {shown(out)}/ was left as it was", file=sys.stderr)
        return 1
    rendered = session.render()
    target = out.resolve()
    written: list[int] = []
    if for_ == "zensical":
        config = zensical_config(project, target, session.site_url)

        def fill(staging: Path) -> None:
            written.append(write_zensical_project(rendered, staging, config, session.site_url))
    else:

        def fill(staging: Path) -> None:
            written.append(write_docs(rendered, staging))

    try:
        failed = replace_atomically(project, target, fill)
    finally:
        session.close()
    if failed:
        return failed
    count = written[0]
    if for_ == "zensical":
        print(f"Wrote {count} files into {shown(target)}/: build it with `zensical-i18n build --clean -f {shown(target / 'mkdocs.yml')}`")
    else:
        print(f"Wrote {count} files into {shown(target)}/: build it with docs_dir: {shown(target)} and no policypress plugin")
    return 0


def zensical_config(project: Project, target: Path, site_url: str | None) -> str:
    """The site's ``mkdocs.yml`` for Zensical, as data: its own settings, nav and languages, built from the project
    ``generate`` writes (``docs/``, ``overrides/``), with policypress's stylesheet and script and no plugin of ours.

    Zensical reads ``mkdocs.yml`` itself and has no plugins: ``policypress`` (whose pages are in ``docs/``) and
    ``hooks`` (code it does not run) are left out; ``theme.variant: classic`` keeps Material's look. The
    theme's ``custom_dir`` is generate's own (the frame of every page): a site's overrides are written for
    MkDocs' Jinja, which Zensical does not run (README: "Zensical").
    """
    from policypress.cli.settings import dump_config, read_config
    from policypress.core.urls import SCRIPTS, STYLESHEETS

    config = read_config(project.config_file, os.environ)
    plugins = config.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{name: options} for name, options in plugins.items()]
    config["plugins"] = [item for item in plugins if item != "policypress" and not (isinstance(item, dict) and "policypress" in item)]
    config.pop("hooks", None)
    config["docs_dir"], config["site_dir"] = "docs", "site"
    if site_url:
        config["site_url"] = site_url
    written = config.get("theme")
    theme: dict[str, Any] = dict(written) if isinstance(written, dict) else {"name": written or "material"}
    config["theme"] = {**theme, "custom_dir": "overrides", "variant": "classic"}
    for key, ours in (("extra_css", STYLESHEETS), ("extra_javascript", SCRIPTS)):
        theirs = config.get(key) or []
        config[key] = [*ours, *(theirs if isinstance(theirs, list) else [theirs])]
    config.pop("watch", None)
    return "# Written by `policypress generate --for zensical` from " + project.config_file.name + "; build with zensical-i18n.\n" + dump_config(config)


def report(
    config_file: str,
    base: str,
    *,
    as_of: AsOf,
    output: str | None,
    comment: str | None = None,
    full_url: str | None = None,
    deployed: Path | None = None,
) -> int:
    """Write the review report of the checkout of ``config_file`` against a base checkout; exit 1 if not publishable.

    Both sites are read as data (:mod:`policypress.cli.settings`), never
    through MkDocs, which would run what their ``mkdocs.yml`` names: the
    report is the judge of a pull request, run with the base branch's code,
    and must not run the pull request's. Diffs are kept in memory only: a
    cache in a checkout is the checkout's.
    """
    import tempfile

    from policypress.cli.settings import SiteSettings, read_settings
    from policypress.frontends.report import Files, build_report

    head_settings = read_settings(config_file_path(config_file))
    base_root = Path(base).resolve()
    base_config = base_root / head_settings.config_file.name
    if not base_config.is_file():
        raise UsageError(f"{base}: no {base_config.name} there; pass a checkout of the base branch")
    base_settings = read_settings(base_config)
    evidence = read_deployed(deployed) if deployed is not None else None

    def session(settings: SiteSettings, cache: Path, deployed: Deployed | None = None) -> Session:
        return Session(
            settings.root, docs_dir=settings.docs_dir, languages=settings.languages, as_of=as_of,
            site_locales=settings.locales_dir, cache_dir=cache, deployed=deployed, strict=True,
        )  # fmt: skip

    def files(settings: SiteSettings) -> Files:
        presentation = (*settings.presentation, *((settings.locales_dir,) if settings.locales_dir else ()))
        return Files(settings.root, settings.docs_dir, presentation)

    with tempfile.TemporaryDirectory(prefix="policypress-report-") as scratch:
        head_session = session(head_settings, Path(scratch) / "head", evidence)
        base_session = session(base_settings, Path(scratch) / "base")
        setup = []
        if not head_settings.uses_plugin and discover(head_settings.docs_dir):
            setup.append(f"{head_settings.config_file.name} does not use the policypress plugin: MkDocs would publish the policies as raw YAML")
        result = build_report(
            head_session, base_session, as_of=as_of, head_files=files(head_settings), base_files=files(base_settings), setup=setup
        )
        head_session.close()
        base_session.close()
    if output:
        Path(output).write_text(result.markdown, encoding="utf-8")
    else:
        print(result.markdown)
    if comment:
        Path(comment).write_text(result.comment(full_url=full_url), encoding="utf-8")
    return 0 if result.publishable else 1


__all__ = ["GENERATORS", "build", "generate", "protected_folders", "replace_atomically", "report", "run_mkdocs", "zensical_config"]
