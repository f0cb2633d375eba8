"""What was made of each object of the last round, kept while the object is the same one.

The live preview's stages give an unchanged document, edition or edition state again as the very
same object from one save to the next (`disk_memory.DiskMemory`, `readings.Readings`,
`resolve_memory.ResolveMemory`). What is made from such an object alone is then what it was: validate's
checks of an edition's references, the calendars and schedules an edition's state lists.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class ByIdentity(Generic[K, V]):
    """`make(obj)` for each object of a round, taken from the last round for the same object while
    what else it is made from, `given`, is equal too. Only the last round's are kept."""

    def __init__(self) -> None:
        self.given: Hashable = None
        self.last: dict[int, tuple[K, V]] = {}  # by the object's id, with the object (which keeps the id its own)

    def round(self, objects: Iterable[K], make: Callable[[K], V], given: Hashable = None) -> list[tuple[K, V]]:
        last = self.last if given == self.given else {}
        now: dict[int, tuple[K, V]] = {}
        for obj in objects:
            kept = last.get(id(obj))
            now[id(obj)] = kept if kept is not None and kept[0] is obj else (obj, make(obj))
        self.given, self.last = given, now
        return list(now.values())


_NOTHING = object()


class Last(Generic[V]):
    """What was made from the last objects given, kept while they are the very same objects (the
    pages of the people with pages, while resolve gives the same tuple of them), and what else it
    is made from, `given`, is equal."""

    def __init__(self) -> None:
        self.made_from: tuple[object, ...] = ()
        self.given: Hashable = None
        self.value: V | object = _NOTHING

    def get(self, made_from: tuple[object, ...], make: Callable[[], V], given: Hashable = None) -> V:
        if self.value is _NOTHING or given != self.given or not same_objects(made_from, self.made_from):
            self.made_from, self.given, self.value = made_from, given, make()
        return self.value  # type: ignore[return-value]


def same_objects(new: tuple[object, ...], last: tuple[object, ...]) -> bool:
    """Whether two tuples hold the very same objects, in order (not merely equal ones)."""
    return len(new) == len(last) and all(a is b for a, b in zip(new, last, strict=True))


def again_if_same(new: tuple[V, ...], last: tuple[V, ...]) -> tuple[V, ...]:
    """`last` when `new` holds the very same objects (made again of what it was made of): one object
    while nothing in it changed, which the later stages tell at a glance."""
    return last if same_objects(new, last) else new


def identical(a: object, b: object) -> bool:
    """Whether two values are the same in every field, the places kept for messages too (which
    equality leaves out): one can stand for the other in all that is made of it. Fields are read
    past `recording.Sourced`'s hook (nothing is being rendered)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if dataclasses.is_dataclass(a):
        field = object.__getattribute__
        return all(identical(field(a, each.name), field(b, each.name)) for each in dataclasses.fields(a))
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(map(identical, a, b))  # type: ignore[arg-type]
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(identical(a[key], b[key]) for key in a)  # type: ignore[index]
    return bool(a == b)
