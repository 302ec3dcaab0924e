"""The ``policypress`` command, run in-process: every command's failure paths, with exact messages."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from policypress.cli import driver as cli
from policypress.cli.project import UsageError
from policypress.render import textdiff
from policypress.authoring.new_version import AuthoringError, edit_version_text
from policypress.core.errors import ContentError, Location
from policypress.core.languages import Languages
from tests.conftest import ROOT, copy_project

MINIMAL = ROOT / "tests" / "fixtures" / "sites" / "minimal"
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
COMMANDS = ["check", "build", "new-version", "diff", "schedule", "schema", "init", "new-policy"]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("POLICYPRESS_AS_OF", "POLICYPRESS_PREVIEW", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the minimal fixture site (terms: 2024-01-01, 2024-03-01), as the working folder."""
    project = copy_project(MINIMAL, tmp_path / "site")
    monkeypatch.chdir(project)
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2024-04-01")
    return project


def _hash(site: Path, slug: str) -> str:
    from policypress.core.loader import load_site

    return load_site(site / "docs", LANGUAGES).policy("terms").version(slug).content_hash()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- all commands ------------------------------------------------------------------------------


def test_a_bug_shows_its_traceback_and_a_users_error_one_line(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue 27, item 2: only policypress's own errors (and the system's) become ``error: …``."""
    from policypress.core.errors import PolicyPressError
    from policypress.core.languages import LanguageError
    from policypress.core.recording import LockRefused, ReasonRefused
    from policypress.core.schedule import MomentError

    assert all(issubclass(kind, PolicyPressError) for kind in (LockRefused, ReasonRefused, LanguageError, MomentError, UsageError))

    def broken(args):  # type: ignore[no-untyped-def]
        raise ValueError("a bug in policypress")

    monkeypatch.setitem(cli.HANDLERS, "schedule", broken)
    with pytest.raises(ValueError, match="a bug in policypress"):
        cli.main(["schedule"])
    assert capsys.readouterr().err == ""
    # The same command with a moment that is not one: the user's to fix, one line.
    monkeypatch.undo()
    assert run(capsys, "schedule", "--as-of", "yesterday") == (
        1, "", "error: --as-of 'yesterday': expected a date (2026-11-20) or an ISO date and time with an offset "
        "(2026-11-20T09:00:00+09:00)\n",
    )  # fmt: skip


def test_version_is_the_installed_package_s(capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue 26: which policypress built a site (also in policies.json, see test_example_site)."""
    from importlib.metadata import version

    with pytest.raises(SystemExit) as exited:
        cli.main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out == f"policypress {version('policypress')}\n"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main([command, "--help"])
    assert exit.value.code == 0
    assert f"usage: policypress {command}" in capsys.readouterr().out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", ["check", "build", "diff x", "new-version x --effective 2030-01-01", "schedule"])
def test_commands_need_a_site(command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *command.split())
    assert (code, out) == (1, "")
    assert err == "error: mkdocs.yml: no such file; run policypress in the site's folder or pass -f mkdocs.yml\n"


def test_debug_re_raises(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UsageError, match="no such file"):
        cli.main(["--debug", "check"])
    with pytest.raises(UsageError):
        cli.main(["check", "--debug"])  # after the command too


# -- check -----------------------------------------------------------------------------------


def test_check_ok(site: Path, capsys) -> None:
    assert run(capsys, "check") == (0, "ok: 1 policy, 2 versions\n", "")


def test_check_reports_errors_with_file_and_line(site: Path, capsys) -> None:
    path = site / "docs/terms/versions/2024-03-01.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("announced: 2024-01-20", "announced: 2024-02-20"), encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert (code, out) == (1, "")
    assert err == (  # every error of the run, the lock's among them
        "docs/terms/versions/2024-03-01.yml:1:12: published version 2024-03-01 changed since it was locked (announced); "
        "published versions are immutable: revert the edit, or record a correction with "
        '`policypress lock --erratum "<reason>" terms 2024-03-01`\n'
        "docs/terms/versions/2024-03-01.yml:2:12: effective 2024-03-01 is 10 days after announced 2024-02-20; "
        "an adverse change to this policy needs 30 days of notice (earliest effective date: 2024-03-21)\n"
        "2 errors\n"
    )
    code, out, err = run(capsys, "check", "--format", "github")
    assert code == 1
    assert out.splitlines()[1].startswith("::error file=docs/terms/versions/2024-03-01.yml,line=2,col=12::effective 2024-03-01 is 10 days")


@pytest.fixture
def with_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the loader report one warning (no check emits warnings yet; parity checks will)."""
    from policypress.core import validation
    real = validation.load_policy

    def load_policy(folder, docs_dir, languages, **options):  # type: ignore[no-untyped-def]
        policy, errors = real(folder, docs_dir, languages, **options)
        where = Location(folder / "versions" / "2024-03-01.yml", 12, 11)
        return policy, [*errors, ContentError(where, 'the "ko" text has 02-123-4567, the "en" text does not', "warning")]

    monkeypatch.setattr(validation, "load_policy", load_policy)


def test_check_prints_warnings_and_passes(site: Path, with_warning: None, capsys) -> None:
    code, out, err = run(capsys, "check")
    assert code == 0
    assert out == "ok: 1 policy, 2 versions (1 warning)\n"
    assert err == 'docs/terms/versions/2024-03-01.yml:12:11: warning: the "ko" text has 02-123-4567, the "en" text does not\n'


def test_check_strict_fails_on_warnings(site: Path, with_warning: None, capsys) -> None:
    code, out, err = run(capsys, "check", "--strict")
    assert (code, out) == (1, "")
    assert err.endswith("\n1 warning (--strict: warnings fail the check)\n")
    code, out, err = run(capsys, "check", "--strict", "--format", "github")
    assert code == 1
    assert out == '::warning file=docs/terms/versions/2024-03-01.yml,line=12,col=11::the "ko" text has 02-123-4567, the "en" text does not\n'


# -- new-version --------------------------------------------------------------------------------


def test_new_version_writes_a_copy_with_new_dates(site: Path, capsys) -> None:
    code, out, err = run(capsys, "new-version", "terms", "--effective", "2024-04-08")
    assert (code, out) == (0, "docs/terms/versions/2024-04-08.yml\n")
    old = (site / "docs/terms/versions/2024-03-01.yml").read_text(encoding="utf-8")
    new = (site / "docs/terms/versions/2024-04-08.yml").read_text(encoding="utf-8")
    assert new == old.replace("announced: 2024-01-20", "announced: 2024-04-01").replace(
        "effective: 2024-03-01", "effective: 2024-04-08"
    ).replace("adverse: true", "adverse: false")
    # Announced today, so published today: locked before it counts. And a copy is not a change.
    assert run(capsys, "check") == (
        1, "",
        "docs/terms/versions/2024-04-08.yml:1:12: version 2024-04-08 of terms is announced from 2024-04-01 but is not "
        "in versions.lock; a version is locked on or before its announcement day: run `policypress lock` to record it\n"
        "docs/terms/versions/2024-04-08.yml:4:15: summary.ko is the same as in 2024-03-01: say why this version changes "
        "the policy and what changes\n"
        "docs/terms/versions/2024-04-08.yml:4:29: summary.en is the same as in 2024-03-01: say why this version changes "
        "the policy and what changes\n"
        "docs/terms/versions/2024-04-08.yml:6:3: version 2024-04-08 has the same text as 2024-03-01: a new version "
        "changes a section, a title or the preamble (edit it, or delete the file)\n"
        "4 errors\n",
    )  # fmt: skip
    version = site / "docs/terms/versions/2024-04-08.yml"
    version.write_text(
        version.read_text(encoding="utf-8").replace("보관 기간 연장", "문의처 변경").replace("Longer retention", "New phone number")
        .replace("02-123-4567", "02-123-9999"),
        encoding="utf-8",
    )
    assert run(capsys, "lock")[:2] == (0, "locked terms 2024-04-08 (" + _hash(site, "2024-04-08") + ")\n")
    assert run(capsys, "check")[:2] == (0, "ok: 1 policy, 3 versions\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--effective", "2024-04-07"],
            "effective 2024-04-07 is 6 days after announced 2024-04-01; this policy needs 7 days of notice "
            "(earliest effective date: 2024-04-08)",
        ),
        (
            ["--effective", "2024-04-08", "--adverse"],
            "effective 2024-04-08 is 7 days after announced 2024-04-01; an adverse change to this policy needs "
            "30 days of notice (earliest effective date: 2024-05-01)",
        ),
        (
            ["--effective", "2024-05-01", "--announce", "2024-05-02"],
            "announced 2024-05-02 is after effective 2024-05-01; a change is announced before it takes effect",
        ),
        (
            ["--effective", "2024-03-01"],
            "effective 2024-03-01 is not after the latest version of terms (2024-03-01); "
            "a new version takes effect after every earlier one",
        ),
        (
            ["--effective", "2024-05-01", "--announce", "2024-03-31"],
            "announced 2024-03-31 is before today (2024-04-01 in Asia/Seoul); a notice cannot be dated before it is published",
        ),
    ],
)
def test_new_version_refuses_dates_that_break_the_rules(site: Path, capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, "new-version", "terms", *args)
    assert (code, out, err) == (1, "", f"error: {message}\n")
    assert sorted(p.name for p in (site / "docs/terms/versions").iterdir()) == ["2024-01-01.yml", "2024-03-01.yml"]


def test_new_version_announce_defaults_to_today_in_the_policy_time_zone(site: Path, monkeypatch, capsys) -> None:
    # 2024-03-31T15:00Z is already 2024-04-01 in Seoul.
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2024-03-31T15:00:00Z")
    assert run(capsys, "new-version", "terms", "--effective", "2024-04-08")[0] == 0
    text = (site / "docs/terms/versions/2024-04-08.yml").read_text(encoding="utf-8")
    assert "announced: 2024-04-01\n" in text


def test_new_version_refuses_to_overwrite(site: Path, capsys) -> None:
    (site / "docs/terms/versions/2024-05-01.yml").mkdir()  # in the way, though not a version
    code, out, err = run(capsys, "new-version", "terms", "--effective", "2024-05-01")
    assert (code, err) == (1, "error: 2024-05-01.yml already exists in terms/versions; edit it, or choose another effective date\n")


def test_new_version_unknown_policy(site: Path, capsys) -> None:
    assert run(capsys, "new-version", "privacy", "--effective", "2024-05-01") == (
        1, "", 'error: no policy "privacy" in docs; policies: terms\n',
    )  # fmt: skip


def test_new_version_refuses_a_broken_policy(site: Path, capsys) -> None:
    path = site / "docs/terms/policy.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("timezone: Asia/Seoul", "timezone: Asia/Busan"), encoding="utf-8")
    code, out, err = run(capsys, "new-version", "terms", "--effective", "2024-05-01")
    assert code == 1
    assert err == (
        "error: 1 content error:\n"
        'docs/terms/policy.yml:3:11: unknown time zone "Asia/Busan"; expected an IANA name such as Asia/Seoul\n'
    )


def test_new_version_date_must_be_a_calendar_day(site: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exit:
        cli.main(["new-version", "terms", "--effective", "2024-02-30"])
    assert exit.value.code == 2
    assert "argument --effective: expected a date as YYYY-MM-DD, got '2024-02-30'" in capsys.readouterr().err


# -- the edit behind new-version ---------------------------------------------------------------

NEW = {"announced": dt.date(2026, 11, 20), "effective": dt.date(2026, 12, 21)}


def test_edit_keeps_everything_but_the_dates_and_drops_the_waiver() -> None:
    text = (ROOT / "docs/privacy/versions/2023-12-01.yml").read_text(encoding="utf-8")
    assert "notice_waiver:" in text
    edited = edit_version_text(text, adverse=False, **NEW)
    before = yaml.safe_load(text)
    after = yaml.safe_load(edited)
    del before["notice_waiver"]
    assert after == {**before, "announced": NEW["announced"], "effective": NEW["effective"], "adverse": False}
    # Byte for byte the same lines, minus the waiver block and its comment.
    kept = [line for line in edited.splitlines() if not line.startswith(("announced:", "effective:"))]
    assert all(line in text.splitlines() for line in kept)
    assert edited.splitlines()[0] == text.splitlines()[0]  # the editor's schema line


def test_edit_block_waiver_leaves_the_next_comment() -> None:
    text = (
        "announced: 2023-12-01  # as printed\n"
        "effective: '2023-12-01'\n"
        "# Why there was no notice:\n"
        "notice_waiver:\n"
        "  ko: |\n"
        "    사이트 이전\n"
        "\n"
        "  en: Before the site\n"
        "\n"
        "# What changed\n"
        "summary: {ko: 가, en: A}\n"
    )
    assert edit_version_text(text, adverse=True, **NEW) == (
        "announced: 2026-11-20  # as printed\n"
        "effective: '2026-12-21'\n"
        "adverse: true\n"
        "\n"
        "# What changed\n"
        "summary: {ko: 가, en: A}\n"
    )


def test_edit_keeps_crlf_and_bom() -> None:
    text = "\ufeffannounced: 2023-12-01\r\neffective: 2023-12-01\r\nadverse: true\r\nsummary: {ko: 가, en: A}\r\n"
    assert edit_version_text(text, adverse=False, **NEW) == (
        "\ufeffannounced: 2026-11-20\r\neffective: 2026-12-21\r\nadverse: false\r\nsummary: {ko: 가, en: A}\r\n"
    )


def test_edit_refuses_what_it_cannot_edit_safely() -> None:
    with pytest.raises(AuthoringError) as info:
        edit_version_text("{announced: 2023-12-01, effective: 2023-12-01}\n", adverse=False, **NEW)
    assert str(info.value) == (
        "cannot update the dates of the latest version file safely: its top level is not a block of key: value lines; "
        "copy it to versions/<effective date>.yml and edit announced, effective and adverse by hand"
    )


# -- diff -----------------------------------------------------------------------------------------


def test_diff_plain_markers_every_language(site: Path, capsys) -> None:
    code, out, err = run(capsys, "diff", "terms")
    assert (code, err) == (0, "")
    assert out == (
        "=== 한국어 (ko): terms 2024-01-01 → 2024-03-01 ===\n"
        "\n"
        "--- purpose: 목적 (changed)\n"
        "    이 약관은 서비스 이용 조건을 정합니다. 개인정보를 [-3-]{+5+}년간 보관합니다.\n"
        "\n"
        "--- contact: 문의{+처+} (changed)\n"
        "\n"
        "sections: 2 changed\n"
        "\n"
        "=== English (en): terms 2024-01-01 → 2024-03-01 ===\n"
        "\n"
        "--- purpose: Purpose (changed)\n"
        "    These terms set the conditions of use. Personal information is kept for [-3-]{+5+} years.\n"
        "\n"
        "--- contact: Contact{+ us+} (changed)\n"
        "\n"
        "sections: 2 changed\n"
    )


def test_diff_markdown_and_html(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "diff", "terms", "2024-01-01", "2024-03-01", "--lang", "ko", "--format", "markdown")
    assert code == 0
    assert out == (
        "## 한국어 (ko): terms 2024-01-01 → 2024-03-01\n\n"
        "### 목적 (`purpose`, changed)\n\n"
        "이 약관은 서비스 이용 조건을 정합니다. 개인정보를 ~~3~~**5**년간 보관합니다.\n\n"
        "### 문의**처** (`contact`, changed)\n"
    )
    code, out, _ = run(capsys, "diff", "terms", "--lang", "en", "--format", "html")
    assert code == 0
    assert '<section class="pp-diff" lang="en">' in out
    assert '<del class="pp-del"><span class="pp-sr">deleted: </span>3</del><ins class="pp-ins"><span class="pp-sr">inserted: </span>5</ins>' in out


def test_diff_ansi_colours() -> None:
    ops = [("equal", "kept for "), ("delete", "3"), ("insert", "5\nyears"), ("equal", " now")]
    assert textdiff.render_ops(ops, textdiff.ANSI) == "kept for \x1b[9;31m3\x1b[0m\x1b[4;32m5\x1b[0m\n\x1b[4;32myears\x1b[0m now"
    assert textdiff.render_ops(ops, textdiff.PLAIN) == "kept for [-3-]{+5+}\n{+years+} now"
    title = textdiff.render_ops([("equal", "Contact"), ("insert", " us")], textdiff.ANSI)
    assert textdiff.strong(f"--- contact: {title}", textdiff.ANSI) == "\x1b[1m--- contact: Contact\x1b[4;32m us\x1b[0m\x1b[1m\x1b[0m"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["terms", "2023-01-01"], "terms has no version 2023-01-01; its versions are 2024-01-01, 2024-03-01 (a version is named by its effective day)"),
        (["terms", "2024-03-01", "2024-03-01"], "2024-03-01 is compared with itself; name two different versions"),
        (["terms", "--lang", "fr"], '"fr" is not a language of this site (ko, en)'),
        (["nope"], 'no policy "nope" in docs; policies: terms'),
    ],
)
def test_diff_failures(site: Path, capsys, args: list[str], message: str) -> None:
    assert run(capsys, "diff", *args) == (1, "", f"error: {message}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["terms", "2024-02-15"], "terms has no version 2024-02-15; its versions are 2024-01-01, 2024-03-01 (a version is named by its effective day)"),
        (["nope", "2024-03-01"], 'no policy "nope" in docs; policies: terms'),
    ],
    ids=["announcement-day-given", "unknown-policy"],
)
def test_notice_names_the_versions_there_are(site: Path, capsys, args: list[str], message: str) -> None:
    assert run(capsys, "notice", *args) == (1, "", f"error: {message}\n")


def test_diff_needs_two_versions(site: Path, capsys) -> None:
    (site / "docs/terms/versions/2024-03-01.yml").unlink()
    assert run(capsys, "diff", "terms") == (
        1, "", "error: terms has only one version (2024-01-01); there is nothing to compare it with\n",
    )  # fmt: skip


# -- schedule ---------------------------------------------------------------------------------------


def test_schedule_table_and_transitions(site: Path, capsys) -> None:
    code, out, err = run(capsys, "schedule", "--as-of", "2024-01-10")
    assert (code, err) == (0, "")
    assert out == (
        "terms — 이용약관 (Asia/Seoul), as of 2024-01-10\n"
        "\n"
        "  effective   announced   notice   adverse  state\n"
        "  2024-01-01  2023-12-01  31 days  no       current\n"
        "  2024-03-01  2024-01-20  41 days  yes      scheduled\n"
        "\n"
        "  upcoming transitions (days start at 00:00 Asia/Seoul):\n"
        "    2024-01-20  version 2024-03-01 is announced: notice on every page, 41 days ahead\n"
        "    2024-03-01  version 2024-03-01 takes effect, replacing 2024-01-01\n"
        "  next state change: 2024-01-20 00:00 Asia/Seoul (2024-01-19T15:00:00Z)\n"
    )


def test_schedule_uses_the_environment_and_says_when_nothing_is_coming(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "schedule")  # POLICYPRESS_AS_OF=2024-04-01
    assert code == 0
    assert "  2024-03-01  2024-01-20  41 days  yes      current\n" in out
    assert out.endswith("  upcoming transitions: none\n  next state change: none scheduled\n")


@pytest.mark.parametrize("command", ["schedule", "check", "build", "lock"])
def test_a_bad_as_of_names_the_flag_and_the_range(site: Path, capsys, command: str) -> None:
    code, out, err = run(capsys, command, "--as-of", "9999-12-31T23:00:00-05:00")
    assert (code, out) == (1, "")
    assert err == "error: --as-of '9999-12-31T23:00:00-05:00': expected a moment from 1900-01-01 to 2999-12-31\n"


def test_a_bad_as_of_in_the_environment_names_the_variable(site: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("POLICYPRESS_AS_OF", "yesterday")
    assert run(capsys, "check")[2] == (
        "error: POLICYPRESS_AS_OF='yesterday': expected a date (2026-11-20) or an ISO date and time with an offset "
        "(2026-11-20T09:00:00+09:00)\n"
    )


# -- schema -----------------------------------------------------------------------------------------


def test_schema_writes_beside_mkdocs_yml(site: Path, capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert (code, out) == (0, "schemas/policy.schema.json\nschemas/version.schema.json\n")
    for name in ("policy.schema.json", "version.schema.json"):
        assert (site / "schemas" / name).read_text(encoding="utf-8") == (ROOT / "schemas" / name).read_text(encoding="utf-8")


def test_schema_output_option_needs_no_site(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "schema", "--output", "out/s")[:2] == (0, "out/s/policy.schema.json\nout/s/version.schema.json\n")


# -- init -------------------------------------------------------------------------------------------


def _mkdocs_yml(path: Path) -> dict:
    """mkdocs.yml as data, its tags (!ENV, !!python/…) read as nothing."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506 (a SafeLoader)


def test_init_makes_a_repository_that_publishes_with_nothing_locked(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2026-03-01T16:00:00Z")  # already 2026-03-02 in Seoul
    code, out, err = run(capsys, "init", "new-site", "--name-ko", "르블랑치과의원", "--name-en", "Le Blanc Dental Clinic",
                         "--site-url", "https://leblanc.example/")  # fmt: skip
    assert (code, err) == (0, "")
    assert out == (
        "created new-site/: privacy-kr policy, first version announced 2026-03-09, effective 2026-03-16\n"
        "next: replace each [작성: …] and [Write: …] in new-site/docs/; then, in new-site/ (see its README.md):\n"
        "      scripts/build (makes .venv), .venv/bin/policypress check (lists what is left),\n"
        "      .venv/bin/policypress lock (before 2026-03-09), scripts/build\n"
    )
    target = tmp_path / "new-site"
    files = {path.relative_to(target).as_posix() for path in target.rglob("*") if path.is_file()}
    assert files == {
        ".gitignore", "README.md", "mkdocs.yml", "requirements.txt",
        ".github/dependabot.yml", ".github/workflows/publish.yml", ".github/workflows/preview.yml",
        ".github/workflows/preview-deploy.yml",
        "scripts/_env", "scripts/build", "scripts/serve",
        "docs/index.ko.md", "docs/index.en.md", "docs/privacy/policy.yml", "docs/privacy/versions/2026-03-16.yml",
        "locales/README.md", "locales/ko/LC_MESSAGES/policypress.po",
        "schemas/policy.schema.json", "schemas/version.schema.json",
    }  # fmt: skip
    # Nothing locked: the author writes the text first.
    assert not any(name.endswith("versions.lock") for name in files)
    assert all((target / "scripts" / name).stat().st_mode & 0o111 for name in ("build", "serve"))
    # The workflows are policypress's own: the same trust tests hold for both (tests/quality/test_workflows.py).
    for name in ("publish.yml", "preview.yml", "preview-deploy.yml"):
        assert (target / ".github/workflows" / name).read_bytes() == (ROOT / ".github/workflows" / name).read_bytes()
    requirements = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "policypress==0.1.0" in requirements
    pins = [line for line in requirements if line and not line.startswith("#")]
    assert all("==" in line for line in pins) and any(line.startswith("mkdocs==") for line in pins)
    # The names, with particles that fit them (르블랑치과의원은, …이).
    config = _mkdocs_yml(target / "mkdocs.yml")
    assert (config["site_name"], config["site_url"], config["copyright"]) == ("르블랑치과의원", "https://leblanc.example/", "© 르블랑치과의원")
    assert config["plugins"][2]["i18n"]["languages"][1]["site_name"] == "Le Blanc Dental Clinic"
    assert config["nav"][:3] == [{"홈": "index.md"}, "privacy/index.md", "privacy/history/index.md"]
    assert "르블랑치과의원이 정하여 공개하는 개인정보 처리방침과 그 변경 이력" in (target / "docs/index.ko.md").read_text(encoding="utf-8")
    policy = yaml.safe_load((target / "docs/privacy/policy.yml").read_text(encoding="utf-8"))
    assert (policy["owner"], policy["kind"], policy["adopted"]) == (
        {"ko": "르블랑치과의원", "en": "Le Blanc Dental Clinic"}, "privacy-kr", dt.date(2026, 3, 2),
    )  # fmt: skip
    version = yaml.safe_load((target / "docs/privacy/versions/2026-03-16.yml").read_text(encoding="utf-8"))
    assert (version["announced"], version["effective"], "notice_waiver" in version) == (
        dt.date(2026, 3, 9), dt.date(2026, 3, 16), False,
    )  # fmt: skip
    assert version["preamble"]["ko"].startswith("르블랑치과의원은 「개인정보 보호법」 제30조에 따라")
    # Its sections follow the items the law requires; those that may not apply are said not to, to be explained.
    covered = {item for section in version["sections"] for item in section.get("covers", [])}
    assert covered == {"items", "purpose", "retention", "destruction", "provision", "outsourcing", "rights", "security", "automatic", "officer"}
    assert set(version["not_applicable"]) == {"sensitive", "pseudonymized", "overseas", "representative"}
    for name, data in (("policy", policy), ("version", version)):
        schema = json.loads((target / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
        plain = json.loads(json.dumps(data, default=str))
        assert list(Draft202012Validator(schema).iter_errors(plain)) == []
    monkeypatch.chdir(target)
    code, out, err = run(capsys, "check", "--coverage")
    assert (code, out.splitlines()[-1]) == (0, "ok: 1 policy, 1 version (38 warnings)")
    assert err.count("is a placeholder: replace it with the text it asks for") == 38


def test_init_writes_terms_and_new_policy_adds_a_privacy_policy_to_the_nav(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2026-03-02")
    assert run(capsys, "init", "shop", "--kind", "terms", "--name-ko", "한빛상사", "--name-en", "Hanbit")[0] == 0
    version = yaml.safe_load((tmp_path / "shop/docs/terms/versions/2026-03-16.yml").read_text(encoding="utf-8"))
    assert version["sections"][0]["body"]["ko"].startswith("이 약관은 한빛상사가 제공하는 [작성: 서비스 이름]")
    assert yaml.safe_load((tmp_path / "shop/docs/terms/policy.yml").read_text(encoding="utf-8"))["kind"] == "terms"
    monkeypatch.chdir(tmp_path / "shop")
    before = (tmp_path / "shop/mkdocs.yml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "new-policy", "--kind", "privacy-kr")
    assert (code, out) == (0, "docs/privacy/policy.yml\ndocs/privacy/versions/2026-03-16.yml\nmkdocs.yml\n")
    assert err.startswith("next: replace each [작성: …] and [Write: …] in docs/privacy/")
    after = (tmp_path / "shop/mkdocs.yml").read_text(encoding="utf-8")
    # Only the two nav lines are added: the comments and the rest stay as written.
    assert after.replace("  - privacy/index.md\n  - privacy/history/index.md\n", "", 1) == before
    assert after.index("terms/history/index.md") < after.index("privacy/index.md") < after.index("updates/index.md")
    owner = yaml.safe_load((tmp_path / "shop/docs/privacy/policy.yml").read_text(encoding="utf-8"))["owner"]
    assert owner == {"ko": "한빛상사", "en": "Hanbit"}
    assert run(capsys, "new-policy", "--kind", "privacy-kr") == (
        1, "", "error: docs/privacy exists already; name the new policy otherwise (policypress new-policy ID)\n",
    )  # fmt: skip
    assert run(capsys, "new-policy", "Terms_2") == (
        1, "", "error: 'Terms_2' cannot name a policy: use lowercase letters, digits and hyphens (e.g. terms), "
        "as it is the policy's folder and address\n",
    )  # fmt: skip
    # An id the site's own checks would refuse (the English pages' folder) is refused, and nothing is left.
    config = (tmp_path / "shop/mkdocs.yml").read_text(encoding="utf-8")
    assert run(capsys, "new-policy", "en") == (
        1, "", 'error: docs/en cannot be a policy of this site: the policy folder "en" starts with "en", the folder of the '
        "site's en pages; rename the folder; docs/index.en.md would be published at /en/, the address of the page of "
        'policy "en"; rename or move it; nothing was added: choose another id (policypress new-policy ID)\n',
    )  # fmt: skip
    assert not (tmp_path / "shop/docs/en").exists()
    assert (tmp_path / "shop/mkdocs.yml").read_text(encoding="utf-8") == config
    assert run(capsys, "check")[0] == 0


def test_new_policy_needs_a_nav_it_can_extend(site: Path, capsys) -> None:
    config = site / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").split("\nnav:")[0] + "\n", encoding="utf-8")
    code, out, err = run(capsys, "new-policy", "privacy", "--kind", "terms")
    assert (code, out) == (1, "")
    assert err == (
        "error: mkdocs.yml: no nav: list at the start of a line; add the pages privacy/index.md and "
        "privacy/history/index.md to the nav by hand\n"
    )
    assert not (site / "docs/privacy").exists()


def test_init_names_must_be_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init", "x", "--name-ko", " ") == (
        1, "", "error: --name-ko is the organisation's name: one line of text, not empty\n",
    )  # fmt: skip
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())
    assert run(capsys, "init", "x", "--site-url", "policies.example.kr") == (
        1, "", "error: --site-url 'policies.example.kr': expected the site's public address, such as https://policies.example.kr/\n",
    )  # fmt: skip
    assert not (tmp_path / "x").exists() or not any((tmp_path / "x").iterdir())


def test_init_refuses_a_non_empty_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x")
    (tmp_path / "file").write_text("x")
    assert run(capsys, "init", "full") == (
        1, "", "error: full is not empty; policypress init makes a new site in a new or empty folder\n",
    )  # fmt: skip
    assert run(capsys, "init", "file") == (1, "", "error: file exists and is not a folder\n")
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["notes.txt"]


def test_init_accepts_an_empty_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2026-03-02")
    (tmp_path / "empty").mkdir()
    assert run(capsys, "init", "empty")[0] == 0
    assert (tmp_path / "empty/docs/privacy/versions/2026-03-16.yml").is_file()
    shutil.rmtree(tmp_path / "empty")


def test_file_and_folder_names_reach_the_terminal_as_visible_escapes(site: Path, capsys) -> None:
    # A file name is input too: an OSC sequence would retitle the terminal, U+202E reverse the line.
    hostile = "x\x1b]0;pwned\x07\u202e.yml"
    text = (site / "docs/terms/versions/2024-03-01.yml").read_text(encoding="utf-8")
    (site / "docs/terms/versions" / hostile).write_text(text.replace("5년", "6년").replace("5 years", "6 years").replace("연장", "재연장").replace("Longer", "Even longer"), encoding="utf-8")
    code, out, err = run(capsys, "check")
    assert (code, out) == (1, "")
    shown = "docs/terms/versions/x\\x1b]0;pwned\\x07\\u202e.yml"
    assert err.splitlines() == [
        f"{shown}:2:12: effective 2024-03-01 is also the effective date of 2024-03-01.yml; effective dates must strictly increase",
        f"{shown}:2:12: version files are named by their effective date: rename x\\x1b]0;pwned\\x07\\u202e.yml to 2024-03-01.yml",
        f"{shown}:4:10: published version 2024-03-01 changed since it was locked (\"purpose\", summary); published versions "
        'are immutable: revert the edit, or record a correction with `policypress lock --erratum "<reason>" terms 2024-03-01`',
        "3 errors",
    ]
    assert not any(ord(c) < 32 and c != "\n" or c == "\u202e" for c in err)
