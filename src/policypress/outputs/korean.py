"""Korean search: morpheme-aware terms for a Material for MkDocs (lunr) index.

Material's search splits text and queries with one regular expression (the
index's ``separator``) and matches every query word as a prefix (``word*``).
Korean defeats both: particles stick to nouns (``개인정보를``), compounds are
written without spaces (``개인정보처리방침``) or split differently from the
reader's query (the text says ``보유 및 이용 기간``, the reader types
``보유기간``). This module fixes what can be fixed at build time, with plain
data that Material's unmodified search worker already understands:

* **Hidden fields.** Each entry gets ``title_terms`` and ``text_terms``: nouns
  found by the Kiwi morphological analyser (kiwipiepy, offline, deterministic),
  every compound's parts as suffixes (``분쟁조정위원회`` → ``조정위원회``,
  ``위원회``), nouns written apart joined (``개인정보 처리방침`` →
  ``개인정보처리방침``), and the compounds implied by coordination
  (``보유 및 이용 기간`` → ``보유기간``; ``파기 절차 및 방법`` →
  ``파기방법``). Material indexes every field named in ``config.fields`` but
  shows only ``title`` and ``text`` in results, so these words never appear in
  a snippet. ``title_terms`` carries the title's boost, so a section whose
  title implies the query outranks the page that merely lists it.
* **Separator.** The Korean index's separator also splits at punctuation
  (``「의료법」에서``, ``[수집항목]``, ``수집·이용``) and drops the particles that
  no Korean noun ends with (을 를 은 는 에서 에게 으로 부터 까지 …) at the end
  of a word. Material applies the same separator to the reader's query, so
  ``쿠키를`` searches for ``쿠키``. Ambiguous particles (이 가 의 도 로 과)
  stay: ``동의``, ``평가``, ``치과`` end with them. The separator uses only
  lookaheads, no lookbehind, so it compiles in every browser Material supports.

Nothing here imports MkDocs; :func:`enrich_index` takes and returns the plain
``config``/``docs`` data of a search index. The morphemes come from an
analyser passed in: a session's :class:`~policypress.outputs.kiwi.KiwiAnalyser`
(cached between builds, computed ahead in a helper process), or a plain
function in tests.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from policypress.outputs.kiwi import KiwiAnalyser, Morpheme

log = logging.getLogger(__name__)

TITLE_FIELD = "title_terms"
"""Hidden field with the terms derived from an entry's title (boosted like the title)."""
TEXT_FIELD = "text_terms"
"""Hidden field with the terms derived from an entry's text (boosted like the text)."""

MAX_UNITS = 4
"""Longest joined term, in nouns (``개인정보처리방침`` is 4: 개인 정보 처리 방침)."""
MAX_WORDS = 2
"""Nouns written apart are joined across at most this many words (``보유 기간``)."""

_PUNCTUATION = "\\s\\-\\[\\](){}<>「」『』〈〉《》【】\"'“”‘’,·/:;!?※~…"
_END = f"(?=[{_PUNCTUATION}]|\\.(?!\\d)|$)"
PARTICLES = (
    "에서는", "에게는", "으로는", "에서도", "으로도", "까지는", "부터는",
    "에서", "에게", "에는", "에도", "으로", "부터", "까지", "께서",
    "을", "를", "은", "는",
)
"""Particles dropped at the end of a word: none of them ends a Korean noun."""

KOREAN_SEPARATOR = (
    f"[{_PUNCTUATION}]+|\\.(?!\\d)|&[lg]t;|&amp;"
    f"|(?:{'|'.join(PARTICLES)}){_END}"
)
"""What the Korean index's separator adds to the site's: punctuation and trailing particles."""

_NOUNS = frozenset({"NNG", "NNP", "XR"})
_SUFFIX = "XSN"  # 안전+성, 관리+자: glued to the noun before
_PREFIX = "XPN"  # 비+회원: glued to the noun after
_CONJUNCTIONS = frozenset({"및", "또는", "혹은", "와", "과", "·", "/"})
_TAG = re.compile(r"<[^>]*>")


Analyser = Callable[[str], Sequence[Morpheme]]
"""Splits a text into morphemes: a :class:`~policypress.outputs.kiwi.KiwiAnalyser`, or any function in tests."""


def plain_text(value: str) -> str:
    """The text of an index field: tags become line breaks (nouns are not joined across them), entities characters.

    >>> plain_text("<li>개인정보의 <strong>[수집항목]</strong> &amp; 이름</li>")
    '\\n개인정보의 \\n[수집항목]\\n & 이름\\n'
    """
    return html.unescape(_TAG.sub("\n", value))


@dataclass
class _Run:
    units: list[str]
    words: list[int]  # the word (space-separated) of each unit, counted from the run's start
    end: int

    def split_word(self, i: int) -> bool:
        """Whether unit ``i`` is written apart from the unit before it."""
        return self.words[i] > self.words[i - 1]

    def pieces(self) -> Iterator[_Run]:
        """The run cut at one-syllable words (후 파기, 등 기록): they join nothing."""
        start = 0
        for i in range(len(self.units) + 1):
            if i < len(self.units) and not (len(self.units[i]) == 1 and self.words.count(self.words[i]) == 1):
                continue
            if i > start:
                first = self.words[start]
                yield _Run(self.units[start:i], [word - first for word in self.words[start:i]], self.end)
            start = i + 1


def _items(text: str, morphemes: Sequence[Morpheme]) -> Iterator[_Run | str]:
    """Runs of nouns written together or apart, and what separates them.

    A run goes on across spaces (not line breaks) between nouns; what ends it
    is yielded as ``"conj"`` (및, 또는, ·, /, 와/과) or ``"other"``.
    """
    run: _Run | None = None
    prefix = ""
    for m in morphemes:
        gap = text[run.end:m.start] if run is not None else ""
        joined = run is not None and not gap.strip() and "\n" not in gap
        if m.tag in _NOUNS or (m.tag == _SUFFIX and run is not None and not gap):
            form = prefix + m.form
            prefix = ""
            if joined:
                assert run is not None
                if m.tag == _SUFFIX:
                    run.units[-1] += form
                else:
                    run.units.append(form)
                    run.words.append(run.words[-1] + (1 if gap else 0))
                run.end = m.end
            else:
                if run is not None:
                    yield from run.pieces()
                    yield "other"
                run = _Run([form], [0], m.end)
            continue
        if m.tag == _PREFIX:
            prefix = m.form
            continue
        prefix = ""
        if run is not None:
            yield from run.pieces()
            run = None
        yield "conj" if m.form in _CONJUNCTIONS or m.tag == "JC" else "other"
    if run is not None:
        yield from run.pieces()


def _windows(run: _Run) -> Iterator[str]:
    """Every suffix of a run, at most :data:`MAX_UNITS` nouns from :data:`MAX_WORDS` words."""
    for i in range(len(run.units)):
        j = i + 1
        while j < len(run.units) and j - i < MAX_UNITS and run.words[j] - run.words[i] < MAX_WORDS:
            j += 1
        yield "".join(run.units[i:j])


def korean_terms(text: str, analyse: Analyser) -> list[str]:
    """The search terms Korean morphology finds in ``text``, in order, without repeats.

    Nouns without their particles, each compound's parts from every position
    on, nouns written apart joined, and the compounds implied by coordination.
    Single-syllable terms are left out (every prefix query would match them).
    """
    items = list(_items(text, analyse(text)))
    terms: list[str] = []
    for k, item in enumerate(items):
        if not isinstance(item, _Run):
            continue
        terms.extend(_windows(item))
        if k + 2 < len(items) and items[k + 1] == "conj" and isinstance(items[k + 2], _Run):
            left, right = item, items[k + 2]
            assert isinstance(right, _Run)
            # Only words written apart are shared: 이름, 주민등록번호 implies nothing.
            if len(left.units) >= 2 and left.split_word(len(left.units) - 1):  # 파기 절차 및 방법 → 파기방법
                terms.append("".join([*left.units[:-1], right.units[0]][-MAX_UNITS:]))
            if len(right.units) >= 2 and right.split_word(len(right.units) - 1):  # 보유 및 이용 기간 → 보유기간
                terms.append("".join([*left.units, right.units[-1]][-MAX_UNITS:]))
    return [term for term in dict.fromkeys(terms) if len(term) >= 2]


def expand_korean(text: str, analyse: Analyser) -> str:
    """:func:`korean_terms` of ``text`` (HTML allowed) as one space-separated string."""
    return " ".join(korean_terms(plain_text(text), analyse))


def korean_separator(base: str | None) -> str:
    """The separator of a Korean index: the site's own, or Material's default, plus :data:`KOREAN_SEPARATOR`."""
    base = base or "[\\s\\-]+"
    return f"{base}|{KOREAN_SEPARATOR}" if KOREAN_SEPARATOR not in base else base


def search_tokens(text: str, separator: str) -> list[str]:
    """The words Material's worker indexes for ``text`` (HTML allowed) with ``separator``, lowercased.

    A mirror in Python of the worker's tokenizer, used to leave out terms the
    text already has; JavaScript and Python agree on the separators written here.

    >>> search_tokens("<p>「의료법」에서 정한 쿠키를</p>", korean_separator(None))
    ['의료법', '정한', '쿠키']
    """
    pattern = re.compile(separator)
    tokens: list[str] = []
    for section in _TAG.split(text):
        tokens.extend(word.lower() for word in pattern.split(html.unescape(section)) if word)
    return tokens


def enrich_entries(
    entries: Iterable[Mapping[str, Any]],
    separator: str,
    analyse: Analyser,
) -> list[dict[str, Any]]:
    """Copies of ``entries`` with :data:`TITLE_FIELD` and :data:`TEXT_FIELD` added where they add words.

    A term is left out of a field when its entry's title (for the title terms)
    or title and text (for the text terms) already have it as a word under
    ``separator``: the index only grows by what lunr could not match before.
    """
    enriched = []
    for entry in entries:
        doc = dict(entry)
        title, text = str(doc.get("title") or ""), str(doc.get("text") or "")
        have = set(search_tokens(title, separator))
        title_terms = _new_terms(expand_korean(title, analyse), have, separator)
        have.update(title_terms)
        have.update(search_tokens(text, separator))
        text_terms = _new_terms(expand_korean(text, analyse), have, separator)
        if title_terms:
            doc[TITLE_FIELD] = " ".join(title_terms)
        if text_terms:
            doc[TEXT_FIELD] = " ".join(text_terms)
        enriched.append(doc)
    return enriched


def _new_terms(expanded: str, have: set[str], separator: str) -> list[str]:
    # A term is kept as the worker will index it (so 마을 → 마 like the query).
    return [term for term in dict.fromkeys(search_tokens(expanded, separator)) if term not in have]


def enrich_index(
    config: Mapping[str, Any],
    docs: Sequence[Mapping[str, Any]],
    analyse: Analyser | None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``config`` and ``docs`` of a Korean search index, made searchable by morpheme.

    Adds the hidden fields to the entries and to ``config["fields"]`` (with the
    boosts of ``title`` and ``text``) and extends the separator. Without an
    analyser (kiwipiepy not installed), only the separator changes and a
    warning is logged.
    """
    config = dict(config)
    config["separator"] = korean_separator(config.get("separator"))
    if analyse is None:
        log.warning("policypress: kiwipiepy is not installed; Korean search matches whole words only")
        return config, [dict(doc) for doc in docs]
    if isinstance(analyse, KiwiAnalyser):
        # Every line the cache lacks in one batch (in its helper, when it has one), not one call per line.
        analyse.analyse_all(plain_text(str(doc.get(name) or "")) for doc in docs for name in ("title", "text"))
    fields = {name: dict(spec or {}) for name, spec in (config.get("fields") or {}).items()}
    fields.setdefault("title", {"boost": 1e3})
    fields.setdefault("text", {"boost": 1.0})
    fields[TITLE_FIELD] = {"boost": fields["title"].get("boost", 1e3)}
    fields[TEXT_FIELD] = {"boost": fields["text"].get("boost", 1.0)}
    config["fields"] = fields
    return config, enrich_entries(docs, config["separator"], analyse)


def is_korean(code: str) -> bool:
    """Whether a language code is Korean (``ko``, ``ko-KR``, ``ko_KR``)."""
    return code.lower() == "ko" or code.lower().startswith(("ko-", "ko_"))


__all__ = [
    "KOREAN_SEPARATOR",
    "MAX_UNITS",
    "MAX_WORDS",
    "PARTICLES",
    "TEXT_FIELD",
    "TITLE_FIELD",
    "Analyser",
    "Morpheme",
    "enrich_entries",
    "enrich_index",
    "expand_korean",
    "is_korean",
    "korean_separator",
    "korean_terms",
    "plain_text",
    "search_tokens",
]
