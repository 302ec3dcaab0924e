"""No check is quadratic in the length of a text: eight times the text takes about eight times as long.

A hostile pull request once stalled ``check`` for 17 minutes with one
300,000-character word (quadratic regular expressions in the parity facts),
and for a minute with 16,000 ``[`` (Python-Markdown's link parsing). These
tests compare the time of a text with that of one eight times longer, in the
same run: linear work grows about eight times, quadratic work sixty-four times.
No wall-clock limit is asserted, only the growth, and the time is this
thread's CPU time: a test worker on a busy machine waits for a core, which
would slow the long text's run more than the short one's (a 10 ms run fits
in one time slice) and read as growth.
"""

from __future__ import annotations

import time
from typing import Callable

import pytest

from policypress.core.bodies import _render, markup_problems
from policypress.core.parity import Term, facts

SMALL = 20_000
GROWTH = 8
#: Linear work grows ×8; quadratic ×64. The margin absorbs a busy machine.
MOST = 24


def _growth(work: Callable[[str], object], unit: str) -> float:
    """How much longer ``work`` takes on a text eight times as long: the best of up to five runs of each.

    Runs stop after two of each once the growth is plainly linear (under half
    the margin, where quadratic work measures ×64: only a small text slowed
    five times, twice, could hide it). A growth near or over the margin is
    measured the full five times before it counts, so a busy moment never
    fails a test and quadratic work still does.
    """
    texts = {length: (unit * (length // len(unit) + 1))[:length] for length in (SMALL, SMALL * GROWTH)}
    best = {length: float("inf") for length in texts}

    def run(length: int) -> None:
        _render.cache_clear()
        start = time.thread_time()
        work(texts[length])
        # Below 2 ms, noise (a collection, a page fault) outweighs the work.
        best[length] = min(best[length], max(time.thread_time() - start, 2e-3))

    for attempt in range(5):
        run(SMALL)
        run(SMALL * GROWTH)
        if attempt >= 1 and best[SMALL * GROWTH] / best[SMALL] < MOST / 2:
            break
    return best[SMALL * GROWTH] / best[SMALL]


@pytest.mark.parametrize(
    "unit",
    ["1", "a", "가", "1-", "1.", "(1)", "a@", "http://a", "2023년 12월 1일 ", "December 1, 2023 ", "제3자", "02-3444-2080 "],
)
def test_the_facts_of_a_text_grow_linearly(unit: str) -> None:
    glossary = (Term({"ko": "개인정보 보호법", "en": "Personal Information Protection Act"}),)
    assert _growth(lambda text: facts(text, "ko", glossary), unit) < MOST


@pytest.mark.parametrize("unit", ["[", "[a](", "![", "<b>", "\\", "&#1;", "*", "_", "`", "가나다 ", "a\n\n", "a\n", "- a\n", "| a |\n", "1. a\n"])
def test_checking_a_body_grows_linearly(unit: str) -> None:
    assert _growth(markup_problems, unit) < MOST


def test_many_square_brackets_are_refused_before_markdown_reads_them() -> None:
    [problem] = markup_problems("[" * 300_000)
    assert problem.message.startswith("this paragraph has 300000 square brackets")
    assert markup_problems("\n\n".join(["[a](https://example.com) " * 20] * 50)) == ()  # 20 links a paragraph: fine


@pytest.mark.parametrize("unit", ["1", "a ", "A ", "Act ", "Of ", "「가」", "않", "한 달 ", "three ", "- a\n", "가. ", "위원회"])
def test_the_facts_an_erratum_may_not_change_grow_linearly(unit: str) -> None:
    from policypress.core.corrections import text_facts

    assert _growth(lambda text: text_facts(text, "ko"), unit) < MOST


@pytest.mark.parametrize("unit", [" ", "\t", ">", "> ", " >"])
def test_the_depth_of_nesting_is_measured_linearly(unit: str) -> None:
    assert _growth(markup_problems, unit) < MOST


def test_a_list_nested_three_hundred_deep_is_an_error_not_a_crash() -> None:
    text = "\n".join("    " * level + "- 항목" for level in range(300))
    [problem] = markup_problems(text)
    assert problem.message == (
        "this line is nested 31 levels deep (lists or quotes one inside another); policy text may nest at most 30 "
        "levels, which Markdown reads without running out of stack"
    )
