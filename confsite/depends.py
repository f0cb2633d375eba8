"""What an output was made from, and whether that changed since: the digests of recorded inputs.

While an output renders, every value it reads records where it comes from (`recording`):
- a person's, an organisation's or a site page's file, and an edition's texts;
- a part of an edition.yaml: one field of the edition ("@part/<edition.yaml>:1:1#title") or one
  value written at one place of it, a day, a session, its registration ("@part/<path>:<line>:<col>");
- one field of an edition's state, what the resolve stage derived from it ("@state/<slug>#later");
- the templates, and the facts of the resolved site it looked up or went through, "@name" or
  "@name/key" (`recording.Keyed`, `site.LISTINGS`): which editions a person appeared at, in which
  order the people index lists them, whether a page exists.

A part's digest is its value; a fact's or a state field's is the shape of its value: every value
in it, with the model values in it named, not spelled out (the sources of a person, the place of a
session). An output that reads one of those records it in turn.

An output is up to date when every input it recorded has the digest it had when it rendered:
`cache` keeps the digests with each entry, `serve` with each page it shows.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any

from .edition import TEXT_FIELDS, Edition
from .model import Content, Text
from .recording import Keyed, Sourced, fact, field_fact, unrecorded
from .site import LISTINGS, EditionState, PagePlan, Site

Digest = Callable[[str], str]  # an input's digest as the site is now


def is_fact(name: str) -> bool:
    return name.startswith("@")


class Facts:
    """The digest of each fact of one resolved site, computed once."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.memo: dict[str, str] = {}
        self._parts: dict[str, dict[str, list[Any]]] = {}  # by file (`_parts_of`)
        self._keys_of: dict[str, dict[str, tuple[str, ...]]] = {}  # by mapping (`_tuple_keys`)
        with unrecorded():
            self.keyed = keyed_facts(site)
            # the mappings keyed by tuples ("@plan/agenda/2030-iasi/en"), found once: looking for them
            # at each fact went through all the keys each time (quadratic in the people of a series).
            # A mapping's keys are all of one kind: its first tells.
            self.by_tuple = {name for name, keyed in self.keyed.items()
                             if isinstance(next(iter(keyed.data), None), tuple)}

    def __call__(self, name: str) -> str:
        found = self.memo.get(name)
        if found is None:
            with unrecorded():
                parts: list[str] = []
                _shape(self._value(name[1:]), parts)
                parts.append("")  # each part ends with a NUL
                data = "\0".join(parts).encode("utf-8", "surrogatepass")
                self.memo[name] = found = hashlib.blake2b(data, digest_size=20).hexdigest()
        return found

    def _value(self, name: str) -> Any:
        field, _, key = name.partition("/")
        if field == "part":  # a value written at one place of a content file, or one of its fields
            where, _, attribute = key.partition("#")
            found = self._parts_of(where.rsplit(":", 2)[0]).get(where, ())
            return [getattr(value, attribute, "missing") if attribute else _part(value, lambda _: True)
                    for value in found] or "missing"
        if field == "state":  # one field of an edition's state
            slug, _, attribute = key.partition("#")
            state = self.site.by_slug.data.get(slug)
            return getattr(state, attribute, "missing") if state is not None else "missing"
        if field in LISTINGS and not key:
            return getattr(self.site, field)
        keyed = self.keyed.get(field)
        if keyed is None:
            return "unknown"
        if not name.count("/"):
            return keyed.data
        if field in self.by_tuple:
            return keyed.data.get(self._tuple_keys(field).get(key), "missing")
        return keyed.data.get(key, "missing")

    def _tuple_keys(self, field: str) -> dict[str, tuple[str, ...]]:
        """A mapping's tuple keys by their names in facts, made once: the name cannot be split on "/",
        since a part may hold one (a session page's plan: ("session", "2030-iasi/keynote", "en"))."""
        found = self._keys_of.get(field)
        if found is None:
            prefix = len(field) + 2  # "@plan/"
            found = self._keys_of[field] = {fact(field, key)[prefix:]: key for key in self.keyed[field].data}
        return found

    @functools.cached_property
    def _editions_by_file(self) -> dict[str, list[Edition]]:
        found: dict[str, list[Edition]] = defaultdict(list)
        for edition in (*self.site.content.editions, *self.site.content.drafts):
            found[edition.source.path].append(edition)
        return found

    def _parts_of(self, path: str) -> dict[str, list[Any]]:
        """The values of the parts of one content file (`recording.Part`), by where each is
        written, with the editions whose fields are recorded one by one; made once per file, when
        first asked (a save of the preview asks for one file's). Every part of an edition is written
        in its edition.yaml. A day the agenda does not list (made by resolve, from the edition's
        dates) is named where its edition is written: its name stands for the whole edition."""
        found = self._parts.get(path)
        if found is None:
            self._parts[path] = found = defaultdict(list)
            for edition in self._editions_by_file.get(path, ()):
                found[str(edition.source)].append(edition)
                for value in (edition.registration, edition.matchmaking, *edition.agenda,
                              *(session for day in edition.agenda for session in day.sessions)):
                    if value is not None:
                        found[str(value.source)].append(value)
        return found


def _values(value: Any) -> Iterator[Any]:
    return (getattr(value, field.name) for field in dataclasses.fields(value))


def keyed_facts(site: Site) -> dict[str, Keyed[Any, Any]]:
    """The mappings of the site and its content whose lookups are recorded, by their names."""
    return {field.name: field for field in (*_values(site), *_values(site.content)) if isinstance(field, Keyed)}


_MISSING = object()


def moved_facts(before: Site, after: Site) -> set[str]:
    """The facts of the resolved site, other than the parts of content files, whose value in `after`
    may not be what it was in `before`: the live preview's way to find what a save moved without
    the digest of every fact its pages read (70,000 on a 300-edition series, most of them the
    same objects as before: `readings.Readings`, `resolve_memory.Resolved`, the plans' cache). A value
    made of the same model values (`_same`) has the same digest; any other counts as moved."""
    moved: set[str] = set()
    with unrecorded():
        old_keyed, new_keyed = keyed_facts(before), keyed_facts(after)
        for name in old_keyed.keys() | new_keyed.keys():
            old = old_keyed[name].data if name in old_keyed else {}
            new = new_keyed[name].data if name in new_keyed else {}
            if old is new:
                continue
            keys = [key for key, value in new.items() if old.get(key, _MISSING) is not value]
            keys += [key for key in old if key not in new]
            keys = [key for key in keys if key not in old or key not in new or not _same(old[key], new[key])]
            moved.update(fact(name, key) for key in keys)
            if keys or list(old) != list(new):
                moved.add(fact(name))
        for name in LISTINGS:
            old_value, new_value = object.__getattribute__(before, name), object.__getattribute__(after, name)
            # the page plans are plain values (text and tuples of text), compared as such
            if not (old_value == new_value if name == "pages" else _same(old_value, new_value)):
                moved.add(fact(name))
        old_states, new_states = before.by_slug.data, after.by_slug.data
        for slug in old_states.keys() | new_states.keys():
            old_state, new_state = old_states.get(slug, _MISSING), new_states.get(slug, _MISSING)
            if old_state is new_state:
                continue
            for field in _all_fields(EditionState):
                if (old_state is _MISSING or new_state is _MISSING
                        or not _same(getattr(old_state, field), getattr(new_state, field))):
                    moved.add(field_fact(fact("state", slug), field))
    return moved


# values whose repr says all of them: most of what a shape is made of, so looked up first
_SCALARS = frozenset({str, int, float, bool, type(None), dt.date, dt.time, dt.datetime})


def _shape(value: Any, out: list[str]) -> None:
    """A value as far as the sources of its model values, appended to `out`: what a fact's digest
    is made of. (One list for the whole value: a generator at each level handed every string up
    through all the levels above it, a third of a warm build's checks on a large series.)"""
    kind = type(value)
    if kind in _SCALARS or kind is PagePlan:  # a plan holds text and tuples of text only
        out.append(repr(value))
    elif isinstance(value, Sourced):
        out.append("<")
        out.extend(object.__getattribute__(value, "_files")())
        out.append(">")
    elif kind is Text:
        out.append(repr((value.neutral, value.original, sorted(value.values.items()))))
    elif hasattr(kind, "__dataclass_fields__"):
        out.append(kind.__name__)
        for name in _compared(kind):
            _shape(getattr(value, name), out)
    elif isinstance(value, Keyed):
        _shape(value.data, out)
    elif isinstance(value, Mapping):
        out.append("{")
        for key, item in value.items():
            out.append(repr(key))
            _shape(item, out)
        out.append("}")
    elif isinstance(value, (tuple, list, frozenset, set)):
        out.append("(")
        for item in (sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value):
            _shape(item, out)
        out.append(")")
    else:
        out.append(repr(value))


def _same(old: Any, new: Any) -> bool:
    """Whether `old` and `new` have the same shape (`_shape`): the same object, or values that
    `_shape` would write out the same, compared the way it goes through them. Where the two are
    made of the same objects (what the live preview keeps from one save to the next), it stops at
    each of them instead of writing them out."""
    if old is new:
        return True
    kind = type(old)
    if kind is not type(new):
        return False
    if kind is dt.datetime or kind is dt.time:  # one moment in two zones is ==, but written two ways
        return repr(old) == repr(new)
    if kind in _SCALARS or kind is PagePlan:  # a plan holds text and tuples of text only
        return bool(old == new)
    if isinstance(old, Sourced):
        get = object.__getattribute__
        return bool(get(old, "_files")() == get(new, "_files")())
    if kind is Text:
        return (old.neutral, old.original, sorted(old.values.items())) == (new.neutral, new.original,
                                                                           sorted(new.values.items()))
    if hasattr(kind, "__dataclass_fields__"):
        return all(_same(getattr(old, name), getattr(new, name)) for name in _compared(kind))
    if isinstance(old, Keyed):
        return _same(old.data, new.data)
    if isinstance(old, Mapping):
        return list(old) == list(new) and all(_same(old[key], new[key]) for key in old)
    if kind is tuple or kind is list:
        return len(old) == len(new) and all(_same(a, b) for a, b in zip(old, new, strict=True))
    parts_old: list[str] = []
    parts_new: list[str] = []
    _shape(old, parts_old)
    _shape(new, parts_new)
    return parts_old == parts_new


@functools.cache
def _all_fields(kind: type) -> tuple[str, ...]:
    return tuple(field.name for field in dataclasses.fields(kind))


@functools.cache
def _compared(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass that its equality compares: no page shows the others."""
    return tuple(field.name for field in dataclasses.fields(kind) if field.compare)


def current(facts: Facts, file: Digest) -> Digest:
    """The digest of any recorded input: a fact's, or a file's (by `file`). Each is looked up once:
    a warm build asks it of every input of every output (62,000 times for the 3,340 outputs of the
    benchmark corpus, 6,600 distinct)."""
    return _Current(facts, file)


class _Lines(dict[str, str]):
    """Each input's part of `inputs_digest`'s text ("name\0digest"), made the first time it is asked."""

    def __init__(self, digest: Digest) -> None:
        super().__init__()
        self.digest = digest

    def __missing__(self, name: str) -> str:
        line = self[name] = f"{name}\0{self.digest(name)}"
        return line


class _Current:
    """`current`'s digests, each input's kept with its line of `inputs_digest`'s text: a cold build
    digests what each of its outputs read (a hundred inputs, mostly the same from one output to the
    next), and joins the kept lines without a call for each."""

    def __init__(self, facts: Facts, file: Digest) -> None:
        self.facts, self.file = facts, file
        self.known: dict[str, str] = {}
        self.lines = _Lines(self)

    def __call__(self, name: str) -> str:
        found = self.known.get(name)
        if found is None:
            found = self.known[name] = self.facts(name) if is_fact(name) else self.file(name)
        return found


def reads_any(inputs: tuple[str, ...], names: Collection[str]) -> bool:
    """Whether an output's recorded `inputs` (sorted, as render records them) hold one of `names`.
    A save names a few files; an output has read a hundred inputs: a bisection for each name, not a
    look-up for each input (the preview asks this of every output, 55,000 on a 300-edition series)."""
    for name in names:
        at = bisect.bisect_left(inputs, name)
        if at < len(inputs) and inputs[at] == name:
            return True
    return False


def inputs_digest(inputs: Iterable[str], now: Digest) -> str:
    """One digest of what an output read, each input with its digest `now`: a cache entry keeps
    this, not a digest per input (two fifths of an entry), and is good while it is the same. (No
    file name or fact holds a NUL, nor does a digest: joined by NULs, no two lists read the same.)"""
    lines = now.lines if type(now) is _Current else None
    text = "\0".join(map(lines.__getitem__, inputs)) if lines is not None else \
        "\0".join(f"{name}\0{now(name)}" for name in inputs)
    return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()


def model_values(content: Content, paths: Collection[str]) -> dict[str, list[Any]]:
    """The model values made from each content file of `paths`: an edition from its edition.yaml
    and its texts, a person, an organisation or a site page from its own file."""
    made: dict[str, list[Any]] = defaultdict(list)
    with unrecorded():
        for edition in (*content.editions, *content.drafts):  # its texts' part and the rest, apart
            for path in object.__getattribute__(edition, "_texts"):
                if path in paths:
                    made[path].append(_part(edition, lambda name: name in TEXT_FIELDS))
            for path in object.__getattribute__(edition, "_manifest"):
                if path in paths:
                    made[path].append(_part(edition, lambda name: name not in TEXT_FIELDS))
        for path in paths:
            for value in _made_from(content, path):
                if path in object.__getattribute__(value, "_files")():
                    made[path].append(value)
    return made


def _made_from(content: Content, path: str) -> Iterable[Any]:
    """The people, organisations or site pages that may be made from the file `path`: the one whose
    id is its name (a person's file is theirs alone), else those of its folder."""
    folder, _, name = path.rpartition("/")
    for where, values in (("content/people", _plain(content.people)),
                          ("content/organisations", _plain(content.organisations))):
        if folder == where:
            named = values.get(name.split(".", 1)[0])
            own = named is not None and path in object.__getattribute__(named, "_files")()
            return (named,) if own else values.values()
    return content.pages if folder == "content/pages" else ()


def _plain(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """A recording mapping's own dict (what nothing records is read quicker from it)."""
    return mapping.data if isinstance(mapping, Keyed) else mapping


def _part(value: Any, keep: Callable[[str], bool]) -> tuple[Any, ...]:
    """The fields of a model value that `keep` names, as its equality compares them."""
    return tuple((field.name, getattr(value, field.name)) for field in dataclasses.fields(value)
                 if field.compare and keep(field.name))


def changed_content(changed: Iterable[str], before: Content, after: Content) -> set[str]:
    """The files of `changed` whose model values are not what they were (for an edition's texts,
    its `body`; for its edition.yaml, its other fields: what reading each records): a content file saved
    without a change that matters to the site (the same text, a space at the end of a line, a
    comment) counts as unchanged; any other file (a template, a picture, a download) as changed.

    Outputs read content files only through their model values (`recording.Sourced`), so an output
    that read such a file is still what it would be. (The offline worker, which hashes the files'
    bytes, is a published build's only; the preview does not make it.) Equality is the model's: the
    places kept for messages only (`compare=False`) do not count; no page shows them."""
    changed = set(changed)
    old, new = model_values(before, changed), model_values(after, changed)
    with unrecorded():
        return {path for path in changed if (path not in old and path not in new) or old.get(path) != new.get(path)}
