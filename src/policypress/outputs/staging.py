"""The folder MkDocs builds from: the hand-written docs plus the generated pages.

mkdocs-static-i18n localises only real files under ``docs_dir``, so generated
pages are written to disk beside copies of the hand-written ones, in a staging
folder that becomes ``docs_dir``. Files are written only when their bytes
changed and stale ones are removed, so ``mkdocs serve`` and MkDocs' own
timestamps see exactly what changed and a rebuild stays cheap.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Iterable, Mapping

from policypress.core.errors import PolicyPressError
from policypress.outputs.outdir import OutputDirError, check_protected


class StagingClash(PolicyPressError):
    """A hand-written file has the name of a generated page (validation refuses this first; this is the last guard)."""


MARKER = ".policypress-staging"
"""In every staging folder :func:`sync` made: it may be emptied and filled again. (Hidden: MkDocs skips it.)"""


def project_folders(root: Path, docs_dir: Path, locales_dir: Path, custom_dir: Path | None) -> dict[str, Path]:
    """The project's own folders, which no output or staging folder may be, hold or lie in (named for messages)."""
    protected = {"the project": root, "docs_dir": docs_dir, "the git repository": root / ".git", "the site's locales": locales_dir}
    if custom_dir is not None:
        protected["the theme's custom_dir"] = custom_dir
    return protected


def check_site_folders(protected: Mapping[str, Path], site_dir: Path, staging: Path, cache: Path) -> None:
    """Refuse a ``site_dir`` (which MkDocs empties) or staging folder (which :func:`sync` empties) that holds the project.

    ``policypress check`` runs it too, from the settings read as data, so that
    it refuses what a build would.
    """
    check_staging(staging, {**protected, "site_dir": site_dir}, cache)
    check_protected(site_dir, {**protected, "policypress's staging folder": staging})


def check_staging(target: Path, protected: Mapping[str, Path], cache: Path) -> None:
    """Refuse a staging folder that :func:`sync` would destroy something in.

    :func:`sync` removes every file it did not put in the folder, so the
    folder must not be, hold or lie in a folder of the project
    (``protected``), and, when it holds files, must be one it staged
    before (its :data:`MARKER`), or lie in policypress's ``cache``.
    """
    check_protected(target, protected, purpose="stage the docs in", noun="a staging folder", instead=".cache/policypress/docs")
    target = target.resolve()
    if target.is_dir() and not (target / MARKER).is_file() and cache.resolve() not in target.parents:
        if any(target.iterdir()):
            raise OutputDirError(
                f"refusing to stage the docs in {target}: it holds files policypress did not put there, which staging "
                "would remove; choose an empty folder, such as .cache/policypress/docs"
            )


PLACEHOLDER = (
    "<!-- policypress: a generated page. MkDocs gets its metadata and HTML from the policypress plugin;\n"
    "     this file is here so that MkDocs and mkdocs-static-i18n see the page. -->\n"
)


def sync(
    target: Path,
    copies: Mapping[str, Path],
    generated: Mapping[str, str | bytes],
    placeholders: Iterable[str] = (),
) -> int:
    """Make ``target`` hold exactly ``copies``, ``generated`` and ``placeholders``; return how many files were written.

    The placeholders are one file (:data:`PLACEHOLDER`, beside ``target``)
    under many names, as hard links where the file system has them:
    creating a file costs fifty times a link, and a large site has
    thousands of generated pages.
    """
    placeholders = list(placeholders)
    clashes = sorted(set(copies) & (set(generated) | set(placeholders)))
    if clashes:
        names = ", ".join(clashes)
        raise StagingClash(f"hand-written files would be replaced by generated pages: {names}")
    target.mkdir(parents=True, exist_ok=True)
    (target / MARKER).write_text("Staged by policypress for MkDocs; rebuilt on every build.\n", encoding="utf-8")
    written = 0
    original = target.parent / (target.name + ".placeholder.md")
    if placeholders and (not original.is_file() or original.read_text(encoding="utf-8") != PLACEHOLDER):
        original.write_text(PLACEHOLDER, encoding="utf-8")
    for name in placeholders:
        dest = target / name
        try:
            if os.path.samefile(dest, original):
                continue
            dest.unlink()
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(original, dest)
        except OSError:  # no hard links here: a copy
            dest.write_text(PLACEHOLDER, encoding="utf-8")
        written += 1
    for name, source in copies.items():
        dest = target / name
        stat = source.stat()
        try:
            existing = dest.stat()
            if existing.st_size == stat.st_size and existing.st_mtime_ns == stat.st_mtime_ns:
                continue
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, dest)
        written += 1
    for name, content in generated.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        dest = target / name
        try:
            if dest.read_bytes() == data:
                continue
        except FileNotFoundError:
            dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(data)
        written += 1
    wanted = set(copies) | set(generated) | set(placeholders) | {MARKER}
    for dirpath, dirnames, filenames in os.walk(target, topdown=False):
        for name in filenames:
            path = Path(dirpath) / name
            if path.relative_to(target).as_posix() not in wanted:
                path.unlink()
        if Path(dirpath) != target and not any(Path(dirpath).iterdir()):
            Path(dirpath).rmdir()
    return written
