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


@pytest.mark.parametrize(
    ("frame", "parts"),
    [
        # Material's base.html instead of policypress.html: every block of policypress's is gone.
        ('{% extends "base.html" %}\n', ["head tags", "notice of changes", "preview ribbon"]),
        # The announce block overridden without {{ super() }}: the notice alone is gone.
        ('{% extends "policypress.html" %}\n{% block announce %}{% endblock %}\n', ["notice of changes"]),
        # "Commented out for now": in the file, shown to no one.
        ('{% extends "policypress.html" %}\n{% block announce %}<!-- {{ super() }} -->{% endblock %}\n', ["notice of changes"]),
    ],
    ids=["extends-base", "empty-announce", "commented-out"],
)
def test_a_site_frame_that_drops_the_notice_stops_the_build_and_keeps_the_site(fixture_project, frame: str, parts: list[str]) -> None:
    """Pages without the notice of a change in its notice period, or a preview without its ribbon and noindex,
    are never published: each page the theme wrote is held to what it was given."""
    from tests.conftest import cli_env, run_cli

    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"), encoding="utf-8")
    (project / "overrides").mkdir()
    (project / "overrides/main.html").write_text('{% extends "policypress.html" %}\n', encoding="utf-8")
    # The pages that carry each part in a preview made with a frame that keeps them: the pages named below.
    good = build(project, as_of="2024-02-01", preview=True)
    # (The theme's pages: a notice's own HTML page, notice/ko.html, is policypress's and has no header.)
    pages = sorted(path.relative_to(good).as_posix() for path in good.rglob("*.html") if soup(path).select_one(".md-header"))
    carrying = {
        "notice of changes": [page for page in pages if soup(good / page).select_one(".md-banner .pp-notice") is not None],
        "preview ribbon": [page for page in pages if soup(good / page).select_one(".pp-ribbon") is not None],
        "head tags": [page for page in pages if soup(good / page).select_one('meta[name="robots"][content*="noindex"]') is not None],
    }
    before = {page: (good / page).read_bytes() for page in pages}

    (project / "overrides/main.html").write_text(frame, encoding="utf-8")
    result = run_cli("build", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-02-01", POLICYPRESS_PREVIEW="1"))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: {len(parts)} content {'error' if len(parts) == 1 else 'errors'}:"
    assert lines[1:-1] == [
        f"overrides/main.html: the theme left the {part} out of {len(carrying[part])} pages (the first: {carrying[part][0]}): "
        "a site's main.html extends \"policypress.html\" and keeps {{ super() }} in the blocks it overrides (announce, header, extrahead)"
        for part in parts
    ]
    assert lines[-1].endswith("; site/ was left as it was")
    assert {page: (good / page).read_bytes() for page in pages} == before
