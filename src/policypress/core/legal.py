"""What the law requires a policy to contain, as dated data, and whether a version covers it.

A policy declares its kind in ``policy.yml`` (``kind: privacy-kr``). The
items a policy of that kind must contain are data shipped with the package
(``data/legal/<kind>.yml``), each with the day it began to apply, so a
version is held to the law in force on its effective date and a change of
the law is one entry of data, not code. Each section of a version says which
items it covers (``covers: [purpose, retention]``); an item that applies only
where the processing exists is covered, or declared not applicable with a
reason in every language (``not_applicable``), which readers see.

Coverage is the policy's as it will be: the problems are those of its newest
version (an error while it is not yet published, a warning once it is, for
then only a new version can add what is missing). Earlier versions are
history: :func:`coverage` still tabulates them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from policypress.core.errors import ContentError
from policypress.core.model import Policy, Version
from policypress.package_data import DATA

LEGAL = DATA / "legal"
KINDS = ("privacy-kr", "terms")
"""The kinds a policy may declare; only those with a file under ``data/legal/`` have required items."""


class LegalItem(BaseModel):
    """One thing the law requires a policy to contain."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    id: str
    article: dict[str, str]
    title: dict[str, str]
    label: dict[str, str] | None = None
    """Its name in the labelling summary (주요 개인정보 처리 표시), for the items that have a label."""
    applies: Literal["always", "if-applicable"]
    start: dt.date = Field(alias="from")
    until: dt.date | None = None
    verified: str

    def in_force(self, day: dt.date) -> bool:
        return self.start <= day and (self.until is None or day < self.until)

    def text(self, field: dict[str, str], code: str) -> str:
        """A field in language ``code``, or in Korean (the law's language) when the data has no other."""
        return field.get(code) or field["ko"]


class LegalRules(BaseModel):
    """Every item of one kind of policy."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: str
    name: dict[str, str]
    items: tuple[LegalItem, ...]
    labels: tuple[str, ...] = ()
    """The items of the labelling summary, in the order it shows them (each has a ``label``)."""

    @model_validator(mode="after")
    def _labels_named(self) -> LegalRules:
        for item_id in self.labels:
            found = self.item(item_id)
            if found is None or found.label is None:
                raise ValueError(f"labels: {item_id} is not an item with a label")
        return self

    def on(self, day: dt.date) -> tuple[LegalItem, ...]:
        """The items in force on ``day``."""
        return tuple(item for item in self.items if item.in_force(day))

    def item(self, item_id: str) -> LegalItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@functools.cache
def rules_of(kind: str | None) -> LegalRules | None:
    """The rules of a kind of policy (``None`` for a kind without required items, or none)."""
    if kind is None:
        return None
    path = LEGAL / f"{kind}.yml"
    if not path.is_file():
        return None
    return LegalRules.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Coverage:
    """How one version stands against one item."""

    item: LegalItem
    sections: tuple[str, ...]
    """The ids of the sections that say they cover it."""
    not_applicable: dict[str, str] | None
    """Why it does not apply, in each language, when the version says so."""

    @property
    def status(self) -> str:
        """``covered``, ``not applicable``, or ``missing``."""
        if self.sections:
            return "covered"
        if self.not_applicable is not None:
            return "not applicable"
        return "missing"


def coverage(policy: Policy, version: Version) -> list[Coverage]:
    """Every item in force on the version's effective date, with what covers it (empty for a kind without rules)."""
    rules = rules_of(policy.meta.kind)
    if rules is None:
        return []
    declared = version.content.not_applicable or {}
    return [
        Coverage(
            item,
            tuple(section.id for section in version.content.sections if item.id in section.covers),
            dict(declared[item.id]) if item.id in declared else None,
        )
        for item in rules.on(version.effective)
    ]


def coverage_problems(policy: Policy, *, published: bool) -> list[ContentError]:
    """What the newest version of ``policy`` lacks, or says wrongly, of the items its kind requires.

    ``published``: whether that version was already shown (its problems are
    then warnings: a published text is fixed by a new version).
    """
    if not policy.versions:
        return []
    version = policy.versions[-1]
    rules = rules_of(policy.meta.kind)
    source = version.source
    severity = "warning" if published else "error"
    # A published text is never edited: what it lacks goes into a new version.
    fix = "this version is published: in a new version, " if published else ""
    problems: list[ContentError] = []

    def problem(key: tuple[str | int, ...], message: str) -> None:
        problems.append(ContentError(source.locate(key), message, severity=severity))

    if rules is None:
        for index, section in enumerate(version.content.sections):
            if section.covers:
                problem(("sections", index, "covers"), f'section "{section.id}": covers names what the law requires of a policy of a kind that has rules (policy.yml: kind: privacy-kr)')
        if version.content.not_applicable:
            problem(("not_applicable",), "not_applicable names what the law requires of a policy of a kind that has rules (policy.yml: kind: privacy-kr)")
        if version.content.labels:
            problem(("labels",), "labels is the labelling summary of a policy of a kind that has one (policy.yml: kind: privacy-kr)")
        return problems
    known = ", ".join(item.id for item in rules.items)
    for index, section in enumerate(version.content.sections):
        for position, item_id in enumerate(section.covers):
            if rules.item(item_id) is None:
                problem(("sections", index, "covers", position), f'section "{section.id}": covers "{item_id}", which is not an item of {rules.kind} (expected one of: {known})')
    declared = version.content.not_applicable or {}
    for item_id in declared:
        item = rules.item(item_id)
        if item is None:
            problem(("not_applicable", item_id), f'not_applicable: "{item_id}" is not an item of {rules.kind} (expected one of: {known})')
        elif item.applies == "always":
            problem(("not_applicable", item_id), f'not_applicable: "{item_id}" ({item.text(item.article, "ko")}) is required of every {rules.kind} policy; a section must cover it')
    problems.extend(
        ContentError(source.locate(key), message, severity=severity) for key, message in _label_problems(rules, version, fix)
    )
    for found in coverage(policy, version):
        item = found.item
        where = f'"{item.id}" ({item.text(item.article, "ko")}: {item.text(item.title, "ko")})'
        if found.sections and found.not_applicable is not None and item.applies != "always":  # (a required one: said above)
            problem(("not_applicable", item.id), f"{where} is covered by section \"{found.sections[0]}\" and declared not applicable; say one of the two")
        elif found.status == "missing" and item.applies == "always":
            problem(("sections",), f"version {version.slug} of {policy.id} does not cover {where}, which the law requires on {version.effective}: {fix}write it in a section and name it in that section's covers")
        elif found.status == "missing":
            problem(
                ("sections",),
                f"version {version.slug} of {policy.id} neither covers {where} nor says why it does not apply: {fix}write it in a "
                f"section and name it in that section's covers, or give the reason readers will see: not_applicable: "
                f"{{{item.id}: {{ko: …, en: …}}}}",
            )
    return problems


def _label_problems(rules: LegalRules, version: Version, fix: str) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with the labelling summary of ``version``: (where, message) pairs."""
    labels = version.content.labels
    if not labels:
        return []
    out: list[tuple[tuple[str | int, ...], str]] = []
    known = ", ".join(rules.labels)
    declared = version.content.not_applicable or {}
    for item_id in labels:
        item = rules.item(item_id)
        if item_id not in rules.labels or item is None:
            out.append((("labels", item_id), f'labels: "{item_id}" is not a label of {rules.kind} (expected one of: {known})'))
            continue
        name = f'"{item_id}" ({item.text(item.label or {}, "ko")})'
        if item_id in declared:
            out.append(
                (("labels", item_id), f"labels: {name} says the processing exists, and not_applicable says it does not apply; say one of the two")
            )
        elif label_section(version, item_id) is None:
            out.append(
                (("labels", item_id), f"labels: {name} links to the section that covers {item_id}, and no section names it in covers: {fix}"
                 f"add {item_id} to the covers of the section that says it")
            )  # fmt: skip
    for item_id in rules.labels:
        item = rules.item(item_id)
        if item is not None and item.applies == "always" and item.in_force(version.effective) and item_id not in labels:
            out.append(
                (("labels",), f'labels: the summary has no "{item_id}" ({item.text(item.label or {}, "ko")}), which every {rules.kind} '
                 f"policy processes: {fix}add {item_id}: {{ko: …, en: …}}")
            )  # fmt: skip
    return out


def label_section(version: Version, item_id: str) -> str | None:
    """The id of the section a label links to: the first that covers its item."""
    return next((section.id for section in version.content.sections if item_id in section.covers), None)


@dataclass(frozen=True)
class Label:
    """One label of the labelling summary, in one language."""

    item: str
    """The item's id (``items``, ``retention``…): its icon."""
    name: str
    text: str
    section: str | None
    """The section it links to (``None`` only in a version whose check failed)."""


def labels_of(version: Version, code: str) -> list[Label]:
    """The labelling summary of ``version`` in language ``code``, in the law's data's order (empty when it has none)."""
    labels = version.content.labels
    if not labels:
        return []
    out = []
    for rules in _all_rules():
        for item_id in rules.labels:
            item = rules.item(item_id)
            if item_id in labels and item is not None:
                text = " ".join(labels[item_id].get(code, "").split())
                out.append(Label(item_id, item.text(item.label or {}, code), text, label_section(version, item_id)))
    return out


def labels_markdown(version: Version, code: str) -> str | None:
    """The labelling summary as the diff reads it (Markdown, one item a label), or ``None``: a label that appears or goes is a line."""
    labels = labels_of(version, code)
    if not labels:
        return None
    return "\n".join(f"- **{label.name}**: {escape_markdown(label.text)}" for label in labels)


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that shows it as written (a label is text, not markup).

    >>> escape_markdown("성명 *필수*, <b>")
    '성명 \\\\*필수\\\\*, &lt;b&gt;'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|~])", r"\\\1", text)


def not_applicable_markdown(version: Version, code: str) -> str | None:
    """What a reader of ``code`` is told of the items that do not apply: a list of each item and why (Markdown), or ``None``.

    The items are named as the law's data names them, in the order of the
    law; the reasons are the version's own.
    """
    declared = version.content.not_applicable
    if not declared:
        return None
    order = {item.id: index for rules in _all_rules() for index, item in enumerate(rules.items)}
    lines = []
    for item_id in sorted(declared, key=lambda key: (order.get(key, len(order)), key)):
        item = next((found for rules in _all_rules() if (found := rules.item(item_id)) is not None), None)
        title = item.text(item.title, code) if item is not None else item_id
        reason = " ".join(declared[item_id].get(code, "").split())
        lines.append(f"- **{title}**: {reason}")
    return "\n".join(lines)


@functools.cache
def _all_rules() -> tuple[LegalRules, ...]:
    return tuple(rules for kind in KINDS if (rules := rules_of(kind)) is not None)


__all__ = [
    "KINDS", "Coverage", "Label", "LegalItem", "LegalRules", "coverage", "coverage_problems", "label_section", "labels_markdown",
    "labels_of", "not_applicable_markdown", "rules_of",
]  # fmt: skip
