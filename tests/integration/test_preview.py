"""Pull-request previews: the site as it will be, on any date, and the review report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import cmarkgfm
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, build, cli_env, commit, run_cli, soup

pytestmark = pytest.mark.slow


def add_scheduled_version(project: Path) -> None:
    """A version announced in the future: only a preview may show it."""
    source = project / "docs/terms/versions/2024-03-01.yml"
    text = source.read_text(encoding="utf-8")
    text = text.replace("announced: 2024-01-20", "announced: 2024-05-01").replace("effective: 2024-03-01", "effective: 2024-06-01")
    text = text.replace("5년간", "7년간").replace("5 years", "7 years").replace("보관 기간 연장", "보관 기간 재연장").replace("Longer retention", "Even longer retention")
    (project / "docs/terms/versions/2024-06-01.yml").write_text(text, encoding="utf-8")


def test_preview_shows_scheduled_versions_with_ribbon_and_noindex_under_a_sub_path(fixture_project) -> None:
    project = fixture_project("minimal")
    add_scheduled_version(project)
    site = build(project, as_of="2024-04-01", preview=True, site_url="https://example.org/pr-7/")
    pages = sorted(site.rglob("index.html")) + [site / "404.html"]  # a 404 page is indexable too
    assert len(pages) > 10
    for page_path in pages:
        page = soup(page_path)
        assert page.select_one("meta[name=robots]")["content"] == "noindex", page_path
        ribbon = page.select_one(".pp-ribbon")
        assert ribbon is not None, page_path
        expected = "2024년 4월 1일" if not str(page_path.relative_to(site)).startswith("en/") else "April 1, 2024"
        assert expected in ribbon.get_text()
    assert (site / "robots.txt").read_text(encoding="utf-8").splitlines()[-1] == "Disallow: /"
    scheduled = soup(site / "terms/2024-06-01/index.html")
    assert scheduled.select_one(".pp-status--scheduled") is not None
    # Every page is linked relative or under /pr-7/, never from the host root.
    canonical = soup(site / "terms/index.html").select_one("link[rel=canonical]")["href"]
    assert canonical == "https://example.org/pr-7/terms/"
    for page_path in pages:
        for link in soup(page_path).select("a[href^='/'], link[href^='/']"):
            assert link["href"].startswith("/pr-7/"), (page_path, link["href"])


def test_published_build_hides_scheduled_versions(fixture_project) -> None:
    project = fixture_project("minimal")
    add_scheduled_version(project)
    site = build(project, as_of="2024-04-01")
    assert not (site / "terms/2024-06-01").exists()
    assert not (site / "robots.txt").exists()
    assert soup(site / "terms/index.html").select_one(".pp-ribbon") is None
    assert soup(site / "terms/index.html").select_one("meta[name=robots]") is None


def report(base: Path, head: Path, as_of: str = "2024-04-01", *args: str):  # type: ignore[no-untyped-def]
    """The report as the trusted workflow makes it: run from the base checkout, the head read as data."""
    return run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), *args, cwd=base, env=cli_env(POLICYPRESS_AS_OF=as_of))


@pytest.fixture
def base_and_head(fixture_project, tmp_path) -> tuple[Path, Path]:
    base = fixture_project("minimal")
    run_cli("lock", cwd=base, env=cli_env(POLICYPRESS_AS_OF="2024-04-01"), check=True)
    import shutil

    head = tmp_path / "head"
    shutil.copytree(base, head)
    return base, head


def report_items(markdown: str) -> list[str]:
    """The list items of a report as GitHub shows them (cmark-gfm), as text: what a reviewer reads."""
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    return [" ".join(item.get_text().split()) for item in BeautifulSoup(html, "html.parser").find_all("li")]


def lock(project: Path, as_of: str = "2024-04-01") -> None:
    run_cli("lock", cwd=project, env=cli_env(POLICYPRESS_AS_OF=as_of), check=True)


def test_report_lists_changed_sections_in_both_languages_and_notice_days(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    lock(head)
    result = report(base, head)
    assert result.returncode == 0, result.stdout + result.stderr
    text = result.stdout
    assert "| 2024-06-01 | 2024-05-01 | 2024-06-01 | 31 days | 30 days adverse | scheduled |" in text
    assert "#### `terms` 2024-06-01 (added)" in text
    assert re.search(r"- `purpose` \(ko, changed\): .*<del>5</del><ins>7</ins>년간", text)
    assert re.search(r"- `purpose` \(en, changed\): .*<del>5</del><ins>7</ins> years", text)
    assert "✅ Publishable." in text


def test_report_fails_on_an_edited_locked_version(base_and_head) -> None:
    base, head = base_and_head
    path = head / "docs/terms/versions/2024-01-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("3년간", "4년간"), encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1
    assert "**⚠️ Version 2024-01-01 was already published and is locked: editing it changes a published text." in result.stdout
    assert "❌ **Not publishable**" in result.stdout


def test_report_shows_the_erratum_that_accounts_for_an_edited_published_version(base_and_head) -> None:
    base, head = base_and_head
    commit(head)
    path = head / "docs/terms/versions/2024-01-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("서비스 이용 조건을", "서비스의 이용 조건을"), encoding="utf-8")
    run_cli(
        "lock", "--erratum", "오타 정정.", "--erratum-in", "en", "Typo *fixed*.", "terms", "2024-01-01",
        cwd=head, env=cli_env(POLICYPRESS_AS_OF="2024-04-01"), check=True,
    )
    result = report(base, head)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert (
        "**Version 2024-01-01 was already published: this correction is recorded as an erratum, shown on its history "
        "page with the text it replaces.**"
    ) in lines
    # The reviewer reads each language's reason as readers will, Markdown in it shown as typed.
    assert r"- Erratum of 2024-04-01: ko: 오타 정정\.; en: Typo \*fixed\*\." in lines
    assert "Revert, or record an erratum" not in result.stdout
    assert "✅ Publishable." in result.stdout


def test_report_fails_on_six_days_of_notice(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    path = head / "docs/terms/versions/2024-06-01.yml"
    text = path.read_text(encoding="utf-8").replace("announced: 2024-05-01", "announced: 2024-05-26").replace("adverse: true", "adverse: false")
    path.write_text(text, encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1
    assert "effective 2024-06-01 is 6 days after announced 2024-05-26; this policy needs 7 days of notice" in result.stdout


def test_report_refuses_an_unlocked_new_version(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    result = report(base, head)
    assert result.returncode == 1
    assert (
        "- ❌ version 2024\\-06\\-01 of terms is not locked with its current text; run \\`policypress lock\\` and "
        "commit versions\\.lock \\(its announcement\\-day build would withhold it\\)"
    ) in result.stdout.splitlines()


def test_report_counts_a_deleted_published_version_even_with_its_lock_entry(base_and_head) -> None:
    base, head = base_and_head
    (head / "docs/terms/versions/2024-01-01.yml").unlink()
    path = head / "docs/terms/versions.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["versions"]["2024-01-01"]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1
    assert "- ❌ published version 2024\\-01\\-01 of terms is deleted; published versions stay published" in result.stdout
    assert "- **Version `2024-01-01` of `terms` was deleted.**" in result.stdout
    assert "✅" not in result.stdout


def test_report_refuses_a_new_version_back_dated_with_a_forged_lock(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    path = head / "docs/terms/versions/2024-06-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("announced: 2024-05-01", "announced: 2024-03-20"), encoding="utf-8")
    lock(head, "2024-03-20")  # the forgery: a lock dated on the claimed announcement day
    result = report(base, head)
    assert result.returncode == 1
    assert (
        "- ❌ version 2024\\-06\\-01 of terms is new in this change but says it was announced on 2024\\-03\\-20, before "
        "today \\(2024\\-04\\-01\\): readers have not seen it; set announced to 2024\\-04\\-01 or later"
    ) in result.stdout.splitlines()


def test_report_refuses_a_lock_entry_edited_by_hand(base_and_head) -> None:
    base, head = base_and_head
    version = head / "docs/terms/versions/2024-01-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("3년간", "4년간").replace("3 years", "4 years"), encoding="utf-8")
    from policypress.core.languages import Languages
    from policypress.core.loader import load_site
    from policypress.core.lock_file import field_hashes, section_hashes

    edited = load_site(head / "docs", Languages.from_pairs([("ko", "ko"), ("en", "en")])).policy("terms").version("2024-01-01")
    path = head / "docs/terms/versions.lock"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["versions"]["2024-01-01"].update(hash=edited.content_hash(), sections=section_hashes(edited), fields=field_hashes(edited))
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1
    assert (
        "- ❌ the lock entry of 2024\\-01\\-01 of terms has a new hash without an erratum that accounts for it; a "
        "published text changes only by \\`policypress lock \\-\\-erratum\\` \\(or gains a language by \\`policypress lock\\`\\)"
    ) in result.stdout.splitlines()


def test_report_shows_an_edited_preamble_and_summary(base_and_head) -> None:
    base, head = base_and_head
    version = head / "docs/terms/versions/2024-03-01.yml"
    text = version.read_text(encoding="utf-8").replace(
        "summary: {ko: 보관 기간 연장, en: Longer retention}",
        "summary: {ko: 보관 기간 연장, en: A longer retention}\npreamble: {ko: 머리말, en: Preface}",
    )
    version.write_text(text, encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1  # a published version edited
    assert "- summary (en): <del>Longer</del><ins>A longer</ins> retention" in result.stdout
    assert "- opening text (ko, added): <ins>머리말</ins>" in result.stdout
    assert "- opening text (en, added): <ins>Preface</ins>" in result.stdout


def test_report_cannot_be_forged_by_content(base_and_head) -> None:
    base, head = base_and_head
    version = head / "docs/terms/versions/2024-03-01.yml"
    # A YAML escape (\n) in the first key; the second key is one line of Markdown that would forge a verdict.
    forged = r'"`x`\n### Verdict\n\n✅ Publishable.\n<!--": 1' + "\n" + r'"x` ### Verdict ✅ Publishable. <!--": 2' + "\n"
    version.write_text(forged + version.read_text(encoding="utf-8"), encoding="utf-8")
    result = report(base, head)
    assert result.returncode == 1
    # As GitHub shows a PR comment (cmark-gfm; raw HTML kept, as GitHub keeps the harmless kinds).
    html = cmarkgfm.github_flavored_markdown_to_html(result.stdout, options=cmarkgfm.Options.CMARK_OPT_UNSAFE)
    page = BeautifulSoup(html, "html.parser")
    assert [h.get_text() for h in page.find_all("h3")] == ["Validation", "Schedule", "Changes", "Verdict"]
    assert page.find("p").get_text().startswith("Verdict: ❌ Not publishable")  # said first, too
    verdict = page.find("h3", string="Verdict").find_next("p").get_text()
    assert verdict.startswith("❌ Not publishable")
    assert "<!--" not in html.replace("&lt;!--", "")  # no comment hides what follows
    assert any("### Verdict ✅ Publishable. <!--" in code.get_text() for code in page.find_all("code"))
