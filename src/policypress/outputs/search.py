"""One search index per language, from the entries a search engine collected.

Material's search writes one index for every language of an i18n site, with
English settings; policypress writes one per language instead (each with its
own lunr language and, for Korean, morpheme-aware terms: see
:mod:`policypress.outputs.korean`), and names the versions in the results:
the text in force and the text to come share a title and most of their
words, so a result says which it is and the text in force ranks first
(:func:`search_labels`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping

from policypress.core import urls
from policypress.outputs.korean import Analyser, enrich_index, is_korean
from policypress.render.context import BuildContext

IN_FORCE_BOOST = 2.0
"""How much a match in the text in force outranks the same match elsewhere (Material's per-page ``boost``)."""
UPCOMING_BOOST = 0.5

#: The languages lunr-languages has a stemmer for (Material ships one file for each).
LUNR_LANGUAGES = frozenset(
    "ar da de du el en es fi fr he hi hu hy it ja jp kn ko nl no pt ro ru sa sv ta te th tr vi zh".split()
)


@dataclass(frozen=True)
class SearchLabel:
    """What a search result of a policy text says it is, and how it ranks."""

    title: str
    boost: float


def search_labels(context: BuildContext, code: str) -> dict[str, SearchLabel]:
    """The policy texts a search in language ``code`` can find, by location: which is which, and their rank."""
    t = context.renderer(code).t
    labels: dict[str, SearchLabel] = {}
    for policy in context.site.policies:
        schedule = context.schedules[policy.id]
        # Material's search shows a title as HTML: the policy's title is text.
        title = html.escape(policy.meta.title[code])
        # Labels stay true once an upcoming change takes effect, before the next build: a reader's search
        # index is not rewritten by policypress.js as the pages are.
        following = schedule.upcoming[0] if schedule.upcoming else None
        if schedule.current is not None:
            label = (
                t.gettext("%(title)s (in force until %(date)s)", title=title, date=t.date(following.effective))
                if following is not None
                else t.gettext("%(title)s (in force)", title=title)
            )
            labels[urls.policy_path(policy.id)] = SearchLabel(label, IN_FORCE_BOOST)
        for version in schedule.upcoming:
            labels[urls.version_path(policy.id, version.slug)] = SearchLabel(
                t.gettext("%(title)s (in force from %(date)s)", title=title, date=t.date(version.effective)), UPCOMING_BOOST
            )
    return labels


def lunr_language(code: str) -> str:
    """The search language of a site language: its own when lunr has one, else English.

    Material's search loads ``lunr.<lang>.min.js``: a code such as ``zh-Hant``
    would load a file that does not exist, and search would not start.

    >>> lunr_language("zh-Hant"), lunr_language("ko"), lunr_language("ga")
    ('zh', 'ko', 'en')
    """
    base = code.replace("_", "-").split("-", 1)[0].lower()
    return base if base in LUNR_LANGUAGES else "en"


def search_index(
    entries: list[dict[str, Any]],
    code: str,
    prefix: str,
    search_config: Mapping[str, Any],
    *,
    korean: Analyser | None = None,
    korean_search: bool = True,
    labels: Mapping[str, SearchLabel] | None = None,
) -> dict[str, Any]:
    """A search index for one language: its own entries, locations relative to its root.

    ``labels`` (:func:`search_labels`) title and rank the policy texts. A
    Korean index is made searchable by morpheme with ``korean``, the
    analyser (none: kiwipiepy is not installed); ``korean_search=False``
    leaves it as Material would write it.

    >>> search_index([{"location": "en/privacy/#x", "title": "X", "text": ""}], "en", "en/",
    ...              {"lang": ["ko", "en"], "separator": "[\\\\s]+", "pipeline": [], "fields": {}})["docs"]
    [{'location': 'privacy/#x', 'title': 'X', 'text': ''}]
    """
    docs = []
    for entry in entries:
        location = entry["location"]
        if prefix:
            if not location.startswith(prefix):
                continue
            location = location[len(prefix):]
        doc = {**entry, "location": location}
        page, _, anchor = location.partition("#")
        label = (labels or {}).get(page)
        if label is not None:
            doc["boost"] = label.boost
            if not anchor:  # the page's own entry heads its results: name the version there
                doc["title"] = label.title
        docs.append(doc)
    config = {key: search_config[key] for key in ("separator", "pipeline", "fields") if key in search_config}
    config["lang"] = [lunr_language(code)]
    if korean_search and is_korean(code):
        # Morpheme-aware terms and separator: see policypress.outputs.korean.
        config, docs = enrich_index(config, docs, korean)
    return {"config": config, "docs": docs}
