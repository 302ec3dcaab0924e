"""Every built HTML page is valid HTML for the Nu Html Checker (vnu.jar), one JVM run per state."""

from __future__ import annotations

import pytest

from tests.quality.checks import VNU_ALLOWED, run_vnu, unexpected_vnu_errors
from tests.quality.conftest import STATES

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("state", STATES)
def test_every_page_is_valid_html(site, vnu_jar, state: str) -> None:
    site_dir = site(state)
    files = sorted(site_dir.rglob("*.html"))
    assert len(files) >= 14, files
    problems = unexpected_vnu_errors(run_vnu(files, vnu_jar), site_dir)
    assert problems == [], f"{len(problems)} HTML errors in the {state} build:\n" + "\n".join(problems)


def test_every_allowed_error_says_why() -> None:
    for allowed in VNU_ALLOWED:
        assert allowed.message and allowed.extract and len(allowed.reason) > 40, allowed
