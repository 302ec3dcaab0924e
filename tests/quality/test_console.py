"""No console errors, uncaught exceptions or failed requests on any page type, in Chromium."""

from __future__ import annotations

import pytest

from tests.quality.checks import console_problems
from tests.quality.conftest import LANGUAGES, PAGE_TYPES, STATES

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
@pytest.mark.parametrize("state", STATES)
def test_no_console_errors(page_report, state: str, kind: str, lang: str) -> None:
    report = page_report(state, LANGUAGES[lang] + PAGE_TYPES[kind])
    problems = console_problems(report.console_errors, report.failed_requests)
    assert problems == [], f"{report.url}:\n" + "\n".join(problems)
