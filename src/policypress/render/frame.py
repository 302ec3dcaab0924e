"""What a theme adds around every page: head tags, the notice banner, the preview ribbon.

Any front end asks a :class:`Frame` the same per-page questions (the MkDocs
adapter from its page hooks, ``policypress generate`` for each file it
writes). Banners and ribbons are the same on every page of a language and
are rendered once each.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from policypress.core import urls
from policypress.core.errors import ContentError, Location
from policypress.render.banner import render_banner, render_ribbon
from policypress.render.context import BuildContext

@dataclass(frozen=True)
class PageExtras:
    """What the theme adds to one page: head tags, the notice banner, the preview ribbon."""

    head: str
    banner: str
    ribbon: str
    canonical: str | None
    """Site path of the canonical page, when it is not the page itself."""


@dataclass
class FrameKept:
    """Whether the theme put on each page what it was given for it: the notice, the preview ribbon, the head tags.

    The theme's templates place them (``policypress.html``'s blocks), and a
    site's own ``main.html`` can drop them without a word: one that extends
    Material's ``base.html`` instead of ``policypress.html``, or overrides
    ``announce`` without ``{{ super() }}`` (or inside ``<!-- -->``), published
    a site whose pages had no notice of a change during its notice period, and
    a preview without its ribbon or its ``noindex``. Each page the theme wrote
    is held to what it was given, and the build stops when one lacks it.
    """

    missing: dict[str, list[str]] = field(default_factory=dict)
    """For each part left out, the pages that lack it (their addresses)."""

    def check(self, address: str, written: str, extras: PageExtras) -> None:
        """Note what of ``extras`` the page written at ``address`` does not hold (or holds in an HTML comment)."""
        for part, fragment in (("notice of changes", extras.banner), ("preview ribbon", extras.ribbon), ("head tags", extras.head)):
            if not fragment:
                continue
            at = written.find(fragment)
            # A block "commented out" with <!-- {{ super() }} --> is in the file and shown to no one.
            if at < 0 or written.rfind("<!--", 0, at) > written.rfind("-->", 0, at):
                self.missing.setdefault(part, []).append(address)

    def problems(self, where: Location) -> list[ContentError]:
        """One error for each part some page lacks, naming ``where`` (the site's main.html, else its configuration)."""
        problems = []
        for part, addresses in self.missing.items():
            count = len(addresses)
            problems.append(
                ContentError(
                    where,
                    f"the theme left the {part} out of {count} {'page' if count == 1 else 'pages'} (the first: "
                    f"{min(addresses)}): a site's main.html extends \"policypress.html\" and keeps {{{{ super() }}}} in the "
                    "blocks it overrides (announce, header, extrahead)",
                )
            )
        return problems


class Frame:
    """The head tags, banner and ribbon of the pages of one build."""

    def __init__(self, context: BuildContext) -> None:
        self.context = context
        self._banners: dict[tuple[str, str], str] = {}
        self._ribbons: dict[str, str] = {}

    def gettext(self, code: str) -> Callable[..., str]:
        """``gettext`` in language ``code``, with the site's catalogs (for the site's own templates)."""
        return self.context.renderer(code).t.gettext

    def page_extras(
        self, page_url: str, code: str, meta: Mapping[str, Any], root_path: str | None = None, *, anywhere: bool = False
    ) -> PageExtras:
        """Head tags, banner and ribbon for the page at ``page_url`` in language ``code``.

        ``meta`` is the page's ``policypress`` metadata (empty for a
        hand-written page); ``root_path`` the path of the site's address, when
        it has one. ``anywhere``: the page is served at any address (the 404
        page), so its links start from ``root_path``, never from the page.
        """
        context = self.context
        head: list[str] = []
        if context.options.preview or meta.get("noindex"):
            head.append('<meta name="robots" content="noindex">')
        if context.options.feeds:
            target = urls.localized(urls.FEED_NAME, code, context.languages)
            if anywhere and root_path is not None:
                feed = root_path.rstrip("/") + "/" + target
            else:
                feed = urls.relative(urls.page_path(page_url), target)
            title = html.escape(context.renderer(code).t.gettext("Policy updates"))
            head.append(f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{html.escape(feed)}">')
        if root_path is not None:
            # Root-absolute links make the banner the same on every page of a language.
            key = (code, root_path)
            if key not in self._banners:
                self._banners[key] = render_banner(context, code, page_url, root_path)
            banner = self._banners[key]
        else:
            banner = render_banner(context, code, page_url, root_path)
        ribbon = ""
        if context.options.preview:
            # The same on every page of a language: rendered once.
            if code not in self._ribbons:
                self._ribbons[code] = render_ribbon(context, code)
            ribbon = self._ribbons[code]
        if meta.get("kind") == "policy" and meta.get("policy") in context.schedules:
            # The policy page says its change in a box above the text, summary and all: the banner keeps only
            # its head line for it there. A style, not other banner HTML: Material remembers a dismissed banner
            # by its HTML, which must stay the same on every page.
            # (Policy ids are [a-z0-9-_/] and slugs dates: nothing to escape in CSS.)
            keys = [f"{meta['policy']}/{version.slug}" for version in context.schedules[meta["policy"]].upcoming]
            if keys:
                selectors = ", ".join(f'.md-banner .pp-notice[data-pp-notice="{key}"] .pp-notice__summary' for key in keys)
                head.append(f"<style>{selectors} {{ display: none; }}</style>")
        canonical = meta.get("canonical")
        return PageExtras("\n".join(head), banner, ribbon, canonical if isinstance(canonical, str) else None)
