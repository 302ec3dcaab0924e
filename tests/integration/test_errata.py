"""An erratum corrects wording, never a fact, and the text as first published stays public at its own address."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import ROOT, cli_env, commit, copy_project, run_cli, soup

pytestmark = pytest.mark.slow

ENV = cli_env(POLICYPRESS_AS_OF="2026-12-04")
VERSION = "docs/privacy/versions/2023-12-01.yml"


def edit(project: Path, *replacements: tuple[str, str]) -> None:
    path = project / VERSION
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    project = copy_project(ROOT, tmp_path / "example")
    commit(project)
    return project


def test_an_erratum_that_changes_retention_periods_is_refused_and_names_them(example: Path) -> None:
    # The reproduction: two retention periods of the version in force, 3 → 10 years, in both languages.
    edit(
        example,
        ("분쟁 처리에 관한 기록: 3년", "분쟁 처리에 관한 기록: 10년"),
        ("이용 등에 관한 기록: 3년", "이용 등에 관한 기록: 10년"),
        ("dispute resolution: 3 years", "dispute resolution: 10 years"),
        ("credit information: 3 years", "credit information: 10 years"),
    )
    lock = example / "docs/privacy/versions.lock"
    before = lock.read_bytes()
    refused = run_cli("lock", "--erratum", "오타 수정", "privacy", "2023-12-01", cwd=example, env=ENV)
    assert refused.returncode == 1
    assert refused.stderr == (
        "error: nothing was recorded: the correction of privacy 2023-12-01 changes what the published text says "
        "(section \"retention\" (en): “3” ×2 → “10” ×2; section \"retention\" (ko): “3” ×2 → “10” ×2); an erratum "
        "corrects wording, never a fact. Put the published text back (`git checkout -- 2023-12-01.yml` in its "
        "folder, or undo the edit) and make the change in a new version with its notice: `policypress new-version "
        "privacy --effective 2026-12-11` (or later; 30 days of notice if the change is unfavourable to users)\n"
    )
    assert lock.read_bytes() == before
    check = run_cli("check", "--strict", cwd=example, env=ENV)
    assert check.returncode == 1
    assert "published version 2023-12-01 changed since it was locked (\"retention\")" in check.stderr


def test_a_lock_edited_by_hand_to_accept_a_changed_fact_fails_the_check_at_the_changed_text(example: Path) -> None:
    lock_path = example / "docs/privacy/versions.lock"
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    # The text as published, as `lock --erratum` would keep it, then the edit it was never allowed to accept.
    from policypress.core.languages import Languages
    from policypress.core.loader import load_site
    from policypress.core.lock_file import field_hashes, section_hashes

    languages = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
    old = load_site(example / "docs", languages).policy("privacy").version("2023-12-01")
    edit(example, ("분쟁 처리에 관한 기록: 3년", "분쟁 처리에 관한 기록: 10년"), ("dispute resolution: 3 years", "dispute resolution: 10 years"))
    new = load_site(example / "docs", languages).policy("privacy").version("2023-12-01")
    entry = data["versions"]["2023-12-01"]
    entry["errata"] = [{"date": "2026-12-04", "reason": "오타 수정", "old": entry["hash"], "new": new.content_hash(), "before": old.content_data()}]
    entry.update(hash=new.content_hash(), sections=section_hashes(new), fields=field_hashes(new))
    lock_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    check = run_cli("check", cwd=example, env=ENV)
    assert check.returncode == 1
    [line] = [line for line in check.stderr.splitlines() if "never a fact" in line]
    assert line == (
        "docs/privacy/versions/2023-12-01.yml:106:11: the correction of 2026-12-04 to privacy 2023-12-01 changes what "
        "the published text says (section \"retention\" (en): “3” → “10”; section \"retention\" (ko): “3” → “10”); "
        "an erratum corrects wording, never a fact: put the published text back in versions/2023-12-01.yml and make "
        "the change in a new version with its notice (`policypress new-version privacy --effective <date>`)"
    )
    assert run_cli("build", cwd=example, env=ENV).returncode == 1


def test_a_correction_keeps_the_published_text_at_its_own_address_with_its_diff(example: Path) -> None:
    edit(example, ("The hospital uses cookies", "The Clinic uses cookies"))
    recorded = run_cli("lock", "--erratum", "영문 표현 정정", "--erratum-in", "en", "English wording: the Clinic.", "privacy", "2023-12-01", cwd=example, env=ENV)
    assert recorded.returncode == 0, recorded.stderr
    entry = json.loads((example / "docs/privacy/versions.lock").read_text(encoding="utf-8"))["versions"]["2023-12-01"]
    assert "The hospital uses cookies" in json.dumps(entry["errata"][0]["before"], ensure_ascii=False)
    assert run_cli("check", "--strict", cwd=example, env=ENV).returncode == 0
    run_cli("build", cwd=example, env=ENV, check=True)
    site = example / "site"

    # The version's page, in force at the root: the correction, its reason, and both of its pages.
    for address in ("en/privacy/", "en/privacy/2023-12-01/"):
        page = site / address / "index.html"
        [note] = soup(page).select(".pp-docinfo .pp-erratum")
        assert note.get_text(" ", strip=True) == (
            "Corrected on December 4, 2026: English wording: the Clinic. What the correction changed · The text before the correction"
        )
        assert [urljoin("/" + address, a["href"]) for a in note.select("a")] == [
            "/en/privacy/2023-12-01/corrections/1/", "/en/privacy/2023-12-01/corrections/1/before/"
        ]
        assert "The hospital uses cookies" not in soup(page).get_text()

    # The text as it was published, whole, at its own address: noindex, out of search and the sitemap.
    before = soup(site / "en/privacy/2023-12-01/corrections/1/before/index.html")
    assert "The hospital uses cookies" in before.select_one("#cookies + .pp-section-body").get_text()
    assert before.select_one('meta[name="robots"]')["content"] == "noindex"
    assert before.select_one(".pp-replaced").get_text(" ", strip=True).startswith(
        "This is not the text of this version as it is now: it was corrected on December 4, 2026. English wording: the Clinic."
    )
    assert before.select_one(".pp-status").get_text(" ", strip=True) == "Before correction Published from December 1, 2023 until December 4, 2026."

    # The correction's own diff: only what it changed.
    correction = soup(site / "en/privacy/2023-12-01/corrections/1/index.html")
    assert [h.get("id") for h in correction.select("h2")] == ["cookies"]
    assert [d.get_text() for d in correction.select("#cookies ~ .pp-change del")] == ["deleted: hospital"]
    assert [i.get_text() for i in correction.select("#cookies ~ .pp-change ins")] == ["inserted: Clinic"]
    korean = soup(site / "privacy/2023-12-01/corrections/1/index.html")
    counts = korean.select_one(".pp-counts")
    assert counts.get_text(" ", strip=True) == "이 정정으로 한국어 본문은 바뀌지 않았습니다. 정정된 본문: 영어"
    assert counts.select_one("a")["href"] == "../../../../en/privacy/2023-12-01/corrections/1/"

    # The history lists it with the same links; search and the sitemap know neither page.
    [history] = soup(site / "en/privacy/history/index.html").select("#v2023-12-01 .pp-erratum")
    assert [a.get_text() for a in history.select("a")] == ["What the correction changed", "The text before the correction"]
    index = json.loads((site / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert not [doc for doc in index["docs"] if "corrections" in doc["location"]]
    assert "corrections" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_errata_recorded_before_locks_kept_texts_are_restored_from_the_history(example: Path) -> None:
    lock_path = example / "docs/privacy/versions.lock"
    data = json.loads(lock_path.read_text(encoding="utf-8"))
    del data["versions"]["2026-12-21"]["errata"][0]["before"]  # as the lock was before it kept them
    lock_path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    warned = run_cli("check", "--strict", cwd=example, env=ENV)
    assert warned.returncode == 1
    assert (
        "docs/privacy/versions.lock:49: warning: the correction of 2026-12-01 to privacy 2026-12-21 does not keep the "
        "text it replaced, so readers cannot see the text as it was published: run `policypress lock --restore-errata` "
        "to take it from the repository's history"
    ) in warned.stderr.splitlines()
    # This copy's history has only the corrected text: nothing to restore, and it says so.
    missing = run_cli("lock", "--restore-errata", cwd=example, env=ENV)
    assert (missing.returncode, missing.stderr) == (1, "error: 1 erratum still lack the text they replaced: it is not in this repository's history\n")
    assert "before" not in json.loads(lock_path.read_text(encoding="utf-8"))["versions"]["2026-12-21"]["errata"][0]

    # A history that holds the text as first published (JSON is YAML: the content, as it was): it is found by its hash.
    version = example / "docs/privacy/versions/2026-12-21.yml"
    corrected = version.read_bytes()
    original = json.loads((ROOT / "docs/privacy/versions.lock").read_text(encoding="utf-8"))["versions"]["2026-12-21"]["errata"][0]["before"]
    version.write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")
    commit(example, "as first published")
    version.write_bytes(corrected)
    commit(example, "corrected")
    restored = run_cli("lock", "--restore-errata", cwd=example, env=ENV)
    assert (restored.returncode, restored.stdout) == (0, "restored the text privacy 2026-12-21 had before its correction of 2026-12-01\n")
    assert run_cli("check", "--strict", cwd=example, env=ENV).returncode == 0
