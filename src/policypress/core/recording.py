"""Recording in the lock: new versions (``policypress lock``), errata, and changes of a policy's settings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from pydantic import ValidationError


from policypress.core.errors import PolicyPressError
from policypress.core.loader import Site
from policypress.core.source_text import forbidden_character
from policypress.core.lock_file import (
    FIXED_SETTINGS, MAX_REASON, SETTING_LABELS, SETTINGS, Erratum, LockFile, PolicyLock, Review, SettingsChange, Translation, field_hashes,
    hash_in, locked_languages, new_entry, read_lock, section_hashes, settings_of,
)
from policypress.core.lock_rules import pending_translations, translated_setting
from policypress.core.corrections import fact_changes, not_wording
from policypress.core.model import Policy, Version, VersionFile, digest, languages_in
from policypress.core.notice_law import notice_law
from policypress.core.parity import Term, stale_sections
from policypress.core.placeholders import version_placeholders
from policypress.core.publication import Deployed, shown
from policypress.core.schedule import AsOf, today_for

# -- writing ------------------------------------------------------------------------------


class LockRefused(PolicyPressError, ValueError):
    """``policypress lock`` will not record something; the message says why.

    A :class:`PolicyPressError` (the user's to fix, shown as one line), and
    still a ValueError for callers that treat a refused value as one.
    """


class ReasonRefused(PolicyPressError, ValueError):
    """A reason or a settings change ``lock`` cannot record as given; the message says what to write instead."""


@dataclass
class LockResult:
    """What :func:`lock` changed."""

    added: list[Version] = field(default_factory=list)
    updated: list[Version] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    """The policies whose settings were recorded for the first time."""
    translated: list[tuple[Version, tuple[str, ...]]] = field(default_factory=list)
    """Published versions given a translation, with the languages added."""
    translated_settings: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    """(policy, setting, languages): a title or owner given a translation."""


def _plain_reason(reason: str | dict[str, str], what: str, languages: list[str]) -> str | dict[str, str]:
    """A reason is published on the history page and in policies.json: one line of plain text, in the site's languages.

    Returns it stripped. A reason in several languages names only languages of
    the site, each with its own text.
    """
    texts = {None: reason} if isinstance(reason, str) else dict(reason)
    for code, text in texts.items():
        where = "the reason" if code is None else f"the reason in {code}"
        if code is not None and code not in languages:
            raise ReasonRefused(f"{where}: {code} is not a language of this site ({', '.join(languages)})")
        if not text.strip():
            raise ReasonRefused(f"{what} needs a reason, shown publicly on the history page" if code is None else f"{where} is empty")
        if len(text.strip()) > MAX_REASON:
            raise ReasonRefused(
                f"{where} is {len(text.strip()):,} characters long; it is shown on the history page: write it in at most "
                f"{MAX_REASON:,} (the correction itself is shown beside it)"
            )
        found = forbidden_character(text.strip(), key=True)
        if found is not None:
            whose = "the reason's" if code is None else f"{where}:"
            raise ReasonRefused(f"{whose} character {found[0] + 1} is {found[1]}; write the reason as one line of plain text")
    if isinstance(reason, str):
        return reason.strip()
    return {code: text.strip() for code, text in reason.items()}


def _unwritten(policy: Policy, version: Version) -> str | None:
    """Why ``version`` may not be locked yet: placeholders of ``policypress init`` left in its file."""
    found = version_placeholders(version)
    if not found:
        return None
    line, _column, text = found[0]
    count = f"{len(found)} placeholders" if len(found) > 1 else "a placeholder"
    return (
        f"{policy.id} {version.slug} still has {count} to write (the first, {text}, on line {line} of "
        f"{version.source.path.name}); replace each with its text (policypress check lists them), then lock"
    )


def lock(site: Site, when: AsOf, deployed: Deployed | None = None) -> LockResult:
    """Record every version not yet locked, the new text of versions readers have not seen, and the policies' settings.

    Refuses (:class:`LockRefused`) to record a version whose announcement day
    has passed: locking it now would date its text after the notice it claims.
    Readers have seen a version once its announcement day has come, or, with
    the deployed site known (``deployed``), once that site showed it: a
    version merged too late to be shown may be moved and locked again.
    """
    result = LockResult()
    refusals = []
    plans: list[tuple[LockFile, bool]] = []
    for policy in site.policies:
        file = read_lock(policy)
        today = today_for(when, policy.meta.timezone)
        changed = False
        for version in policy.versions:
            entry = file.entries.get(version.slug)
            unwritten = _unwritten(policy, version) if entry is None or entry.hash != version.content_hash() else None
            if unwritten:
                refusals.append(unwritten)
                continue
            if entry is None:
                late = version.announced < today and version.content.notice_waiver is None
                if late:
                    refusals.append(
                        f"{policy.id} {version.slug} says it was announced on {version.announced}, before today "
                        f"({today}), but it was never locked: readers could not have seen it; set announced to "
                        f"{today} or later (or restore its lock entry if it was published)"
                    )
                    continue
                file.entries[version.slug] = new_entry(version, today)
                result.added.append(version)
                changed = True
            elif entry.hash != version.content_hash() and (added := pending_translations(entry, version, policy.meta.authoritative)) and shown(
                deployed, policy.id, version.slug, version.announced, today
            ):
                # A translation added to a published version: recorded, dated, never an erratum (the other
                # languages' text is exactly as published, which pending_translations proved).
                locked = locked_languages(entry, version, policy.meta.authoritative)
                for code in added:
                    before, locked = hash_in(version, locked), tuple(sorted((*locked, code)))
                    entry.translations.append(Translation(code, today, before, hash_in(version, locked)))
                entry.hash = version.content_hash()
                entry.sections = section_hashes(version)
                entry.fields = field_hashes(version)
                entry.languages = languages_in(version.content_data())
                entry.legacy_meta = None
                result.translated.append((version, added))
                changed = True
            elif entry.hash != version.content_hash() and not shown(deployed, policy.id, version.slug, version.announced, today):
                if version.announced < today and version.content.notice_waiver is None:
                    refusals.append(
                        f"{policy.id} {version.slug} was never shown to readers but says it was announced on "
                        f"{version.announced}, before today ({today}); set announced to {today} or later"
                    )
                    continue
                file.entries[version.slug] = new_entry(version, today)
                result.updated.append(version)
                changed = True
            elif not entry.fields and entry.hash == version.content_hash():
                entry.fields = field_hashes(version)  # a format 1 entry gains what format 2 records
                entry.announced = version.announced
                entry.legacy_meta = None
                changed = True

        slugs = {version.slug for version in policy.versions}
        for slug, entry in list(file.entries.items()):
            if slug not in slugs and entry.announced is not None and not shown(deployed, policy.id, slug, entry.announced, today):
                del file.entries[slug]
                result.removed.append((policy.id, slug))
                changed = True
        if file.policy is None and file.entries:
            file.policy = PolicyLock(today, settings_of(policy.meta))
            result.settings.append(policy.id)
            changed = True
        elif file.policy is not None:
            # A title or owner given a new language, the others word for word: a translation, kept without a reason.
            for name, value in settings_of(policy.meta).items():
                added = translated_setting(file.policy.settings.get(name), value)
                if added:
                    file.policy.settings[name] = value
                    result.translated_settings.append((policy.id, SETTING_LABELS[name], added))
                    changed = True
        plans.append((file, changed))
    if refusals:
        raise LockRefused("; ".join(refusals))
    for file, changed in plans:
        if changed:
            file.write()
    return result


def record_erratum(
    site: Site,
    policy_id: str,
    slug: str,
    reason: str | dict[str, str],
    when: AsOf,
    *,
    published: dict[str, Any] | None,
    glossary: tuple[Term, ...] = (),
) -> Erratum:
    """Accept the current content of a locked version as a correction, with a public reason (once, or per language).

    ``published`` is the text the lock records (a version file's content, as
    found in the repository's history by the front end): the erratum keeps
    it, so readers can still read the text as it was published, and it is
    what the correction is checked against. A correction that changes a fact
    (:func:`policypress.core.corrections.fact_changes`) is refused: that is
    a new version, with its notice.
    """
    reason = _plain_reason(reason, "an erratum", list(site.languages.codes))
    policy = site.policy(policy_id)
    version = policy.version(slug)
    file = read_lock(policy)
    entry = file.entries.get(slug)
    if entry is None:
        raise LockRefused(f"{policy_id} {slug} is not locked; an erratum corrects a published, locked version")
    new_hash = version.content_hash()
    if new_hash == entry.hash:
        raise LockRefused(f"{policy_id} {slug} has not changed since it was locked; there is nothing to correct")
    if published is None or digest(published) != entry.hash:
        raise LockRefused(
            f"the text of {policy_id} {slug} as it was locked ({entry.hash}) is not in this repository's history, so "
            "policypress cannot keep it public nor check what the correction changes; commit the published text "
            "first (or run this in a clone with its history), then correct it"
        )
    try:
        before = VersionFile.model_validate(published)
    except ValidationError:
        raise LockRefused(f"the text of {policy_id} {slug} found in the history is not a version file of this policypress") from None
    was, now = languages_in(published), languages_in(version.content_data())
    if was != now:
        added = ", ".join(code for code in now if code not in was) or "none"
        gone = ", ".join(code for code in was if code not in now) or "none"
        raise LockRefused(
            f"the correction of {policy_id} {slug} changes which languages it is written in (added: {added}; removed: "
            f"{gone}); an erratum corrects wording in the languages that were published. A translation added is recorded "
            "on its own by `policypress lock`: correct the text first without the new language, or record the translation "
            "first with the other languages as published"
        )
    changed = fact_changes(before, version.content, glossary)
    if changed:
        today = today_for(when, policy.meta.timezone)
        minimum = notice_law().on(today)
        earliest = today + dt.timedelta(days=max(policy.meta.notice.days, minimum.days))
        raise LockRefused(
            f"the correction of {policy_id} {slug} {not_wording(changed)}. Put the published text back "
            f"(`git checkout -- {version.source.path.name}` in its folder, or undo the edit) and make the change in a "
            f"new version with its notice: `policypress new-version {policy_id} --effective {earliest}` "
            f"(or later; {max(policy.meta.notice.adverse_days, minimum.adverse_days)} days of notice if the change is "
            "unfavourable to users)"
        )
    erratum = Erratum(today_for(when, policy.meta.timezone), reason, entry.hash, new_hash, published)
    entry.errata.append(erratum)
    entry.hash = new_hash
    entry.sections = section_hashes(version)
    entry.fields = field_hashes(version)
    entry.languages = now
    entry.legacy_meta = None
    file.write()
    return erratum


@dataclass(frozen=True)
class Reviewed:
    """A section whose translations an author reviewed (see :func:`record_reviews`)."""

    policy_id: str
    slug: str
    section: str
    languages: tuple[str, ...]


def record_reviews(
    site: Site, languages: list[str], when: AsOf, *, policy_id: str | None = None, slug: str | None = None
) -> list[Reviewed]:
    """Record that the ``languages`` of each section that changed in other languages only were reviewed and need no change.

    Resolves the stale-translation warnings (:func:`policypress.core.parity.check_stale`)
    of every locked version, or of one policy or version, for those
    languages: the review holds for the section's text as it is now.
    Refused when there is nothing to record, or a language is not one of the site's.
    """
    codes = site.languages.codes
    unknown = [code for code in languages if code not in codes]
    if unknown:
        raise LockRefused(f"--reviewed {unknown[0]}: not a language of this site ({', '.join(codes)})")
    policies = [site.policy(policy_id)] if policy_id else list(site.policies)
    recorded: list[Reviewed] = []
    for policy in policies:
        file = read_lock(policy)
        today = today_for(when, policy.meta.timezone)
        versions = [policy.version(slug)] if slug else list(policy.versions)
        for version in versions:
            entry = file.entries.get(version.slug)
            index = policy.versions.index(version)
            if entry is None or index == 0:
                continue
            hashes = section_hashes(version)
            for _index, section_id, _changed, unchanged in stale_sections(policy.versions[index - 1], version, codes):
                given = tuple(code for code in unchanged if code in languages)
                if not given:
                    continue
                earlier = entry.reviewed.get(section_id)
                kept = earlier.languages if earlier is not None and earlier.hash == hashes[section_id] else ()
                entry.reviewed[section_id] = Review(hashes[section_id], tuple(dict.fromkeys((*kept, *given))), today)
                recorded.append(Reviewed(policy.id, version.slug, section_id, given))
        if any(item.policy_id == policy.id for item in recorded):
            file.write()
    if not recorded:
        scope = f"{policy_id} {slug}" if slug else policy_id or "any locked version"
        raise LockRefused(
            f"no section of {scope} changed in another language but not in {', '.join(languages)}: there is no "
            "translation to record as reviewed"
        )
    return recorded


def restore_errata(site: Site, find: Callable[[Policy, Version, str], dict[str, Any] | None]) -> list[tuple[str, str, Erratum]]:
    """Give each erratum recorded without the text it replaced that text, when ``find`` has it; what was restored.

    ``find(policy, version, hash)`` looks a text up by its hash (in the
    repository's history): only a text with exactly the erratum's ``old``
    hash is taken, so nothing but what was published can be restored.
    """
    restored: list[tuple[str, str, Erratum]] = []
    for policy in site.policies:
        file = read_lock(policy)
        changed = False
        for slug, entry in file.entries.items():
            try:
                version = policy.version(slug)
            except KeyError:
                continue
            for index, erratum in enumerate(entry.errata):
                if erratum.before is not None:
                    continue
                text = find(policy, version, erratum.old)
                if text is None or digest(text) != erratum.old:
                    continue
                entry.errata[index] = replace(erratum, before=text)
                restored.append((policy.id, slug, entry.errata[index]))
                changed = True
        if changed:
            file.write()
    return restored


def record_settings_change(site: Site, policy_id: str, reason: str | dict[str, str], when: AsOf) -> SettingsChange:
    """Accept a new title or owner, or longer notice, of a policy as a recorded change with a public reason."""
    reason = _plain_reason(reason, "a change of a policy's settings", list(site.languages.codes))
    policy = site.policy(policy_id)
    file = read_lock(policy)
    if file.policy is None:
        raise ReasonRefused(f"the settings of {policy_id} are not locked yet; run `policypress lock` first")
    now = settings_of(policy.meta)
    changed = [name for name in SETTINGS if file.policy.settings.get(name) != now[name]]
    if not changed:
        raise ReasonRefused(f"the settings of {policy_id} have not changed since they were locked; there is nothing to record")
    refused = [
        SETTING_LABELS[name] for name in changed
        if name in FIXED_SETTINGS
        or (name in ("notice_days", "adverse_notice_days") and now[name] < file.policy.settings.get(name, 0))
    ]  # fmt: skip
    if refused:
        raise ReasonRefused(
            f"{', '.join(refused)} of {policy_id} cannot change once versions are published "
            "(notice may only grow); restore the locked value"
        )
    change = SettingsChange(
        today_for(when, policy.meta.timezone),
        reason,
        {name: file.policy.settings.get(name) for name in changed},
        {name: now[name] for name in changed},
    )
    file.policy.changes.append(change)
    file.policy.settings = now
    file.write()
    return change
