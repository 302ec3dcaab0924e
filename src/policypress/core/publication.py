"""What the public site really showed, and since when: notice counts from there.

A version's file says when it is to be announced; readers only see it once
a build that shows it is deployed. A version locked on 12-04 and merged on
12-20 was announced on 12-20, whatever its file says. The publish build
therefore reads the ``policies.json`` of the site deployed now
(:func:`read_deployed`, given as ``--deployed``), and:

* records for every version the day the first deployed build showed it
  (``first_published``), carried from build to build;
* counts each version's notice from that day: a version whose real notice
  would be shorter than the law's is refused, naming the earliest lawful
  effective date (see :func:`notice_problems`).

Without a deployed index (a local build, a preview) nothing is known of
what readers saw, and notice counts from ``announced`` as the file says.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from policypress import built_by_policypress
from policypress.core.errors import ContentError, ContentErrors, Location
from policypress.core.model import Policy, Version
from policypress.core.rules import required_notice_days
from policypress.core.schedule import AsOf, parse_as_of, today_for

#: A site's index is a few kilobytes per version.
MAX_INDEX_BYTES = 50_000_000


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class _DeployedVersion(_Lenient):
    effective: dt.date
    state: str
    first_published: dt.date | None = None


class _DeployedPolicy(_Lenient):
    id: str
    timezone: str
    versions: list[_DeployedVersion]


class _DeployedIndex(_Lenient):
    generator: str
    as_of: str
    preview: bool
    policies: list[_DeployedPolicy]


@dataclass(frozen=True)
class Deployed:
    """What the deployed site showed: for each version it published, the first day it did (by ``(policy, slug)``)."""

    path: Path
    first_published: dict[tuple[str, str], dt.date] = field(default_factory=dict)
    policies: frozenset[str] = frozenset()


def read_deployed(path: Path) -> Deployed:
    """The deployed ``policies.json`` at ``path`` (or in the folder ``path``), read strictly.

    A version it lists as published without a ``first_published`` (an index
    written before policypress recorded it) counts from the day that index
    was built: the earliest day there is evidence of. Raises
    :class:`ContentErrors` for a file that is not a deployed policypress
    index (a preview's included: what a reviewer saw is no notice).
    """
    if path.is_dir():
        path = path / "policies.json"

    def broken(why: str) -> ContentErrors:
        return ContentErrors([ContentError(Location(path, 1), f"--deployed: {why}")])

    try:
        size = path.stat().st_size
    except OSError:
        raise broken("no such file; pass the policies.json of the site as deployed now (e.g. from a checkout of gh-pages)") from None
    if size > MAX_INDEX_BYTES:
        raise broken(f"the file is {size / 1_000_000:.0f} MB; a site's policies.json is far smaller")
    try:
        index = _DeployedIndex.model_validate(json.loads(path.read_bytes().decode("utf-8")))
    except (ValueError, RecursionError, ValidationError):
        raise broken("not the policies.json of a site policypress built") from None
    if not built_by_policypress(index.generator):
        raise broken("not the policies.json of a site policypress built")
    if index.preview:
        raise broken("this is the index of a preview; notice counts from what the public site showed")
    try:
        built = parse_as_of(index.as_of, "as_of")
    except ValueError:
        raise broken(f"its as_of {index.as_of!r} is not a date or an instant") from None
    first: dict[tuple[str, str], dt.date] = {}
    for policy in index.policies:
        built_on = today_for(built, policy.timezone) if _known_zone(policy.timezone) else None
        for version in policy.versions:
            if version.state == "scheduled":
                continue
            day = version.first_published or built_on
            if day is not None:
                first[(policy.id, version.effective.isoformat())] = day
    return Deployed(path, first, frozenset(policy.id for policy in index.policies))


def _known_zone(name: str) -> bool:
    from policypress.core.rules import is_time_zone

    return is_time_zone(name)


def shown(deployed: Deployed | None, policy_id: str, slug: str, announced: dt.date, today: dt.date) -> bool:
    """Whether readers have been shown a version: the deployed site did, or, when it is not known, its announcement day has come."""
    if deployed is not None:
        return (policy_id, slug) in deployed.first_published
    return announced <= today


def first_published(deployed: Deployed | None, policy: Policy, version: Version, when: AsOf) -> dt.date | None:
    """The first day the public site shows ``version``: from the deployed index, else today if this build shows it.

    ``None`` without a deployed index, or for a version not shown yet.
    """
    if deployed is None:
        return None
    known = deployed.first_published.get((policy.id, version.slug))
    if known is not None:
        return known
    today = today_for(when, policy.meta.timezone)
    return today if version.announced <= today else None


def notice_problems(deployed: Deployed | None, policy: Policy, when: AsOf) -> list[ContentError]:
    """An error for each version whose notice, counted from the day the public site first showed it, is too short."""
    if deployed is None:
        return []
    problems = []
    for version in policy.versions:
        if version.content.notice_waiver is not None:
            continue
        first = first_published(deployed, policy, version, when)
        if first is None or first <= version.announced:
            continue  # shown as announced: the file's own dates were checked already
        needed = required_notice_days(policy, version)
        given = (version.effective - first).days
        if given >= needed:
            continue
        earliest = first + dt.timedelta(days=needed)
        source = "the deployed site first showed it" if (policy.id, version.slug) in deployed.first_published else "this build is the first to publish it"
        problems.append(
            ContentError(
                version.source.locate(("effective",)),
                f"version {version.slug} of {policy.id} is announced from {version.announced}, but {source} on "
                f"{first}: readers get {given} {'day' if given == 1 else 'days'} of notice where {needed} are required; "
                f"the earliest lawful effective date is {earliest}: move the version there or later (rename the file, set "
                f"effective, and announced to the day it will first be shown), then run `policypress lock --deployed "
                f"<the deployed policies.json>`",
                publication=True,
            )
        )
    return problems


__all__ = ["Deployed", "first_published", "notice_problems", "read_deployed", "shown"]
