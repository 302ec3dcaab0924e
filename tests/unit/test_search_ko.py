"""Korean search terms (policypress.outputs.korean), with the real Kiwi analyser."""

from __future__ import annotations

import doctest
import json
import logging
import re
import shutil
import subprocess

import pytest

from policypress.outputs import kiwi, korean as search_ko
from policypress.outputs.kiwi import KiwiAnalyser
from policypress.outputs.search import search_index
from policypress.outputs.korean import (
    KOREAN_SEPARATOR,
    TEXT_FIELD,
    TITLE_FIELD,
    enrich_entries,
    enrich_index,
    expand_korean,
    korean_separator,
    korean_terms,
    search_tokens,
)

MATERIAL_CONFIG = {
    "lang": ["ko"],
    "separator": "[\\s\\-]+",
    "pipeline": [" "],
    "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}},
}
SEPARATOR = korean_separator(MATERIAL_CONFIG["separator"])
KIWI = KiwiAnalyser()
"""One analyser for the tests that only read terms (its memory is its own: no test sees another's cache)."""


def terms(text: str) -> list[str]:
    """The words the worker indexes for ``text``'s hidden terms."""
    return search_tokens(expand_korean(text, KIWI), SEPARATOR)


def test_doctests() -> None:
    assert doctest.testmod(search_ko).failed == 0


def test_particles_are_stripped_from_nouns() -> None:
    assert "개인정보" in terms("개인정보를 소중하게 생각합니다")
    assert "처리방침" in terms("처리방침은 다음과 같습니다")
    assert "쿠키" in terms("쿠키가 저장될 때마다")  # 가 is left to Kiwi: 동의, 평가 end with it
    assert not any(term.endswith(("를", "은", "가")) for term in terms("개인정보를 처리방침은 쿠키가"))


def test_separator_drops_unambiguous_particles_from_text_and_query() -> None:
    assert search_tokens("개인정보를 쿠키는 경우에는 아동으로부터", SEPARATOR) == ["개인정보", "쿠키", "경우", "아동으로"]
    # Particles some nouns end with stay: 동의 is consent, 치과 a dental clinic.
    assert search_tokens("동의 치과 평가", SEPARATOR) == ["동의", "치과", "평가"]


def test_separator_splits_at_punctuation() -> None:
    assert search_tokens("「의료법」에서 [수집항목] 수집·이용 (<b>주소</b>)", SEPARATOR) == [
        "의료법", "수집항목", "수집", "이용", "주소",
    ]
    assert search_tokens("1833-6972 3.5", SEPARATOR) == ["1833", "6972", "3.5"]


def test_compounds_are_split_into_suffixes() -> None:
    found = terms("개인정보분쟁조정위원회")
    assert {"분쟁조정위원회", "조정위원회", "위원회"} <= set(found)
    assert "책임자" in terms("개인정보 관리책임자")


def test_nouns_written_apart_are_joined() -> None:
    assert "개인정보처리방침" in terms("개인정보 처리방침을 정비하고")
    assert "보유기간" in terms("개인정보의 보유 및 이용 기간")  # coordination shares the head
    assert "이용기간" in terms("개인정보의 보유 및 이용 기간")
    assert "파기방법" in terms("개인정보의 파기 절차 및 방법")  # coordination shares the modifier


def test_no_joins_across_list_items_commas_or_lone_syllables() -> None:
    listed = terms("<ul><li>수집 방법</li><li>개인정보의 항목</li></ul>")
    assert "방법개인정보" not in listed and "수집방법" in listed
    assert not any("이름" in term and "번호" in term for term in terms("이름, 주민등록번호, 주소"))
    assert "후파기" not in terms("목적이 달성된 후 파기합니다")


def test_single_syllables_are_not_terms() -> None:
    assert all(len(term) >= 2 for term in korean_terms("법 및 령, 안전성 확보 조치 후 시행", KIWI))


def test_english_is_untouched() -> None:
    assert expand_korean("The Clinic values the privacy of our patients.", KIWI) == ""
    entry = {"location": "privacy/#x", "title": "Privacy Policy", "text": "<p>Cookies and retention.</p>"}
    assert enrich_entries([entry], SEPARATOR, KIWI) == [entry]


def test_hidden_fields_add_only_new_words() -> None:
    entry = {"location": "privacy/#retention", "title": "개인정보의 보유 및 이용 기간", "text": "<p>보유기간은 3년입니다.</p>"}
    [doc] = enrich_entries([entry], SEPARATOR, KIWI)
    assert doc["title"] == entry["title"] and doc["text"] == entry["text"]
    title_terms, text_terms = doc[TITLE_FIELD].split(), doc.get(TEXT_FIELD, "").split()
    assert "보유기간" in title_terms and "개인정보" in title_terms
    assert "보유기간" not in text_terms  # the text has it already, and the title terms too
    assert not set(title_terms) & set(search_tokens(entry["title"], SEPARATOR))


def test_deterministic() -> None:
    docs = [
        {"location": "privacy/", "title": "개인정보 처리방침", "text": "<p>본원은 개인정보를 소중하게 생각합니다.</p>"},
        {"location": "privacy/#cookies", "title": "쿠키", "text": "<p>쿠키를 거부할 수 있습니다.</p>"},
    ]
    first = enrich_index(MATERIAL_CONFIG, docs, KiwiAnalyser())
    second = enrich_index(MATERIAL_CONFIG, docs, KiwiAnalyser())
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)


def test_index_config_gets_hidden_fields_with_title_and_text_boosts() -> None:
    config, _ = enrich_index(MATERIAL_CONFIG, [], KIWI)
    assert config["fields"][TITLE_FIELD] == {"boost": 1000.0}
    assert config["fields"][TEXT_FIELD] == {"boost": 1.0}
    assert config["fields"]["title"] == MATERIAL_CONFIG["fields"]["title"]
    assert config["separator"] == "[\\s\\-]+|" + KOREAN_SEPARATOR
    assert korean_separator(config["separator"]) == config["separator"]  # not added twice


def test_separator_compiles_in_javascript_without_lookbehind() -> None:
    assert "(?<" not in SEPARATOR  # lookbehind breaks Safari before 16.4, and with it all search
    node = shutil.which("node")
    if node is None:
        pytest.skip("node not installed")
    script = "const r = new RegExp(process.argv[1], 'g'); console.log(JSON.stringify(process.argv[2].split(r).filter(Boolean)))"
    text = "「의료법」에서 개인정보를 쿠키는 3.5"
    out = subprocess.run([node, "-e", script, SEPARATOR, text], capture_output=True, text=True, check=True)
    # String.split with a regex yields the same words as Material's tokenizer and Python here.
    assert json.loads(out.stdout) == [word for word in re.split(SEPARATOR, text) if word] == search_tokens(text, SEPARATOR)


def test_search_index_enriches_korean_only() -> None:
    entries = [
        {"location": "privacy/#retention", "title": "개인정보의 보유 및 이용 기간", "text": "<p>보존합니다.</p>"},
        {"location": "en/privacy/#retention", "title": "Retention period", "text": "<p>Kept.</p>"},
    ]
    korean = search_index(entries, "ko", "", MATERIAL_CONFIG, korean=KIWI)
    english = search_index(entries, "en", "en/", {**MATERIAL_CONFIG, "lang": ["en"]}, korean=KIWI)
    assert korean["config"]["lang"] == ["ko"] and TITLE_FIELD in korean["config"]["fields"]
    assert "보유기간" in korean["docs"][0][TITLE_FIELD].split()
    assert english == {
        "config": {"separator": "[\\s\\-]+", "pipeline": [" "], "fields": MATERIAL_CONFIG["fields"], "lang": ["en"]},
        "docs": [{"location": "privacy/#retention", "title": "Retention period", "text": "<p>Kept.</p>"}],
    }
    plain = search_index(entries, "ko", "", MATERIAL_CONFIG, korean=KIWI, korean_search=False)
    assert plain["config"]["separator"] == "[\\s\\-]+" and TITLE_FIELD not in plain["docs"][0]


@pytest.mark.parametrize(("code", "korean"), [("ko", True), ("ko-KR", True), ("ko_KR", True), ("kok", False), ("en", False)])
def test_is_korean(code: str, korean: bool) -> None:
    assert search_ko.is_korean(code) is korean


def test_without_kiwi_only_the_separator_changes(caplog: pytest.LogCaptureFixture) -> None:
    docs = [{"location": "privacy/", "title": "개인정보 처리방침", "text": "<p>개인정보를</p>"}]
    with caplog.at_level(logging.WARNING, logger="policypress.outputs.korean"):
        config, enriched = enrich_index(MATERIAL_CONFIG, docs, None)  # what a build without kiwipiepy passes
    assert enriched == docs and config["fields"] == MATERIAL_CONFIG["fields"]
    assert config["separator"].endswith(KOREAN_SEPARATOR)
    assert "kiwipiepy is not installed" in caplog.text


def test_analyses_are_kept_between_builds(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "kiwi.json"
    analyser = KiwiAnalyser(cache)
    first = analyser("개인정보를 파기합니다")
    analyser.save()

    def no_model() -> None:
        raise AssertionError("the model must not load for a cached text")

    monkeypatch.setattr(kiwi, "_model", no_model)
    assert KiwiAnalyser(cache)("개인정보를 파기합니다") == first  # a new build


@pytest.mark.parametrize(
    "planted",
    [
        ["진료기록", "NNG", 0, 4],  # a word the text does not have, at the place of 개인정보
        ["개인정보", "NNG", 0, 400],  # a span outside the line
        ["민감정보", "JC", 0, 4],  # a joining particle that is not written there
    ],
)
def test_a_planted_analysis_never_reaches_the_index(tmp_path, planted, caplog: pytest.LogCaptureFixture) -> None:
    cache = tmp_path / "kiwi.json"
    text = "개인정보를 파기합니다"
    analyser = KiwiAnalyser(cache)
    genuine = korean_terms(text, analyser)
    analyser.save()
    data = json.loads(cache.read_text(encoding="utf-8"))
    [key] = data["texts"]
    data["texts"][key].append(planted)
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="policypress.outputs.kiwi"):
        again = korean_terms(text, KiwiAnalyser(cache))
    assert again == genuine and "진료기록" not in again and "민감정보" not in again
    assert "does not fit its text; analysing it again" in caplog.text


def test_helper_process_analyses_like_this_process() -> None:
    docs = [
        {"location": "privacy/", "title": "개인정보 처리방침", "text": "<p>보유 및 이용 기간이 끝난 개인정보는 파기합니다.</p>"},
        {"location": "privacy/#cookies", "title": "쿠키의 설치·운영 및 거부", "text": "<p>쿠키를 거부할 수 있습니다.</p>"},
    ]
    here = enrich_index(MATERIAL_CONFIG, docs, KiwiAnalyser())
    helped_by = KiwiAnalyser()
    helped_by.prefetch()
    try:
        assert helped_by._helper is not None
        helped = enrich_index(MATERIAL_CONFIG, docs, helped_by)
    finally:
        helped_by.close()
    assert helped == here


def test_the_helper_gets_a_long_history_s_lines_a_chunk_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Kiwi's helper holds one chunk of lines and their morphemes at a time, not every line of the site (issue 28)."""
    monkeypatch.setattr(kiwi, "CHUNK", 2)
    lines = ["개인정보를 파기합니다", "쿠키를 거부할 수 있습니다", "보유 기간이 끝나면 파기합니다", "열람을 요구할 수 있습니다", "동의를 철회할 수 있습니다"]
    here = KiwiAnalyser()
    expected = [here(line) for line in lines]
    analyser = KiwiAnalyser()
    analyser.prefetch(["\n".join(lines[:3])])
    try:
        assert [keys for keys, _ in analyser._pending] == [[kiwi._key(line) for line in lines[:2]], [kiwi._key(lines[2])]]
        analyser.analyse_all(["\n".join(lines)])  # the two lines not sent ahead: one more chunk
        assert analyser._pending == []
        monkeypatch.setattr(kiwi, "analyse", _not_here)  # every line is analysed already, by the helper
        assert [analyser(line) for line in lines] == expected
    finally:
        analyser.close()


def _not_here(texts):  # type: ignore[no-untyped-def]
    raise AssertionError(f"analysed in this process: {texts}")


def test_a_failing_helper_falls_back_to_this_process(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        def submit(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            raise OSError("helper killed")

        def close(self, **kwargs) -> None:  # type: ignore[no-untyped-def]
            pass

    analyser = KiwiAnalyser()
    analyser._helper = Broken()  # type: ignore[assignment]
    with caplog.at_level(logging.WARNING, logger="policypress.outputs.kiwi"):
        morphemes = analyser("개인정보를 파기합니다")
        analyser.analyse_all(["쿠키를 거부할 수 있습니다"])
    assert [m.form for m in morphemes][:2] == ["개인", "정보"]
    assert "Kiwi's helper process failed (helper killed); analysing in this process" in caplog.text
    assert analyser._helper is None


def test_prefetch_starts_a_helper_only_for_lines_no_cache_has(tmp_path) -> None:
    cache = tmp_path / "kiwi.json"
    earlier = KiwiAnalyser(cache)
    earlier("개인정보를 파기합니다\n쿠키를 거부할 수 있습니다")
    earlier.save()
    analyser = KiwiAnalyser(cache)  # the next build
    try:
        analyser.prefetch([search_ko.plain_text("<p>개인정보를 파기합니다</p><p>쿠키를 거부할 수 있습니다</p>")])
        assert analyser._helper is None
        analyser.prefetch([search_ko.plain_text("<p>개인정보를 파기합니다</p><p>보유 기간이 끝나면 파기합니다</p>")])
        assert analyser._helper is not None
        assert [keys for keys, _ in analyser._pending] == [[kiwi._key("보유 기간이 끝나면 파기합니다")]]
        analyser.analyse_all(["보유 기간이 끝나면 파기합니다"])
        assert analyser._pending == [] and analyser._helper is None  # its work collected, the helper stopped
    finally:
        analyser.close()


def test_a_process_analyses_a_line_once_for_every_session_and_never_takes_a_planted_one_along(tmp_path) -> None:
    """What Kiwi said in this process is shared by the sessions that pass the same memory (PROCESS_ANALYSES);
    what a cache file says is not: it is data from anywhere."""
    shared: dict[str, tuple[kiwi.Morpheme, ...]] = {}
    first = KiwiAnalyser(tmp_path / "a.json", shared=shared)
    try:
        first.prefetch(["개인정보를 파기합니다"])
        first.analyse_all(["개인정보를 파기합니다"])
    finally:
        first.close()
    assert set(shared) == {kiwi._key("개인정보를 파기합니다")}
    second = KiwiAnalyser(tmp_path / "b.json", shared=shared)  # another site in the same process
    try:
        second.prefetch(["개인정보를 파기합니다"])
        assert second._helper is None  # nothing to ask Kiwi
        assert [m.form for m in second("개인정보를 파기합니다")][:2] == ["개인", "정보"]
    finally:
        second.close()
    # A cache file's analysis, even one that fits its line, stays that file's.
    planted = tmp_path / "planted.json"
    planted.write_text(json.dumps({"kiwipiepy": kiwi.kiwi_version(), "format": kiwi.CACHE_FORMAT,
                                   "texts": {kiwi._key("쿠키"): [["쿠키", "NNG", 0, 2]]}}), encoding="utf-8")  # fmt: skip
    third = KiwiAnalyser(planted, shared=shared)
    third("쿠키")
    assert kiwi._key("쿠키") not in shared
