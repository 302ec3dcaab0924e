"""The ``policypress`` command: its parser, and one handler that turns errors into ``error: …``.

Each command is a plain function of :mod:`policypress.cli.commands` or
:mod:`policypress.cli.building` with explicit arguments; this module only
reads the command line and the environment (:mod:`policypress.cli.environment`)
and calls it. Any :class:`PolicyPressError` becomes ``error: …`` and exit
status 1 (``--debug`` re-raises for a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Callable, Sequence

from policypress import __version__
from policypress.cli import building, commands, environment
from policypress.cli.environment import AS_OF_ENV
from policypress.cli.output import show_mkdocs_log
from policypress.cli.project import Project, config_file
from policypress.authoring.scaffold import KINDS
from policypress.core.errors import PolicyPressError
from policypress.core.escaping import for_terminal

Handler = Callable[[argparse.Namespace], int]


def _date(text: str) -> dt.date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _as_of(args: argparse.Namespace) -> dt.date | dt.datetime:
    return environment.as_of(getattr(args, "as_of", None))


def _project(args: argparse.Namespace) -> Project:
    return Project.open(args.config_file, os.environ)  # (the user's own site: its !ENV settings read as MkDocs would)


def _colour() -> bool:
    # https://no-color.org: any value of NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


HANDLERS: dict[str, Handler] = {
    "check": lambda a: commands.check(
        _project(a), as_of=_as_of(a), strict=a.strict, form=a.format, deployed=Path(a.deployed) if a.deployed else None,
        coverage=a.coverage,
    ),
    "build": lambda a: building.build(
        a.config_file,
        site_dir=a.site_dir,
        as_of=_as_of(a),
        preview=environment.preview(a.preview),
        site_url=environment.site_url(),
        strict=a.strict,
        deployed=Path(a.deployed) if a.deployed else None,
    ),
    "generate": lambda a: building.generate(
        _project(a), Path(a.output), as_of=_as_of(a), preview=environment.preview(a.preview), site_url=environment.site_url(),
        for_=a.for_,
    ),
    "new-version": lambda a: commands.new_version(
        _project(a), a.policy, effective=a.effective, announced=a.announce, adverse=a.adverse, as_of=_as_of(a)
    ),
    "diff": lambda a: commands.diff(_project(a), a.policy, a.old, a.new, lang=a.lang, form=a.format, colour=_colour()),
    "schedule": lambda a: commands.schedule(_project(a), as_of=_as_of(a)),
    "schema": lambda a: commands.schema(Path(a.output) if a.output else config_file(a.config_file).parent / "schemas"),
    "lock": lambda a: commands.lock(
        _project(a), as_of=_as_of(a), erratum=a.erratum, erratum_in=a.erratum_in or [], policy_id=a.policy,
        version=a.version, reviewed=a.reviewed or [], restore_errata=a.restore_errata,
        deployed=Path(a.deployed) if a.deployed else None,
    ),
    "report": lambda a: building.report(
        a.config_file, a.base, as_of=_as_of(a), output=a.output, comment=a.comment, full_url=a.full_url,
        deployed=Path(a.deployed) if a.deployed else None,
    ),
    "notice": lambda a: commands.notice(
        _project(a), a.policy, a.version, lang=a.lang, form=a.format, as_of=_as_of(a), site_url=environment.site_url()
    ),
    "init": lambda a: commands.init(
        Path(a.directory), as_of=_as_of(a), kind=a.kind, owner_ko=a.name_ko, owner_en=a.name_en, site_url=a.site_url
    ),
    "new-policy": lambda a: commands.new_policy(_project(a), a.policy, kind=a.kind, as_of=_as_of(a)),
}


def make_parser() -> argparse.ArgumentParser:
    """The parser of every command; a new command is one ``command(...)`` call, its options and a handler."""
    parser = argparse.ArgumentParser(
        prog="policypress",
        description="Publish bilingual, versioned policies with diffs, history and automatic notice of changes.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback instead of a one-line error")
    parser.add_argument("--version", action="version", version=f"policypress {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str, *, site: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if site:
            p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
        # Accepted after the command too; SUPPRESS keeps the top-level value when absent.
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.set_defaults(func=HANDLERS[name])
        return p

    def deployed_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--deployed", metavar="PATH",
            help="the policies.json of the site as deployed now (or its folder, e.g. a checkout of gh-pages): notice "
            "counts from the day the public site first showed each version",
        )  # fmt: skip

    def as_of_option(p: argparse.ArgumentParser, what: str = "as of") -> None:
        p.add_argument("--as-of", metavar="WHEN", help=f"{what} a date (YYYY-MM-DD) or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("check", "validate every policy without building; exit 1 on any error")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: GitHub Actions annotations")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--coverage", action="store_true", help="print what the newest version covers of the items the law requires (policy.yml: kind)")
    deployed_option(p)
    as_of_option(p, "check as of")

    p = command("build", "build the site atomically: site/ is replaced only when the build succeeds")
    p.add_argument("--preview", action="store_true", help="preview build: scheduled versions shown, ribbon, noindex")
    as_of_option(p, "build the site as of")
    p.add_argument("-d", "--site-dir", help="output folder (default: the site_dir of mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="fail on any warning (MkDocs' broken links and unknown options, parity)")
    deployed_option(p)

    p = command("generate", "write the generated pages and files into a docs folder, for a generator without the plugin")
    p.add_argument("output", metavar="OUT", help="a new or empty folder, or one policypress generate wrote before")
    p.add_argument(
        "--for", dest="for_", choices=building.GENERATORS, default="mkdocs",
        help="mkdocs: a docs folder (plain MkDocs, or any generator with mkdocs-static-i18n's layout); zensical: a whole "
        "Zensical project (docs/, overrides/, mkdocs.yml), built with zensical-i18n (default: %(default)s)",
    )  # fmt: skip
    p.add_argument("--preview", action="store_true", help="preview: scheduled versions shown, ribbon, noindex")
    as_of_option(p, "as of")

    p = command("new-version", "start a new version of a policy as a copy of its latest version")
    p.add_argument("policy", help="the policy's folder under docs/, e.g. privacy")
    p.add_argument("--effective", required=True, type=_date, metavar="YYYY-MM-DD", help="the day the new version takes effect")
    p.add_argument(
        "--announce", type=_date, metavar="YYYY-MM-DD",
        help=f"the first day the change is announced (default: today in the policy's time zone, or {AS_OF_ENV})",
    )  # fmt: skip
    p.add_argument("--adverse", action="store_true", help="the change is unfavourable to users (needs the longer notice)")

    p = command("diff", "show what changed between two versions of a policy, word by word")
    p.add_argument("policy", help="the policy's folder under docs/, e.g. privacy")
    p.add_argument("old", nargs="?", help="the older version, by effective date (default: the second newest)")
    p.add_argument("new", nargs="?", help="the newer version (default: the newest)")
    p.add_argument("--lang", metavar="CODE", help="only this language (default: every language of the site)")
    p.add_argument(
        "--format", choices=("text", "markdown", "html"), default="text",
        help="text: colour on a terminal, [-deleted-]{+inserted+} otherwise; markdown: ~~deleted~~ **inserted**; html",
    )  # fmt: skip

    p = command("schedule", "list every version's state and what changes on which day")
    as_of_option(p)

    p = command("schema", "write the JSON Schemas of policy.yml and version files, for editors")
    p.add_argument("-o", "--output", metavar="DIR", help="folder to write to (default: schemas/ beside mkdocs.yml)")

    p = command("lock", "lock new versions and the policies' settings, or record an erratum")
    p.add_argument(
        "--erratum", metavar="REASON",
        help="accept the current text of a locked version (or, without a version, the new title, owner or "
        "longer notice of a policy) as a correction, with a public reason (in the policy's binding language "
        "when --erratum-in gives it in others)",
    )
    p.add_argument(
        "--erratum-in", nargs=2, action="append", metavar=("CODE", "REASON"),
        help="the same reason in another language of the site, for its readers (repeat for each language)",
    )  # fmt: skip
    p.add_argument(
        "--reviewed", action="append", metavar="CODE",
        help="the CODE text of each section that changed in another language only was reviewed and needs no change "
        "(resolves the stale-translation warning; repeat for each language)",
    )  # fmt: skip
    p.add_argument(
        "--restore-errata", action="store_true",
        help="give each erratum recorded without it the text it replaced, found in the repository's history",
    )  # fmt: skip
    deployed_option(p)
    p.add_argument("policy", nargs="?", help="with --erratum or --reviewed: the policy, e.g. privacy")
    p.add_argument("version", nargs="?", help="the version, by effective date (an erratum without one: the policy's settings)")
    as_of_option(p)

    p = command("report", "write the review report of a pull request (Markdown); exit 1 if not publishable")
    p.add_argument("--base", required=True, metavar="PATH", help="a checkout of the base branch")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: standard output)")
    p.add_argument("--comment", metavar="FILE", help="also write the report as it fits a PR comment (whole passages left out, a link to the rest)")
    p.add_argument("--full-url", metavar="URL", help="where the full report is read (the comment links to it)")
    deployed_option(p)
    as_of_option(p)

    p = command("notice", "print the notice of a change, ready to send by e-mail or letter")
    p.add_argument("policy", help="the policy, e.g. privacy")
    p.add_argument("version", help="the version, by effective date")
    p.add_argument("--lang", metavar="CODE", help="only this language (default: every language of the site)")
    p.add_argument("--format", choices=("text", "html"), default="text", help="plain text or an HTML e-mail body")
    as_of_option(p)

    p = command("init", "create a repository that publishes a bilingual policy site (nothing locked until you lock)", site=False)
    p.add_argument("directory", help="a new or empty folder")
    p.add_argument("--kind", choices=KINDS, default="privacy-kr", help="the first policy: a Korean privacy policy, its sections "
                   "following the items the law requires (default), or terms of service")
    p.add_argument("--name-ko", default="예시 주식회사", metavar="NAME", help="the organisation's name in Korean (default: %(default)s)")
    p.add_argument("--name-en", default="Example Inc.", metavar="NAME", help="the organisation's name in English (default: %(default)s)")
    p.add_argument("--site-url", default="https://www.example.com/", metavar="URL", help="the site's public address (default: %(default)s)")
    as_of_option(p, "the first version announced on")

    p = command("new-policy", "add a policy to the site: its folder, first version and nav entries")
    p.add_argument("policy", nargs="?", help="its id, the folder and address (default: the kind's, privacy or terms)")
    p.add_argument("--kind", choices=KINDS, default="terms", help="terms of service (default) or a Korean privacy policy")
    as_of_option(p, "the first version announced on")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; its exit status."""
    parser = make_parser()
    args = parser.parse_args(argv)
    show_mkdocs_log()
    try:
        return int(args.func(args))
    # Only what is the user's to fix becomes one line: policypress's own errors,
    # and the system's (a file that cannot be read or written names itself).
    # Anything else is a bug, and shows its traceback.
    except (PolicyPressError, OSError) as exc:
        if args.debug:
            raise
        print(for_terminal(f"error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
