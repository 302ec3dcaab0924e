"""A published version cannot change silently: the build fails, an erratum is the way out."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, cli_env, commit, copy_project, run_cli, soup

pytestmark = pytest.mark.slow


def test_editing_a_locked_version_fails_the_build_until_an_erratum_is_recorded(tmp_path) -> None:
    # `policypress build` is what scripts/build runs once the venv is set up;
    # running the script here would (re)install the package from the copy.
    project = copy_project(ROOT, tmp_path / "site")
    commit(project)
    version = project / "docs/privacy/versions/2023-12-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("The hospital uses cookies", "The Clinic uses cookies"), encoding="utf-8")
    (project / "site").mkdir()
    (project / "site/marker.html").write_text("previous site", encoding="utf-8")
    (project / "site/policies.json").write_text('{"generator": "policypress"}', encoding="utf-8")
    env = cli_env(POLICYPRESS_AS_OF="2026-11-25")

    failed = run_cli("build", cwd=project, env=env)
    assert failed.returncode == 1
    assert 'published version 2023-12-01 changed since it was locked ("cookies")' in failed.stderr
    assert sorted(p.name for p in (project / "site").iterdir()) == ["marker.html", "policies.json"]

    reason = "Wording: the Clinic, not the hospital."
    run_cli("lock", "--erratum", reason, "privacy", "2023-12-01", cwd=project, env=env, check=True)
    built = run_cli("build", cwd=project, env=env)
    assert built.returncode == 0, built.stderr
    history = soup(project / "site/privacy/history/index.html")
    [erratum] = history.select("#v2023-12-01 .pp-erratum")
    assert erratum.get_text(" ", strip=True) == f"2026년 11월 25일 정정: {reason} 정정된 내용 · 정정 전 본문"
    english = soup(project / "site/en/privacy/history/index.html").select_one("#v2023-12-01 .pp-erratum")
    assert english.get_text(" ", strip=True) == (
        f"Corrected on November 25, 2026: {reason} What the correction changed · The text before the correction"
    )


def test_an_erratum_gives_each_language_its_reason_and_a_missing_one_is_marked_with_its_language(fixture_project) -> None:
    project = fixture_project("minimal")
    commit(project)
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    version = project / "docs/terms/versions/2024-03-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("These terms set", "These Terms set"), encoding="utf-8")
    lockfile = project / "docs/terms/versions.lock"
    before = lockfile.read_bytes()

    def lock(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli("lock", *args, "terms", "2024-03-01", cwd=project, env=env)

    refused = [
        (lock("--erratum", "영문 정정.", "--erratum-in", "fr", "Corrigé."), "the reason in fr: fr is not a language of this site (ko, en)"),
        (lock("--erratum", "영문 정정.", "--erratum-in", "ko", "정정."),
         "--erratum-in ko: --erratum is the reason in the policy's binding language; give each language once"),
        (lock("--erratum", "영문 정정.", "--erratum-in", "en", " "), "the reason in en is empty"),
        (lock("--erratum", "영문 정정.", "--erratum-in", "en", "a\x1b[2Jb"), "the reason in en: character 2 is"),
        (lock("--erratum-in", "en", "English fixed."), '--erratum-in gives an erratum\'s reason in another language: add --erratum "<reason>"'),
    ]
    for result, message in refused:
        assert result.returncode != 0 and message in result.stderr, result.stderr
    assert lockfile.read_bytes() == before  # a refused erratum writes nothing

    recorded = lock("--erratum", "영문 표현 정정.", "--erratum-in", "en", "English wording fixed.")
    assert recorded.returncode == 0, recorded.stderr
    assert recorded.stdout == "recorded erratum of 2024-04-01 for terms 2024-03-01: ko: 영문 표현 정정.; en: English wording fixed.\n"
    run_cli("build", cwd=project, env=env, check=True)
    for prefix, shown in (
        ("", "2024년 4월 1일 정정: 영문 표현 정정. 정정된 내용 · 정정 전 본문"),
        ("en/", "Corrected on April 1, 2024: English wording fixed. What the correction changed · The text before the correction"),
    ):
        [erratum] = soup(project / "site" / prefix / "terms/history/index.html").select("#v2024-03-01 .pp-erratum")
        assert erratum.get_text(" ", strip=True) == shown
        assert erratum.select("[lang]") == []  # each reader has it in the page's language
    index = json.loads((project / "site/policies.json").read_text(encoding="utf-8"))
    [entry] = [v for v in index["policies"][0]["versions"] if v["effective"] == "2024-03-01"]
    assert entry["errata"][0]["reason"] == {"ko": "영문 표현 정정.", "en": "English wording fixed."}

    # A reason in the binding language only (as a lock may hold it): English readers get it, marked as Korean.
    data = json.loads(lockfile.read_text(encoding="utf-8"))
    data["versions"]["2024-03-01"]["errata"][0]["reason"] = {"ko": "영문 표현 정정."}
    lockfile.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    run_cli("build", cwd=project, env=env, check=True)
    erratum = soup(project / "site/en/terms/history/index.html").select_one("#v2024-03-01 .pp-erratum")
    assert erratum.get_text(" ", strip=True) == (
        "Corrected on April 1, 2024: 영문 표현 정정. What the correction changed · The text before the correction"
    )
    assert erratum.select_one("span[lang=ko]").get_text() == "영문 표현 정정."


def test_lock_records_new_versions_and_a_deleted_published_one_fails(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs/terms/versions.lock").unlink()  # as if the site were new: both versions announced later
    env = cli_env(POLICYPRESS_AS_OF="2023-12-01")
    result = run_cli("lock", cwd=project, env=env, check=True)
    assert result.stdout.splitlines()[0].startswith("locked terms 2024-01-01 (sha256:")
    assert result.stdout.splitlines()[-1] == "locked the settings of terms"
    assert run_cli("lock", cwd=project, env=env, check=True).stdout == "nothing to lock: every version is locked\n"
    (project / "docs/terms/versions/2024-01-01.yml").unlink()
    check = run_cli("check", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-01-10"))
    assert check.returncode == 1
    assert "docs/terms/versions.lock:23: published version 2024-01-01 of terms is missing" in check.stderr


def test_a_new_title_is_a_public_recorded_change_on_the_history_page(fixture_project) -> None:
    project = fixture_project("minimal")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    policy = project / "docs/terms/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("en: Terms of Service", "en: Terms of Use"), encoding="utf-8")
    refused = run_cli("build", cwd=project, env=env)
    assert refused.returncode == 1
    assert "docs/terms/policy.yml:1:8: title of terms changed since it was locked (was {ko: 이용약관, en: Terms of Service})" in refused.stderr
    recorded = run_cli("lock", "--erratum", "Plainer English.", "terms", cwd=project, env=env, check=True)
    assert recorded.stdout == "recorded the change of title of terms on 2024-04-01: Plainer English.\n"
    run_cli("build", cwd=project, env=env, check=True)
    history = soup(project / "site/en/terms/history/index.html")
    assert history.select_one("h2#policy-changes").get_text(strip=True).startswith("Changes to the policy itself")
    [change] = history.select(".pp-policy-change")
    assert change.get_text(" ", strip=True) == "April 1, 2024 : Title: “Terms of Service” → “Terms of Use”. Plainer English."
    korean = soup(project / "site/terms/history/index.html").select(".pp-policy-change")
    assert korean == []  # the Korean title did not change: nothing to tell Korean readers


def test_plain_mkdocs_build_refuses_bad_content_before_touching_site(fixture_project) -> None:
    project = fixture_project("minimal")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    run_cli("build", cwd=project, env=env, check=True)
    before = sorted(path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*"))
    version = project / "docs/terms/versions/2024-03-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("effective: 2024-03-01", "effective: 9999-12-31"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "docs/terms/versions/2024-03-01.yml:2:12: effective: 9999-12-31 is out of range" in result.stderr
    after = sorted(path.relative_to(project / "site").as_posix() for path in (project / "site").rglob("*"))
    assert after == before and "feed.xml" in after and "policies.json" in after


def test_content_yaml_is_never_published(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs/drafts").mkdir()
    (project / "docs/drafts/next.yml").write_text("title: a draft\n", encoding="utf-8")
    (project / "docs/glossary.yml").write_text("- {ko: 개인정보 보호법, en: Personal Information Protection Act}\n", encoding="utf-8")
    result = run_cli("build", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-04-01"), check=True)
    assert "docs/drafts/next.yml: YAML under docs/ is content and is not published; move this file out of docs/ if it is a draft" in result.stderr
    published = [path.name for path in (project / "site").rglob("*") if path.suffix in (".yml", ".yaml") or path.name == "versions.lock"]
    assert published == []
