"""The core's one entry point (policypress.session.Session): settings are arguments, work is done once, and the
plugin keeps its session for a whole ``mkdocs serve``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from policypress.core.errors import ContentErrors
from policypress.core.languages import Languages
from policypress.diff import service
from policypress.diff.service import DiffService
from policypress.session import Session
from tests.conftest import ROOT, SITES, copy_project

LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")


def _no_diffing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("a diff this session had was computed again")


def test_a_session_shows_the_moment_it_is_given_whatever_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2023-12-01")
    monkeypatch.setenv("POLICYPRESS_PREVIEW", "1")
    session = Session(ROOT, languages=LANGUAGES, as_of=dt.date(2026, 12, 1), cache_dir=tmp_path)
    rendered = session.render()
    assert "privacy/2026-12-21/index.ko.md" in rendered.pages  # upcoming on 2026-12-01, not on 2023-12-01
    index = json.loads(rendered.files["policies.json"])
    assert (index["as_of"], index["preview"]) == ("2026-12-01", False)
    assert "robots.txt" not in rendered.files
    assert session.render() is rendered  # rendered once per moment
    assert rendered.summary() == "policypress site as of 2026-12-01: privacy: in force 2023-12-01, upcoming 2026-12-21"


def test_validate_lists_problems_and_render_refuses_to_build_from_them(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    version = project / "docs/privacy/versions/2026-12-21.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("adverse: false", "adverse: maybe", 1), encoding="utf-8")
    session = Session(project, languages=LANGUAGES, as_of=dt.date(2026, 12, 1))
    checked = session.validate()
    assert not checked.ok and [problem.location.path.name for problem in checked.errors] == ["2026-12-21.yml"]
    with pytest.raises(ContentErrors) as refused:
        session.render()
    assert "adverse" in str(refused.value)


def test_a_refreshed_session_validates_again_and_keeps_its_diffs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    session = Session(project, languages=LANGUAGES, as_of=dt.date(2026, 12, 1), cache_dir=tmp_path / "cache")
    first = session.render()
    monkeypatch.setattr(service, "diff_versions", _no_diffing)
    session.refresh(as_of=dt.date(2026, 12, 21))
    second = session.render()
    assert second is not first
    assert json.loads(second.files["policies.json"])["as_of"] == "2026-12-21"
    assert second.context.schedules["privacy"].current is not None
    assert second.context.schedules["privacy"].current.slug == "2026-12-21"
    # An edited file is seen at the next validation, without a refresh: the session compares the bytes.
    checked = session.validate()
    assert session.validate() is checked
    page = project / "docs/index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert session.validate() is not checked
    session.close()


def test_the_plugin_keeps_its_session_across_serve_rebuilds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = copy_project(SITES / "minimal", tmp_path / "minimal")
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2024-04-01")  # through the plugin's !ENV option, as mkdocs serve reads it
    out = tmp_path / "out"
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = config.plugins["policypress"]
    session = plugin.session
    assert session is not None and (out / "terms/2024-03-01/changes/index.html").is_file()

    page = project / "docs/index.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEdited while serving.\n", encoding="utf-8")
    monkeypatch.setattr(service, "diff_versions", _no_diffing)  # the versions did not change: no diff again
    rebuilt = load_config(str(project / "mkdocs.yml"), site_dir=str(out))
    assert rebuilt.plugins["policypress"] is plugin  # MkDocs keeps a plugin with on_startup for the whole command
    build(rebuilt)
    assert plugin.session is session
    assert "Edited while serving." in (out / "en/index.html").read_text(encoding="utf-8")
    rebuilt.plugins.on_shutdown()
    assert plugin.session is None


def test_serve_keeps_the_session_of_a_site_whose_anchors_pymdownx_slugifies(tmp_path: Path) -> None:
    """The example's ``toc`` slugify is ``!!python/object/apply:pymdownx.slugs.slugify``: every reading of
    ``mkdocs.yml`` makes a new function, and the plugin once took that for another site, so ``mkdocs serve``
    began a new session (diffs, Kiwi, file readings all over) at every rebuild of it."""
    from mkdocs.config import load_config

    from policypress.adapters.mkdocs.config import session_for
    from policypress.adapters.mkdocs.plugin import _same_site

    project = copy_project(ROOT, tmp_path / "example")
    first, second = (session_for(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "out"))) for _ in range(2))
    assert first.options.headings.slugify is not second.options.headings.slugify  # two readings, two functions
    assert first.options.headings == second.options.headings
    assert _same_site(first, second)
    # A changed setting is still another site.
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("          case: lower\n", "          case: none\n", 1), encoding="utf-8")
    third = session_for(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "out")))
    assert not _same_site(first, third)


def test_a_one_time_build_lets_its_diffs_go_once_the_pages_have_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs build` (and `policypress build`) ask for no diff once the pages are rendered; `mkdocs serve` keeps them
    for its next rebuild (test above)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    released: list[DiffService] = []
    monkeypatch.setattr(DiffService, "release", lambda self: released.append(self))
    project = copy_project(SITES / "minimal", tmp_path / "minimal")
    monkeypatch.setenv("POLICYPRESS_AS_OF", "2024-04-01")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    session = config.plugins["policypress"].session
    assert session is not None and released == [session.diffs]
    config.plugins.on_shutdown()


def test_a_revalidation_reads_again_only_the_files_whose_bytes_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``mkdocs serve`` validates again after every edit: an unchanged file's reading is kept, an edited one's never."""
    from policypress.core import loader

    project = copy_project(ROOT, tmp_path / "example")
    session = Session(project, languages=LANGUAGES, as_of=dt.date(2026, 12, 1), cache_dir=tmp_path / "cache")
    read: list[str] = []
    real = loader._read_model
    monkeypatch.setattr(loader, "_read_model", lambda path, *args: read.append(path.name) or real(path, *args))
    session.validate()
    assert sorted(read) == ["2023-12-01.yml", "2026-12-21.yml", "2027-02-03.yml", "policy.yml"]

    read.clear()
    version = project / "docs/privacy/versions/2026-12-21.yml"
    text = version.read_text(encoding="utf-8")
    version.write_text(text.replace("adverse: false", "adverse: maybe", 1), encoding="utf-8")
    checked = session.validate()
    assert read == ["2026-12-21.yml"]
    assert [problem.location.path.name for problem in checked.errors] == ["2026-12-21.yml"]

    # Put back as it was: its earlier reading is gone (only the last validation's are kept), so it is read again,
    # and the error goes with the edit.
    read.clear()
    version.write_text(text, encoding="utf-8")
    checked = session.validate()
    assert read == ["2026-12-21.yml"] and checked.ok
    assert checked.site.policy("privacy").version("2026-12-21").content_data() == Session(
        project, languages=LANGUAGES, as_of=dt.date(2026, 12, 1), cache_dir=tmp_path / "other"
    ).validate().site.policy("privacy").version("2026-12-21").content_data()

    # A removed version is forgotten with its file.
    (project / "docs/privacy/versions/2027-02-03.yml").unlink()
    session.validate()
    assert len(session._loaded) == 3
    session.close()
