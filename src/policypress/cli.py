"""The ``policypress`` command: a thin layer over the core.

Each command is a plain function taking parsed arguments and returning an exit
code. One handler at the top turns any :class:`PolicyPressError` into
``error: …`` and exit status 1 (``--debug`` re-raises for a traceback).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Callable, Sequence

from .errors import ContentErrors, PolicyPressError
from .languages import Languages
from .loader import Site, load_site
from .schedule import AS_OF_ENV, parse_as_of
from .site import PREVIEW_ENV


class UsageError(PolicyPressError):
    """A command was given something it cannot work with."""


def _project(args: argparse.Namespace) -> tuple[Path, Path]:
    config_file = Path(args.config_file).resolve()
    if not config_file.is_file():
        raise UsageError(f"{args.config_file}: no such file; run policypress in the site's folder or pass -f mkdocs.yml")
    return config_file, config_file.parent


def _load_mkdocs_config(config_file: Path, **overrides: object):  # type: ignore[no-untyped-def]
    # Imported here: commands that never touch MkDocs stay fast and MkDocs-free.
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(config_file), **overrides)
    except ConfigurationError as exc:
        raise UsageError(f"{config_file.name}: {exc}") from None


def site_languages(config_file: Path) -> Languages:
    """The languages a site declares in its ``mkdocs.yml``."""
    from .mkdocs_plugin import _languages

    return _languages(_load_mkdocs_config(config_file))


def _load(args: argparse.Namespace) -> tuple[Site, Path]:
    config_file, root = _project(args)
    config = _load_mkdocs_config(config_file)
    from .mkdocs_plugin import _languages

    return load_site(Path(config.docs_dir), _languages(config), root), root


# -- commands -------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every policy without building; print all errors with file:line."""
    try:
        site, _root = _load(args)
    except ContentErrors as exc:
        for error in exc.errors:
            if args.format == "github":
                loc = error.location
                path = loc.path
                try:
                    path = path.relative_to(exc.root) if exc.root else path
                except ValueError:
                    pass
                print(f"::error file={path.as_posix()},line={loc.line},col={loc.column}::{error.message}")
            else:
                print(error.display(exc.root), file=sys.stderr)
        count = len(exc.errors)
        print(f"{count} {'error' if count == 1 else 'errors'}", file=sys.stderr)
        return 1
    versions = sum(len(policy.versions) for policy in site.policies)
    print(f"ok: {len(site.policies)} {'policy' if len(site.policies) == 1 else 'policies'}, {versions} versions")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into a temporary folder and replace ``site/`` only on success."""
    config_file, root = _project(args)
    if args.preview:
        os.environ[PREVIEW_ENV] = "1"
    if args.as_of:
        parse_as_of(args.as_of)  # fail early with a clear message
        os.environ[AS_OF_ENV] = args.as_of
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = _load_mkdocs_config(config_file)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else Path(config.site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        build_into(config_file, staging)
        replace_dir(site_dir, staging)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print(f"Built {site_dir.relative_to(root) if site_dir.is_relative_to(root) else site_dir}: open {site_dir / 'index.html'}")
    return 0


def build_into(config_file: Path, site_dir: Path) -> None:
    """Run MkDocs' build of ``config_file`` into ``site_dir``; content errors become :class:`ContentErrors`."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, PluginError

    config = _load_mkdocs_config(config_file, site_dir=str(site_dir))
    try:
        build(config)
    except PluginError as exc:
        raise PolicyPressError(str(exc)) from None
    except Abort as exc:
        raise PolicyPressError(str(exc)) from None


def replace_dir(target: Path, new: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames, so readers never see a half site."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# -- entry point ----------------------------------------------------------------


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policypress",
        description="Publish bilingual, versioned policies with diffs, history and automatic notice of changes.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback instead of a one-line error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func: Callable[[argparse.Namespace], int], help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
        p.set_defaults(func=func)
        return p

    p = command("check", cmd_check, "validate every policy without building; exit 1 on any error")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: GitHub Actions annotations")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    p = command("build", cmd_build, "build the site atomically: site/ is replaced only when the build succeeds")
    p.add_argument("--preview", action="store_true", help="preview build: scheduled versions shown, ribbon, noindex")
    p.add_argument("--as-of", metavar="WHEN", help="build the site as of a date (YYYY-MM-DD) or ISO instant")
    p.add_argument("-d", "--site-dir", help="output folder (default: the site_dir of mkdocs.yml)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (PolicyPressError, ValueError, OSError) as exc:
        if args.debug:
            raise
        message = str(exc)
        print(f"error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
