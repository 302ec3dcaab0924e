"""Relative links between site paths: policypress's own ``relpath`` says what ``posixpath.relpath`` says."""

from __future__ import annotations

import posixpath
from typing import Callable

from hypothesis import given
from hypothesis import strategies as st

from policypress.core.urls import _relpath, relative

NAMES = st.sampled_from(["privacy", "en", "2023-12-01", "changes", "history", "한국어", "a#b", "", ".", ".."])
PATHS = st.one_of(st.just("."), st.lists(NAMES, min_size=1, max_size=5).map("/".join))


def _outcome(function: Callable[[str, str], str], target: str, base: str) -> str:
    try:
        return function(target, base)
    except ValueError as exc:  # posixpath refuses an empty path; so does policypress's, by asking it
        return f"ValueError: {exc}"


@given(PATHS, PATHS)
def test_a_link_between_two_site_paths_is_what_posixpath_makes(target: str, base: str) -> None:
    assert _outcome(_relpath, target, base) == _outcome(posixpath.relpath, target, base)


def test_links_between_pages() -> None:
    assert relative("privacy/2023-12-01/changes/", "privacy/2023-12-01/") == "../"
    assert relative("en/privacy/history/", "en/privacy/2026-12-21/") == "../2026-12-21/"
    assert relative("", "en/") == "en/"
    assert relative("en/", "") == "../"
    assert relative("privacy/", "privacy/2023-12-01/notice/ko.txt") == "2023-12-01/notice/ko.txt"
