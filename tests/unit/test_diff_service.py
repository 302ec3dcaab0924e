"""The one diff (policypress.diff.service): kept on disk between builds, computed in helpers for many, the same pages."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

import pytest

from policypress.core.languages import Languages
from policypress.core.loader import load_site
from policypress.diff import service
from policypress.diff.cache import DiffCache
from policypress.diff.service import DiffService
from policypress.render.context import BuildContext, BuildOptions
from policypress.render.pages import render_pages
from tests.conftest import copy_project, long_history

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = Languages.from_pairs([("ko", "한국어"), ("en", "English")], "ko")


def _pages(diffs: DiffService, root: Path = ROOT) -> dict[str, str]:
    """The example's pages as of 2026-12-25, rendered with ``diffs`` (a new service is a new process)."""
    site = load_site(root / "docs", LANGUAGES, root)
    html = {name: page.html for name, page in render_pages(BuildContext(site, BuildOptions(as_of=dt.date(2026, 12, 25)), diffs)).items()}
    diffs.save()
    diffs.close()
    return html


def _no_diffing(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("a cached diff was computed again")


def test_second_build_reads_every_diff_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "diffs.json"
    first = _pages(DiffService(DiffCache(cache)))
    stored = json.loads(cache.read_text(encoding="utf-8"))
    assert len(stored["diffs"]) == 6  # two versions' changes pages and the correction of 2026-12-21, in two languages
    monkeypatch.setattr(service, "diff_versions", _no_diffing)
    second = _pages(DiffService(DiffCache(cache)))
    assert second == first
    assert any("pp-ins" in html for name, html in second.items() if "2026-12-21/changes" in name)


def test_one_service_diffs_each_pair_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A session keeps its service across `mkdocs serve` rebuilds: an unchanged pair is never diffed again."""
    diffs = DiffService()
    first = _pages(diffs)
    monkeypatch.setattr(service, "diff_versions", _no_diffing)
    assert _pages(diffs) == first


def test_after_an_edit_only_the_edited_section_is_diffed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit to one section of a version makes every diff with that version on one side again (``mkdocs serve``):
    the bodies of its other changed sections are taken from the diffs the service holds, and the pages are those
    of a service that diffed everything."""
    from policypress.diff import sections

    project = copy_project(ROOT, tmp_path / "example")
    diffs = DiffService()
    _pages(diffs, project)
    version = project / "docs/privacy/versions/2026-12-21.yml"
    text = version.read_text(encoding="utf-8")
    for before, after in (("        본원은 이용자의 개인정보를 보호하기", "        본원은 이용자의 소중한 개인정보를 보호하기"),
                          ("        The Clinic has technical measures", "        The Clinic has careful technical measures")):  # fmt: skip
        assert text.count(before) == 1
        text = text.replace(before, after)
    version.write_text(text, encoding="utf-8")
    fresh = _pages(DiffService(), project)

    bodies: list[tuple[str, str]] = []
    real = sections.diff_html
    monkeypatch.setattr(sections, "diff_html", lambda old, new, labels: bodies.append((old, new)) or real(old, new, labels))
    assert _pages(diffs, project) == fresh
    edited = [pair for pair in bodies if any("소중한" in side or "careful technical" in side for side in pair)]
    assert bodies and edited == bodies  # the security section of 2026-12-21's diffs, and no other body
    # Without what the service held, the same diffs diff the other changed sections too.
    bodies.clear()
    _pages(DiffService(), project)
    assert len(bodies) > 2 * len(edited)


def test_a_build_that_asks_for_no_more_lets_its_diffs_go_and_the_cache_file_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs build` lets go of the diffs once the pages have them (at 5,000 versions, a tenth of its memory)."""
    cache = tmp_path / "diffs.json"
    diffs = DiffService(DiffCache(cache))
    first = _pages(diffs)
    saved = cache.read_bytes()
    diffs.release()
    assert cache.read_bytes() == saved
    # Asked again, a diff is made again, the same: nothing was kept in memory.
    made: list[object] = []
    real = service.diff_versions
    monkeypatch.setattr(service, "diff_versions", lambda *args, **kwargs: made.append(args) or real(*args, **kwargs))
    assert _pages(diffs) == first
    assert len(made) == 6
    # The next build reads them all from the file.
    monkeypatch.setattr(service, "diff_versions", _no_diffing)
    assert _pages(DiffService(DiffCache(cache))) == first


def test_diffs_not_saved_yet_are_not_let_go(tmp_path: Path) -> None:
    cache = tmp_path / "diffs.json"
    diffs = DiffService(DiffCache(cache))
    render_pages(BuildContext(load_site(ROOT / "docs", LANGUAGES, ROOT), BuildOptions(as_of=dt.date(2026, 12, 25)), diffs))
    diffs.release()  # the cache file would lose them
    diffs.save()
    assert len(json.loads(cache.read_text(encoding="utf-8"))["diffs"]) == 6


def test_a_cache_from_other_code_or_damaged_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "diffs.json"
    first = _pages(DiffService(DiffCache(cache)))
    data = json.loads(cache.read_text(encoding="utf-8"))
    for item in data["diffs"].values():
        for change in item:
            change["body_html"] = "<p>stale</p>"
    cache.write_text(json.dumps({**data, "code": "an older diff"}), encoding="utf-8")
    assert _pages(DiffService(DiffCache(cache))) == first
    cache.write_text("{not json", encoding="utf-8")
    assert _pages(DiffService(DiffCache(cache))) == first
    assert json.loads(cache.read_text(encoding="utf-8"))["code"] == data["code"]  # rewritten, current


def _poisoned(cache: Path, poison) -> list[str]:  # type: ignore[no-untyped-def]
    """Apply ``poison`` to every stored diff of the 2026-12-21 changes, as someone with the cache file could."""
    data = json.loads(cache.read_text(encoding="utf-8"))
    touched = []
    for key, item in data["diffs"].items():
        if json.loads(key)[0]:  # a diff against an earlier version
            for change in list(item):
                verdict = poison(change)
                if verdict == "drop":
                    item.remove(change)
                if verdict:
                    touched.append(change["id"])
    cache.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return touched


@pytest.mark.parametrize(
    "poison",
    [
        # Script planted in a changed section's diff (the reproduction).
        lambda change: "body_html" in change and change.update(body_html=change["body_html"] + "<script>alert(1)</script>") is None,
        # A link around existing words: markup the versions never had.
        lambda change: "body_html" in change and change.update(body_html=change["body_html"].replace("<p>", '<p><a href="https://evil.invalid/">', 1).replace("</p>", "</a></p>", 1)) is None,
        # A change hidden: the section's diff replaced by its new text, its deletions gone.
        lambda change: "body_html" in change and change.update(body_html=change["body_html"].replace("pp-del", "pp-kept")) is None,
        # A changed section stored as unchanged.
        lambda change: change["kind"] == "changed" and change.update(kind="unchanged") is None and change.pop("body_html", None) is not None,
        # A changed section left out of the diff.
        lambda change: "drop" if change["kind"] == "changed" else False,
    ],
    ids=["script", "link", "hidden-deletion", "changed-as-unchanged", "section-left-out"],
)
def test_a_poisoned_cache_is_never_published(tmp_path: Path, poison, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "diffs.json"
    first = _pages(DiffService(DiffCache(cache)))
    assert _poisoned(cache, poison), "the poison found nothing to change"
    with caplog.at_level(logging.WARNING, logger="policypress.diff.cache"):
        again = _pages(DiffService(DiffCache(cache)))
    assert again == first  # diffed again: the pages are what the versions say
    assert "is not a diff of its versions; diffing them again" in caplog.text
    assert not any("evil.invalid" in html or "<script" in html for html in again.values())


def test_an_unwritable_cache_only_warns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="policypress.diff.cache"):
        html = _pages(DiffService(DiffCache(blocker / "diffs.json")))  # its folder is a file
    assert html
    assert "could not write the diff cache" in caplog.text


def test_diffs_from_helper_processes_make_the_same_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    here = _pages(DiffService())
    monkeypatch.setattr(service, "cores", lambda: 2)
    started: list[int] = []
    original = service.HelperPool

    def counting(workers: int):  # type: ignore[no-untyped-def]
        started.append(workers)
        return original(workers)

    monkeypatch.setattr(service, "HelperPool", counting)
    helped = _pages(DiffService(parallel_from=1))
    assert started == [2]
    assert helped == here
    assert any("<ins" in html for name, html in helped.items() if "/changes/" in name)


def test_a_failing_helper_leaves_the_diffs_to_this_process(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    here = _pages(DiffService())
    monkeypatch.setattr(service, "cores", lambda: 2)
    monkeypatch.setattr(service, "diff_many", _explode)  # the helpers import it by name: it fails there
    with caplog.at_level(logging.WARNING, logger="policypress.diff.service"):
        helped = _pages(DiffService(parallel_from=1))
    assert helped == here
    assert "a helper process failed" in caplog.text


def _explode(jobs):  # type: ignore[no-untyped-def]
    raise MemoryError("helper out of memory")


def test_the_helpers_work_a_few_batches_ahead_of_the_pages_and_nothing_is_diffed_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long history's diffs are never all held at once (issue 28: 5,000 versions had 2.7 GB in helpers and build).

    With fewer diffs kept whole in memory than the pages show, each diff is
    still computed once, in a helper, and shown from there: the helpers send
    batches back only a few ahead of the pages that show them. (Memory was
    once emptied when full, and every diff the pages had not reached yet
    was computed again in the build process, one after the other.)
    """
    site, as_of = long_history(tmp_path, 30)
    options = BuildOptions(as_of=as_of)

    def pages(diffs: DiffService) -> dict[str, str]:
        html = {name: page.html for name, page in render_pages(BuildContext(site, options, diffs)).items()}
        diffs.save()
        return html

    here = pages(DiffService())
    monkeypatch.setattr(service, "cores", lambda: 2)
    monkeypatch.setattr(service, "BATCH", 4)
    monkeypatch.setattr(service, "AHEAD", 1)
    monkeypatch.setattr(service, "MEMORY", 8)
    monkeypatch.setattr(service, "diff_versions", _no_diffing)  # (the helpers import their own)
    monkeypatch.setattr(service, "from_data", _no_diffing)  # nor made again from its compact form
    waiting: list[int] = []
    receive = DiffService._receive

    def watched(self: DiffService) -> None:
        waiting.append(len(self._sent))
        receive(self)

    monkeypatch.setattr(DiffService, "_receive", watched)
    diffs = DiffService(parallel_from=1)
    helped = pages(diffs)
    assert helped == here
    changes = [name for name in helped if "/changes/" in name]
    # Every diff the pages show (one a changes page, and the compare pages') came from a batch of 4.
    assert len(changes) == 60 and len(diffs._kept) > 60 and len(waiting) == -(-len(diffs._kept) // 4)
    assert max(waiting) <= 2, "more batches sent than one per helper ahead of the pages"
    assert len(diffs._memory) <= 8
