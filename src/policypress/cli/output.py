"""How the command prints: problems as ``file:line:col``, counts in words, MkDocs' own warnings once each.

Everything printed from content goes through
:func:`~policypress.core.escaping.for_terminal` (or the GitHub annotation
escapes), so a title or key cannot rewrite the terminal or forge a line.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from policypress.core.errors import ContentError
from policypress.core.escaping import annotation_message, annotation_property, for_terminal


def plural(count: int, noun: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``.

    >>> plural(1, "policy", "policies"), plural(3, "policy", "policies")
    ('1 policy', '3 policies')
    """
    return f"{count} {noun if count == 1 else plural or noun + 's'}"


def print_problem(problem: ContentError, root: Path, form: str) -> None:
    """One problem on standard error, or as a GitHub Actions annotation (``form="github"``, on standard output)."""
    severity = "warning" if problem.severity == "warning" else "error"
    if form == "github":
        loc = problem.location
        path = loc.path
        try:
            path = path.relative_to(root)
        except ValueError:
            pass
        print(
            f"::{severity} file={annotation_property(path.as_posix())},line={loc.line},col={loc.column}::"
            f"{annotation_message(problem.message)}"
        )
    elif severity == "warning":
        print(for_terminal(f"{problem.location.display(root)}: warning: {problem.message}"), file=sys.stderr)
    else:
        print(for_terminal(problem.display(root)), file=sys.stderr)


class MkDocsLog(logging.Handler):
    """MkDocs' warnings and errors (its own, the theme's, every plugin's), each shown once, as ours are.

    MkDocs would print nothing without its own CLI (Python's last-resort
    handler shows a bare message), and the configuration may be read more
    than once per command, which would repeat each of its warnings.
    """

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.seen: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage().strip()
        if text in self.seen:
            return
        self.seen.add(text)
        level = "error" if record.levelno >= logging.ERROR else "warning"
        print(for_terminal(f"{level}: {text}"), file=sys.stderr)


_LOG = MkDocsLog()


def show_mkdocs_log() -> None:
    """Print MkDocs' warnings through :class:`MkDocsLog` for this command."""
    logger = logging.getLogger("mkdocs")
    if _LOG not in logger.handlers:
        logger.addHandler(_LOG)
    logger.propagate = False  # not also through the root logger
    if logger.level == logging.NOTSET or logger.level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    _LOG.seen.clear()
