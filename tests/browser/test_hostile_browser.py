"""A reader opening a page with hostile content sees text, and no script runs."""

from __future__ import annotations

import pytest

from tests.conftest import SITES, build, copy_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(SITES / "hostile", tmp_path_factory.mktemp("hostile-browser") / "site")
    return build(project, as_of="2024-06-01")


@pytest.mark.parametrize("path", ["terms/", "en/terms/", "terms/2024-01-01/changes/", "en/terms/history/"])
def test_no_dialog_opens(hostile_site, serve, page, path: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(serve(hostile_site) + path)
    page.wait_for_load_state("networkidle")
    for element in page.locator("article b, article a, article img").all():
        if element.is_visible():
            element.hover()
    assert dialogs == []
    assert page.locator("article").inner_text().count("alert(") >= 1  # shown as text, not run
