"""The gettext catalogs are complete and current: every UI string is translated."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from policypress.core.languages import Language
from policypress.render.i18n import translator
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "policypress"
LOCALES = PACKAGE / "locales"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def extract(package: Path) -> Catalog:
    """What `scripts/i18n extract` extracts (see babel.cfg), as a catalog."""
    method_map = [("**.py", "python"), ("templates/**.j2", "jinja2")]
    options_map = {"templates/**.j2": {"extensions": "jinja2.ext.i18n", "trim_blocks": "True", "lstrip_blocks": "True"}}
    catalog = Catalog()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package), method_map, options_map, keywords=KEYWORDS
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def problems(extracted: Catalog, po_path: Path, *, require_translation: bool) -> list[str]:
    """Everything wrong with one language's catalog, one line each."""
    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in extracted:
        if not message.id:
            continue
        entry = catalog.get(message.id, context=message.context)
        key = message.id if isinstance(message.id, str) else message.id[0]
        if entry is None:
            found.append(f"missing: {key!r}")
            continue
        if entry.fuzzy:
            found.append(f"fuzzy: {key!r}")
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if require_translation and not all(strings):
            found.append(f"untranslated: {key!r}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        expected = set().union(*(placeholders(i) for i in ids))
        for string in strings:
            if string and placeholders(string) != expected:
                found.append(f"placeholders differ in {key!r}: {sorted(placeholders(string))} != {sorted(expected)}")
    return found


def test_korean_catalog_translates_every_string() -> None:
    assert problems(extract(PACKAGE), LOCALES / "ko/LC_MESSAGES/policypress.po", require_translation=True) == []


def test_japanese_catalog_translates_every_string_with_one_plural_form() -> None:
    """A third language ships whole (issue 27, item 3): every string, each plural one form as in Korean."""
    po = LOCALES / "ja/LC_MESSAGES/policypress.po"
    assert problems(extract(PACKAGE), po, require_translation=True) == []
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == 1
    ja = translator(Language("ja", "日本語"))
    assert ja.gettext("Takes effect on %(date)s.", date=ja.date(dt.date(2026, 12, 21))).startswith("2026年12月21日")
    assert ja.ngettext("%(num)d section changed", "%(num)d sections changed", 3).count("3") == 1


def test_english_catalog_lists_every_string() -> None:
    # msgids are English: an empty msgstr falls back to them, so only presence is required.
    assert problems(extract(PACKAGE), LOCALES / "en/LC_MESSAGES/policypress.po", require_translation=False) == []


def test_korean_plural_forms_have_one_form() -> None:
    with (LOCALES / "ko/LC_MESSAGES/policypress.po").open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.num_plurals == 1


def test_a_new_template_string_is_caught(tmp_path: Path) -> None:
    """The check above can fail: a template gains a string the Korean catalog lacks."""
    package = tmp_path / "policypress"
    shutil.copytree(PACKAGE / "templates", package / "templates")
    (package / "templates" / "pages" / "extra.md.j2").write_text('{{ _("A brand-new notice string") }}\n', encoding="utf-8")
    found = problems(extract(package), LOCALES / "ko/LC_MESSAGES/policypress.po", require_translation=True)
    assert found == ["missing: 'A brand-new notice string'"]


def test_placeholder_mismatch_is_caught(tmp_path: Path) -> None:
    po = tmp_path / "ko.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        'msgid "Takes effect on %(date)s."\nmsgstr "%(day)s에 시행됩니다."\n',
        encoding="utf-8",
    )
    catalog = Catalog()
    catalog.add("Takes effect on %(date)s.")
    assert problems(catalog, po, require_translation=True) == [
        "placeholders differ in 'Takes effect on %(date)s.': ['day'] != ['date']"
    ]


def test_translated_pages_use_the_catalog() -> None:
    from policypress.render.i18n import translator
    from policypress.core.languages import Language

    ko = translator(Language("ko", "한국어"))
    assert ko.gettext("Takes effect on %(date)s.", date="2026년 12월 21일") == "2026년 12월 21일에 시행됩니다."
    assert ko.ngettext("%(num)d section changed", "%(num)d sections changed", 3) == "변경된 조항 3개"
    en = translator(Language("en", "English"))
    assert en.ngettext("%(num)d section changed", "%(num)d sections changed", 1) == "1 section changed"
    assert en.ngettext("%(num)d section changed", "%(num)d sections changed", 3) == "3 sections changed"
    assert ko.days(7) == "7일" and en.days(7) == "7 days" and en.days(1) == "1 day"


def test_lists_of_links_are_joined_as_each_language_lists_and_stay_escaped() -> None:
    from markupsafe import Markup

    from policypress.core.languages import Language
    from policypress.render.i18n import translator

    ko = translator(Language("ko", "한국어"))
    en = translator(Language("en", "English"))
    links = [Markup('<a href="/a/">1월</a>'), Markup('<a href="/b/">2월</a>'), "<b>3월</b>"]
    assert ko.join_html(links) == '<a href="/a/">1월</a>, <a href="/b/">2월</a> 및 &lt;b&gt;3월&lt;/b&gt;'
    assert en.join_html(links[:2]) == '<a href="/a/">1월</a> and <a href="/b/">2월</a>'
    assert en.join_html(links) == '<a href="/a/">1월</a>, <a href="/b/">2월</a>, and &lt;b&gt;3월&lt;/b&gt;'
    assert ko.join_html(links[:1]) == '<a href="/a/">1월</a>'
    # A part is put in once, whatever it holds: text that looks like the join's own placeholders stays text.
    assert en.join_html([Markup("<i>\x001\x00</i>"), "x"]) == "<i>\x001\x00</i> and x"


def test_site_catalog_overrides_the_package(tmp_path: Path) -> None:
    from policypress.render.i18n import translator
    from policypress.core.languages import Language

    folder = tmp_path / "locales/ko/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "policypress.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: ko\\n"\n\nmsgid "In force"\nmsgstr "현행"\n', encoding="utf-8"
    )
    ko = translator(Language("ko", "한국어"), tmp_path / "locales")
    assert ko.gettext("In force") == "현행"
    assert ko.gettext("Upcoming") == "시행 예정"  # everything else still from the package
    # Korean has one plural form, with a site catalog merged in too ("9 sections changed" was printed in English).
    assert ko.ngettext("%(num)d section changed", "%(num)d sections changed", 9) == "변경된 조항 9개"


# 이/가, 을/를, 은/는, 과/와, 으로/로 depend on the last sound of the word before them;
# a placeholder can end either way, so a Korean string never attaches one to it.
FINAL_SOUND_PARTICLE = re.compile(r"%\(\w+\)s(?:이|가|을|를|은|는|과|와|으로|로)(?=[\s.,)]|$)")


def test_no_korean_particle_that_depends_on_the_word_follows_a_placeholder() -> None:
    with (LOCALES / "ko/LC_MESSAGES/policypress.po").open("rb") as handle:
        catalog = read_po(handle)
    wrong = [message.string for message in catalog if message.id and FINAL_SOUND_PARTICLE.search(str(message.string))]
    assert wrong == []
    assert FINAL_SOUND_PARTICLE.search("%(owner)s의 %(policy)s이 다음과 같이 변경됨을 알려 드립니다.")  # what it catches


def test_the_example_sites_own_strings_are_translated_in_its_catalog() -> None:
    """Every _() of overrides/ has its Korean in locales/ko (English is the msgid), and the catalogs compile."""
    method_map = [("**.html", "jinja2")]
    options_map = {"**.html": {"trim_blocks": "True", "lstrip_blocks": "True"}}
    used = {message for _, _, message, _, _ in extract_from_dir(str(ROOT / "overrides"), method_map, options_map, keywords=KEYWORDS)}
    assert {"Privacy contact", "Personal information manager", "Phone"} <= used
    with (ROOT / "locales/ko/LC_MESSAGES/policypress.po").open("rb") as handle:
        korean = {message.id: message.string for message in read_po(handle) if message.id}
    assert sorted(message for message in used if not korean.get(message)) == []
    # At least one of the package's own strings is reworded by the site.
    with (LOCALES / "ko/LC_MESSAGES/policypress.po").open("rb") as handle:
        package = {message.id: message.string for message in read_po(handle) if message.id}
    assert any(msgid in package and korean[msgid] != package[msgid] for msgid in korean)


def _site_catalog(tmp_path: Path, code: str, entries: str) -> Path:
    folder = tmp_path / "locales" / code / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    header = f'msgid ""\nmsgstr ""\n"Language: {code}\\n"\n"Content-Type: text/plain; charset=utf-8\\n"\n'
    (folder / "policypress.po").write_text(header + entries, encoding="utf-8")
    return tmp_path / "locales"


def test_a_site_rewording_keeps_every_placeholder_of_the_original(tmp_path: Path) -> None:
    """A notice without its date, a mistyped placeholder, a stray percent sign: each named at its line."""
    from policypress.render.i18n import catalog_problems

    locales = _site_catalog(
        tmp_path,
        "ko",
        "\n"  # line 5
        'msgid "changes on %(date)s."\nmsgstr "곧 변경됩니다."\n\n'  # 6
        'msgid "in effect since %(date)s."\nmsgstr "%(dat)s부터 시행 중입니다."\n\n'  # 9
        'msgid "In force"\nmsgstr "100% 시행"\n\n'  # 12
        'msgid "%(num)d section changed"\nmsgid_plural "%(num)d sections changed"\nmsgstr[0] "변경된 조항"\n\n'  # 15
        'msgid "Upcoming"\nmsgstr "%(date)s 시행 예정"\n\n'  # 19
        'msgid "Privacy contact: 100% answered"\nmsgstr "개인정보 문의: 100% 답변"\n\n'  # 22: the site's own string, never %-filled
        'msgid "Effective"\nmsgstr "시행일"\n\n'  # 25: as it should be
        '#, fuzzy\nmsgid "Announced"\nmsgstr "%(x)s"\n\n'  # 28: fuzzy, so gettext leaves it unused
        'msgid "See what changes"\nmsgstr "<img src=x onerror=alert(1)>변경 사항 보기"\n\n'  # 32: markup in every page
        'msgid "Read it"\nmsgstr "&lt;전문&gt; 보기 & 읽기"\n\n'  # 35: words, an entity and an ampersand are text
        'msgid "Privacy contact"\nmsgstr "<b>개인정보 문의</b>"\n',  # 38: the site's own string: its template escapes it
    )
    problems = catalog_problems(locales, ["ko", "en"])
    assert [problem.display(tmp_path) for problem in problems] == [
        'locales/ko/LC_MESSAGES/policypress.po:6: the translation of "changes on %(date)s." leaves out %(date)s: readers '
        "would not see what it stands for; keep every placeholder of the original",
        'locales/ko/LC_MESSAGES/policypress.po:9: the translation of "in effect since %(date)s." has %(dat)s where the '
        "original has %(date)s: write the original's placeholders as they are",
        'locales/ko/LC_MESSAGES/policypress.po:12: the translation of "In force" has a percent sign that is not a '
        "placeholder such as %(date)s: write it as %%",
        'locales/ko/LC_MESSAGES/policypress.po:15: the translation of "%(num)d section changed" leaves out %(num)d: '
        "readers would not see what it stands for; keep every placeholder of the original",
        'locales/ko/LC_MESSAGES/policypress.po:19: the translation of "Upcoming" has %(date)s, which the original does not '
        "have: use only the original's placeholders",
        'locales/ko/LC_MESSAGES/policypress.po:32: the translation of "See what changes" holds HTML (<img src=x '
        "onerror=alert(1)>): policypress's strings are words, shown as written on every page; write the words only "
        "(&lt; for a < readers should see)",
    ]
    assert {problem.severity for problem in problems} == {"error"}


def test_a_site_catalog_that_cannot_be_read_is_named_at_its_line(tmp_path: Path) -> None:
    from policypress.render.i18n import catalog_problems

    locales = _site_catalog(tmp_path, "en", '\nmsgid "In force"\nmsgstr "Current"\nIn force means current.\n')
    assert [problem.display(tmp_path) for problem in catalog_problems(locales, ["ko", "en"])] == [
        "locales/en/LC_MESSAGES/policypress.po:8: not a gettext catalog (unknown or misformatted keyword): each entry is a "
        "msgid line, then its msgstr"
    ]
    (locales / "en/LC_MESSAGES/policypress.po").write_bytes(b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\nmsgid "In force"\nmsgstr "\xff"\n')
    [problem] = catalog_problems(locales, ["en"])
    assert problem.display(tmp_path).startswith("locales/en/LC_MESSAGES/policypress.po: not a gettext catalog in UTF-8: ")
    # A plural rule gettext cannot read stopped the build with a traceback.
    (locales / "en/LC_MESSAGES/policypress.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1;\\n"\n', encoding="utf-8"
    )
    assert [problem.display(tmp_path) for problem in catalog_problems(locales, ["en"])] == [
        'locales/en/LC_MESSAGES/policypress.po:4: Plural-Forms: "nplurals=2; plural=(n != 1;" is not a rule gettext can read '
        "(unbalanced parenthesis in plural form)"
    ]


def test_the_package_s_own_catalogs_would_pass_as_a_site_s() -> None:
    from policypress.render.i18n import catalog_problems

    assert catalog_problems(LOCALES, ["ko", "en", "ja"]) == []
