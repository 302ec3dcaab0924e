"""Where a site's content lives under docs/, and what may lie there.

A policy is a folder holding ``policy.yml``, ``versions.lock`` and
``versions/`` (one file per version). Everything else under docs/ is either
a hand-written page MkDocs publishes, or content that is never published as
it is (YAML, lock files): :func:`layout_problems` finds files in a place
where policypress would lose them or publish them by mistake.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Callable

from policypress.core.errors import ContentError, Location

POLICY_FILE = "policy.yml"
VERSIONS_DIR = "versions"
LOCK_NAME = "versions.lock"
#: What a policy's folder holds; anything else there would be published by MkDocs.
POLICY_FOLDER_ENTRIES = (POLICY_FILE, LOCK_NAME, VERSIONS_DIR)
#: Content, never published: YAML anywhere under docs/, and lock files.
CONTENT_SUFFIXES = (".yml", ".yaml")


def discover(docs_dir: Path) -> list[Path]:
    """The folders under ``docs_dir`` that hold a ``policy.yml``, in path order (never one that lies outside the project)."""
    return sorted(path.parent for path in docs_dir.rglob(POLICY_FILE) if path.is_file() and not foreign(path, docs_dir))


def _project_folders(docs_dir: Path) -> tuple[Path, ...]:
    # The project is the folder docs/ lies in (mkdocs.yml's); docs/ itself may be a link to elsewhere.
    return (docs_dir.absolute().parent.resolve(), docs_dir.resolve())


def foreign(path: Path, docs_dir: Path) -> str | None:
    """Why ``path`` under ``docs_dir`` must not be read: a link out of the project, or no regular file; ``None`` if it may.

    A link under docs/ to ``~/.ssh/id_rsa`` or ``/etc/passwd`` would be
    published as an asset, quoted in an error or indexed for search; a FIFO
    or a device (``/dev/zero``) would never finish being read. Links that
    stay inside the project are files of the project like any other.
    """
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a dangling link, or a loop of links
        return "is a link to nothing (a missing file, or links in a loop)" if path.is_symlink() else None
    if not any(real == folder or folder in real.parents for folder in _project_folders(docs_dir)):
        return "is a link to a file outside the project; policypress reads and publishes only the project's files: copy the file into the project, or remove the link"
    if real.is_dir() and path.is_symlink() and (real == docs_dir.resolve() or real in docs_dir.resolve().parents):
        return "is a link to a folder that holds docs/ itself (the project would be published under it): remove the link"
    if not real.is_dir() and not real.is_file():
        return "is not a regular file (a pipe or a device would never finish being read): remove it"
    return None


def foreign_error(path: Path, docs_dir: Path) -> ContentError | None:
    """The error of a path :func:`foreign` refuses (``None`` when it may be read): the same wherever it is met."""
    why = foreign(path, docs_dir)
    if why is None:
        return None
    kind = "folder" if path.is_dir() else "file"
    return ContentError(Location(path), f"this {kind} {why}")


def foreign_files(docs_dir: Path) -> list[ContentError]:
    """An error for every link under ``docs_dir`` that leads out of the project, and every file that is not a file.

    Walks without following links (what a link leads to is checked, not
    entered), so nothing outside the project is read.
    """
    problems = []
    for dirpath, dirnames, filenames in os.walk(docs_dir):
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))
        for name in (*dirnames, *sorted(filenames)):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_dir():
                error = foreign_error(path, docs_dir)
                if error is not None:
                    problems.append(error)
    return problems


_CONTENT_NAME = re.compile(r"\.ya?ml(?:$|[.~#])", re.IGNORECASE)
"""YAML, and the copies editors leave of it (``x.yml.bak``, ``glossary.yml~``, ``a.yaml.orig``)."""


def is_content(path: Path) -> bool:
    """Whether ``path`` under docs/ is content that is never published as it is (YAML and its copies, a lock file).

    >>> [is_content(Path(name)) for name in ("a.yml", "a.YAML", "a.yml.bak", "glossary.yml~", "versions.lock.orig", "a.md")]
    [True, True, True, True, True, False]
    """
    return bool(_CONTENT_NAME.search(path.name)) or path.name.startswith(LOCK_NAME)


def _hidden(path: Path, docs_dir: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(docs_dir).parts)


def layout_problems(docs_dir: Path, glossary: str) -> list[ContentError]:
    """Files under ``docs_dir`` in a place policypress would lose or publish by mistake.

    A policy's folder holds ``policy.yml``, ``versions.lock`` and
    ``versions/`` (version files only): a draft beside them, a folder of
    drafts, a README or another policy inside them is an error, as are
    version files or a lock without their ``policy.yml`` (the policy would
    vanish from the site without a word). YAML elsewhere under docs/ (except
    the glossary) is never published, which a warning says.
    """
    problems: list[ContentError] = []
    policies = set(discover(docs_dir))
    for folder in sorted(policies):
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(".") or (entry.name in POLICY_FOLDER_ENTRIES and entry.is_dir() == (entry.name == VERSIONS_DIR)):
                continue
            if entry in policies:
                problems.append(
                    ContentError(
                        Location(entry / POLICY_FILE, 1),
                        f"a policy cannot lie inside the folder of another policy ({folder.relative_to(docs_dir).as_posix()}): "
                        "its pages would take the addresses of that policy's pages; move it beside it",
                    )
                )
                continue
            kind = "folder" if entry.is_dir() else "file"
            problems.append(
                ContentError(
                    Location(entry),
                    f"a policy's folder holds only {POLICY_FILE}, {LOCK_NAME} and {VERSIONS_DIR}/; move this {kind} out "
                    "of docs/ (drafts included: everything under docs/ is published or lost)",
                )
            )
        versions = folder / VERSIONS_DIR
        if versions.is_dir():
            for entry in sorted(versions.iterdir()):
                if entry.is_dir() and not entry.name.startswith("."):
                    problems.append(
                        ContentError(
                            Location(entry),
                            f"{VERSIONS_DIR}/ holds only version files named YYYY-MM-DD.yml; move this folder out of docs/",
                        )
                    )
    def inside_policy(path: Path) -> bool:
        return any(folder in path.parents for folder in policies)

    for path in sorted(docs_dir.rglob("*")):
        if _hidden(path, docs_dir) or inside_policy(path):
            continue
        if path.name == VERSIONS_DIR and path.is_dir() and any(p.suffix in CONTENT_SUFFIXES for p in path.iterdir()):
            problems.append(
                ContentError(
                    Location(path),
                    f"version files without a {POLICY_FILE} beside them: restore {path.parent.relative_to(docs_dir).as_posix() or '.'}/{POLICY_FILE} "
                    "(without it the policy would vanish from the site)",
                )
            )
        elif path.name == LOCK_NAME and path.is_file() and not (path.parent / POLICY_FILE).is_file():
            problems.append(
                ContentError(
                    Location(path, 1),
                    f"{LOCK_NAME} without a {POLICY_FILE} beside it: restore {POLICY_FILE} "
                    "(without it the policy would vanish from the site)",
                )
            )
        elif path.is_file() and is_content(path) and path != docs_dir / glossary and path.parent.name != VERSIONS_DIR:
            problems.append(
                ContentError(
                    Location(path),
                    "YAML under docs/ is content and is not published; move this file out of docs/ if it is a draft",
                    severity="warning",
                )
            )
    return problems


def collect_sources(docs_dir: Path, skip: Callable[[Path], bool]) -> dict[str, Path]:
    """Hand-written files under ``docs_dir`` (relative POSIX name → path), minus ``skip``ped ones.

    Links are followed as MkDocs follows them, but only while they stay in
    the project (:func:`policypress.core.layout.foreign`): a link out of it is
    never published (validation names it), and a folder reached twice through
    links is walked once.
    """
    found: dict[str, Path] = {}
    seen: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=True):
        real = Path(dirpath).resolve()
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        # Hidden folders (.git, editor caches) are never published, as in MkDocs.
        dirnames[:] = sorted(
            name for name in dirnames if not name.startswith(".") and foreign(Path(dirpath) / name, docs_dir) is None
        )
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or foreign(path, docs_dir) is not None or skip(path):
                continue
            found[path.relative_to(docs_dir).as_posix()] = path
    return found
