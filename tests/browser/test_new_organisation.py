"""A new organisation publishes from nothing, as README's "Start your own site" says (issue 26).

The package is built as a wheel and sdist with the standard tool (``python -m
build``), installed into a fresh virtual environment outside this repository,
and used as a user would: ``policypress init`` for each kind, the placeholders
written as the new site's README says, then the new site's own
``scripts/build`` (which makes its own ``.venv`` from its ``requirements.txt``
and ``wheels/``), ``lock``, ``check``, ``build``, and the pages read in
Chromium. Nothing of this repository's ``.venv`` is used by the new sites.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT, write_placeholders

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = "2026-03-02"
ANNOUNCED = "2026-03-09"  # init's first version: announced a week after init, effective a week later
#: The reader's clock: the announcement day in Seoul (the site's script rewords the banner by the reader's clock).
READER_CLOCK = dt.datetime(2026, 3, 9, 3, 0, tzinfo=dt.timezone.utc)


def _run(*args: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two new sites (privacy-kr and terms) made and published with the wheel, outside this repository."""
    work = tmp_path_factory.mktemp("organisation")
    # A clean environment: nothing of this repository's virtualenv or settings leaks in.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POLICYPRESS_", "VIRTUAL_ENV", "PYTHONPATH"))}
    env["PATH"] = os.pathsep.join(part for part in env.get("PATH", "").split(os.pathsep) if str(ROOT) not in part)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["POLICYPRESS_AS_OF"] = TODAY

    # The package, built from a copy of its sources (the build writes build/ and *.egg-info beside them).
    source = work / "source"
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    dist = work / "dist"
    _run(sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ".", cwd=source, env=env)
    wheels = sorted(dist.glob("policypress-*.whl"))
    assert len(wheels) == 1 and len(list(dist.glob("policypress-*.tar.gz"))) == 1

    # A fresh virtualenv with the wheel; the pins of this repository as constraints, so the test
    # does not depend on what the package index released today.
    tool = work / "tool"
    venv.EnvBuilder(with_pip=True).create(tool)
    python = tool / "bin" / "python"
    _run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", ROOT / "requirements/site.txt", wheels[0], cwd=work, env=env)
    version = _run(tool / "bin" / "policypress", "--version", cwd=work, env=env).stdout.strip()
    assert version == "policypress 0.1.0"
    located = _run(python, "-c", "import policypress; print(policypress.__file__)", cwd=work, env=env).stdout
    assert str(tool) in located and str(ROOT) not in located

    sites = {}
    for kind, name, name_ko, name_en in (("privacy-kr", "clinic", "르블랑치과의원", "Le Blanc Dental Clinic"), ("terms", "shop", "한빛상사", "Hanbit Trading")):
        _run(tool / "bin" / "policypress", "init", name, "--kind", kind, "--name-ko", name_ko, "--name-en", name_en, cwd=work, env=env)
        site = work / name
        # As its README says: the wheel in wheels/, every placeholder written, then scripts/build makes .venv.
        (site / "wheels").mkdir()
        shutil.copy2(wheels[0], site / "wheels")
        assert write_placeholders(site) > 0
        # The terms site shares the tool's virtualenv (one install less); the clinic makes its own.
        site_env = env if kind == "privacy-kr" else env | {"VENV": str(tool)}
        _run(site / "scripts/build", cwd=site, env=site_env)
        bin_dir = site / ".venv/bin" if kind == "privacy-kr" else tool / "bin"
        lock = _run(bin_dir / "policypress", "lock", cwd=site, env=site_env)
        assert lock.stdout.startswith("locked ")
        assert _run(bin_dir / "policypress", "check", "--strict", cwd=site, env=site_env).stdout == "ok: 1 policy, 1 version\n"
        _run(site / "scripts/build", "--strict", "--as-of", ANNOUNCED, cwd=site, env=site_env)
        sites[kind] = site
    assert (sites["privacy-kr"] / ".venv/bin/policypress").exists()
    return sites


def test_the_clinic_s_own_virtualenv_holds_the_wheel_not_this_repository(made) -> None:
    site = made["privacy-kr"]
    located = subprocess.run(
        [site / ".venv/bin/python", "-c", "import policypress; print(policypress.__file__)"], capture_output=True, text=True, check=True
    ).stdout
    assert str(site / ".venv") in located and str(ROOT) not in located


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1280, 900)])
def test_the_new_privacy_policy_reads_in_both_languages_with_its_notice(made, serve, browser, width: int, height: int) -> None:
    base = serve(made["privacy-kr"] / "site")
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.clock.install(time=READER_CLOCK)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base + "privacy/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "개인정보 처리방침"
    # The first version's notice, on every page, until it takes effect on 03-16.
    assert "2026년 3월 16일부터 시행됩니다" in page.locator(".md-banner").inner_text()
    assert page.get_by_role("heading", name="처리하는 개인정보의 항목").count() == 1
    assert "[작성" not in page.locator("article").inner_text()
    # The menu names the home page, not the clinic a second time (the header does).
    page.goto(base)
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "르블랑치과의원"
    assert "르블랑치과의원이 정하여 공개하는 개인정보 처리방침과 그 변경 이력" in page.locator("article").inner_text()
    page.goto(base + "en/privacy/")
    assert "takes effect on March 16, 2026" in page.locator(".md-banner").inner_text()
    assert page.get_by_role("heading", name="Personal information we process").count() == 1
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert errors == []
    context.close()


def test_the_new_terms_read_with_the_owner_s_name_and_particle(made, serve, page) -> None:
    base = serve(made["terms"] / "site")
    page.clock.install(time=READER_CLOCK)
    page.goto(base + "terms/")
    assert page.locator("article h1").first.inner_text().rstrip("¶").strip() == "이용약관"
    assert "이 약관은 한빛상사가 제공하는" in page.locator("article").inner_text()
    page.goto(base + "en/terms/")
    assert "Hanbit Trading" in page.locator("article").inner_text()
    assert page.js_errors == []
