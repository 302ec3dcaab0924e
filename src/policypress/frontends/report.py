"""The review report of a pull request: what it changes, and whether it may be published.

Written as Markdown for a PR comment. It compares the head checkout (the PR)
with a base checkout (the target branch), and is made by the base branch's
code (see README, "Publishing and previews"): the rules are never the pull
request's own. It says:

* the verdict, first and last: the same one ``policypress build --strict``
  (what the publish workflow runs) would give: an error, a warning, or
  anything :func:`policypress.core.history.verify_against_base` finds makes
  the change not publishable;
* the validation results, the problems against the base branch, the
  settings a change alters, the schedule with days of notice;
* every changed passage of every version added or changed, in each
  language, as readers will read it (the one diff, words and all, never cut
  inside a change: :mod:`policypress.render.passages`);
* presentation changes (stylesheets, scripts, templates, the configuration):
  they change what readers see without changing a word of a policy, so the
  reviewer is sent to the preview.

Everything taken from the content is escaped (:mod:`policypress.core.escaping`):
no title, key or message can open a heading, a comment or a code span,
mention anyone, or become a link. :meth:`Report.comment` fits the report
into a PR comment (GitHub refuses more than 65,536 characters), leaving
out whole passages from the end and linking to the full report.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from policypress.core.addresses import MARKDOWN_SUFFIXES
from policypress.core.errors import ContentError
from policypress.core.history import file_of as _file_of, find as _find, settings_changes, verify_against_base
from policypress.core.languages import Language, Languages
from policypress.core.legal import coverage, rules_of
from policypress.core.layout import POLICY_FILE, discover, foreign, is_content
from policypress.core.loader import Site
from policypress.core.lock_file import Erratum, Translation, reason_text
from policypress.core.model import Policy, Version, languages_in
from policypress.core.rules import required_notice_days
from policypress.core.schedule import AsOf, compute, today_for
from policypress.core.escaping import md_code, md_text
from policypress.diff.sections import LABELS_ID, NOT_APPLICABLE_ID, ChangeKind, PREAMBLE_ID
from policypress.diff.service import DiffService
from policypress.render.context import diff_labels
from policypress.render.i18n import translator
from policypress.render.passages import Passage, passages, text_passages

if TYPE_CHECKING:
    from policypress.session import Session

COMMENT_LIMIT = 60_000
"""Characters of a PR comment, below GitHub's 65,536 with room for the workflow's own lines."""
MAX_COMPARED_BYTES = 5_000_000
"""Files larger than this are compared by size only (a presentation file is never that large)."""


@dataclass(frozen=True)
class Files:
    """A checkout's files that shape the site without being policy text."""

    root: Path
    docs_dir: Path
    presentation: tuple[Path, ...]
    """Folders and files named by the configuration: custom_dir, hooks, extra CSS and JS, mkdocs.yml itself, locales."""


@dataclass
class Report:
    """The report's Markdown, its verdict, and a version of it that fits a PR comment."""

    markdown: str
    publishable: bool
    errors: list[ContentError] = field(default_factory=list)
    warnings: list[ContentError] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)
    """What the comparison with the base refuses (plain text)."""
    parts: list[list[str]] = field(default_factory=list, repr=False)
    """The report as units a comment may leave out whole, the first and the last always kept."""

    def comment(self, limit: int = COMMENT_LIMIT, full_url: str | None = None) -> str:
        """The report in at most ``limit`` characters: whole units from the start, the verdict always, a link to the rest."""
        if len(self.markdown) <= limit:
            return self.markdown
        head, *middle, tail = self.parts
        pointer = (
            f"the full report is at {full_url}" if full_url and full_url.startswith("https://") else "the full report is in the workflow run's summary"
        )
        budget = limit - len("\n".join(head + tail)) - 400
        kept: list[str] = []
        left_out = 0
        for unit in middle:
            text = "\n".join(unit)
            if left_out == 0 and len(text) + 1 <= budget:
                kept.append(text)
                budget -= len(text) + 1
            else:
                left_out += sum(1 for line in unit if line.startswith("- "))
        note = f"_… {left_out} more item(s) are not shown in this comment: {pointer}._"
        return "\n".join([*head, *kept, "", note, "", *tail])


def build_report(
    head_session: Session,
    base_session: Session,
    *,
    as_of: AsOf,
    head_files: Files | None = None,
    base_files: Files | None = None,
    setup: Iterable[str] = (),
) -> Report:
    """Compare the policies of the head checkout with those of the base checkout as of ``as_of``.

    Both are validated by their sessions, as ``check`` and ``build`` would;
    what changed is the one diff (the head session's diff service).
    ``setup`` are problems of the head's configuration, found by the caller.
    """
    head_check = head_session.validate()
    head, head_root, head_docs = head_check.site, head_session.root, head_session.docs_dir
    errors, warnings = head_check.errors, head_check.warnings
    base_check = base_session.validate()
    base = base_check.site
    on_disk = {folder.relative_to(head_docs).as_posix() for folder in discover(head_docs)}
    blockers = [*setup, *verify_against_base(head, base, as_of, on_disk)]
    publishable = not errors and not warnings and not blockers
    verdict = _verdict(publishable, errors, warnings, blockers)

    parts: list[list[str]] = [["## policypress review", "", f"**Verdict:** {verdict}", ""]]
    lines = ["### Validation", ""]
    if not errors and not warnings:
        lines.append("No errors, no warnings.")
    parts.append(lines)
    parts.extend([f"- ❌ {md_code(error.display(head_root))}"] for error in errors)
    parts.extend([f"- ⚠️ {md_code(warning.display(head_root))}"] for warning in warnings)
    if base_check.errors:
        parts.append([f"- ℹ️ the base checkout has {len(base_check.errors)} errors; what does not load there is compared as new"])
    if blockers:
        parts.append(["", "### Against the base branch", ""])
        parts.extend([f"- ❌ {md_text(blocker)}"] for blocker in blockers)
    parts.append([""])
    parts.extend(_settings_section(head, base))
    parts.append(_schedule_section(head, as_of))
    parts.extend(_coverage_section(head))
    parts.extend(_changes_section(head, base, head.languages, as_of, head_docs, head_session.diffs))
    if head_files is not None and base_files is not None:
        parts.extend(_presentation_section(head_files, base_files))
    parts.append(["### Verdict", "", verdict, ""])
    markdown = "\n".join(line for part in parts for line in part)
    return Report(markdown, publishable, errors, warnings, blockers, parts)


def _verdict(publishable: bool, errors: list[ContentError], warnings: list[ContentError], blockers: list[str]) -> str:
    if publishable:
        return "✅ Publishable."
    counts = [f"{len(errors)} error(s)"] if errors else []
    if warnings:
        counts.append(f"{len(warnings)} warning(s) (the publish build runs with --strict, where a warning fails)")
    if blockers:
        counts.append(f"{len(blockers)} problem(s) against the base branch")
    return f"❌ **Not publishable**: {' and '.join(counts)}."


def _shown(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{code}: {text}" for code, text in value.items())
    return "nothing" if value is None else str(value)


def _settings_section(head: Site, base: Site) -> list[list[str]]:
    """The settings a change alters, each with the recorded change (and its public reason) that accounts for it."""
    parts: list[list[str]] = []
    for policy in head.policies:
        base_policy = _find(base, policy.id)
        changed = settings_changes(policy, base_policy)
        base_changes = base_policy.lock.settings_changes() if base_policy is not None and base_policy.lock is not None else []
        recorded = policy.lock.settings_changes()[len(base_changes):] if policy.lock is not None else []
        for label, before, after in changed:
            parts.append([f"- {md_code(policy.id)} {md_text(label)}: {md_text(_shown(before))} → {md_text(_shown(after))}"])
        for change in recorded:
            parts.append([f"- {md_code(policy.id)}: recorded as a change of {change.date}, with the public reason: {md_text(reason_text(change.reason))}"])
    if parts:
        return [["### Settings", "", "A policy's title, owner or notice periods change (shown on its history page):", ""], *parts, [""]]
    return []


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


def _coverage_section(site: Site) -> list[list[str]]:
    """What the newest version of each policy of a kind with legal rules covers, item by item."""
    parts: list[list[str]] = []
    for policy in site.policies:
        rules = rules_of(policy.meta.kind)
        if rules is None or not policy.versions:
            continue
        version = policy.versions[-1]
        lines = [
            f"**{md_code(policy.id)} {version.slug}**: the items the law requires of a {md_text(rules.kind)} policy on {version.effective}",
            "",
            "| item | article | covered by | status |",
            "|---|---|---|---|",
        ]
        for found in coverage(policy, version):
            item = found.item
            status = found.status if not (found.status == "missing" and item.applies == "if-applicable") else "missing (cover it, or say why it does not apply)"
            if found.not_applicable is not None and not found.sections:
                status = "not applicable: " + md_text(found.not_applicable.get("ko") or next(iter(found.not_applicable.values())))
            mark = "❌ " if found.status == "missing" else ""
            lines.append(
                f"| {md_code(item.id)} | {md_text(item.text(item.article, 'ko'))} | {md_text(', '.join(found.sections) or '-')} | {mark}{status} |"
            )
        parts.append(lines + [""])
    return [["### Legal coverage", ""], *parts] if parts else []


def _changes_section(head: Site, base: Site, languages: Languages, as_of: AsOf, head_docs: Path, diffs: DiffService) -> list[list[str]]:
    parts: list[list[str]] = [["### Changes", ""]]
    found = False
    for policy in head.policies:
        base_policy = _find(base, policy.id)
        base_versions = {v.slug: v for v in base_policy.versions} if base_policy else {}
        locked = base_policy.lock.entries if base_policy is not None and base_policy.lock is not None else {}
        for version in reversed(policy.versions):
            old = base_versions.get(version.slug)
            if old is not None and old.content_hash() == version.content_hash():
                continue
            found = True
            published = version.announced <= today_for(as_of, policy.meta.timezone)
            state = ("published" if published else "scheduled") if version.slug in locked else None
            entry = policy.lock.entries.get(version.slug) if policy.lock is not None else None
            base_errata = locked[version.slug].errata if version.slug in locked else []
            errata = entry.errata[len(base_errata):] if entry else []
            base_translations = locked[version.slug].translations if version.slug in locked else []
            translations = entry.translations[len(base_translations):] if entry else []
            parts.extend(_version_changes(policy, version, old, state, errata, languages, diffs, translations))
        for slug in sorted(set(base_versions) - {v.slug for v in policy.versions}):
            if _file_of(policy, slug).is_file():
                continue  # the file is there but did not load: its errors are listed above
            found = True
            parts.append([f"- **Version {md_code(slug)} of {md_code(policy.id)} was deleted.**"])
    for base_policy in base.policies:
        if _find(head, base_policy.id) is None and not (head_docs / base_policy.id / POLICY_FILE).is_file():
            found = True
            parts.append([f"- **Policy {md_code(base_policy.id)} was deleted.**"])
    if not found:
        parts.append(["No policy version is added or changed."])
    parts.append([""])
    return parts


def _version_changes(
    policy: Policy,
    version: Version,
    old: Version | None,
    locked: str | None,
    errata: list[Erratum],
    languages: Languages,
    diffs: DiffService,
    translations: Sequence[Translation] = (),
) -> list[list[str]]:
    what = "added" if old is None else "changed"
    lines = [f"#### {md_code(policy.id)} {version.slug} ({what})", ""]
    # An erratum that ends at this text accounts for the edit (the lock's own
    # checks say whether it may): the reviewer reads the reason readers will
    # be given instead of a warning to revert.
    if locked == "published" and errata and errata[-1].new == version.content_hash():
        lines.append(
            f"**Version {version.slug} was already published: this correction is recorded as "
            f"{'an erratum' if len(errata) == 1 else f'{len(errata)} errata'}, shown on its history page with the text it replaces.**"
        )
        lines.append("")
        lines.extend(f"- Erratum of {erratum.date}: {md_text(reason_text(erratum.reason))}" for erratum in errata)
        lines.append("")
    elif locked == "published" and translations and translations[-1].new == version.content_hash():
        # A language added, the others word for word as published (the lock's own checks prove it, or say why not).
        added = ", ".join(md_code(t.language) for t in translations)
        lines.append(
            f"**Version {version.slug} was already published: this change adds its translation into {added}, recorded "
            "as such on its history page (not an erratum); its other languages are as published. Read the new text below.**"
        )
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
        lines += ["First version of this policy.", ""]
        return [lines]
    compared = "the base branch's text" if old is not None else f"the previous version ({previous.slug})"
    lines += [f"Compared with {compared}: each changed passage, as readers will read it.", ""]
    parts = [lines]
    content, before = version.content, previous.content
    if old is not None and (before.announced, before.effective, before.adverse) != (content.announced, content.effective, content.adverse):
        parts.append([
            f"- dates: announced {before.announced} → {content.announced}, effective {before.effective} → "
            f"{content.effective}, adverse {'yes' if before.adverse else 'no'} → {'yes' if content.adverse else 'no'}"
        ])  # fmt: skip
    for language in languages:
        code = language.code
        for name in ("summary", "notice_waiver"):
            old_text = (getattr(before, name) or {}).get(code, "")
            new_text = (getattr(content, name) or {}).get(code, "")
            if " ".join(old_text.split()) != " ".join(new_text.split()):
                parts.extend([f"- {name} ({code}): {_passage(p)}"] for p in text_passages(old_text, new_text))
        labels = diff_labels(translator(language))  # the changes page's labels: the one diff, from the same cache
        # A language the earlier text did not have (a translation added): every passage of it is new, to be read whole.
        earlier = previous if code in languages_in(previous.content_data()) else None
        for change in diffs.diff(earlier, version, code, labels):
            if change.kind is ChangeKind.UNCHANGED:
                if change.moved:
                    parts.append([f"- {_section_name(change.id)} ({code}): moved, text unchanged"])
                continue
            kind = change.kind.value + (", moved" if change.moved else "")
            name = _section_name(change.id)
            if change.renamed:
                parts.extend([f"- {name} ({code}, title): {_passage(p)}"] for p in passages(change.title_html, context=20))
            found = passages(change.body_html)
            parts.extend([f"- {name} ({code}, {kind}): {_passage(p)}"] for p in found)
            if not found and not change.renamed:
                parts.append([f"- {name} ({code}, {kind}): the change is in markup only (links, emphasis): see the preview"])
    parts.append([""])
    return parts


def _section_name(section_id: str) -> str:
    if section_id == PREAMBLE_ID:
        return "opening text"
    if section_id == LABELS_ID:
        return "labelling summary"
    return "items that do not apply" if section_id == NOT_APPLICABLE_ID else md_code(section_id)


def _passage(passage: Passage) -> str:
    """A passage as one line of a PR comment: the reader's words, escaped, the changes marked as GitHub shows them."""
    out = ["…" if passage.cut_before else ""]
    for op, text in passage.segments:
        shown = md_text(text)
        out.append(f"<ins>{shown}</ins>" if op == "insert" else f"<del>{shown}</del>" if op == "delete" else shown)
    out.append("…" if passage.cut_after else "")
    return "".join(out)


@functools.cache
# -- presentation ---------------------------------------------------------------------------


def _digests(files: Files) -> dict[str, str]:
    """Every file that shapes the site but is not policy text, by its path in the checkout, with a digest of its bytes."""
    found: dict[str, str] = {}
    roots = [files.docs_dir, *files.presentation]
    for root in roots:
        paths: Iterable[Path] = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in paths:
            relative = path.relative_to(files.root).as_posix() if files.root in path.parents else path.name
            if any(part.startswith(".") for part in Path(relative).parts):
                continue
            if path.is_symlink():
                # A link is a change of its own: where it leads (validation refuses one that leads out).
                found[relative] = hashlib.sha256(b"link:" + str(path.readlink()).encode()).hexdigest()
                continue
            if not path.is_file() or foreign(path, files.docs_dir) is not None:
                continue
            if files.docs_dir in path.parents and is_content(path):
                continue  # policy content: its changes are the report's own subject
            size = path.stat().st_size
            data = path.read_bytes() if size <= MAX_COMPARED_BYTES else str(size).encode()
            found[relative] = hashlib.sha256(data).hexdigest()
    # Policy folders hold content only (the layout refuses anything else): not presentation.
    policies = [folder.relative_to(files.root).as_posix() + "/" for folder in discover(files.docs_dir) if files.root in folder.parents]
    return {name: digest for name, digest in found.items() if not any(name.startswith(folder) for folder in policies)}


def _presentation_section(head: Files, base: Files) -> list[list[str]]:
    now, before = _digests(head), _digests(base)
    changed = sorted(
        (name, "added" if name not in before else "removed" if name not in now else "changed")
        for name in set(now) | set(before)
        if now.get(name) != before.get(name)
    )
    pages = [(name, how) for name, how in changed if Path(name).suffix.lower() in MARKDOWN_SUFFIXES]
    looks = [(name, how) for name, how in changed if Path(name).suffix.lower() not in MARKDOWN_SUFFIXES]
    parts: list[list[str]] = []
    if looks:
        parts.append([
            "### Presentation changes: look at the preview", "",
            "These files change how the site looks or what it runs (stylesheets, scripts, templates, settings), not a "
            "policy's words: a rule in a stylesheet can hide a section. Read the preview, in each language.", "",
        ])  # fmt: skip
        parts.extend([f"- {md_code(name)} ({how})"] for name, how in looks)
        parts.append([""])
    if pages:
        parts.append(["### Pages changed", ""])
        parts.extend([f"- {md_code(name)} ({how})"] for name, how in pages)
        parts.append([""])
    return parts


__all__ = ["COMMENT_LIMIT", "Files", "Report", "build_report"]
