"""Texts as they were committed: the repository's history, read with ``git``.

A lock records only the hashes of what was published. When an editor
corrects a published text, the erratum keeps the text it replaces (so it
stays public and the correction can be checked against it); that text is
the committed one, found here by its hash. Only ``git`` itself is run, with
fixed arguments and no shell; a folder that is not a repository, or a
``git`` that is missing, finds nothing.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from policypress.core.model import VersionFile, content_data, digest
from policypress.core.yamlsource import load_yaml

#: Commits of one file looked at, newest first: a published text is rarely far back.
MAX_COMMITS = 500


def _git(folder: Path, *args: str) -> bytes | None:
    try:
        result = subprocess.run(["git", *args], cwd=folder, capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def committed_text(path: Path, wanted: str) -> dict[str, Any] | None:
    """The content of the version file ``path`` as some commit holds it, whose hash is ``wanted``; ``None`` if none does.

    The index (what is staged) is looked at first, then ``HEAD``, then every
    commit that touched the file, newest first.
    """
    folder = path.parent
    top = _git(folder, "rev-parse", "--show-toplevel")
    if top is None:
        return None
    name = path.resolve().relative_to(Path(top.decode().strip()).resolve()).as_posix()
    log = _git(folder, "log", f"--max-count={MAX_COMMITS}", "--format=%H", "--", f":(top){name}") or b""
    revisions = [f":{name}", f"HEAD:{name}", *(f"{commit}:{name}" for commit in log.decode().split())]
    seen: set[bytes] = set()
    for revision in revisions:
        blob = _git(folder, "show", revision)
        if blob is None or blob in seen:
            continue
        seen.add(blob)
        document, errors = load_yaml(path, blob)
        if document is None or errors or not isinstance(document.data, dict):
            continue
        try:
            data = content_data(VersionFile.model_validate(document.data))
        except ValidationError:
            continue
        if digest(data) == wanted:
            return data
    return None


__all__ = ["committed_text"]
