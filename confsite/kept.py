"""What was made of each object of the last round, kept while the object is the same one.

The live preview's stages give an unchanged document, edition or edition state again as the very
same object from one save to the next (`load.DiskMemory`, `readings.Readings`,
`resolve.ResolveMemory`). What is made from such an object alone is then what it was: validate's
checks of an edition's references, the calendars and schedules an edition's state lists.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
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
