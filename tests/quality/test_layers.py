"""The layers hold (issue 27, item 1): every import of the package looks down, and only the front ends know MkDocs.

Read from the source (every ``import`` and ``from … import``, type-only ones
too: a type from above is a dependency on it), so a new upward import fails
here the day it is written, not when someone tries to reuse the core.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "policypress"
#: Bottom to top. A module may import its own layer and the ones before it.
LAYERS = ["core", "diff", "render", "outputs", "authoring", "session", "frontends", "adapters", "cli", "__main__"]
#: Modules at the package's top that every layer may use: the version, and where the package's data lies.
SHARED = {"policypress", "policypress.package_data"}
FRONT_ENDS = {"frontends", "adapters", "cli", "__main__"}
MKDOCS = ("mkdocs", "material", "mkdocs_static_i18n")


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "policypress" or module in SHARED:
        return None
    return parts[1] if len(parts) > 1 else None


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def _modules(package: Path) -> list[tuple[Path, str]]:
    return [
        (path, ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__"))
        for path in sorted(package.rglob("*.py"))
    ]


def violations(package: Path = PACKAGE) -> list[str]:
    problems = []
    for path, module in _modules(package):
        mine = _layer(module)
        if mine is None:
            continue
        assert mine in LAYERS, f"{module}: a layer this test does not know; add it to LAYERS where it belongs"
        for line, imported in _imports(path):
            other = _layer(imported)
            where = f"src/{path.relative_to(package.parent).as_posix()}:{line}"
            if other is not None and other in LAYERS and LAYERS.index(other) > LAYERS.index(mine):
                problems.append(f"{where}: {mine} imports {imported}, a layer above it")
            if imported.split(".")[0] in MKDOCS and mine not in FRONT_ENDS:
                problems.append(f"{where}: {mine} imports {imported}; only the front ends know MkDocs")
    return problems


def test_every_import_looks_down_and_only_front_ends_know_mkdocs() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("core/zz_upward.py", "from policypress.session import Session", "core imports policypress.session, a layer above it"),
        ("render/zz_mkdocs.py", "import mkdocs.config", "render imports mkdocs.config; only the front ends know MkDocs"),
    ],
)
def test_an_upward_or_mkdocs_import_is_caught(tmp_path: Path, module: str, line: str, expected: str) -> None:
    """The check can fail: a module breaking each rule, planted in a copy of the package, is named.

    (In a copy: the type checker and the other workers of ``pytest -n`` read the package meanwhile.)
    """
    package = tmp_path / "policypress"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / module).write_text(f'"""Planted by a test."""\n\n{line}\n', encoding="utf-8")
    assert violations(package) == [f"src/policypress/{module}:3: {expected}"]
