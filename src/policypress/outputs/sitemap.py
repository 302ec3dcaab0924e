"""The site's sitemap: only the pages search engines should index, each once.

MkDocs writes ``sitemap.xml`` with every page; policypress removes the dated
copies of the text in force and the archived versions (they carry a canonical
link or ``noindex``), and answers the sitemap probes of Material's JavaScript.
"""

from __future__ import annotations

import gzip
import os
import xml.etree.ElementTree as ET
from pathlib import Path

from policypress.core import urls
from policypress.core.schedule import State
from policypress.render.context import BuildContext

_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap_exclusions(context: BuildContext, base_url: str) -> set[str]:
    """Pages a sitemap must not list: dated copies of the text in force, archived versions, corrections and compared pairs
    (they carry a canonical link to the policy in force, or ``noindex``)."""
    paths = []
    for policy in context.site.policies:
        schedule = context.schedules[policy.id]
        schedule_pairs: dict[str, list[str]] = {}
        for old, new in context.compare_pairs(policy):
            schedule_pairs.setdefault(new.slug, []).append(old.slug)
        for item in schedule.visible(preview=context.options.preview):
            if item.state in (State.CURRENT, State.ARCHIVED, State.SCHEDULED):
                paths.append(urls.version_path(policy.id, item.version.slug))
            for older in schedule_pairs.get(item.version.slug, ()):
                paths.append(urls.compare_pair_path(policy.id, older, item.version.slug))
            for text in context.earlier_texts(policy, item.version):
                paths.append(urls.correction_path(policy.id, item.version.slug, text.number))
                paths.append(urls.earlier_text_path(policy.id, item.version.slug, text.number))
    return {urls.absolute(base_url, urls.localized(path, language.code, context.languages)) for path in paths for language in context.languages}


def prune_sitemap(data: bytes, excluded: set[str]) -> bytes:
    """``sitemap.xml`` without the excluded pages and without repeated entries."""
    ET.register_namespace("", _SITEMAP_NS)
    ET.register_namespace("xhtml", _XHTML_NS)
    root = ET.fromstring(data)
    seen: set[str] = set()
    for url in list(root):
        loc = (url.findtext(f"{{{_SITEMAP_NS}}}loc") or "").strip()
        if loc in excluded or loc in seen:
            root.remove(url)
        seen.add(loc)
    ET.indent(root, space="    ")
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def rewrite_sitemap(site_dir: Path, context: BuildContext, base_url: str) -> None:
    """Prune ``site_dir/sitemap.xml`` (:func:`prune_sitemap`) and its gzipped copy, when the site has one."""
    sitemap = site_dir / urls.SITEMAP_NAMES[0]
    if not sitemap.is_file():
        return
    data = prune_sitemap(sitemap.read_bytes(), sitemap_exclusions(context, base_url))
    sitemap.write_bytes(data)
    # MkDocs also ships the gzipped copy; keep the two the same.
    with gzip.GzipFile(site_dir / urls.SITEMAP_NAMES[1], "wb", mtime=0) as handle:
        handle.write(data)


EMPTY_SITEMAP = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def answer_sitemap_probes(site_dir: Path) -> None:
    """Put an empty ``sitemap.xml`` beside every page that lacks one.

    Material's JavaScript fetches ``sitemap.xml`` relative to every
    ``<link rel="alternate">`` of a page (made for sites whose alternates are
    language roots). Our alternates are the same page in each language, as
    hreflang requires, so each probe would be a 404 in the reader's console.
    An empty sitemap answers the probe; the real one stays at the root.
    """
    first: Path | None = None
    for page in site_dir.rglob("index.html"):
        probe = page.parent / urls.SITEMAP_NAMES[0]
        if probe.exists():
            continue
        if first is not None:
            # One file under many names: creating a file costs fifty times a link.
            try:
                os.link(first, probe)
                continue
            except OSError:  # a file system without hard links
                pass
        probe.write_bytes(EMPTY_SITEMAP)
        first = first or probe
