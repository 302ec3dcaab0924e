"""Published versions are evidence: a site is held to its lock files.

What a lock records is in :mod:`policypress.core.lock_file`.

The rules, for a moment ``today`` (see :func:`verify`):

* A version whose announcement day has come is published: it must be locked,
  and locked *on or before* its announcement day. Notice counts from when
  readers could first see the text, so a version written today that claims
  an announcement in the past (readers had no notice at all) is refused, as
  is one inserted into the past. ``policypress lock`` records new versions
  when they are written, in the same change, before their announcement.
* A published version never changes; the only way is an erratum: a dated,
  public reason with the old and new hash, shown on the history page and in
  ``policies.json``.
* A version not yet announced may still be edited; ``policypress lock``
  records its new text (a stale entry is a warning until its announcement).
* The time zone, binding language, adoption day of a policy with published
  versions never change, nor may its notice periods be lowered; a new title
  or owner, or longer notice, is a recorded change with a public reason.

A lock file is evidence only as far as its history is: the review report
(:mod:`policypress.frontends.report`) compares it with the base branch, where a new
entry dated in the past or a deleted one is caught.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


from policypress.core.corrections import earlier_texts, fact_changes, following_text, not_wording
from policypress.core.errors import ContentError, Location
from policypress.core.layout import LOCK_NAME
from policypress.core.lock_file import (
    LOCATED_FIELDS, FIXED_SETTINGS, SETTING_LABELS, SETTINGS, Amendment, Erratum, LockEntry, LockFile, PolicyLock, Translation,
    field_hashes, hash_in, locked_languages, section_hashes, settings_of,
)
from policypress.core.model import Policy, Version, digest, in_languages, languages_in
from policypress.core.parity import Term
from policypress.core.publication import Deployed, shown
from policypress.core.schedule import AsOf, today_for

# -- verification ----------------------------------------------------------------------


def verify_policy(policy: Policy, when: AsOf, glossary: tuple[Term, ...] = (), deployed: Deployed | None = None) -> list[ContentError]:
    """The lock problems of one policy at ``when`` (see the module's docstring for the rules).

    A broken lock file is an error of the loader (:attr:`Policy.lock` is ``None``): nothing more is said here.
    With the deployed site known (``deployed``), a version it never showed may
    still be changed and locked again, whatever its announcement day says.
    """
    lock = policy.lock
    if lock is None:
        return []
    today = today_for(when, policy.meta.timezone)
    problems: list[ContentError] = []
    versions = {version.slug: version for version in policy.versions}
    published = [v for v in policy.versions if v.announced <= today]
    for version in policy.versions:
        problems.extend(_verify_version(policy, lock, version, today, shown(deployed, policy.id, version.slug, version.announced, today)))
        problems.extend(_verify_errata(policy, lock, version, glossary))
    for slug, entry in lock.entries.items():
        if slug in versions or (policy.source.path.parent / "versions" / f"{slug}.yml").is_file():
            continue  # present, or there but not loaded (its own errors say why)
        where = Location(lock.path, lock.line_of(slug))
        if not shown(deployed, policy.id, slug, entry.announced if entry.announced is not None else dt.date.min, today):
            problems.append(
                ContentError(
                    where,
                    f"version {slug} of {policy.id} is locked but its file is gone; it was never published, so run "
                    "`policypress lock` to remove its entry",
                    severity="warning",
                )
            )
        else:
            problems.append(
                ContentError(
                    where,
                    f"published version {slug} of {policy.id} is missing: its file versions/{slug}.yml was deleted "
                    "or renamed; published versions stay published (restore the file)",
                )
            )
    if lock.policy is None:
        if lock.entries:  # without any lock, each published version says it is not locked
            problems.append(
                ContentError(
                    Location(lock.path, 1) if lock.path.exists() else policy.source.locate(()),
                    f"{LOCK_NAME} of {policy.id} does not record the policy's settings (title, owner, time zone, "
                    "binding language, notice, adopted): run `policypress lock`",
                )
            )
    elif published:
        problems.extend(_verify_settings(policy, lock.policy))
    return problems


def _verify_version(policy: Policy, lock: LockFile, version: Version, today: dt.date, seen: bool) -> list[ContentError]:
    """``seen``: readers have been shown the version (the deployed site did, or, unknown, its announcement day has come)."""
    entry = lock.entries.get(version.slug)
    content = version.content
    published = version.announced <= today  # this build shows it: it must be locked as it is
    waived = content.notice_waiver is not None
    where = version.source.locate(("announced",))
    adopted = policy.meta.adopted
    # A waiver past the adoption day (or without one) is already an error of the rules.
    waiver_allowed = waived and adopted is not None and version.effective <= adopted
    if entry is None:
        if waiver_allowed and version.effective > today:
            return [
                ContentError(
                    version.source.locate(("notice_waiver",)),
                    f"notice_waiver is only for a version that was already in force when this site began publishing "
                    f"it; this version takes effect on {version.effective}",
                )
            ]
        if not published:
            return []
        if version.announced == today or waived:
            hint = "run `policypress lock` to record it"
        elif version.effective <= today:
            # Inserted into the past: it would be in force at once, with no notice at all.
            hint = (
                f"if it was published then, restore its entry from version control; if it is new, readers have "
                f"not seen it and it cannot take effect on {version.effective}: rename it to its new effective "
                f"date, set announced to {today} or later, then run `policypress lock`"
            )
        else:
            hint = (
                f"if it was published then, restore its entry from version control; if it is new, readers have "
                f"not seen it: set announced to {today} or later, then run `policypress lock`"
            )
        return [
            ContentError(
                where,
                f"version {version.slug} of {policy.id} is announced from {version.announced} but is not in "
                f"{LOCK_NAME}; a version is locked on or before its announcement day: {hint}",
                publication=True,
            )
        ]
    problems: list[ContentError] = []
    if version.content_hash() == entry.hash and entry.announced is not None and entry.announced != version.announced:
        # `policypress lock` writes the hash and the announcement day together: they can only disagree by hand.
        problems.append(
            ContentError(
                Location(lock.path, lock.line_of(version.slug)),
                f"the lock entry of {version.slug} records announced {entry.announced}, but the version it locks says "
                f"{version.announced}: the entry was edited by hand; restore {LOCK_NAME} from version control, "
                "then run `policypress lock`",
            )
        )
    added = pending_translations(entry, version, policy.meta.authoritative) if version.content_hash() != entry.hash else ()
    if added and published and seen:
        codes = ", ".join(added)
        problems.append(
            ContentError(
                version.source.locate(("summary", added[0])),
                f"published version {version.slug} of {policy.id} has text in {codes} that {LOCK_NAME} does not record; "
                f"its other languages are as published: run `policypress lock` to record the translation, dated, on its "
                "history (a translation added is not an erratum)",
            )
        )
    elif version.content_hash() != entry.hash and published:
        # Not yet announced, it may still change: `policypress lock` records
        # the new text (check and the review report remind the author).
        if seen:
            problems.append(_changed(policy, lock, version, entry))
        else:
            problems.append(
                ContentError(
                    version.source.locate(()),
                    f"version {version.slug} of {policy.id} changed since it was locked, and the deployed site never "
                    f"showed it: lock its new text with `policypress lock --deployed <the deployed policies.json>`",
                    publication=True,
                )
            )
    if waiver_allowed and version.effective > entry.locked:
        problems.append(
            ContentError(
                version.source.locate(("notice_waiver",)),
                f"notice_waiver is only for a version that was already in force when it was locked; this version "
                f"takes effect on {version.effective}, after it was locked on {entry.locked}",
            )
        )
    elif published and seen and not waived and entry.locked > version.announced:
        problems.append(
            ContentError(
                where,
                f"announced {version.announced}, but version {version.slug} was first locked on {entry.locked}: "
                f"readers could not see it before then, and notice counts from then; set announced to "
                f"{entry.locked} or later",
                publication=True,
            )
        )
    return problems


def _verify_errata(policy: Policy, lock: LockFile, version: Version, glossary: tuple[Term, ...]) -> list[ContentError]:
    """A version's corrections and added translations: one chain of hashes; corrections keep the text they
    replaced and change no fact, translations leave every other language as it was."""
    entry = lock.entries.get(version.slug)
    if entry is None or not (entry.errata or entry.translations):
        return []
    where = Location(lock.path, lock.line_of(version.slug))
    restore = f"restore {LOCK_NAME} from version control"
    chain = entry.amendments()
    if chain is None:
        return [ContentError(where, f"the corrections and translations of {version.slug} in {LOCK_NAME} do not follow one another (each starts from the text the one before made): the lock was edited by hand; {restore}")]
    problems: list[ContentError] = []
    edited_since = version.content_hash() != entry.hash  # an unrecorded edit since: an error of its own (see _changed)
    texts = earlier_texts(policy, version)
    for index, text in enumerate(texts):
        erratum = text.erratum
        if erratum.before is None:
            problems.append(
                ContentError(
                    where,
                    f"the correction of {erratum.date} to {policy.id} {version.slug} does not keep the text it replaced, so "
                    "readers cannot see the text as it was published: run `policypress lock --restore-errata` to take it "
                    "from the repository's history",
                    severity="warning",
                )
            )
            continue
        if text.version is None:
            problems.append(ContentError(where, f"the text kept for the correction of {erratum.date} to {version.slug} is not the text it replaced (its hash is not {erratum.old}): {restore}"))
            continue
        last = index == len(texts) - 1
        after = following_text(texts, version, index)
        if after is None or (last and edited_since):
            continue
        changed = fact_changes(text.version.content, after.content, glossary)
        if changed:
            # The newest correction's facts are in the version file, where the editor can put them back.
            place = version.source.locate(changed[0].key) if last else where
            fix = (
                f"put the published text back in versions/{version.slug}.yml and make the change in a new version "
                f"with its notice (`policypress new-version {policy.id} --effective <date>`)"
                if last
                else f"{LOCK_NAME} was edited by hand: {restore}"
            )
            problems.append(ContentError(place, f"the correction of {erratum.date} to {policy.id} {version.slug} {not_wording(changed)}: {fix}"))
    if not edited_since:
        problems.extend(_verify_translations(policy, version, chain, where))
    return problems


def _verify_translations(policy: Policy, version: Version, chain: list[Amendment], where: Location) -> list[ContentError]:
    """Each translation recorded added its own language and left the others' text exactly as it was.

    The text after a translation is found in the next text the lock keeps
    (the one a later correction replaced, else the version as it is now),
    in the languages it had then: later translations only add languages.
    """
    problems = []
    restore = f"restore {LOCK_NAME} from version control"
    for position, amendment in enumerate(chain):
        if not isinstance(amendment, Translation):
            continue
        later = chain[position + 1 :]
        stop = next((i for i, item in enumerate(later) if isinstance(item, Erratum)), len(later))
        if stop < len(later):
            kept = later[stop]
            assert isinstance(kept, Erratum)
            if kept.before is None or digest(kept.before) != kept.old:
                continue  # a correction without its text: reported above
            data = kept.before
        else:
            data = version.content_data()
        codes = set(languages_in(data)) - {item.language for item in later[:stop] if isinstance(item, Translation)}
        before = codes - {amendment.language}
        language = amendment.language
        if language == policy.meta.authoritative:
            problems.append(ContentError(where, f"{LOCK_NAME} records the binding language ({language}) of {version.slug} as a translation added on {amendment.date}; the binding text is the version itself: {restore}"))
        elif language not in codes or digest(in_languages(data, codes)) != amendment.new or digest(in_languages(data, before)) != amendment.old:
            problems.append(ContentError(where, f"the translation into {language} recorded on {amendment.date} for {version.slug} is not the text of that language added to the version as it was (its hashes do not match): {restore}"))
    return problems


def pending_translations(entry: LockEntry, version: Version, authoritative: str | None) -> tuple[str, ...]:
    """Languages ``version`` has that ``entry`` does not record, every other language's text exactly as recorded.

    A translation added to a published version: ``policypress lock`` records it
    (:func:`policypress.core.recording.lock`), never as an erratum.
    """
    locked = locked_languages(entry, version, authoritative)
    added = tuple(code for code in languages_in(version.content_data()) if code not in locked)
    return added if added and hash_in(version, locked) == entry.hash else ()


def _changed(policy: Policy, lock: LockFile, version: Version, entry: LockEntry) -> ContentError:
    locked = locked_languages(entry, version, policy.meta.authoritative)
    now_sections = section_hashes(version, locked)
    differ = [f'"{key}"' for key in sorted(set(now_sections) | set(entry.sections)) if now_sections.get(key) != entry.sections.get(key)]
    if entry.fields:
        now_fields = field_hashes(version, locked)
        differ += [
            key
            for key in sorted(set(now_fields) | set(entry.fields))
            if now_fields.get(key) != entry.fields.get(key)
        ]
    elif entry.legacy_meta is not None and entry.legacy_meta != _meta_hash(version):
        differ.append("dates, summary, waiver or preamble")  # a format 1 entry has one hash for them all
    if not differ:
        return ContentError(
            Location(lock.path, lock.line_of(version.slug)),
            f"the lock entry of {policy.id} {version.slug} is corrupt: its hash does not match the hashes of its own "
            f"fields and sections; restore {LOCK_NAME} from version control",
        )
    names = ", ".join(differ)
    # Point at the first thing that differs (a reader fixes what the cursor lands on).
    places = [version.source.locate((key,)) for key in field_hashes(version) if key in LOCATED_FIELDS and key in differ]
    places += [
        version.source.locate(("sections", index))
        for index, section in enumerate(version.content.sections)
        if f'"{section.id}"' in differ
    ]
    return ContentError(
        min(places, key=lambda where: (where.line, where.column or 0)) if places else version.source.locate(()),
        f"published version {version.slug} changed since it was locked ({names}); published versions are "
        f'immutable: revert the edit, or record a correction with `policypress lock --erratum "<reason>" '
        f"{policy.id} {version.slug}`",
    )


def _meta_hash(version: Version) -> str:
    data = version.content_data()
    data.pop("sections")
    return digest(data)


def _verify_settings(policy: Policy, locked: PolicyLock) -> list[ContentError]:
    now = settings_of(policy.meta)
    problems = []
    for name in SETTINGS:
        before, after = locked.settings.get(name), now[name]
        if before == after:
            continue
        key = {"notice_days": ("notice", "days"), "adverse_notice_days": ("notice", "adverse_days")}.get(name, (name,))
        where = policy.source.locate(key)
        label = SETTING_LABELS[name]
        added = translated_setting(before, after)
        if added:
            problems.append(
                ContentError(
                    policy.source.locate((name, added[0])),
                    f"{label} of {policy.id} has text in {', '.join(added)} that {LOCK_NAME} does not record; its other "
                    "languages are as locked: run `policypress lock` to record the translation",
                )
            )
        elif name in FIXED_SETTINGS:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} is locked as {_shown(before)} since its versions were published; "
                    f"changing it would change when and how they apply: restore {_shown(before)}",
                )
            )
        elif name in ("notice_days", "adverse_notice_days") and isinstance(before, int) and after < before:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} is locked at {before}; a policy with published versions may give "
                    "longer notice, never shorter",
                )
            )
        else:
            problems.append(
                ContentError(
                    where,
                    f"{label} of {policy.id} changed since it was locked (was {_shown(before)}); record the change "
                    f'with its public reason: `policypress lock --erratum "<reason>" {policy.id}`',
                )
            )
    return problems


def translated_setting(before: Any, after: Any) -> tuple[str, ...]:
    """The languages a title or owner gained, every language it had kept word for word (else nothing).

    >>> translated_setting({"ko": "약관", "en": "Terms"}, {"ko": "약관", "en": "Terms", "ja": "規約"})
    ('ja',)
    >>> translated_setting({"ko": "약관"}, {"ko": "이용약관", "ja": "規約"})
    ()
    """
    if not isinstance(before, dict) or not isinstance(after, dict):
        return ()
    if any(after.get(code) != text for code, text in before.items()):
        return ()
    return tuple(code for code in after if code not in before)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return "nothing" if value is None else str(value)


def scheduled_unlocked(policy: Policy, when: AsOf) -> list[Version]:
    """Versions not announced yet that the lock does not record (with their current text)."""
    lock = policy.lock
    if lock is None:
        return []
    today = today_for(when, policy.meta.timezone)
    out = []
    for version in policy.versions:
        entry = lock.entries.get(version.slug)
        if version.announced > today and (entry is None or entry.hash != version.content_hash()):
            out.append(version)
    return out
