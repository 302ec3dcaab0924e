"""Find the policies of a site and load them into typed objects.

Loading never stops at the first problem: every file is read, every schema and
language error is collected with its file, line and column, then the rules of
:mod:`policypress.core.rules` run on what loaded, and everything found is raised at
once as :class:`~policypress.core.errors.ContentErrors`.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import annotated_types
from pydantic import BaseModel, ValidationError

from policypress.core.errors import ContentError, ContentErrors, Location
from policypress.core.languages import Languages
from policypress.core.layout import LOCK_NAME, POLICY_FILE, VERSIONS_DIR, discover, foreign_error
from policypress.core.lock_file import LockFile
from policypress.core.model import SECTION_ID, NoticeRules, Policy, PolicyMeta, Section, Version, VersionFile, shown
from policypress.core.rules import check_policy, duplicate_ids
from policypress.core.source_text import size_error
from policypress.core.yamlsource import Document, PathKey, SourceMap, load_yaml

_POLICY_ID = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*(?:/[a-z0-9]+(?:[-_][a-z0-9]+)*)*")

#: Where text in every language is expected, as paths into the raw data
#: ("*" stands for each section).
_POLICY_LOCALIZED: tuple[PathKey, ...] = (("title",), ("owner",))
_VERSION_LOCALIZED: tuple[PathKey, ...] = (
    ("summary",),
    ("notice_waiver",),
    ("preamble",),
    ("sections", "*", "title"),
    ("sections", "*", "body"),
    ("not_applicable", "*"),
    ("labels", "*"),
)
_LOCALIZED_NAMES = {pattern[-1] for pattern in _POLICY_LOCALIZED + _VERSION_LOCALIZED}


@dataclass(frozen=True)
class Site:
    """Every policy of a site, loaded and checked."""

    policies: tuple[Policy, ...]
    languages: Languages

    def policy(self, policy_id: str) -> Policy:
        """The policy whose folder is ``policy_id`` (``privacy``)."""
        for policy in self.policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(policy_id)


_Reading = tuple[tuple[ContentError, ...], tuple[Any, SourceMap] | None, tuple[Any, SourceMap | None]]
"""A file's reading: its errors, its model and source when only a language's text is missing (the rules still
read it, see load_policy), and its model and source when it is usable."""


class LoadedFiles:
    """What reading each policy file gave, kept by a session from one validation to the next.

    ``mkdocs serve`` validates the whole site again after every edit; a file
    whose bytes did not change is then not parsed, held to its schema and
    checked for its languages again (about half of a validation at 200
    versions). Entries are keyed by the file's path and the SHA-256 of its
    bytes, with everything else the reading depends on (the model, the site's
    languages); what is kept is this process's own reading, never anything
    read from disk, and only the files of the last validation, so it holds
    one site's files at most. Whether a file may be read at all (a link out of
    the project, its size) is asked again every time, and the rules across
    versions, the locks and the parity checks still run on every validation.
    """

    def __init__(self) -> None:
        self._kept: dict[tuple[object, ...], _Reading] = {}
        self._used: dict[tuple[object, ...], _Reading] = {}

    def __len__(self) -> int:
        return len(self._kept)

    def reading(self, key: tuple[object, ...]) -> _Reading | None:
        """The reading the last validation kept under ``key``."""
        return self._kept.get(key)

    def keep(self, key: tuple[object, ...], reading: _Reading) -> None:
        """Keep ``reading`` for the next validation (a file this one read)."""
        self._used[key] = reading

    def finish(self) -> None:
        """End a validation: keep what it read, forget the files it no longer has."""
        self._kept, self._used = self._used, {}


def load_site(docs_dir: Path, languages: Languages, root: Path | None = None) -> Site:
    """Load and check every policy under ``docs_dir``; raise all errors together.

    ``root`` is the folder error paths are shown relative to (the project).
    This only loads; :func:`policypress.core.validation.validate` also checks
    the locks, the addresses and the parity of languages.
    """
    errors: list[ContentError] = []
    policies: list[Policy] = []
    for folder in discover(docs_dir):
        policy, policy_errors = load_policy(folder, docs_dir, languages)
        errors.extend(policy_errors)
        if policy is not None:
            policies.append(policy)
    if any(error.severity == "error" for error in errors):
        raise ContentErrors(errors, root)
    return Site(tuple(policies), languages)


def load_policy(
    folder: Path, docs_dir: Path, languages: Languages, *, partial: bool = False, loaded: LoadedFiles | None = None
) -> tuple[Policy | None, list[ContentError]]:
    """Load one policy folder with its lock; the policy is ``None`` when any file of it failed.

    With ``partial``, the policy is returned whenever its ``policy.yml`` loaded,
    with the versions that loaded, so later checks (locks, parity) can report
    their errors in the same run; such a policy must never be built.
    The lock (``versions.lock``) is read here, once, and attached to the
    policy: every later check reads :attr:`Policy.lock` instead of the file
    (the rules hold each version to the notice periods it records). A broken
    lock is an error here and ``None`` on the policy. ``loaded`` keeps each
    file's reading for the next call (see :class:`LoadedFiles`).
    """
    errors: list[ContentError] = []
    lock: LockFile | None
    refused = foreign_error(folder / LOCK_NAME, docs_dir) if (folder / LOCK_NAME).is_symlink() else None
    if refused is not None:
        errors.append(refused)
        lock = None
    else:
        try:
            lock = LockFile.read(folder / LOCK_NAME)
        except ContentErrors as exc:
            errors.extend(exc.errors)
            lock = None
    policy_id = folder.relative_to(docs_dir).as_posix()
    policy_path = folder / POLICY_FILE
    if not _POLICY_ID.fullmatch(policy_id):
        errors.append(
            ContentError(
                Location(policy_path, 1),
                f'the policy folder "{policy_id}" is part of its URL: use lowercase letters, digits and hyphens',
            )
        )
    meta, source = _load_model(policy_path, PolicyMeta, _POLICY_LOCALIZED, languages, errors, docs_dir=docs_dir, loaded=loaded)
    versions: list[Version] = []
    incomplete: list[tuple[Any, SourceMap]] = []
    versions_dir = folder / VERSIONS_DIR
    entries = sorted(versions_dir.iterdir()) if versions_dir.is_dir() else []
    found = 0
    for path in entries:
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".yml":
            errors.append(ContentError(Location(path), _not_a_version_file(path)))
            found += path.suffix.lower() in (".yaml", ".yml")  # a misnamed version is not "no versions"
            continue
        found += 1
        content, version_source = _load_model(
            path, VersionFile, _VERSION_LOCALIZED, languages, errors, incomplete, docs_dir=docs_dir, loaded=loaded
        )
        if content is not None and version_source is not None:
            versions.append(Version(policy_id, content, version_source))
    if not found:
        errors.append(
            ContentError(Location(policy_path, 1), f"no versions: add {VERSIONS_DIR}/<effective date>.yml beside {POLICY_FILE}")
        )
    if meta is None or source is None:
        return None, errors
    # The rules run on every version that loaded, even when another file failed,
    # so one run reports as much as it can.
    policy = Policy(policy_id, meta, tuple(sorted(versions, key=lambda v: v.effective)), source, lock)
    if incomplete:
        # The rules also read the versions missing a language's text (their missing texts are errors already):
        # a duplicate id or a <script> is reported now, not after the text is added.
        checked = Policy(policy_id, meta, tuple(sorted([*versions, *(Version(policy_id, c, s) for c, s in incomplete)], key=lambda v: v.effective)), source, lock)
        errors.extend(error for error in check_policy(checked, languages) if error not in errors)
    else:
        errors.extend(check_policy(policy, languages))
    # Warnings are reported and the policy kept; an error makes it unusable.
    return (None if not partial and any(error.severity == "error" for error in errors) else policy), errors


def _not_a_version_file(path: Path) -> str:
    if path.suffix.lower() in (".yaml", ".yml"):
        return f"version files end in .yml; rename {path.name} to {path.stem}.yml"
    return f"{VERSIONS_DIR}/ holds only version files named YYYY-MM-DD.yml; move {path.name} elsewhere"


def _load_model(
    path: Path,
    model: type[BaseModel],
    localized: tuple[PathKey, ...],
    languages: Languages,
    errors: list[ContentError],
    incomplete: list[tuple[Any, SourceMap]] | None = None,
    *,
    docs_dir: Path,
    loaded: LoadedFiles | None = None,
) -> tuple[Any, SourceMap | None]:
    refused = foreign_error(path, docs_dir)
    if refused is not None:  # never read: its values must not reach an error message, nor a page
        errors.append(refused)
        return None, None
    try:
        too_big = size_error(path, path.stat().st_size)
        if too_big is not None:  # refused before a byte is read
            errors.append(too_big)
            return None, None
        raw = path.read_bytes()
    except FileNotFoundError:
        errors.append(ContentError(Location(path), "file not found"))
        return None, None
    key = (path, hashlib.sha256(raw).digest(), model, localized, languages) if loaded is not None else ()
    reading = loaded.reading(key) if loaded is not None else None
    if reading is None:
        reading = _read_model(path, raw, model, localized, languages)
    if loaded is not None:
        loaded.keep(key, reading)
    found, partial, result = reading
    errors.extend(found)
    if partial is not None and incomplete is not None:
        incomplete.append(partial)
    return result


def _read_model(path: Path, raw: bytes, model: type[BaseModel], localized: tuple[PathKey, ...], languages: Languages) -> _Reading:
    """A file's bytes read into ``model`` (see :data:`_Reading`): depends on nothing else, so a session may keep it."""
    document, yaml_errors = load_yaml(path, raw)
    if document is None:
        return tuple(yaml_errors), None, (None, None)
    if document.data == {} and not document.source.values:  # nothing but comments and blank lines
        required = [name for name, info in model.model_fields.items() if info.is_required()]
        empty = ContentError(Location(path, 1, 1), f"the file is empty; expected the fields {', '.join(required)}")
        return (*yaml_errors, empty), None, (None, None)
    if not isinstance(document.data, dict):
        not_a_map = ContentError(document.source.locate(()), "expected a map of fields (key: value) at the top of the file")
        return (*yaml_errors, not_a_map), None, (None, None)
    found = list(_language_errors(document, localized, languages))
    try:
        value = model.model_validate(document.data)
    except ValidationError as exc:
        schema = list(_schema_errors(exc, document, model))
        if model is VersionFile:  # the rules will not run on this file: the one they would find without a model
            schema.extend(_raw_duplicate_ids(document))
        return (*yaml_errors, *found, *schema), None, (None, None)
    if yaml_errors:
        return (*yaml_errors, *found), None, (None, None)
    if found:
        # A text missing in a language (or in one the site lacks): the file is no version to build, but the
        # rules can still read it, so its other errors come in the same run (see load_policy).
        return tuple(found), (value, document.source), (None, None)
    return (), None, (value, document.source)


def _raw_duplicate_ids(document: Any) -> Iterator[ContentError]:
    sections = document.data.get("sections")
    if isinstance(sections, list):
        yield from duplicate_ids(
            (item["id"], document.source.locate(("sections", index, "id")))
            for index, item in enumerate(sections)
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        )


def _expand(data: Any, pattern: PathKey, prefix: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    if not pattern:
        yield prefix, data
        return
    head, *rest = pattern
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from _expand(item, tuple(rest), (*prefix, index))
        elif isinstance(data, dict):
            for key, item in data.items():
                yield from _expand(item, tuple(rest), (*prefix, key))
    elif isinstance(data, dict) and head in data:
        yield from _expand(data[head], tuple(rest), (*prefix, head))


def _language_errors(document: Document, localized: tuple[PathKey, ...], languages: Languages) -> Iterator[ContentError]:
    known = ", ".join(languages.codes)
    for pattern in localized:
        for key, value in _expand(document.data, pattern):
            if not isinstance(value, dict):
                continue  # the schema reports the wrong type
            label = _label(document.data, key)
            for code in languages.codes:
                if code not in value:
                    yield ContentError(document.source.locate(key, at_key=True), f'{label} is missing the "{code}" text')
            for code in value:
                if code not in languages:
                    yield ContentError(
                        document.source.locate((*key, code), at_key=True),
                        f'{label}: "{code}" is not a language of this site ({known})',
                    )


def _label(data: Any, key: PathKey) -> str:
    """A reader's name for a place in a file: ``section "cookies": body``."""
    parts = [str(part) for part in key]
    if len(key) >= 2 and key[0] == "sections" and isinstance(key[1], int):
        section_id = None
        sections = data.get("sections") if isinstance(data, dict) else None
        if isinstance(sections, list) and key[1] < len(sections) and isinstance(sections[key[1]], dict):
            section_id = sections[key[1]].get("id")
        name = f'section "{section_id}"' if isinstance(section_id, str) else f"section {key[1] + 1}"
        rest = ".".join(str(part) for part in key[2:])
        return f"{name}: {rest}" if rest else name
    return ".".join(parts)


def _model_at(model: type[BaseModel], key: PathKey) -> type[BaseModel] | None:
    """The schema model describing the map at ``key`` (for listing allowed fields)."""
    if model is VersionFile and len(key) == 2 and key[0] == "sections":
        return Section
    if model is PolicyMeta and key == ("notice",):
        return NoticeRules
    return model if not key else None


def _schema_errors(exc: ValidationError, document: Document, model: type[BaseModel]) -> Iterator[ContentError]:
    source = document.source
    errors = exc.errors(include_url=False)
    # A misspelt field is reported once, as unknown with a hint, not also as missing.
    hinted: set[PathKey] = set()
    for error in errors:
        loc: PathKey = tuple(error["loc"])
        if error["type"] == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields) if owner else [], n=1)
            if close:
                hinted.add((*loc[:-1], close[0]))
    for error in errors:
        loc = tuple(error["loc"])
        kind = error["type"]
        if kind == "extra_forbidden":
            parent, name = loc[:-1], str(loc[-1])
            owner = _model_at(model, parent)
            allowed = list(owner.model_fields) if owner else []
            hint = ""
            close = difflib.get_close_matches(name, allowed, n=1)
            if close:
                hint = f' (did you mean "{close[0]}"?)'
            where = f"{_label(document.data, parent)}: " if parent else ""
            expected = f"; expected one of: {', '.join(allowed)}" if allowed else ""
            yield ContentError(source.locate(loc, at_key=True), f'{where}unknown field "{name}"{hint}{expected}')
            continue
        if kind == "missing":
            if loc in hinted:
                continue
            parent, name = loc[:-1], str(loc[-1])
            where = f"{_label(document.data, parent)}: " if parent else ""
            yield ContentError(source.locate(parent), f'{where}missing required field "{name}"')
            continue
        label = _label(document.data, loc)
        value = error.get("input")
        if kind in ("pp_text", "pp_date", "pp_empty"):
            message = f"{label} {error['msg']}" if kind == "pp_empty" else f"{label}: {error['msg']}"
        elif kind == "string_pattern_mismatch":
            # Named by position, not by the id: the id itself is what is wrong.
            where = f"section {loc[1] + 1}" if len(loc) == 3 and isinstance(loc[1], int) else label
            suggestion = _suggest_id(value)
            hint = f', such as "{suggestion}"' if suggestion else ""
            message = (
                f"{where}: id {shown(value)} is not a valid id (it becomes the URL anchor); "
                f"expected lowercase letters, digits and hyphens, starting with a letter{hint}"
            )
        elif kind in ("dict_type", "model_type"):
            localized = loc and (loc[-1] in _LOCALIZED_NAMES or (len(loc) == 2 and loc[0] in ("not_applicable", "labels")))
            expected = "a map of language codes to text" if localized else "a map of fields"
            message = f"{label}: expected {expected}, got {_kind(value)}"
        elif kind == "list_type":
            message = f"{label}: expected a list, got {_kind(value)}"
        elif kind == "string_type":
            message = f"{label}: expected text, got {_kind(value)}"
        elif kind in ("bool_type", "bool_parsing"):
            message = f"{label}: expected true or false, got {shown(value)}"
        elif kind in ("int_type", "int_parsing", "int_parsing_size", "int_from_float"):
            message = f"{label}: expected a whole number, got {shown(value)}"
        elif kind == "greater_than_equal" and model is PolicyMeta and loc[:1] == ("notice",) and isinstance(value, int):
            low, _high = _bounds(model, loc)
            message = (
                f"{label}: {value} {'day' if value == 1 else 'days'} is less than the {low} days of notice the law requires; "
                "a policy may ask for more notice, never for less"
            )
        elif kind in ("greater_than_equal", "less_than_equal"):
            low, high = _bounds(model, loc)
            message = f"{label}: expected a whole number from {low} to {high}, got {shown(value)}"
        elif kind == "too_short":
            message = f"{label}: needs at least one entry"
        else:
            message = f"{label}: {error['msg']}"
        yield ContentError(source.locate(loc), message)


def _bounds(model: type[BaseModel], loc: PathKey) -> tuple[object, object]:
    """The ``ge``/``le`` limits of the number field at ``loc``."""
    owner = _model_at(model, loc[:-1])
    info = owner.model_fields.get(str(loc[-1])) if owner else None
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None) if info else None
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None) if info else None
    return low, high


def _suggest_id(value: object) -> str | None:
    """A valid section id close to an invalid one: ``Cookies Policy`` → ``cookies-policy``."""
    if not isinstance(value, str):
        return None
    candidate = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
    candidate = re.sub(r"^[0-9-]+", "", candidate)
    return candidate if SECTION_ID.fullmatch(candidate) else None


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return "nothing" if value is None else type(value).__name__
