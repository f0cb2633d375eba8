"""What an output reads while it renders, recorded as it reads it: the record that the build cache
and the live preview compare with the site as it is now (see `confsite.depends`)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Generic, TypeVar

from .problems import Where

# What an output reads while it renders, recorded as it reads it: the source files of the model's
# values (`Sourced`), and the facts of the resolved site it looked up or went through ("@name/key",
# see `Keyed`). The build cache and the live preview compare these records with the site as it is
# now to know what must be rendered again (see `confsite.depends`).
_reading: set[str] | None = None  # what the output being rendered has read so far (None: not rendering)
_texts: list[Where] | None = None  # the Markdown texts it has shown, where each starts


@dataclasses.dataclass(frozen=True)
class Reads:
    """What one render read: its inputs (source files, templates and facts) and its Markdown texts."""

    inputs: set[str]
    texts: list[Where]


@contextlib.contextmanager
def recording() -> Iterator[Reads]:
    """Record what is read until the block ends (one output's render)."""
    global _reading, _texts
    outer = _reading, _texts
    reads = Reads(set(), [])
    _reading, _texts = reads.inputs, reads.texts
    try:
        yield reads
    finally:
        _reading, _texts = outer


@contextlib.contextmanager
def unrecorded() -> Iterator[None]:
    """Read without recording (the engine comparing records, not an output reading its sources)."""
    global _reading, _texts
    outer = _reading, _texts
    _reading = _texts = None
    try:
        yield
    finally:
        _reading, _texts = outer


# A value many outputs derive alike, derived once per build and process with its reads recorded for
# each output that uses it (`outputs.base.Env.once`): given its name and how to derive it
Once = Callable[[str, Callable[[], Any]], Any]


def derive_now(name: str, derive: Callable[[], Any]) -> Any:
    """A `Once` outside a render: derives the value each time it is asked."""
    return derive()


def record(*inputs: str) -> None:
    """Note inputs of the output being rendered (templates, a copied file), if one is."""
    if _reading is not None:
        _reading.update(inputs)


def record_text(where: Where) -> None:
    """Note a Markdown text the output being rendered shows, at the place it starts."""
    if _texts is not None and where not in _texts:
        _texts.append(where)


class Sourced:
    """A value read from a content file: reading any of its fields while an output renders records
    that file (or files) as an input of the output."""

    __slots__ = ()
    # whether reading any field records just the file of its `source` (a class that says otherwise,
    # with `_files` or `_files_of`, is asked each time); set for each class as it is made
    _plain = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._plain = cls._files is Sourced._files and cls._files_of is Sourced._files_of

    def _files(self) -> tuple[str, ...]:  # only through object.__getattribute__: reads record nothing
        path = _get(self, "source").path
        return (path,) if path else ()

    def _files_of(self, name: str) -> tuple[str, ...]:
        """The files reading the field `name` records: all of `_files` (a value made from several
        files may say which of them each field comes from)."""
        return _get(self, "_files")()  # type: ignore[no-any-return]

    def __getattribute__(self, name: str) -> Any:
        # written for speed: it runs for every field a page reads (a thousand times a page)
        if _reading is not None:
            if _get(self, "_plain"):
                path = _get(self, "source").path
                if path:
                    _reading.add(path)
            else:
                _reading.update(_get(self, "_files_of")(name))
        return _get(self, name)


_get = object.__getattribute__


class Part(Sourced):
    """A value made from one part of a content file (a session, a day of an edition.yaml): reading
    it records that part, "@part/<where it is written>", whose digest is the value itself
    (`depends.Facts`), not its file. A page that shows one session is then not stale when another
    session of the same file changes, only when its own does (or moves: the place is its name).
    A dataclass made from a part gets its name from its `source` as it is made."""

    __slots__ = ("_part",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_part", part(_get(self, "source")))

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # made again from its fields, name and all: a slotted dataclass's own pickling and copying
        # carry its fields only, and a copy without its name could not be read while a page renders
        return type(self), tuple(_get(self, field.name) for field in dataclasses.fields(type(self)))

    def _files(self) -> tuple[str, ...]:
        return (_get(self, "_part"),)

    def __getattribute__(self, name: str) -> Any:
        if _reading is not None:
            _reading.add(_get(self, "_part"))
        return _get(self, name)


class ByField(Sourced):
    """A value whose fields are recorded one by one: reading a field records what `_fields` names
    for it (`field_facts`, set once the value is made). Its methods and properties record nothing
    of their own: they read its fields, which records them."""

    __slots__ = ()
    _fields: ClassVar[Mapping[str, tuple[str, ...]]] = MappingProxyType({})

    def _files_of(self, name: str) -> tuple[str, ...]:
        return _get(self, "_fields").get(name, ())  # type: ignore[no-any-return]


def field_facts(value: Any, name: str, skip: frozenset[str] = frozenset(),
                derived: Mapping[str, str] = MappingProxyType({})) -> dict[str, tuple[str, ...]]:
    """What reading each field of a dataclass value records, when its fields are recorded one by
    one: "<name>#<field>" (a value's `_files_of`); `derived` names the attributes computed from one
    field that record it (a cached property, which reads nothing once cached)."""
    found = {field.name: (field_fact(name, field.name),) for field in dataclasses.fields(value)
             if field.name not in skip}
    found.update((attribute, found[field]) for attribute, field in derived.items())
    return found


def field_fact(name: str, field: str) -> str:
    """The name of one field of a recorded value: "@state/2030-iasi#sessions"."""
    return f"{name}#{field}"


def part(where: Where, field: str = "") -> str:
    """The name of a recorded part of a content file, "@part/<path>:<line>:<column>", or one field
    of the value written there, "@part/<path>:<line>:<column>#<field>"."""
    return field_fact(f"@part/{where}", field) if field else f"@part/{where}"


_PART = re.compile(r"@part/(.*?)(?::\d+:\d+)?(?:#\w*)?")


# Asked for each input of the pages the repeated-sentence check reads, and by the live preview for
# each fact its pages read, at every save: the same names again and again. Bounded, because a
# long preview session adds the names that edits leave behind (a part moved to another line).
@functools.lru_cache(maxsize=1 << 17)
def part_file(name: str) -> str | None:
    """The file of a recorded part (`part`); None for any other input."""
    match = _PART.fullmatch(name) if name.startswith("@part/") else None
    return match[1] if match else None


def files_read(inputs: Iterable[str]) -> list[str]:
    """The files an output read, whole or in part (`part`), once each, in the order of `inputs`."""
    found = (part_file(name) or name for name in inputs)
    return list(dict.fromkeys(name for name in found if not name.startswith("@")))


K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Keyed(Mapping[K, V], Generic[K, V]):
    """A read-only mapping of the model or the resolved site, by id: looking up a key while an
    output renders records the fact "@name/key" (what is there, or that nothing is); going through
    all of it records "@name"."""

    __slots__ = ("data", "name")

    def __init__(self, name: str, data: Mapping[K, V]) -> None:
        # a dict is kept, not copied (no caller changes a dict it gave): validate gives the people's
        # again while their folder is unchanged, and what is kept by it is found by its identity
        self.name, self.data = name, data if type(data) is dict else dict(data)

    def __getitem__(self, key: K) -> V:
        if _reading is not None:
            _reading.add(fact(self.name, key))
        return self.data[key]

    # `in` and `get` record what a look-up records (Mapping's own would look up through
    # `__getitem__`, catching its KeyError: five times slower, and validate asks 40,000 times)
    def __contains__(self, key: object) -> bool:
        if _reading is not None:
            _reading.add(fact(self.name, key))
        return key in self.data

    def get(self, key: K, default: Any = None) -> Any:  # type: ignore[override]
        if _reading is not None:
            _reading.add(fact(self.name, key))
        return self.data.get(key, default)

    def __iter__(self) -> Iterator[K]:
        if _reading is not None:
            _reading.add(fact(self.name))
        return iter(self.data)

    def __len__(self) -> int:
        if _reading is not None:
            _reading.add(fact(self.name))
        return len(self.data)

    def __repr__(self) -> str:
        return f"Keyed({self.name!r}, {self.data!r})"


def fact(name: str, key: Any = None) -> str:
    """The name of a recorded fact: "@people" (all of them), "@people/ana-popescu", "@plan/agenda/2030-iasi/en"."""
    if key is None:
        return f"@{name}"
    return f"@{name}/" + ("/".join(key) if isinstance(key, tuple) else str(key))
