"""Work shared out on every core: this process and forked workers take the tasks of a list in
chunks, one chunk at a time, until none is left (or, when asked, in rounds, each with workers
forked afresh).

The render stage uses it to render outputs and to read cache entries (`render`). What the tasks
work from is inherited by the fork, never sent: the workers share the resolved site and the
compiled templates with this process, and send back only each task's result.
"""

from __future__ import annotations

import dataclasses
import gc
import math
import multiprocessing
import os
import signal
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["CHUNK", "Queues", "chunks", "count", "on_every_core"]

CHUNK = 16  # tasks a process takes at a time, at most (fewer when there are few, to share them out)

R = TypeVar("R")


def count(jobs: int = 0) -> int:
    """How many processes work: `jobs`, or one per core this process may use."""
    if jobs > 0:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclasses.dataclass(frozen=True)
class Queues:
    """The chunks of tasks the processes take, one at a time (`chunks`): the slow tasks' and the
    others'. This process takes the slow ones first, the workers take them last. A PDF programme
    needs WeasyPrint, which takes half a second to load: only the processes that make one load it,
    while the others render pages (a worker takes a PDF only when no page is left)."""

    slow: tuple[Sequence[int], ...]
    others: tuple[Sequence[int], ...]

    def __len__(self) -> int:
        return len(self.slow) + len(self.others)


def chunks(indices: Sequence[int], slow: Sequence[bool], processes: int) -> Queues:
    """The tasks at `indices` in chunks that `processes` take one at a time: each `slow`
    one alone (a PDF takes a few tenths of a second), the others in chunks that shrink as fewer are
    left, so that the processes run out of work at about the same time."""
    rest = [index for index, is_slow in zip(indices, slow, strict=True) if not is_slow]
    others, start = [], 0
    while start < len(rest):
        size = max(1, min(CHUNK, (len(rest) - start) // (processes * 4)))
        others.append(rest[start:start + size])
        start += size
    return Queues(tuple([index] for index, is_slow in zip(indices, slow, strict=True) if is_slow), tuple(others))


# What the forked workers inherit: the task, its chunks, and (shared by the processes) the place
# of the next chunk to take in each queue
_TASK: Callable[[int], Any] | None = None
_QUEUES: Queues | None = None
_NEXT: Any = None


def _next_chunk(slow_first: bool) -> Sequence[int] | None:
    """The next chunk no process has taken yet, taken (None when all are): of the slow tasks
    first, or of the others first."""
    assert _NEXT is not None and _QUEUES is not None
    queues = (_QUEUES.slow, _QUEUES.others)
    with _NEXT.get_lock():
        for which in ((0, 1) if slow_first else (1, 0)):
            if _NEXT[which] < len(queues[which]):
                _NEXT[which] += 1
                return queues[which][_NEXT[which] - 1]
    return None


def _drain(keep: Callable[[Any], Any], take_in: Callable[[], None]) -> dict[int, Any]:
    """This process's share: chunks until none is left, taking the next one each time, the slow
    ones first, so that whichever process is quicker takes more; after each, `take_in` what the
    workers sent meanwhile."""
    assert _TASK is not None
    done: dict[int, Any] = {}
    while (chunk := _next_chunk(slow_first=True)) is not None:
        done.update((index, keep(_TASK(index))) for index in chunk)
        take_in()
    return done


def _take(_: int) -> tuple[Sequence[int], list[Any]]:
    """A worker's task: the next chunk, the slow ones last, done and sent back at once with its
    indices (a worker keeps nothing)."""
    assert _TASK is not None
    chunk = _next_chunk(slow_first=False)
    return ((), []) if chunk is None else (chunk, [_TASK(index) for index in chunk])


def on_every_core(task: Callable[[int], R], indices: Sequence[int], slow: Sequence[bool], processes: int,
                  keep: Callable[[R], R] = lambda result: result, rounds_of: int = 0,
                  wide: Sequence[bool] = (), weights: Sequence[int] = ()) -> list[R]:
    """`task(index)` for each of `indices`, in their order, done by this process and `processes - 1`
    forked ones; `keep` is applied here to each result as it arrives (to share equal values, say).

    This process works too rather than wait: one copy of what the tasks read fewer in memory.

    With `rounds_of`, the tasks are done in rounds of that many, each by workers forked afresh (the
    slow tasks all in the first round). A worker's memory grows as it works: each reference count
    it changes in what it inherited copies the page that holds it. A new fork shares every page
    with this process again. A task of `weights` n (1 when not given) counts as n tasks there: one
    that reads as much as ten others.

    The `wide` tasks (flagged like `slow`) read most of what the workers would share: this process
    does them alone, before it forks any worker. Done while a worker lives, by either process, they
    would copy nearly every shared page; done before, they copy none."""
    wide = wide or [False] * len(indices)
    alone = [index for index, is_wide in zip(indices, wide, strict=True) if is_wide]
    shared = [(index, is_slow) for index, is_slow, is_wide in zip(indices, slow, wide, strict=True) if not is_wide]
    first = [index for index, is_slow in shared if is_slow]
    weight = dict(zip(indices, weights, strict=True)) if weights else {}
    gc.freeze()  # what the workers inherit is never collected there: its pages stay shared, not copied
    try:
        done: dict[int, R] = {index: keep(task(index)) for index in alone}
        others = [index for index, is_slow in shared if not is_slow]
        for number, part in enumerate(_parts(first, others, [weight.get(index, 1) for index in others], rounds_of)):
            if number or alone:  # what the last round (or the wide tasks) left for the collector; the rest frozen
                gc.collect()
                gc.freeze()
            flags = [number == 0 and at < len(first) for at in range(len(part))]
            done.update(zip(part, _round(task, part, flags, processes, keep), strict=True))
        return [done[index] for index in indices]
    finally:
        gc.unfreeze()


def _parts(first: list[int], others: list[int], weights: list[int], rounds_of: int) -> list[list[int]]:
    """The tasks of each round: `others` in rounds of about one weight, at most `rounds_of` (0: one
    round), and the slow tasks (`first`) all in the first."""
    if not first and not others:
        return []
    total = sum(weights)
    count = math.ceil(total / rounds_of) if rounds_of and total else 1
    share = total / count if count > 1 else math.inf
    parts: list[list[int]] = [[]]
    done, boundary = 0, share
    for index, weight in zip(others, weights, strict=True):
        if parts[-1] and done >= boundary:  # this round has its share: the next one starts
            parts.append([])
            while boundary <= done:  # (past a heavy task, the next boundary that is still ahead)
                boundary += share
        parts[-1].append(index)
        done += weight
    parts[0] = first + parts[0]
    return parts


def _deaf_to_interrupts() -> None:
    """A worker leaves Ctrl-C to this process, which stops them all as it leaves the pool. Ctrl-C
    reaches every process of the terminal's group: a worker it stopped died with a traceback on
    the terminal, and the chunk it held never came back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _round(task: Callable[[int], R], indices: Sequence[int], slow: Sequence[bool], processes: int,
           keep: Callable[[R], R]) -> list[R]:
    """`on_every_core`'s tasks, or one round of them, by this process and a new set of workers."""
    global _TASK, _QUEUES, _NEXT
    context = multiprocessing.get_context("fork")
    _TASK, _NEXT, _QUEUES = task, context.Array("i", 2), chunks(indices, slow, processes)
    try:
        with context.Pool(processes - 1, initializer=_deaf_to_interrupts) as pool:
            # one pool task per chunk, each taking the next chunk left (this process takes them too),
            # so that a worker sends what it did as it goes instead of holding it all until the end
            theirs = pool.imap_unordered(_take, range(len(_QUEUES)))
            received: dict[int, Any] = {}

            def take_in(wait: bool = False) -> None:
                # what the workers sent so far is kept (`keep`) as it comes, not held unshared by the
                # pool until this process is done (300 editions: 776 MB at the peak, not 829 MB)
                while True:
                    try:
                        chunk, results = theirs.next(timeout=None if wait else 0)
                    except (StopIteration, multiprocessing.TimeoutError):
                        return
                    received.update((index, keep(result)) for index, result in zip(chunk, results, strict=True))

            done = _drain(keep, take_in)
            take_in(wait=True)
        done.update(received)
        return [done[index] for index in indices]
    finally:
        _TASK, _QUEUES, _NEXT = None, None, None
