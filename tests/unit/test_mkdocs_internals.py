"""What the plugin reads of other packages' internals (policypress.adapters.mkdocs.internals): it works with the
pinned versions, and a version or shape it does not know fails loudly, with a message naming the package."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from mkdocs.config import load_config

from policypress.adapters.mkdocs import internals
from policypress.adapters.mkdocs.internals import InternalsChanged
from policypress.outputs.search import LUNR_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def config() -> Any:
    return load_config(str(ROOT / "mkdocs.yml"))


def _fake(plugins: dict[str, Any], theme: str = "material") -> Any:
    return SimpleNamespace(plugins=plugins, theme=SimpleNamespace(name=theme))


def _version(package: str) -> str:
    return metadata.version(package)


def test_the_pinned_versions_are_supported(config: Any) -> None:
    internals.check_supported(config)  # no error
    for package, versions in internals.SUPPORTED.items():
        assert _version(package) in versions, package


def test_an_unknown_version_is_refused_with_what_is_supported(config: Any) -> None:
    def installed(package: str) -> str:
        return "2.0.0" if package == "mkdocs-static-i18n" else metadata.version(package)

    with pytest.raises(InternalsChanged) as refused:
        internals.check_supported(config, installed)
    assert str(refused.value) == (
        "policypress: this site uses mkdocs-static-i18n 2.0.0 (policypress supports <2,>=1.2). policypress reads a few of "
        "their internals (see policypress.adapters.mkdocs.internals); install a supported version (requirements/site.txt pins one)"
    )


def test_only_the_packages_a_site_uses_are_checked() -> None:
    site = _fake({}, theme="mkdocs")  # no i18n plugin, not Material

    def installed(package: str) -> str:
        if package != "mkdocs":
            raise AssertionError(f"{package} was checked, though the site does not use it")
        return metadata.version(package)

    internals.check_supported(site, installed)


def test_an_i18n_plugin_without_the_attributes_read_is_refused() -> None:
    site = _fake({"i18n": SimpleNamespace(current_language="ko")})  # no `building`
    with pytest.raises(InternalsChanged) as refused:
        internals.check_supported(site)
    assert str(refused.value) == (
        f"policypress: mkdocs-static-i18n {_version('mkdocs-static-i18n')} no longer has the plugin attribute `building`; "
        "policypress supports mkdocs-static-i18n <2,>=1.2"
    )


def test_the_language_being_built_and_nested_builds(config: Any) -> None:
    assert internals.current_language(config) is None  # before mkdocs-static-i18n's on_config
    assert internals.in_nested_build(config) is False
    i18n = SimpleNamespace(current_language="en", building=True)
    assert internals.current_language(_fake({"i18n": i18n})) == "en"
    assert internals.in_nested_build(_fake({"i18n": i18n})) is True
    assert internals.current_language(_fake({})) is None and internals.in_nested_build(_fake({})) is False
    with pytest.raises(InternalsChanged, match="no longer has the plugin attribute `current_language`"):
        internals.current_language(_fake({"i18n": SimpleNamespace(building=False)}))
    with pytest.raises(InternalsChanged, match="no longer has the plugin attribute `building`"):
        internals.in_nested_build(_fake({"i18n": SimpleNamespace(current_language="ko")}))


def test_the_languages_of_the_i18n_plugin(config: Any) -> None:
    assert internals.i18n_languages(config) == ([("ko", "한국어"), ("en", "English")], "ko")
    broken = _fake({"i18n": SimpleNamespace(config=SimpleNamespace(languages=[SimpleNamespace(locale="ko")]))})
    with pytest.raises(InternalsChanged, match="no longer has the language option `build`"):
        internals.i18n_languages(broken)


def test_search_entries_and_settings(config: Any) -> None:
    search = internals.search_plugin(config)
    assert search is not None and search is config.plugins["material/search"]
    search.on_config(config)  # Material's search makes its index in its own on_config
    assert internals.search_entries(search) == []
    assert set(internals.search_settings(search)) >= {"lang", "separator", "pipeline", "fields"}
    with pytest.raises(InternalsChanged) as refused:
        internals.search_entries(SimpleNamespace())
    assert str(refused.value) == (
        f"policypress: mkdocs-material {_version('mkdocs-material')} no longer has the search plugin's `search_index.entries`; "
        "policypress supports mkdocs-material <10,>=9.5"
    )


def test_pages_of_other_languages_look_for_their_own_search_index() -> None:
    page = '<p>x</p><script id="__config" type="application/json">{"base": "..", "features": []}</script>'
    rebased = internals.rebase_search(page, "en/")
    config = json.loads(rebased.split('type="application/json">', 1)[1].split("</script>", 1)[0])
    assert config == {"base": "../en/", "features": []}
    assert internals.rebase_search("<p>a page of another theme</p>", "en/") == "<p>a page of another theme</p>"
    with pytest.raises(InternalsChanged, match="no longer has the \"base\" of the pages' __config script"):
        internals.rebase_search('<script id="__config" type="application/json">{"root": ".."}</script>', "en/")


def test_language_links_become_site_relative() -> None:
    alternate = [{"link": "/repo/en/", "lang": "en"}, {"link": "https://elsewhere.example/", "lang": "ko"}]
    extra = SimpleNamespace(alternate=alternate, get=lambda key: None)
    site = SimpleNamespace(site_url="https://owner.example/repo/", extra=extra)
    internals.relative_alternates(site)  # type: ignore[arg-type]
    assert [item["link"] for item in alternate] == ["en/", "https://elsewhere.example/"]


def test_theme_templates_go_after_the_sites_own(config: Any) -> None:
    internals.add_theme_dir(config, "/policypress/templates")
    dirs = config.theme.dirs
    assert dirs[0].endswith("overrides") and dirs[1] == "/policypress/templates"
    internals.add_theme_dir(config, "/policypress/templates")
    assert dirs.count("/policypress/templates") == 1


def test_a_page_without_anchors_to_set_is_refused() -> None:
    with pytest.raises(InternalsChanged, match=r"no longer has `Page.present_anchor_ids`"):
        internals.set_page_content(SimpleNamespace(), [], set())  # type: ignore[arg-type]
    page = SimpleNamespace(present_anchor_ids=None, toc=None)
    internals.set_page_content(page, [{"level": 1, "id": "x", "name": "X", "children": []}], {"x"})  # type: ignore[arg-type]
    assert page.present_anchor_ids == {"x"} and [item.id for item in page.toc] == ["x"]


def _material_file(path: str) -> Path:
    import material

    return Path(material.__file__).parent / "templates" / path


def test_the_search_worker_loads_what_search_scripts_names() -> None:
    # search_scripts copies the branches of Material's worker: a Material that loads other files fails here, not in
    # a reader's browser with a search that never starts.
    worker = next(_material_file("assets/javascripts/workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    branches = re.search(r"for\(let (\w) of (\w)\.lang\)\{switch\(\1\)\{(.*?)\}\1!==\"en\"&&(\w)\.push\(`\$\{(\w)\}/min/lunr\.\$\{\1\}\.min\.js`\)\}"
                         r"\2\.lang\.length>1&&\4\.push\(`\$\{\5\}/min/lunr\.multi\.min\.js`\),\4\.length&&\(yield importScripts\("
                         r"`\$\{\5\}/min/lunr\.stemmer\.support\.min\.js`,\.\.\.\4\)\)", worker)
    assert branches is not None, "Material's search worker no longer loads its languages as search_scripts says"
    assert re.findall(r'case"(\w+)":', branches.group(3)) == ["ja", "hi", "th"]
    assert re.findall(r"/(\w+\.js)`", branches.group(3)) == ["tinyseg.js", "wordcut.js"]
    assert internals.search_scripts([["ja", "en"], ["th"]]) == {
        f"assets/javascripts/lunr/{name}" for name in
        ("tinyseg.js", "wordcut.js", "min/lunr.ja.min.js", "min/lunr.th.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js")
    }  # fmt: skip
    for name in internals.search_scripts([[language] for language in LUNR_LANGUAGES]):
        assert _material_file(name).is_file(), name


def test_only_the_theme_s_files_no_reader_loads_are_left_out(config: Any) -> None:
    from mkdocs.structure.files import File, Files

    material = str(_material_file(""))
    files = Files([File(path, material, "site", True) for path in (
        "assets/javascripts/bundle.min.js", "assets/javascripts/bundle.min.js.map",
        "assets/stylesheets/main.min.css.map", "assets/javascripts/lunr/min/lunr.ko.min.js",
        "assets/javascripts/lunr/min/lunr.ja.min.js", "assets/javascripts/lunr/tinyseg.js",
        "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
    )] + [File("assets/site.js.map", config.docs_dir, "site", True),
          File("assets/javascripts/lunr/min/lunr.ru.min.js", config.theme.custom_dir, "site", True)])  # fmt: skip
    unread = internals.unread_theme_files(files, config, [["ko"], ["en"]])
    assert [(Path(file.src_dir).name, file.src_uri) for file in unread] == [
        ("templates", "assets/javascripts/bundle.min.js.map"),
        ("templates", "assets/stylesheets/main.min.css.map"),
        ("templates", "assets/javascripts/lunr/min/lunr.ja.min.js"),
        ("templates", "assets/javascripts/lunr/tinyseg.js"),
    ]
    # A site without search loads none of the search languages.
    assert "assets/javascripts/lunr/min/lunr.ko.min.js" in {file.src_uri for file in internals.unread_theme_files(files, config, [])}
