"""What an erratum may change: the wording of a published text, never a fact.

An erratum (``policypress lock --erratum``) replaces a published text with
no notice at all, so it may only mend what a reader could not have relied
on: a typo, spacing, punctuation, formatting, a clumsy translation. Anything
a reader could act on is a fact, and changing a fact is a new version with
its notice period. :func:`fact_changes` compares the text before a
correction with the text after it, field by field, section by section and
language by language, and lists every fact that differs:

* numbers (durations, amounts, counts, phone numbers: ``3년`` → ``10년``),
  number words (``three years``), dates, e-mail addresses, URLs;
* names of laws and organisations: the site's glossary, names quoted in
  ``「…」``/``『…』``, English names ending in *Act*, *Commission*, *Agency*…,
  Korean ones ending in 위원회, 진흥원, 센터…;
* what a sentence commits to: negations and obligations (``않``, ``없``,
  *not*, *never*, *may*, *must*…), so "does not provide" cannot become
  "may provide";
* the shape of the text: a list item, a sentence or a section added or
  removed, the ``adverse`` flag, the dates of the version.

The extraction is deliberately stricter than a typo needs: a correction it
refuses is still possible as a new version, while one it missed would have
changed what readers were promised without notice. Every check is linear in
the size of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError

from policypress.core.bodies import render_body, visible_text
from policypress.core.lock_file import Erratum
from policypress.core.model import Policy, Version, VersionFile, digest, in_languages, languages_in
from policypress.core.parity import Term, facts
from policypress.core.yamlsource import PathKey, SourceMap

#: English number words: "three years" is a duration as much as "3 years".
_NUMBER_WORDS = frozenset(
    "zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion "
    "once twice half double triple first second third".split()
)
#: Korean numbers in words before a counter (한 달, 두 번, 삼 년, 십 일간): a duration or count written in words.
_KO_NUMBER = re.compile(
    r"(?<![가-힣])(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|[일이삼사오육칠팔구십백천만]+)\s?"
    r"(달간|달|해|번|차례|명|개월간|개월|개|곳|가지|주간|주일|주|시간|년간|년|일간|회|원)(?![가-힣])"
)
#: Words that say whether something is done, may be done or must be: changing one changes a promise.
_EN_COMMITMENTS = frozenset(
    "not no never none nor without cannot can't won't don't doesn't isn't aren't shall must may might "
    "should will can only except unless all any every always".split()
)
_KO_COMMITMENTS = re.compile(
    r"않|없|아니|못하|(?<![가-힣])안(?=\s)|수\s?있|수\s?없|해야|하여야|반드시|절대|모든|항상|경우에만|한하여|제외|불가|금지|허용|의무|필수|선택"
)
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_QUOTED_NAME = re.compile(r"[「『]([^」』\n]{1,100})[」』]")
_KO_BODY = re.compile(
    r"[가-힣A-Za-z0-9·]{2,40}?(?:위원회|진흥원|심사평가원|보험공단|공단|센터|협회|재단|연구원|법원|검찰청|경찰청|수사단|본부|안전원)"
)
#: The last word of an English name of a law or organisation.
_EN_NAME_ENDS = frozenset(
    "Act Law Code Decree Regulation Regulations Rules Commission Committee Agency Ministry Office Service "
    "Institute Center Centre Board Bureau Association Corporation Court Council Authority Foundation "
    "Hospital Clinic University Police Prosecution".split()
)
_EN_NAME_JOINS = frozenset("of on and for the in".split())
#: Capitalised words that begin a sentence, not a name ("Under the Medical Law").
_EN_NOT_NAMES = frozenset(
    "The This These Those Under According Pursuant In As For With By If When Where Our We Your You Any All Each To "
    "From At On Of And Per Also Such Its It A An Both Either Neither Under Following".split()
)
_SENTENCE_END = re.compile(r"[.!?。]+(?=\s|$)")


@dataclass(frozen=True)
class FactChange:
    """Facts that differ between a text and its correction, in one field or section and one language."""

    key: PathKey
    """Where, in the version file: ``("sections", 3, "body", "ko")``, ``("adverse",)``."""
    where: str
    """How a reader names it: ``section "retention" (ko)``."""
    removed: tuple[str, ...]
    added: tuple[str, ...]

    def describe(self) -> str:
        """``section "retention" (ko): 3 → 10``, or the facts only one side has."""
        if self.removed and self.added:
            return f"{self.where}: {', '.join(self.removed)} → {', '.join(self.added)}"
        if self.removed:
            return f"{self.where}: {', '.join(self.removed)} removed"
        return f"{self.where}: {', '.join(self.added)} added"


def _en_names(text: str) -> Iterator[str]:
    """English names of laws and organisations (``Personal Information Protection Act``), found word by word.

    A name is the longest run of capitalised words (joined by *of*, *and*,
    *the*…) that ends in a word such as *Act* or *Agency*, within one clause.

    >>> list(_en_names("According to the Medical Law, the Korean National Police Agency Cyber Bureau (182)"))
    ['Medical Law', 'Korean National Police Agency Cyber Bureau']
    """
    words = list(re.finditer(r"[A-Za-z][\w'&.-]*", text))

    def together(left: int, right: int) -> bool:
        return text[words[left].end() : words[right].start()].isspace()

    for index, match in enumerate(words):
        if match.group().rstrip(".") not in _EN_NAME_ENDS:
            continue
        if _continues(words, index, together):
            continue  # the name goes on ("… Police Agency Cyber Bureau"): it is found at its last word
        start = index
        while start > 0 and index - start < 10 and together(start - 1, start):
            word = words[start - 1].group()
            if not (word[0].isupper() or word in _EN_NAME_JOINS):
                break
            start -= 1
        while start < index and (words[start].group() in _EN_NAME_JOINS or words[start].group() in _EN_NOT_NAMES):
            start += 1
        if start < index:  # "the Act" alone names nothing
            yield " ".join(w.group() for w in words[start : index + 1]).rstrip(".")


def _continues(words: list[re.Match[str]], index: int, together: Callable[[int, int], bool]) -> bool:
    """Whether the name ending at ``words[index]`` goes on to a later last word of a name, within ten words."""
    for after in range(index + 1, min(index + 11, len(words))):
        word = words[after].group()
        if not together(after - 1, after) or not (word[0].isupper() or word in _EN_NAME_JOINS):
            return False
        if word.rstrip(".") in _EN_NAME_ENDS:
            return True
    return False


def text_facts(text: str, code: str, glossary: Iterable[Term] = ()) -> Counter[str]:
    """The facts of a Markdown text: what :func:`policypress.core.parity.facts` finds, and more.

    >>> sorted(text_facts("정보를 3년간 보관하지 않습니다.", "ko"))
    ['commitment 않', 'number 3', 'sentence']
    >>> sorted(text_facts("We may keep it for three years.", "en"))
    ['commitment may', 'number three', 'sentence']
    """
    found = facts(text, code, glossary)
    html = render_body(text)
    plain = visible_text(html)
    items = html.count("<li")
    # A sentence is what lies between two full stops: a full stop added at the end adds none.
    sentences = sum(1 for line in plain.splitlines() for part in _SENTENCE_END.split(line) if part.strip())
    found.update({"list item": items, "sentence": sentences})
    found = +found  # (no fact counted zero times)
    for name in _QUOTED_NAME.findall(plain):
        found[f"name 「{name.strip()}」"] += 1
    if code.lower().startswith("ko"):
        found.update(f"name {name}" for name in _KO_BODY.findall(plain))
        found.update("commitment " + "".join(word.split()) for word in _KO_COMMITMENTS.findall(plain))
        found.update(f"number {m[1]} {m[2]}" for m in _KO_NUMBER.finditer(plain))
    found.update(f"name {name}" for name in _en_names(plain))
    for word in _WORD.findall(plain):
        lower = word.lower()
        if lower in _NUMBER_WORDS:
            found[f"number {lower}"] += 1
        elif lower in _EN_COMMITMENTS:
            found[f"commitment {lower}"] += 1
    return found


def _shown(fact: str, count: int) -> str:
    kind, _, value = fact.partition(" ")
    if kind in ("list", "sentence"):
        noun = "a list item" if kind == "list" else "a sentence"
        return noun if count == 1 else f"{count} {'list items' if kind == 'list' else 'sentences'}"
    label = {"commitment": "the word", "term": "the name"}.get(kind, "")
    value = f"“{value}”"
    shown = f"{label} {value}".strip()
    return shown if count == 1 else f"{shown} ×{count}"


def _compare(
    key: PathKey, where: str, before: str, after: str, code: str, glossary: tuple[Term, ...], own: frozenset[str] = frozenset()
) -> FactChange | None:
    old, new = text_facts(before, code, glossary), text_facts(after, code, glossary)
    if old == new:
        return None
    removed, added = old - new, new - old
    # A date the text gave wrongly for the version's own, put right: the version's dates are the facts.
    for day in [fact for fact in added.elements() if fact.removeprefix("date ") in own]:
        wrong = next((fact for fact in removed if fact.startswith("date ")), None)
        if wrong is not None:
            removed[wrong] -= 1
            added[day] -= 1
    removed, added = +removed, +added
    if not removed and not added:
        return None
    return FactChange(
        key,
        where,
        tuple(_shown(fact, count) for fact, count in sorted(removed.items())),
        tuple(_shown(fact, count) for fact, count in sorted(added.items())),
    )


def fact_changes(before: VersionFile, after: VersionFile, glossary: tuple[Term, ...] = ()) -> list[FactChange]:
    """Every fact that differs between a published text and its correction (empty: wording only).

    >>> import datetime as dt
    >>> from policypress.core.model import Section
    >>> def version(body: str) -> VersionFile:
    ...     section = Section(id="retention", title={"en": "Retention"}, body={"en": body})
    ...     return VersionFile(announced=dt.date(2026, 1, 1), effective=dt.date(2026, 1, 8), summary={"en": "x"}, sections=[section])
    >>> fact_changes(version("Kept for 3 years."), version("Kept for three years"))[0].describe()
    'section "retention" (en): “3” → “three”'
    >>> fact_changes(version("Kept for 3 yaers."), version("Kept for 3 years."))
    []
    """
    changes: list[FactChange] = []
    own = frozenset(day.isoformat() for day in (after.announced, after.effective))
    for name in ("announced", "effective", "adverse"):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            changes.append(FactChange((name,), name, (str(old).lower(),), (str(new).lower(),)))
    for name in ("summary", "notice_waiver", "preamble"):
        old_texts, new_texts = getattr(before, name) or {}, getattr(after, name) or {}
        for code in sorted(set(old_texts) | set(new_texts)):
            found = _compare((name, code), f"{name} ({code})", old_texts.get(code, ""), new_texts.get(code, ""), code, glossary, own)
            if found:
                changes.append(found)
    # What applies to a reader's data is a fact: an item declared not applicable, or a label of the summary
    # (주요 개인정보 처리 표시: that the processing exists), added or gone; and the facts in their texts.
    for field, what in (("not_applicable", "the declaration"), ("labels", "the label")):
        old_items, new_items = getattr(before, field) or {}, getattr(after, field) or {}
        for item in sorted(set(old_items) | set(new_items)):
            if item not in old_items or item not in new_items:
                added = item not in old_items
                changes.append(FactChange((field, item), f'{field} "{item}"', () if added else (what,), (what,) if added else ()))
                continue
            for code in sorted(set(old_items[item]) | set(new_items[item])):
                found = _compare(
                    (field, item, code), f'{field} "{item}" ({code})',
                    old_items[item].get(code, ""), new_items[item].get(code, ""), code, glossary, own,
                )  # fmt: skip
                if found:
                    changes.append(found)
    old_sections = {section.id: section for section in before.sections}
    new_ids = {section.id for section in after.sections}
    for index, section in enumerate(after.sections):
        old = old_sections.get(section.id)
        if old is None:
            changes.append(FactChange(("sections", index, "id"), f'section "{section.id}"', (), ("the whole section",)))
            continue
        for code in sorted(section.body):
            for part, key in (("title", "title"), ("body", "body")):
                label = f'section "{section.id}" ({code})' if part == "body" else f'the title of section "{section.id}" ({code})'
                found = _compare(
                    ("sections", index, key, code), label,
                    getattr(old, part).get(code, ""), getattr(section, part).get(code, ""), code, glossary, own,
                )  # fmt: skip
                if found:
                    changes.append(found)
    for section in before.sections:
        if section.id not in new_ids:
            changes.append(FactChange(("sections",), f'section "{section.id}"', ("the whole section",), ()))
    return changes


def not_wording(changed: list[FactChange]) -> str:
    """What a refusal says of ``changed``: which facts a correction would change."""
    return f"changes what the published text says ({'; '.join(change.describe() for change in changed)}); an erratum corrects wording, never a fact"


# -- the texts a version had before its corrections ---------------------------------------------------


@dataclass(frozen=True)
class EarlierText:
    """A text a published version had until a correction replaced it: readers keep it at its own address."""

    number: int
    """Which correction replaced it, counted from 1 (the text as first published is the one before correction 1)."""
    erratum: Erratum
    version: Version | None
    """The text as a version (``None`` when the lock does not keep it: an erratum recorded before it did)."""


def earlier_texts(policy: Policy, version: Version) -> list[EarlierText]:
    """The texts ``version`` had before each of its corrections, oldest first (from the lock read with the policy).

    A text whose hash does not match its erratum is left out (``version``
    ``None``): :func:`policypress.core.lock_rules.verify_policy` reports it.
    """
    lock = policy.lock
    entry = lock.entries.get(version.slug) if lock is not None else None
    if lock is None or entry is None:
        return []
    out = []
    for number, erratum in enumerate(entry.errata, start=1):
        earlier = None
        if erratum.before is not None and digest(erratum.before) == erratum.old:
            try:
                earlier = Version(policy.id, VersionFile.model_validate(erratum.before), SourceMap(lock.path))
            except ValidationError:
                earlier = None
        out.append(EarlierText(number, erratum, earlier))
    return out


def following_text(texts: list[EarlierText], version: Version, index: int) -> Version | None:
    """The text correction ``texts[index]`` made: the next earlier text, or the version as it is now.

    In the languages the corrected text had: a translation added since (a
    language the lock records as added, :class:`~policypress.core.lock_file.Translation`)
    is not part of what the correction changed.
    """
    after = texts[index + 1].version if index + 1 < len(texts) else version
    before = texts[index].version
    if after is None or before is None:
        return after
    codes = languages_in(before.content_data())
    if languages_in(after.content_data()) == codes:
        return after
    return Version(after.policy_id, VersionFile.model_validate(in_languages(after.content_data(), codes)), after.source)


__all__ = ["EarlierText", "FactChange", "earlier_texts", "fact_changes", "following_text", "not_wording", "text_facts"]
