"""How a yes/no setting written as text reads (an environment variable, or ``!ENV`` in ``mkdocs.yml``)."""

from __future__ import annotations

YES = frozenset({"1", "true", "yes", "on"})
NO = frozenset({"", "0", "false", "no", "off"})


def flag(text: str | None) -> bool | None:
    """``True`` or ``False`` for a word that says so (any case, spaces around), ``None`` for anything else.

    >>> flag(" Yes "), flag("0"), flag(""), flag(None), flag("maybe")
    (True, False, False, False, None)
    """
    word = (text or "").strip().lower()
    return True if word in YES else False if word in NO else None


__all__ = ["NO", "YES", "flag"]
