"""An author's whole workflow with the real ``policypress`` command, from an empty folder to a built site.

init → new-version → edit the copy → check → lock → diff → schedule → build, with
the day fixed by ``POLICYPRESS_AS_OF`` (2026-03-02, a Monday in Seoul).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli, soup, write_placeholders

pytestmark = pytest.mark.slow

TODAY = "2026-03-02"


def test_author_workflow(tmp_path: Path) -> None:
    env = cli_env(POLICYPRESS_AS_OF=TODAY)

    def cli(*args: str, cwd: Path) -> tuple[int, str, str]:
        result = run_cli(*args, cwd=cwd, env=env)
        return result.returncode, result.stdout, result.stderr

    # A new site: its first version is announced in 7 days (the author's week to write it) and takes effect 7 later.
    code, out, err = cli("init", "clinic", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("created clinic/: privacy-kr policy, first version announced 2026-03-09, effective 2026-03-16\n")
    site = tmp_path / "clinic"
    versions = site / "docs/privacy/versions"
    assert sorted(p.name for p in versions.iterdir()) == ["2026-03-16.yml"]
    assert not (versions / "versions.lock").exists() and not (site / "docs/privacy/versions.lock").exists()

    # The first check names each placeholder left; lock refuses the version until none is.
    code, out, err = cli("check", cwd=site)
    assert (code, out) == (0, "ok: 1 policy, 1 version (38 warnings)\n")
    assert err.splitlines()[0] == (
        "docs/privacy/versions/2026-03-16.yml:19:10: warning: [작성: 수집하는 항목을 짧게, 예: 이름, 연락처] is a placeholder: "
        "replace it with the text it asks for (policypress lock refuses a version that has one)"
    )
    code, out, err = cli("lock", cwd=site)
    assert (code, out) == (1, "")
    assert err == (
        "error: nothing was recorded: privacy 2026-03-16 still has 38 placeholders to write (the first, "
        "[작성: 수집하는 항목을 짧게, 예: 이름, 연락처], on line 19 of 2026-03-16.yml); replace each with its text "
        "(policypress check lists them), then lock\n"
    )
    assert write_placeholders(site, {
        "[작성: 필수 항목과": "필수 항목: 이름, 이메일 주소. 선택 항목: 전화번호",
        "[Write: every item": "Required: name, e-mail address. Optional: phone number",
    }) == 38  # fmt: skip
    code, out, err = cli("lock", cwd=site)
    assert (code, err) == (0, "") and out.startswith("locked privacy 2026-03-16 (sha256:")
    assert cli("check", cwd=site) == (0, "ok: 1 policy, 1 version\n", "")

    # Six days of notice is refused, with the earliest date that would do.
    code, out, err = cli("new-version", "privacy", "--effective", "2026-03-23", "--announce", "2026-03-17", cwd=site)
    assert (code, out) == (1, "")
    assert err == (
        "error: effective 2026-03-23 is 6 days after announced 2026-03-17; "
        "this policy needs 7 days of notice (earliest effective date: 2026-03-24)\n"
    )
    assert sorted(p.name for p in versions.iterdir()) == ["2026-03-16.yml"]

    # A new version, announced with the first, with 14 days of notice.
    code, out, err = cli("new-version", "privacy", "--effective", "2026-03-23", "--announce", "2026-03-09", cwd=site)
    assert (code, out) == (0, "docs/privacy/versions/2026-03-23.yml\n")
    draft = versions / "2026-03-23.yml"
    text = draft.read_text(encoding="utf-8")
    assert "announced: 2026-03-09\neffective: 2026-03-23\nadverse: false\n" in text

    # The author edits the copy as plain text.
    edits = {
        "선택 항목: 전화번호": "선택 항목: 전화번호, 주소",
        "Optional: phone number": "Optional: phone number, postal address",
        "개인정보 처리방침을 처음 제정합니다.": "선택 수집 항목에 주소를 추가합니다.",
        "The first publication of this privacy policy.": "Adds the postal address as an optional item.",
    }
    for old, new in edits.items():
        assert old in text
        text = text.replace(old, new)
    draft.write_text(text, encoding="utf-8")

    # Not announced yet, it need not be locked yet; check says when it must be.
    code, out, err = cli("check", cwd=site)
    assert (code, out) == (0, "ok: 1 policy, 2 versions\n")
    assert "privacy 2026-03-23 (announced 2026-03-09) is not locked with its current text" in err
    code, out, err = cli("lock", cwd=site)
    assert (code, err) == (0, "") and out.startswith("locked privacy 2026-03-23 (sha256:")
    assert cli("check", cwd=site) == (0, "ok: 1 policy, 2 versions\n", "")

    # The diff shows exactly the added words, in both languages (plain markers: not a terminal).
    code, out, err = cli("diff", "privacy", cwd=site)
    assert (code, err) == (0, "")
    assert "=== 한국어 (ko): privacy 2026-03-16 → 2026-03-23 ===" in out
    assert "=== English (en): privacy 2026-03-16 → 2026-03-23 ===" in out
    assert "    필수 항목: 이름, 이메일 주소. 선택 항목: 전화번호{+, 주소+}\n" in out
    assert "    Required: name, e-mail address. Optional: phone number{+, postal address+}\n" in out
    assert out.count("--- items:") == 2
    assert "retention" not in out and "[-" not in out

    code, out, _ = cli("diff", "privacy", "--lang", "en", "--format", "markdown", cwd=site)
    assert code == 0 and "Optional: phone number<ins>, postal address</ins>" in out and "한국어" not in out

    # Both versions are to be announced on 03-09; the new one with 14 days of notice.
    code, out, err = cli("schedule", cwd=site)
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()]
    assert ["2026-03-16", "2026-03-09", "7", "days", "no", "scheduled"] in rows
    assert ["2026-03-23", "2026-03-09", "14", "days", "no", "scheduled"] in rows
    assert "    2026-03-23  version 2026-03-23 takes effect, replacing 2026-03-16" in out.splitlines()
    assert "  next state change: 2026-03-09 00:00 Asia/Seoul (2026-03-08T15:00:00Z)" in out.splitlines()

    # Today the public site has the policy's address, saying no version is published yet.
    code, out, err = cli("build", cwd=site)
    assert code == 0, err
    assert out == "Built site/; to read it: `python3 -m http.server -d site`, then open http://localhost:8000/\n"
    lead = soup(site / "site/en/privacy/index.html").select_one("article .pp-lead").get_text(" ", strip=True)
    assert lead.startswith("No version of the Privacy Policy has been published yet")
    assert not (site / "site/privacy/2026-03-23").exists()

    # On the announcement day it has a page for the new version, in both languages, with the new text.
    code, out, err = cli("build", "--as-of", "2026-03-09", cwd=site)
    assert code == 0, err
    for path, words in (("site/privacy/2026-03-23/index.html", "전화번호, 주소"), ("site/en/privacy/2026-03-23/index.html", "phone number, postal address")):
        page = soup(site / path)
        assert words in page.select_one("article").get_text(), path
