"""The review report of a pull request: what it changes, and whether it may be published.

Written as Markdown for a PR comment. It compares the head checkout (the PR)
with a base checkout (the target branch): validation results, the schedule
with days of notice, and for each version added or changed, every field and
section that changed in each language as a compact word diff.

The report is also where a lock file is held to its history. A lock proves
when a text was first recorded only as far as nobody rewrote it, so against
the base branch the report refuses (``❌ Not publishable``):

* a published version, or a whole policy, that the PR deletes;
* a version new in the PR that claims an announcement day already past
  (readers never saw it: the site publishes only what is merged);
* a lock entry of the base that the PR rewrites by hand (its hash, its
  dates) instead of through a recorded erratum, or policy settings changed
  without a recorded change;
* a version the PR adds or edits without locking it.

Everything taken from the content is escaped (:mod:`policypress.core.textsafe`),
so no title, key or message can open a heading, a comment or a code span and
forge the verdict.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from policypress.diff.sections import DiffLabels
from policypress.diff.tokens import diff_text_markdown
from policypress.diff.service import DiffService
from policypress.render import textdiff
from policypress.core.errors import ContentError, ContentErrors
from policypress.core.languages import Language, Languages
from policypress.core.layout import POLICY_FILE, VERSIONS_DIR, discover
from policypress.core.loader import Site
from policypress.core.lockfile import FIXED_SETTINGS, Erratum, LockFile, PolicyLock, lock_path, reason_text
from policypress.core.locks import scheduled_unlocked
from policypress.core.model import Policy, Version
from policypress.core.rules import required_notice_days
from policypress.core.schedule import AsOf, compute, today_for
from policypress.core.textsafe import md_code, md_text

if TYPE_CHECKING:
    from policypress.session import Session

_MAX_DIFF_CHARS = 1500  # per field and language: a PR comment must stay readable


@dataclass
class Report:
    """The report's Markdown and its verdict."""

    markdown: str
    publishable: bool
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    """What the comparison with the base refuses (Markdown, escaped)."""


def build_report(head_session: Session, base_session: Session, *, as_of: AsOf) -> Report:
    """Compare the policies of the head checkout with those of the base checkout as of ``as_of``.

    Both are validated by their sessions, as ``check`` and ``build`` would;
    what changed is the one diff (the head session's diff service).
    """
    head_check = head_session.validate()
    head, head_root, head_docs = head_check.site, head_session.root, head_session.docs_dir
    errors, warnings = head_check.errors, head_check.warnings
    base_check = base_session.validate()
    base = base_check.site
    on_disk = {folder.relative_to(head_docs).as_posix() for folder in discover(head_docs)}
    blockers = _history_blockers(head, base, as_of, on_disk) + _unlocked_blockers(head, base, as_of)

    lines: list[str] = ["## policypress review", "", "### Validation", ""]
    if not errors and not warnings:
        lines.append("No errors, no warnings.")
    for error in errors:
        lines.append(f"- ❌ {md_code(error.display(head_root))}")
    for warning in warnings:
        lines.append(f"- ⚠️ {md_code(warning.display(head_root))}")
    if base_check.errors:
        lines.append(f"- ℹ️ the base checkout has {len(base_check.errors)} errors; what does not load there is compared as new")
    lines.append("")
    if blockers:
        lines += ["### Against the base branch", ""]
        lines += [f"- ❌ {blocker}" for blocker in blockers]
        lines.append("")

    lines.extend(_schedule_section(head, as_of))
    lines.extend(_changes_section(head, base, head.languages, as_of, head_docs, head_session.diffs))

    publishable = not errors and not blockers
    lines += ["### Verdict", ""]
    if publishable:
        lines.append("✅ Publishable.")
    else:
        counts = [f"{len(errors)} error(s)"] if errors else []
        counts += [f"{len(blockers)} problem(s) against the base branch"] if blockers else []
        lines.append(f"❌ **Not publishable**: {' and '.join(counts)} above.")
    lines.append("")
    return Report("\n".join(lines), publishable, errors, warnings, blockers)


def _find(site: Site, policy_id: str) -> Policy | None:
    try:
        return site.policy(policy_id)
    except KeyError:
        return None


def _lock(policy: Policy) -> LockFile | None:
    return policy.lock


def _file_of(policy: Policy, slug: str) -> Path:
    return policy.source.path.parent / VERSIONS_DIR / f"{slug}.yml"


def _history_blockers(head: Site, base: Site, as_of: AsOf, on_disk: set[str]) -> list[str]:
    """What the PR does to published history: deletions, back-dated versions, hand-edited locks.

    ``on_disk`` are the policies the head has, loaded or not (one that fails
    to load is an error above, not a deletion).
    """
    blockers: list[str] = []
    for base_policy in base.policies:
        today = today_for(as_of, base_policy.meta.timezone)
        policy = _find(head, base_policy.id)
        published = [v for v in base_policy.versions if v.announced <= today]
        if policy is None:
            if published and base_policy.id not in on_disk:
                blockers.append(
                    f"policy {md_code(base_policy.id)} is deleted, with {len(published)} published version(s); "
                    "published versions stay published"
                )
            continue
        slugs = {v.slug for v in policy.versions}
        for version in published:
            if version.slug not in slugs and not _file_of(policy, version.slug).is_file():  # there but broken: an error above
                blockers.append(
                    f"published version {md_code(version.slug)} of {md_code(policy.id)} is deleted; "
                    "published versions stay published"
                )
        blockers.extend(_lock_blockers(policy, base_policy, today))
    for policy in head.policies:
        base_of = _find(base, policy.id)
        base_versions = {v.slug: v for v in base_of.versions} if base_of else {}
        today = today_for(as_of, policy.meta.timezone)
        for version in policy.versions:
            before = base_versions.get(version.slug)
            if before is None and version.announced < today:
                blockers.append(
                    f"version {md_code(version.slug)} of {md_code(policy.id)} is new in this change but says it was "
                    f"announced on {version.announced}, before today ({today}): readers have not seen it; set "
                    f"announced to {today} or later"
                )
            elif before is not None and before.announced != version.announced and version.announced < today:
                # Moved into the past: the site shows only what is merged, so its readers see it from today at the earliest.
                blockers.append(
                    f"version {md_code(version.slug)} of {md_code(policy.id)} now says it was announced on "
                    f"{version.announced} (the base branch says {before.announced}), before today ({today}): readers "
                    f"have not seen it since then; set announced to {today} or later"
                )
    return blockers


def _lock_blockers(policy: Policy, base_policy: Policy, today: dt.date) -> list[str]:
    base_lock, lock = _lock(base_policy), _lock(policy)
    if base_lock is None or lock is None:
        return []  # a broken lock file is a validation error of its own
    blockers = []
    name = md_code(policy.id)
    for slug, old in base_lock.entries.items():
        new = lock.entries.get(slug)
        if new is None:
            continue  # reported as a deleted version, or an unpublished one removed
        errata = [e for e in new.errata if e not in old.errata]
        if new.errata[: len(old.errata)] != old.errata:
            blockers.append(f"the errata of {md_code(slug)} of {name} in versions.lock are rewritten; errata are only added")
        if (new.locked, new.announced or old.announced) != (old.locked, old.announced or new.announced):
            blockers.append(f"the lock entry of {md_code(slug)} of {name} has new dates; the day a version was locked never changes")
        if new.hash != old.hash:
            chain = [old.hash] + [e.new for e in errata]
            valid = all(e.old == before for e, before in zip(errata, chain)) and chain[-1] == new.hash
            if not errata or not valid:
                if not _published(base_policy, slug, today):
                    continue  # a version not yet announced is locked anew when it changes
                blockers.append(
                    f"the lock entry of {md_code(slug)} of {name} has a new hash without an erratum that accounts for it; "
                    "a published text changes only by `policypress lock --erratum`"
                )
    if base_lock.policy is not None:
        if lock.policy is None:
            blockers.append(f"versions.lock of {name} no longer records the policy's settings")
        else:
            if lock.policy.changes[: len(base_lock.policy.changes)] != base_lock.policy.changes:
                blockers.append(f"the recorded changes of the settings of {name} are rewritten; they are only added")
            else:
                blockers.extend(_settings_blockers(name, base_lock.policy, lock.policy))
            if lock.policy.locked != base_lock.policy.locked:
                blockers.append(f"the day the settings of {name} were locked is changed")
    newest = _newest_date(base_lock)
    for slug, entry in lock.entries.items():
        old_errata = base_lock.entries[slug].errata if slug in base_lock.entries else []
        for erratum in entry.errata[len(old_errata):]:
            if not newest <= erratum.date <= today:
                blockers.append(
                    f"an erratum of {md_code(slug)} of {name} is dated {erratum.date}: a new erratum is dated between "
                    f"the newest date the base branch's lock records ({newest}) and today ({today})"
                )
    if base_lock.policy is not None and lock.policy is not None:
        for change in lock.policy.changes[len(base_lock.policy.changes):]:
            if not newest <= change.date <= today:
                blockers.append(
                    f"a change of the settings of {name} is dated {change.date}: a new change is dated between the "
                    f"newest date the base branch's lock records ({newest}) and today ({today})"
                )
    return blockers


def _newest_date(lock: LockFile) -> dt.date:
    """The newest day a lock records (a version locked, an erratum, a change of settings)."""
    days = [entry.locked for entry in lock.entries.values()] + [e.date for entry in lock.entries.values() for e in entry.errata]
    if lock.policy is not None:
        days += [lock.policy.locked] + [change.date for change in lock.policy.changes]
    return max(days, default=dt.date.min)


def _settings_blockers(name: str, base: PolicyLock, head: PolicyLock) -> list[str]:
    """What the added changes of a policy's settings do not account for: the settings must be the base's, changed by them."""
    blockers = []
    settings = dict(base.settings)
    for change in head.changes[len(base.changes):]:
        touched = sorted((set(change.old) | set(change.new)) & FIXED_SETTINGS)
        if touched:
            blockers.append(
                f"a recorded change of the settings of {name} changes {', '.join(touched)}, which never change once a "
                "version is published"
            )
        wrong = sorted(key for key, value in change.old.items() if settings.get(key) != value)
        if wrong:
            blockers.append(
                f"the change of the settings of {name} dated {change.date} says {', '.join(wrong)} was "
                f"{', '.join(md_text(str(change.old[key])) for key in wrong)}, which the base branch's lock does not say"
            )
        settings.update(change.new)
    fixed = sorted(key for key in FIXED_SETTINGS if head.settings.get(key) != base.settings.get(key))
    if fixed:
        blockers.append(f"the locked {', '.join(fixed)} of {name} changed; they never change once a version is published")
    elif settings != head.settings:
        blockers.append(
            f"the locked settings of {name} are changed by hand; record a change with `policypress lock --erratum`"
        )
    return blockers


def _published(policy: Policy, slug: str, today: dt.date) -> bool:
    try:
        return policy.version(slug).announced <= today
    except KeyError:
        return True  # a lock entry without its version: treat it as the record of a published one


def _unlocked_blockers(head: Site, base: Site, as_of: AsOf) -> list[str]:
    blockers = []
    for policy in head.policies:
        for version in scheduled_unlocked(policy, as_of):
            blockers.append(
                f"version {md_code(version.slug)} of {md_code(policy.id)} is not locked with its current text; "
                "run `policypress lock` and commit versions.lock (its announcement-day build would fail)"
            )
    return blockers


def _schedule_section(site: Site, as_of: AsOf) -> list[str]:
    lines = ["### Schedule", ""]
    for policy in site.policies:
        schedule = compute(policy, as_of)
        title = md_text(policy.meta.title[site.languages.default])
        lines.append(f"**{title}** ({md_code(policy.id)}, today {schedule.today} in {md_text(policy.meta.timezone)})")
        lines.append("")
        lines.append("| version | announced | effective | notice | needed | state |")
        lines.append("|---|---|---|---|---|---|")
        for item in reversed(schedule.states):
            version = item.version
            days = (version.effective - version.announced).days
            needed = required_notice_days(policy, version)
            waived = " (waived)" if version.content.notice_waiver else ""
            adverse = " adverse" if version.content.adverse else ""
            lines.append(
                f"| {version.slug} | {version.announced} | {version.effective} | {days} days{waived} | "
                f"{needed} days{adverse} | {item.state.value} |"
            )
        lines.append("")
        upcoming = [
            (day, what, version)
            for version in policy.versions
            for day, what in ((version.announced, "announced"), (version.effective, "takes effect"))
            if day > schedule.today
        ]
        for day, what, version in sorted(upcoming, key=lambda item: item[0]):
            lines.append(f"- {day}: {version.slug} {what}")
        if upcoming:
            lines.append("")
    return lines


def _changes_section(head: Site, base: Site, languages: Languages, as_of: AsOf, head_docs: Path, diffs: DiffService) -> list[str]:
    lines = ["### Changes", ""]
    found = False
    for policy in head.policies:
        base_policy = _find(base, policy.id)
        base_versions = {v.slug: v for v in base_policy.versions} if base_policy else {}
        base_lock = _lock(base_policy) if base_policy else None
        locked = base_lock.entries if base_lock else {}
        head_lock = _lock(policy)
        for version in reversed(policy.versions):
            old = base_versions.get(version.slug)
            if old is not None and old.content_hash() == version.content_hash():
                continue
            found = True
            published = version.announced <= today_for(as_of, policy.meta.timezone)
            state = ("published" if published else "scheduled") if version.slug in locked else None
            entry = head_lock.entries.get(version.slug) if head_lock else None
            base_errata = locked[version.slug].errata if version.slug in locked else []
            errata = entry.errata[len(base_errata):] if entry else []
            lines.extend(_version_changes(policy, version, old, state, errata, languages, diffs))
        for slug in sorted(set(base_versions) - {v.slug for v in policy.versions}):
            if _file_of(policy, slug).is_file():
                continue  # the file is there but did not load: its errors are listed above
            found = True
            lines.append(f"- **Version {md_code(slug)} of {md_code(policy.id)} was deleted.**")
    for base_policy in base.policies:
        if _find(head, base_policy.id) is None and not (head_docs / base_policy.id / POLICY_FILE).is_file():
            found = True
            lines.append(f"- **Policy {md_code(base_policy.id)} was deleted.**")
    if not found:
        lines.append("No policy version is added or changed.")
    lines.append("")
    return lines


def _texts(version: Version, code: str) -> list[tuple[str, str]]:
    """Every field a reader sees, in language ``code``, as (label, text), sections last."""
    content = version.content
    out = [("dates", f"announced {content.announced}, effective {content.effective}, adverse {'yes' if content.adverse else 'no'}")]
    out.append(("summary", content.summary[code]))
    if content.notice_waiver:
        out.append(("notice_waiver", content.notice_waiver[code]))
    return out


def _version_changes(
    policy: Policy,
    version: Version,
    old: Version | None,
    locked: str | None,
    errata: list[Erratum],
    languages: Languages,
    diffs: DiffService,
) -> list[str]:
    what = "added" if old is None else "changed"
    lines = [f"#### {md_code(policy.id)} {version.slug} ({what})", ""]
    # An erratum that ends at this text accounts for the edit (the lock's own
    # checks above say whether its chain of hashes holds): the reviewer reads
    # the reason readers will be given instead of a warning to revert.
    if locked == "published" and errata and errata[-1].new == version.content_hash():
        lines.append(
            f"**Version {version.slug} was already published: this correction is recorded as "
            f"{'an erratum' if len(errata) == 1 else f'{len(errata)} errata'}, shown on its history page.**"
        )
        lines.append("")
        lines.extend(f"- Erratum of {erratum.date}: {md_text(reason_text(erratum.reason))}" for erratum in errata)
        lines.append("")
    elif locked == "published":
        lines.append(
            f"**⚠️ Version {version.slug} was already published and is locked: editing it changes a published "
            "text. Revert, or record an erratum (`policypress lock --erratum`).**"
        )
        lines.append("")
    elif locked == "scheduled":
        lines.append(f"Version {version.slug} is not announced yet: after editing it, run `policypress lock` again.")
        lines.append("")
    previous = old or next((v for v in reversed(policy.versions) if v.effective < version.effective), None)
    if previous is None:
        lines.append("First version of this policy.")
        lines.append("")
        return lines
    compared = "the base branch's text" if old is not None else f"the previous version ({previous.slug})"
    lines.append(f"Compared with {compared}.")
    lines.append("")
    for language in languages:
        code = language.code
        before, after = dict(_texts(previous, code)), _texts(version, code)
        for label, text in after:
            prior = before.get(label, "")
            if " ".join(prior.split()) == " ".join(text.split()):
                continue
            if label == "dates" and old is None:
                continue  # a new version's dates are in the schedule above
            lines.append(f"- {label} ({code}): {_shortened(diff_text_markdown(prior, text))}")
        for label in before:
            if label not in dict(after):
                lines.append(f"- {label} ({code}): removed")
    # The sections and the opening text: what the one diff says changed, quoted from their Markdown source.
    for language in languages:
        code = language.code
        for change in textdiff.changes(previous, version, code, diff_labels(language), diffs):
            name = "preamble" if change.id == textdiff.PREAMBLE else md_code(change.id)
            if change.kind == "removed":
                lines.append(f"- {name} ({code}): removed")
                continue
            old_text = _joined(change.old_title, change.old_body)
            new_text = _joined(change.new_title, change.new_body)
            lines.append(f"- {name} ({code}, {textdiff.label(change)}): {_shortened(diff_text_markdown(old_text, new_text))}")
    lines.append("")
    return lines


def _joined(title: str, body: str) -> str:
    """A section as the report quotes it: its title, then its body."""
    return f"{title}\n\n{body}" if title else body


@functools.cache
def diff_labels(language: Language) -> DiffLabels:
    """The labels of the one diff in ``language`` (the changes page's, so the diff is the same one)."""
    from policypress.render.context import diff_labels as labels_of
    from policypress.render.i18n import translator

    return labels_of(translator(language))


def _shortened(diff: str) -> str:
    """A diff on one line of a list, cut at a readable length without leaving its markup open."""
    flat = " ".join(diff.split())
    if len(flat) > _MAX_DIFF_CHARS:
        cut = _MAX_DIFF_CHARS
        while cut > 0:
            cut = flat.rfind(" ", 0, cut)
            head = flat[:cut]
            if cut > 0 and _balanced(head):
                break
        flat = (flat[:cut] if cut > 0 else "") + " …"
    return flat.replace("|", "\\|")


def _balanced(text: str) -> bool:
    return (
        text.count("~~") % 2 == 0
        and text.count("**") % 2 == 0
        and text.count("<ins>") == text.count("</ins>")
        and text.count("<del>") == text.count("</del>")
    )


__all__ = ["Report", "build_report"]
