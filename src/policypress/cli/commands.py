"""The commands that read or edit a site's content: plain functions with explicit arguments.

Each returns an exit status and prints what the user asked for; errors are
raised (:class:`~policypress.core.errors.PolicyPressError`) and printed by
the driver. The commands that build are in :mod:`policypress.cli.building`.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from policypress.cli.environment import AS_OF_ENV
from policypress.cli.output import plural, print_problem
from policypress.cli.project import Project, UsageError, shown
from policypress.core.loader import Site
from policypress.core.model import Policy, Version
from policypress.core.publication import Deployed
from policypress.core.schedule import AsOf, compute, now, today_for
from policypress.core.escaping import for_terminal
from policypress.render import textdiff

# -- check ----------------------------------------------------------------------------------


def check(
    project: Project, *, as_of: AsOf, strict: bool = False, form: str = "text", deployed: Path | None = None, coverage: bool = False
) -> int:
    """Validate every policy without building; errors fail, warnings fail only with ``strict``.

    ``coverage`` also prints, for each policy of a kind the law has rules
    for, the table of what its newest version covers (:func:`coverage_table`).
    """
    from policypress.core.lock_rules import scheduled_unlocked
    from policypress.core.publication import read_deployed

    project.refuse_unsafe_setup()
    evidence = read_deployed(deployed) if deployed is not None else None
    checked = project.session(as_of=as_of, deployed=evidence).validate()
    if coverage:
        tables = [coverage_table(policy, project.languages.default) for policy in checked.site.policies]
        print("\n\n".join(table for table in tables if table) or "no policy has a kind with legal rules (policy.yml: kind: privacy-kr)")
    for problem in checked.problems:
        print_problem(problem, project.root, form)
    errors, warnings = len(checked.errors), len(checked.warnings)
    if errors or (strict and warnings):
        counts = [plural(errors, "error")] if errors else []
        if warnings:
            counts.append(plural(warnings, "warning") + (" (--strict: warnings fail the check)" if strict else ""))
        print(", ".join(counts), file=sys.stderr)
        plan = checked.plan(strict)
        if plan.withheld and not plan.fatal:
            held = ", ".join(f"{policy_id} {slug}" for policy_id, slug in sorted(plan.withheld))
            print(for_terminal(f"a build would publish the site without {held} (announced nowhere until fixed)"), file=sys.stderr)
        return 1
    versions = sum(len(policy.versions) for policy in checked.site.policies)
    warned = f" ({plural(warnings, 'warning')})" if warnings else ""
    print(f"ok: {plural(len(checked.site.policies), 'policy', 'policies')}, {plural(versions, 'version')}{warned}")
    for policy in checked.site.policies:
        for version in scheduled_unlocked(policy, as_of):
            print(
                f"note: {policy.id} {version.slug} (announced {version.announced}) is not locked with its current "
                "text; run `policypress lock` before its announcement, or that day's build withholds it",
                file=sys.stderr,
            )
    return 0


def coverage_table(policy: Policy, code: str) -> str:
    """The items the law requires of ``policy``'s newest version: item, article, sections, status (empty without rules)."""
    from policypress.core.legal import coverage, rules_of

    rules = rules_of(policy.meta.kind)
    if rules is None or not policy.versions:
        return ""
    version = policy.versions[-1]
    rows = [("item", "article", "sections", "status")]
    for found in coverage(policy, version):
        item = found.item
        status = found.status
        if found.not_applicable is not None and not found.sections:
            status += ": " + " ".join((found.not_applicable.get(code) or next(iter(found.not_applicable.values()))).split())
        elif status == "missing" and item.applies == "if-applicable":
            status = "missing (cover it, or say why it does not apply)"
        rows.append((item.id, item.text(item.article, code), ", ".join(found.sections) or "-", status))
    widths = [max(display_width(row[i]) for row in rows) for i in range(3)]
    lines = [f"coverage of {policy.id} {version.slug} ({rules.kind}, the law as of {version.effective}):"]
    lines += ["  " + "  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(row[:3], widths)) + "  " + row[3] for row in rows]
    unverified = [item.id for item in rules.on(version.effective) if item.verified.startswith("not verified")]
    if unverified:
        lines.append(f"  not checked against the law's text here (see data/legal/{rules.kind}.yml): {', '.join(unverified)}")
    return "\n".join(lines)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: Hangul and other wide characters take two.

    >>> display_width("목적"), display_width("purpose")
    (4, 7)
    """
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


# -- new-version ----------------------------------------------------------------------------


def new_version(
    project: Project, policy_id: str, *, effective: dt.date, announced: dt.date | None, adverse: bool, as_of: AsOf
) -> int:
    """Copy the latest version of a policy to ``versions/<effective>.yml`` with new dates; print its path."""
    from policypress.authoring.new_version import plan_new_version, write_new_version

    policy = project.policy(policy_id)
    today = today_for(as_of, policy.meta.timezone)
    plan = plan_new_version(policy, project.languages, effective=effective, announced=announced or today, adverse=adverse, today=today)
    path = write_new_version(plan)
    print(shown(path))
    print(f"next: edit its summary and sections, then run policypress check and policypress diff {policy.id}", file=sys.stderr)
    return 0


# -- diff -----------------------------------------------------------------------------------


def diff(project: Project, policy_id: str, old: str | None, new: str | None, *, lang: str | None, form: str, colour: bool) -> int:
    """Print the section-aligned word diff between two versions of a policy."""
    from policypress.render.context import diff_labels
    from policypress.render.i18n import translator

    policy = project.policy(policy_id)
    older, newer = pick_versions(policy, old, new)
    codes = project.languages.codes
    if lang:
        if lang not in project.languages:
            raise UsageError(f'"{lang}" is not a language of this site ({", ".join(codes)})')
        codes = (lang,)
    marks = textdiff.ANSI if form == "text" and colour else textdiff.PLAIN
    # The session's diffs: the build's, from its cache when the site was built (and kept there for the next build).
    session = project.session(as_of=now())
    parts = []
    for code in codes:
        language = project.languages.get(code)
        labels = diff_labels(translator(language, project.locales_dir))
        changes = textdiff.changes(older, newer, code, labels, session.diffs)
        header = f"{language.name} ({code}): {policy.id} {older.slug} → {newer.slug}"
        if form == "markdown":
            parts.append(textdiff.as_markdown(header, changes))
        elif form == "html":
            parts.append(textdiff.as_html(header, code, changes))
        else:
            parts.append(textdiff.as_text(header, changes, marks))
    session.diffs.save()
    session.close()
    print(("\n\n" if form != "html" else "\n").join(parts))
    return 0


def pick_versions(policy: Policy, old: str | None, new: str | None) -> tuple[Version, Version]:
    """The two versions to compare: as named (by effective date), or the two newest."""
    slugs = [version.slug for version in policy.versions]
    if len(slugs) < 2:
        raise UsageError(f"{policy.id} has only one version ({slugs[0]}); there is nothing to compare it with")

    def find(slug: str) -> Version:
        try:
            return policy.version(slug.removesuffix(".yml"))
        except KeyError:
            raise UsageError(f"{policy.id} has no version {slug}; its versions are {', '.join(slugs)} (a version is named by its effective day)") from None

    older = find(old) if old else policy.versions[-2]
    newer = find(new) if new else policy.versions[-1]
    if older is newer:
        raise UsageError(f"{older.slug} is compared with itself; name two different versions")
    return older, newer


# -- schedule -------------------------------------------------------------------------------


def schedule(project: Project, *, as_of: AsOf) -> int:
    """For every policy: its versions and their states, and what changes on which day."""
    site = project.load()
    blocks = [schedule_text(policy, as_of, project.languages.default) for policy in site.policies]
    print("\n\n".join(blocks) if blocks else "no policies")
    return 0


def schedule_text(policy: Policy, when: AsOf, language: str) -> str:
    """The schedule of one policy as of ``when``, as a table and a list of coming transitions."""
    tz = policy.meta.timezone
    states = compute(policy, when)
    out = [f"{policy.id} — {policy.meta.title[language]} ({tz}), as of {states.today}", ""]
    rows = [("effective", "announced", "notice", "adverse", "state")]
    for item in states.states:
        content = item.version.content
        days = (content.effective - content.announced).days
        notice = plural(days, "day") + (", waived" if content.notice_waiver else "")
        rows.append((item.version.slug, content.announced.isoformat(), notice, "yes" if content.adverse else "no", item.state.value))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out += ["  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    transitions: list[tuple[dt.date, int, str]] = []
    previous: Version | None = None
    for version in policy.versions:
        if version.announced > states.today:
            notice = plural((version.effective - version.announced).days, "day")
            transitions.append((version.announced, 0, f"version {version.slug} is announced: notice on every page, {notice} ahead"))
        if version.effective > states.today:
            replacing = f", replacing {previous.slug}" if previous is not None else ""
            transitions.append((version.effective, 1, f"version {version.slug} takes effect{replacing}"))
        previous = version
    out.append("")
    if transitions:
        out.append(f"  upcoming transitions (days start at 00:00 {tz}):")
        out += [f"    {day}  {text}" for day, _order, text in sorted(transitions)]
    else:
        out.append("  upcoming transitions: none")
    if states.next_change is not None:
        local = states.next_change.astimezone(ZoneInfo(tz))
        instant = states.next_change.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.append(f"  next state change: {local:%Y-%m-%d %H:%M} {tz} ({instant})")
    else:
        out.append("  next state change: none scheduled")
    return "\n".join(out)


# -- schema, init ---------------------------------------------------------------------------


def schema(folder: Path) -> int:
    """Write the JSON Schemas of policy.yml and version files, for editors."""
    from policypress.authoring.schemas import write_schemas

    for path in write_schemas(folder):
        print(shown(path))
    return 0


def init(target: Path, *, as_of: AsOf, kind: str, owner_ko: str, owner_en: str, site_url: str) -> int:
    """Create a new site, a repository that publishes: one bilingual policy of ``kind``, nothing locked yet."""
    from policypress.authoring.scaffold import init_site

    result = init_site(target, as_of, kind=kind, owner_ko=owner_ko, owner_en=owner_en, site_url=site_url)  # type: ignore[arg-type]
    where = shown(target)
    print(
        f"created {where}/: {kind} policy, first version announced {result.announced}, effective {result.effective}\n"
        f"next: replace each [작성: …] and [Write: …] in {where}/docs/; then, in {where}/ (see its README.md):\n"
        f"      scripts/build (makes .venv), .venv/bin/policypress check (lists what is left),\n"
        f"      .venv/bin/policypress lock (before {result.announced}), scripts/build"
    )
    return 0


def new_policy(project: Project, policy_id: str | None, *, kind: str, as_of: AsOf) -> int:
    """Add a policy (its folder, first version and nav entries) to the site."""
    from policypress.authoring.scaffold import new_policy as add_policy

    if set(project.languages.codes) != {"ko", "en"}:
        raise UsageError(
            f"new-policy writes a Korean and English policy; this site's languages are {', '.join(project.languages.codes)}"
        )
    site = project.load()
    if not site.policies:
        raise UsageError(f"{shown(project.docs_dir)} has no policy to take the owner's name from; use policypress init for a new site")
    owner = site.policies[0].meta.owner
    config_text = project.config_file.read_text(encoding="utf-8")
    result = add_policy(project.docs_dir, project.config_file, policy_id, kind, as_of, owner=(owner["ko"], owner["en"]))  # type: ignore[arg-type]
    added = result.files[0].parent
    # The site's own checks judge the new policy (its address against the
    # languages' folders and the site's pages…): one it would refuse is not left behind.
    refused = [
        problem for problem in project.session(as_of=as_of).validate().errors
        if added in problem.location.path.parents or "policy \"" + added.name + "\"" in problem.message
    ]
    if refused:
        shutil.rmtree(added)
        project.config_file.write_text(config_text, encoding="utf-8")
        raise UsageError(
            f"{shown(added)} cannot be a policy of this site: "
            + "; ".join(problem.message for problem in refused)
            + "; nothing was added: choose another id (policypress new-policy ID)"
        )
    for path in result.files:
        print(shown(path))
    print(
        f"next: replace each [작성: …] and [Write: …] in {shown(added)}/ (policypress check lists them), link it from\n"
        f"      the home page (docs/index.*.md), then policypress lock before its announcement on {result.announced}",
        file=sys.stderr,
    )
    return 0


# -- lock, notice ---------------------------------------------------------------------------


def _reasons(site: Site, policy_id: str, erratum: str, erratum_in: list[list[str]]) -> str | dict[str, str]:
    """``--erratum`` alone: the reason as written; with ``--erratum-in``: the reason by language, the binding one first."""
    from policypress.core.lock_file import reason_language

    if not erratum_in:
        return erratum
    binding = reason_language(site.policy(policy_id).meta, site.languages)
    reason = {binding: erratum}
    for code, text in erratum_in:
        if code in reason:
            said = "--erratum is the reason in the policy's binding language" if code == binding else "it is given twice"
            raise UsageError(f"--erratum-in {code}: {said}; give each language once")
        reason[code] = text
    return reason


def lock(
    project: Project,
    *,
    as_of: AsOf,
    erratum: str | None,
    policy_id: str | None,
    version: str | None,
    erratum_in: list[list[str]],
    reviewed: list[str] | None = None,
    restore_errata: bool = False,
    deployed: Path | None = None,
) -> int:
    """Record versions and settings in their policy's lock; or an erratum, a change of settings, reviewed translations."""
    from policypress.cli.repository import committed_text
    from policypress.core.lock_file import reason_text
    from policypress.core import recording
    from policypress.core.publication import read_deployed

    reviewed = reviewed or []
    if erratum_in and erratum is None:
        raise UsageError('--erratum-in gives an erratum\'s reason in another language: add --erratum "<reason>"')
    if restore_errata and (erratum is not None or reviewed or policy_id):
        raise UsageError("--restore-errata takes no other option, policy or version: it restores every erratum it can")
    site = project.load()
    _known(site, policy_id, version)
    if restore_errata:
        restored = recording.restore_errata(site, lambda _policy, found, wanted: committed_text(found.source.path, wanted))
        for restored_policy, slug, recorded in restored:
            print(f"restored the text {restored_policy} {slug} had before its correction of {recorded.date}")
        missing = sum(1 for p in site.policies for e in (p.lock.entries.values() if p.lock else ()) for r in e.errata if r.before is None) - len(restored)
        if missing:
            raise UsageError(f"{plural(missing, 'erratum', 'errata')} still lack the text they replaced: it is not in this repository's history")
        if not restored:
            print("nothing to restore: every erratum keeps the text it replaced")
        return 0
    try:
        if erratum is not None:
            if not policy_id:
                raise UsageError('an erratum names what it corrects: policypress lock --erratum "<reason>" <policy> [<version>]')
            reason = _reasons(site, policy_id, erratum, erratum_in)
            if version:
                policy = site.policy(policy_id)
                entry = policy.lock.entries.get(version) if policy.lock is not None else None
                # The text as locked, from the repository's history: the erratum keeps it public.
                published = committed_text(policy.version(version).source.path, entry.hash) if entry is not None else None
                recorded = recording.record_erratum(
                    site, policy_id, version, reason, as_of, published=published, glossary=project.glossary()
                )
                print(f"recorded erratum of {recorded.date} for {policy_id} {version}: {reason_text(recorded.reason)}")
            else:
                change = recording.record_settings_change(site, policy_id, reason, as_of)
                print(f"recorded the change of {', '.join(change.new)} of {policy_id} on {change.date}: {reason_text(change.reason)}")
        else:
            if policy_id and not reviewed:
                raise UsageError("without --erratum or --reviewed, lock takes no policy or version: it locks every version")
            _lock_versions(site, as_of, read_deployed(deployed) if deployed is not None else None)
        if reviewed:
            for item in recording.record_reviews(site, reviewed, as_of, policy_id=policy_id, slug=version):
                print(
                    f'recorded: section "{item.section}" of {item.policy_id} {item.slug} changed in another language; '
                    f"its {', '.join(item.languages)} text was reviewed and needs no change"
                )
    except recording.LockRefused as exc:
        raise UsageError(f"nothing was recorded: {exc}") from None
    return 0


def _known(site: Site, policy_id: str | None, version: str | None) -> None:
    """Refuse a policy or version the site does not have, naming those it has."""
    if policy_id is None:
        return
    ids = [policy.id for policy in site.policies]
    if policy_id not in ids:
        raise UsageError(f"no policy {policy_id}; the policies are {', '.join(ids) or 'none'}")
    slugs = [v.slug for v in site.policy(policy_id).versions]
    if version is not None and version not in slugs:
        raise UsageError(f"{policy_id} has no version {version}; its versions are {', '.join(slugs)}")


def _lock_versions(site: Site, as_of: AsOf, deployed: Deployed | None) -> None:
    from policypress.core.recording import lock as lock_site

    result = lock_site(site, as_of, deployed)
    for added in result.added:
        print(f"locked {added.policy_id} {added.slug} ({added.content_hash()})")
    for updated in result.updated:
        print(f"locked the new text of {updated.policy_id} {updated.slug}, not announced yet ({updated.content_hash()})")
    for removed_policy, slug in result.removed:
        print(f"removed the entry of {removed_policy} {slug}: its file is gone and it was never announced")
    for settled in result.settings:
        print(f"locked the settings of {settled}")
    for policy_id, setting, codes in result.translated_settings:
        print(f"recorded the translation of the {setting} of {policy_id} into {', '.join(codes)}")
    for translated, codes in result.translated:
        print(f"recorded the translation of {translated.policy_id} {translated.slug} into {', '.join(codes)}, added today; its other languages are as published")
    if not (result.added or result.updated or result.removed or result.settings or result.translated or result.translated_settings):
        print("nothing to lock: every version is locked")


def notice(project: Project, policy_id: str, version_slug: str, *, lang: str | None, form: str, as_of: AsOf, site_url: str | None) -> int:
    """Print the ready-to-send notice of a version (plain text or HTML e-mail), per language."""
    from policypress.render.notice import render_notice

    project.policy(policy_id)  # an unknown policy is named with the policies there are
    # A preview: a notice is written before its announcement day. The session's checks first: a notice is
    # sent of a version that validates, and its days of notice are those the build counts.
    session = project.session(as_of=as_of, preview=True, site_url=site_url)
    context = session.context()
    policy = context.site.policy(policy_id)
    try:
        version = policy.version(version_slug.removesuffix(".yml"))
    except KeyError:
        slugs = ", ".join(version.slug for version in policy.versions)
        raise UsageError(f"{policy.id} has no version {version_slug}; its versions are {slugs} (a version is named by its effective day)") from None
    codes = [lang] if lang else list(project.languages.codes)
    for code in codes:
        if code not in project.languages:
            raise UsageError(f"--lang {code}: not a language of this site ({', '.join(project.languages.codes)})")
    for code in codes:
        _subject, text, html_body = render_notice(context, policy, version, code, session.site_url or "")
        print(html_body if form == "html" else text)
    session.close()
    return 0


__all__ = ["AS_OF_ENV", "check", "diff", "init", "lock", "new_version", "notice", "pick_versions", "schedule", "schema"]
