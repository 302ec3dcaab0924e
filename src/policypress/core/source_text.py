"""A policy file as text: its size, its encoding, and the characters its text may hold.

Checked before any parser sees the bytes (:func:`decode`), and again for
every string a file holds (:func:`forbidden_character`), so that what an
editor cannot see (a terminal escape, a bidirectional control, a lone
surrogate) never reaches a page, a terminal or a review.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from policypress.core.errors import ContentError, Location

#: A version of a policy is some tens of kilobytes; anything near this limit is
#: a mistake (or an attack) and is refused before the YAML parser sees it.
MAX_FILE_BYTES = 1_000_000


def size_error(path: Path, size: int) -> ContentError | None:
    """The error for a file too large to be a policy file, or ``None``."""
    if size <= MAX_FILE_BYTES:
        return None
    return ContentError(
        Location(path, 1),
        f"file is {size / 1_000_000:.1f} MB; a policy file may be at most {MAX_FILE_BYTES // 1_000_000} MB",
    )


def decode(path: Path, raw: bytes) -> tuple[str | None, list[ContentError]]:
    """Bytes of a policy file to text, or the reason it cannot be text."""
    too_big = size_error(path, len(raw))
    if too_big is not None:
        return None, [too_big]
    if raw.startswith(b"\xef\xbb\xbf"):
        # Windows editors add a byte order mark; it carries no meaning in UTF-8.
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [ContentError(Location(path, 1, 1), "the file is saved as UTF-16; save it as UTF-8")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = raw.rfind(b"\n", 0, exc.start) + 1
        line = raw.count(b"\n", 0, exc.start) + 1
        # Editors count characters, not bytes: Korean before the bad byte is 3 bytes a character.
        column = len(raw[start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, [
            ContentError(
                Location(path, line, column),
                f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
            )
        ]
    return text, []


def _noncharacters() -> str:
    planes = "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(1, 17))
    return "\ufdd0-\ufdef\ufffe\uffff" + planes


#: Characters no policy text may hold, each with the reason given to the editor.
#: Escapes in double quotes ("\x1b", "\u202e") reach past YAML's own check of
#: control characters: a terminal escape would rewrite the screen of whoever
#: runs `policypress diff`, and a bidirectional control (the "Trojan Source"
#: trick) makes text read differently from what it is.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f]"
    "|[\ud800-\udfff]"
    f"|[{_noncharacters()}]"
    "|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
    "|[\u2028\u2029]"
    "|\ufeff"
)
#: In keys, line breaks and tabs too: a key is one word.
_FORBIDDEN_IN_KEY = re.compile(f"{_FORBIDDEN.pattern}|[\t\n]")


def forbidden_character(text: str, *, key: bool = False) -> tuple[int, str] | None:
    r"""The first character of ``text`` no policy text may hold, with why, or ``None``.

    >>> forbidden_character("ok\u202etxt.exe")
    (2, 'U+202E, a bidirectional control, which changes how the text around it is displayed')
    >>> forbidden_character("줄\n바꿈"), forbidden_character("a\nb", key=True)[0]
    (None, 1)
    """
    match = (_FORBIDDEN_IN_KEY if key else _FORBIDDEN).search(text)
    if match is None:
        return None
    char = match.group()
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "half of a UTF-16 surrogate pair, not a character (an escape such as \\ud800 on its own?)"
    elif char in "\u2028\u2029":
        what = "a line or paragraph separator (use a line break)"
    elif char == "\ufeff":
        what = "a byte order mark"
    elif char == "\n":
        what = "a line break"
    elif char == "\t":
        what = "a tab"
    elif unicodedata.category(char) == "Cc":
        what = "a control character"
    elif unicodedata.category(char) == "Cf":
        what = "a bidirectional control, which changes how the text around it is displayed"
    else:
        what = "a noncharacter, reserved by Unicode for internal use"
    return match.start(), f"U+{code:04X}, {what}"
