"""Fuzzing the loader and the body renderer with arbitrary, YAML-ish input.

Run briefly in the suite; `scripts/fuzz` runs the same targets far longer
(FUZZ_EXAMPLES, default 20000). The only acceptable outcomes are a loaded
policy or content errors with a place; never a crash, never a hang, and never
markup that can run script.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policypress.core.bodies import render_body
from policypress.core.errors import ContentErrors
from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.core.lock_file import LockFile
from policypress.core.parity import load_glossary
from policypress.core.yamlsource import load_yaml

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
# No example may take more than 2 s: a slow input is a denial of service (issue 14).
FUZZ = settings(max_examples=EXAMPLES, deadline=dt.timedelta(seconds=2), suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")])
VALID = (Path(__file__).resolve().parents[2] / "docs/privacy/versions/2023-12-01.yml").read_bytes()

TOKENS = [
    "announced: ", "effective: ", "adverse: ", "summary:", "sections:", "  - id: ", "    title:", "    body:",
    "      ko: ", "      en: ", "fr: ", "2023-12-01", "2023-02-30", "2023-12-01T09:00:00+09:00", "yes", "no", "~",
    "[", "]", "{", "}", ",", ": ", "- ", "|", ">", "&a", "*a", "!!python/object:os.system", "!!str", "'", '"',
    "\t", "\n", "  ", "#", "---", "...", "개인정보를", "\u1100\u1161", "\x00", "\ufeff", "\r\n", "%YAML 1.1", "<script>",
]  # fmt: skip
yamlish = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=8)), max_size=60).map("".join)


@FUZZ
@given(yamlish)
def test_yaml_reader_never_crashes(text: str) -> None:
    document, errors = load_yaml(Path("fuzz.yml"), text.encode("utf-8", "surrogatepass"))
    assert document is not None or errors  # a result, or the reasons there is none
    for error in errors:
        assert error.location.path == Path("fuzz.yml") and error.message


@FUZZ
@given(st.binary(max_size=400))
def test_yaml_reader_survives_arbitrary_bytes(raw: bytes) -> None:
    load_yaml(Path("fuzz.yml"), raw)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """The valid example version with a few bytes or lines changed."""
    data = bytearray(VALID)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        choice = draw(st.integers(min_value=0, max_value=2))
        if choice == 0:
            del data[position : position + draw(st.integers(min_value=1, max_value=40))]
        elif choice == 1:
            data[position:position] = draw(st.sampled_from(TOKENS)).encode()
        else:
            data[position] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


@FUZZ
@given(mutated())
def test_loader_gives_a_site_or_content_errors(tmp_path_factory, raw: bytes) -> None:
    root = tmp_path_factory.mktemp("fuzz")
    folder = root / "docs/privacy/versions"
    folder.mkdir(parents=True)
    (root / "docs/privacy/policy.yml").write_text(
        "title: {ko: 방침, en: Policy}\nowner: {ko: 회사, en: Company}\nadopted: 2026-11-20\n", encoding="utf-8"
    )
    (folder / "2023-12-01.yml").write_bytes(raw)
    try:
        load_site(root / "docs", LANGUAGES, root)
    except ContentErrors as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.location.line >= 0 and error.message


LOCK = (Path(__file__).resolve().parents[2] / "docs/privacy/versions.lock").read_bytes()
JSONISH = ['{', '}', '[', ']', ',', ':', '"format"', '2', '"versions"', '"policy"', '"settings"', '"hash"', '"locked"',
           '"2023-12-01"', '"sha256:"', 'null', 'true', '1e999', '-0', '"\\ud800"', '"\\u0000"', '[' * 50, '\x00', '\ufeff']


@st.composite
def lock_bytes(draw: st.DrawFn) -> bytes:
    """The example's lock with a few bytes changed, or JSON-ish tokens."""
    if draw(st.booleans()):
        return draw(st.lists(st.one_of(st.sampled_from(JSONISH), st.text(max_size=6)), max_size=60).map("".join)).encode("utf-8", "surrogatepass")
    data = bytearray(LOCK)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        position = draw(st.integers(min_value=0, max_value=len(data) - 1))
        if draw(st.booleans()):
            data[position:position] = draw(st.sampled_from(JSONISH)).encode()
        else:
            data[position] = draw(st.integers(min_value=0, max_value=255))
    return bytes(data)


@FUZZ
@given(lock_bytes())
def test_lock_reader_gives_a_lock_or_an_error_with_a_line(tmp_path_factory, raw: bytes) -> None:
    path = tmp_path_factory.mktemp("lock") / "versions.lock"
    path.write_bytes(raw)
    try:
        LockFile.read(path)
    except ContentErrors as exc:
        [error] = exc.errors
        assert error.location.path == path and error.location.line >= 1 and error.message


@FUZZ
@given(yamlish)
def test_glossary_reader_gives_terms_or_errors_with_a_line(tmp_path_factory, text: str) -> None:
    docs = tmp_path_factory.mktemp("glossary")
    (docs / "glossary.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
    terms, errors = load_glossary(docs, ("ko", "en"))
    assert not (terms and errors)
    for error in errors:
        assert error.location.path == docs / "glossary.yml" and error.message


FORBIDDEN_TAGS = {"script", "iframe", "style", "object", "embed", "svg", "math", "form", "input", "link", "meta", "base"}
markdownish = st.lists(
    st.one_of(
        st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
                         "<a href='java\tscript:alert(1)'>x</a>", "<svg onload=alert(1)>", "**", "_", "`", "|a|b|\n|-|-|\n",
                         "\n\n", "- ", "1. ", "> ", "# ", "<div>", "</div>", "&", "<", "{{ config }}", "<style>", "<!--"]),
        st.text(max_size=10),
    ),
    max_size=40,
).map("".join)


@FUZZ
@given(markdownish)
def test_rendered_bodies_never_carry_script(text: str) -> None:
    html = render_body(text)
    # Parsed as a browser would, not searched as text: escaped code is fine.
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name not in FORBIDDEN_TAGS, html
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), html
            if name in ("href", "src"):
                # What a browser's URL parser does: strip C0 controls and spaces at
                # the ends, drop tabs and newlines anywhere (not inner spaces).
                url = re.sub(r"[\t\n\r]", "", str(value)).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
                assert not url.lower().startswith(("javascript:", "vbscript:", "data:")), html
