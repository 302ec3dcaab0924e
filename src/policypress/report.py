"""The review report of a pull request: what it changes, and whether it may be published.

Written as Markdown for a PR comment. It compares the head checkout (the PR)
with a base checkout (the target branch): validation results, the schedule
with days of notice, and for each version added or changed, the sections that
changed in each language as a compact word diff. Editing a published (locked)
version is called out in bold; the report's verdict is what the exit code says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .diff import diff_text_markdown
from .errors import ContentError, ContentErrors
from .languages import Languages
from .loader import Site, load_site
from .lockfile import LockFile, lock_path
from .lockfile import verify as verify_locks
from .model import Policy, Version
from .parity import check_site, load_glossary
from .rules import required_notice_days
from .schedule import AsOf, compute

_MAX_DIFF_CHARS = 1500  # per section and language: a PR comment must stay readable


@dataclass
class Report:
    """The report's Markdown and its verdict."""

    markdown: str
    publishable: bool
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)


def _try_load(docs_dir: Path, languages: Languages, root: Path) -> tuple[Site | None, list[ContentError]]:
    try:
        return load_site(docs_dir, languages, root), []
    except ContentErrors as exc:
        return None, exc.errors


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build_report(
    *,
    head_root: Path,
    head_docs: Path,
    base_root: Path,
    base_docs: Path,
    languages: Languages,
    as_of: AsOf,
    base_languages: Callable[[], Languages] | None = None,
) -> Report:
    """Compare the policies of ``head_docs`` with those of ``base_docs`` as of ``as_of``."""
    lines: list[str] = ["## policypress review", ""]
    head, errors = _try_load(head_docs, languages, head_root)
    warnings: list[ContentError] = []
    if head is not None:
        errors.extend(verify_locks(head))
        warnings = check_site(head, load_glossary(head_docs))
    base, base_errors = _try_load(base_docs, base_languages() if base_languages else languages, base_root)

    lines.append("### Validation")
    lines.append("")
    if not errors and not warnings:
        lines.append("No errors, no warnings.")
    for error in errors:
        lines.append(f"- ❌ `{error.display(head_root)}`")
    for warning in warnings:
        lines.append(f"- ⚠️ `{warning.display(head_root)}`")
    if base is None:
        lines.append(f"- ℹ️ the base checkout does not load ({len(base_errors)} errors); everything is compared as new")
    lines.append("")

    if head is not None:
        lines.extend(_schedule_section(head, as_of))
        lines.extend(_changes_section(head, base, languages))

    publishable = not errors
    lines.append("### Verdict")
    lines.append("")
    lines.append("✅ Publishable." if publishable else f"❌ **Not publishable**: {len(errors)} error(s) above.")
    lines.append("")
    return Report("\n".join(lines), publishable, errors, warnings)


def _schedule_section(site: Site, as_of: AsOf) -> list[str]:
    lines = ["### Schedule", ""]
    for policy in site.policies:
        schedule = compute(policy, as_of)
        lines.append(f"**{policy.meta.title[site.languages.default]}** (`{policy.id}`, today {schedule.today} in {policy.meta.timezone})")
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


def _changes_section(head: Site, base: Site | None, languages: Languages) -> list[str]:
    lines = ["### Changes", ""]
    found = False
    for policy in head.policies:
        base_policy = _find(base, policy.id)
        base_versions = {v.slug: v for v in base_policy.versions} if base_policy else {}
        locked = LockFile.read(lock_path(base_policy)).entries if base_policy else {}
        for version in reversed(policy.versions):
            old = base_versions.get(version.slug)
            if old is not None and old.content_hash() == version.content_hash():
                continue
            found = True
            lines.extend(_version_changes(policy, version, old, locked.get(version.slug) is not None, languages))
        for slug in sorted(set(base_versions) - {v.slug for v in policy.versions}):
            found = True
            lines.append(f"- **Version {slug} of `{policy.id}` was deleted.**")
    if not found:
        lines.append("No policy version is added or changed.")
    lines.append("")
    return lines


def _find(site: Site | None, policy_id: str) -> Policy | None:
    if site is None:
        return None
    try:
        return site.policy(policy_id)
    except KeyError:
        return None


def _version_changes(policy: Policy, version: Version, old: Version | None, was_locked: bool, languages: Languages) -> list[str]:
    what = "added" if old is None else "changed"
    lines = [f"#### `{policy.id}` {version.slug} ({what})", ""]
    if was_locked:
        lines.append(
            f"**⚠️ Version {version.slug} was already published and is locked: editing it changes a published "
            "text. Revert, or record an erratum (`policypress lock --erratum`).**"
        )
        lines.append("")
    previous = old or next((v for v in reversed(policy.versions) if v.effective < version.effective), None)
    if previous is None:
        lines.append("First version of this policy.")
        lines.append("")
        return lines
    compared = "the base branch's text" if old is not None else f"the previous version ({previous.slug})"
    lines.append(f"Compared with {compared}.")
    lines.append("")
    before = {section.id: section for section in previous.content.sections}
    for section in version.content.sections:
        prior = before.get(section.id)
        for language in languages:
            code = language.code
            new_text = f"{section.title[code]}\n\n{section.body[code]}"
            old_text = f"{prior.title[code]}\n\n{prior.body[code]}" if prior else ""
            if old_text.strip() == new_text.strip():
                continue
            diff = diff_text_markdown(old_text, new_text) if prior else f"**{new_text}**"
            if len(diff) > _MAX_DIFF_CHARS:
                diff = diff[:_MAX_DIFF_CHARS] + " …"
            label = "added" if prior is None else "changed"
            lines.append(f"- `{section.id}` ({code}, {label}): {_escape(diff)}")
    for section_id in before:
        if section_id not in {s.id for s in version.content.sections}:
            lines.append(f"- `{section_id}`: removed")
    lines.append("")
    return lines


__all__ = ["Report", "build_report"]
