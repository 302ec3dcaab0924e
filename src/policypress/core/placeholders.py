"""The placeholders ``policypress init`` and ``new-policy`` leave for the author: ``[작성: …]`` and ``[Write: …]``.

A policy is a public record: text still asking to be written must not be
published. ``check`` and ``build`` warn at each one (so a new site can be
looked at while it is written, and ``--strict``, which publishing uses,
refuses it); ``lock`` refuses a version that has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from policypress.core.errors import ContentError, Location
from policypress.core.model import Policy, Version

PLACEHOLDER = re.compile(r"\[(?:작성|Write):[^\]\n]*\]")


def placeholders(text: str) -> Iterator[tuple[int, int, str]]:
    """The placeholders in a file's ``text``: (line, column, placeholder), counting from 1; comments aside.

    >>> list(placeholders("# replace every [작성: …]\\na: 1\\nb: '[작성: 처리 목적]'\\n"))
    [(3, 5, '[작성: 처리 목적]')]
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue  # a comment that explains the placeholders is not one
        for match in PLACEHOLDER.finditer(line):
            yield number, match.start() + 1, match[0]


def version_placeholders(version: Version) -> list[tuple[int, int, str]]:
    """The placeholders left in a version's file (none when it cannot be read: the loader said why)."""
    try:
        text = version.source.path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    return list(placeholders(text))


def placeholder_problems(policy: Policy) -> list[ContentError]:
    """A warning at each placeholder left in a version of ``policy`` not locked as it is.

    A version locked with its current text passed :func:`lock`'s refusal, so
    only new or changed versions are read again: a build of years of versions
    does not re-read them all.
    """
    entries = policy.lock.entries if policy.lock is not None else {}
    return [
        ContentError(
            Location(version.source.path, line, column),
            f"{found} is a placeholder: replace it with the text it asks for (policypress lock refuses a version that has one)",
            severity="warning",
        )
        for version in policy.versions
        if (entry := entries.get(version.slug)) is None or entry.hash != version.content_hash()
        for line, column, found in version_placeholders(version)
    ]
