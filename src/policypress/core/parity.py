"""Facts that must agree across languages, and translations left behind.

Both checks give warnings, not errors (a build goes on; ``--strict`` makes
them fail): a fact extractor cannot know every way a translator may write a
number, but a phone number present in Korean and missing in English is the
kind of slip that turns a convenience translation into a wrong one.

Facts compared per section: numbers (phone numbers and ranges kept whole),
dates (``2023년 12월 1일`` and ``December 1, 2023`` are the same date),
e-mail addresses, URLs, and the names of a glossary of terms (law names) whose
translations are given in ``docs/glossary.yml``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from policypress.core.errors import ContentError, Location
from policypress.core.layout import foreign_error
from policypress.core.loader import Site
from policypress.core.lock_file import section_hashes
from policypress.core.model import Policy, Version
from policypress.core.source_text import size_error
from policypress.core.yamlsource import load_yaml

GLOSSARY_NAME = "glossary.yml"

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"'\]]+[^\s<>()\"'\].,;:!?)]")
# The lookbehind starts a match only where a run of address characters
# starts: without it, a long word with no "@" is scanned again from each of
# its characters (quadratic: a 300,000-character word took minutes).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_KO_DATE = re.compile(r"(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일")
_ISO_DATE = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH_NUMBERS = {name: number for number, name in enumerate(_MONTHS.split("|"), start=1)}
_EN_DATE = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}}),\s*(\d{{4}})\b")
# A number: digits with the separators of phone numbers, ranges and amounts
# kept inside ("02-3444-2080", "(02) 580-0533~4", "1,000").
_NUMBER = re.compile(r"\(?\d+\)?(?:[\s]?[-~.,]?\s?\(?\d+\)?)*")
_AREA_CODE = re.compile(r"\(\d+\)\d")
#: Korean words that contain a digit but no fact ("제3자" = a third party).
_KO_IDIOMS = ("제3자",)


MAX_GLOSSARY_TERMS = 1000


@dataclass(frozen=True)
class Term:
    """A glossary entry: the same name in each language (a law, an institution)."""

    names: dict[str, str]


def load_glossary(docs_dir: Path, languages: Iterable[str] = ()) -> tuple[tuple[Term, ...], list[ContentError]]:
    """The site's glossary (``docs/glossary.yml``: a list of ``{ko: …, en: …}``), and what is wrong with it.

    Read like every policy file (:mod:`policypress.core.yamlsource`: no aliases,
    no object tags, a size limit), so a glossary cannot hold a YAML bomb.
    ``languages`` are the site's codes; a name in another language is an error.
    """
    path = docs_dir / GLOSSARY_NAME
    refused = foreign_error(path, docs_dir) if path.is_symlink() else None
    if refused is not None:
        return (), [refused]
    if not path.is_file():
        return (), []
    too_big = size_error(path, path.stat().st_size)
    if too_big is not None:
        return (), [too_big]
    document, errors = load_yaml(path, path.read_bytes())
    if document is None or errors:
        return (), errors
    data, source = document.data, document.source
    if data == {} and not source.values:
        return (), []  # comments only
    if not isinstance(data, list):
        return (), [ContentError(source.locate(()), "expected a list of terms, each a map such as {ko: 개인정보 보호법, en: Personal Information Protection Act}")]
    if len(data) > MAX_GLOSSARY_TERMS:
        # Every text is searched for every term: the check's time grows with both.
        return (), [ContentError(source.locate((MAX_GLOSSARY_TERMS,)), f"a glossary holds at most {MAX_GLOSSARY_TERMS} terms (this one {len(data)}): the names of laws and institutions a policy cites")]
    codes = list(languages)
    terms: list[Term] = []
    for index, item in enumerate(data):
        if not isinstance(item, dict) or not item:
            errors.append(ContentError(source.locate((index,)), f"term {index + 1}: expected a map of language codes to names"))
            continue
        names: dict[str, str] = {}
        for code, name in item.items():
            where = source.locate((index, code))
            if codes and code not in codes:
                errors.append(ContentError(source.locate((index, code), at_key=True), f'term {index + 1}: "{code}" is not a language of this site ({", ".join(codes)})'))
            elif not isinstance(name, str) or not name.strip():
                errors.append(ContentError(where, f"term {index + 1}: {code}: expected the name as text"))
            else:
                names[code] = name.strip()
        terms.append(Term(names))
    return (tuple(terms) if not errors else ()), errors


def _dates(text: str) -> tuple[list[str], str]:
    found: list[str] = []

    def keep(day: dt.date) -> str:
        found.append(day.isoformat())
        return " "

    def year_month_day(m: re.Match[str]) -> str:  # 2023년 12월 1일, 2023-12-01
        return keep(dt.date(int(m[1]), int(m[2]), int(m[3])))

    def en(m: re.Match[str]) -> str:
        return keep(dt.date(int(m[3]), _MONTH_NUMBERS[m[1]], int(m[2])))

    for pattern, convert in ((_KO_DATE, year_month_day), (_ISO_DATE, year_month_day), (_EN_DATE, en)):
        try:
            text = pattern.sub(convert, text)
        except ValueError:
            continue  # not a real date: leave its numbers to the number check
    return found, text


def parse_date(text: str) -> dt.date | None:
    """A date as a policy writes it (``2023년 12월 1일``, ``2023-12-01``, ``December 1, 2023``), or ``None``.

    >>> parse_date("2023년 12월 1일"), parse_date("December 1, 2023"), parse_date("2023-02-30")
    (datetime.date(2023, 12, 1), datetime.date(2023, 12, 1), None)
    """
    found, _rest = _dates(text)
    return dt.date.fromisoformat(found[0]) if len(found) == 1 else None


def facts(text: str, code: str, glossary: Iterable[Term] = ()) -> Counter[str]:
    """The checkable facts of ``text``: URLs, e-mails, dates, numbers, glossary names.

    >>> sorted(facts("연락처: 02-3444-2080, 2023년 12월 1일 시행", "ko"))
    ['date 2023-12-01', 'number 02-3444-2080']
    >>> sorted(facts("Contact: 02-3444-2080, effective December 1, 2023", "en"))
    ['date 2023-12-01', 'number 02-3444-2080']
    >>> sorted(facts("notice (30 days; (3) above) or (02)580-0533", "en"))
    ['number (02)580-0533', 'number 3', 'number 30']
    """
    found: Counter[str] = Counter()
    for url in _URL.findall(text):
        found["url " + url.rstrip("/").removeprefix("http://").removeprefix("https://").removeprefix("www.")] += 1
    text = _URL.sub(" ", text)
    for email in _EMAIL.findall(text):
        found["e-mail " + email.lower()] += 1
    text = _EMAIL.sub(" ", text)
    dates, text = _dates(text)
    found.update("date " + day for day in dates)
    for idiom in _KO_IDIOMS:
        text = text.replace(idiom, " ")
    for term in glossary:
        name = term.names.get(code)
        if name and name in text:
            found["term " + " / ".join(f"{k}: {v}" for k, v in sorted(term.names.items()))] += text.count(name)
    for number in _NUMBER.findall(text):
        cleaned = re.sub(r"\s+", "", number).strip(".,")
        if not _AREA_CODE.match(cleaned):
            # "(30 days" and "(3)" are 30 and 3: only a phone number's area code keeps its brackets.
            cleaned = cleaned.replace("(", "").replace(")", "").strip(".,")
        if cleaned and any(ch.isdigit() for ch in cleaned):
            found["number " + cleaned] += 1
    return found


def _describe(items: Counter[str]) -> str:
    return ", ".join(sorted(item.split(" ", 1)[1] for item in items.elements()))


def check_version(
    policy: Policy,
    version: Version,
    codes: tuple[str, ...],
    glossary: tuple[Term, ...],
    memo: dict[tuple[str, str], Counter[str]] | None = None,
) -> Iterator[ContentError]:
    """Facts that differ between the languages of each section of ``version``.

    ``memo`` keeps the facts of each text across calls: most sections of a
    version are those of the version before, word for word.
    """
    memo = {} if memo is None else memo

    def facts_of(text: str, code: str) -> Counter[str]:
        if (text, code) not in memo:
            memo[text, code] = facts(text, code, glossary)
        return memo[text, code]

    reference = codes[0]
    for index, section in enumerate(version.content.sections):
        base = facts_of(section.body[reference], reference)
        for code in codes[1:]:
            other = facts_of(section.body[code], code)
            if base == other:
                continue
            only_ref, only_other = base - other, other - base
            parts = []
            if only_ref:
                parts.append(f"only the {reference} text has {_describe(only_ref)}")
            if only_other:
                parts.append(f"only the {code} text has {_describe(only_other)}")
            ref_line = version.source.locate(("sections", index, "body", reference)).line
            other_line = version.source.locate(("sections", index, "body", code)).line
            yield ContentError(
                version.source.locate(("sections", index, "body")),
                f'section "{section.id}": facts differ between languages ({reference} at line {ref_line}, '
                f"{code} at line {other_line}): {'; '.join(parts)}",
                severity="warning",
            )


def stale_sections(previous: Version, version: Version, codes: tuple[str, ...]) -> Iterator[tuple[int, str, list[str], list[str]]]:
    """Sections whose text changed since ``previous`` in some languages but not in others.

    Yields (index in ``version``, section id, languages changed, languages unchanged).
    """
    before = {section.id: section for section in previous.content.sections}
    for index, section in enumerate(version.content.sections):
        old = before.get(section.id)
        if old is None:
            continue
        changed = [code for code in codes if old.body[code].strip() != section.body[code].strip()]
        if changed and len(changed) < len(codes):
            yield index, section.id, changed, [code for code in codes if code not in changed]


def check_stale(policy: Policy, previous: Version, version: Version, codes: tuple[str, ...]) -> Iterator[ContentError]:
    """Sections changed in some languages but not in others since the previous version, unless reviewed.

    A translation left as it was is often a translation forgotten; an author
    who reviewed it and found it right records so (``policypress lock
    --reviewed CODE``), for that section's text as it is: an edit asks again.
    """
    entry = policy.lock.entries.get(version.slug) if policy.lock is not None else None
    hashes = section_hashes(version) if entry is not None and entry.reviewed else {}
    for index, section_id, changed, unchanged in stale_sections(previous, version, codes):
        review = entry.reviewed.get(section_id) if entry is not None else None
        if review is not None and review.hash == hashes.get(section_id) and set(unchanged) <= set(review.languages):
            continue
        yield ContentError(
            version.source.locate(("sections", index, "body")),
            f'section "{section_id}": the {", ".join(changed)} text changed since {previous.slug} but the '
            f"{', '.join(unchanged)} text did not; is the translation stale? If it needs no change, record that you "
            f"reviewed it: `policypress lock --reviewed {' --reviewed '.join(unchanged)} {policy.id} {version.slug}`",
            severity="warning",
        )


def check_site(site: Site, glossary: tuple[Term, ...] = ()) -> list[ContentError]:
    """Every parity warning of every version of every policy."""
    codes = site.languages.codes
    warnings: list[ContentError] = []
    if len(codes) < 2:
        return warnings
    memo: dict[tuple[str, str], Counter[str]] = {}
    for policy in site.policies:
        previous: Version | None = None
        for version in policy.versions:
            warnings.extend(check_version(policy, version, codes, glossary, memo))
            if previous is not None:
                warnings.extend(check_stale(policy, previous, version, codes))
            previous = version
    return warnings


__all__ = ["GLOSSARY_NAME", "Location", "Term", "check_site", "facts", "load_glossary"]
