"""policypress's theme blocks reach every site without copied templates.

The plugin puts its own templates (``policypress.html`` and a ``main.html``
extending it) after the site's ``custom_dir``: a site with no overrides gets
the banner, head tags and print address, and a site with its own ``main.html``
keeps them by extending ``policypress.html``.
"""

from __future__ import annotations

import pytest

from tests.conftest import build, soup

pytestmark = pytest.mark.slow


def test_a_site_without_overrides_gets_the_banner_and_the_named_search_dialog(fixture_project) -> None:
    project = fixture_project("minimal")
    assert not (project / "overrides").exists()
    page = soup(build(project, as_of="2024-02-01") / "en/terms/index.html")
    assert page.select_one(".md-banner .pp-notice") is not None
    assert page.select_one('[data-md-component="search"][role="dialog"]')["aria-label"] == "Search"
    assert page.select_one("link[rel=alternate][type='application/atom+xml']") is not None


def test_a_site_main_html_extending_policypress_keeps_its_blocks(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text(
        '{% extends "policypress.html" %}\n'
        '{% block footer %}<p class="site-footer">Our own footer</p>{% endblock %}\n',
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    page = soup(build(project, as_of="2024-02-01") / "terms/index.html")
    assert page.select_one(".site-footer").get_text() == "Our own footer"
    assert page.select_one(".md-banner .pp-notice") is not None
