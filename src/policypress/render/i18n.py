"""Translations and locale-aware formatting for one page language.

UI strings come from gettext catalogs: the package's own
(``policypress/locales``) with the site's ``locales/`` merged over them, so a
site can reword any string without forking the package. Catalogs are read
from their ``.po`` source and compiled in memory, which removes any chance of
a stale committed ``.mo``. Dates and durations are Babel's, never strftime.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_timedelta
from babel.lists import format_list
from babel.messages.catalog import Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from policypress.core.errors import ContentError, Location
from policypress.core.languages import Language, locale_of
from policypress.package_data import LOCALES

DOMAIN = "policypress"
_HOLE = re.compile("\x00([0-9]+)\x00")
PACKAGE_LOCALES = LOCALES


@functools.lru_cache(maxsize=64)
def _compile(po_path: Path, mtime_ns: int) -> Translations:
    # mtime is part of the key so `mkdocs serve` picks up an edited catalog.
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=po_path.parent.parent.name)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def load_translations(code: str, site_locales: Path | None = None) -> NullTranslations:
    """The package catalog for ``code`` with the site's catalog (if any) merged over it."""
    result: NullTranslations = NullTranslations()
    for folder in (PACKAGE_LOCALES, site_locales):
        if folder is None:
            continue
        po_path = folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.is_file():
            continue
        translations = _compile(po_path, po_path.stat().st_mtime_ns)
        if isinstance(result, Translations):
            # merge() mutates; start from a copy so the cache stays pristine.
            merged = Translations(domain=DOMAIN)
            merged.merge(result)
            merged.merge(translations)
            # An empty Translations counts plurals as English does (n != 1); keep the language's rule,
            # or Korean (one form) asks for a second form that is not there and prints the English.
            merged.plural = result.plural
            result = merged
        else:
            result = translations
    return result


_NAMED = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]?")


def _names(text: str) -> dict[str, str]:
    """The named placeholders of ``text``, each as first written (``{"num": "%(num)d"}``)."""
    found: dict[str, str] = {}
    for match in _NAMED.finditer(text):
        found.setdefault(match[1], match[0])
    return found


@functools.cache
def _package_messages() -> frozenset[str]:
    """The msgids of policypress's own strings (every catalog of the package lists all of them)."""
    ids: set[str] = set()
    for po_path in PACKAGE_LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        with po_path.open("rb") as handle:
            ids.update(message.id if isinstance(message.id, str) else message.id[0] for message in read_po(handle) if message.id)
    return frozenset(ids)


def catalog_problems(site_locales: Path | None, codes: Sequence[str]) -> list[ContentError]:
    """What the site's catalogs would break, each at its line: the build and ``check`` stop for them.

    A site may reword any string of policypress's, but a rewording keeps the
    placeholders of the original: "changes on %(date)s." reworded as "곧
    변경됩니다." would publish the notice of a change without the date it takes
    effect, and a mistyped "%(dat)s" would stop the build with a traceback. A
    policypress string is always filled with ``%`` (Jinja's gettext does), so a
    rewording must be a format it can fill: a percent sign is written ``%%``;
    and it is taken as markup, so a rewording holds no tag (``<img onerror=…>``
    in "See what changes" was put in every page).
    A catalog that cannot be read is named at the line where reading stopped.
    """
    if site_locales is None:
        return []
    problems: list[ContentError] = []
    for code in codes:
        po_path = site_locales / code / "LC_MESSAGES" / f"{DOMAIN}.po"
        if not po_path.is_file():
            continue
        try:
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=code, abort_invalid=True)
        except PoFileError as exc:
            # Babel counts this line from 0 (and its messages' lines from 1), and says it again in the message.
            reason = re.sub(r" on \d+$", "", str(exc.args[0])).lower()
            problems.append(
                ContentError(Location(po_path, exc.lineno + 1), f"not a gettext catalog ({reason}): each entry is a msgid line, then its msgstr")
            )
            continue
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(ContentError(Location(po_path), f"not a gettext catalog in UTF-8: {exc}"))
            continue
        try:
            gettext.c2py(catalog.plural_expr)
        except ValueError as exc:  # (gettext's own words: "unbalanced parenthesis in plural form")
            where = Location(po_path, _header_line(po_path, "Plural-Forms:"))
            problems.append(ContentError(where, f'Plural-Forms: "{catalog.plural_forms}" is not a rule gettext can read ({exc})'))
        for message in catalog:
            problem = _message_problems(po_path, message)
            if problem is not None:
                problems.append(problem)
    return problems


def _header_line(po_path: Path, name: str) -> int:
    """The line of the catalog's header field ``name`` (0 when it is not written there)."""
    for number, line in enumerate(po_path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip('"').startswith(name):
            return number
    return 0


def _texts(value: object) -> tuple[str, ...]:
    """A message's id or string as its forms (one, or one per plural form)."""
    return tuple(str(text) for text in value) if isinstance(value, (tuple, list)) else (str(value or ""),)


def _message_problems(po_path: Path, message: Message) -> ContentError | None:
    if not message.id or message.fuzzy:
        return None  # the header, or a translation gettext leaves unused
    ids = _texts(message.id)
    forms = _texts(message.string)
    expected = {name: spec for text in reversed(ids) for name, spec in _names(text).items()}
    where = Location(po_path, message.lineno or 0)
    original = f'"{ids[0]}"'
    for form in forms:
        if not form:
            continue  # untranslated: the original is shown
        written = _names(form)
        missing = [expected[name] for name in sorted(expected.keys() - written.keys())]
        extra = [written[name] for name in sorted(written.keys() - expected.keys())]
        if missing or extra:
            return ContentError(where, _placeholder_message(original, missing, extra))
        if ids[0] in _package_messages():
            # policypress's templates take a translation of their own strings as markup (Jinja's gettext does):
            # a tag in it would be part of every page that says it, a script or a link to elsewhere among them.
            tag = _TAG.search(form)
            if tag is not None:
                return ContentError(
                    where,
                    f"the translation of {original} holds HTML ({tag[0]}): policypress's strings are words, shown as "
                    "written on every page; write the words only (&lt; for a < readers should see)",
                )
            try:
                form % dict.fromkeys(expected, 0)
            except (ValueError, TypeError):
                return ContentError(
                    where, f"the translation of {original} has a percent sign that is not a placeholder such as %(date)s: write it as %%"
                )
    return None


_TAG = re.compile(r"<[^<>]{0,30}>?")


def _placeholder_message(original: str, missing: list[str], extra: list[str]) -> str:
    def shown(placeholders: list[str]) -> str:
        return ", ".join(placeholders)

    if missing and extra:
        return f"the translation of {original} has {shown(extra)} where the original has {shown(missing)}: write the original's placeholders as they are"
    if missing:
        return f"the translation of {original} leaves out {shown(missing)}: readers would not see what it stands for; keep every placeholder of the original"
    return f"the translation of {original} has {shown(extra)}, which the original does not have: use only the original's placeholders"


@dataclass(frozen=True)
class Translator:
    """Everything a page in one language needs to speak that language."""

    language: Language
    translations: NullTranslations

    @property
    def code(self) -> str:
        return self.language.code

    @property
    def locale(self) -> Locale:
        return self.language.locale

    def gettext(self, message: str, **values: object) -> str:
        """The translation of ``message``, with ``%(name)s`` placeholders filled."""
        text = self.translations.gettext(message)
        return text % values if values else text

    def pgettext(self, context: str, message: str) -> str:
        """The translation of ``message`` where ``context`` says what it is for: a separator is ", " in English and
        Korean, "、" in Japanese, and another one where it stands between links."""
        return str(self.translations.pgettext(context, message))  # (Babel types it as object)

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The plural form for ``count`` (Korean has one form, English two)."""
        text = self.translations.ngettext(singular, plural, count)
        return text % {"num": count, **values}

    def date(self, day: dt.date, format: str = "long") -> str:
        """A date the way this language writes it: ``2023년 12월 1일``, ``December 1, 2023``."""
        return _format_date(day, format, self.locale)

    def period(self, start: dt.date, end: dt.date) -> str:
        """A span of days the way this language writes it: ``2023년 12월 1일 ~ 2026년 12월 20일``, ``December 1, 2023 – December 20, 2026``.

        Each day written in full, as every other date of the site, joined by
        the language's own pattern for a span (CLDR's, through Babel).
        """
        pattern = self.locale.interval_formats.get(None) or "{0} – {1}"
        return pattern.replace("{0}", self.date(start)).replace("{1}", self.date(end))

    def days(self, count: int) -> str:
        """A number of days as words: ``7일``, ``7 days``."""
        return format_timedelta(dt.timedelta(days=count), threshold=10_000, granularity="day", locale=self.locale)

    def join_html(self, parts: Sequence[str]) -> Markup:
        """HTML fragments as this language lists them: ``A, B 및 C``, ``A, B, and C`` (Babel's CLDR lists).

        Each part is already HTML (a ``Markup``); the words between them are escaped.
        """
        # CLDR's pattern is formatted around numbered holes, then cut at them: a
        # part is put in once, whatever it holds, and never searched again.
        pattern = format_list([f"\x00{index}\x00" for index in range(len(parts))], locale=self.locale)
        pieces = _HOLE.split(pattern)
        out = [escape(piece) if position % 2 == 0 else escape(parts[int(piece)]) for position, piece in enumerate(pieces)]
        return Markup("").join(out)

    def language_name(self, code: str) -> str:
        """The name of another language in this one: ``Korean`` for ``ko`` on an English page."""
        return locale_of(code).get_language_name(self.locale) or code


@functools.lru_cache(maxsize=4096)
def _format_date(day: dt.date, format: str, locale: Locale) -> str:
    # A site shows the same few hundred dates on every page: Babel formats each once.
    return format_date(day, format=format, locale=locale)


def translator(language: Language, site_locales: Path | None = None) -> Translator:
    """A :class:`Translator` for ``language`` using the package's and the site's catalogs."""
    return Translator(language, load_translations(language.code, site_locales))
