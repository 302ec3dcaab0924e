"""Korean particles after a name: 은/는, 이/가, 을/를, 과/와, chosen by how the name ends.

Written here rather than taken from a library: the rule is a few lines
(a final consonant takes the first form), and the packages on PyPI that do it
(hgtk, hangul-utils, tossi…) have been unmaintained for years. A name that
ends in a Latin word cannot be judged from its spelling ("Google" is read
구글), so it gets both forms, as Korean writing does: 은(는).
"""

from __future__ import annotations

#: The particles this module knows, by the form after a final consonant.
PAIRS = {"은": "는", "이": "가", "을": "를", "과": "와"}
#: Digits as Korean reads them: 영 일 이 삼 사 오 육 칠 팔 구 (True: ends in a consonant).
_DIGIT_FINAL = dict(zip("0123456789", (True, True, False, True, False, False, True, True, True, False)))
#: Capital letters as Korean reads them in an acronym: 엘, 엠, 엔, 알 end in a consonant.
_LETTER_FINAL = {letter: letter in "LMNR" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
_CLOSING = ")]}」』'\"”’. "


def ends_in_consonant(name: str) -> bool | None:
    """Whether ``name`` is read with a final consonant (받침); None when its spelling cannot say.

    >>> ends_in_consonant("르블랑치과의원"), ends_in_consonant("예시 주식회사"), ends_in_consonant("KT&G")
    (True, False, False)
    >>> ends_in_consonant("Example Inc.") is None
    True
    """
    text = name.rstrip(_CLOSING)
    if not text:
        return None
    last = text[-1]
    if "가" <= last <= "힣":
        return (ord(last) - ord("가")) % 28 != 0
    if last in _DIGIT_FINAL:
        return _DIGIT_FINAL[last]
    if last in _LETTER_FINAL and (len(text) == 1 or not text[-2].islower()):
        return _LETTER_FINAL[last]
    return None


def with_particle(name: str, particle: str) -> str:
    """``name`` followed by the right form of ``particle`` (given as either form).

    >>> with_particle("르블랑치과의원", "는"), with_particle("예시 주식회사", "은"), with_particle("Example Inc.", "이")
    ('르블랑치과의원은', '예시 주식회사는', 'Example Inc.이(가)')
    """
    after_consonant = next((first for first, second in PAIRS.items() if particle in (first, second)), None)
    if after_consonant is None:
        raise ValueError(f"{particle!r} is not a particle this knows ({', '.join(f'{a}/{b}' for a, b in PAIRS.items())})")
    after_vowel = PAIRS[after_consonant]
    final = ends_in_consonant(name)
    if final is None:
        return f"{name}{after_consonant}({after_vowel})"
    return name + (after_consonant if final else after_vowel)
