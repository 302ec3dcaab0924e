"""A new policy site (``policypress init``): one bilingual privacy policy, ready to build.

The files come from ``templates/scaffold/``. Names ending in ``.j2`` are Jinja
templates (for the dates); ``EFFECTIVE`` in a name becomes the first version's
effective date and ``gitignore`` becomes ``.gitignore`` (packaging tools drop
dot-files). The JSON Schemas are generated, not copied, so they always match
the installed policypress.

Dating the first version: a version must be announced the policy's notice
period before it takes effect, and a ``notice_waiver`` is only for versions
that took effect before the site was adopted. A new site's first version is
therefore announced today and takes effect ``notice.days`` later (the
policy's page shows it with its effective date until then), and ``adopted`` is
today, so a policy already in force elsewhere can be added as a version
effective on or before today with a ``notice_waiver``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from policypress.core.errors import PolicyPressError
from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.core.locking import lock
from policypress.core.lockfile import lock_path
from policypress.core.schedule import AsOf, today_for
from policypress.authoring.schemas import write_schemas
from policypress.package_data import TEMPLATES

SCAFFOLD = TEMPLATES / "scaffold"
#: The scaffold's policy.yml: its time zone decides what "today" is.
TIMEZONE = "Asia/Seoul"
NOTICE_DAYS = 7
#: The languages of the scaffold's mkdocs.yml.
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])


class ScaffoldError(PolicyPressError):
    """The target folder cannot take a new site."""


@dataclass(frozen=True)
class NewSite:
    """What ``init`` made."""

    root: Path
    files: tuple[Path, ...]
    announced: dt.date
    effective: dt.date


def init_site(target: Path, when: AsOf) -> NewSite:
    """Write a new site into ``target`` (new or empty), its first version dated from ``when``."""
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder")
        if any(target.iterdir()):
            raise ScaffoldError(f"{target} is not empty; policypress init makes a new site in a new or empty folder")
    today = today_for(when, TIMEZONE)
    effective = today + dt.timedelta(days=NOTICE_DAYS)
    context = {
        "adopted": today.isoformat(),
        "announced": today.isoformat(),
        "effective": effective.isoformat(),
        "notice_days": NOTICE_DAYS,
        "timezone": TIMEZONE,
    }
    env = Environment(keep_trailing_newline=True, undefined=StrictUndefined, autoescape=False)
    written: list[Path] = []
    for source in sorted(SCAFFOLD.rglob("*")):
        if not source.is_file() or source.name.startswith(".") or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(SCAFFOLD).as_posix().replace("EFFECTIVE", effective.isoformat())
        if relative == "gitignore":
            relative = ".gitignore"
        path = target / relative.removesuffix(".j2")
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".j2":
            text = env.from_string(source.read_text(encoding="utf-8")).render(context)
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(source.read_bytes())
        written.append(path)
    written += write_schemas(target / "schemas")
    # The first version is announced today: it is locked today, as every
    # version is on or before its announcement (see policypress.core.lockfile).
    site = load_site(target / "docs", LANGUAGES)
    lock(site, today)
    written += [lock_path(policy) for policy in site.policies]
    return NewSite(target, tuple(written), today, effective)
