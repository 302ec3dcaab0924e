"""Every address a build publishes, and who claims it: two claims on one address is an error.

A policy folder named like a generated page (``docs/privacy/history/``,
``docs/updates/``), a hand-written ``docs/privacy.md`` beside the policy
``privacy``, or a ``docs/feed.xml`` would otherwise silently replace one
page with another. Addresses are compared as the files MkDocs writes
(``privacy/history/index.html``), with mkdocs-static-i18n's suffix layout
(``about.en.md`` is ``en/about/``) and directory URLs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Mapping

from policypress.core import urls
from policypress.core.errors import ContentError, Location
from policypress.core.languages import Languages
from policypress.core.layout import POLICY_FILE
from policypress.core.model import Policy



@dataclass(frozen=True)
class Claim:
    """Something that will be published at an address."""

    what: str
    """How an error names it: ``docs/privacy.md``, ``the history page of policy "privacy"``."""
    location: Location | None
    """Where to fix it, for claims an editor made (``None`` for policypress's own files)."""


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")
"""What MkDocs reads as a page (``mkdocs.utils.markdown_extensions``); every other file is copied as it is."""


def handwritten_output(name: str, languages: Languages) -> str:
    """The file MkDocs writes for a hand-written file under docs/ (``about.en.md`` → ``en/about/index.html``).

    >>> langs = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
    >>> handwritten_output("privacy.md", langs), handwritten_output("about/index.en.md", langs)
    ('privacy/index.html', 'en/about/index.html')
    >>> handwritten_output("feed.xml", langs), handwritten_output("README.md", langs), handwritten_output("privacy.mkdn", langs)
    ('feed.xml', 'index.html', 'privacy/index.html')
    """
    path = PurePosixPath(name)
    if path.suffix.lower() not in MARKDOWN_SUFFIXES:
        return name
    stem = path.stem
    prefix = ""
    code = stem.rsplit(".", 1)[-1] if "." in stem else None
    if code in languages.codes:
        stem = stem.rsplit(".", 1)[0]
        prefix = languages.prefix(code)
    folder = path.parent.as_posix()
    folder = "" if folder == "." else folder + "/"
    page = folder if stem.lower() in ("index", "readme") else f"{folder}{stem}/"
    return f"{prefix}{page}index.html"


def _page(path: str) -> str:
    return f"{path}index.html"


def policy_claims(policy: Policy, languages: Languages) -> Iterable[tuple[str, Claim]]:
    """Every address the generated pages and notices of ``policy`` take, in every language."""
    where = Location(policy.source.path, 1)
    pages = [(urls.policy_path(policy.id), "the page"), (urls.history_path(policy.id), "the history page")]
    for version in policy.versions:
        pages.append((urls.version_path(policy.id, version.slug), f"the page of version {version.slug}"))
        pages.append((urls.changes_path(policy.id, version.slug), f"the changes page of version {version.slug}"))
    for path, what in pages:
        for code in languages.codes:
            yield _page(urls.localized(path, code, languages)), Claim(f'{what} of policy "{policy.id}"', where)
    for version in policy.versions:
        for code in languages.codes:
            for name in urls.notice_files(policy.id, version.slug, code):
                yield name, Claim(f'the notice of version {version.slug} of policy "{policy.id}"', where)


def site_claims(languages: Languages) -> Iterable[tuple[str, Claim]]:
    """The addresses of policypress's own pages and files."""
    for code in languages.codes:
        yield _page(urls.localized(urls.UPDATES_PATH, code, languages)), Claim("the updates page", None)
        yield urls.localized(urls.FEED_NAME, code, languages), Claim("the Atom feed", None)
    for name in (*urls.EXPORTS, *urls.ASSETS):
        yield name, Claim(f"policypress's {name}", None)


def collisions(
    policies: Iterable[Policy],
    handwritten: Mapping[str, Path],
    languages: Languages,
) -> list[ContentError]:
    """An error for each address claimed twice, at the editor's file (or the later policy).

    Addresses are compared ignoring case: ``docs/Privacy/`` and the policy
    ``privacy`` are one folder on macOS and Windows (where a site is often
    built) and on many web servers, so one page would replace the other.
    """
    claims: dict[str, list[tuple[str, Claim]]] = {}

    def claim(address: str, who: Claim) -> None:
        claims.setdefault(address.casefold(), []).append((address, who))

    for address, who in site_claims(languages):
        claim(address, who)
    for policy in policies:
        for address, who in policy_claims(policy, languages):
            claim(address, who)
    for name, path in handwritten.items():
        claim(handwritten_output(name, languages), Claim(f"docs/{name}", Location(path)))
    # One error per clash, however many languages it repeats in.
    clashes: dict[tuple[Claim, str], list[str]] = {}
    for _key, found in sorted(claims.items()):
        unique = list(dict.fromkeys(who for _address, who in found))
        if len(unique) < 2:
            continue
        blamed = next((who for who in reversed(unique) if who.location is not None), None)
        if blamed is None:
            continue
        own = next(address for address, who in found if who is blamed)
        other = next(address for address, who in found if who is not blamed)
        others = " and ".join(who.what for who in unique if who is not blamed)
        if other != own:
            others += f" (/{other.removesuffix('index.html')}: the same address where case is ignored, as on macOS, Windows and many web servers)"
        clashes.setdefault((blamed, others), []).append("/" + own.removesuffix("index.html"))
    errors = []
    for (blamed, others), addresses in clashes.items():
        assert blamed.location is not None
        where = " and ".join(addresses)
        errors.append(
            ContentError(blamed.location, f"{blamed.what} would be published at {where}, the address of {others}; rename or move it")
        )
    return sorted(errors, key=ContentError.sort_key)


def language_prefix_problems(policies: Iterable[Policy], languages: Languages) -> list[ContentError]:
    """A policy folder named like a language's prefix (``docs/en/``) would mix its pages with that language's."""
    errors = []
    for policy in policies:
        first = policy.id.split("/", 1)[0]
        if first in languages.codes and languages.prefix(first):
            errors.append(
                ContentError(
                    Location(policy.source.path, 1),
                    f'the policy folder "{policy.id}" starts with "{first}", the folder of the site\'s {first} pages; '
                    "rename the folder",
                )
            )
    return errors


__all__ = ["Claim", "POLICY_FILE", "collisions", "handwritten_output", "language_prefix_problems"]
