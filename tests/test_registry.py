"""The registry: every kind of page and every export listed once, each output planned once."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from conftest import FixtureSite

from confsite.outputs.registry import UNITS
from confsite.render import CHUNK, chunks, layers


def test_each_unit_is_listed_once() -> None:
    names = Counter(unit.name for unit in UNITS)
    assert [name for name, count in names.items() if count > 1] == []


def test_each_output_is_made_once(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    result = fixture_site.build(search=False)
    assert result.ok
    paths = Counter(output.path for output in result.outputs)
    assert [path for path, count in paths.items() if count > 1] == []
    assert "en/2030-iasi/index.html" in paths and "ro/series/cmr/index.html" in paths


def test_the_agenda_is_made_after_the_programmes_whose_size_it_shows_and_everything_else_together() -> None:
    groups = layers(UNITS)
    assert [[unit.name for unit in group] for group in groups[1:]] == [["agenda"]]
    assert "programme" in [unit.name for unit in groups[0]] and len(groups[0]) == len(UNITS) - 1


def test_units_that_wait_for_each_other_are_refused() -> None:
    @dataclasses.dataclass(frozen=True)
    class Waiting:
        name: str
        after: tuple[str, ...]

    with pytest.raises(ValueError, match="wait for each other: a, b"):
        layers([Waiting("a", ("b",)), Waiting("b", ("a",)), Waiting("c", ("nobody",))])  # type: ignore[list-item]


def test_slow_outputs_are_taken_first_one_at_a_time_and_the_last_chunks_are_small() -> None:
    indices = list(range(1000))
    slow = [index in (998, 3) for index in indices]
    taken = chunks(indices, slow, 2)
    assert taken[:2] == [[3], [998]]
    assert sorted(index for chunk in taken for index in chunk) == indices  # each once
    assert [index for chunk in taken[2:] for index in chunk] == [i for i in indices if i not in (3, 998)]  # in order
    sizes = [len(chunk) for chunk in taken[2:]]
    assert max(sizes) == CHUNK and sizes == sorted(sizes, reverse=True) and sizes[-8:] == [1] * 8
