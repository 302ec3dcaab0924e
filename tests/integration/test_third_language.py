"""A third language (Japanese) added to a site whose versions are published: a translation added, never an erratum
(issue 27, item 3). The lock records each language's text; the binding text and every other language stay as
published, and the build speaks Japanese end to end: catalogs, Babel's dates, search, hreflang."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.etree import ElementTree
from typing import Any

import pytest
import yaml

from tests.conftest import SITES, cli_env, commit, copy_project, run_cli, soup

pytestmark = pytest.mark.slow

TODAY = "2024-04-01"  # both versions of the minimal site are published (2024-01-01 in force since, 2024-03-01 too)
JA = "（日本語訳）"


def _translated(texts: Any) -> Any:
    """A ``{ko: …, en: …}`` map with a Japanese text too (the English words, marked: the facts stay the same)."""
    if isinstance(texts, dict) and set(texts) == {"ko", "en"}:
        return {**texts, "ja": f"{JA}{texts['en']}"}
    return texts


def add_japanese(project: Path) -> None:
    """What an editor does: Japanese in mkdocs.yml, a home page, and every text of every policy file."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "        - {locale: en, name: English, build: true}\n",
            "        - {locale: en, name: English, build: true}\n        - {locale: ja, name: 日本語, build: true}\n",
        ),
        encoding="utf-8",
    )
    (project / "docs/index.ja.md").write_text("# テストサイト\n\n[利用規約](terms/index.md)\n", encoding="utf-8")
    policy = project / "docs/terms/policy.yml"
    meta = yaml.safe_load(policy.read_text(encoding="utf-8"))
    meta["title"]["ja"], meta["owner"]["ja"] = "利用規約", "テスト株式会社"
    policy.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for path in sorted((project / "docs/terms/versions").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = {key: _translated(value) for key, value in data.items()}
        data["sections"] = [{key: _translated(value) for key, value in section.items()} for section in data["sections"]]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def japanese(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The minimal site before and after Japanese was added, with what each command said on the way."""
    base = copy_project(SITES / "minimal", tmp_path_factory.mktemp("ja") / "base")
    commit(base)
    head = copy_project(base, base.parent / "head")
    add_japanese(head)
    env = cli_env(POLICYPRESS_AS_OF=TODAY)
    before_lock = run_cli("check", cwd=head, env=env)
    locked = run_cli("lock", cwd=head, env=env)
    checked = run_cli("check", "--strict", cwd=head, env=env)
    built = run_cli("build", cwd=head, env=env)
    return {"base": base, "head": head, "before_lock": before_lock, "locked": locked, "checked": checked, "built": built, "env": env}


def test_a_translation_not_yet_recorded_is_named_as_one_not_as_a_changed_text(japanese: dict[str, Any]) -> None:
    result = japanese["before_lock"]
    assert result.returncode == 1
    assert "changed since it was locked" not in result.stderr and "lock --erratum" not in result.stderr
    assert result.stderr.splitlines() == [
        "docs/terms/policy.yml:4:7: title of terms has text in ja that versions.lock does not record; its other languages "
        "are as locked: run `policypress lock` to record the translation",
        "docs/terms/policy.yml:8:7: owner of terms has text in ja that versions.lock does not record; its other languages "
        "are as locked: run `policypress lock` to record the translation",
        *(
            f"docs/terms/versions/{slug}.yml:{line}: published version {slug} of terms has text in ja that versions.lock does "
            "not record; its other languages are as published: run `policypress lock` to record the translation, dated, on "
            "its history (a translation added is not an erratum)"
            for slug, line in (("2024-01-01", "6:7"), ("2024-03-01", "7:7"))
        ),
        "4 errors",
    ]


def test_lock_records_each_translation_dated_and_no_erratum(japanese: dict[str, Any]) -> None:
    assert japanese["locked"].returncode == 0, japanese["locked"].stderr
    assert japanese["locked"].stdout.splitlines() == [
        "recorded the translation of the title of terms into ja",
        "recorded the translation of the owner of terms into ja",
        "recorded the translation of terms 2024-01-01 into ja, added today; its other languages are as published",
        "recorded the translation of terms 2024-03-01 into ja, added today; its other languages are as published",
    ]
    lock = json.loads((japanese["head"] / "docs/terms/versions.lock").read_text(encoding="utf-8"))
    base = json.loads((japanese["base"] / "docs/terms/versions.lock").read_text(encoding="utf-8"))
    for slug, entry in lock["versions"].items():
        assert "errata" not in entry
        [translation] = entry["translations"]
        assert (translation["language"], translation["date"]) == ("ja", TODAY)
        assert translation["old"] == base["versions"][slug]["hash"]  # the text as published, in ko and en
        assert translation["new"] == entry["hash"] and entry["languages"] == ["en", "ja", "ko"]
        assert entry["locked"] == base["versions"][slug]["locked"]  # the day it was first locked never changes
    assert japanese["checked"].returncode == 0, japanese["checked"].stderr
    assert japanese["checked"].stdout == "ok: 1 policy, 2 versions\n"


def test_the_history_says_when_each_translation_was_added_in_every_language(japanese: dict[str, Any]) -> None:
    assert japanese["built"].returncode == 0, japanese["built"].stderr
    site = japanese["head"] / "site"
    for prefix, said in (
        ("", "2024년 4월 1일 일본어 번역 추가"),
        ("en/", "Japanese translation added on April 1, 2024"),
        ("ja/", "2024年4月1日に日本語訳を追加"),
    ):
        history = soup(site / prefix / "terms/history/index.html")
        assert history.select(".pp-erratum") == [], prefix
        for slug in ("2024-01-01", "2024-03-01"):
            assert [p.get_text(strip=True) for p in history.select(f"#v{slug} .pp-translation")] == [said], (prefix, slug)


def test_japanese_pages_speak_japanese_with_babel_dates_search_and_alternates(japanese: dict[str, Any]) -> None:
    site = japanese["head"] / "site"
    page = soup(site / "ja/terms/index.html")
    assert page.html["lang"] == "ja"
    assert page.select_one("article h1").contents[0].strip() == "利用規約"
    assert page.select_one(".pp-dates time[datetime='2024-03-01']").get_text() == "2024年3月1日"
    assert "施行中" in page.select_one(".pp-status").get_text()  # the package's Japanese catalog
    assert JA in page.select_one("article").get_text()
    for path in ("terms/index.html", "en/terms/index.html", "ja/terms/index.html", "ja/terms/history/index.html"):
        alternates = {link["hreflang"] for link in soup(site / path).select("link[rel=alternate][hreflang]")}
        assert {"ko", "en", "ja"} <= alternates, path
    index = json.loads((site / "ja/search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ja"]
    assert any(JA in doc["text"] for doc in index["docs"])
    feed = ElementTree.parse(site / "ja/feed.xml").getroot()
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ja"
    assert feed.findtext("{http://www.w3.org/2005/Atom}title") == "ポリシー改定情報"


def test_the_review_of_the_change_that_adds_japanese_finds_nothing_to_refuse(japanese: dict[str, Any]) -> None:
    """The judge (the base branch's code) accepts a translation added; it would refuse the same lock with a text changed."""
    head, base = japanese["head"], japanese["base"]
    review = run_cli("report", "-f", str(head / "mkdocs.yml"), "--base", str(base), cwd=base, env=japanese["env"])
    assert review.returncode == 0, review.stdout
    assert "erratum" not in review.stdout.split("### Changes")[0]


def test_a_text_changed_under_cover_of_a_translation_is_refused(japanese: dict[str, Any], tmp_path: Path) -> None:
    """A hostile change: Japanese added and a fact of the binding text changed, then `lock`: nothing is recorded."""
    project = copy_project(japanese["base"], tmp_path / "site")
    add_japanese(project)
    version = project / "docs/terms/versions/2024-03-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("5년간", "1년간"), encoding="utf-8")
    lock_file = project / "docs/terms/versions.lock"
    before = lock_file.read_bytes()
    locked = run_cli("lock", cwd=project, env=japanese["env"])
    checked = run_cli("check", cwd=project, env=japanese["env"])
    assert checked.returncode == 1
    assert 'published version 2024-03-01 changed since it was locked ("purpose"); published versions are immutable' in checked.stderr
    # The other version's translation is recorded; this one's text is not (its binding text changed).
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    assert "translations" not in data["versions"]["2024-03-01"] and len(data["versions"]["2024-01-01"]["translations"]) == 1
    assert locked.returncode == 0 and before != lock_file.read_bytes()


def test_a_translation_record_edited_by_hand_is_refused(japanese: dict[str, Any], tmp_path: Path) -> None:
    project = copy_project(japanese["head"], tmp_path / "site")
    lock_file = project / "docs/terms/versions.lock"
    data = json.loads(lock_file.read_text(encoding="utf-8"))
    entry = data["versions"]["2024-01-01"]
    entry["translations"][0]["language"] = "ko"  # claims the binding text was added later
    lock_file.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    checked = run_cli("check", cwd=project, env=japanese["env"])
    assert checked.returncode == 1
    assert (
        "versions.lock records the binding language (ko) of 2024-01-01 as a translation added on 2024-04-01; the binding "
        "text is the version itself: restore versions.lock from version control"
    ) in checked.stderr


def test_an_erratum_cannot_add_a_language(japanese: dict[str, Any], tmp_path: Path) -> None:
    project = copy_project(japanese["base"], tmp_path / "site")
    commit(project)
    add_japanese(project)
    version = project / "docs/terms/versions/2024-03-01.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("These terms set", "These Terms set"), encoding="utf-8")
    refused = run_cli("lock", "--erratum", "표현 정정", "terms", "2024-03-01", cwd=project, env=japanese["env"])
    assert refused.returncode == 1
    assert refused.stderr == (
        "error: nothing was recorded: the correction of terms 2024-03-01 changes which languages it is written in (added: ja; removed: none); an "
        "erratum corrects wording in the languages that were published. A translation added is recorded on its own by "
        "`policypress lock`: correct the text first without the new language, or record the translation first with the "
        "other languages as published\n"
    )


def test_dates_of_a_third_language_come_from_babel() -> None:
    from policypress.core.languages import Language
    from policypress.render.i18n import translator

    ja = translator(Language("ja", "日本語"))
    assert (ja.date(dt.date(2024, 3, 1)), ja.language_name("ko")) == ("2024年3月1日", "韓国語")


def test_japanese_pages_punctuate_as_japanese_does(japanese: dict[str, Any], tmp_path: Path) -> None:
    """The punctuation the templates put around words comes from the catalog: full-width in Japanese, as written in
    Korean and English (the site built while the adverse 2024-03-01 version was announced, so every page has its notice)."""
    project = copy_project(japanese["head"], tmp_path / "site")
    run_cli("build", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2024-02-01"), check=True)
    site = project / "site"

    def text(element: Any) -> str:
        return " ".join(element.get_text().split())

    page = soup(site / "ja/terms/index.html")
    head = page.select_one(".md-banner .pp-notice__before .pp-notice__head")
    # No space after 。 nor before （: a sentence runs into its link, its next sentence, a note.
    assert head.get_text() == "利用規約：2024年3月1日に改定されます。変更点を見る"
    assert text(page.select_one(".md-banner .pp-notice__summary strong.pp-adverse")) == "利用者にとって不利益な改定：施行の30 日前に告知。"
    assert page.select_one(".md-banner .pp-notice__summary").get_text().startswith("利用者にとって不利益な改定：施行の30 日前に告知。（日本語訳）")
    assert page.select_one(".pp-binding p:not(.admonition-title)").get_text().endswith("優先します。한국어 원문 보기")
    # The version in force until 03-01, as it reads from then (policypress.js shows this when the reader's clock passes it).
    assert page.select_one("article .pp-notice__after p").get_text().endswith("以下は以前の版です。現行のポリシーを見る・変更点を見る")
    assert text(page.select_one(".pp-versions summary")) == "利用規約のすべての版（2）"
    version = soup(site / "ja/terms/2024-03-01/index.html")
    assert version.select_one("title").get_text().startswith("利用規約（2024年3月1日）")
    compare = soup(site / "ja/terms/compare/index.html")
    assert [text(option) for option in compare.select("select option")][:2] == ["2024年3月1日（施行予定）", "2024年1月1日（施行中）"]
    assert [text(group) for group in compare.select(".pp-compare__group")] == ["2024年3月1日施行版との比較："]
    assert [item.get_text() for item in compare.select(".pp-compare__pairs li")] == ["2024年1月1日施行版（直前の版）"]
    assert version.select_one(".pp-versions__item[aria-current]").get_text() == "2024年3月1日から 施行予定（表示中の版）"
    # What a screen reader reads before each mark of a diff, and a changed title, in the same punctuation.
    changes = soup(site / "ja/terms/2024-03-01/changes/index.html")
    assert {label.get_text() for label in changes.select("article ins > .pp-sr, article del > .pp-sr")} == {"追加：", "削除："}
    assert [text(kind) for kind in changes.select(".pp-change__kind")][-1] == "変更 見出しの変更：（日本語訳）Contact追加： us"
    assert changes.select_one(".pp-summary").get_text() == "改定の理由および概要：（日本語訳）Longer retention"
    # Links, counts and lists are separated as Japanese separates them (・ and 、), from the catalog's separators.
    assert changes.select_one(".pp-counts").get_text() == "変更された条項2件、追加された条項0件、削除された条項0件、変更のない条項0件"
    assert soup(site / "ja/terms/history/index.html").select_one(".pp-history__links").get_text() == "全文・変更点"
    assert [item.get_text() for item in soup(site / "ja/updates/index.html").select(".pp-history__links")] == [
        "全文・変更点・改定履歴", "全文・改定履歴",
    ]  # fmt: skip
    notice = (site / "terms/2024-03-01/notice/ja.txt").read_text(encoding="utf-8").splitlines()
    assert {"公表日：2024年1月20日", "施行日：2024年3月1日", "改定後の全文：https://example.org/ja/terms/2024-03-01/"} <= set(notice)
    assert "変更された条項：（日本語訳）Purpose、（日本語訳）Contact us" in notice
    # Korean and English keep their own punctuation.
    assert text(soup(site / "en/terms/index.html").select_one(".md-banner .pp-notice__before .pp-notice__head")) == (
        "Terms of Service: changes on March 1, 2024. See what changes"
    )
    assert text(soup(site / "terms/index.html").select_one(".pp-versions summary")).endswith(" (2)")
    korean_changes = soup(site / "terms/2024-03-01/changes/index.html")
    assert {label.get_text() for label in korean_changes.select("article ins > .pp-sr, article del > .pp-sr")} == {"추가됨: ", "삭제됨: "}
    assert "Effective: March 1, 2024" in (site / "terms/2024-03-01/notice/en.txt").read_text(encoding="utf-8").splitlines()
    assert soup(site / "en/terms/history/index.html").select_one(".pp-history__links").get_text() == "Full text · What changed"
    assert "Sections changed: Purpose, Contact us" in (site / "terms/2024-03-01/notice/en.txt").read_text(encoding="utf-8").splitlines()
