"""The core outlives MkDocs 1.x and Material: a second front end (``policypress generate``) whose folder plain MkDocs
builds without the plugin, and the plugin itself under ProperDocs."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, cli_env, copy_project, run_cli, soup

pytestmark = pytest.mark.slow

AS_OF = "2026-12-01"


def _config_without_the_plugin(project: Path) -> None:
    """The example's mkdocs.yml with no policypress plugin (nor the frame that extends its templates), building docs_dir: generated."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"  - policypress:\n(?:      .*\n)+", "", text)
    text = re.sub(r"  custom_dir: overrides.*\n", "", text)
    text = text.replace("extra_css:\n  - assets/clinic.css\n", "extra_css:\n  - assets/clinic.css\n  - assets/policypress/policypress.css\nextra_javascript:\n  - assets/policypress/policypress.js\n")
    assert "policypress" not in text.split("plugins:", 1)[1].split("markdown_extensions:", 1)[0]
    (project / "mkdocs-plain.yml").write_text("docs_dir: generated\n" + text, encoding="utf-8")


def test_plain_mkdocs_builds_the_generated_folder_into_the_same_policy_site(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    generated = run_cli("generate", "generated", "--as-of", AS_OF, cwd=project, env=cli_env(), check=True)
    assert generated.stdout.startswith("Wrote ") and "generated/" in generated.stdout
    assert json.loads((project / "generated/policies.json").read_text(encoding="utf-8"))["as_of"] == AS_OF
    _config_without_the_plugin(project)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs-plain.yml", "-d", str(tmp_path / "out")],
        cwd=project, env=cli_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    out = tmp_path / "out"
    policy = soup(out / "privacy/index.html")
    assert policy.select_one("h1").get_text(strip=True).startswith("개인정보 처리방침")
    assert [h2["id"] for h2 in policy.select(".pp-page h2")][:3] == ["collection", "purpose", "retention"]
    # Every page announces the change, hand-written ones too, in its own language.
    for page, text in [("privacy/index.html", "2026년 12월 21일부터 변경됩니다"), ("index.html", "2026년 12월 21일부터 변경됩니다"),
                       ("en/privacy/index.html", "changes on December 21, 2026"), ("en/authors/index.html", "changes on December 21, 2026")]:  # fmt: skip
        banner = soup(out / page).select_one(".pp-banner")
        assert banner is not None and text in banner.get_text(" ", strip=True), page
    changes = soup(out / "en/privacy/2026-12-21/changes/index.html")
    assert changes.select("ins.pp-ins") and changes.select("del.pp-del")
    link = soup(out / "en/authors/index.html").select_one(".pp-banner a")
    assert link is not None and link["href"] == "../privacy/2026-12-21/changes/"  # relative: served under any path
    for name in ("feed.xml", "en/feed.xml", "policies.ics", "policies.json", "privacy/2026-12-21/notice/ko.txt"):
        assert (out / name).is_file(), name
    assert (out / "assets/policypress/policypress.js").is_file()


def test_generate_replaces_only_what_it_wrote(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    env = cli_env()
    run_cli("generate", "generated", "--as-of", AS_OF, cwd=project, env=env, check=True)
    again = run_cli("generate", "generated", "--as-of", "2026-12-21", cwd=project, env=env, check=True)
    assert again.returncode == 0
    assert json.loads((project / "generated/policies.json").read_text(encoding="utf-8"))["as_of"] == "2026-12-21"
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/todo.txt").write_text("mine\n", encoding="utf-8")
    refused = run_cli("generate", str(tmp_path / "notes"), "--as-of", AS_OF, cwd=project, env=env)
    assert refused.returncode == 1
    assert refused.stderr == (
        f"error: refusing to replace {tmp_path / 'notes'}: it is not empty and is not a site built by policypress "
        "(no policies.json of policypress in it); remove it yourself or choose another folder\n"
    )
    assert (tmp_path / "notes/todo.txt").read_text(encoding="utf-8") == "mine\n"
    for folder, what in ((".", "is the project"), ("docs", "is docs_dir")):
        result = run_cli("generate", folder, "--as-of", AS_OF, cwd=project, env=env)
        assert result.returncode == 1 and what in result.stderr, result.stderr
    assert (project / "docs/privacy/policy.yml").is_file()


def test_a_page_with_a_byte_order_mark_keeps_its_front_matter_first(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    page = project / "docs/about.en.md"
    page.write_bytes("\ufeff---\r\ntitle: About us\r\n---\r\n\r\n# About\r\n".encode("utf-8"))
    run_cli("generate", "generated", "--as-of", AS_OF, cwd=project, env=cli_env(), check=True)
    written = (project / "generated/about.en.md").read_text(encoding="utf-8")
    assert written.startswith("---\ntitle: About us\n---\n\n<div class=\"pp-banner\"")  # the banner after the front matter
    assert "# About" in written


def test_generate_stops_at_content_errors_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(ROOT, tmp_path / "example")
    version = project / "docs/privacy/versions/2026-12-21.yml"
    version.write_text(version.read_text(encoding="utf-8").replace("adverse: false", "adverse: maybe", 1), encoding="utf-8")
    result = run_cli("generate", "generated", "--as-of", AS_OF, cwd=project, env=cli_env())
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 error; generated/ was left as it was"
    assert "docs/privacy/versions/2026-12-21.yml:" in result.stderr and "adverse" in result.stderr
    assert not (project / "generated").exists()


@pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="ProperDocs is not installed (requirements/test.txt pins it)")
def test_the_plugin_builds_the_same_site_under_properdocs(fixture_project) -> None:
    project = fixture_project("minimal")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01", DISABLE_MKDOCS_2_WARNING="true")
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "with-mkdocs"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert mkdocs.returncode == 0, mkdocs.stderr
    properdocs = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "-d", "with-properdocs"], cwd=project, env=env, capture_output=True, text=True, timeout=300
    )
    assert properdocs.returncode == 0, properdocs.stderr
    assert "policypress site as of 2024-04-01" in properdocs.stderr
    one, other = project / "with-mkdocs", project / "with-properdocs"
    names = sorted(path.relative_to(one).as_posix() for path in one.rglob("*") if path.is_file())
    assert names == sorted(path.relative_to(other).as_posix() for path in other.rglob("*") if path.is_file())
    for name in ("policies.json", "feed.xml", "terms/history/index.html", "en/terms/2024-03-01/changes/index.html"):
        mine, theirs = (one / name).read_text(encoding="utf-8"), (other / name).read_text(encoding="utf-8")
        # The same page, but for the generator's name in Material's meta tag.
        assert re.sub(r'<meta name="generator"[^>]*>', "", mine) == re.sub(r'<meta name="generator"[^>]*>', "", theirs), name


def test_a_hand_written_page_on_a_generated_address_is_a_clean_error_everywhere(fixture_project) -> None:
    project = fixture_project("minimal")
    (project / "docs/updates").mkdir()
    (project / "docs/updates/index.en.md").write_text("# My own updates\n", encoding="utf-8")
    env = cli_env(POLICYPRESS_AS_OF="2024-04-01")
    built = run_cli("build", cwd=project, env=env)
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    message = "docs/updates/index.en.md: docs/updates/index.en.md would be published at /en/updates/, the address of the updates page; rename or move it"
    assert built.returncode == 1 and message in built.stderr
    assert plain.returncode == 1 and message in plain.stderr
    assert "Traceback" not in plain.stderr and "FileExistsError" not in plain.stderr
    assert not (project / "site").exists()


def test_nothing_of_mkdocs_is_imported_by_the_core() -> None:
    script = (
        "import sys; import policypress.session, policypress.frontends.generate, policypress.frontends.report, policypress.render.textdiff; "
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material', 'mkdocs_static_i18n')); "
        "print(loaded)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_core_reads_no_environment_variable() -> None:
    """Settings are arguments: only the front ends (cli/environment.py, the plugin's !ENV options) read POLICYPRESS_*."""
    package = ROOT / "src/policypress"
    readers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", path.read_text(encoding="utf-8"))
    )
    # The environment module; NO_COLOR in the driver; MkDocs' notice about 2.0 silenced in building.
    assert readers == ["cli/building.py", "cli/driver.py", "cli/environment.py"]
