"""A change held to the record it changes: what a pull request does to published history, against its base branch.

:mod:`policypress.core.lock_rules` holds a site to its own lock. A lock is
evidence only as far as its history is: a pull request could delete a
published version with its entry, rewrite an entry's dates, or add a version
whose announcement day is already past (readers never saw it: the site shows
only what is merged). :func:`verify_against_base` compares the head of a
change with its base and lists, in plain words, everything that may not be
published; the review report only writes them down.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from policypress.core.layout import VERSIONS_DIR
from policypress.core.loader import Site
from policypress.core.lock_file import FIXED_SETTINGS, SETTING_LABELS, SETTINGS, LockEntry, LockFile, PolicyLock, settings_of
from policypress.core.lock_rules import scheduled_unlocked, translated_setting
from policypress.core.model import Policy
from policypress.core.schedule import AsOf, today_for


def find(site: Site, policy_id: str) -> Policy | None:
    """The policy ``policy_id`` of ``site``, if it has one."""
    try:
        return site.policy(policy_id)
    except KeyError:
        return None


def file_of(policy: Policy, slug: str) -> Path:
    """Where the file of version ``slug`` of ``policy`` is (loaded or not)."""
    return policy.source.path.parent / VERSIONS_DIR / f"{slug}.yml"


def verify_against_base(head: Site, base: Site, as_of: AsOf, on_disk: set[str]) -> list[str]:
    """Everything the head does to the base's published record that may not be published (plain text, one line each).

    ``on_disk`` are the policies the head has, loaded or not (one that fails
    to load is an error of the head's own validation, not a deletion).
    """
    findings: list[str] = []
    for base_policy in base.policies:
        today = today_for(as_of, base_policy.meta.timezone)
        policy = find(head, base_policy.id)
        published = [v for v in base_policy.versions if v.announced <= today]
        if policy is None:
            if published and base_policy.id not in on_disk:
                findings.append(
                    f"policy {base_policy.id} is deleted, with {len(published)} published version(s); published versions stay published"
                )
            continue
        slugs = {v.slug for v in policy.versions}
        for version in published:
            if version.slug not in slugs and not file_of(policy, version.slug).is_file():  # there but broken: an error of its own
                findings.append(f"published version {version.slug} of {policy.id} is deleted; published versions stay published")
        findings.extend(_lock_findings(policy, base_policy, today))
    for policy in head.policies:
        base_of = find(base, policy.id)
        base_versions = {v.slug: v for v in base_of.versions} if base_of else {}
        today = today_for(as_of, policy.meta.timezone)
        for version in policy.versions:
            before = base_versions.get(version.slug)
            if before is None and version.announced < today:
                findings.append(
                    f"version {version.slug} of {policy.id} is new in this change but says it was announced on "
                    f"{version.announced}, before today ({today}): readers have not seen it; set announced to {today} or later"
                )
            elif before is not None and before.announced != version.announced and version.announced < today:
                # Moved into the past: the site shows only what is merged, so its readers see it from today at the earliest.
                findings.append(
                    f"version {version.slug} of {policy.id} now says it was announced on {version.announced} (the base "
                    f"branch says {before.announced}), before today ({today}): readers have not seen it since then; set "
                    f"announced to {today} or later"
                )
        for version in scheduled_unlocked(policy, as_of):
            findings.append(
                f"version {version.slug} of {policy.id} is not locked with its current text; run `policypress lock` and "
                "commit versions.lock (its announcement-day build would withhold it)"
            )
    return findings


def _lock_findings(policy: Policy, base_policy: Policy, today: dt.date) -> list[str]:
    base_lock, lock = base_policy.lock, policy.lock
    if base_lock is None or lock is None:
        return []  # a broken lock file is a validation error of its own
    findings = []
    name = policy.id
    for slug, old in base_lock.entries.items():
        new = lock.entries.get(slug)
        if new is None:
            continue  # reported as a deleted version, or an unpublished one removed
        added = [e for e in new.errata if e not in old.errata]
        if new.errata[: len(old.errata)] != old.errata:
            findings.append(f"the errata of {slug} of {name} in versions.lock are rewritten; errata are only added")
        translated = [t for t in new.translations if t not in old.translations]
        if new.translations[: len(old.translations)] != old.translations:
            findings.append(f"the translations recorded for {slug} of {name} in versions.lock are rewritten; they are only added")
        if (new.locked, new.announced or old.announced) != (old.locked, old.announced or new.announced) and _published(base_policy, slug, today):
            # (A version not yet announced is locked anew, on the day its new text is locked.)
            findings.append(f"the lock entry of {slug} of {name} has new dates; the day a version was locked never changes")
        if new.hash != old.hash:
            # What this change recorded must lead from the base's hash to the head's: its corrections and translations, in order.
            chain = LockEntry(new.hash, {}, new.locked, errata=added, translations=translated).amendments() if added or translated else None
            valid = chain is not None and bool(chain) and chain[0].old == old.hash
            if not valid:
                if not _published(base_policy, slug, today):
                    continue  # a version not yet announced is locked anew when it changes
                findings.append(
                    f"the lock entry of {slug} of {name} has a new hash without an erratum that accounts for it; a "
                    "published text changes only by `policypress lock --erratum` (or gains a language by `policypress lock`)"
                )
    if base_lock.policy is not None:
        if lock.policy is None:
            findings.append(f"versions.lock of {name} no longer records the policy's settings")
        else:
            if lock.policy.changes[: len(base_lock.policy.changes)] != base_lock.policy.changes:
                findings.append(f"the recorded changes of the settings of {name} are rewritten; they are only added")
            else:
                findings.extend(_settings_findings(name, base_lock.policy, lock.policy))
            if lock.policy.locked != base_lock.policy.locked:
                findings.append(f"the day the settings of {name} were locked is changed")
    newest = _newest_date(base_lock)
    for slug, entry in lock.entries.items():
        old_errata = base_lock.entries[slug].errata if slug in base_lock.entries else []
        for erratum in entry.errata[len(old_errata):]:
            if not newest <= erratum.date <= today:
                findings.append(
                    f"an erratum of {slug} of {name} is dated {erratum.date}: a new erratum is dated between the newest "
                    f"date the base branch's lock records ({newest}) and today ({today})"
                )
        old_translations = base_lock.entries[slug].translations if slug in base_lock.entries else []
        for translation in entry.translations[len(old_translations):]:
            if not newest <= translation.date <= today:
                findings.append(
                    f"the translation of {slug} of {name} into {translation.language} is dated {translation.date}: a new "
                    f"translation is dated between the newest date the base branch's lock records ({newest}) and today ({today})"
                )
    if base_lock.policy is not None and lock.policy is not None:
        for change in lock.policy.changes[len(base_lock.policy.changes):]:
            if not newest <= change.date <= today:
                findings.append(
                    f"a change of the settings of {name} is dated {change.date}: a new change is dated between the newest "
                    f"date the base branch's lock records ({newest}) and today ({today})"
                )
    return findings


def _newest_date(lock: LockFile) -> dt.date:
    """The newest day a lock records (a version locked, an erratum, a change of settings)."""
    days = [entry.locked for entry in lock.entries.values()] + [e.date for entry in lock.entries.values() for e in entry.errata]
    days += [t.date for entry in lock.entries.values() for t in entry.translations]
    if lock.policy is not None:
        days += [lock.policy.locked] + [change.date for change in lock.policy.changes]
    return max(days, default=dt.date.min)


def _settings_findings(name: str, base: PolicyLock, head: PolicyLock) -> list[str]:
    """What the added changes of a policy's settings do not account for: the settings must be the base's, changed by them."""
    findings = []
    settings = dict(base.settings)
    for change in head.changes[len(base.changes):]:
        touched = sorted((set(change.old) | set(change.new)) & FIXED_SETTINGS)
        if touched:
            findings.append(
                f"a recorded change of the settings of {name} changes {', '.join(touched)}, which never change once a version is published"
            )
        wrong = sorted(key for key, value in change.old.items() if settings.get(key) != value)
        if wrong:
            findings.append(
                f"the change of the settings of {name} dated {change.date} says {', '.join(wrong)} was "
                f"{', '.join(str(change.old[key]) for key in wrong)}, which the base branch's lock does not say"
            )
        settings.update(change.new)
    fixed = sorted(key for key in FIXED_SETTINGS if head.settings.get(key) != base.settings.get(key))
    if fixed:
        findings.append(f"the locked {', '.join(fixed)} of {name} changed; they never change once a version is published")
    elif any(settings.get(key) != value and not translated_setting(settings.get(key), value) for key, value in head.settings.items()) or set(settings) - set(head.settings):
        # (A title or owner given a new language, every other word for word, is a translation `lock` records.)
        findings.append(f"the locked settings of {name} are changed by hand; record a change with `policypress lock --erratum`")
    return findings


def _published(policy: Policy, slug: str, today: dt.date) -> bool:
    try:
        return policy.version(slug).announced <= today
    except KeyError:
        return True  # a lock entry without its version: treat it as the record of a published one


def settings_changes(head: Policy, base: Policy | None) -> list[tuple[str, Any, Any]]:
    """The policy's settings the change alters, as (label, base value, head value): a reviewer sees each one."""
    if base is None:
        return []
    before, after = settings_of(base.meta), settings_of(head.meta)
    return [(SETTING_LABELS[name], before[name], after[name]) for name in SETTINGS if before[name] != after[name]]


__all__ = ["file_of", "find", "settings_changes", "verify_against_base"]
