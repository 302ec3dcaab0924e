"""The bad-input corpus: every case in tests/fixtures/invalid/ loads to exactly its expected errors.

Each case is a tiny site whose ``expected.txt`` holds the exact ``path:line:col:
message`` lines (or ``ok``); see ``tests/fixtures/invalid/README.md``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from policypress.core.languages import Languages
from policypress.core.loader import LoadedFiles, Site
from policypress.core.schedule import AsOf, parse_as_of
from policypress.core.validation import validate

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "invalid"
CASES = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
#: Loading a case must never hang; the limit is generous on purpose.
MAX_SECONDS = 1.0


def prepare(name: str, tmp_path: Path) -> Path:
    """The case's folder, or a generated copy of it when it has a ``generate.txt`` recipe."""
    folder = CORPUS / name
    recipe = folder / "generate.txt"
    if not recipe.is_file():
        return folder
    root = tmp_path / name
    shutil.copytree(folder, root)
    for line in recipe.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        relative, placeholder, count, unit = line.split(" ")
        target = root / relative
        text = target.read_text(encoding="utf-8")
        assert placeholder in text, f"{name}: {placeholder} not found in {relative}"
        target.write_text(text.replace(placeholder, unit * int(count)), encoding="utf-8")
    return root


#: The moment a case is checked for, unless its ``as-of.txt`` names another:
#: before every announcement in the corpus, so nothing is published yet.
DEFAULT_AS_OF = "2023-01-01"


def as_of(name: str) -> AsOf:
    path = CORPUS / name / "as-of.txt"
    return parse_as_of(path.read_text(encoding="utf-8").strip() if path.is_file() else DEFAULT_AS_OF)


def load(root: Path, when: AsOf | None = None) -> tuple[Site | None, list[str], float]:
    """Check a case as ``policypress check`` does: the site (``None`` on errors), the problem lines, the seconds it took.

    Warnings are listed (as ``path:line:col: warning: message``) only beside errors or
    when a case expects them; a case that loads with warnings alone expects ``ok``.
    """
    start = time.perf_counter()
    checked = validate(docs_dir=root / "docs", languages=LANGUAGES, as_of=when or parse_as_of(DEFAULT_AS_OF))
    seconds = time.perf_counter() - start
    lines = [
        problem.display(root) if problem.severity == "error" else f"{problem.location.display(root)}: warning: {problem.message}"
        for problem in checked.problems
    ]
    return (checked.site if checked.ok else None), lines, seconds


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def test_corpus_has_at_least_80_cases() -> None:
    assert len(CASES) >= 80
    for name in CASES:
        assert (CORPUS / name / "expected.txt").is_file(), f"{name} has no expected.txt"


@pytest.mark.parametrize("name", CASES)
def test_case_reports_exactly_the_expected_errors(name: str, tmp_path: Path) -> None:
    root = prepare(name, tmp_path)
    expected = (CORPUS / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    site, lines, seconds = load(root, as_of(name))
    if expected == ["ok"]:
        assert lines == [] and site is not None
        for policy in site.policies:
            texts = strings(policy.meta.model_dump()) + [t for v in policy.versions for t in strings(v.content.model_dump())]
            assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    else:
        assert sorted(lines) == sorted(expected)
        assert lines == expected  # reported in file, line and column order
    assert seconds < MAX_SECONDS, f"{name} took {seconds:.2f} s"


@pytest.mark.parametrize("name", CASES)
def test_a_kept_reading_reports_what_a_fresh_one_does(name: str, tmp_path: Path) -> None:
    """A session's second validation takes each unchanged file's reading from the first (``mkdocs serve``):
    it must report the same problems, in the same order, and load the same site, whatever is wrong with the files."""
    root, when = prepare(name, tmp_path), as_of(name)
    fresh = validate(docs_dir=root / "docs", languages=LANGUAGES, as_of=when)
    loaded = LoadedFiles()
    first = validate(docs_dir=root / "docs", languages=LANGUAGES, as_of=when, loaded=loaded)
    kept = validate(docs_dir=root / "docs", languages=LANGUAGES, as_of=when, loaded=loaded)
    for checked in (first, kept):
        assert checked.problems == fresh.problems
        assert checked.site == fresh.site


def test_generated_cases_are_as_large_as_they_claim(tmp_path: Path) -> None:
    big = prepare("46-file-10-mb", tmp_path) / "docs/terms/versions/2024-01-01.yml"
    assert big.stat().st_size >= 10_000_000
    deep = prepare("48-deep-nesting-flow", tmp_path) / "docs/terms/versions/2024-01-01.yml"
    assert "[" * 100_000 in deep.read_text(encoding="utf-8")


def test_nfd_korean_is_loaded_as_nfc() -> None:
    root = CORPUS / "42-nfd-korean"
    sentence = "이 약관은 서비스 이용 조건을 정합니다."
    decomposed = unicodedata.normalize("NFD", sentence)
    assert decomposed != sentence
    raw = (root / "docs/terms/versions/2024-01-01.yml").read_bytes()
    assert decomposed.encode() in raw and sentence.encode() not in raw  # the fixture really is NFD
    site, lines, _ = load(root)
    assert lines == [] and site is not None
    policy = site.policy("terms")
    assert policy.meta.title["ko"] == "이용약관"
    assert policy.version("2024-01-01").content.sections[0].body["ko"] == sentence


def test_byte_order_mark_is_not_part_of_the_first_field() -> None:
    root = CORPUS / "40-bom"
    assert (root / "docs/terms/versions/2024-01-01.yml").read_bytes().startswith(b"\xef\xbb\xbf")
    site, _, _ = load(root)
    assert site is not None
    assert site.policy("terms").version("2024-01-01").announced == dt.date(2023, 12, 1)


def test_crlf_line_endings_leave_no_carriage_returns_in_text() -> None:
    root = CORPUS / "41-crlf-line-endings"
    assert b"\r\n" in (root / "docs/terms/versions/2024-01-01.yml").read_bytes()
    site, _, _ = load(root)
    assert site is not None
    version = site.policy("terms").version("2024-01-01")
    assert not any("\r" in text for text in strings(version.content.model_dump()))
    assert version.content.sections[1].body["en"] == "Phone: 02-123-4567"


def test_non_utf8_fixture_really_is_not_utf8() -> None:
    raw = (CORPUS / "43-not-utf-8/docs/terms/versions/2024-01-01.yml").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
