"""Start a new version of a policy from its latest one (``policypress new-version``).

The new file is a copy of the latest version file with only its dates changed,
so the author edits the text from exactly what was published, and a review of
the new file shows nothing but the author's own edits.

The copy is made by editing the text of the file at the positions the YAML
parser reports for the top-level ``announced``, ``effective`` and ``adverse``
values and the ``notice_waiver`` block, not by loading and re-emitting the
document: everything else (comments, quoting, flow maps such as
``{ko: …, en: …}``, long Korean lines, the editor's schema line) stays byte for
byte as it was, and no round-trip YAML library is needed. The result is parsed
again and must equal the old data with the new dates, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from policypress.core.errors import PolicyPressError
from policypress.core.languages import Languages
from policypress.core.model import Policy, Version
from policypress.core.rules import check_policy, restate_dates
from policypress.core.yamlsource import SourceMap


class AuthoringError(PolicyPressError):
    """A new version cannot be made as asked; the message says why and what would work."""


@dataclass(frozen=True)
class NewVersion:
    """A version file ready to be written."""

    path: Path
    text: str
    base: Version
    """The version it was copied from."""


def plan_new_version(
    policy: Policy,
    languages: Languages,
    *,
    effective: dt.date,
    announced: dt.date,
    adverse: bool,
    today: dt.date,
) -> NewVersion:
    """The next version of ``policy``: its latest version with new dates, checked against the rules.

    Raises :class:`AuthoringError` when the dates break a rule, with the rule's
    own message (which names the earliest effective date that would do).
    """
    if not policy.versions:
        raise AuthoringError(f"{policy.id} has no version to start from")
    latest = policy.versions[-1]
    if effective <= latest.effective:
        raise AuthoringError(
            f"effective {effective} is not after the latest version of {policy.id} ({latest.slug}); "
            "a new version takes effect after every earlier one"
        )
    if announced < today:
        raise AuthoringError(
            f"announced {announced} is before today ({today} in {policy.meta.timezone}); "
            "a notice cannot be dated before it is published"
        )
    path = latest.source.path.with_name(f"{effective.isoformat()}.yml")
    if path.exists():
        raise AuthoringError(f"{path.name} already exists in {policy.id}/versions; edit it, or choose another effective date")
    text = latest.source.path.read_bytes().decode("utf-8")
    # The copy's own dates follow: the fields, and the dates its text states as its own (시행일자: …).
    text = restate_dates(edit_version_text(text, announced=announced, effective=effective, adverse=adverse), announced=announced, effective=effective)
    content = latest.content.model_copy(
        update={
            "announced": announced,
            "effective": effective,
            "adverse": adverse,
            "notice_waiver": None,
            "sections": [
                section.model_copy(
                    update={"body": {code: restate_dates(body, announced=announced, effective=effective) for code, body in section.body.items()}}
                )
                for section in latest.content.sections
            ],
        }
    )
    candidate = Version(policy.id, content, SourceMap(path))
    # The build's own rules decide, so new-version and check can never disagree;
    # only the copy's text is left for the author to edit (check says so until then).
    trial = Policy(policy.id, policy.meta, (*policy.versions, candidate), policy.source, policy.lock)
    broken = [
        error
        for error in check_policy(trial, languages, copy_allowed=True)
        if error.location.path == path and error.severity == "error"
    ]
    if broken:
        raise AuthoringError(broken[0].message)
    return NewVersion(path, text, latest)


def write_new_version(plan: NewVersion) -> Path:
    """Write the planned file; never replaces an existing one."""
    try:
        with plan.path.open("x", encoding="utf-8", newline="") as handle:
            handle.write(plan.text)
    except FileExistsError:
        raise AuthoringError(f"{plan.path.name} already exists; edit it, or choose another effective date") from None
    return plan.path


# -- editing the text ------------------------------------------------------------


def edit_version_text(text: str, *, announced: dt.date, effective: dt.date, adverse: bool) -> str:
    """``text`` of a version file with new dates and ``adverse``, and without its ``notice_waiver``.

    >>> print(edit_version_text(
    ...     "announced: 2023-12-01  # as published\\neffective: 2023-12-01\\n"
    ...     "notice_waiver: {ko: 사이트 이전, en: Before the site}\\nsummary: {ko: 가, en: A}\\n",
    ...     announced=dt.date(2026, 11, 20), effective=dt.date(2026, 12, 21), adverse=True), end="")
    announced: 2026-11-20  # as published
    effective: 2026-12-21
    adverse: true
    summary: {ko: 가, en: A}
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    newline = "\r\n" if "\r\n" in body else "\n"
    try:
        root = yaml.compose(body, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise AuthoringError(f"the latest version file is not valid YAML: {exc}") from None
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise _cannot_edit("its top level is not a block of key: value lines")
    fields = {key.value: (key, value) for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    edits: list[tuple[int, int, str]] = []
    for name, day in (("announced", announced), ("effective", effective)):
        if name not in fields:
            raise _cannot_edit(f'it has no top-level "{name}"')
        edits.append(_replace_scalar(fields[name][1], day.isoformat(), name))
    if "adverse" in fields:
        edits.append(_replace_scalar(fields["adverse"][1], "true" if adverse else "false", "adverse"))
    elif adverse:
        after = _line_end(body, fields["effective"][1].end_mark.index)
        edits.append((after, after, f"adverse: true{newline}"))
    if "notice_waiver" in fields:
        edits.append(_block_span(body, *fields["notice_waiver"]))
    result = body
    for start, end, replacement in sorted(edits, reverse=True):
        result = result[:start] + replacement + result[end:]
    _verify(body, result, announced=announced, effective=effective, adverse=adverse)
    return bom + result


def _cannot_edit(reason: str) -> AuthoringError:
    return AuthoringError(
        f"cannot update the dates of the latest version file safely: {reason}; "
        "copy it to versions/<effective date>.yml and edit announced, effective and adverse by hand"
    )


def _replace_scalar(node: yaml.Node, value: str, name: str) -> tuple[int, int, str]:
    if not isinstance(node, yaml.ScalarNode) or node.style not in (None, "'", '"'):
        raise _cannot_edit(f'"{name}" is not a single value')
    quote = node.style or ""
    return node.start_mark.index, node.end_mark.index, f"{quote}{value}{quote}"


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, index) + 1


def _line_end(text: str, index: int) -> int:
    """The index just after the line break that ends the line holding ``index``."""
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _block_span(text: str, key: yaml.Node, value: yaml.Node) -> tuple[int, int, str]:
    """The text of a top-level field, with the comment lines just above it, to delete."""
    start = _line_start(text, key.start_mark.index)
    # A comment right above the field explains it; it goes with the field
    # (but never the editor's schema line).
    while start > 0:
        previous = _line_start(text, start - 1)
        line = text[previous:start].strip()
        if not line.startswith("#") or "yaml-language-server" in line:
            break
        start = previous
    end = value.end_mark.index
    if value.end_mark.column:
        end = _line_end(text, end)  # a one-line value: its trailing comment goes too
    else:
        # A block ends where the next field starts, after any blank lines and
        # comments in between; those at the left margin belong to the next field.
        while end > start:
            previous = _line_start(text, end - 1)
            line = text[previous:end]
            if line.strip() and not line.startswith("#"):
                break
            end = previous
    return start, end, ""


def _plain(data: Any) -> Any:
    """YAML data with dates as ISO text, so quoted and unquoted dates compare equal."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def _verify(old: str, new: str, *, announced: dt.date, effective: dt.date, adverse: bool) -> None:
    expected = _plain(yaml.safe_load(old))
    expected.pop("notice_waiver", None)
    expected.update(announced=announced.isoformat(), effective=effective.isoformat())
    if adverse or "adverse" in expected:
        expected["adverse"] = adverse
    try:
        got = _plain(yaml.safe_load(new))
    except yaml.YAMLError:
        got = None
    if got != expected:
        raise _cannot_edit("the edited copy did not read back as the same content")
