"""Kiwi's morphological analyses of Korean text, cached between builds and computed ahead in a helper.

Loading Kiwi's model takes about 1.5 s and 330 MB, so a :class:`KiwiAnalyser`
(one per :class:`~policypress.session.Session`) avoids it where it can:

* analyses are kept per line, in memory and between builds in a JSON file
  (only the lines a build used are written back, so the file never outgrows
  the site): an unchanged site never loads the model;
* a build that knows early which texts it will index calls :meth:`prefetch`:
  the lines no cache has go to a helper process (:mod:`policypress.core.processes`),
  which loads the model on another core while the build renders its pages;
  :meth:`analyse_all` collects them before the index is made.

Without kiwipiepy, or where no process can start, analyses run in this process.

The cache file is data from anywhere, never trusted: an analysis read from it
is used only if it fits its line (:func:`fits`): each morpheme lies inside
the line, and each one that can become a search term is written there (its
form is the text at its place, or that text with a final consonant left
off, as Kiwi splits 를 into 르 + ㄹ). An analysis that does not fit is made
again, so a planted morpheme can never put a word into the search index that
the page does not have.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import logging
import unicodedata
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from policypress.core.processes import HelperPool

log = logging.getLogger(__name__)

CACHE_FORMAT = 2
"""2: keyed by line (1 was by whole text)."""
MAX_SHARED = 500_000
"""Lines :data:`PROCESS_ANALYSES` keeps at most (some tens of megabytes)."""
CHUNK = 2_000
"""Lines sent to Kiwi's helper at a time: it then holds one chunk's text and morphemes, not a long
history's every line at once (5,000 versions had the helper at 1.2 GB, four times its model's size)."""
PROCESS_ANALYSES: dict[str, tuple[Morpheme, ...]] = {}
"""Kiwi's analyses made in this process, by line: a session passes it, so a process that builds again (``mkdocs serve``
with new settings, the test suite, a program that builds several sites) analyses no line twice. Only what Kiwi
itself said is kept here, never what a cache file says (that is data from anywhere, checked when it is used)."""

Analysis = list[tuple[str, str, int, int]]
"""Kiwi's morphemes of one text as plain tuples (form, tag, start, end): what crosses processes."""


@dataclass(frozen=True)
class Morpheme:
    """One morpheme of a text: its form, Sejong tag and span in the text."""

    form: str
    tag: str
    start: int
    end: int


@functools.cache
def _model() -> Any:
    # One model per process (the build's, or a helper's): it is data that never changes, loaded once.
    from kiwipiepy import Kiwi  # imported late: loading the model takes a second

    # The typo and multi-word dictionaries change nothing for policy text and
    # cost a third of the load time and memory.
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


def analyse(texts: Sequence[str]) -> list[Analysis]:
    """Kiwi's morphemes of each text (runs in the helper process too)."""
    kiwi = _model()
    return [[(t.form, t.tag, t.start, t.start + t.len) for t in kiwi.tokenize(text)] for text in texts]


def kiwi_installed() -> bool:
    """Whether kiwipiepy can be imported (its model loads only when a text needs it)."""
    return importlib.util.find_spec("kiwipiepy") is not None


def kiwi_version() -> str:
    """The versions of kiwipiepy and its model: analyses of another version are not reused."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kiwipiepy") + "/" + version("kiwipiepy_model")
    except PackageNotFoundError:
        return "unknown"


#: Tags and forms whose morphemes become search terms or join them (see policypress.outputs.korean).
_TERM_TAGS = frozenset({"NNG", "NNP", "XR", "XSN", "XPN", "JC"})
_JOINING_FORMS = frozenset({"및", "또는", "혹은", "와", "과", "·", "/"})


def fits(line: str, morphemes: Iterable[Morpheme]) -> bool:
    """Whether ``morphemes`` can be an analysis of ``line``: inside it, and every term-making one written in it.

    >>> fits("개인정보를", [Morpheme("개인", "NNG", 0, 2), Morpheme("정보", "NNG", 2, 4), Morpheme("를", "JKO", 4, 5)])
    True
    >>> fits("개인정보를", [Morpheme("진료기록", "NNG", 0, 4)])
    False
    """
    for m in morphemes:
        if not (isinstance(m.start, int) and isinstance(m.end, int) and 0 <= m.start <= m.end <= len(line)):
            return False
        if (m.tag in _TERM_TAGS or m.form in _JOINING_FORMS) and not (
            isinstance(m.form, str)
            and m.form
            and unicodedata.normalize("NFD", line[m.start : m.end]).startswith(unicodedata.normalize("NFD", m.form))
        ):
            return False
    return True


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def lines_of(text: str) -> Iterator[tuple[int, str]]:
    """The non-blank lines of ``text`` with their offsets: the unit Kiwi analyses and the caches keep."""
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1


class KiwiAnalyser:
    """Morphemes of Korean text by Kiwi, for one session (see the module's docstring).

    Called with a text, it returns the text's morphemes: it is an
    :data:`~policypress.outputs.korean.Analyser`.
    """

    def __init__(self, cache_file: Path | None = None, shared: dict[str, tuple[Morpheme, ...]] | None = None) -> None:
        self.cache_file = cache_file
        self._shared = shared
        """Kiwi's own analyses made in this process, shared by the sessions that pass it (:data:`PROCESS_ANALYSES`)."""
        self._stored: dict[str, tuple[Morpheme, ...]] = {}
        self._unproven: set[str] = set()
        """Keys of analyses read from the cache file, not yet checked against their line (:func:`fits`)."""
        self._used: dict[str, tuple[Morpheme, ...]] = {}
        self._helper: HelperPool | None = None
        self._pending: list[tuple[list[str], Future[list[Analysis]]]] = []
        if cache_file is not None:
            try:
                data = json.loads(cache_file.read_text(encoding="utf-8"))
                if data.get("kiwipiepy") == kiwi_version() and data.get("format") == CACHE_FORMAT:
                    self._stored.update({key: tuple(Morpheme(*m) for m in items) for key, items in data["texts"].items()})
                    self._unproven = set(self._stored)
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                self._stored, self._unproven = {}, set()
        if shared:
            # What Kiwi itself said in this process wins over the file's (which is data from anywhere, checked when used).
            self._stored.update(shared)
            self._unproven -= shared.keys()

    def _learn(self, key: str, morphemes: tuple[Morpheme, ...]) -> None:
        """Keep an analysis Kiwi made (in this process or its helper), for this session and the process."""
        self._stored[key] = morphemes
        self._unproven.discard(key)
        if self._shared is not None:
            if len(self._shared) >= MAX_SHARED:
                self._shared.clear()  # (a process that built very many sites starts over: bounded memory)
            self._shared[key] = morphemes

    def save(self) -> None:
        """Write the analyses used since the last save to the cache file (what the next build will ask for)."""
        if self.cache_file is None or not self._used:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        texts = {k: [[m.form, m.tag, m.start, m.end] for m in v] for k, v in sorted(self._used.items())}
        data = {"kiwipiepy": kiwi_version(), "format": CACHE_FORMAT, "texts": texts}
        self.cache_file.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self._used = {}

    def __call__(self, text: str) -> tuple[Morpheme, ...]:
        """The morphemes of ``text``, analysed line by line.

        :func:`~policypress.outputs.korean.plain_text` puts each block of a page
        on its own lines and no term spans two, so each line is analysed once
        however many pages show it, and a new version adds only its new lines.
        """
        found: list[Morpheme] = []
        for offset, line in lines_of(text):
            key = _key(line)
            morphemes = self._used.get(key) or self._stored.get(key)
            if morphemes is not None and key in self._unproven:
                self._unproven.discard(key)
                if not fits(line, morphemes):
                    log.warning("policypress: an analysis in %s does not fit its text; analysing it again", self.cache_file)
                    morphemes = None
            if morphemes is None:
                morphemes = tuple(Morpheme(*m) for m in analyse([line])[0])
                self._learn(key, morphemes)
            self._used[key] = morphemes
            found.extend(Morpheme(m.form, m.tag, m.start + offset, m.end + offset) for m in morphemes)
        return tuple(found)

    def prefetch(self, texts: Iterable[str] | None = None) -> None:
        """Analyse in a helper process, while the build goes on, the lines of ``texts`` no cache has.

        The helper starts only if some line is new; ``None`` starts it and
        loads the model anyway.
        """
        lines = self._missing(texts or ())
        if not kiwi_installed() or (texts is not None and not lines):
            return
        if self._helper is None:
            try:
                self._helper = HelperPool(1)
            except (OSError, RuntimeError, ValueError) as exc:
                log.debug("policypress: no helper process for Kiwi (%s); analysing in this process", exc)
                return
        lines = lines or {_key("개인정보"): "개인정보"}  # at least load the model
        try:
            self._pending.extend(self._send(lines))
        except RuntimeError as exc:  # shut down meanwhile
            log.debug("policypress: Kiwi's helper is gone (%s)", exc)

    def analyse_all(self, texts: Iterable[str]) -> None:
        """Analyse, in one batch, each line of ``texts`` that neither memory nor the cache file has.

        Collects what :meth:`prefetch` sent ahead; the rest goes to its helper
        when there is one, and is analysed here when there is none or it failed.
        The helper then stops.
        """
        texts = list(texts)
        try:
            for keys, future in self._pending:
                for key, morphemes in zip(keys, future.result()):
                    self._learn(key, tuple(Morpheme(*m) for m in morphemes))
            missing = self._missing(texts)
            results = [m for _keys, future in self._send(missing) for m in future.result()] if missing and self._helper else None
        except Exception as exc:  # a broken helper (killed, out of memory) must not fail the build
            log.warning("policypress: Kiwi's helper process failed (%s); analysing in this process", exc)
            self.close()
            missing, results = self._missing(texts), None
        self._pending.clear()
        if missing and results is None:
            results = analyse(list(missing.values()))
        for key, morphemes in zip(missing, results or ()):
            self._learn(key, tuple(Morpheme(*m) for m in morphemes))
        # Its work collected, the helper stops: its model is 350 MB, and the build's largest moment (the
        # search index, the exports) comes after (at 5,000 versions the two together passed 1.5 GB).
        # The next build of a `mkdocs serve` session starts one again if it has new lines.
        self.close()

    def _send(self, lines: dict[str, str]) -> list[tuple[list[str], Future[list[Analysis]]]]:
        """Send ``lines`` (key → line) to the helper, :data:`CHUNK` at a time, in order."""
        assert self._helper is not None
        keys = list(lines)
        return [
            (keys[start : start + CHUNK], self._helper.submit(analyse, [lines[key] for key in keys[start : start + CHUNK]]))
            for start in range(0, len(keys), CHUNK)
        ]

    def close(self) -> None:
        """Stop the helper process, if there is one (the analyses stay)."""
        if self._helper is not None:
            self._helper.close()
        self._helper = None
        self._pending.clear()

    def _missing(self, texts: Iterable[str]) -> dict[str, str]:
        """The lines of ``texts`` analysed neither in memory, nor in the cache file, nor in the helper."""
        asked = {key for keys, _ in self._pending for key in keys}
        missing: dict[str, str] = {}
        for text in texts:
            for _, line in lines_of(text):
                key = _key(line)
                if key not in self._used and key not in self._stored and key not in asked:
                    missing[key] = line
        return missing
