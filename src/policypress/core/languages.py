"""The languages of a site, as the site configures them.

Nothing else in policypress names a language: content maps are keyed by these
codes, URLs get their prefix from here, and Babel gets its locale from here, so
a third language is configuration plus translations.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from babel import Locale, UnknownLocaleError

from policypress.core.errors import PolicyPressError
from policypress.core.source_text import forbidden_character


@functools.lru_cache(maxsize=64)
def locale_of(code: str) -> Locale:
    """The Babel locale of a language code as sites write it (``ko``, ``en-US``, ``zh-Hant``).

    >>> str(locale_of("zh-Hant")), str(locale_of("en_US"))
    ('zh_Hant', 'en_US')
    """
    return Locale.parse(code.replace("-", "_"))


_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


class LanguageError(PolicyPressError, ValueError):
    """A language of the site's configuration that policypress cannot build; ``code`` names it."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Language:
    """One language of the site."""

    code: str
    """The key of this language in content maps and the folder of its pages (``en``)."""
    name: str
    """The language's name in itself, for the switcher (``한국어``)."""

    @property
    def locale(self) -> Locale:
        """The Babel locale for dates, durations and plural forms."""
        return locale_of(self.code)


@dataclass(frozen=True)
class Languages:
    """The ordered languages of a site; the default one is served at the site root."""

    items: tuple[Language, ...]
    default: str

    def __post_init__(self) -> None:
        codes = [language.code for language in self.items]
        if not codes:
            raise LanguageError("a site needs at least one language")
        twice = sorted({code for code in codes if codes.count(code) > 1})
        if twice:
            raise LanguageError(f"language {twice[0]} is listed twice; list each language once", twice[0])
        if self.default not in codes:
            raise LanguageError(f"the default language {self.default!r} is not one of {', '.join(codes)}", self.default)
        for language in self.items:
            if not _CODE.fullmatch(language.code):
                raise LanguageError(
                    f"language code {language.code!r} is also a folder of the site's addresses: use letters, "
                    "digits and hyphens (ko, en, zh-Hant)",
                    language.code,
                )
            found = forbidden_character(language.name, key=True)
            if found is not None:
                # The name is printed on every page and by `policypress diff`: a control character would rewrite a terminal.
                raise LanguageError(f"the name of language {language.code} holds {found[1]}; write it as plain text", language.code)
            try:
                language.locale
            except (UnknownLocaleError, ValueError):
                raise LanguageError(f"{language.code!r} is not a language Babel knows (expected a code such as ko, en or zh-Hant)", language.code) from None

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]], default: str | None = None) -> Languages:
        """Languages from ``(code, name)`` pairs; the default is the first unless named.

        >>> Languages.from_pairs([("ko", "한국어"), ("en", "English")]).codes
        ('ko', 'en')
        """
        items = tuple(Language(code, name) for code, name in pairs)
        return cls(items, default or items[0].code)

    @property
    def codes(self) -> tuple[str, ...]:
        """The language codes, default first as configured."""
        return tuple(language.code for language in self.items)

    def __iter__(self) -> Iterator[Language]:
        return iter(self.items)

    def __contains__(self, code: object) -> bool:
        return code in self.codes

    def get(self, code: str) -> Language:
        """The language with this code."""
        for language in self.items:
            if language.code == code:
                return language
        raise KeyError(code)

    def prefix(self, code: str) -> str:
        """The URL prefix of a language's pages: empty for the default language.

        >>> Languages.from_pairs([("ko", "한국어"), ("en", "English")]).prefix("en")
        'en/'
        """
        return "" if code == self.default else f"{code}/"


def configured_languages(items: list[tuple[str, str]], default: str | None, config_file: Path | None) -> Languages:
    """The languages a site's configuration lists; one policypress cannot build is refused at its line.

    The one reading of them for every front end (the MkDocs plugin and the
    command, which reads ``mkdocs.yml`` as data), so ``check`` refuses what
    ``build`` would, with the same words: ``mkdocs.yml:21: 'xx' is not a
    language Babel knows …``.
    """
    try:
        return Languages.from_pairs(items, default)
    except LanguageError as exc:
        where = _config_line(config_file, exc.code) if exc.code and config_file is not None else ""
        raise LanguageError(f"{where}{exc}", exc.code) from None
    except IndexError:
        raise LanguageError(f"{config_file.name + ': ' if config_file else ''}the site lists no language to build") from None


def _config_line(path: Path, text: str) -> str:
    """``mkdocs.yml:12: `` for the first line of ``path`` holding ``text`` as a word (``mkdocs.yml: `` if none does)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    for number, line in enumerate(lines, 1):
        if re.search(rf"(?<![\w-]){re.escape(text)}(?![\w-])", line):
            return f"{path.name}:{number}: "
    return f"{path.name}: "
