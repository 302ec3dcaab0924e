"""A policy's first version is introduced, not changed: banner, notice, policy page and its own page say so."""

from __future__ import annotations

import pytest

from tests.conftest import cli_env, run_cli, soup, write_placeholders

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def new_site(tmp_path_factory):
    # Made on 12-01, written and locked the same day, announced on 12-08 (init's week to write it).
    root = tmp_path_factory.mktemp("first")
    env = cli_env(POLICYPRESS_AS_OF="2026-12-01")
    run_cli("init", "site", cwd=root, env=env, check=True)
    write_placeholders(root / "site")
    run_cli("lock", cwd=root / "site", env=env, check=True)
    run_cli("build", "--strict", cwd=root / "site", env=cli_env(POLICYPRESS_AS_OF="2026-12-08"), check=True)
    return root / "site"


def site_of(project):
    return project / "site"


def test_the_banner_says_the_first_version_takes_effect_and_links_to_it(new_site) -> None:
    for prefix, text in (("", "개인정보 처리방침: 2026년 12월 15일부터 시행됩니다. 전문 보기"), ("en/", "Privacy Policy: takes effect on December 15, 2026. Read it")):
        head = soup(site_of(new_site) / prefix / "index.html").select_one(".md-banner .pp-notice__before .pp-notice__head")
        assert head.get_text(" ", strip=True).replace(" :", ":") == text
        assert head.select_one("a")["href"].endswith(f"/{prefix}privacy/2026-12-15/")


def test_the_first_versions_own_page_lists_its_sections_instead_of_a_diff(new_site) -> None:
    page = soup(site_of(new_site) / "en/privacy/2026-12-15/changes/index.html")
    assert page.select_one("h1").get_text(strip=True).rstrip("¶") == "Privacy Policy: first version, effective December 15, 2026"
    assert page.select("details") == [] and page.select(".pp-change") == []
    # Its summary is what the policy is about, worded as the notice words it, not a reason for a change.
    for prefix, label in (("", "제정 사유 및 주요 내용:"), ("en/", "About this policy:")):
        summary = soup(site_of(new_site) / prefix / "privacy/2026-12-15/changes/index.html").select_one(".pp-summary strong")
        assert summary.get_text() == label
    contents = [(a.get_text(), a["href"]) for a in page.select("ol.pp-contents a")]
    assert contents[:2] == [("Privacy at a glance", "../#_labels"), ("Personal information we process", "../#items")]
    policy = soup(site_of(new_site) / "en/privacy/index.html")
    assert [a.get_text() for a in policy.select(".pp-links a")][0] == "About this version"


def test_the_notice_of_a_first_version_introduces_the_policy(new_site) -> None:
    env = cli_env(POLICYPRESS_AS_OF="2026-12-08")
    ko = run_cli("notice", "privacy", "2026-12-15", "--lang", "ko", cwd=new_site, env=env, check=True).stdout
    assert ko.splitlines()[:6] == [
        "[예시 주식회사] 개인정보 처리방침 제정 안내(2026년 12월 15일 시행)",
        "",
        "예시 주식회사의 개인정보 처리방침 제정 내용을 다음과 같이 알려 드립니다.",
        "",
        "제정 사유 및 주요 내용:",
        "개인정보 처리방침을 처음 제정합니다.",
    ]
    en = run_cli("notice", "privacy", "2026-12-15", "--lang", "en", cwd=new_site, env=env, check=True).stdout
    assert "Example Inc. is publishing its Privacy Policy." in en
    assert "changing" not in en and "What changes" not in en
    assert "Full text: https://www.example.com/en/privacy/2026-12-15/" in en
