"""What every harness needs from a project: a faithful copy of it, and builds that say why they failed.

The example site grows: ``overrides/`` (the clinic's frame) was added to
``mkdocs.yml`` after ``search_recall.py`` had learned to copy ``mkdocs.yml``,
``docs/`` and ``locales/``, and that harness then failed on every run with a
bare ``CalledProcessError``. So nothing here keeps a list of folders: a copy
takes whatever ``mkdocs.yml`` names, and a failed command shows its own output.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
"""The repository, whose root is the example site's project."""

CONFIG = "mkdocs.yml"

#: Folders a setting names by default, without being written in mkdocs.yml: MkDocs'
#: ``docs_dir`` and the policypress plugin's ``locales_dir`` (the site's own catalogs).
DEFAULT_DOCS_DIR = "docs"
DEFAULT_LOCALES_DIR = "locales"

#: What a copy never takes, even when named: build products and caches would make
#: a harness measure (or trip on) a previous build instead of the project.
_NEVER = {".cache", ".git", ".venv", "node_modules", "__pycache__"}


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that reads MkDocs' tags (``!ENV``, ``!!python/name:``…) as the plain data under them.

    MkDocs' own loader would import and call what ``!!python/object/apply:`` names;
    this one only builds strings, lists and mappings, so reading a configuration
    runs nothing. The data under a tag is kept (not dropped) because it may name a
    path: ``custom_dir: !ENV [THEME_DIR, overrides]`` still refers to ``overrides``.
    """


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


# Only tags SafeLoader does not know reach a multi-constructor: "" matches them all.
_ConfigLoader.add_multi_constructor("", _untagged)


def read_config(project: Path, config: str = CONFIG) -> dict[str, Any]:
    """``project/mkdocs.yml`` as data, its tags read as the plain values under them (nothing executed)."""
    data = yaml.load((project / config).read_text(encoding="utf-8"), Loader=_ConfigLoader)
    if not isinstance(data, dict):
        raise SystemExit(f"{project / config} is not a mapping of settings")
    return data


def _strings(value: Any) -> Iterator[str]:
    """Every string in a configuration value, keys included (``hooks: [x.py]``, ``- pymdownx.snippets: {base_path: [inc]}``)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, Sequence):
        for item in value:
            yield from _strings(item)


def _plugin_options(config: Mapping[str, Any], name: str) -> Mapping[str, Any] | None:
    """The options of plugin ``name`` (``{}`` when listed without any), or None when the site does not use it."""
    plugins = config.get("plugins") or []
    if isinstance(plugins, Mapping):
        plugins = [{key: value} for key, value in plugins.items()]
    for entry in plugins:
        if entry == name:
            return {}
        if isinstance(entry, Mapping) and name in entry:
            return entry[name] or {}
    return None


def referenced_paths(project: Path, config: str = CONFIG) -> list[str]:
    """The project's top-level files and folders that ``mkdocs.yml`` refers to, sorted, the configuration first.

    A path counts when a setting names it (``docs_dir``, ``theme.custom_dir``,
    ``hooks``, ``watch``, ``INHERIT``, ``extra_css`` written from the project
    root, a Markdown extension's ``base_path``…) or when a setting left out names
    it by default (``docs/``; ``locales/`` for the policypress plugin), and it
    exists. Any string of the configuration is tried, not a list of known keys:
    a plugin or extension added later names its folders in its own options.
    The site folder (``site_dir``) is never taken: it is a build's output.
    """
    settings = read_config(project, config)
    root = project.resolve()
    site_dir = settings.get("site_dir") or "site"
    candidates = list(_strings(settings))
    candidates.append(str(settings.get("docs_dir") or DEFAULT_DOCS_DIR))
    policypress = _plugin_options(settings, "policypress")
    if policypress is not None:
        candidates.append(str(policypress.get("locales_dir") or DEFAULT_LOCALES_DIR))
    found = {config}
    for text in candidates:
        if "\n" in text or "://" in text or not text.strip():
            continue
        try:
            path = (root / text).resolve()
            exists = path.exists()
        except (OSError, ValueError):  # a sentence too long for a file name, a NUL: not a path
            continue
        if path == root or not path.is_relative_to(root) or not exists:
            continue
        top = path.relative_to(root).parts[0]
        # A path inside the site folder or a cache is a build's output, not part of the project.
        if top in _NEVER or (root / top).resolve() == (root / site_dir).resolve():
            continue
        found.add(top)
    return [config] + sorted(found - {config})


def copy_project(dest: Path, source: Path = ROOT, config: str = CONFIG) -> Path:
    """Copy the project at ``source`` (default: the example site) into ``dest``: every path its ``mkdocs.yml`` refers to.

    Harnesses build a copy, never the work tree, so a measurement cannot leave a
    ``site/`` or ``.cache/`` behind or measure a stale one. Returns ``dest``.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for name in referenced_paths(source, config):
        path = source / name
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=shutil.ignore_patterns(*_NEVER))
        else:
            shutil.copy2(path, dest / name)
    return dest


def run_checked(args: Sequence[str], *, cwd: Path, env: Mapping[str, str] | None = None, what: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command (a build, a check) and return its output; when it fails, stop with that output.

    A bare ``CalledProcessError`` names the command and hides why it failed (the
    build's own ``error: …`` lines were captured and dropped); this message
    carries them, so a broken harness says what broke.
    """
    result = subprocess.run(list(args), cwd=cwd, env=dict(env) if env is not None else None, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(failure(what or " ".join(args), result.returncode, cwd, result.stdout + result.stderr))
    return result


def failure(what: str, code: int | str, cwd: Path, output: str) -> str:
    """The message of a failed command: what ran, where, its exit status, and its own output (all of it)."""
    return f"{what} failed (exit {code}) in {cwd}; its output:\n{output.rstrip() or '(none)'}"
