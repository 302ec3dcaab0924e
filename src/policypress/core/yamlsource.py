"""Read a YAML file into plain data, remembering where every value came from.

PyYAML's ``safe_load`` forgets positions and trusts its input more than a
published archive should, so this module works on the event and node level:

* the events are scanned first (linear, no recursion), which refuses aliases
  (the "billion laughs" bomb), tags that would construct objects, and nesting
  deep enough to exhaust the composer's recursion, before anything is built;
* nodes are then turned into dicts, lists and scalars while a
  :class:`SourceMap` records the line and column of every value and key;
* every string is normalised to Unicode NFC, because Korean typed on macOS
  arrives decomposed (NFD) and would otherwise differ from the same text typed
  elsewhere, in hashes, diffs and search.

Dates are deliberately *not* constructed here: a timestamp-looking scalar is
kept as its source text so the schema can say precisely what is wrong with
``2023-02-30`` or ``2023-12-01T09:00:00+09:00``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from yaml.constructor import SafeConstructor

from policypress.core.errors import ContentError, Location
from policypress.core.source_text import decode, forbidden_character

#: Policy files nest about five levels deep; the limit leaves room for Markdown
#: in maps while keeping PyYAML's recursive composer far from Python's limit.
MAX_DEPTH = 32

_TOO_DEEP = "nesting too deep to be read; policy files nest a few levels deep"

_YAML = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_YAML + name for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}

PathKey = tuple[str | int, ...]


class DateText(str):
    """A scalar YAML would read as a timestamp, kept as its text for the schema to judge."""


@dataclass
class SourceMap:
    """Where each value (and each mapping key) of a document starts."""

    path: Path
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    blocks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    """Literal block scalars (``|``): the line of their first line of text and their indentation."""
    text: str | None = field(default=None, repr=False, compare=False)
    """The file's text while it is being read (dropped afterwards)."""

    def locate_in(self, key: PathKey, text: str, offset: int) -> Location:
        """The place of character ``offset`` of the text value at ``key``.

        Exact inside a literal block (``body: |``), whose lines are the
        file's lines; elsewhere the start of the value.
        """
        if key not in self.blocks:
            return self.locate(key)
        first, indent = self.blocks[key]
        before = text[:offset]
        line_start = before.rfind("\n") + 1
        return Location(self.path, first + before.count("\n"), indent + offset - line_start + 1)

    def locate(self, key: PathKey, *, at_key: bool = False) -> Location:
        """The location of the value at ``key``, or of its nearest ancestor that has one.

        With ``at_key`` the position of the mapping key itself is preferred
        (an unknown field is best pointed at by its name).
        """
        if at_key and key in self.keys:
            return Location(self.path, *self.keys[key])
        probe = tuple(key)
        while True:
            if probe in self.values:
                return Location(self.path, *self.values[probe])
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]


@dataclass
class Document:
    """The data of one YAML file and where each part of it came from."""

    data: Any
    source: SourceMap


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _mark(mark: Any) -> tuple[int, int]:
    # yaml.error.Mark, or the C loader's yaml._yaml.Mark: both have line and column.
    if mark is None:
        return (0, 0)
    return (mark.line + 1, mark.column + 1)


#: libyaml's parser, when PyYAML was built with it: some twenty times faster.
#: It gives the same marks; on any problem the pure-Python parser runs again,
#: so error messages are always the same whichever is installed.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def _scan_events(path: Path, text: str, loader: type = yaml.SafeLoader) -> list[ContentError]:
    """Refuse what must never reach the composer: aliases, object tags, deep nesting."""
    errors: list[ContentError] = []
    depth = 0
    documents = 0
    for event in yaml.parse(text, Loader=loader):
        where = Location(path, *_mark(event.start_mark))
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                errors.append(ContentError(where, "a policy file holds one YAML document; remove the extra '---'"))
                break
        elif isinstance(event, yaml.AliasEvent):
            errors.append(
                ContentError(where, f"YAML aliases (*{event.anchor}) are not allowed; write the text out in full")
            )
            break
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if event.anchor is not None:
                errors.append(
                    ContentError(where, f"YAML anchors (&{event.anchor}) are not allowed; write the text out in full")
                )
                break
            tag = event.tag
            if tag is not None and tag not in ("!",) and tag not in _ALLOWED_TAGS:
                shown = "!!" + tag[len(_YAML):] if tag.startswith(_YAML) else tag
                errors.append(
                    ContentError(
                        where,
                        f"YAML tag {shown} is not allowed; policy files hold only text, numbers, dates, lists and maps",
                    )
                )
                break
            if not isinstance(event, yaml.ScalarEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    errors.append(
                        ContentError(
                            where,
                            f"nesting deeper than {MAX_DEPTH} levels is not allowed; policy files nest a few levels deep",
                        )
                    )
                    break
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return errors


_constructor = SafeConstructor()


def _check_characters(node: yaml.ScalarNode, text: str, source: SourceMap, errors: list[ContentError], *, key: bool) -> bool:
    found = forbidden_character(text, key=key)
    if found is None:
        return True
    index, what = found
    where = Location(source.path, *_mark(node.start_mark))
    if source.text is not None and node.start_mark is not None and node.end_mark is not None:
        # Where the character itself stands in the file, when it is written
        # there as it is (an escape is found at the start of its value).
        at = source.text.find(text[index], node.start_mark.index, node.end_mark.index)
        if at >= 0:
            line_start = source.text.rfind("\n", 0, at) + 1
            where = Location(source.path, source.text.count("\n", 0, at) + 1, at - line_start + 1)
    errors.append(ContentError(where, f"{'key' if key else 'text'} contains {what}; remove it"))
    return False


def _convert(node: yaml.Node, key: PathKey, source: SourceMap, errors: list[ContentError]) -> Any:
    source.values[key] = _mark(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                errors.append(ContentError(Location(source.path, *_mark(key_node.start_mark)), "a key must be plain text"))
                continue
            name = _nfc(key_node.value)
            if not _check_characters(key_node, name, source, errors, key=True):
                continue
            child = (*key, name)
            if name in result:
                first = source.keys[child][0]
                errors.append(
                    ContentError(
                        Location(source.path, *_mark(key_node.start_mark)),
                        f'duplicate key "{name}" (first given on line {first})',
                    )
                )
                continue
            source.keys[child] = _mark(key_node.start_mark)
            result[name] = _convert(value_node, child, source, errors)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*key, index), source, errors) for index, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    text = _nfc(node.value)
    _check_characters(node, text, source, errors, key=False)
    if node.style == "|" and node.start_mark is not None:
        _remember_block(node, key, source)
    if node.tag == _YAML + "str":
        return text
    if node.tag == _YAML + "timestamp":
        return DateText(node.value)
    try:
        return _constructor.construct_object(node, deep=True)
    except Exception:  # noqa: BLE001 - "!!bool maybe", "!!int ''": PyYAML raises what it happens to raise
        # The text as written: the schema then says what was expected instead.
        return text


def _remember_block(node: yaml.ScalarNode, key: PathKey, source: SourceMap) -> None:
    buffer = source.text
    if buffer is None:
        return
    # The text starts on the line after the "|", indented like its first non-blank line.
    line = node.start_mark.line + 1
    start = buffer.find("\n", node.start_mark.index) + 1
    indent = 0
    while 0 < start < node.end_mark.index:
        end = buffer.find("\n", start)
        row = buffer[start : end if end >= 0 else len(buffer)]
        if row.strip():
            indent = len(row) - len(row.lstrip(" "))
            break
        start = end + 1 if end >= 0 else len(buffer)
    source.blocks[key] = (line + 1, indent)


def load_yaml(path: Path, raw: bytes) -> tuple[Document | None, list[ContentError]]:
    """Parse a policy file's bytes into a :class:`Document`, or the errors that prevent it.

    >>> doc, errors = load_yaml(Path("a.yml"), "title:\\n  ko: 제목\\n".encode())
    >>> doc.data, doc.source.values[("title", "ko")], errors
    ({'title': {'ko': '제목'}}, (2, 7), [])
    """
    text, errors = decode(path, raw)
    if text is None:
        return None, errors
    fast = _fast_compose(path, text)
    if fast is not False:
        return _document(path, fast, text)
    try:
        errors = _scan_events(path, text)
        if errors:
            return None, errors
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        return None, [_yaml_error(path, text, exc)]
    except RecursionError:  # the event scan stops nesting long before this; never let it escape
        return None, [ContentError(Location(path, 1), _TOO_DEEP)]
    return _document(path, node, text)


def _fast_compose(path: Path, text: str) -> yaml.Node | None | Literal[False]:
    """The node tree by libyaml, or ``False`` when anything is wrong (the slow path explains)."""
    if _FAST_LOADER is None:
        return False
    try:
        if _scan_events(path, text, _FAST_LOADER):
            return False
        node = yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError, ValueError):
        return False
    return node


def _document(path: Path, node: yaml.Node | None, text: str) -> tuple[Document | None, list[ContentError]]:
    source = SourceMap(path)
    if node is None:
        return Document({}, source), []
    errors: list[ContentError] = []
    source.text = text
    try:
        data = _convert(node, (), source, errors)
    except RecursionError:  # as above
        return None, [ContentError(Location(path, 1), _TOO_DEEP)]
    finally:
        source.text = None
    return Document(data, source), errors


_BRACKETS = {"flow mapping": ("{", "}"), "flow sequence": ("[", "]")}


def _yaml_error(path: Path, text: str, exc: yaml.YAMLError) -> ContentError:
    """PyYAML's complaint, placed where the editor must look and said in an editor's words."""
    if isinstance(exc, yaml.reader.ReaderError):
        # Raised for control characters before any mark exists: place it by hand.
        position = exc.position
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        kind = "control character" if unicodedata.category(chr(code)) == "Cc" else "character"
        return ContentError(Location(path, line, column), f"invalid YAML: {kind} U+{code:04X} is not allowed; remove it")
    if not isinstance(exc, yaml.MarkedYAMLError):
        return ContentError(Location(path, 1), f"invalid YAML: {exc}")
    context, problem = exc.context or "", exc.problem or ""
    at_problem = Location(path, *_mark(exc.problem_mark or exc.context_mark))
    at_context = Location(path, *_mark(exc.context_mark or exc.problem_mark))
    if "'\\t'" in problem:
        return ContentError(at_problem, "invalid YAML: a tab indents this line; indent with spaces")
    if "quoted scalar" in context and "end of stream" in problem:
        mark = exc.context_mark
        quote = text[mark.index] if mark is not None and mark.index < len(text) else '"'
        return ContentError(at_context, f"invalid YAML: the quote {quote} opened here is never closed; add the closing {quote}")
    if "simple key" in context and "expected ':'" in problem:
        return ContentError(
            at_context,
            'invalid YAML: expected "name: value" on this line; to continue the text above, indent this line more',
        )
    if problem == "mapping values are not allowed here":
        return ContentError(
            at_problem, 'invalid YAML: ": " is not allowed here; put text that contains ": " in quotes, or fix the indentation'
        )
    if problem == "sequence entries are not allowed here":
        return ContentError(
            at_problem, 'invalid YAML: a list cannot start here; put each "- " item on its own line below the name'
        )
    if "expected <block end>" in problem:
        return ContentError(
            at_problem,
            "invalid YAML: this does not fit the lines above it; "
            "check the indentation, and that every quote above is opened and closed",
        )
    for name, (opening, closing) in _BRACKETS.items():
        if name in context and f"or '{closing}'" in problem:
            if "<stream end>" in problem:
                return ContentError(
                    at_context, f"invalid YAML: the {opening} opened here is never closed; add the closing {closing}"
                )
            opened = _mark(exc.context_mark)[0]
            return ContentError(
                at_problem,
                f'invalid YAML: expected "," or "{closing}" here, inside the {opening}…{closing} opened on line {opened}; '
                f'put text that contains ":" or "," in quotes',
            )
    message = f"{context}, {problem}" if context and problem else problem or context or "not valid YAML"
    return ContentError(at_problem, f"invalid YAML: {message}")
