"""JSON Schemas of the content files, for editors that check YAML as it is typed.

The schemas are generated from the pydantic models of :mod:`policypress.core.model`,
the same models that validate the files at build time, so an editor and a build
never disagree about which fields exist. A site keeps them in ``schemas/``
beside ``mkdocs.yml``; each YAML file points at its schema on its first line::

    # yaml-language-server: $schema=../../schemas/policy.schema.json

The schemas only describe the shape of one file. Rules that span fields or
files (every language present, notice periods, order of versions) are the
build's, and ``policypress check`` reports them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel

from policypress.core.model import PolicyMeta, VersionFile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
POLICY_SCHEMA = "policy.schema.json"
VERSION_SCHEMA = "version.schema.json"


def _schema(model: type[BaseModel], *, name: str, title: str, description: str) -> dict[str, Any]:
    generated = model.model_json_schema()
    generated.pop("title", None)
    generated.pop("description", None)
    # The identifying keys first, so a reader of the file sees what it is.
    return {
        "$schema": DIALECT,
        "$id": f"urn:policypress:schema:{name}",
        "title": title,
        "description": description,
        **generated,
    }


def policy_schema() -> dict[str, Any]:
    """The JSON Schema of ``docs/<policy>/policy.yml``.

    >>> policy_schema()["$id"], policy_schema()["required"]
    ('urn:policypress:schema:policy', ['title', 'owner'])
    """
    return _schema(
        PolicyMeta,
        name="policy",
        title="policypress policy (policy.yml)",
        description=(
            "What a policy is and the rules its versions follow: titles and owner in every language of the site, "
            "the time zone of its dates, the binding language and the days of notice a change needs."
        ),
    )


def version_schema() -> dict[str, Any]:
    """The JSON Schema of ``docs/<policy>/versions/<effective>.yml``.

    >>> version_schema()["required"]
    ['announced', 'effective', 'summary', 'sections']
    """
    return _schema(
        VersionFile,
        name="version",
        title="policypress policy version (versions/<effective date>.yml)",
        description=(
            "One complete version of a policy: when it is announced and takes effect, whether the change is "
            "unfavourable to users, a summary of the change, and every section in every language of the site."
        ),
    )


#: Every schema a site carries, by file name.
SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    POLICY_SCHEMA: policy_schema,
    VERSION_SCHEMA: version_schema,
}


def render(schema: dict[str, Any]) -> str:
    """A schema as the text of its file: stable key order, readable, newline at the end."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder`` (created if needed); return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in SCHEMAS.items():
        path = folder / name
        path.write_text(render(make()), encoding="utf-8")
        written.append(path)
    return written
