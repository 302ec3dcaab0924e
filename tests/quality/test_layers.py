"""The layers hold (issue 27, item 1): every import of the package looks down, only the MkDocs adapter and the
command that runs MkDocs know MkDocs, and nothing below the front ends reads the environment.

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
#: Who may import MkDocs (or the adapter around it): the adapter, and the one command that runs MkDocs.
#: Every other command reads the site's settings as data, so ``generate`` builds a docs folder without MkDocs.
KNOWS_MKDOCS = ("policypress.adapters", "policypress.cli.building")
ENVIRONMENT = ("os.environ", "os.getenv", "os.putenv", "os.unsetenv")


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
            if imported.split(".")[0] in MKDOCS or imported.startswith("policypress.adapters"):
                if not module.startswith(KNOWS_MKDOCS):
                    problems.append(f"{where}: {module} imports {imported}; only the MkDocs adapter and the command that runs MkDocs know it")
        if mine not in FRONT_ENDS:
            for line, name in _environment_reads(path):
                problems.append(f"src/{path.relative_to(package.parent).as_posix()}:{line}: {mine} reads {name}; only the front ends read the environment")
    return problems


def _environment_reads(path: Path) -> list[tuple[int, str]]:
    """Every ``os.environ``, ``os.getenv``… (and ``from os import environ``) in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and f"{node.value.id}.{node.attr}" in ENVIRONMENT:
            found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(f"os.{a.name}" in ENVIRONMENT for a in node.names):
            found.append((node.lineno, "os.environ"))
    return found


def test_every_import_looks_down_and_only_front_ends_know_mkdocs() -> None:
    assert violations() == []
    # The rule is not empty: the adapter and the build command do import MkDocs.
    assert any(name.split(".")[0] in MKDOCS for _line, name in _imports(PACKAGE / "cli/building.py"))


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("core/zz_upward.py", "from policypress.session import Session", "core imports policypress.session, a layer above it"),
        ("render/zz_mkdocs.py", "import mkdocs.config", "policypress.render.zz_mkdocs imports mkdocs.config; only the MkDocs adapter and the command that runs MkDocs know it"),
        ("cli/zz_check.py", "from policypress.adapters.mkdocs.config import session_for",
         "policypress.cli.zz_check imports policypress.adapters.mkdocs.config; only the MkDocs adapter and the command that runs MkDocs know it"),
        ("frontends/zz_material.py", "import material", "policypress.frontends.zz_material imports material; only the MkDocs adapter and the command that runs MkDocs know it"),
        ("outputs/zz_env.py", "import os\nAS_OF = os.environ.get('POLICYPRESS_AS_OF')", "outputs reads os.environ; only the front ends read the environment"),
    ],
)
def test_an_upward_or_mkdocs_import_is_caught(tmp_path: Path, module: str, line: str, expected: str) -> None:
    """The check can fail: a module breaking each rule, planted in a copy of the package, is named.

    (In a copy: the type checker and the other workers of ``pytest -n`` read the package meanwhile.)
    """
    package = tmp_path / "policypress"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    (package / module).write_text(f'"""Planted by a test."""\n\n{line}\n', encoding="utf-8")
    where = 4 if "\n" in line else 3
    assert violations(package) == [f"src/policypress/{module}:{where}: {expected}"]
