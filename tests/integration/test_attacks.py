"""The second round of attacks on issue 14's fixes, each a regression test: what destroyed, bypassed or injected
then is refused now, with its message, and nothing is lost."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import commit, build, cli_env, run_cli, soup
from tests.integration.test_preview import add_scheduled_version, report_items

pytestmark = pytest.mark.slow

AS_OF = "2024-04-01"


def _env() -> dict[str, str]:
    return cli_env(POLICYPRESS_AS_OF=AS_OF)


def _option(project: Path, line: str) -> None:
    """Add ``line`` to the policypress plugin's options in mkdocs.yml."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - policypress:\n", f"  - policypress:\n      {line}\n"), encoding="utf-8")


@pytest.mark.parametrize(
    ("staging", "message"),
    [
        (".", "refusing to stage the docs in {project}: it is the project ({project}), which the build would replace; "
              "choose a staging folder of its own, such as .cache/policypress/docs"),
        ("docs", "refusing to stage the docs in {project}/docs: it is docs_dir ({project}/docs), which the build would replace; "
                 "choose a staging folder of its own, such as .cache/policypress/docs"),
        ("../elsewhere", "refusing to stage the docs in {outside}: it holds files policypress did not put there, which staging "
                         "would remove; choose an empty folder, such as .cache/policypress/docs"),
    ],
)  # fmt: skip
def test_a_staging_folder_that_would_empty_the_project_is_refused(fixture_project, staging: str, message: str) -> None:
    project = fixture_project("minimal")
    outside = project.parent / "elsewhere"
    outside.mkdir()
    (outside / "mine.txt").write_text("mine\n", encoding="utf-8")
    _option(project, f"staging_dir: {staging}")
    before = sorted(path.relative_to(project.parent).as_posix() for path in project.parent.rglob("*"))
    expected = "error: " + message.format(project=project, outside=outside)
    for command in ("check", "build"):
        result = run_cli(command, cwd=project, env=_env())
        assert result.returncode == 1, command
        assert result.stderr.splitlines()[0] == expected, command
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1 and message.format(project=project, outside=outside) in plain.stderr
    assert sorted(path.relative_to(project.parent).as_posix() for path in project.parent.rglob("*")) == before


def test_plain_mkdocs_may_not_empty_a_folder_of_the_project(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "locales/ko/LC_MESSAGES").mkdir(parents=True)
    catalog = project / "locales/ko/LC_MESSAGES/policypress.po"
    catalog.write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "locales"], cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    assert plain.returncode == 1
    assert f"refusing to build into {project}/locales: it is the site's locales ({project}/locales)" in plain.stderr
    assert catalog.is_file()


def test_a_site_without_the_plugin_is_refused_instead_of_publishing_raw_yaml(fixture_project) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("  - policypress:\n")
    end = text.index("  - search\n")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    message = (
        "error: mkdocs.yml does not use the policypress plugin: MkDocs would publish the policies under docs/ as raw "
        "YAML, without their pages; add `- policypress` to its plugins\n"
    )
    for command in ("check", "build"):
        result = run_cli(command, cwd=project, env=_env())
        assert (result.returncode, result.stderr) == (1, message), command
    assert not (project / "site").exists()


def test_an_erratum_reason_is_one_line_of_plain_text(fixture_project) -> None:
    project = fixture_project("minimal")
    version = project / "docs/terms/versions/2024-01-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("이 약관은", "이 약관은 ", 1), encoding="utf-8")
    lock = project / "docs/terms/versions.lock"
    before = lock.read_bytes()
    result = run_cli("lock", "--erratum", "fixed\x1b]0;PWNED\x07\u202e", "terms", "2024-01-01", cwd=project, env=_env())
    assert result.returncode == 1
    assert result.stderr == (
        "error: the reason's character 6 is U+001B, a control character; write the reason as one line of plain text\n"
    )
    assert lock.read_bytes() == before


def test_a_language_name_cannot_rewrite_the_terminal(fixture_project) -> None:
    project = fixture_project("minimal")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: English", 'name: "Eng\\e]0;PWNED\\alish"'), encoding="utf-8")
    for command in ("check", "diff terms"):
        result = run_cli(*command.split(), cwd=project, env=_env())
        assert result.returncode == 1, command
        assert "the name of language en holds U+001B, a control character; write it as plain text" in result.stderr
        assert "\x1b" not in result.stdout + result.stderr


def test_a_file_name_with_a_bidirectional_control_is_refused(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs/notes\u202etxt.md").write_text("# Notes\n", encoding="utf-8")
    result = run_cli("check", cwd=project, env=_env())
    assert result.returncode == 1
    assert "this file's name holds U+202E, a bidirectional control, which changes how the text around it is displayed; rename it" in result.stderr
    assert "\u202e" not in result.stderr  # the name itself is shown escaped


def test_notices_are_never_listed_by_search_engines(fixture_project) -> None:
    project = fixture_project("minimal")
    add_scheduled_version(project)
    site = build(project, as_of=AS_OF, preview=True)
    notices = sorted(site.glob("terms/*/notice/*.html"))
    assert notices
    for path in notices:
        assert soup(path).select_one("meta[name=robots]")["content"] == "noindex", path


@pytest.fixture
def base_and_head(fixture_project, tmp_path: Path) -> tuple[Path, Path]:
    """A base branch with a scheduled version locked on 2024-04-01, and a copy of it to attack."""
    base = fixture_project("minimal")
    add_scheduled_version(base)  # announced 2024-05-01, effective 2024-06-01
    run_cli("lock", cwd=base, env=_env(), check=True)
    head = tmp_path / "head"
    shutil.copytree(base, head)
    return base, head


def _report(base: Path, head: Path, as_of: str) -> subprocess.CompletedProcess[str]:
    return run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), cwd=base, env=cli_env(POLICYPRESS_AS_OF=as_of))


def test_a_scheduled_version_moved_into_the_past_with_a_forged_lock_is_refused(base_and_head) -> None:
    """The helper's attack: on 2024-05-10, move a scheduled version's announcement back and hand-edit the lock to match."""
    base, head = base_and_head
    path = head / "docs/terms/versions/2024-06-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("announced: 2024-05-01", "announced: 2024-04-01"), encoding="utf-8")
    run_cli("lock", cwd=head, env=cli_env(POLICYPRESS_AS_OF="2024-03-31"), check=True)  # the text locked "before" its new day
    lock = head / "docs/terms/versions.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["versions"]["2024-06-01"]["locked"] = "2024-04-01"  # the base's dates, back by hand
    data["versions"]["2024-06-01"]["announced"] = "2024-05-01"
    lock.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = _report(base, head, "2024-04-10")
    assert result.returncode == 1
    assert (
        "the lock entry of 2024-06-01 records announced 2024-05-01, but the version it locks says 2024-04-01: "
        "the entry was edited by hand" in result.stdout
    )
    assert (
        "❌ version 2024-06-01 of terms now says it was announced on 2024-04-01 (the base branch says 2024-05-01), "
        "before today (2024-04-10): readers have not seen it since then; set announced to 2024-04-10 or later"
    ) in report_items(result.stdout)
    assert "✅ Publishable." not in result.stdout


def test_fixed_settings_cannot_change_behind_a_dummy_recorded_change(base_and_head) -> None:
    base, head = base_and_head
    policy = head / "docs/terms/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("timezone: Asia/Seoul", "timezone: Pacific/Kiritimati"), encoding="utf-8")
    lock = head / "docs/terms/versions.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["policy"]["settings"]["timezone"] = "Pacific/Kiritimati"
    data["policy"]["changes"] = [{"date": "2024-04-01", "reason": "Typo fix.", "old": {}, "new": {}}]
    lock.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    result = _report(base, head, AS_OF)
    assert result.returncode == 1
    assert "❌ the locked timezone of terms changed; they never change once a version is published" in report_items(result.stdout)


def test_settings_changed_by_hand_behind_an_unrelated_change_are_refused(base_and_head) -> None:
    base, head = base_and_head
    lock = head / "docs/terms/versions.lock"
    data = json.loads(lock.read_text(encoding="utf-8"))
    data["policy"]["settings"]["title"]["en"] = "Terms of Use"
    data["policy"]["changes"] = [{"date": "2024-04-01", "reason": "Longer notice.", "old": {"notice_days": 7}, "new": {"notice_days": 7}}]
    lock.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    policy = head / "docs/terms/policy.yml"
    policy.write_text(policy.read_text(encoding="utf-8").replace("en: Terms of Service", "en: Terms of Use"), encoding="utf-8")
    result = _report(base, head, AS_OF)
    assert result.returncode == 1
    assert "❌ the locked settings of terms are changed by hand; record a change with `policypress lock --erratum`" in report_items(result.stdout)


def test_a_back_dated_erratum_is_refused(base_and_head) -> None:
    base, head = base_and_head
    commit(head)
    path = head / "docs/terms/versions/2024-01-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("이 약관은", "이 약관은 ", 1), encoding="utf-8")
    run_cli("lock", "--erratum", "A space.", "terms", "2024-01-01", cwd=head, env=cli_env(POLICYPRESS_AS_OF="2023-12-02"), check=True)
    result = _report(base, head, AS_OF)
    assert result.returncode == 1
    assert (
        "❌ an erratum of 2024-01-01 of terms is dated 2023-12-02: a new erratum is dated between the newest date the "
        "base branch's lock records (2024-04-01) and today (2024-04-01)"
    ) in report_items(result.stdout)
