"""The ``policypress`` command: a thin layer over the core.

Each command is a plain function taking parsed arguments and returning an exit
code. One handler at the top turns any :class:`PolicyPressError` into
``error: …`` and exit status 1 (``--debug`` re-raises for a traceback).
Commands are declared in :func:`make_parser`, one ``command(...)`` call each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Sequence
from zoneinfo import ZoneInfo

from policypress.core.errors import ContentError, ContentErrors, PolicyPressError
from policypress.core.processes import stop_all
from policypress.core.languages import Languages
from policypress.core.loader import POLICY_FILE, VERSIONS_DIR, Site, discover, load_policy, load_site
from policypress.core.model import Policy, Version
from policypress.core.schedule import AS_OF_ENV, AsOf, as_of_from_env, compute, parse_as_of, today_for
from policypress.outputs.outdir import Interrupted, check_target, new_folder_for, replace_dir, stop_on_signals
from policypress.render.site import PREVIEW_ENV, SITE_URL_ENV
from policypress.core.textsafe import annotation_message, annotation_property, for_terminal

if TYPE_CHECKING:  # MkDocs is imported only by the commands that build
    from mkdocs.config.defaults import MkDocsConfig


class UsageError(PolicyPressError):
    """A command was given something it cannot work with."""


# -- the project: mkdocs.yml, its languages and policies ---------------------------------


@dataclass(frozen=True)
class Project:
    """A site as the commands see it: where it is and what its ``mkdocs.yml`` says."""

    config_file: Path
    root: Path
    docs_dir: Path
    languages: Languages
    locales_dir: Path | None
    """The site's own gettext catalogs, when it has them."""


def _config_file(args: argparse.Namespace) -> tuple[Path, Path]:
    config_file = Path(args.config_file).resolve()
    if not config_file.is_file():
        raise UsageError(f"{args.config_file}: no such file; run policypress in the site's folder or pass -f mkdocs.yml")
    return config_file, config_file.parent


def _load_mkdocs_config(config_file: Path, **overrides: Any) -> "MkDocsConfig":
    # Imported here: commands that never touch MkDocs stay fast and MkDocs-free.
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        return load_config(str(config_file), **overrides)
    except ConfigurationError as exc:
        raise UsageError(f"{config_file.name}: {exc}") from None


def _project(args: argparse.Namespace) -> Project:
    from policypress.adapters.mkdocs.plugin import languages_from_config

    config_file, root = _config_file(args)
    config = _load_mkdocs_config(config_file)
    plugin = config.plugins.get("policypress")
    locales = root / (plugin.config.locales_dir if plugin is not None else "locales")
    return Project(config_file, root, Path(config.docs_dir), languages_from_config(config), locales if locales.is_dir() else None)


def _load(args: argparse.Namespace) -> tuple[Site, Project]:
    project = _project(args)
    return load_site(project.docs_dir, project.languages, project.root), project


def _load_policy(project: Project, policy_id: str) -> Policy:
    """One policy, loaded and checked; errors in other policies do not matter here."""
    known = [path.relative_to(project.docs_dir).as_posix() for path in discover(project.docs_dir)]
    if policy_id not in known:
        listed = f"; policies: {', '.join(known)}" if known else f"; no folder there has a {POLICY_FILE}"
        raise UsageError(f'no policy "{policy_id}" in {_shown(project.docs_dir)}{listed}')
    policy, problems = load_policy(project.docs_dir / policy_id, project.docs_dir, project.languages)
    if policy is None or any(problem.severity == "error" for problem in problems):
        raise ContentErrors(problems, project.root)
    return policy


def _as_of(args: argparse.Namespace) -> AsOf:
    return parse_as_of(args.as_of, "--as-of") if getattr(args, "as_of", None) else as_of_from_env()


def _date(text: str) -> dt.date:
    """An argparse type: a calendar date written YYYY-MM-DD."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


# -- check ----------------------------------------------------------------------------


def cmd_check(args: argparse.Namespace) -> int:
    """Validate every policy without building; errors fail, warnings fail only with --strict."""
    from policypress.core.lockfile import scheduled_unlocked
    from policypress.core.validation import validate

    project = _project(args)
    when = _as_of(args)
    checked = validate(docs_dir=project.docs_dir, languages=project.languages, as_of=when)
    for problem in checked.problems:
        _print_problem(problem, project.root, args.format)
    errors, warnings = len(checked.errors), len(checked.warnings)
    failed = errors > 0 or (args.strict and warnings > 0)
    if failed:
        counts = [_plural(errors, "error")] if errors else []
        if warnings:
            counts.append(_plural(warnings, "warning") + (" (--strict: warnings fail the check)" if args.strict else ""))
        print(", ".join(counts), file=sys.stderr)
        return 1
    versions = sum(len(policy.versions) for policy in checked.site.policies)
    warned = f" ({_plural(warnings, 'warning')})" if warnings else ""
    print(f"ok: {_plural(len(checked.site.policies), 'policy', 'policies')}, {_plural(versions, 'version')}{warned}")
    for policy in checked.site.policies:
        for version in scheduled_unlocked(policy, when):
            print(
                f"note: {policy.id} {version.slug} (announced {version.announced}) is not locked with its current "
                "text; run `policypress lock` before its announcement, or that day's build fails",
                file=sys.stderr,
            )
    return 0


def _print_problem(problem: ContentError, root: Path, form: str) -> None:
    severity = "warning" if problem.severity == "warning" else "error"
    if form == "github":
        loc = problem.location
        path = loc.path
        try:
            path = path.relative_to(root)
        except ValueError:
            pass
        print(
            f"::{severity} file={annotation_property(path.as_posix())},line={loc.line},col={loc.column}::"
            f"{annotation_message(problem.message)}"
        )
    elif severity == "warning":
        print(for_terminal(f"{problem.location.display(root)}: warning: {problem.message}"), file=sys.stderr)
    else:
        print(for_terminal(problem.display(root)), file=sys.stderr)


# -- build ----------------------------------------------------------------------------


def cmd_build(args: argparse.Namespace) -> int:
    """Build the site into a temporary folder and replace ``site/`` only on success."""
    config_file, root = _config_file(args)
    if args.preview:
        os.environ[PREVIEW_ENV] = "1"
    if args.as_of:
        parse_as_of(args.as_of, "--as-of")  # fail early with a clear message
        os.environ[AS_OF_ENV] = args.as_of
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Validate before MkDocs runs: every content error, printed plainly, and
    # nothing written. (A plain `mkdocs build` is stopped by the plugin too.)
    from policypress.core.validation import validate

    project = _project(args)
    checked = validate(docs_dir=project.docs_dir, languages=project.languages, as_of=as_of_from_env())
    failing = checked.problems if args.strict else checked.errors
    if failing:
        for problem in failing:
            _print_problem(problem, project.root, "text")
        counts = [_plural(len(checked.errors), "error")] if checked.errors else []
        if args.strict and checked.warnings:
            counts.append(f"{_plural(len(checked.warnings), 'warning')} (--strict)")
        print(f"{', '.join(counts)}; site/ was left as it was", file=sys.stderr)
        return 1
    config = _load_mkdocs_config(config_file)
    site_dir = Path(args.site_dir).resolve() if args.site_dir else Path(config.site_dir).resolve()
    plugin = config.plugins.get("policypress")
    protected = {
        "the project": root,
        "docs_dir": Path(config.docs_dir),
        "the git repository": root / ".git",
        "policypress's cache": root / ".cache",
    }
    if plugin is not None:
        protected["the site's locales"] = root / plugin.config.locales_dir
    check_target(site_dir, protected)
    with stop_on_signals():
        try:
            with new_folder_for(site_dir) as staging:
                build_into(config_file, staging, strict=args.strict)
                replace_dir(site_dir, staging)
        except Interrupted as exc:
            print(f"error: {exc}; {_shown(site_dir)}/ was left as it was", file=sys.stderr)
            return 128 + exc.signum
        except PolicyPressError as exc:
            print(for_terminal(f"error: {exc}; {_shown(site_dir)}/ was left as it was"), file=sys.stderr)
            return 1
    shown = _shown(site_dir)
    # Pages link to folders (privacy/), which a browser reading files does not resolve: serve the folder.
    print(f"Built {shown}/; to read it, serve it: `mkdocs serve`, or `python -m http.server -d {shown}`")
    return 0


def build_into(config_file: Path, site_dir: Path, *, strict: bool = False) -> None:
    """Run MkDocs' build of ``config_file`` into ``site_dir``; content errors become :class:`ContentErrors`.

    With ``strict``, any warning (of MkDocs, a plugin or the theme) fails the build, as ``mkdocs build --strict``.
    """
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, PluginError

    from policypress.outputs import korean as search_ko
    try:
        config = _load_mkdocs_config(config_file, site_dir=str(site_dir), strict=strict)
    except Abort as exc:  # configuration warnings in strict mode
        raise PolicyPressError(str(exc)) from None
    try:
        build(config)
    except PluginError as exc:
        raise PolicyPressError(str(exc)) from None
    except Abort as exc:
        raise PolicyPressError(str(exc)) from None
    except BaseException:
        stop_all()  # interrupted: helpers stop now rather than finish their batches
        raise
    finally:
        search_ko.shutdown()  # the helper that loaded Kiwi, if the build started one


# -- new-version ------------------------------------------------------------------------


def cmd_new_version(args: argparse.Namespace) -> int:
    """Copy the latest version of a policy to versions/<effective>.yml with new dates; print its path."""
    from policypress.authoring.new_version import plan_new_version, write_new_version

    project = _project(args)
    policy = _load_policy(project, args.policy)
    today = today_for(as_of_from_env(), policy.meta.timezone)
    plan = plan_new_version(
        policy,
        project.languages,
        effective=args.effective,
        announced=args.announce or today,
        adverse=args.adverse,
        today=today,
    )
    path = write_new_version(plan)
    print(_shown(path))
    print(
        f"next: edit its summary and sections, then run policypress check and policypress diff {policy.id}",
        file=sys.stderr,
    )
    return 0


# -- diff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Marks:
    """How a terminal diff shows a deletion and an insertion."""

    deleted: tuple[str, str]
    inserted: tuple[str, str]
    strong: tuple[str, str] = ("", "")


#: Plain markers, as ``git diff --word-diff=plain`` writes them.
PLAIN = Marks(("[-", "-]"), ("{+", "+}"))
#: Red strike-through and green underline; both still read without colour.
ANSI = Marks(("\x1b[9;31m", "\x1b[0m"), ("\x1b[4;32m", "\x1b[0m"), ("\x1b[1m", "\x1b[0m"))

_PREAMBLE = "(preamble)"
Ops = list[tuple[str, str]]


@dataclass(frozen=True)
class _Change:
    """One changed part of a version in one language: a section, or the preamble."""

    id: str
    kind: str  # changed, added, removed
    moved: bool
    old_title: str
    new_title: str
    old_body: str  # Markdown source
    new_body: str
    html_title: str
    html_body: str


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the section-aligned word diff between two versions of a policy."""
    from policypress.render.i18n import translator

    project = _project(args)
    policy = _load_policy(project, args.policy)
    old, new = _pick_versions(policy, args.old, args.new)
    codes = project.languages.codes
    if args.lang:
        if args.lang not in project.languages:
            raise UsageError(f'"{args.lang}" is not a language of this site ({", ".join(codes)})')
        codes = (args.lang,)
    marks = ANSI if args.format == "text" and _colour() else PLAIN
    parts = []
    for code in codes:
        language = project.languages.get(code)
        t = translator(language, project.locales_dir)
        changes = _changes(old, new, code, t.gettext("inserted"), t.gettext("deleted"), t.gettext("Opening text"))
        header = f"{language.name} ({code}): {policy.id} {old.slug} → {new.slug}"
        if args.format == "markdown":
            parts.append(_diff_markdown(header, changes))
        elif args.format == "html":
            parts.append(_diff_html(header, code, changes))
        else:
            parts.append(_diff_text(header, changes, marks))
    print(("\n\n" if args.format != "html" else "\n").join(parts))
    return 0


def _colour() -> bool:
    # https://no-color.org: any value of NO_COLOR turns colour off.
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _pick_versions(policy: Policy, old: str | None, new: str | None) -> tuple[Version, Version]:
    slugs = [version.slug for version in policy.versions]
    if len(slugs) < 2:
        raise UsageError(f"{policy.id} has only one version ({slugs[0]}); there is nothing to compare it with")

    def find(slug: str) -> Version:
        try:
            return policy.version(slug.removesuffix(".yml"))
        except KeyError:
            raise UsageError(f"{policy.id} has no version {slug}; its versions are {', '.join(slugs)}") from None

    older = find(old) if old else policy.versions[-2]
    newer = find(new) if new else policy.versions[-1]
    if older is newer:
        raise UsageError(f"{older.slug} is compared with itself; name two different versions")
    return older, newer


def _changes(old: Version, new: Version, code: str, inserted: str, deleted: str, preamble: str) -> list[_Change]:
    """Every part that differs between ``old`` and ``new`` in language ``code``, in the new order.

    The site's diff (:func:`policypress.render.pages.cached_diff`), preamble included, so the terminal and the
    changes page never disagree.
    """
    from policypress.diff.html import PREAMBLE_ID, ChangeKind, DiffLabels
    from policypress.render.pages import cached_diff

    labels = DiffLabels(inserted=inserted, deleted=deleted, preamble=preamble)
    out: list[_Change] = []
    old_src = {s.id: (s.title[code], s.body[code]) for s in old.content.sections}
    new_src = {s.id: (s.title[code], s.body[code]) for s in new.content.sections}
    if old.content.preamble:
        old_src[PREAMBLE_ID] = ("", old.content.preamble[code])
    if new.content.preamble:
        new_src[PREAMBLE_ID] = ("", new.content.preamble[code])
    for change in cached_diff(old, new, code, labels):
        if change.kind is ChangeKind.UNCHANGED and not change.moved:
            continue
        before, after = old_src.get(change.id, ("", "")), new_src.get(change.id, ("", ""))
        out.append(
            _Change(
                id=_PREAMBLE if change.id == PREAMBLE_ID else change.id,
                kind=change.kind.value if change.kind is not ChangeKind.UNCHANGED else "moved",
                moved=change.moved,
                old_title=before[0],
                new_title=after[0],
                old_body=before[1],
                new_body=after[1],
                html_title=change.title_html,
                html_body=change.body_html,
            )
        )
    return out


def _body_ops(change: _Change) -> Ops:
    from policypress.diff.html import diff_tokens

    if change.kind == "added":
        return [("insert", change.new_body)]
    if change.kind == "removed":
        return [("delete", change.old_body)]
    return list(diff_tokens(change.old_body, change.new_body))


def _lines(ops: Ops) -> list[Ops]:
    """The ops cut at every unchanged line break: one entry per source line (or changed run of lines)."""
    lines: list[Ops] = [[]]
    for op, text in ops:
        if op != "equal":
            lines[-1].append((op, text))
            continue
        for index, piece in enumerate(text.split("\n")):
            if index:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    return lines


def _changed_lines(ops: Ops) -> Iterator[Ops | None]:
    """The lines that hold a change, in order.

    ``None`` stands for unchanged lines left out, and an empty line for blank
    lines only, so paragraphs stay apart.
    """
    skipped = blank = False
    kept = 0
    for line in _lines(ops):
        if all(op == "equal" for op, _ in line):
            if any(text.strip() for _, text in line):
                skipped = True
            else:
                blank = True
            continue
        if skipped:
            yield None
        elif blank and kept:
            yield []
        skipped = blank = False
        kept += 1
        yield line
    if skipped and kept:
        yield None


def _marked(text: str, marks: tuple[str, str]) -> str:
    # Marked line by line, so colour never bleeds into the next line.
    return "\n".join(f"{marks[0]}{line}{marks[1]}" if line else "" for line in text.split("\n"))


def render_ops(ops: Ops, marks: Marks) -> str:
    """A word diff as text: deletions and insertions wrapped in ``marks``.

    >>> render_ops([("equal", "kept "), ("delete", "3"), ("insert", "5"), ("equal", " years")], PLAIN)
    'kept [-3-]{+5+} years'
    """
    parts = []
    for op, text in ops:
        if op == "equal":
            parts.append(text)
        else:
            parts.append(_marked(text, marks.deleted if op == "delete" else marks.inserted))
    return "".join(parts)


def _label(change: _Change) -> str:
    kind = change.kind if change.kind != "moved" else "moved only"
    return f"{kind}, moved" if change.moved and change.kind == "changed" else kind


def _diff_text(header: str, changes: list[_Change], marks: Marks) -> str:
    from policypress.diff.html import diff_tokens

    out = [_strong(f"=== {header} ===", marks)]
    for change in changes:
        if change.id == _PREAMBLE:
            title = ""
        elif change.old_title and change.new_title and change.old_title != change.new_title:
            title = ": " + render_ops(list(diff_tokens(change.old_title, change.new_title)), marks)
        else:
            title = ": " + (change.new_title or change.old_title)
        out.append("")
        out.append(_strong(f"--- {change.id}{title} ({_label(change)})", marks))
        for line in _changed_lines(_body_ops(change)):
            text = "…" if line is None else render_ops(line, marks)
            out.extend("    " + piece if piece else "" for piece in text.split("\n"))
    out.append("")
    out.append(_summary(changes))
    return "\n".join(out)


def _strong(text: str, marks: Marks) -> str:
    start, end = marks.strong
    if not start:
        return text
    # A marked word inside ends with a reset (ANSI's end of every style): bold again after it.
    return start + text.replace(end, end + start) + end


def _summary(changes: list[_Change]) -> str:
    if not changes:
        return "no changes"
    counts = {kind: sum(1 for c in changes if c.kind == kind and c.id != _PREAMBLE) for kind in ("changed", "added", "removed")}
    parts = [f"{count} {kind}" for kind, count in counts.items() if count]
    moved = sum(1 for c in changes if c.moved)
    if moved:
        parts.append(f"{moved} moved")
    if any(c.id == _PREAMBLE for c in changes):
        parts.append("preamble changed")
    return "sections: " + ", ".join(parts) if parts else "no changes"


def _diff_markdown(header: str, changes: list[_Change]) -> str:
    from policypress.diff.html import diff_text_markdown

    out = [f"## {diff_text_markdown(header, header)}"]
    for change in changes:
        if change.id == _PREAMBLE:
            heading = "Preamble"
        else:
            heading = diff_text_markdown(change.old_title or change.new_title, change.new_title or change.old_title)
        out.append(f"### {heading} (`{change.id}`, {_label(change)})")
        for line in _changed_lines(_body_ops(change)):
            if line is None:
                out.append("…")
                continue
            if not line:
                continue  # every line is a paragraph of its own here
            old = "".join(text for op, text in line if op != "insert")
            new = "".join(text for op, text in line if op != "delete")
            out.append(diff_text_markdown(old, new))
    if not changes:
        out.append("No changes.")
    return "\n\n".join(out)


def _diff_html(header: str, code: str, changes: list[_Change]) -> str:
    out = [f'<section class="pp-diff" lang="{html.escape(code)}">', f"<h2>{html.escape(header)}</h2>"]
    for change in changes:
        title = change.html_title if change.id != _PREAMBLE else ""
        out.append(f'<section class="pp-change pp-{change.kind}" data-section="{html.escape(change.id)}">')
        if title:
            out.append(f"<h3>{title}</h3>")
        out.append(change.html_body)
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


# -- schedule -----------------------------------------------------------------------------


def cmd_schedule(args: argparse.Namespace) -> int:
    """For every policy: its versions and their states, and what changes on which day."""
    site, project = _load(args)
    when = _as_of(args)
    blocks = [schedule_text(policy, when, project.languages.default) for policy in site.policies]
    print("\n\n".join(blocks) if blocks else "no policies")
    return 0


def schedule_text(policy: Policy, when: AsOf, language: str) -> str:
    """The schedule of one policy as of ``when``, as a table and a list of coming transitions."""
    tz = policy.meta.timezone
    schedule = compute(policy, when)
    out = [f"{policy.id} — {policy.meta.title[language]} ({tz}), as of {schedule.today}", ""]
    rows = [("effective", "announced", "notice", "adverse", "state")]
    for item in schedule.states:
        content = item.version.content
        days = (content.effective - content.announced).days
        notice = _plural(days, "day") + (", waived" if content.notice_waiver else "")
        rows.append((item.version.slug, content.announced.isoformat(), notice, "yes" if content.adverse else "no", item.state.value))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    transitions: list[tuple[dt.date, int, str]] = []
    previous: Version | None = None
    for version in policy.versions:
        if version.announced > schedule.today:
            notice = _plural((version.effective - version.announced).days, "day")
            transitions.append((version.announced, 0, f"version {version.slug} is announced: notice on every page, {notice} ahead"))
        if version.effective > schedule.today:
            replacing = f", replacing {previous.slug}" if previous is not None else ""
            transitions.append((version.effective, 1, f"version {version.slug} takes effect{replacing}"))
        previous = version
    out.append("")
    if transitions:
        out.append(f"  upcoming transitions (days start at 00:00 {tz}):")
        out += [f"    {day}  {text}" for day, _order, text in sorted(transitions)]
    else:
        out.append("  upcoming transitions: none")
    if schedule.next_change is not None:
        local = schedule.next_change.astimezone(ZoneInfo(tz))
        instant = schedule.next_change.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(f"  next state change: {local:%Y-%m-%d %H:%M} {tz} ({instant})")
    else:
        out.append("  next state change: none scheduled")
    return "\n".join(out)


# -- schema, init ---------------------------------------------------------------------------


def cmd_schema(args: argparse.Namespace) -> int:
    """Write the JSON Schemas of policy.yml and version files, for editors."""
    from policypress.authoring.schemas import write_schemas

    folder = Path(args.output) if args.output else _config_file(args)[1] / "schemas"
    for path in write_schemas(folder):
        print(_shown(path))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    """Create a new site with one bilingual privacy policy, ready to check and build."""
    from policypress.authoring.scaffold import init_site

    target = Path(args.directory)
    result = init_site(target, as_of_from_env())
    print(
        f"created {_shown(target)}/: privacy policy announced {result.announced}, effective {result.effective}\n"
        f"next: cd {_shown(target)} && policypress check && policypress build"
    )
    return 0


def _shown(path: Path) -> str:
    """``path`` as a user wants to read it: relative to where they are, when it is below."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


# -- entry point ------------------------------------------------------------------------------


def make_parser() -> argparse.ArgumentParser:
    """The parser of every command; a new command is one ``command(...)`` call and its options."""
    parser = argparse.ArgumentParser(
        prog="policypress",
        description="Publish bilingual, versioned policies with diffs, history and automatic notice of changes.",
    )
    parser.add_argument("--debug", action="store_true", help="show a traceback instead of a one-line error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(
        name: str, func: Callable[[argparse.Namespace], int], help: str, *, site: bool = True
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if site:
            p.add_argument("-f", "--config-file", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
        # Accepted after the command too; SUPPRESS keeps the top-level value when absent.
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        p.set_defaults(func=func)
        return p

    p = command("check", cmd_check, "validate every policy without building; exit 1 on any error")
    p.add_argument("--format", choices=("text", "github"), default="text", help="github: GitHub Actions annotations")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--as-of", metavar="WHEN", help=f"check as of a date or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("build", cmd_build, "build the site atomically: site/ is replaced only when the build succeeds")
    p.add_argument("--preview", action="store_true", help="preview build: scheduled versions shown, ribbon, noindex")
    p.add_argument("--as-of", metavar="WHEN", help="build the site as of a date (YYYY-MM-DD) or ISO instant")
    p.add_argument("-d", "--site-dir", help="output folder (default: the site_dir of mkdocs.yml)")
    p.add_argument("--strict", action="store_true", help="fail on any warning (MkDocs' broken links and unknown options, parity)")

    p = command("new-version", cmd_new_version, "start a new version of a policy as a copy of its latest version")
    p.add_argument("policy", help="the policy's folder under docs/, e.g. privacy")
    p.add_argument("--effective", required=True, type=_date, metavar="YYYY-MM-DD", help="the day the new version takes effect")
    p.add_argument(
        "--announce", type=_date, metavar="YYYY-MM-DD",
        help=f"the first day the change is announced (default: today in the policy's time zone, or {AS_OF_ENV})",
    )  # fmt: skip
    p.add_argument("--adverse", action="store_true", help="the change is unfavourable to users (needs the longer notice)")

    p = command("diff", cmd_diff, "show what changed between two versions of a policy, word by word")
    p.add_argument("policy", help="the policy's folder under docs/, e.g. privacy")
    p.add_argument("old", nargs="?", help="the older version, by effective date (default: the second newest)")
    p.add_argument("new", nargs="?", help="the newer version (default: the newest)")
    p.add_argument("--lang", metavar="CODE", help="only this language (default: every language of the site)")
    p.add_argument(
        "--format", choices=("text", "markdown", "html"), default="text",
        help="text: colour on a terminal, [-deleted-]{+inserted+} otherwise; markdown: ~~deleted~~ **inserted**; html",
    )  # fmt: skip

    p = command("schedule", cmd_schedule, "list every version's state and what changes on which day")
    p.add_argument("--as-of", metavar="WHEN", help=f"as of a date (YYYY-MM-DD) or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("schema", cmd_schema, "write the JSON Schemas of policy.yml and version files, for editors")
    p.add_argument("-o", "--output", metavar="DIR", help="folder to write to (default: schemas/ beside mkdocs.yml)")

    p = command("lock", cmd_lock, "lock new versions and the policies' settings, or record an erratum")
    p.add_argument(
        "--erratum", metavar="REASON",
        help="accept the current text of a locked version (or, without a version, the new title, owner or "
        "longer notice of a policy) as a correction, with a public reason",
    )  # fmt: skip
    p.add_argument("policy", nargs="?", help="with --erratum: the policy, e.g. privacy")
    p.add_argument("version", nargs="?", help="with --erratum: the version, by effective date (none: the policy's settings)")
    p.add_argument("--as-of", metavar="WHEN", help=f"as of a date or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("report", cmd_report, "write the review report of a pull request (Markdown); exit 1 if not publishable")
    p.add_argument("--base", required=True, metavar="PATH", help="a checkout of the base branch")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (default: standard output)")
    p.add_argument("--as-of", metavar="WHEN", help=f"as of a date or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("notice", cmd_notice, "print the notice of a change, ready to send by e-mail or letter")
    p.add_argument("policy", help="the policy, e.g. privacy")
    p.add_argument("version", help="the version, by effective date")
    p.add_argument("--lang", metavar="CODE", help="only this language (default: every language of the site)")
    p.add_argument("--format", choices=("text", "html"), default="text", help="plain text or an HTML e-mail body")
    p.add_argument("--as-of", metavar="WHEN", help=f"as of a date or ISO instant (default: now, or {AS_OF_ENV})")

    p = command("init", cmd_init, "create a new site with a bilingual privacy policy, ready to build", site=False)
    p.add_argument("directory", help="a new or empty folder")
    return parser


# -- lock, report, notice ----------------------------------------------------------------


def cmd_lock(args: argparse.Namespace) -> int:
    """Record versions and settings in their policy's lock; or record an erratum or a change of settings."""
    from policypress.core.lockfile import LockRefused, lock, record_erratum, record_settings_change

    site, project = _load(args)
    when = _as_of(args)
    if args.erratum is not None:
        if not args.policy:
            raise UsageError(
                'an erratum names what it corrects: policypress lock --erratum "<reason>" <policy> [<version>]'
            )
        try:
            if args.version:
                erratum = record_erratum(site, args.policy, args.version, args.erratum, when)
                print(f"recorded erratum of {erratum.date} for {args.policy} {args.version}: {erratum.reason}")
            else:
                change = record_settings_change(site, args.policy, args.erratum, when)
                print(f"recorded the change of {', '.join(change.new)} of {args.policy} on {change.date}: {change.reason}")
        except KeyError as exc:
            raise UsageError(f"no such policy or version: {exc.args[0]}") from None
        return 0
    if args.policy or args.version:
        raise UsageError("without --erratum, lock takes no policy or version: it locks every version")
    try:
        result = lock(site, when)
    except LockRefused as exc:
        raise UsageError(f"nothing was locked: {exc}") from None
    for version in result.added:
        print(f"locked {version.policy_id} {version.slug} ({version.content_hash()})")
    for version in result.updated:
        print(f"locked the new text of {version.policy_id} {version.slug}, not announced yet ({version.content_hash()})")
    for policy_id, slug in result.removed:
        print(f"removed the entry of {policy_id} {slug}: its file is gone and it was never announced")
    for policy_id in result.settings:
        print(f"locked the settings of {policy_id}")
    if not (result.added or result.updated or result.removed or result.settings):
        print("nothing to lock: every version is locked")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Write the review report of this checkout against a base checkout; exit 1 if not publishable."""
    from policypress.adapters.mkdocs.plugin import languages_from_config
    from policypress.outputs.report import build_report

    project = _project(args)
    base_root = Path(args.base).resolve()
    base_config = base_root / Path(args.config_file).name
    if not base_config.is_file():
        raise UsageError(f"{args.base}: no {base_config.name} there; pass a checkout of the base branch")

    def base_languages() -> Languages:
        return languages_from_config(_load_mkdocs_config(base_config))

    base_docs = Path(_load_mkdocs_config(base_config).docs_dir)
    report = build_report(
        head_root=project.root,
        head_docs=project.docs_dir,
        base_root=base_root,
        base_docs=base_docs,
        languages=project.languages,
        as_of=_as_of(args),
        base_languages=base_languages,
    )
    if args.output:
        Path(args.output).write_text(report.markdown, encoding="utf-8")
    else:
        print(report.markdown)
    return 0 if report.publishable else 1


def cmd_notice(args: argparse.Namespace) -> int:
    """Print the ready-to-send notice of a version (plain text or HTML e-mail), per language."""
    from policypress.render.notice import render_notice
    from policypress.render.pages import BuildOptions, SiteBuild

    site, project = _load(args)
    try:
        policy = site.policy(args.policy)
        version = policy.version(args.version)
    except KeyError as exc:
        raise UsageError(f"no such policy or version: {exc.args[0]}") from None
    build = SiteBuild(site, BuildOptions(as_of=_as_of(args), preview=True, site_locales=project.locales_dir))
    config = _load_mkdocs_config(project.config_file)
    codes = [args.lang] if args.lang else list(project.languages.codes)
    for code in codes:
        if code not in project.languages:
            raise UsageError(f"--lang {code}: not a language of this site ({', '.join(project.languages.codes)})")
        subject, text, html_body = render_notice(build, policy, version, code, os.environ.get(SITE_URL_ENV) or config.site_url or "")
        print(html_body if args.format == "html" else text)
    return 0


class _MkDocsLog(logging.Handler):
    """MkDocs' warnings and errors (its own, the theme's, every plugin's), each shown once, as ours are.

    MkDocs would print nothing without its own CLI (Python's last-resort
    handler shows a bare message), and the configuration is read more than
    once per command, which repeated each of its warnings.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        if text in self.seen:
            return
        self.seen.add(text)
        level = "error" if record.levelno >= logging.ERROR else "warning"
        print(for_terminal(f"{level}: {text}"), file=sys.stderr)


_LOG = _MkDocsLog()


def _show_mkdocs_log() -> None:
    logger = logging.getLogger("mkdocs")
    if _LOG not in logger.handlers:
        logger.addHandler(_LOG)
    logger.propagate = False  # not also through the root logger
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    _LOG.seen.clear()


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    _show_mkdocs_log()
    try:
        return int(args.func(args))
    except (PolicyPressError, ValueError, OSError) as exc:
        if args.debug:
            raise
        print(for_terminal(f"error: {exc}"), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
