"""The lock holds each language to its own text (issue 27, item 3): what a version says in some languages, and the
order of its corrections and added translations."""

from __future__ import annotations

import datetime as dt

from policypress.core import model
from policypress.core.lock_file import Erratum, LockEntry, Translation
from policypress.core.model import LOCALIZED_FIELDS, LOCALIZED_ITEM_MAPS, LOCALIZED_SECTION_FIELDS, Section, VersionFile, in_languages


def _localized(cls: type) -> set[str]:
    """The fields of a model whose type holds text by language (``Localized``: its text validator, alone, optional or in a map)."""
    marker = model._text.__name__
    return {name for name, info in cls.model_fields.items() if f"function {marker} " in str(info.annotation)}  # type: ignore[attr-defined]


def test_every_field_that_holds_text_by_language_is_kept_by_language() -> None:
    """A new ``Localized`` field of the schema must be added to what in_languages keeps, or a translation would hide in it."""
    assert _localized(VersionFile) == set(LOCALIZED_FIELDS) | set(LOCALIZED_ITEM_MAPS)
    assert _localized(Section) == set(LOCALIZED_SECTION_FIELDS)


def test_in_languages_leaves_no_trace_of_another_language() -> None:
    data = {
        "announced": "2026-01-01", "effective": "2026-01-08", "summary": {"ko": "가", "en": "a", "ja": "あ"},
        "preamble": {"ko": "서", "en": "p", "ja": "序"}, "notice_waiver": {"ko": "면", "en": "w", "ja": "免"},
        "sections": [{"id": "s", "title": {"ko": "제", "en": "t", "ja": "題"}, "body": {"ko": "본", "en": "b", "ja": "本"}}],
        "not_applicable": {"sensitive": {"ko": "없", "en": "n", "ja": "無"}}, "labels": {"items": {"ko": "항", "en": "i", "ja": "項"}},
    }  # fmt: skip
    kept = in_languages(data, ["ko", "en"])
    assert "ja" not in repr(kept) and "あ" not in repr(kept)
    assert kept["sections"][0]["body"] == {"ko": "본", "en": "b"} and kept["labels"] == {"items": {"ko": "항", "en": "i"}}
    assert in_languages(data, ["ko", "en", "ja"]) == data
    VersionFile.model_validate(kept)  # still a version


def _hash(n: int) -> str:
    return "sha256:" + f"{n:064x}"


def test_corrections_and_translations_make_one_chain_in_the_order_made() -> None:
    day = dt.date(2026, 1, 1)
    erratum_1 = Erratum(day, "r", _hash(1), _hash(2))
    translation = Translation("ja", day + dt.timedelta(days=3), _hash(2), _hash(3))
    erratum_2 = Erratum(day + dt.timedelta(days=5), "r", _hash(3), _hash(4))
    entry = LockEntry(_hash(4), {}, day, errata=[erratum_1, erratum_2], translations=[translation])
    assert entry.amendments() == [erratum_1, translation, erratum_2]
    # A chain that does not end at the entry's hash, or skips a link, is no chain (the lock was edited by hand).
    assert LockEntry(_hash(9), {}, day, errata=[erratum_1, erratum_2], translations=[translation]).amendments() is None
    assert LockEntry(_hash(4), {}, day, errata=[erratum_1, erratum_2], translations=[]).amendments() is None
    assert LockEntry(_hash(4), {}, day).amendments() == []
