"""The package's imports are the site's requirements, not the test suite's.

``scripts/build`` installs ``requirements/site.txt`` only; a module the
package imports from a distribution pinned only for the tests (once: bs4)
builds in the test environment and fails on a fresh clone. This test reads
the files, not the environment it runs in, so the test set-up cannot hide it.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "policypress"


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pinned(path: Path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names.add(_normalise(re.split(r"[=<>~!\[ ;]", line, maxsplit=1)[0]))
    return names


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {_normalise(re.split(r"[=<>~!\[ ;]", spec, maxsplit=1)[0]) for spec in project["dependencies"]}


def imported_modules() -> dict[str, list[str]]:
    """Top-level modules the package imports (not its own, not the standard library), by importing file."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".", 1)[0]
                if top in sys.stdlib_module_names or top in ("__future__", "policypress"):
                    continue
                found.setdefault(top, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_imported_distribution_is_pinned_for_the_site_and_declared() -> None:
    site = _pinned(ROOT / "requirements" / "site.txt")
    declared = _declared()
    distributions = packages_distributions()
    imports = imported_modules()
    assert "bs4" in imports and "yaml" in imports  # the scan sees real imports
    missing = []
    for module, files in sorted(imports.items()):
        names = {_normalise(name) for name in distributions.get(module, [module])}
        if not names & site:
            missing.append(f"{module} (imported by {files[0]}) is not pinned in requirements/site.txt")
        if not names & declared:
            missing.append(f"{module} (imported by {files[0]}) is not a dependency in pyproject.toml")
    assert missing == []


def test_test_requirements_add_nothing_the_package_imports() -> None:
    test_only = _pinned(ROOT / "requirements" / "test.txt") - _pinned(ROOT / "requirements" / "site.txt")
    distributions = packages_distributions()
    overlap = {
        module
        for module in imported_modules()
        if {_normalise(name) for name in distributions.get(module, [module])} & test_only
    }
    assert overlap == set()
