"""Invariants of the diff core over generated Korean/English text."""

from __future__ import annotations

import html
from collections import Counter

from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from policypress.diff.sections import ChangeKind, DiffLabels, SectionText, diff_sections
from policypress.diff.html import diff_html
from policypress.diff.tokens import diff_tokens

FAST = settings(max_examples=200, deadline=None)
LABELS = DiffLabels(inserted="추가: ", deleted="삭제: ")

# Few distinct characters, so that generated texts share words and the diff
# has equal runs to align, not just one big replacement.
ALPHABET = st.sampled_from(
    list("개인정보를는은의 3년간보관합니다처리방침")
    + list("abc xyz Privacy")
    + list("0123456789")
    + list(".,-()<>&\"'*~_[]/:")
    + [" ", " ", "\n", "\t", "\xa0"]
)
TEXT = st.text(ALPHABET, max_size=40)


@FAST
@given(old=st.one_of(TEXT, st.text(max_size=30)), new=st.one_of(TEXT, st.text(max_size=30)))
def test_diff_tokens_reconstructs_both_sides(old: str, new: str) -> None:
    parts = diff_tokens(old, new)
    assert "".join(t for op, t in parts if op != "insert") == old
    assert "".join(t for op, t in parts if op != "delete") == new
    assert all(op in ("equal", "insert", "delete") and t for op, t in parts)
    assert all(a[0] != b[0] for a, b in zip(parts, parts[1:]))  # runs are coalesced


# Blocks are generated as data, rendered to HTML, and the new version is
# usually an edit of the old one, so that paired blocks and in-place word
# diffs are exercised, not only wholesale replacement.
Block = tuple[str, tuple]  # ("p", runs) | ("ul", items) | ("table", rows)
WRAPPERS = ["{}", "<strong>{}</strong>", "<em>{}</em>", '<a href="/x?a=1&amp;b=2">{}</a>', "{}<br>"]
PARAGRAPH = st.lists(st.tuples(TEXT, st.sampled_from(WRAPPERS)), min_size=1, max_size=3).map(
    lambda runs: ("p", tuple(runs))
)
BLOCK = st.one_of(
    PARAGRAPH,
    st.lists(TEXT, min_size=1, max_size=4).map(lambda items: ("ul", tuple(items))),
    st.lists(st.tuples(TEXT, TEXT), min_size=1, max_size=3).map(lambda rows: ("table", tuple(rows))),
)


def render(blocks: list[Block]) -> str:
    out = []
    for kind, body in blocks:
        if kind == "p":
            out.append("<p>" + "".join(w.format(html.escape(t)) for t, w in body) + "</p>")
        elif kind == "ul":
            out.append("<ul>\n" + "".join(f"<li>{html.escape(t)}</li>\n" for t in body) + "</ul>")
        else:
            cells = ("".join(f"<td>{html.escape(c)}</td>" for c in row) for row in body)
            out.append("<table><tbody>" + "".join(f"<tr>{r}</tr>" for r in cells) + "</tbody></table>")
    return "\n".join(out)


@st.composite
def edited_text(draw: st.DrawFn, text: str) -> str:
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 8)))
    return text[:start] + draw(st.text(ALPHABET, max_size=6)) + text[end:]


@st.composite
def edited(draw: st.DrawFn, block: Block) -> Block:
    kind, body = block
    i = draw(st.integers(0, len(body) - 1))
    if kind == "p":
        text, wrapper = body[i]
        return kind, (*body[:i], (draw(edited_text(text)), wrapper), *body[i + 1 :])
    action = draw(st.sampled_from(["edit", "drop", "add"]))
    if action == "drop" and len(body) > 1:
        return kind, body[:i] + body[i + 1 :]
    if action == "add":
        return kind, (*body[:i], draw(TEXT if kind == "ul" else st.tuples(TEXT, TEXT)), *body[i:])
    if kind == "ul":
        return kind, (*body[:i], draw(edited_text(body[i])), *body[i + 1 :])
    row = list(body[i])
    j = draw(st.integers(0, 1))
    row[j] = draw(edited_text(row[j]))
    return kind, (*body[:i], tuple(row), *body[i + 1 :])


@st.composite
def versions(draw: st.DrawFn, block: st.SearchStrategy[Block]) -> tuple[str, str]:
    old = draw(st.lists(block, max_size=5))
    if draw(st.integers(0, 3)) == 0:  # unrelated versions now and then
        return render(old), render(draw(st.lists(block, max_size=5)))
    new: list[Block] = []
    for item in old:
        action = draw(st.sampled_from(["keep", "edit", "edit", "drop", "insert"]))
        if action == "insert":
            new.append(draw(block))
        if action != "drop":
            new.append(draw(edited(item)) if action == "edit" else item)
    return render(old), render(new)


def block_texts(fragment: str, drop: tuple[str, ...] = ()) -> list[str]:
    """Whitespace-normalised text of each non-empty <p>, minus `drop` tags."""
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.select(", ".join((".pp-sr", *drop))):
        element.decompose()
    for element in soup.find_all("br"):
        element.replace_with(" ")
    texts = (" ".join(p.get_text().split()) for p in soup.find_all("p"))
    return [t for t in texts if t]


@FAST
@given(pair=versions(PARAGRAPH))
def test_diff_html_keeps_both_sides_text(pair: tuple[str, str]) -> None:
    old_html, new_html = pair
    out = diff_html(old_html, new_html, LABELS)
    etree.fromstring(f"<div>{out}</div>")  # well-formed
    assert block_texts(out, ("ins",)) == block_texts(old_html)
    assert block_texts(out, ("del",)) == block_texts(new_html)


def flat_text(fragment: str, drop: tuple[str, ...] = ()) -> str:
    """All text in document order with whitespace removed, minus `drop` tags."""
    soup = BeautifulSoup(fragment, "html.parser")
    for element in soup.select(", ".join((".pp-sr", *drop))):
        element.decompose()
    return "".join(soup.get_text().split())


@FAST
@given(pair=versions(BLOCK))
def test_diff_html_of_lists_and_tables_is_well_formed_and_complete(pair: tuple[str, str]) -> None:
    old_html, new_html = pair
    out = diff_html(old_html, new_html, LABELS)
    etree.fromstring(f"<div>{out}</div>")
    assert flat_text(out, ("ins",)) == flat_text(old_html)
    assert flat_text(out, ("del",)) == flat_text(new_html)
    soup = BeautifulSoup(out, "html.parser")
    assert all(tr.parent.name in ("tbody", "thead", "tfoot", "table") for tr in soup.find_all("tr"))
    assert all(li.parent.name in ("ul", "ol") for li in soup.find_all("li"))
    assert all(cell.parent.name == "tr" for cell in soup.find_all("td"))


IDS = st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8)


def sections(ids: list[str], bodies: list[str]) -> list[SectionText]:
    return [
        SectionText(i, f"제목 {i}", f"<p>{html.escape(bodies[n % len(bodies)])}</p>")
        for n, i in enumerate(ids)
    ]


@FAST
@given(old_ids=IDS, new_ids=IDS, bodies=st.lists(TEXT, min_size=1, max_size=3))
def test_diff_sections_covers_every_id_once(old_ids: list[str], new_ids: list[str], bodies: list[str]) -> None:
    result = diff_sections(sections(old_ids, bodies), sections(new_ids, bodies[::-1]), LABELS)
    assert Counter(c.id for c in result) == Counter(set(old_ids) | set(new_ids))
    assert [c.id for c in result if c.kind is not ChangeKind.REMOVED] == new_ids
    for change in result:
        assert (change.old is None) == (change.kind is ChangeKind.ADDED)
        assert (change.new is None) == (change.kind is ChangeKind.REMOVED)
        assert change.id in old_ids or change.kind is ChangeKind.ADDED
    # A removed section follows the last section before it in the old order
    # that survived (or comes first), after earlier removed ones.
    anchor: str | None = None
    expected: list[tuple[str | None, str]] = []
    for i in old_ids:
        if i in new_ids:
            anchor = i
        else:
            expected.append((anchor, i))
    placed: list[tuple[str | None, str]] = []
    anchor = None
    for change in result:
        if change.kind is ChangeKind.REMOVED:
            placed.append((anchor, change.id))
        else:
            anchor = change.id
    assert sorted(placed, key=lambda p: old_ids.index(p[1])) == expected
    assert all(placed.index(a) < placed.index(b) for a, b in zip(expected, expected[1:]) if a[0] == b[0])


@FAST
@given(pair=versions(BLOCK))
def test_every_diff_the_diff_makes_is_proven_by_the_cache(pair: tuple[str, str]) -> None:
    """The cache's proof (policypress.diff.cache.proven) accepts every real diff: a cache is never re-diffed for nothing."""
    from policypress.diff.cache import proven

    old_html, new_html = pair
    assert proven(diff_html(old_html, new_html, LABELS), old_html, new_html, LABELS)
    assert proven(diff_html("", new_html, LABELS), "", new_html, LABELS)
