"""The content loader: tiny policies written to a temporary folder, exact messages and places."""

from __future__ import annotations

import datetime as dt
import re
import sys
import textwrap
import unicodedata
from pathlib import Path

import pytest

from policypress.core.errors import ContentErrors
from policypress.core.languages import Languages
from policypress.core.loader import Site, load_policy, load_site
from policypress.core.model import SECTION_ID, VersionFile
from policypress.core import yamlsource
from policypress.core.yamlsource import MAX_DEPTH, load_yaml

ROOT = Path(__file__).resolve().parent.parent.parent
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])

POLICY = """\
title: {ko: 개인정보 처리방침, en: Privacy Policy}
owner: {ko: 테스트 주식회사, en: Test Inc.}
timezone: Asia/Seoul
authoritative: ko
notice: {days: 7, adverse_days: 30}
adopted: 2023-12-01
"""


def version(
    effective: str = "2023-12-01",
    announced: str = "2023-11-01",
    *,
    adverse: bool = False,
    extra: str = "",
    sections: str | None = None,
) -> str:
    """A valid version file; ``extra`` lines go after ``adverse``, ``sections`` replaces the sections."""
    if sections is None:
        # Each version says something new (an unedited copy is an error).
        sections = f"""\
          - id: collection
            title: {{ko: 수집 항목, en: What we collect}}
            body:
              ko: 이름과 전화번호를 수집합니다. ({effective} 판)
              en: We collect your name and phone number. (version {effective})
          - id: cookies
            title: {{ko: 쿠키, en: Cookies}}
            body:
              ko: 쿠키를 사용하지 않습니다.
              en: We do not use cookies.
        """
    head = f"announced: {announced}\neffective: {effective}\nadverse: {'true' if adverse else 'false'}\n{extra}"
    return head + f"summary: {{ko: 요약 {effective}, en: Summary {effective}}}\nsections:\n" + textwrap.indent(textwrap.dedent(sections), "  ")


def write_policy(
    root: Path, versions: dict[str, str | bytes], *, policy: str | bytes = POLICY, policy_id: str = "privacy"
) -> Path:
    """Write ``docs/<policy_id>/policy.yml`` and ``versions/<name>`` under ``root``; return the docs folder."""
    folder = root / "docs" / policy_id
    (folder / "versions").mkdir(parents=True, exist_ok=True)
    for name, content in {"policy.yml": policy, **{f"versions/{n}": c for n, c in versions.items()}}.items():
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (folder / name).write_bytes(data)
    return root / "docs"


def errors_of(root: Path) -> list[str]:
    """The report lines of loading ``root/docs``, which must fail."""
    with pytest.raises(ContentErrors) as caught:
        load_site(root / "docs", LANGUAGES, root)
    return caught.value.report().splitlines()


def loads(root: Path) -> Site:
    return load_site(root / "docs", LANGUAGES, root)


def line_of(text: str, needle: str) -> int:
    """The 1-based line of ``text`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


# -- loading ------------------------------------------------------------------


def test_valid_policy_loads_with_versions_oldest_first(tmp_path: Path) -> None:
    write_policy(tmp_path, {"2024-03-01.yml": version("2024-03-01", "2024-02-01"), "2023-12-01.yml": version()})
    site = loads(tmp_path)
    policy = site.policy("privacy")
    assert [v.slug for v in policy.versions] == ["2023-12-01", "2024-03-01"]
    assert policy.meta.title == {"ko": "개인정보 처리방침", "en": "Privacy Policy"}
    assert policy.meta.notice.adverse_days == 30
    first = policy.version("2023-12-01")
    assert first.announced == dt.date(2023, 11, 1) and first.effective == dt.date(2023, 12, 1)
    assert [s.id for s in first.content.sections] == ["collection", "cookies"]
    assert first.content.sections[1].body["en"] == "We do not use cookies."


def test_load_policy_returns_the_policy_and_no_errors(tmp_path: Path) -> None:
    docs = write_policy(tmp_path, {"2023-12-01.yml": version()})
    policy, errors = load_policy(docs / "privacy", docs, LANGUAGES)
    assert errors == [] and policy is not None and policy.id == "privacy"


def test_load_policy_returns_no_policy_when_a_file_fails(tmp_path: Path) -> None:
    docs = write_policy(tmp_path, {"2023-12-01.yml": version(), "2024-03-01.yml": "announced: [\n"})
    policy, errors = load_policy(docs / "privacy", docs, LANGUAGES)
    assert policy is None and len(errors) == 1
    assert errors[0].location.path.name == "2024-03-01.yml"


def test_missing_english_body_names_section_file_line_and_column(tmp_path: Path) -> None:
    text = version(
        sections="""\
          - id: cookies
            title: {ko: 쿠키, en: Cookies}
            body:
              ko: 쿠키를 사용하지 않습니다.
        """
    )
    write_policy(tmp_path, {"2023-12-01.yml": text})
    line = line_of(text, "body:")
    assert errors_of(tmp_path) == [
        f'docs/privacy/versions/2023-12-01.yml:{line}:5: section "cookies": body is missing the "en" text'
    ]


def test_all_errors_of_a_run_are_reported_together(tmp_path: Path) -> None:
    policy = POLICY.replace("timezone: Asia/Seoul", "timezone: 9").replace("days: 7", "days: seven")
    broken = version(effective="2024-03-01", announced="2024-02-31").replace("en: Summary 2024-03-01", "en: [a, b]")
    write_policy(tmp_path, {"2023-12-01.yml": version(), "2024-03-01.yml": broken}, policy=policy)
    assert errors_of(tmp_path) == [
        "docs/privacy/policy.yml:3:11: timezone: expected text, got a number",
        'docs/privacy/policy.yml:5:16: notice.days: expected a whole number, got "seven"',
        "docs/privacy/versions/2024-03-01.yml:1:12: announced: 2024-02-31 is not a date in the calendar; "
        "expected a real day as YYYY-MM-DD",
        "docs/privacy/versions/2024-03-01.yml:4:34: summary.en: expected text, got a list (put the text in quotes)",
    ]


def test_errors_in_two_policies_are_reported_together(tmp_path: Path) -> None:
    write_policy(tmp_path, {"2023-12-01.yml": version().replace("adverse: false", "adverse: maybe")}, policy_id="privacy")
    write_policy(tmp_path, {"2023-12-01.yml": version().replace("en: Summary 2023-12-01", "fr: Résumé")}, policy_id="terms")
    lines = errors_of(tmp_path)
    assert [line.split(":")[0] for line in lines] == [
        "docs/privacy/versions/2023-12-01.yml",
        "docs/terms/versions/2023-12-01.yml",
        "docs/terms/versions/2023-12-01.yml",
    ]
    assert lines[1] == 'docs/terms/versions/2023-12-01.yml:4:1: summary is missing the "en" text'
    assert lines[2] == 'docs/terms/versions/2023-12-01.yml:4:30: summary: "fr" is not a language of this site (ko, en)'


def test_rules_still_run_on_the_versions_that_loaded(tmp_path: Path) -> None:
    too_short = version("2024-03-01", "2024-02-28")
    write_policy(tmp_path, {"2023-12-01.yml": "announced: 2023-11-01\n", "2024-03-01.yml": too_short})
    lines = errors_of(tmp_path)
    assert len(lines) == 4
    assert lines[-1].startswith("docs/privacy/versions/2024-03-01.yml:2:12: effective 2024-03-01 is 2 days after")


def test_nfd_korean_is_normalised_to_nfc(tmp_path: Path) -> None:
    body = "쿠키를 사용하지 않습니다."
    nfd = unicodedata.normalize("NFD", version())
    assert nfd != version()
    write_policy(tmp_path, {"2023-12-01.yml": nfd}, policy=unicodedata.normalize("NFD", POLICY))
    policy = loads(tmp_path).policy("privacy")
    assert policy.meta.title["ko"] == "개인정보 처리방침"
    assert policy.version("2023-12-01").content.sections[1].body["ko"] == body
    assert unicodedata.is_normalized("NFC", policy.version("2023-12-01").content.sections[1].body["ko"])


def test_nfd_keys_are_normalised_too(tmp_path: Path) -> None:
    document, errors = load_yaml(Path("a.yml"), unicodedata.normalize("NFD", "제목: 값\n").encode())
    assert errors == [] and document is not None
    assert document.data == {"제목": "값"}


def test_example_site_loads_without_errors() -> None:
    site = load_site(ROOT / "docs", LANGUAGES, ROOT)
    policy = site.policy("privacy")
    assert [v.slug for v in policy.versions] == ["2023-12-01", "2026-12-21", "2027-02-03"]
    ids = ["collection", "purpose", "retention", "destruction", "provision", "outsourcing",
           "rights", "withdrawal", "cookies", "manager", "security", "changes"]  # fmt: skip
    for v in policy.versions:
        assert [s.id for s in v.content.sections] == ids
        assert all(set(s.body) == {"ko", "en"} and set(s.title) == {"ko", "en"} for s in v.content.sections)


# -- content hash ---------------------------------------------------------------

PINNED = version()


def hash_of(root: Path, text: str | bytes) -> str:
    write_policy(root, {"2023-12-01.yml": text})
    return loads(root).policy("privacy").version("2023-12-01").content_hash()


def test_content_hash_is_stable_across_loads(tmp_path: Path) -> None:
    first = hash_of(tmp_path / "a", PINNED)
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", first)
    assert hash_of(tmp_path / "b", PINNED) == first
    assert hash_of(tmp_path / "a", PINNED) == first  # loading again, same file


def test_content_hash_ignores_formatting_but_not_content(tmp_path: Path) -> None:
    reference = hash_of(tmp_path / "a", PINNED)
    reformatted = (
        "# a comment\n"
        + PINNED.replace("adverse: false\n", "")  # the default, written or not
        .replace("summary: {ko: 요약, en: Summary}", 'summary:\n  en: "Summary"\n  ko: \'요약\'')
        .replace("\n", "\r\n")
    )
    assert hash_of(tmp_path / "b", b"\xef\xbb\xbf" + reformatted.encode()) == reference
    assert hash_of(tmp_path / "c", PINNED.replace("We do not use cookies.", "We use no cookies.")) != reference


def test_content_hash_is_the_same_for_nfd_and_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", PINNED)
    assert nfd.encode() != PINNED.encode()
    assert hash_of(tmp_path / "nfd", nfd) == hash_of(tmp_path / "nfc", PINNED)


# -- rules ------------------------------------------------------------------------


def only_error(tmp_path: Path, versions: dict[str, str], policy: str = POLICY) -> str:
    write_policy(tmp_path, versions, policy=policy)
    lines = errors_of(tmp_path)
    assert len(lines) == 1, lines
    return lines[0]


def test_notice_exactly_as_long_as_required_is_enough(tmp_path: Path) -> None:
    write_policy(
        tmp_path,
        {
            "2023-12-01.yml": version("2023-12-01", "2023-11-24"),
            "2024-03-01.yml": version("2024-03-01", "2024-01-31", adverse=True),
        },
    )
    assert len(loads(tmp_path).policy("privacy").versions) == 2


def test_notice_too_short(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"2023-12-01.yml": version("2023-12-01", "2023-11-25")}) == (
        "docs/privacy/versions/2023-12-01.yml:2:12: effective 2023-12-01 is 6 days after announced 2023-11-25; "
        "this policy needs 7 days of notice (earliest effective date: 2023-12-02)"
    )


def test_adverse_notice_too_short(tmp_path: Path) -> None:
    versions = {"2023-12-01.yml": version(), "2024-03-01.yml": version("2024-03-01", "2024-02-01", adverse=True)}
    assert only_error(tmp_path, versions) == (
        "docs/privacy/versions/2024-03-01.yml:2:12: effective 2024-03-01 is 29 days after announced 2024-02-01; "
        "an adverse change to this policy needs 30 days of notice (earliest effective date: 2024-03-02)"
    )


def test_notice_days_come_from_policy_yml(tmp_path: Path) -> None:
    policy = POLICY.replace("days: 7", "days: 14")
    assert only_error(tmp_path, {"2023-12-01.yml": version("2023-12-01", "2023-11-24")}, policy).endswith(
        "this policy needs 14 days of notice (earliest effective date: 2023-12-08)"
    )


def test_announced_after_effective(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"2023-12-01.yml": version("2023-12-01", "2023-12-02")}) == (
        "docs/privacy/versions/2023-12-01.yml:1:12: announced 2023-12-02 is after effective 2023-12-01; "
        "a change is announced before it takes effect"
    )


def test_effective_must_equal_file_name(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"2023-12-01.yml": version("2023-12-02")}) == (
        "docs/privacy/versions/2023-12-01.yml:2:12: effective 2023-12-02 does not match the file name "
        "2023-12-01.yml; the file of a version is named by its effective date"
    )


def test_equal_effective_dates_are_refused(tmp_path: Path) -> None:
    second = version().replace("요약 2023-12-01", "요약 둘").replace("Summary 2023-12-01", "Summary two").replace("판)", "판, 둘)").replace("2023-12-01)", "two)")
    write_policy(tmp_path, {"2023-12-01.yml": version(), "2023-12-02.yml": second})
    assert errors_of(tmp_path) == [
        "docs/privacy/versions/2023-12-02.yml:2:12: effective 2023-12-01 does not match the file name "
        "2023-12-02.yml; the file of a version is named by its effective date",
        "docs/privacy/versions/2023-12-02.yml:2:12: effective 2023-12-01 is also the effective date of "
        "2023-12-01.yml; effective dates must strictly increase",
    ]


def test_duplicate_section_id(tmp_path: Path) -> None:
    text = version().replace("id: cookies", "id: collection")
    line = line_of(text, "title: {ko: 쿠키")
    assert only_error(tmp_path, {"2023-12-01.yml": text}) == (
        f'docs/privacy/versions/2023-12-01.yml:{line - 1}:9: duplicate section id "collection" '
        f"(first used on line {line_of(text, 'id: collection')}); give each section its own id"
    )


def test_section_id_must_match_the_whole_pattern(tmp_path: Path) -> None:
    # Pydantic searches a pattern anywhere in the text: "Cookies Policy" contains "ookies".
    text = version().replace("id: cookies", "id: Cookies Policy")
    assert only_error(tmp_path, {"2023-12-01.yml": text}) == (
        f'docs/privacy/versions/2023-12-01.yml:{line_of(text, "Cookies")}:9: section 2: id "Cookies Policy" is not a valid id '
        "(it becomes the URL anchor); expected lowercase letters, digits and hyphens, starting with a letter, "
        'such as "cookies-policy"'
    )
    pattern = VersionFile.model_json_schema()["$defs"]["Section"]["properties"]["id"]["pattern"]
    assert pattern.startswith("^") and pattern.endswith("$") and SECTION_ID.pattern in pattern


def test_waiver_on_a_version_effective_after_adopted(tmp_path: Path) -> None:
    effective = "2024-03-01"
    waiver = "notice_waiver: {ko: 당일 공지, en: Announced on the day}\n"
    versions = {"2023-12-01.yml": version(), f"{effective}.yml": version(effective, effective, extra=waiver)}
    assert only_error(tmp_path, versions) == (
        f"docs/privacy/versions/{effective}.yml:4:16: notice_waiver is only for versions in force by the day "
        f"this policy's site was adopted (2023-12-01); this version takes effect on {effective}"
    )


def test_waiver_on_the_adoption_day_is_accepted(tmp_path: Path) -> None:
    """A new site opens with the version in force that day, announced that day."""
    waiver = "notice_waiver: {ko: 사이트 개설일 게시, en: Published the day the site opened}\n"
    write_policy(tmp_path, {"2023-12-01.yml": version("2023-12-01", "2023-12-01", extra=waiver)})
    assert loads(tmp_path).policy("privacy").version("2023-12-01").content.notice_waiver is not None


def test_waiver_before_adopted_allows_notice_on_the_day(tmp_path: Path) -> None:
    waiver = "notice_waiver: {ko: 당일 공지, en: Announced on the day}\n"
    write_policy(tmp_path, {"2023-11-30.yml": version("2023-11-30", "2023-11-30", extra=waiver), "2023-12-01.yml": version()})
    site = loads(tmp_path)
    assert site.policy("privacy").version("2023-11-30").content.notice_waiver == {"ko": "당일 공지", "en": "Announced on the day"}


def test_unknown_time_zone(tmp_path: Path) -> None:
    policy = POLICY.replace("Asia/Seoul", "Asia/Busan")
    assert only_error(tmp_path, {"2023-12-01.yml": version()}, policy) == (
        'docs/privacy/policy.yml:3:11: unknown time zone "Asia/Busan"; expected an IANA name such as Asia/Seoul'
    )


def test_authoritative_must_be_a_site_language(tmp_path: Path) -> None:
    policy = POLICY.replace("authoritative: ko", "authoritative: ja")
    assert only_error(tmp_path, {"2023-12-01.yml": version()}, policy) == (
        'docs/privacy/policy.yml:4:16: authoritative: "ja" is not a language of this site (ko, en)'
    )


def test_a_versions_folder_without_version_files_is_no_versions(tmp_path: Path) -> None:
    docs = write_policy(tmp_path, {})
    (docs / "privacy/versions/.keep").write_text("")
    (docs / "privacy/versions/drafts").mkdir()
    assert errors_of(tmp_path) == [
        "docs/privacy/policy.yml:1: no versions: add versions/<effective date>.yml beside policy.yml"
    ]


def test_long_values_are_cut_short_in_messages(tmp_path: Path) -> None:
    policy = POLICY.replace("days: 7", "days: " + "9" * 5000)
    message = only_error(tmp_path, {"2023-12-01.yml": version()}, policy)
    assert message.startswith("docs/privacy/policy.yml:5:16: notice.days: expected a whole number")
    assert len(message) < 200


def test_comment_only_file_is_empty(tmp_path: Path) -> None:
    assert only_error(tmp_path, {"2023-12-01.yml": "# draft\n\n"}) == (
        "docs/privacy/versions/2023-12-01.yml:1:1: the file is empty; "
        "expected the fields announced, effective, summary, sections"
    )


# -- the YAML reader ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "where", "message"),
    [
        (b"a: 1\nb: x\x07y\n", "2:5", "invalid YAML: control character U+0007 is not allowed; remove it"),
        (b"a: 1\r\n\r\nb: \x00\r\n", "3:4", "invalid YAML: control character U+0000 is not allowed; remove it"),
        ("a: 제목\x7f\n".encode(), "1:6", "invalid YAML: control character U+007F is not allowed; remove it"),
        ("a: x\ufffe\n".encode(), "1:5", "invalid YAML: character U+FFFE is not allowed; remove it"),
        ("a: 제목".encode() + b"\xff\n", "1:6", "not valid UTF-8 (byte 0xff); save the file as UTF-8"),
        (b"\xef\xbb\xbfa: 1\nb:\n\t- x\n", "3:1", "invalid YAML: a tab indents this line; indent with spaces"),
    ],
)
def test_reader_problems_are_placed_on_their_line(raw: bytes, where: str, message: str) -> None:
    document, errors = load_yaml(Path("a.yml"), raw)
    assert document is None
    assert [error.display() for error in errors] == [f"a.yml:{where}: {message}"]


@pytest.mark.parametrize("opening", ["[", "{a: ", "- ", "[{a: "])
def test_deep_nesting_never_escapes_as_recursion_error(opening: str) -> None:
    document, errors = load_yaml(Path("a.yml"), ("a: " + opening * 100_000).encode())
    assert document is None and len(errors) == 1
    assert errors[0].message.startswith(("nesting deeper than", "invalid YAML:"))


def test_nesting_up_to_the_limit_is_accepted() -> None:
    text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    document, errors = load_yaml(Path("a.yml"), text.encode())
    assert errors == [] and document is not None
    document, errors = load_yaml(Path("a.yml"), ("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n").encode())
    assert document is None and errors[0].message.startswith(f"nesting deeper than {MAX_DEPTH} levels")


def test_recursion_error_is_caught_even_past_the_event_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    # With the scan's limit lifted, PyYAML's recursive composer overflows; it must still be an error line.
    # (A low recursion limit keeps this fast: PyYAML's scanner is quadratic in flow depth.)
    monkeypatch.setattr(yamlsource, "MAX_DEPTH", 10**9)
    frame, frames = sys._getframe(), 0
    while frame is not None:
        frame, frames = frame.f_back, frames + 1
    depth, limit = 300, sys.getrecursionlimit()
    sys.setrecursionlimit(frames + 150)
    try:
        document, errors = load_yaml(Path("a.yml"), ("a: " + "[" * depth + "]" * depth + "\n").encode())
    finally:
        sys.setrecursionlimit(limit)
    assert document is None
    assert [error.display() for error in errors] == [
        "a.yml:1: nesting too deep to be read; policy files nest a few levels deep"
    ]
