"""The settings the commands read as data are the ones MkDocs reads (issue 27, item 1).

Every command but ``build`` reads ``mkdocs.yml`` without MkDocs
(:mod:`policypress.cli.settings`); ``build`` hands MkDocs' own reading to
the plugin. The two must make the same session, or ``check`` and
``generate`` would judge and write another site than the one built.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from policypress.adapters.mkdocs.config import session_for
from policypress.cli.building import load_mkdocs_config
from policypress.cli.project import Project
from policypress.cli.settings import SettingsError, read_settings
from tests.conftest import ROOT, SITES, copy_project

AS_OF = dt.date(2026, 12, 7)
HEADINGS = ["변경 절차 한눈에 보기", "Retention Period (5 years)", "제3자 제공·위탁", "  Spaces  and Ünïcode "]


@pytest.mark.parametrize("site", [ROOT, SITES / "minimal", SITES / "hostile"], ids=["example", "minimal", "hostile"])
def test_the_settings_read_as_data_make_the_session_mkdocs_makes(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = Project.open(str(site / "mkdocs.yml"), os.environ)
    ours = project.session(as_of=AS_OF, headings=True)
    theirs = session_for(load_mkdocs_config(site / "mkdocs.yml"), as_of=AS_OF)
    for name in ("root", "docs_dir", "languages", "site_url", "cache_dir"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.options.site_locales == theirs.options.site_locales
    mine, mkdocs = ours.options.headings, theirs.options.headings
    for name in ("permalink", "permalink_title", "permalink_class", "permalink_leading", "separator"):
        assert getattr(mine, name) == getattr(mkdocs, name), name
    assert [mine.slugify(h, mine.separator) for h in HEADINGS] == [mkdocs.slugify(h, mkdocs.separator) for h in HEADINGS]


def test_the_example_keeps_korean_in_its_anchors_read_as_data() -> None:
    headings = read_settings(ROOT / "mkdocs.yml").headings()
    assert headings.slugify("변경 절차 한눈에 보기", headings.separator) == "변경-절차-한눈에-보기"


def test_env_settings_are_read_from_the_environment_given_and_only_then(tmp_path: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_url: https://example.org/", "site_url: !ENV [SITE_ADDRESS, https://example.org/]"), encoding="utf-8")
    assert read_settings(config, {"SITE_ADDRESS": "https://policies.example.kr/"}).site_url == "https://policies.example.kr/"
    # The review reads a pull request's settings with no environment: the default, never the judge's variables.
    assert read_settings(config).site_url == "https://example.org/"
    assert read_settings(config, {}).site_url == "https://example.org/"


def test_a_slugify_policypress_cannot_read_as_data_is_refused_by_name_and_never_imported(tmp_path: Path) -> None:
    project = copy_project(SITES / "minimal", tmp_path / "site")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "markdown_extensions: [attr_list, toc, admonition]",
            "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:os.system\n        args: ['touch pwned']\n",
        ),
        encoding="utf-8",
    )
    settings = read_settings(config)
    with pytest.raises(SettingsError) as refused:
        settings.headings()
    assert str(refused.value) == (
        "mkdocs.yml: toc's slugify os.system is not one policypress reads without running MkDocs (pymdownx.slugs.slugify, "
        "markdown.extensions.toc.slugify, markdown.extensions.toc.slugify_unicode); generated headings would not match the site's"
    )
    assert not (project / "pwned").exists() and not Path("pwned").exists()
