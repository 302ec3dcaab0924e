"""Rules that span fields and files: the law's notice periods and a sane history.

Each rule returns errors pointing at the line to fix; none of them stops the
others, so an editor sees every broken rule of a run at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import ContentError
from .languages import Languages
from .model import Policy, Version

_FILE_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_policy(policy: Policy, languages: Languages) -> list[ContentError]:
    """Every rule broken by ``policy``, in no particular order."""
    errors = list(_check_meta(policy, languages))
    for version in policy.versions:
        errors.extend(_check_version(policy, version))
    errors.extend(_check_order(policy))
    return errors


def required_notice_days(policy: Policy, version: Version) -> int:
    """Days of notice ``version`` needs: longer for a change unfavourable to users."""
    rules = policy.meta.notice
    return rules.adverse_days if version.content.adverse else rules.days


def _check_meta(policy: Policy, languages: Languages) -> Iterator[ContentError]:
    meta, source = policy.meta, policy.source
    try:
        ZoneInfo(meta.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        yield ContentError(
            source.locate(("timezone",)),
            f'unknown time zone "{meta.timezone}"; expected an IANA name such as Asia/Seoul',
        )
    if meta.authoritative is not None and meta.authoritative not in languages:
        yield ContentError(
            source.locate(("authoritative",)),
            f'authoritative: "{meta.authoritative}" is not a language of this site ({", ".join(languages.codes)})',
        )


def _check_version(policy: Policy, version: Version) -> Iterator[ContentError]:
    content, source = version.content, version.source
    stem = source.path.stem
    if not _FILE_DATE.fullmatch(stem):
        yield ContentError(
            source.locate(("effective",)),
            f"version files are named by their effective date: rename {source.path.name} to {version.slug}.yml",
        )
    elif stem != version.slug:
        yield ContentError(
            source.locate(("effective",)),
            f"effective {version.slug} does not match the file name {source.path.name}; "
            f"the file of a version is named by its effective date",
        )
    seen: dict[str, int] = {}
    for index, section in enumerate(content.sections):
        where = source.locate(("sections", index, "id"))
        if section.id in seen:
            yield ContentError(where, f'duplicate section id "{section.id}" (first used on line {seen[section.id]}); give each section its own id')
        else:
            seen[section.id] = where.line
    yield from _check_notice(policy, version)


def _check_notice(policy: Policy, version: Version) -> Iterator[ContentError]:
    content, source = version.content, version.source
    announced, effective = content.announced, content.effective
    if announced > effective:
        yield ContentError(
            source.locate(("announced",)),
            f"announced {announced} is after effective {effective}; a change is announced before it takes effect",
        )
        return
    adopted = policy.meta.adopted
    if content.notice_waiver is not None:
        if adopted is None:
            yield ContentError(
                source.locate(("notice_waiver",)),
                'notice_waiver is only for versions from before the site was adopted; set "adopted" in policy.yml',
            )
        elif effective > adopted:
            # The version in force on the adoption day may be waived too: it is
            # what a new site starts with, published the day the site opens.
            yield ContentError(
                source.locate(("notice_waiver",)),
                f"notice_waiver is only for versions in force by the day this policy's site was adopted "
                f"({adopted}); this version takes effect on {effective}",
            )
        return
    days = (effective - announced).days
    needed = required_notice_days(policy, version)
    if days < needed:
        kind = "an adverse change to this policy" if content.adverse else "this policy"
        earliest = announced + dt.timedelta(days=needed)
        yield ContentError(
            source.locate(("effective",)),
            f"effective {effective} is {days} {'day' if days == 1 else 'days'} after announced {announced}; "
            f"{kind} needs {needed} days of notice (earliest effective date: {earliest})",
        )


def _check_order(policy: Policy) -> Iterator[ContentError]:
    # Versions arrive sorted by effective date; equal dates are the only way
    # the order can break once file names match their dates.
    previous: Version | None = None
    for version in policy.versions:
        if previous is not None and version.effective <= previous.effective:
            yield ContentError(
                version.source.locate(("effective",)),
                f"effective {version.effective} is also the effective date of {previous.source.path.name}; "
                "effective dates must strictly increase",
            )
        previous = version
