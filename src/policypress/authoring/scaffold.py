"""A new policy site (``policypress init``) and a new policy in a site (``policypress new-policy``).

``init`` writes a repository that publishes as this project's own does: the
site (``mkdocs.yml``, ``docs/``, ``locales/``), ``requirements.txt`` pinning
the policypress that made it and its dependencies, ``scripts/build`` and
``scripts/serve``, the three workflows (the same files as policypress's own,
so the same trust tests hold for them), a README and ``.gitignore``.

The files come from ``templates/scaffold/``: ``common/`` for the site and
``kinds/<kind>/`` for a policy's folder. Names ending in ``.j2`` are Jinja
templates; ``EFFECTIVE`` in a name becomes the first version's effective date,
``gitignore`` becomes ``.gitignore`` and ``github/`` becomes ``.github/``
(packaging tools drop dot-files). The JSON Schemas are generated, not copied,
so they always match the installed policypress.

Nothing is locked: a new policy's text is the author's to write first (its
placeholders, ``[작성: …]`` and ``[Write: …]``, are listed by ``check`` and
refused by ``lock``), and a locked text is a public record.

Dating the first version: it is announced ``notice.days`` from today and
takes effect ``notice.days`` after that. The week before its announcement is
the author's, to write the text and lock it (a version is locked on or before
its announcement day); the site builds at once, the version shown in previews
only, and the public site gains the policy on the announcement day. A version
must be announced the policy's notice period before it takes effect, and a
``notice_waiver`` is only for versions that took effect before the site was
adopted: ``adopted`` is today, so a policy already in force elsewhere can be
added as a version effective on or before today with a ``notice_waiver``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from jinja2 import Environment, StrictUndefined
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from policypress import __version__
from policypress.authoring.particles import with_particle
from policypress.authoring.schemas import write_schemas
from policypress.core.errors import PolicyPressError
from policypress.core.notice_law import NoticeMinimum, notice_law
from policypress.core.schedule import AsOf, today_for
from policypress.core.escaping import md_text
from policypress.package_data import TEMPLATES

SCAFFOLD = TEMPLATES / "scaffold"
#: The scaffold's policy.yml: its time zone decides what "today" is.
TIMEZONE = "Asia/Seoul"
Kind = Literal["privacy-kr", "terms"]
KINDS: tuple[Kind, ...] = ("privacy-kr", "terms")
#: A kind's policy: its id when none is given, and its titles.
DEFAULTS: dict[str, tuple[str, str, str]] = {
    "privacy-kr": ("privacy", "개인정보 처리방침", "Privacy Policy"),
    "terms": ("terms", "이용약관", "Terms of Service"),
}
#: A policy id is its folder and the first part of its address.
POLICY_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class ScaffoldError(PolicyPressError):
    """The target folder cannot take a new site, or the site a new policy."""


@dataclass(frozen=True)
class NewPolicy:
    """What a policy of a new site is: its id, kind and titles."""

    id: str
    kind: Kind
    title_ko: str
    title_en: str

    @classmethod
    def of(cls, kind: Kind, policy_id: str | None = None) -> NewPolicy:
        default_id, title_ko, title_en = DEFAULTS[kind]
        policy_id = policy_id or default_id
        if not POLICY_ID.fullmatch(policy_id):
            raise ScaffoldError(
                f"{policy_id!r} cannot name a policy: use lowercase letters, digits and hyphens (e.g. terms), "
                "as it is the policy's folder and address"
            )
        return cls(policy_id, kind, title_ko, title_en)


@dataclass(frozen=True)
class NewSite:
    """What ``init`` or ``new-policy`` made."""

    files: tuple[Path, ...]
    announced: dt.date
    effective: dt.date


def init_site(
    target: Path,
    when: AsOf,
    *,
    kind: Kind = "privacy-kr",
    owner_ko: str = "예시 주식회사",
    owner_en: str = "Example Inc.",
    site_url: str = "https://www.example.com/",
) -> NewSite:
    """Write a new site into ``target`` (new or empty), its first policy's version dated from ``when``."""
    if target.exists():
        if not target.is_dir():
            raise ScaffoldError(f"{target} exists and is not a folder")
        if any(target.iterdir()):
            raise ScaffoldError(f"{target} is not empty; policypress init makes a new site in a new or empty folder")
    policy = NewPolicy.of(kind)
    today = today_for(when, TIMEZONE)
    context = _context(today, owner_ko, owner_en) | {"policies": [policy], "site_url": _site_url(site_url)}
    written = list(_render(SCAFFOLD / "common", target, context))
    written += _policy_files(target / "docs" / policy.id, policy, context)
    requirements = target / "requirements.txt"
    requirements.write_text(pinned_requirements(), encoding="utf-8")
    written.append(requirements)
    written += write_schemas(target / "schemas")
    return NewSite(tuple(written), _announced(today), _effective(today))


def new_policy(
    docs_dir: Path, config: Path, policy_id: str | None, kind: Kind, when: AsOf, *, owner: tuple[str, str]
) -> NewSite:
    """Add a policy to the site of ``config`` (its ``mkdocs.yml``): its folder under ``docs_dir``, first version and nav entries."""
    policy = NewPolicy.of(kind, policy_id)
    folder = docs_dir / policy.id
    if folder.exists():
        raise ScaffoldError(f"{docs_dir.name}/{policy.id} exists already; name the new policy otherwise (policypress new-policy ID)")
    text = config.read_text(encoding="utf-8")
    today = today_for(when, TIMEZONE)
    updated = add_to_nav(text, policy.id, config)
    written = _policy_files(folder, policy, _context(today, *owner))
    config.write_text(updated, encoding="utf-8")
    return NewSite((*written, config), _announced(today), _effective(today))


def add_to_nav(text: str, policy_id: str, config: Path) -> str:
    """``mkdocs.yml``'s text with the policy's two pages in ``nav:``, after the last policy's (comments kept).

    >>> print(add_to_nav("nav:\\n  - 홈: index.md\\n  - privacy/index.md\\n  - privacy/history/index.md\\n"
    ...                  "  - updates/index.md\\n", "terms", Path("mkdocs.yml")))
    nav:
      - 홈: index.md
      - privacy/index.md
      - privacy/history/index.md
      - terms/index.md
      - terms/history/index.md
      - updates/index.md
    <BLANKLINE>
    """
    lines = text.splitlines(keepends=True)
    start = next((number for number, line in enumerate(lines) if re.match(r"nav:\s*(#.*)?$", line)), None)
    if start is None:
        raise ScaffoldError(f"{config.name}: no nav: list at the start of a line; add the pages {policy_id}/index.md and {policy_id}/history/index.md to the nav by hand")
    entry = re.compile(r"(\s+)-\s+(?:[^:\n]+:\s+)?([\w./-]+)\s*(#.*)?$")
    last, indent = None, "  "
    for number in range(start + 1, len(lines)):
        line = lines[number]
        if line.strip() and not line[0].isspace():
            break
        match = entry.match(line.rstrip("\n"))
        if match and match[2].endswith("/history/index.md"):
            last, indent = number, match[1]
        elif match and last is None:
            indent = match[1]
    if last is None:
        raise ScaffoldError(
            f"{config.name}: no policy's history page in nav:; add {policy_id}/index.md and "
            f"{policy_id}/history/index.md to the nav where the policy belongs"
        )
    added = [f"{indent}- {policy_id}/index.md\n", f"{indent}- {policy_id}/history/index.md\n"]
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    return "".join(lines[: last + 1] + added + lines[last + 1 :])


def pinned_requirements() -> str:
    """``requirements.txt`` of a new site: this policypress and every package it needs, at the versions installed now.

    The versions that made and tested the site are the ones it keeps until
    someone upgrades on purpose (as this project's ``requirements/`` do).
    """
    pins = sorted(_closure("policypress"), key=lambda pin: pin[0].lower())
    lines = [
        "# The exact versions this site was made with (policypress init); upgrade on purpose.",
        "# policypress itself: from wheels/ (see scripts/_env), or replace the line with",
        f"#   policypress @ git+https://github.com/OWNER/policypress@v{__version__}",
        f"policypress=={__version__}",
        *(f"{name}=={version}" for name, version in pins if canonicalize_name(name) != "policypress"),
    ]
    return "\n".join(lines) + "\n"


def _closure(root: str) -> Iterator[tuple[str, str]]:
    """Every distribution ``root`` needs (extras aside, markers evaluated here), with its installed version."""
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        key = canonicalize_name(name)
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement whose marker does not hold here is not installed either
        yield dist.metadata["Name"], dist.version
        for spec in dist.requires or ():
            requirement = Requirement(spec)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)


def _site_url(text: str) -> str:
    """The site's public address, ending in ``/`` (MkDocs joins page addresses to it).

    >>> _site_url("https://policies.example.kr")
    'https://policies.example.kr/'
    """
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ScaffoldError(f"--site-url {text!r}: expected the site's public address, such as https://policies.example.kr/")
    return parts.geturl() if parts.path.endswith("/") else parts.geturl() + "/"


def _notice(today: dt.date) -> NoticeMinimum:
    """The law's minimum notice for the first version: the one in force on its announcement day, a week from today."""
    return notice_law().on(today + dt.timedelta(days=7))


def _announced(today: dt.date) -> dt.date:
    # A week to write and lock the first version (it is locked on or before its announcement day).
    return today + dt.timedelta(days=7)


def _effective(today: dt.date) -> dt.date:
    return _announced(today) + dt.timedelta(days=_notice(today).days)


def _context(today: dt.date, owner_ko: str, owner_en: str) -> dict[str, Any]:
    for value, option in ((owner_ko, "--name-ko"), (owner_en, "--name-en")):
        if not value.strip() or "\n" in value:
            raise ScaffoldError(f"{option} is the organisation's name: one line of text, not empty")
    return {
        "adopted": today.isoformat(),
        "announced": _announced(today).isoformat(),
        "effective": _effective(today).isoformat(),
        "notice_days": _notice(today).days,
        "adverse_notice_days": _notice(today).adverse_days,
        "timezone": TIMEZONE,
        "owner_ko": owner_ko,
        "owner_en": owner_en,
        "owner_ko_topic": with_particle(owner_ko, "은"),
        "owner_ko_subject": with_particle(owner_ko, "이"),
        "owner_ko_object": with_particle(owner_ko, "을"),
        "version": __version__,
    }


def _policy_files(folder: Path, policy: NewPolicy, context: dict[str, Any]) -> list[Path]:
    return list(_render(SCAFFOLD / "kinds" / policy.kind, folder, context | {"policy_id": policy.id}))


def _environment() -> Environment:
    env = Environment(keep_trailing_newline=True, undefined=StrictUndefined, autoescape=False)
    # JSON is YAML: a name with a colon or a quote stays one string.
    env.filters["yaml"] = lambda value: json.dumps(str(value), ensure_ascii=False)
    env.filters["josa"] = with_particle
    # A name on a Markdown page is shown as written ("A*B*" is not emphasis, "<b>" not a tag).
    env.filters["md"] = md_text
    return env


def _render(source_root: Path, target: Path, context: dict[str, Any]) -> Iterator[Path]:
    env = _environment()
    for source in sorted(source_root.rglob("*")):
        if not source.is_file() or source.name.startswith(".") or "__pycache__" in source.parts:
            continue
        relative = source.relative_to(source_root).as_posix().replace("EFFECTIVE", context["effective"])
        relative = re.sub(r"^gitignore$", ".gitignore", relative)
        relative = re.sub(r"^github/", ".github/", relative)
        path = target / relative.removesuffix(".j2")
        path.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".j2":
            path.write_text(env.from_string(source.read_text(encoding="utf-8")).render(context), encoding="utf-8")
        else:
            path.write_bytes(source.read_bytes())
        if relative.startswith("scripts/") and not path.name.startswith("_"):
            path.chmod(0o755)  # wheels need not keep a file's mode
        yield path
