"""Behaviour of the diff core, asserted on parsed HTML rather than on strings."""

from __future__ import annotations

import doctest

import pytest
from bs4 import BeautifulSoup, Tag
from lxml import etree

from policypress.diff import html as diff
from policypress.diff import sections

from policypress.diff import tokens
from policypress.diff.sections import ChangeKind, DiffLabels, SectionChange, SectionText, diff_sections
from policypress.diff.html import diff_html
from policypress.diff.tokens import diff_text_markdown, diff_tokens, tokenize

KO = DiffLabels(inserted="추가: ", deleted="삭제: ")
EN = DiffLabels(inserted="inserted: ", deleted="deleted: ")


def parse(fragment: str) -> BeautifulSoup:
    """Parse diff output, first checking it is well-formed (it must parse as XML)."""
    etree.fromstring(f"<div>{fragment}</div>")
    return BeautifulSoup(fragment, "html.parser")


def change_text(element: Tag) -> str:
    """Text of an <ins>/<del> without its screen-reader label."""
    return "".join(
        child.get_text() if isinstance(child, Tag) else str(child)
        for child in element.children
        if not (isinstance(child, Tag) and "pp-sr" in child.get("class", []))
    )


def changes(soup: BeautifulSoup | Tag, tag: str) -> list[str]:
    return [change_text(e) for e in soup.find_all(tag)]


def section(sid: str, title: str | None = None, body: str | None = None) -> SectionText:
    return SectionText(sid, title or f"Title {sid}", body or f"<p>Body of {sid}.</p>")


def summary(result: list[SectionChange]) -> list[tuple[str, str]]:
    return [(c.id, c.kind.value) for c in result]


# --- sections ---------------------------------------------------------------


def test_sections_aligned_by_id_keep_old_and_new() -> None:
    old = [section("a"), section("b", body="<p>old words</p>")]
    new = [section("a"), section("b", body="<p>new words</p>")]
    result = diff_sections(old, new, EN)
    assert summary(result) == [("a", "unchanged"), ("b", "changed")]
    assert result[1].old == old[1] and result[1].new == new[1]
    assert not any(c.moved or c.renamed for c in result)
    soup = parse(result[1].body_html)
    assert changes(soup, "del") == ["old"] and changes(soup, "ins") == ["new"]


def test_unchanged_section_keeps_body_and_escapes_title() -> None:
    old = [section("a", title="Cookies & <tags>", body='<p>See <a href="/x">this</a>.</p>')]
    (change,) = diff_sections(old, list(old), EN)
    assert change.kind is ChangeKind.UNCHANGED
    assert change.body_html == old[0].html
    assert parse(change.title_html).get_text() == "Cookies & <tags>"
    assert not parse(change.title_html).find(["ins", "del"])


def test_moved_section_is_one_change_and_only_it_is_flagged() -> None:
    old = [section(i) for i in "abcd"]
    new = [old[0], old[2], old[3], old[1]]
    result = diff_sections(old, new, EN)
    assert [c.id for c in result] == ["a", "c", "d", "b"]
    assert {c.id for c in result if c.moved} == {"b"}
    assert all(c.kind is ChangeKind.UNCHANGED for c in result)


def test_renamed_section_marks_the_title_word_diff() -> None:
    old = [section("cookies", title="쿠키의 운영")]
    new = [section("cookies", title="쿠키 및 로컬 저장소의 운영")]
    (change,) = diff_sections(old, new, KO)
    assert change.renamed and change.kind is ChangeKind.CHANGED and not change.moved
    soup = parse(change.title_html)
    assert changes(soup, "ins") == [" 및 로컬 저장소"]
    assert not soup.find("del")
    assert change.body_html == new[0].html


def test_added_and_removed_sections_are_placed_by_old_order() -> None:
    old = [section(i) for i in ["first", "a", "b", "c", "d"]]
    new = [section("a"), section("x"), section("c")]
    result = diff_sections(old, new, EN)
    assert summary(result) == [
        ("first", "removed"),  # nothing preceded it: placed first
        ("a", "unchanged"),
        ("b", "removed"),  # after "a", which preceded it in the old order
        ("x", "added"),
        ("c", "unchanged"),
        ("d", "removed"),
    ]
    removed = result[2]
    assert removed.old == old[2] and removed.new is None
    assert changes(parse(removed.body_html), "del") == ["Body of b."]
    added = result[3]
    assert added.old is None and added.new == new[1]
    assert changes(parse(added.body_html), "ins") == ["Body of x."]


def test_duplicate_section_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        diff_sections([section("a"), section("a")], [], EN)


# --- words ------------------------------------------------------------------


def test_korean_particle_change_marks_only_the_particle() -> None:
    soup = parse(
        diff_html("<p>본원은 개인정보를 보관합니다.</p>", "<p>본원은 개인정보는 보관합니다.</p>", KO)
    )
    assert changes(soup, "del") == ["를"]
    assert changes(soup, "ins") == ["는"]
    assert soup.p is not None
    assert soup.p.get_text() == "본원은 개인정보삭제: 를추가: 는 보관합니다."


@pytest.mark.parametrize(
    ("old", "new", "deleted", "inserted"),
    [
        ("보유기간은 3년간입니다.", "보유기간은 5년간입니다.", "3", "5"),
        ("전화: 02-3444-2080번", "전화: 02-3444-2081번", "2080", "2081"),
    ],
)
def test_korean_number_change_inside_a_word(old: str, new: str, deleted: str, inserted: str) -> None:
    soup = parse(diff_html(f"<p>{old}</p>", f"<p>{new}</p>", KO))
    assert changes(soup, "del") == [deleted]
    assert changes(soup, "ins") == [inserted]


def test_english_diffs_whole_words() -> None:
    soup = parse(
        diff_html(
            "<p>We keep your records for three years.</p>",
            "<p>We keep your records for five years.</p>",
            EN,
        )
    )
    assert changes(soup, "del") == ["three"]
    assert changes(soup, "ins") == ["five"]


def test_rewritten_phrase_is_one_deletion_and_one_insertion() -> None:
    soup = parse(diff_html("<p>kept for three long years</p>", "<p>kept for five short months</p>", EN))
    assert changes(soup, "del") == ["three long years"]
    assert changes(soup, "ins") == ["five short months"]


def test_tokens_keep_latin_words_and_split_hangul_syllables() -> None:
    assert tokenize("Privacy 처리방침 2026!") == ["Privacy", " ", "처", "리", "방", "침", " ", "2026", "!"]
    parts = diff_tokens("개인정보를 보관", "개인정보는 보관")
    assert parts == [("equal", "개인정보"), ("delete", "를"), ("insert", "는"), ("equal", " 보관")]


def test_labels_are_the_first_child_of_every_change() -> None:
    soup = parse(diff_html("<p>하나 둘</p><p>지워질 문단</p>", "<p>하나 셋</p><p>새 문단</p>", KO))
    marks = soup.find_all(["ins", "del"])
    assert marks
    for mark in marks:
        label = mark.find("span", class_="pp-sr")
        assert label is not None and mark.contents[0] is label
        assert label.get_text() == ("추가: " if mark.name == "ins" else "삭제: ")
        assert mark["class"] == ["pp-ins" if mark.name == "ins" else "pp-del"]


def test_text_is_escaped_exactly_once() -> None:
    out = diff_html("<p>a &lt; b &amp; c</p>", "<p>a &lt; d &amp; c</p>", EN)
    soup = parse(out)
    assert changes(soup, "del") == ["b"] and changes(soup, "ins") == ["d"]
    for tag in soup.find_all(["ins", "del"]):
        tag.decompose()
    assert soup.get_text() == "a <  & c"
    labels = DiffLabels(inserted="<ins>: ", deleted="a&b: ")
    soup = parse(diff_html("<p>x &amp; y</p>", "<p>x &amp; z</p>", labels))
    assert [s.get_text() for s in soup.select(".pp-sr")] == ["a&b: ", "<ins>: "]


def test_markdown_text_diff() -> None:
    assert diff_text_markdown("개인정보를 3년간", "개인정보는 5년간") == "개인정보~~를~~**는** ~~3~~**5**년간"
    # "~~" between punctuation and a letter would not count in CommonMark: HTML elements instead.
    assert diff_text_markdown("keep *all* data", "keep all data") == "keep <del>\\*</del>all<del>\\*</del> data"
    assert diff_text_markdown("a b", "a new b") == "a **new** b"
    # Markers never span lines or touch whitespace; list syntax is escaped.
    assert diff_text_markdown("첫 줄\n둘째", "첫 줄\n\n- 새 항목") == "첫 줄\n~~둘째~~\n\n**\\- 새 항목**"


# --- blocks -----------------------------------------------------------------

TABLE = """<table>
<thead><tr><th>항목</th><th>보유기간</th></tr></thead>
<tbody>
<tr><td>진료기록부</td><td>10년</td></tr>
<tr><td>처방전</td><td>{period}</td></tr>
{extra}</tbody>
</table>"""


def table_shape(soup: BeautifulSoup) -> list[list[str]]:
    return [[cell.name for cell in row.find_all(["td", "th"])] for row in soup.find_all("tr")]


def test_table_cell_change_stays_in_its_cell() -> None:
    old = TABLE.format(period="2년", extra="")
    new = TABLE.format(period="3년", extra="")
    soup = parse(diff_html(old, new, KO))
    assert table_shape(soup) == table_shape(BeautifulSoup(new, "html.parser"))
    assert soup.table is not None and soup.table.thead is not None and soup.table.tbody is not None
    (ins,) = soup.find_all("ins")
    (dele,) = soup.find_all("del")
    cell = soup.find_all("tr")[2].find_all("td")[1]
    assert ins.parent is cell and dele.parent is cell
    assert change_text(ins) == "3" and change_text(dele) == "2"


def test_table_rows_inserted_and_deleted_keep_their_cells() -> None:
    row = "<tr><td>쿠키</td><td>1년</td></tr>\n"
    soup = parse(diff_html(TABLE.format(period="2년", extra=""), TABLE.format(period="2년", extra=row), KO))
    added = soup.find_all("tr")[3]
    assert [change_text(c.ins) for c in added.find_all("td")] == ["쿠키", "1년"]
    soup = parse(diff_html(TABLE.format(period="2년", extra=row), TABLE.format(period="2년", extra=""), KO))
    assert soup.tbody is not None
    rows = soup.tbody.find_all("tr")
    assert len(rows) == 3 and len(soup.find_all("table")) == 1
    assert [change_text(c.find("del")) for c in rows[2].find_all("td")] == ["쿠키", "1년"]


LIST = "<ul>\n<li>이름</li>\n<li>연락처</li>\n<li>주소</li>\n</ul>"


def test_list_item_inserted() -> None:
    soup = parse(diff_html(LIST, LIST.replace("<li>주소</li>", "<li>이메일</li>\n<li>주소</li>"), KO))
    assert len(soup.find_all("ul")) == 1
    items = soup.find_all("li")
    assert [li.get_text() for li in items] == ["이름", "연락처", "추가: 이메일", "주소"]
    assert items[2].ins is not None and change_text(items[2].ins) == "이메일"


def test_list_item_removed() -> None:
    soup = parse(diff_html(LIST, LIST.replace("<li>연락처</li>\n", ""), KO))
    assert len(soup.find_all("ul")) == 1
    items = soup.find_all("li")
    assert len(items) == 3
    assert items[1].find("del") is not None and change_text(items[1].find("del")) == "연락처"
    assert not items[0].find(["ins", "del"]) and not items[2].find(["ins", "del"])


def test_list_item_changed_in_place() -> None:
    soup = parse(diff_html(LIST, LIST.replace("연락처", "휴대전화 연락처"), KO))
    items = soup.find_all("li")
    assert len(items) == 3
    assert changes(items[1], "ins") == ["휴대전화 "] and not items[1].find("del")


def test_whole_list_removed_keeps_list_markup() -> None:
    soup = parse(diff_html("<p>앞</p>" + LIST + "<p>뒤</p>", "<p>앞</p><p>뒤</p>", KO))
    assert [child.name for child in soup.children if isinstance(child, Tag)] == ["p", "ul", "p"]
    assert changes(soup.ul, "del") == ["이름", "연락처", "주소"]  # type: ignore[arg-type]


def test_deleted_paragraph_is_a_paragraph_of_deleted_text() -> None:
    old = "<p>첫 문단입니다.</p>\n<p>이 문단은 <strong>삭제</strong>됩니다.</p>\n<p>마지막 문단.</p>"
    new = "<p>첫 문단입니다.</p>\n<p>마지막 문단.</p>"
    soup = parse(diff_html(old, new, KO))
    paragraphs = soup.find_all("p")
    assert len(paragraphs) == 3
    middle = paragraphs[1]
    assert middle.contents == [middle.find("del")]
    assert change_text(middle.find("del")) == "이 문단은 삭제됩니다."
    assert not paragraphs[0].find(["ins", "del"]) and not paragraphs[2].find(["ins", "del"])


def test_unrelated_paragraph_is_replaced_not_word_diffed() -> None:
    soup = parse(diff_html("<p>Cookies are never used.</p>", "<p>본원은 쿠키를 사용합니다.</p>", KO))
    paragraphs = soup.find_all("p")
    assert [p.contents[0].name for p in paragraphs] == ["del", "ins"]


def test_similar_block_is_paired_across_an_unrelated_deletion() -> None:
    old = "<p>Cookies are never used.</p><p>본원은 개인정보를 3년간 보관합니다.</p>"
    new = "<p>본원은 개인정보를 5년간 보관합니다.</p>"
    soup = parse(diff_html(old, new, KO))
    first, second = soup.find_all("p")
    assert first.contents == [first.find("del")]
    assert changes(second, "del") == ["3"] and changes(second, "ins") == ["5"]


def test_long_rewrite_pairs_blocks_by_position() -> None:
    count = 150  # past the quadratic pairing bound
    old = "".join(f"<p>항목 {i}번은 3년간 보관합니다.</p>" for i in range(count))
    new = "".join(f"<p>항목 {i}번은 5년간 보관합니다.</p>" for i in range(count))
    soup = parse(diff_html(old, new, KO))
    paragraphs = soup.find_all("p")
    assert len(paragraphs) == count
    assert all(changes(p, "del") == ["3"] and changes(p, "ins") == ["5"] for p in paragraphs)


def test_link_in_unchanged_block_is_preserved() -> None:
    link = '<p>자세한 내용은 <a href="https://www.law.go.kr/?a=1&amp;b=2" title="법령">개인정보 보호법</a>을 참고하세요.</p>'
    soup = parse(diff_html(link + "<p>예전 문장</p>", link + "<p>새 문장</p>", KO))
    anchor = soup.find("a")
    assert anchor is not None
    assert anchor["href"] == "https://www.law.go.kr/?a=1&b=2" and anchor["title"] == "법령"
    assert anchor.get_text() == "개인정보 보호법"
    assert not soup.find_all("p")[0].find(["ins", "del"])


def test_inline_markup_survives_in_changed_block() -> None:
    soup = parse(
        diff_html(
            '<p>See <a href="/law">the act</a> for <strong>three</strong> years.</p>',
            '<p>See <a href="/law">the act</a> for <strong>five</strong> years.</p>',
            EN,
        )
    )
    assert soup.find("a", href="/law") is not None and soup.find("a").get_text() == "the act"
    assert soup.find("ins").find("strong").get_text() == "five"
    assert soup.find("del").find("strong").get_text() == "three"


def test_line_breaks_and_blockquotes_and_rules() -> None:
    old = "<blockquote><p>인용 하나</p></blockquote><p>주소<br>\n서울</p><hr>"
    new = "<blockquote><p>인용 둘</p></blockquote><p>주소<br>\n부산</p><hr>"
    soup = parse(diff_html(old, new, KO))
    assert soup.blockquote is not None and changes(soup.blockquote, "ins") == ["둘"]
    paragraph = soup.find_all("p")[1]
    assert paragraph.find("br") is not None and changes(paragraph, "ins") == ["부산"]
    assert soup.find("hr") is not None


def test_old_ids_are_dropped_so_anchors_stay_unique() -> None:
    soup = parse(diff_html('<h3 id="a">Old heading</h3><p>x</p>', '<h3 id="a">New title</h3><p>x</p>', EN))
    assert [h.get("id") for h in soup.find_all("h3")] == ["a"]
    soup = parse(diff_html('<h3 id="gone">Gone</h3><p>x</p>', "<p>x</p>", EN))
    assert soup.find(id="gone") is None and changes(soup, "del") == ["Gone"]


def test_identical_fragments_have_no_marks() -> None:
    fragment = TABLE.format(period="2년", extra="") + LIST
    soup = parse(diff_html(fragment, fragment, KO))
    assert not soup.find(["ins", "del"])
    assert table_shape(soup) == table_shape(BeautifulSoup(fragment, "html.parser"))


def test_docstring_examples() -> None:
    for module in (diff, sections, tokens):
        assert doctest.testmod(module).failed == 0
