"""An author's whole workflow with the real ``policypress`` command, from an empty folder to a built site.

init → new-version → edit the copy → check → lock → diff → schedule → build, with
the day fixed by ``POLICYPRESS_AS_OF`` (2026-03-02, a Monday in Seoul).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import cli_env, run_cli, soup

pytestmark = pytest.mark.slow

TODAY = "2026-03-02"


def test_author_workflow(tmp_path: Path) -> None:
    env = cli_env(POLICYPRESS_AS_OF=TODAY)

    def cli(*args: str, cwd: Path) -> tuple[int, str, str]:
        result = run_cli(*args, cwd=cwd, env=env)
        return result.returncode, result.stdout, result.stderr

    # A new site: its first version is announced today and takes effect in 7 days.
    code, out, err = cli("init", "clinic", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("created clinic/: privacy policy announced 2026-03-02, effective 2026-03-09\n")
    site = tmp_path / "clinic"
    versions = site / "docs/privacy/versions"
    assert sorted(p.name for p in versions.iterdir()) == ["2026-03-09.yml"]
    assert cli("check", cwd=site) == (0, "ok: 1 policy, 1 version\n", "")

    # Six days of notice is refused, with the earliest date that would do.
    code, out, err = cli("new-version", "privacy", "--effective", "2026-03-10", "--announce", "2026-03-04", cwd=site)
    assert (code, out) == (1, "")
    assert err == (
        "error: effective 2026-03-10 is 6 days after announced 2026-03-04; "
        "this policy needs 7 days of notice (earliest effective date: 2026-03-11)\n"
    )
    assert sorted(p.name for p in versions.iterdir()) == ["2026-03-09.yml"]

    # A new version, announced today (the default) with 14 days of notice.
    code, out, err = cli("new-version", "privacy", "--effective", "2026-03-16", cwd=site)
    assert (code, out) == (0, "docs/privacy/versions/2026-03-16.yml\n")
    draft = versions / "2026-03-16.yml"
    text = draft.read_text(encoding="utf-8")
    assert "announced: 2026-03-02\neffective: 2026-03-16\nadverse: false\n" in text

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

    # Announced today, it is published today: it must be locked first, in the same change.
    code, out, err = cli("check", cwd=site)
    assert (code, out) == (1, "")
    assert "2026-03-16.yml:5:12: version 2026-03-16 of privacy is announced from 2026-03-02 but is not in versions.lock" in err
    code, out, err = cli("lock", cwd=site)
    assert (code, err) == (0, "") and out.startswith("locked privacy 2026-03-16 (sha256:")
    assert cli("check", cwd=site) == (0, "ok: 1 policy, 2 versions\n", "")

    # The diff shows exactly the added words, in both languages (plain markers: not a terminal).
    code, out, err = cli("diff", "privacy", cwd=site)
    assert (code, err) == (0, "")
    assert "=== 한국어 (ko): privacy 2026-03-09 → 2026-03-16 ===" in out
    assert "=== English (en): privacy 2026-03-09 → 2026-03-16 ===" in out
    assert "    - 선택 항목: 전화번호{+, 주소+}\n" in out
    assert "    - Optional: phone number{+, postal address+}\n" in out
    assert out.count("--- collection:") == 2
    assert "retention" not in out and "[-" not in out

    code, out, _ = cli("diff", "privacy", "--lang", "en", "--format", "markdown", cwd=site)
    assert code == 0 and "Optional: phone number<ins>, postal address</ins>" in out and "한국어" not in out

    # Both versions are announced and waiting for their day; the new one with 14 days of notice.
    code, out, err = cli("schedule", cwd=site)
    assert (code, err) == (0, "")
    rows = [line.split() for line in out.splitlines()]
    assert ["2026-03-09", "2026-03-02", "7", "days", "no", "upcoming"] in rows
    assert ["2026-03-16", "2026-03-02", "14", "days", "no", "upcoming"] in rows
    assert "    2026-03-16  version 2026-03-16 takes effect, replacing 2026-03-09" in out.splitlines()
    assert "  next state change: 2026-03-09 00:00 Asia/Seoul (2026-03-08T15:00:00Z)" in out.splitlines()

    # The built site has a page for the new version, in both languages, with the new text.
    code, out, err = cli("build", cwd=site)
    assert code == 0, err
    assert out == "Built site/; to read it: `python3 -m http.server -d site`, then open http://localhost:8000/\n"
    for path, words in (("site/privacy/2026-03-16/index.html", "전화번호, 주소"), ("site/en/privacy/2026-03-16/index.html", "phone number, postal address")):
        page = soup(site / path)
        assert words in page.select_one("article").get_text(), path
