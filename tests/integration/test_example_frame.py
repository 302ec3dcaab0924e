"""The example site's own frame (overrides/, locales/): what a patient sees around the policy."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT, cli_env, copy_project, soup

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("prefix", "contact", "office_name", "title", "nav"), [
    ("", "개인정보 관리책임자 변상균 원장", "르블랑치과의원 대표원장실", "르블랑치과의원", "공지사항"),
    ("en/", "Personal information manager Byun Sang-gyun, Head Doctor", "Representative Office, Le Blanc Dental Clinic",
     "Le Blanc Dental Clinic", "Notices"),
])
def test_every_page_names_the_clinic_and_its_privacy_contact(
    example_site, prefix: str, contact: str, office_name: str, title: str, nav: str
) -> None:
    site = example_site("2026-12-01")
    for path in ("", "privacy/", "privacy/history/", "privacy/2026-12-21/changes/", "authors/"):
        page = soup(site / prefix / path / "index.html")
        footer = page.select_one("aside.lb-contact")
        assert contact in footer.get_text(" ", strip=True), path
        office = footer.select_one("dl")  # the policy office, as the policy names it
        assert [dd.get_text(" ", strip=True) for dd in office.select("dd")][1:] == [office_name, "02-3444-2080"], path
        assert office.select_one("a[href='tel:+82-2-3444-2080']") is not None
        assert page.select_one(".md-header .md-logo img")["src"].endswith("assets/logo.svg")
        assert page.select_one(".pp-banner") is not None  # the override keeps policypress's notice
        # The site's catalog renames a package string in the nav ("Policy updates").
        assert nav in [a.get_text(strip=True) for a in page.select(".md-nav--primary .md-nav__link")]
    # The home page's title is the site's name once, not "Name - Name".
    assert soup(site / prefix / "index.html").title.get_text() == title


def test_korean_headings_keep_their_words_as_anchors(example_site) -> None:
    page = soup(example_site("2026-12-01") / "authors/index.html")
    ids = [heading["id"] for heading in page.select(".md-content h2")]
    assert ids[0] == "변경-절차-한눈에-보기"
    assert not [anchor for anchor in ids if anchor.startswith("_")]


def test_plain_mkdocs_does_not_list_version_pages_as_missing_from_the_nav(tmp_path) -> None:
    """Versions and their changes are linked from the policy and its history; MkDocs is told they are not in the nav."""
    project = copy_project(ROOT, tmp_path / "example")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "out")],
        cwd=project, env=cli_env(POLICYPRESS_AS_OF="2026-12-01"), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "not included in the" not in result.stderr
    assert (tmp_path / "out/privacy/2023-12-01/index.html").is_file()
    assert (tmp_path / "out/en/privacy/2026-12-21/changes/index.html").is_file()
