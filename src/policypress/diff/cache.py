"""Diffs kept between builds, in a JSON file keyed by the content of both versions.

A published version never changes (see :mod:`policypress.core.lockfile`), so the
diff of two versions is the same in every build until policypress's diff
itself changes. Keeping the diffs in ``.cache/policypress/diffs.json`` turns
the second and later builds of a site with a long history (``scripts/build``
again, or a CI job that keeps ``.cache/``) from diffing every pair of
versions into reading one file. Entries are keyed by both versions'
content hashes, the language and the screen-reader labels; the file records
a stamp of the code that made them (the diff, tokenizer, body renderer and
their libraries' versions) and is ignored when the stamp differs. Only the
entries a build used are written back, so the file never outgrows the site.
JSON, not pickle: a cache restored from elsewhere is data, never code.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

from policypress.diff.sections import ChangeKind, DiffLabels, SectionChange, SectionText

log = logging.getLogger(__name__)

FORMAT = 1

DiffKey = tuple[str, str, str, DiffLabels]
"""(previous version's content hash or "", version's content hash, language, labels)."""


@functools.cache
def code_stamp() -> str:
    """What the diffs depend on besides the content: this code and its libraries' versions."""
    digest = hashlib.sha256()
    # Every module of the diff package, and the body renderer whose HTML it diffs.
    for path in [*sorted(Path(__file__).parent.glob("*.py")), Path(__file__).parent.parent / "core" / "bodies.py"]:
        digest.update(path.read_bytes())
    for package in ("Markdown", "nh3", "beautifulsoup4"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(package.encode())
    return digest.hexdigest()[:32]


def _key_text(key: DiffKey) -> str:
    previous, version, code, labels = key
    return json.dumps([previous, version, code, labels.inserted, labels.deleted, labels.preamble], ensure_ascii=False)


def to_data(changes: list[SectionChange]) -> list[dict[str, Any]]:
    """The part of a diff that cannot be read again from the versions themselves."""
    out = []
    for change in changes:
        item: dict[str, Any] = {
            "id": change.id,
            "kind": change.kind.value,
            "old": change.old is not None,
            "new": change.new is not None,
            "moved": change.moved,
            "renamed": change.renamed,
            "title_html": change.title_html,
        }
        if not (change.new is not None and change.body_html == change.new.html):
            item["body_html"] = change.body_html
        out.append(item)
    return out


def from_data(data: list[dict[str, Any]], old: list[SectionText], new: list[SectionText]) -> list[SectionChange]:
    """The diff :func:`to_data` kept, with the sections of the two versions put back."""
    old_by_id, new_by_id = {s.id: s for s in old}, {s.id: s for s in new}
    changes = []
    for item in data:
        before = old_by_id[item["id"]] if item["old"] else None
        after = new_by_id[item["id"]] if item["new"] else None
        body = item.get("body_html")
        if body is None:
            if after is None:
                raise KeyError(item["id"])
            body = after.html
        changes.append(
            SectionChange(
                id=item["id"],
                kind=ChangeKind(item["kind"]),
                old=before,
                new=after,
                moved=bool(item["moved"]),
                renamed=bool(item["renamed"]),
                title_html=str(item["title_html"]),
                body_html=str(body),
            )
        )
    return changes


class DiffCache:
    """The diffs of earlier builds (:meth:`get`) and of this one (:meth:`save`)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._stored: dict[str, list[dict[str, Any]]] = {}
        if path is None:
            return
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and data.get("code") == code_stamp():
                self._stored = dict(data["diffs"])
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass  # missing or damaged: an empty cache

    def __contains__(self, key: DiffKey) -> bool:
        return _key_text(key) in self._stored

    def get(self, key: DiffKey, old: list[SectionText], new: list[SectionText]) -> list[SectionChange] | None:
        """The stored diff for ``key`` with the versions' sections ``old`` and ``new``, if there is one."""
        data = self._stored.get(_key_text(key))
        if data is None:
            return None
        try:
            return from_data(data, old, new)
        except (KeyError, ValueError, TypeError):  # an entry that does not fit: diff again
            return None

    def save(self, diffs: Iterable[tuple[DiffKey, list[SectionChange]]]) -> None:
        """Write ``diffs`` (the ones this build used) to the cache file."""
        if self.path is None:
            return
        data = {"format": FORMAT, "code": code_stamp(), "diffs": {_key_text(k): to_data(v) for k, v in diffs}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            temporary.replace(self.path)
        except OSError as exc:  # a read-only cache folder slows the next build, nothing more
            log.warning("policypress: could not write the diff cache %s (%s)", self.path, exc)
