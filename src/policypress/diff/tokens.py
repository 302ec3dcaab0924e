"""Word-level diff of plain text, tuned so Korean diffs stay readable.

Used by :mod:`policypress.diff.html` for titles and block contents, and rendered
as Markdown by :func:`diff_text_markdown` for terminals and PR comments.

Korean glues particles and numbers onto words (개인정보를, 3년간, 처리방침은),
so diffing whitespace-separated words would mark a whole word, or a whole
paragraph, when only one particle or digit changed. Tokens are therefore:

* one Hangul syllable (or CJK ideograph / kana) per token, so a particle
  change marks only the particle: 개인정보를 → 개인정보는 gives
  ``[("equal", "개인정보"), ("delete", "를"), ("insert", "는")]``;
* a run of digits, so a number changes as a whole (3년 → 5년 marks "3"/"5",
  1000 → 1500 marks "1000"/"1500" rather than a misleading "0"/"5");
* a run of other letters (Latin etc. plus combining accents), so English
  diffs at word level and never splits a word into letters;
* a run of whitespace; and any other character (punctuation) on its own.

Syllable tokens would turn a rewritten sentence into confetti (unrelated
sentences share syllables such as 다, 는, 의), so after difflib has aligned
the tokens, an *equal* run lying between two changes is folded into them
when it is small next to them ("size" of a change = its longer side):

* a single non-space character always (보관 → 관리 becomes one change
  instead of ~~보~~관**리**; 1,000 → 2,500 stays one change);
* whitespace when it is shorter than both changes: a space is a word
  boundary, so two one-syllable edits in neighbouring words (를 3 → 는 5)
  stay two readable edits, while a rewritten phrase ("three years" →
  "five months") becomes one deletion and one insertion;
* a longer run when it is at most a quarter of both changes (a stray
  " 설" or " and " inside a rewritten sentence).

Measured on this repository's policy (2023-12-01 → 2026-12-21, Korean and
English): particle and number edits stay on the changed characters
(홈페이지 ~~회원~~**이용**정보, ~~2023~~**2026**년 ~~12~~**11**월), and a
rewritten sentence reads as one or two del/ins pairs. Folding only single
characters and whitespace left "~~쿠키~~**주요 브라우저의** 설~~치를 …~~
**정 …**" fragments; folding whitespace only next to changes three times
longer split two-syllable rewrites into "~~메일~~**온라인으로는** ~~수신~~
**익명**". Latin words are never split, so English diffs word by word.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence
from typing import Literal

Op = Literal["equal", "insert", "delete"]
Opcode = Literal["replace", "delete", "insert", "equal"]
"""difflib's opcode tags."""

# Hangul syllables and jamo, CJK ideographs and kana: one token per character.
_SYLLABIC = (
    "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uf900-\ufaff"
)
_TOKEN_RE = re.compile(
    rf"[{_SYLLABIC}]"  # one syllable / ideograph
    r"|\d+"  # a whole number
    rf"|(?:[^\W\d_{_SYLLABIC}]|[\u0300-\u036f])+"  # a word in any other script
    r"|\s+"  # whitespace
    r"|.",  # punctuation and symbols, one at a time
    re.DOTALL,
)

_Change = tuple[str, str]  # (deleted text, inserted text)


def tokenize(text: str) -> list[str]:
    """Split *text* into diff tokens; ``"".join(tokenize(t)) == t`` always.

    >>> tokenize("개인정보를 3년간 keep, please")
    ['개', '인', '정', '보', '를', ' ', '3', '년', '간', ' ', 'keep', ',', ' ', 'please']
    """
    return _TOKEN_RE.findall(text)


def diff_tokens(old: str, new: str) -> list[tuple[Op, str]]:
    """Word-level diff of two plain strings (see the module docstring).

    Joining the ``equal`` and ``delete`` parts gives *old*; joining the
    ``equal`` and ``insert`` parts gives *new*. A change is always reported
    as its deletion followed by its insertion, and no part is empty.

    >>> diff_tokens("개인정보를 3년간", "개인정보는 5년간")
    [('equal', '개인정보'), ('delete', '를'), ('insert', '는'), ('equal', ' '), ('delete', '3'), ('insert', '5'), ('equal', '년간')]
    >>> diff_tokens("kept for three years", "kept for five months")
    [('equal', 'kept for '), ('delete', 'three years'), ('insert', 'five months')]
    """
    return diff_token_lists(tokenize(old), tokenize(new))


#: The most token pairs a diff compares at one level. difflib's matcher takes
#: time proportional to the product of the two lengths (worse with repeated
#: tokens: two 20,000-syllable texts took four minutes), so a larger text is
#: first trimmed of what both versions share at its start and end, then
#: compared by word, then by line, and a middle still too large is shown as
#: replaced whole. Ordinary paragraphs are far below the limit and are diffed
#: syllable by syllable as before.
MAX_PAIRS = 1_000_000


def _matched(a: Sequence[str], b: Sequence[str]) -> list[tuple[Opcode, int, int, int, int]]:
    # autojunk would treat frequent tokens (spaces, 다, 의) as noise in long
    # paragraphs and produce far worse alignments.
    return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()


def shared_ends(a: Sequence[object], b: Sequence[object]) -> tuple[int, int]:
    """How many items ``a`` and ``b`` share at their start, then at their end (not overlapping the start).

    >>> shared_ends("abcxyz", "abQyz"), shared_ends("aaa", "aa")
    ((2, 2), (2, 0))
    """
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[len(a) - 1 - end] == b[len(b) - 1 - end]:
        end += 1
    return start, end


def _groups(tokens: Sequence[str], breaks: str) -> list[str]:
    """``tokens`` joined into runs that end at a token holding one of ``breaks`` (kept as its own run)."""
    runs: list[str] = []
    current: list[str] = []
    for token in tokens:
        if any(char in token for char in breaks):
            if current:
                runs.append("".join(current))
                current = []
            runs.append(token)
        else:
            current.append(token)
    if current:
        runs.append("".join(current))
    return runs


def _bounded(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(tag, old text, new text)`` parts of a diff whose cost stays within :data:`MAX_PAIRS`."""
    if len(a) * len(b) <= MAX_PAIRS:
        return [(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in _matched(a, b)]
    start, end = shared_ends(a, b)
    middle_a, middle_b = a[start : len(a) - end], b[start : len(b) - end]
    parts: list[tuple[str, str, str]] = [("equal", "".join(a[:start]), "".join(b[:start]))]
    for breaks in (" \t\n", "\n"):  # by word, then by line
        old, new = _groups(middle_a, breaks), _groups(middle_b, breaks)
        if len(old) * len(new) <= MAX_PAIRS:
            parts += [(tag, "".join(old[i1:i2]), "".join(new[j1:j2])) for tag, i1, i2, j1, j2 in _matched(old, new)]
            break
    else:
        parts.append(("replace", "".join(middle_a), "".join(middle_b)))
    parts.append(("equal", "".join(a[len(a) - end :]), "".join(b[len(b) - end :])))
    return [part for part in parts if part[1] or part[2]]


def diff_token_lists(a: Sequence[str], b: Sequence[str]) -> list[tuple[Op, str]]:
    """:func:`diff_tokens` of two texts already split by :func:`tokenize`."""
    parts: list[str | _Change] = []
    for tag, old_part, new_part in _bounded(a, b):
        if tag == "equal":
            parts.append(old_part)
        else:
            _push_change(parts, (old_part, new_part))
    result: list[tuple[Op, str]] = []
    for part in parts:
        if isinstance(part, str):
            result.append(("equal", part))
        else:
            if part[0]:
                result.append(("delete", part[0]))
            if part[1]:
                result.append(("insert", part[1]))
    return result


def _push_change(parts: list[str | _Change], change: _Change) -> None:
    """Append *change*, folding tiny equal runs before it into one change.

    Folding can cascade leftwards (a grown change may now dwarf the equal
    run before it), so keep folding while the rule still applies.
    """
    parts.append(change)
    while (
        len(parts) >= 3
        and isinstance(parts[-2], str)
        and not isinstance(parts[-3], str)
        and _foldable(parts[-2], parts[-3], parts[-1])  # type: ignore[arg-type]
    ):
        right = parts.pop()
        middle = parts.pop()
        left = parts.pop()
        assert isinstance(middle, str) and not isinstance(left, str)
        assert not isinstance(right, str)
        parts.append((left[0] + middle + right[0], left[1] + middle + right[1]))


def _foldable(equal: str, left: _Change, right: _Change) -> bool:
    """Whether an equal run between two changes is too small to show."""
    smaller = min(max(map(len, left)), max(map(len, right)))
    if equal.isspace():
        return len(equal) < smaller
    return len(equal) == 1 or 4 * len(equal) <= smaller


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>~|&#"})


def diff_text_markdown(old: str, new: str) -> str:
    """Compact Markdown word diff: ``~~deleted~~`` and ``**inserted**``.

    Markdown punctuation in the text is backslash-escaped. Emphasis markers
    never touch whitespace (CommonMark would not honour them), so spaces at
    the edges of a change, and whitespace-only changes, are left outside
    (a deleted space is dropped, a deleted line break or any inserted
    whitespace is written plainly), and a change spanning lines is marked
    line by line.

    >>> diff_text_markdown("개인정보를 3년간 보관", "개인정보는 5년간 보관")
    '개인정보~~를~~**는** ~~3~~**5**년간 보관'
    >>> diff_text_markdown("a*b", "a*c")
    'a\\\\*~~b~~**c**'
    >>> diff_text_markdown("전화번호", "전화번호, 주소")
    '전화번호<ins>, 주소</ins>'
    """
    # Segments first, then the markers: whether CommonMark honours "**" next
    # to punctuation depends on the characters on both sides of it.
    segments: list[str | tuple[Op, str]] = []
    for op, text in diff_tokens(old, new):
        if op == "equal":
            segments.append(_md_escape(text))
            continue
        for line in text.splitlines(keepends=True):
            core = line.strip()
            if not core:
                # A deleted line break is kept so the old lines stay apart.
                segments.append(line if op == "insert" or "\n" in line else "")
                continue
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            segments.extend([lead, (op, _md_escape(core)), trail])
    parts: list[str] = []
    for index, segment in enumerate(segments):
        if isinstance(segment, str):
            parts.append(segment)
            continue
        op, core = segment
        before = "".join(parts)[-1:]
        after = next((s[0] for s in segments[index + 1 :] if isinstance(s, str) and s), "")
        if _flanks(before, core[0]) and _flanks(after, core[-1]):
            marker = "~~" if op == "delete" else "**"
            parts.append(f"{marker}{core}{marker}")
        else:
            # "**" between a letter and punctuation opens nothing in CommonMark
            # (전화번호**, 주소**): say it with the HTML elements GitHub keeps.
            tag = "del" if op == "delete" else "ins"
            parts.append(f"<{tag}>{core}</{tag}>")
    return "".join(parts)


def _flanks(outside: str, inside: str) -> bool:
    """Whether an emphasis marker between ``outside`` and ``inside`` counts in CommonMark."""
    return not _is_punctuation(inside) or not outside or outside.isspace() or _is_punctuation(outside)


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith(("P", "S"))


# "- ", "+ " and "1. " start a list only at the beginning of a line, where a
# piece of text may land, so they are escaped there rather than everywhere.
_MD_LINE_START = re.compile(r"^(\s*)([-+]|\d+(?=[.)]))", re.MULTILINE)


def _md_escape(text: str) -> str:
    escaped = text.translate(_MD_SPECIAL)
    return _MD_LINE_START.sub(lambda m: m[1] + (m[2] + "\\" if m[2][0].isdigit() else "\\" + m[2]), escaped)
