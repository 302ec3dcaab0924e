"""Where each generated page lives, in one place.

Paths here are site paths without a leading slash, ending in ``/`` for pages
(``privacy/2023-12-01/``), the same for every language apart from the
language prefix (``en/``). Source names follow mkdocs-static-i18n's suffix
layout (``privacy/index.ko.md``).
"""

from __future__ import annotations

import posixpath

from policypress.core.languages import Languages


def policy_path(policy_id: str) -> str:
    """``privacy/``: the policy in force."""
    return f"{policy_id}/"


def version_path(policy_id: str, slug: str) -> str:
    """``privacy/2023-12-01/``: a version's permanent page."""
    return f"{policy_id}/{slug}/"


def changes_path(policy_id: str, slug: str) -> str:
    """``privacy/2026-12-21/changes/``: what a version changed."""
    return f"{policy_id}/{slug}/changes/"


def correction_path(policy_id: str, slug: str, number: int) -> str:
    """``privacy/2026-12-21/corrections/1/``: what a version's first correction changed."""
    return f"{policy_id}/{slug}/corrections/{number}/"


def earlier_text_path(policy_id: str, slug: str, number: int) -> str:
    """``privacy/2026-12-21/corrections/1/before/``: the text a correction replaced, as it was published."""
    return f"{correction_path(policy_id, slug, number)}before/"


def history_path(policy_id: str) -> str:
    """``privacy/history/``: every version of a policy."""
    return f"{policy_id}/history/"


def compare_path(policy_id: str) -> str:
    """``privacy/compare/``: where a reader picks two versions to compare."""
    return f"{policy_id}/compare/"


def compare_pair_path(policy_id: str, old: str, new: str) -> str:
    """``privacy/compare/2023-12-01/2027-02-03/``: what changed from one version to a later one that does not follow it."""
    return f"{compare_path(policy_id)}{old}/{new}/"


def notice_path(policy_id: str, slug: str) -> str:
    """``privacy/2026-12-21/notice/``: the ready-to-send notice of a change."""
    return f"{policy_id}/{slug}/notice/"


def notice_files(policy_id: str, slug: str, code: str) -> tuple[str, str]:
    """``privacy/2026-12-21/notice/ko.txt`` and ``….html``: the plain-text and e-mail notices in one language."""
    base = notice_path(policy_id, slug)
    return f"{base}{code}.txt", f"{base}{code}.html"


UPDATES_PATH = "updates/"
FEED_NAME = "feed.xml"
"""The Atom feed of each language, at the root of that language."""
CALENDAR_NAME = "policies.ics"
INDEX_NAME = "policies.json"
INDEX_SCHEMA_NAME = "policies.schema.json"
ROBOTS_NAME = "robots.txt"
SITEMAP_NAMES = ("sitemap.xml", "sitemap.xml.gz")
EXPORTS = (CALENDAR_NAME, INDEX_NAME, INDEX_SCHEMA_NAME, ROBOTS_NAME, *SITEMAP_NAMES)
"""Files every build writes at the site's root (beside the feeds of each language)."""
ASSETS_PREFIX = "assets/policypress/"
"""Where policypress's stylesheet and script are published."""
STYLESHEETS = (ASSETS_PREFIX + "policypress.css",)
SCRIPTS = (ASSETS_PREFIX + "policypress.js",)
ASSETS = (*STYLESHEETS, *SCRIPTS)


def source_name(path: str, code: str) -> str:
    """The Markdown file that produces page ``path`` in language ``code``.

    >>> source_name("privacy/2023-12-01/", "en")
    'privacy/2023-12-01/index.en.md'
    >>> source_name("", "ko")
    'index.ko.md'
    """
    return f"{path}index.{code}.md"


def localized(path: str, code: str, languages: Languages) -> str:
    """The site path of ``path`` in language ``code``: ``en/privacy/``."""
    return languages.prefix(code) + path


def relative(from_path: str, to_path: str) -> str:
    """A link from one site path to another, as a relative URL that survives a sub-path.

    >>> relative("privacy/2023-12-01/", "privacy/history/")
    '../history/'
    >>> relative("en/privacy/", "privacy/")
    '../../privacy/'
    >>> relative("privacy/", "privacy/")
    './'
    """
    base = from_path.rstrip("/") or "."
    target = to_path.rstrip("/") or "."
    link = _relpath(target, base)
    if link == ".":
        return "./"
    trailing = "/" if to_path.endswith("/") or to_path == "" else ""
    return link + trailing


def _relpath(target: str, base: str) -> str:
    """``posixpath.relpath(target, base)`` for site paths, without its two ``abspath`` (each asks the OS for the
    working folder: a tenth of the time of rendering a long history's pages went to them). Anything but plain
    names separated by single slashes is left to ``posixpath``."""
    targets = [] if target == "." else target.split("/")
    bases = [] if base == "." else base.split("/")
    if any(part in ("", ".", "..") for part in (*targets, *bases)):
        return posixpath.relpath(target, base)
    common = 0
    while common < min(len(targets), len(bases)) and targets[common] == bases[common]:
        common += 1
    return "/".join([".."] * (len(bases) - common) + targets[common:]) or "."


def page_path(page_url: str) -> str:
    """A page URL as MkDocs gives it (``en/privacy/``, ``""`` for home, ``404.html``) as a site path.

    >>> page_path("en/privacy/"), page_path(""), page_path("404.html")
    ('en/privacy/', '', '')
    """
    if page_url in ("", "."):
        return ""
    return page_url if page_url.endswith("/") else page_url.rsplit("/", 1)[0] + "/" if "/" in page_url else ""


def absolute(base_url: str, path: str) -> str:
    """``path`` (a site path) under the site's URL; root-absolute when the URL is unknown.

    >>> absolute("https://example.org/pr-7/", "en/privacy/"), absolute("", "feed.xml")
    ('https://example.org/pr-7/en/privacy/', '/feed.xml')
    """
    return base_url.rstrip("/") + "/" + path if base_url else "/" + path
