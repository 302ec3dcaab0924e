"""Particles after a name (issue 26): the home page, README and preamble of a new site read as Korean."""

from __future__ import annotations

import pytest

from policypress.authoring.particles import with_particle


@pytest.mark.parametrize(
    ("name", "particle", "expected"),
    [
        ("르블랑치과의원", "는", "르블랑치과의원은"),   # 원: final ㄴ
        ("예시 주식회사", "은", "예시 주식회사는"),     # 사: no final consonant
        ("한빛상사", "이", "한빛상사가"),
        ("카카오뱅크", "을", "카카오뱅크를"),
        ("배달의민족", "와", "배달의민족과"),
        ("(주)한국전력", "가", "(주)한국전력이"),
        ("에스케이(SK)", "은", "에스케이(SK)는"),        # read by the letter before the bracket: K, 케이
        ("LG", "을", "LG를"),                           # 엘지
        ("KBL", "은", "KBL은"),                         # 엘: final ㄹ
        ("11번가", "이", "11번가가"),
        ("Studio 3", "을", "Studio 3을"),               # 삼
        ("Toss 2", "은", "Toss 2는"),                   # 이
        ("Google", "이", "Google이(가)"),               # a word: its reading is not its spelling
    ],
)
def test_the_particle_fits_how_the_name_is_read(name: str, particle: str, expected: str) -> None:
    assert with_particle(name, particle) == expected


def test_a_particle_it_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError) as caught:
        with_particle("한빛", "의")
    assert str(caught.value) == "'의' is not a particle this knows (은/는, 이/가, 을/를, 과/와)"
