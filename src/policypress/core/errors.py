"""Errors about content, reported the way a compiler reports them.

Every problem in a policy's YAML becomes a :class:`ContentError` that knows its
file, line and column, and a run collects all of them into one
:class:`ContentErrors` so an editor fixes everything in one pass instead of one
error per build.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, order=True)
class Location:
    """A place in a source file; ``line`` and ``column`` count from 1 (0: unknown)."""

    path: Path
    line: int = 0
    column: int = 0

    def display(self, root: Path | None = None) -> str:
        """``path:line:column`` with the path relative to ``root`` when it lies under it.

        >>> Location(Path("/x/docs/a.yml"), 4, 7).display(Path("/x"))
        'docs/a.yml:4:7'
        >>> Location(Path("docs/a.yml"), 4).display()
        'docs/a.yml:4'
        """
        path = self.path
        if root is not None:
            try:
                path = path.relative_to(root)
            except ValueError:
                pass
        text = path.as_posix()
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text


@dataclass(frozen=True)
class ContentError:
    """One problem in the content, with the place it was found."""

    location: Location
    message: str
    #: "error" fails the build; "warning" is printed and fails only under --strict.
    severity: str = "error"
    publication: bool = False
    """A problem of when a version may be shown (not locked in time, too little notice counted from when the public
    site showed it), not of what it says: a version readers have not been shown yet is withheld for it, not the site."""

    def display(self, root: Path | None = None) -> str:
        """The error as ``file:line:col: message``."""
        return f"{self.location.display(root)}: {self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path.as_posix(), loc.line, loc.column, self.message)


class PolicyPressError(Exception):
    """Base of every error policypress raises on purpose."""


class ContentErrors(PolicyPressError):
    """All the content errors of a run, raised together."""

    def __init__(self, errors: Iterable[ContentError], root: Path | None = None) -> None:
        self.errors = sorted(errors, key=ContentError.sort_key)
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        """Every error on its own line, in file and line order."""
        return "\n".join(error.display(self.root) for error in self.errors)

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        return f"{count} content {noun}:\n{self.report()}"
