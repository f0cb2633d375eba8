"""The registry: every kind of page and every export listed once, each output planned once."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from conftest import FixtureSite

from confsite.outputs.registry import UNITS
from confsite.render import layers
from confsite.workers import CHUNK, chunks

R = TypeVar("R")


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


def test_slow_outputs_are_queued_one_at_a_time_and_the_last_chunks_of_the_others_are_small() -> None:
    indices = list(range(1000))
    slow = [index in (998, 3) for index in indices]
    queues = chunks(indices, slow, 2)
    assert queues.slow == ([3], [998]) and len(queues) == 2 + len(queues.others)
    assert [index for chunk in queues.others for index in chunk] == [i for i in indices if i not in (3, 998)]
    sizes = [len(chunk) for chunk in queues.others]
    assert max(sizes) == CHUNK and sizes == sorted(sizes, reverse=True) and sizes[-8:] == [1] * 8


def test_the_main_process_takes_the_slow_outputs_first_and_the_workers_last(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    from confsite import workers

    monkeypatch.setattr(workers, "_QUEUES", chunks(list(range(40)), [i in (5, 30) for i in range(40)], 2))
    monkeypatch.setattr(workers, "_NEXT", multiprocessing.get_context("fork").Array("i", 2))
    assert workers._next_chunk(slow_first=False) == [0, 1, 2, 3]  # a worker: the others first
    assert workers._next_chunk(slow_first=True) == [5]  # this process: the slow ones first
    taken = list(iter(lambda: workers._next_chunk(slow_first=False), None))
    assert taken[-1] == [30]  # a worker takes the last slow one once the others are all taken
    assert sorted(i for chunk in taken for i in chunk) == [i for i in range(4, 40) if i != 5]
    assert workers._next_chunk(slow_first=True) is None


def test_what_the_workers_send_is_kept_while_this_process_still_works() -> None:
    """The workers' results are taken in, `keep` applied, between this process's own chunks: not
    held by the pool, unshared, until it is done."""
    import os
    import time

    from confsite.workers import on_every_core

    parent, events = os.getpid(), []

    def task(index: int) -> int:
        if os.getpid() == parent:
            events.append("own")
        time.sleep(0.01 if os.getpid() == parent else 0.004)  # the worker is quicker
        return index

    def keep(index: int) -> int:
        events.append("kept")
        return index

    assert on_every_core(task, list(range(200)), [False] * 200, 2, keep) == list(range(200))
    last_own = max(number for number, event in enumerate(events) if event == "own")
    assert events.count("kept") == 200 and events.count("own") < 150
    kept_by_then = events[:last_own].count("kept")
    assert kept_by_then > events[:last_own].count("own")  # more than its own: some of the workers' too


def test_in_rounds_each_round_has_workers_of_its_own_and_the_slow_tasks_go_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With `rounds_of`, the tasks are done in rounds of about one size, the slow ones all in the
    first; every round's workers are forked afresh (their memory starts again from the pages they
    share with this process), and the results still come back in the order of the tasks."""
    import os
    import time

    from confsite import workers

    parent = os.getpid()
    indices = list(range(7, 107))  # not from 0: results are by index, not by place
    slow = [index in (50, 99) for index in indices]
    rounds: list[tuple[list[int], list[bool]]] = []
    real_round = workers._round
    monkeypatch.setattr(workers, "_round", lambda task, part, flags, *rest: rounds.append((part, flags))
                        or real_round(task, part, flags, *rest))

    def task(index: int) -> tuple[int, int, int]:
        time.sleep(0.02)  # long enough for each round's worker to start and take its share
        return index, os.getpid(), os.getppid()

    made = workers.on_every_core(task, indices, slow, 2, rounds_of=30)
    assert [index for index, _, _ in made] == indices
    # 98 ordinary tasks in rounds of at most 30: four rounds of about 24.5, the slow ones first
    assert [len(part) for part, _ in rounds] == [27, 24, 25, 24]
    assert rounds[0][0][:2] == [50, 99] and rounds[0][1] == [True, True] + [False] * 25
    assert not any(flag for _, flags in rounds[1:] for flag in flags)
    pid_of = {index: pid for index, pid, _ in made}
    assert all(parent_pid == parent for _, pid, parent_pid in made if pid != parent)
    workers_by_round = [{pid_of[index] for index in part} - {parent} for part, _ in rounds]
    assert sum(1 for seen in workers_by_round if seen) >= 3  # a worker each (one may be slow to start)
    for one, other in itertools.combinations(workers_by_round, 2):
        assert not one & other  # no worker works in two rounds


def test_the_wide_tasks_are_done_here_before_any_worker_is_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide task (a page that lists every edition) is done by this process before the first
    worker is forked: done while a worker lives, it would copy the pages the two share. The other
    tasks go on as before, and the results keep the order of the tasks."""
    import os
    import time

    from confsite import workers

    parent = os.getpid()
    indices = list(range(3, 63))
    wide = [index % 20 == 0 for index in indices]  # 20, 40 and 60, among the others
    slow = [index == 41 for index in indices]
    events: list[tuple[str, int]] = []
    real_round = workers._round

    def round_(task: Callable[[int], R], part: list[int], flags: list[bool], *rest: Any) -> list[R]:
        events.append(("fork", len(part)))
        return real_round(task, part, flags, *rest)

    monkeypatch.setattr(workers, "_round", round_)

    def task(index: int) -> tuple[int, int]:
        if os.getpid() == parent:
            events.append(("here", index))
        time.sleep(0.01)  # long enough for each round's worker to start and take its share
        return index, os.getpid()

    made = workers.on_every_core(task, indices, slow, 2, rounds_of=25, wide=wide)
    assert [index for index, _ in made] == indices
    assert events[:4] == [("here", 20), ("here", 40), ("here", 60), ("fork", 20)]
    # the 56 others in rounds of about one size, at most 25, and the slow one in the first
    assert [size for what, size in events if what == "fork"] == [20, 19, 18]
    assert {pid for index, pid in made if index in (20, 40, 60)} == {parent}
    assert {pid for _, pid in made} - {parent}  # the workers did their share of the rest


def test_the_units_flagged_wide_are_those_whose_every_output_reads_the_whole_site() -> None:
    """A unit says `wide` when each of its outputs reads every edition, every person, every
    organisation or most of the site's pages (`Unit`): the main process renders those before it
    forks. Read from what each output of the real site recorded: a new unit that lists the whole
    site without the flag fails here, and so does a flag on a unit that no longer needs it."""
    import pathlib

    from confsite import render
    from confsite.pipeline import Options, build

    result = build(Options(project=pathlib.Path(__file__).parent.parent, search=False, cache=False, write=False))
    assert result.ok and result.site is not None
    unit_of = {path: name for name, listing in render._LISTINGS.items() for path in listing.paths}
    content = result.site.content
    plans = len(result.site.pages)
    whole = [[f"editions/{edition.slug}/" for edition in content.editions],
             [f"people/{person}.yaml" for person in content.people],
             [f"organisations/{organisation}.yaml" for organisation in content.organisations]]
    reads_whole: dict[str, list[bool]] = {}
    for output in result.outputs:
        text = "\n".join(output.inputs)
        wide = any(all(name in text for name in names) for names in whole) or \
            sum(1 for name in output.inputs if name.startswith("@plan/")) > plans / 2
        reads_whole.setdefault(unit_of[output.path], []).append(wide)
    flagged = {unit.name for unit in UNITS if getattr(unit, "wide", False)}
    assert flagged == {name for name, each in reads_whole.items() if all(each)}
    assert {"home", "people", "sitemap"} <= flagged


def test_a_task_of_weight_ten_counts_as_ten_in_a_round(monkeypatch: pytest.MonkeyPatch) -> None:
    """An agenda reads its whole edition, ten times what a session page reads: a round holds a
    tenth as many of them, so that a worker copies no more of what it shares before it is forked
    afresh."""
    from confsite import workers

    sizes: list[int] = []
    real_round = workers._round
    monkeypatch.setattr(workers, "_round", lambda task, part, *rest: sizes.append(len(part))
                        or real_round(task, part, *rest))
    indices = list(range(40))
    weights = [1] * 20 + [10] * 20  # 220 in all: 3 rounds of about 73
    made = workers.on_every_core(lambda index: index * 2, indices, [False] * 40, 2, rounds_of=100, weights=weights)
    assert made == [index * 2 for index in indices]
    assert sizes == [26, 7, 7]


@pytest.mark.parametrize(("weights", "sizes"), [
    ([50, 1, 1, 1, 1, 1], [1, 5]),  # past a heavy task, not a round for each task after it
    ([0, 0, 0], [3]),  # no weight: one round, none of them empty
])
def test_rounds_after_a_heavy_task_or_of_no_weight(monkeypatch: pytest.MonkeyPatch, weights: list[int],
                                                   sizes: list[int]) -> None:
    from confsite import workers

    made: list[int] = []
    real_round = workers._round
    monkeypatch.setattr(workers, "_round", lambda task, part, *rest: made.append(len(part))
                        or real_round(task, part, *rest))
    indices = list(range(len(weights)))
    assert workers.on_every_core(lambda index: -index, indices, [False] * len(indices), 2, rounds_of=10,
                                 weights=weights) == [-index for index in indices]
    assert made == sizes
