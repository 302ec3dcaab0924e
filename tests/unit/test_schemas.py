"""The committed JSON Schemas match the models, and every real content file satisfies them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from policypress.authoring.schemas import POLICY_SCHEMA, SCHEMAS, VERSION_SCHEMA, policy_schema, render, version_schema
from tests.conftest import ROOT, SITES

SCHEMA_DIR = ROOT / "schemas"
_MODELINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)")


def _content_files() -> list[Path]:
    files = []
    for docs in (ROOT / "docs", SITES / "minimal" / "docs"):
        files += sorted(docs.rglob("policy.yml"))
        files += sorted(docs.rglob("versions/*.yml"))
    return files


def _plain(data: Any) -> Any:
    """What an editor's YAML language server sees: dates are text in YAML 1.2."""
    if isinstance(data, dict):
        return {key: _plain(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_plain(value) for value in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def _validator(name: str) -> Draft202012Validator:
    import json

    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_what_the_models_produce(name: str) -> None:
    committed = (SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == render(SCHEMAS[name]()), (
        f"schemas/{name} is out of date with policypress.core.model: run `policypress schema` and commit schemas/"
    )


def test_schemas_identify_themselves() -> None:
    for schema in (policy_schema(), version_schema()):
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].startswith("urn:policypress:schema:")
        assert schema["title"] and schema["description"]
        assert list(schema)[:4] == ["$schema", "$id", "title", "description"]


@pytest.mark.parametrize("path", _content_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_content_file_validates_against_its_schema(path: Path) -> None:
    name = POLICY_SCHEMA if path.name == "policy.yml" else VERSION_SCHEMA
    data = _plain(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(name).iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", [p for p in _content_files() if p.is_relative_to(ROOT / "docs")], ids=lambda p: p.name)
def test_example_files_point_at_the_committed_schemas(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = _MODELINE.match(first)
    assert match, f"{path.name}: first line should be the yaml-language-server $schema line"
    target = (path.parent / match.group(1)).resolve()
    expected = POLICY_SCHEMA if path.name == "policy.yml" else VERSION_SCHEMA
    assert target == (SCHEMA_DIR / expected).resolve()


def test_schema_rejects_what_the_build_rejects() -> None:
    validator = _validator(VERSION_SCHEMA)
    good = {
        "announced": "2026-11-20",
        "effective": "2026-12-21",
        "summary": {"ko": "가", "en": "A"},
        "sections": [{"id": "collection", "title": {"ko": "가", "en": "A"}, "body": {"ko": "가", "en": "A"}}],
    }
    assert list(validator.iter_errors(good)) == []
    wrong = [
        {**good, "efective": "2026-12-21"},  # misspelt field
        {**good, "effective": "2026-02-30"},  # not a day in the calendar
        {**good, "sections": []},
        {**good, "sections": [{**good["sections"][0], "id": "Collection Items"}]},
        {**good, "adverse": "yes"},
    ]
    for data in wrong:
        assert list(validator.iter_errors(data)), data
    policy = _validator(POLICY_SCHEMA)
    assert list(policy.iter_errors({"title": {"ko": "가"}, "owner": {"ko": "가"}, "notice": {"days": 0}}))
