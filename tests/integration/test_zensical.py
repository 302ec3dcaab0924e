"""A second real generator (issue 27, item 7): the example site built by Zensical, page by page against MkDocs' build.

``policypress generate OUT --for zensical`` writes a Zensical project (docs,
a theme override, ``mkdocs.yml``); zensical-i18n builds it. Zensical has no
plugins, so everything policypress adds to a page travels in its front
matter; this test holds the result to the MkDocs site of the same day: the
policy text, the banners, the diffs, the history, the head tags and the
exports. What differs by design is listed in README ("Zensical").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, cli_env, copy_project, run_cli, soup

pytestmark = pytest.mark.slow

AS_OF = "2027-01-10"  # the notice of the 2027-02-03 version: a banner on every page
#: Files Zensical's build writes of its own, beside what the two sites share.
ZENSICAL_ONLY = {"search.json", "en/search.json", "zensical-i18n.json", "en/zensical-i18n.json"}


def _zensical_i18n() -> str:
    found = shutil.which("zensical-i18n", path=str(Path(sys.executable).parent)) or shutil.which("zensical-i18n")
    if found is None:
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("zensical-i18n is required in CI (requirements/test.txt pins it)")
        pytest.skip("zensical-i18n not installed (pip install -r requirements/test.txt)")
    return found


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, example_site) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:  # type: ignore[no-untyped-def]
    """(the MkDocs site, the Zensical site, Zensical's build) of the example as of AS_OF."""
    command = _zensical_i18n()
    project = copy_project(ROOT, tmp_path_factory.mktemp("zensical") / "example")
    generated = run_cli("generate", "zensical", "--for", "zensical", "--as-of", AS_OF, cwd=project, env=cli_env(), check=True)
    assert generated.stdout.strip().endswith("build it with `zensical-i18n build --clean -f zensical/mkdocs.yml`")
    built = subprocess.run(
        [command, "build", "--clean", "--strict", "-f", "zensical/mkdocs.yml"], cwd=project, env=cli_env(),
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    return example_site(AS_OF), project / "zensical" / "site", built


def _pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html") if "/notice/" not in path.as_posix()}


def _text(node: BeautifulSoup) -> str:
    for mark in node.select(".headerlink, a#__skip"):
        mark.decompose()
    return " ".join(node.get_text(" ").split())


def test_zensical_builds_the_example_with_no_issue(sites) -> None:  # type: ignore[no-untyped-def]
    _mkdocs, _zensical, built = sites
    assert (built.stdout + built.stderr).count("No issues found") == 2  # each language, under --strict


def test_every_page_of_the_mkdocs_site_has_its_twin_with_the_same_text_banner_and_head(sites) -> None:  # type: ignore[no-untyped-def]
    mkdocs, zensical, _built = sites
    pages = _pages(mkdocs) - {"404.html", "en/404.html"}  # theme templates, not pages: see README
    assert len(pages) == 30 and pages <= _pages(zensical)
    differ = []
    for page in sorted(pages):
        ours, theirs = soup(mkdocs / page), soup(zensical / page)
        checks = {
            "lang": (ours.html["lang"], theirs.html["lang"]),
            "text": (_text(ours.select_one("article")), _text(theirs.select_one("article"))),
            "banner": tuple(" ".join(s.select_one(".md-banner .pp-banner").get_text(" ").split()) for s in (ours, theirs)),
            "robots": tuple((s.select_one("meta[name=robots]") or {}).get("content") for s in (ours, theirs)),
            "canonical": tuple(s.select_one("link[rel=canonical]")["href"] for s in (ours, theirs)),
            "feed": tuple(s.select_one('link[type="application/atom+xml"]')["href"] for s in (ours, theirs)),
            "diff": tuple((len(s.select("article ins.pp-ins")), len(s.select("article del.pp-del"))) for s in (ours, theirs)),
            "history": tuple([" ".join(li.get_text(" ").split()) for li in s.select("li.pp-history__entry")] for s in (ours, theirs)),
            "print": tuple([p.get_text() for p in s.select(".pp-print-url")] for s in (ours, theirs)),
        }
        differ += [f"{page}: {name}: {a!r} != {b!r}" for name, (a, b) in checks.items() if a != b]
    assert differ == []
    # The checks read something: the banner is there, an archived text is noindex, a changes page has its marks.
    notice = soup(zensical / "privacy/index.html").select_one(".md-banner .pp-banner")
    assert notice is not None and "2027년 2월 3일부터 변경됩니다" in notice.get_text()
    assert soup(zensical / "en/privacy/2023-12-01/index.html").select_one("meta[name=robots]")["content"] == "noindex"
    assert soup(zensical / "privacy/2027-02-03/changes/index.html").select("article ins.pp-ins")


def test_the_exports_are_the_same_bytes_and_every_page_has_its_languages_in_the_sitemap(sites) -> None:  # type: ignore[no-untyped-def]
    mkdocs, zensical, _built = sites
    shared = {
        path.relative_to(mkdocs).as_posix()
        for path in mkdocs.rglob("*")
        if path.is_file() and path.suffix in (".json", ".xml", ".ics", ".txt", ".css", ".js", ".svg")
        and not path.name.startswith("sitemap") and "search" not in path.parts
        and not path.relative_to(mkdocs).as_posix().startswith(("assets/javascripts/", "assets/stylesheets/"))  # each theme's own
    }  # fmt: skip
    assert {"policies.json", "feed.xml", "en/feed.xml", "policies.ics", "assets/policypress/policypress.js"} <= shared
    assert [name for name in sorted(shared) if (zensical / name).read_bytes() != (mkdocs / name).read_bytes()] == []
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    sitemap = ElementTree.parse(zensical / "sitemap.xml").getroot()
    for url in sitemap.findall("s:url", namespace):
        languages = {link.get("hreflang") for link in url.findall("x:link", namespace)}
        assert {"ko", "en"} <= languages, url.findtext("s:loc", namespaces=namespace)
    assert ZENSICAL_ONLY <= {path.relative_to(zensical).as_posix() for path in zensical.rglob("*.json")}


def test_the_zensical_project_carries_the_sites_settings_without_policypress_or_code(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    run_cli("generate", "out", "--for", "zensical", "--as-of", AS_OF, cwd=project, env=cli_env(), check=True)
    config = (project / "out/mkdocs.yml").read_text(encoding="utf-8")
    assert "policypress:" not in config and "hooks" not in config
    assert "slugify: !!python/object/apply:pymdownx.slugs.slugify" in config  # written back as the site wrote it
    assert (project / "out/docs/feed.en.xml").is_file() and not (project / "out/docs/en").exists()
    front = (project / "out/docs/privacy/index.en.md").read_text(encoding="utf-8").split("\n---\n", 1)[0]
    assert "pp_banner:" in front and "pp_head:" in front and "pp_print_url:" in front
