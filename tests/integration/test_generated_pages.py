"""Generated pages follow the site's heading settings and count for MkDocs' link checks.

They never go through Python-Markdown (see policypress.render.pages.PageStash), so
what its toc extension would do for them is done by policypress: these tests
hold the two to the same result.
"""

from __future__ import annotations

import pytest

from tests.conftest import build, run_cli, cli_env, soup

pytestmark = pytest.mark.slow


def test_headings_without_permalinks_when_the_site_has_none(fixture_project) -> None:
    site = build(fixture_project("minimal"), as_of="2024-06-01")
    page = soup(site / "en/terms/index.html")
    assert [h["id"] for h in page.select("article h2[id]")] == ["purpose", "contact"]
    assert page.select("article a.headerlink") == []


def test_permalink_options_of_the_toc_extension_are_followed(fixture_project) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [attr_list, toc, admonition]",
            'markdown_extensions: [attr_list, admonition, {toc: {permalink: "#", permalink_title: "Link here", '
            "permalink_class: anchor, permalink_leading: true}}]",
        ),
        encoding="utf-8",
    )
    site = build(project, as_of="2024-06-01")
    page = soup(site / "en/terms/index.html")
    heading = page.select_one("article h2#contact")
    first = next(heading.children)
    assert first.name == "a" and first["class"] == ["anchor"] and first["href"] == "#contact"
    assert first["title"] == "Link here" and first.get_text() == "#"
    # Hand-written pages get the same links from Python-Markdown itself.
    home = soup(site / "en/index.html")
    assert home.select_one("article h1 a.anchor").get_text() == "#"


def test_links_to_sections_of_generated_pages_are_checked(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs/index.en.md").write_text(
        "# Test site\n\n[Contact](terms/index.md#contact) · [Nowhere](terms/index.md#nowhere)\n", encoding="utf-8"
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "validation:\n  anchors: warn\n", encoding="utf-8")
    result = run_cli("build", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-06-01"), check=True)
    log = result.stdout + result.stderr
    assert "'terms/index.md#nowhere'" in log
    assert "#contact" not in log
