"""Diffs kept between builds, in a JSON file keyed by the content of both versions.

A published version never changes (see :mod:`policypress.core.lock_file`), so the
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

Nor is it trusted markup. A cache file can come from anywhere (another
machine, a CI cache, a hostile hand), so every stored diff is proven before
it is used (:func:`proven`): each of its tags must be one of the two
versions' own tags or a mark of the diff itself, and read without its
insertions it must say exactly what the old text says, without its deletions
exactly what the new text says. An entry that proves nothing is diffed again.
A planted ``<script>`` or link is not one of the versions' tags; a diff that
hides a change (a word marked unchanged that is not in both texts) does not
read back as both texts.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
from importlib import metadata
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable

from policypress.diff.sections import ChangeKind, DiffLabels, SectionChange, SectionText, diff_sections

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
    return json.dumps([previous, version, code, labels.inserted, labels.deleted, labels.preamble, labels.not_applicable, labels.labels], ensure_ascii=False)


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


_Tag = tuple[str, tuple[tuple[str, str], ...]]


class _Reader(HTMLParser):
    """Reads a fragment of HTML as tags and text, noting what only a diff can hold (marks) and what none can."""

    def __init__(self, labels: DiffLabels | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.labels = labels
        self.tags: set[_Tag] = set()
        self.old: list[str] = []
        self.new: list[str] = []
        self.stack: list[str] = []
        self.inserted = self.deleted = self.label = 0
        self.labels_read: list[str] = []
        self.foreign = False
        """Something no diff writes: a comment, a declaration, a mark out of place."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pairs = tuple((name, value or "") for name, value in attrs)
        mark = (tag, pairs) in _MARKS
        if mark and self.labels is not None:
            if tag == "span" and not (self.inserted or self.deleted):
                self.foreign = True  # a label outside a mark
            self.inserted += tag == "ins"
            self.deleted += tag == "del"
            self.label += tag == "span"
        else:
            self.tags.add((tag, pairs))
        if tag not in _VOID:
            self.stack.append(f"{tag}:{int(mark)}")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add((tag, tuple((name, value or "") for name, value in attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.stack or not self.stack[-1].startswith(f"{tag}:"):
            self.foreign = True  # not well nested: nothing a diff writes
            return
        if self.stack.pop().endswith(":1") and self.labels is not None:
            self.inserted -= tag == "ins"
            self.deleted -= tag == "del"
            self.label -= tag == "span"

    def handle_data(self, data: str) -> None:
        if self.label:
            self.labels_read.append(data)
            return
        if not self.inserted:
            self.old.append(data)
        if not self.deleted:
            self.new.append(data)

    def handle_comment(self, data: str) -> None:
        self.foreign = True

    def handle_decl(self, decl: str) -> None:
        self.foreign = True

    def handle_pi(self, data: str) -> None:
        self.foreign = True

    def unknown_decl(self, data: str) -> None:
        self.foreign = True


_MARKS = {("ins", (("class", "pp-ins"),)), ("del", (("class", "pp-del"),)), ("span", (("class", "pp-sr"),))}
_VOID = frozenset({"br", "col", "hr", "img", "wbr"})


def _read(fragment: str, labels: DiffLabels | None = None) -> _Reader:
    reader = _Reader(labels)
    reader.feed(fragment)
    reader.close()
    return reader


def _squashed(parts: list[str]) -> str:
    return "".join("".join(parts).split())


def proven(diff_html: str, old_html: str, new_html: str, labels: DiffLabels) -> bool:
    """Whether ``diff_html`` is a diff of ``old_html`` and ``new_html`` that adds nothing of its own.

    Its tags are the two fragments' tags (an old one may lose its ``id``) and
    the diff's marks; its text without the insertions is the old text, and
    without the deletions the new text (whitespace aside: blocks are
    re-wrapped); its marks are labelled with ``labels``.

    >>> labels = DiffLabels(inserted="추가: ", deleted="삭제: ")
    >>> diff = '<p>개인정보<del class="pp-del"><span class="pp-sr">삭제: </span>를</del><ins class="pp-ins"><span class="pp-sr">추가: </span>는</ins> 보관</p>'
    >>> proven(diff, "<p>개인정보를 보관</p>", "<p>개인정보는 보관</p>", labels)
    True
    >>> proven(diff.replace("보관</p>", '보관<script>x()</script></p>'), "<p>개인정보를 보관</p>", "<p>개인정보는 보관</p>", labels)
    False
    >>> proven("<p>개인정보를 보관</p>", "<p>개인정보를 보관</p>", "<p>개인정보는 보관</p>", labels)
    False
    """
    diff = _read(diff_html, labels)
    if diff.foreign or diff.stack:
        return False
    old_tags, old_text = _version_fragment(old_html)
    new_tags, new_text = _version_fragment(new_html)
    allowed = old_tags | new_tags | {(tag, tuple(a for a in attrs if a[0] != "id")) for tag, attrs in old_tags}
    if not diff.tags <= allowed:
        return False
    expected = {labels.inserted, labels.deleted}
    if any(label not in expected for label in diff.labels_read):
        return False
    return _squashed(diff.old) == old_text and _squashed(diff.new) == new_text


@functools.lru_cache(maxsize=4096)
def _version_fragment(fragment: str) -> tuple[frozenset[_Tag], str]:
    """The tags of a version's own HTML and its text, squashed (read once: a version's text is the new side of one
    diff and the old side of the next, and most of it is the same from version to version)."""
    read = _read(fragment)
    return frozenset(read.tags), _squashed(read.old)


def _skeleton(changes: list[SectionChange]) -> list[tuple[object, ...]]:
    return [(c.id, c.kind, c.old is not None, c.new is not None, c.moved, c.renamed) for c in changes]


def proven_diff(changes: list[SectionChange], old: list[SectionText], new: list[SectionText], labels: DiffLabels) -> bool:
    """Whether a stored diff of two versions is theirs: their alignment, and each text a :func:`proven` diff.

    The alignment (which sections, in which order, added, removed, moved,
    renamed) is made again, which is cheap; only the word diffs of changed
    texts, the costly part, are taken from the store once proven.
    """
    if _skeleton(changes) != _skeleton(diff_sections(old, new, labels, texts=False)):
        return False
    for change in changes:
        old_html = change.old.html if change.old is not None else ""
        new_html = change.new.html if change.new is not None else ""
        if change.kind is ChangeKind.UNCHANGED:
            if change.new is None or change.body_html != change.new.html:
                return False
        elif not proven(change.body_html, old_html, new_html, labels):
            return False
        old_title = html.escape(change.old.title, quote=False) if change.old is not None else ""
        new_title = html.escape(change.new.title, quote=False) if change.new is not None else ""
        if change.renamed:
            if not proven(change.title_html, old_title, new_title, labels):
                return False
        elif change.title_html != (new_title if change.new is not None else old_title):
            return False
    return True


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
            changes = from_data(data, old, new)
        except (KeyError, ValueError, TypeError):  # an entry that does not fit: diff again
            return None
        if not proven_diff(changes, old, new, key[3]):
            log.warning("policypress: a stored diff in %s is not a diff of its versions; diffing them again", self.path)
            return None
        return changes

    def forget(self) -> None:
        """Let go of what was read from the cache file (what :meth:`save` writes is given to it)."""
        self._stored = {}

    def save(self, diffs: Iterable[tuple[DiffKey, list[dict[str, Any]]]]) -> None:
        """Write ``diffs`` (the ones this build used, each as :func:`to_data` made it) to the cache file."""
        if self.path is None:
            return
        data = {"format": FORMAT, "code": code_stamp(), "diffs": {_key_text(k): v for k, v in diffs}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            temporary.replace(self.path)
        except OSError as exc:  # a read-only cache folder slows the next build, nothing more
            log.warning("policypress: could not write the diff cache %s (%s)", self.path, exc)
