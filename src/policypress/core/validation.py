"""The one place a site is checked: what ``check``, ``build``, the plugin and ``report`` all run.

Everything a build would refuse is found here, before anything is written,
and every problem of a run is reported at once with its file and line:

1. the layout of docs/ (drafts, stray files, version files without their policy, links out of the project);
2. every policy file: YAML, schema, languages, characters, rules, markup;
3. the glossary (read like every policy file);
4. addresses: two pages, or a page and a file, claiming one address;
5. the locks, for the moment the site is built for;
6. parity warnings (facts that differ between languages).

Anything that only warns is a warning (printed, fatal under ``--strict``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from policypress.core.addresses import collisions, language_prefix_problems
from policypress.core.errors import ContentError, Location
from policypress.core.textfile import forbidden_character
from policypress.core.languages import Languages
from policypress.core.layout import discover, foreign_files, is_content, layout_problems
from policypress.core.loader import Site, load_policy
from policypress.core.locks import verify_policy
from policypress.core.model import Policy
from policypress.core.parity import GLOSSARY_NAME, Term, check_site, load_glossary
from policypress.core.schedule import AsOf
from policypress.outputs.staging import collect_sources


@dataclass
class Validation:
    """The result of :func:`validate`: the site as far as it loaded, and every problem found."""

    site: Site
    glossary: tuple[Term, ...]
    problems: list[ContentError]
    handwritten: dict[str, Path] = field(default_factory=dict)
    """The hand-written files under docs/ that are published (name → path)."""

    @property
    def errors(self) -> list[ContentError]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[ContentError]:
        return [problem for problem in self.problems if problem.severity != "error"]

    @property
    def ok(self) -> bool:
        """Whether a build may go on (warnings allowed)."""
        return not self.errors


def published_sources(docs_dir: Path) -> dict[str, Path]:
    """The hand-written files MkDocs publishes from ``docs_dir``: everything but hidden files and content (YAML, locks)."""
    return collect_sources(docs_dir, is_content)


def _file_name_problems(files: dict[str, Path]) -> list[ContentError]:
    """A published file's name is an address and a line of a terminal: no control or bidirectional characters."""
    problems = []
    for name, path in files.items():
        found = forbidden_character(name, key=True)
        if found is not None:
            problems.append(ContentError(Location(path), f"this file's name holds {found[1]}; rename it"))
    return problems


def validate(*, docs_dir: Path, languages: Languages, as_of: AsOf) -> Validation:
    """Check the site under ``docs_dir`` as it would be built at ``as_of``; never raises for bad content."""
    problems: list[ContentError] = [*foreign_files(docs_dir), *layout_problems(docs_dir, GLOSSARY_NAME)]
    policies: list[Policy] = []
    for folder in discover(docs_dir):
        # Partly broken policies are checked on (locks, parity, addresses): every error in one run.
        # Nothing is built from them: any error stops a build.
        policy, found = load_policy(folder, docs_dir, languages, partial=True)
        problems.extend(found)
        if policy is not None:
            policies.append(policy)
    glossary, found = load_glossary(docs_dir, languages.codes)
    problems.extend(found)
    handwritten = published_sources(docs_dir)
    problems.extend(_file_name_problems(handwritten))
    problems.extend(language_prefix_problems(policies, languages))
    # A file in a policy's folder is an error of the layout already, not also a clash.
    folders = [policy.source.path.parent for policy in policies]
    loose = {name: path for name, path in handwritten.items() if not any(folder in path.parents for folder in folders)}
    problems.extend(collisions(policies, loose, languages))
    for policy in policies:
        problems.extend(verify_policy(policy, as_of, glossary))
    site = Site(tuple(policies), languages)
    problems.extend(check_site(site, glossary))
    return Validation(site, glossary, sorted(set(problems), key=ContentError.sort_key), handwritten)
