"""The pages policypress adds to a site, keyed by source file name.

Given a :class:`~policypress.render.context.BuildContext` (the loaded
policies, the schedule for a moment, the site's languages), :func:`render_pages`
returns every generated page (``privacy/index.ko.md`` → finished HTML, its
metadata and its table of contents). A front end decides how they reach the
site: the MkDocs adapter stages a placeholder for each and hands MkDocs the
HTML, ``policypress generate`` writes them as Markdown files.
"""

from __future__ import annotations

from policypress.core import urls
from policypress.render.changes_pages import changes_page
from policypress.render.compare_pages import compare_pages
from policypress.render.context import BuildContext
from policypress.render.correction_pages import correction_pages
from policypress.render.history_pages import history_page, updates_page
from policypress.render.policy_pages import policy_pages
from policypress.render.templating import GeneratedPage


def render_pages(context: BuildContext) -> dict[str, GeneratedPage]:
    """Every generated page, by source file name (``privacy/index.ko.md``).

    The diffs the changes pages need are started in helper processes first
    (for a long history), and the pages that need no diff are rendered
    meanwhile.
    """
    context.diffs.prefetch(context.wanted_diffs())
    out: dict[str, GeneratedPage] = {}
    for language in context.languages:
        code = language.code
        for policy in context.site.policies:
            out.update(policy_pages(context, policy, code))
            out[urls.source_name(urls.history_path(policy.id), code)] = history_page(context, policy, code)
        out[urls.source_name(urls.UPDATES_PATH, code)] = updates_page(context, code)
    for language in context.languages:
        code = language.code
        for policy in context.site.policies:
            for version in context.visible_versions(policy):
                path = urls.changes_path(policy.id, version.slug)
                out[urls.source_name(path, code)] = changes_page(context, policy, version, code)
            out.update(correction_pages(context, policy, code))
            out.update(compare_pages(context, policy, code))
    return out
