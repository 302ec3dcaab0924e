"""The review report shows every change as readers will read it, fits a PR comment, and is the base branch's judgement
(issue 24, items 4, 7, 9 and 10)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import cmarkgfm
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT, cli_env, commit, copy_project, run_cli
from tests.integration.test_preview import add_scheduled_version, report_items

pytestmark = pytest.mark.slow

AS_OF = "2024-04-01"


@pytest.fixture
def base_and_head(fixture_project, tmp_path: Path) -> tuple[Path, Path]:
    base = fixture_project("minimal")
    run_cli("lock", cwd=base, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    head = tmp_path / "head"
    shutil.copytree(base, head)
    return base, head


def report(base: Path, head: Path, *args: str):  # type: ignore[no-untyped-def]
    return run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), *args, cwd=base, env=cli_env(POLICYPRESS_AS_OF=AS_OF))


def github(markdown: str) -> BeautifulSoup:
    """A comment as GitHub renders it (cmark-gfm with its autolink extension; raw HTML kept)."""
    return BeautifulSoup(cmarkgfm.github_flavored_markdown_to_html(markdown, options=cmarkgfm.Options.CMARK_OPT_UNSAFE), "html.parser")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_change_after_the_first_1500_characters_of_a_section_is_shown(base_and_head) -> None:
    base, head = base_and_head
    # The base has a scheduled version with a long section; the pull request changes its last words.
    add_scheduled_version(base)
    long = "이 약관은 서비스 이용 조건을 정합니다. " * 80
    _edit(base / "docs/terms/versions/2024-06-01.yml", "ko: 이 약관은 서비스 이용 조건을 정합니다.", f"ko: {long}개인정보를 제3자에게 제공하지 않습니다.")
    run_cli("lock", cwd=base, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    shutil.rmtree(head)
    shutil.copytree(base, head)
    _edit(head / "docs/terms/versions/2024-06-01.yml", "제3자에게 제공하지 않습니다.", "제3자에게 제공할 수 있습니다.")
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    result = report(base, head)
    [passage] = [item for item in report_items(result.stdout) if item.startswith("purpose (ko, changed)")]
    assert passage.startswith("purpose (ko, changed): …") and "제3자에게 제공하지 않할 수 있습니다." in passage  # <del>하지 않</del><ins>할 수 있</ins>
    assert len(passage) < 300  # the passage with its context, not the section


def test_the_report_shows_the_readers_words_not_escaped_markdown(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    version = head / "docs/terms/versions/2024-06-01.yml"
    version.write_text(
        re.sub(r"ko: (이 약관은 .*)\n", lambda m: f'ko: "**[예약 안내]** {m[1]}"\n', version.read_text(encoding="utf-8"), count=1), encoding="utf-8"
    )
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    result = report(base, head)
    page = github(result.stdout)
    [item] = [li for li in page.find_all("li") if li.get_text().startswith("purpose (ko")]
    assert [ins.get_text() for ins in item.find_all("ins")][0] == "[예약 안내] "  # the words a reader sees, whole
    assert "\\" not in item.get_text() and "**" not in item.get_text()


def test_mentions_issue_numbers_and_addresses_in_content_stay_inert(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    version = head / "docs/terms/versions/2024-06-01.yml"
    version.write_text(
        re.sub(
            r"ko: (이 약관은 .*)\n",
            lambda m: f'ko: "문의는 @privacy-team 또는 https://evil.example/login 과 www.evil.example, 안건 #12 참조. {m[1]}"\n',
            version.read_text(encoding="utf-8"),
            count=1,
        ),
        encoding="utf-8",
    )
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    page = github(report(base, head).stdout)
    assert page.find_all("a") == []  # no link of the content's (GitHub's autolinks included)
    text = page.get_text()
    assert "@privacy-team" not in text and "@\u200bprivacy-team" in text  # no mention, the words still there
    assert "#\u200b12" in text and "https\u200b://evil.example/login" in text


def test_settings_changed_with_a_recorded_change_are_listed(base_and_head) -> None:
    base, head = base_and_head
    _edit(head / "docs/terms/policy.yml", "owner: {ko: 테스트 주식회사, en: Test Inc.}", "owner: {ko: 다른 회사, en: Other Inc.}")
    run_cli("lock", "--erratum", "회사 이름 변경", "terms", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    result = report(base, head)
    items = report_items(result.stdout)
    assert "terms owner: ko: 테스트 주식회사, en: Test Inc. → ko: 다른 회사, en: Other Inc." in items
    assert "terms: recorded as a change of 2024-04-01, with the public reason: 회사 이름 변경" in items
    assert "No policy version is added or changed." in result.stdout


def test_presentation_changes_send_the_reviewer_to_the_preview(base_and_head) -> None:
    base, head = base_and_head
    (head / "docs/assets").mkdir(parents=True, exist_ok=True)
    (head / "docs/assets/quiet.css").write_text(".md-typeset h2 ~ * { display: none }\n", encoding="utf-8")
    (head / "docs/about.md").write_text("# About\n", encoding="utf-8")
    result = report(base, head)
    page = github(result.stdout)
    headings = [h.get_text() for h in page.find_all("h3")]
    assert "Presentation changes: look at the preview" in headings and "Pages changed" in headings
    assert "docs/assets/quiet.css (added)" in report_items(result.stdout)
    assert "docs/about.md (added)" in report_items(result.stdout)


def test_a_report_too_long_for_a_comment_keeps_its_verdict_and_links_the_rest(base_and_head, tmp_path: Path) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    version = head / "docs/terms/versions/2024-06-01.yml"
    sections = "".join(
        f"  - id: added-{n}\n    title: {{ko: 추가 조항 {n}, en: Added section {n}}}\n    body:\n"
        f"      ko: 이 조항은 {n}번째로 추가된 조항으로, 이용자의 권리를 설명하는 긴 문장을 담고 있습니다. 자세한 내용은 본문을 참고하십시오.\n"
        f"      en: This is added section number {n}, a long sentence explaining the rights of users. See the text for details.\n"
        for n in range(300)
    )
    version.write_text(version.read_text(encoding="utf-8") + sections, encoding="utf-8")
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    comment = tmp_path / "comment.md"
    result = report(base, head, "--comment", str(comment), "--full-url", "https://github.com/o/r/actions/runs/1")
    assert len(result.stdout) > 65_536  # the whole report (the job's summary)
    text = comment.read_text(encoding="utf-8")
    assert len(text) <= 60_000
    assert text.rstrip().endswith("✅ Publishable.")  # the verdict is never left out
    [note] = [line for line in text.splitlines() if line.startswith("_…")]
    assert re.fullmatch(r"_… \d+ more item\(s\) are not shown in this comment: the full report is at https://github.com/o/r/actions/runs/1\._", note)


def test_the_report_reads_a_pull_requests_mkdocs_yml_as_data_and_runs_none_of_it(base_and_head, tmp_path: Path) -> None:
    base, head = base_and_head
    marker = tmp_path / "ran"
    config = head / "mkdocs.yml"
    hook = head / "hook.py"
    hook.write_text(f"open({str(marker)!r}, 'w').write('hook')\n", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8")
        + f"hooks:\n  - hook.py\nextra:\n  x: !!python/object/apply:os.system [\"touch {marker}\"]\n",
        encoding="utf-8",
    )
    result = report(base, head)
    assert not marker.exists()  # nothing of the pull request ran in the judge
    assert "✅ Publishable." not in result.stdout or "hook.py (added)" in report_items(result.stdout)
    assert "mkdocs.yml (changed)" in report_items(result.stdout)


def test_report_and_strict_build_agree_on_a_warning(base_and_head) -> None:
    base, head = base_and_head
    add_scheduled_version(head)
    _edit(head / "docs/terms/versions/2024-06-01.yml", "전화: 02-123-4567", "전화: 02-123-4568")  # ko only: facts differ
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)
    result = report(base, head)
    strict = run_cli("build", "--strict", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF))
    assert (result.returncode, strict.returncode) == (1, 1)
    assert "the publish build runs with --strict, where a warning fails" in result.stdout


def test_a_correction_in_one_language_is_publishable_once_the_other_is_recorded_as_reviewed(tmp_path: Path) -> None:
    """The issue's case: the English text of a version corrected, the Korean left as it was (it needed no change)."""
    base = copy_project(ROOT, tmp_path / "base")
    commit(base)
    head = tmp_path / "head"
    shutil.copytree(base, head)
    env = cli_env(POLICYPRESS_AS_OF="2026-12-08")  # after the newest day the example's lock records
    # "security" reads as in 2023-12-01 in both languages: corrected in English only, it differs in English only.
    _edit(head / "docs/privacy/versions/2026-12-21.yml", "The Clinic has technical measures in place", "The Clinic has put technical measures in place")
    run_cli("lock", "--erratum", "영문 표현 정정", "privacy", "2026-12-21", cwd=head, env=env, check=True)
    # The next version, not yet announced, was a copy of the old text: it is simply edited the same way and locked again.
    _edit(head / "docs/privacy/versions/2027-02-03.yml", "The Clinic has technical measures in place", "The Clinic has put technical measures in place")
    run_cli("lock", cwd=head, env=env, check=True)
    check = run_cli("check", "--strict", cwd=head, env=env)
    assert check.returncode == 1 and "--reviewed ko privacy 2026-12-21" in check.stderr
    assert report(base, head).returncode == 1  # the report and the strict publish build agree
    recorded = run_cli("lock", "--reviewed", "ko", "privacy", "2026-12-21", cwd=head, env=env)
    assert recorded.returncode == 0, recorded.stderr
    assert "its ko text was reviewed and needs no change" in recorded.stdout
    assert run_cli("check", "--strict", cwd=head, env=env).returncode == 0
    published = run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), cwd=base, env=env)
    assert published.returncode == 0, published.stdout


def test_a_version_not_yet_announced_may_be_locked_again_on_a_later_day(base_and_head) -> None:
    base, head = base_and_head
    for project in (base, head):
        add_scheduled_version(project)
        run_cli("lock", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-03-25"), check=True)
    _edit(head / "docs/terms/versions/2024-06-01.yml", "보관 기간 재연장", "보관 기간을 다시 연장")
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF=AS_OF), check=True)  # a week later, before its announcement
    result = report(base, head)
    assert result.returncode == 0, result.stdout
    assert "has new dates" not in result.stdout
