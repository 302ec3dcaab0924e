"""KWCAG 2.2, the items that matter for a policy page, checked on the built site (issue 25, item 6).

In the HTML of every page: 7.1.1 the page's language (and Korean words on an
English page marked as Korean), 6.4.1 a skip link that lands in the text,
6.4.2 a title, 5.3.1 tables with a title and header cells. In Chromium: the
skip link is the first stop of the keyboard and takes it to the text; 5.4.3
text contrast of at least 4.5:1 with the parts a reader opens opened; no page
scrolls sideways at 390 px, a wide table in policy text included (it scrolls
in its own box). 5.4.1, diff marks that do not rely on colour, is in
test_accessibility.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import SITES, build, cli_env, copy_project, run_cli, soup
from tests.quality.checks import format_violations, kwcag_problems, run_axe, serious_violations
from tests.quality.conftest import LANGUAGES, PAGE_TYPES, STATES, open_page

#: Every page type, and the site's own pages that frame them.
PAGES = {**PAGE_TYPES, "authors": "authors/", "not-found": "404.html"}
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}

# A wide table, as real policies list what they collect: six columns of long words.
WIDE_TABLE = {
    "ko": "표: 수집하는 개인정보 항목과 목적, 보유 기간\n"
    "| 구분 | 수집 항목 | 수집 목적 | 보유 기간 | 근거 법령 | 파기 방법 |\n|---|---|---|---|---|---|\n"
    "| 진료예약 | 성명, 휴대전화번호, 생년월일, 예약희망일시 | 진료예약 및 예약확인 안내 | 예약일로부터 1년 | 의료법시행규칙 | 전자적파일영구삭제 |\n",
    "en": "Table: Personal information collected, why, and for how long\n"
    "| Category | Items collected | Purpose of collection | Retention period | Legal basis | Method of destruction |\n"
    "|---|---|---|---|---|---|\n"
    "| Appointments | Name, mobile phone number, date of birth, preferred date and time | Booking and confirming "
    "appointments | 1 year from the appointment | Enforcement Rule of the Medical Service Act | Permanent deletion of electronic files |\n",
}


def _with_table(text: str, code: str) -> str:
    """A version file's text with the wide table added to its first section's body in language ``code``."""
    marker = {"ko": "      ko: ", "en": "      en: "}[code]
    start = text.index(marker)
    end = text.index("\n", start)
    line = text[start:end]
    body = line[len(marker):]
    indented = "\n".join("        " + row for row in WIDE_TABLE[code].splitlines())
    return text[:start] + f"{marker}|\n        {body}\n\n{indented}" + text[end:]


@pytest.fixture(scope="module")
def table_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal site with a wide table in its policy text, in both languages."""
    project = copy_project(SITES / "minimal", tmp_path_factory.mktemp("kwcag"))
    for version in (project / "docs" / "terms" / "versions").glob("*.yml"):
        text = version.read_text(encoding="utf-8")
        version.write_text(_with_table(_with_table(text, "ko"), "en"), encoding="utf-8")
    # The text as locked before its announcement: this policy was always written with the table.
    (project / "docs" / "terms" / "versions.lock").unlink()
    run_cli("lock", cwd=project, env=cli_env(POLICYPRESS_AS_OF="2023-12-01"), check=True)
    return build(project, as_of="2024-02-01")


# -- in the HTML of every page ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("state", STATES)
def test_every_page_meets_the_items_seen_in_its_html(site, state: str) -> None:
    assert kwcag_problems(site(state), LANGUAGES) == []


def test_a_table_in_policy_text_has_its_title_and_header_cells(table_site: Path) -> None:
    for prefix, caption, heads in (
        ("", "수집하는 개인정보 항목과 목적, 보유 기간", ["구분", "수집 항목", "수집 목적", "보유 기간", "근거 법령", "파기 방법"]),
        ("en/", "Personal information collected, why, and for how long",
         ["Category", "Items collected", "Purpose of collection", "Retention period", "Legal basis", "Method of destruction"]),
    ):  # fmt: skip
        [table] = soup(table_site / prefix / "terms" / "index.html").select("article table")
        assert table.caption.get_text(strip=True) == caption
        assert [(th.get_text(strip=True), th.get("scope")) for th in table.select("thead th")] == [(h, "col") for h in heads]
    # (This small site names itself in Korean only, so its English pages have Korean in the header: not what is tested here.)
    assert [problem for problem in kwcag_problems(table_site, LANGUAGES) if "5.3.1" in problem] == []


@pytest.mark.slow
def test_the_checker_reports_each_item_a_page_breaks(site, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site("normal"), copy)

    def edit(relative: str, old: str, new: str) -> None:
        path = copy / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("privacy/index.html", '<html lang="ko"', '<html lang="en"')
    edit("en/privacy/index.html", "</article>", "<p>원문</p><table><tr><td>1</td></tr></table></article>")
    edit("privacy/history/index.html", 'class="md-skip"', 'class="md-skip-not"')
    page = soup(copy / "updates/index.html")
    target = page.select_one("a.md-skip")["href"]
    edit("updates/index.html", f'href="{target}" class="md-skip"', 'href="#nowhere" class="md-skip"')
    version = copy / "privacy/2023-12-01/index.html"
    version.write_text(re.sub(r"<title>[^<]*</title>", "<title> </title>", version.read_text(encoding="utf-8")), encoding="utf-8")
    assert kwcag_problems(copy, LANGUAGES) == [
        "en/privacy/index.html: 7.1.1: Korean text without lang=\"ko\": '원문' in <p>",
        "en/privacy/index.html: 5.3.1: table 1 has no title (<caption>)",
        "en/privacy/index.html: 5.3.1: table 1 has no header cells (<th>)",
        "privacy/2023-12-01/index.html: 6.4.2: the page has no title",
        "privacy/history/index.html: 6.4.1: no link to skip to the text (a.md-skip with a #target), found ''",
        "privacy/index.html: 7.1.1: <html lang> is 'en', expected 'ko'",
        "updates/index.html: 6.4.1: the skip link's target #nowhere is not on the page",
    ]


# -- in Chromium -------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_the_first_key_press_offers_the_skip_link_and_it_lands_in_the_text(browser_context, base_url, kind: str, lang: str) -> None:
    # The notice window: the banner, with its own links and button, comes after the skip link. A new tab: its first Tab.
    opened = open_page(browser_context, base_url("notice") + LANGUAGES[lang] + PAGES[kind], wait="load")
    try:
        page = opened.page
        page.keyboard.press("Tab")
        first = page.evaluate(
            "() => { const el = document.activeElement; const box = el.getBoundingClientRect();"
            " return {skip: el.classList.contains('md-skip'), href: el.getAttribute('href'), seen: box.width > 1 && box.height > 1,"
            " before: !!document.querySelector('.md-banner') && !!(el.compareDocumentPosition(document.querySelector('.md-banner'))"
            " & Node.DOCUMENT_POSITION_FOLLOWING)} }"
        )
        assert first["skip"], f"the first Tab stop is not the skip link: {first}"
        assert first["seen"], "the skip link shows when it has the focus"
        if kind == "not-found":  # a theme template: no block comes before Material's banner, so the notice is in its text
            assert page.locator("article .pp-banner--in-text a[href$='changes/']").count() >= 1, "the 404 page lost the notice"
        else:
            assert first["before"], "the skip link comes before the notice banner"
        page.keyboard.press("Enter")
        landed = page.evaluate(
            "(id) => { const el = document.getElementById(id); const box = el.getBoundingClientRect();"
            " return {inText: !!el.closest('article'), top: box.top, height: innerHeight} }",
            first["href"][1:] if first["href"].startswith("#") else first["href"],
        )
        assert landed["inText"] and 0 <= landed["top"] < landed["height"] / 2, f"the skip link did not bring the text into view: {landed}"
    finally:
        opened.page.close()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_text_contrast_is_at_least_4_5_to_1_with_everything_opened(browser, base_url, axe_js, lang: str, size: str) -> None:
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    problems = []
    try:
        page = context.new_page()  # one tab, as a reader goes from page to page (a new tab per page only adds time)
        for kind in ("policy", "new-version", "changes", "history", "not-found"):
            url = base_url("notice") + LANGUAGES[lang] + PAGES[kind]
            page.goto(url, wait_until="load")
            # What a reader opens: the list of versions, and the notice banner's long text on a phone.
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            page.add_script_tag(path=str(axe_js))
            violations = page.evaluate(
                "async () => (await axe.run(document, {runOnly: ['color-contrast'], resultTypes: ['violations']})).violations"
            )
            if violations:
                problems.append(f"{url}:\n{format_violations(violations)}")
    finally:
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_no_page_scrolls_sideways_on_a_phone(browser, base_url, lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    wide = []
    try:
        page = context.new_page()
        for state in ("notice", "normal"):
            for kind, path in PAGES.items():
                page.goto(base_url(state) + LANGUAGES[lang] + path, wait_until="load")
                page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
                width = page.evaluate("() => document.documentElement.scrollWidth")
                if width > 390:
                    wide.append(f"{state} {kind}: {width} px wide")
    finally:
        context.close()
    assert wide == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.browser
@pytest.mark.slow
def test_a_wide_table_scrolls_in_its_own_box_on_a_phone_not_the_page(browser, serve, axe_js, table_site: Path, lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(serve(table_site) + LANGUAGES[lang] + "terms/", wait_until="networkidle")
        measured = page.evaluate(
            """() => {
                const table = document.querySelector('article table');
                let box = table;  // the element that scrolls: the table itself or Material's wrapper
                while (box && box.scrollWidth <= box.clientWidth + 1) box = box.parentElement;
                return {page: document.documentElement.scrollWidth, table: table.scrollWidth,
                        scroller: box ? getComputedStyle(box).overflowX : null, inArticle: !!(box && box.closest('article'))};
            }"""
        )
        assert measured["table"] > 390, f"the table should be wider than a phone for this test to mean anything: {measured}"
        assert measured["page"] <= 390, f"the page scrolls sideways: {measured}"
        assert measured["scroller"] in ("auto", "scroll") and measured["inArticle"], f"the table does not scroll in its own box: {measured}"
        violations = serious_violations(run_axe(page, axe_js))
        assert not violations, format_violations(violations)
    finally:
        context.close()
