"""Validate stage, in the live preview: what each document was read into, kept from one save to
the next (`Readings`), and what each reading depends on besides its own file (`_Looked`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from . import fields as f
from .edition import Edition
from .image_files import ImageFile
from .kept import ByIdentity, Last, identical
from .model import SiteConfig
from .problems import Problem, working_on

T = TypeVar("T")


class _Looked(Mapping[str, ImageFile]):
    """The images one document's reading may use, noting which it looked up (or that it went
    through them all): what its reading depends on besides its own file."""

    def __init__(self, images: Mapping[str, ImageFile]) -> None:
        self.images = images
        self.looked_up: dict[str, ImageFile | None] = {}
        self.whole = False

    def __getitem__(self, key: str) -> ImageFile:
        self.looked_up[key] = self.images.get(key)
        return self.images[key]

    def __bool__(self) -> bool:
        # true even when empty: `images or {}` must keep looking here, where what is looked up
        # (and found missing) is noted; asking the length would count as going through them all
        return True

    def __iter__(self) -> Iterator[str]:
        self.whole = True
        return iter(self.images)

    def __len__(self) -> int:
        self.whole = True
        return len(self.images)


@dataclasses.dataclass(frozen=True)
class Reading:
    """What reading one document made, and what from: the file's path and text, its other inputs,
    the images it looked at (all of its folder's when it went through them), the problems it found
    and the retired languages it saw."""

    inputs: tuple[Any, ...]
    images: Mapping[str, ImageFile | None]  # each as it was then (None: there was none)
    whole: bool  # it went through all the images it was given: `images` are all of them
    value: Any
    problems: tuple[Problem, ...]
    retired: tuple[tuple[str, str], ...]

    def still(self, inputs: tuple[Any, ...], images: Mapping[str, ImageFile]) -> bool:
        """Whether reading again from `inputs` and `images` would make the same: each input is
        the same object, or an equal value (a text, a path); each image it used is
        the same inspection of its file (`load` keeps one per file no save touched)."""
        return (len(inputs) == len(self.inputs)
                and all(new is old or (type(new) in _COMPARED and new == old)
                        for new, old in zip(inputs, self.inputs, strict=True))
                and (not self.whole or len(images) == len(self.images))
                and all(images.get(key) is image for key, image in self.images.items()))


_COMPARED = (str, int, bool, tuple, frozenset, type(None))  # compared by value; anything else must be the same object


@dataclasses.dataclass
class Readings:
    """What the last validations made of each document, for the live preview, which validates the
    whole site after each save: a person, an organisation, a page or an edition whose file, other
    inputs and pictures are what they were (the same text, the same pictures from `load`'s memory)
    is taken as it was made, with its problems, without parsing the file again. Kept only while
    site.yaml reads the same."""

    site: SiteConfig | None = None
    retired: frozenset[str] = frozenset()
    made: dict[tuple[str, ...], Reading] = dataclasses.field(default_factory=dict)
    kept: bool = True  # False: a build's, which reads each document once and keeps nothing
    read_now: set[tuple[str, ...]] = dataclasses.field(default_factory=set)  # by the validation under way
    # what the documents of a whole folder were read into (`folder`), by the folder's name
    folders: dict[str, Folder] = dataclasses.field(default_factory=dict)
    # what was made of each edition of the last validation (`per_edition`), by what
    of_editions: dict[str, ByIdentity[Edition, Any]] = dataclasses.field(default_factory=dict)
    # what was last made of whole folders' values (`last`), by what
    lasts: dict[str, Last[Any]] = dataclasses.field(default_factory=dict)

    def forget_unread(self) -> None:
        """Let go of the documents this validation did not read (a file deleted or renamed)."""
        if len(self.read_now) != len(self.made):  # it read every document it keeps (and only those)
            self.made = {key: reading for key, reading in self.made.items() if key in self.read_now}
        self.read_now = set()

    def folder(self, what: str, kind: str, documents: tuple[Mapping[str, Any], ...], images: Mapping[str, ImageFile],
               problems: list[Problem], retired: f.Retired,
               read: Callable[[Iterable[str], list[Problem], f.Retired], dict[str, T]]) -> dict[str, T]:
        """The documents of one folder (the names of `documents[0]`; the other mappings hold what
        else each is read from, by the same name), read by `read(names, problems, retired)`, which
        reads each through `read` below, keyed (`kind`, name). Or what they were read into the last
        time: all of it when load gave the same mappings (it does while nothing in the folder
        changed) and the same pictures; the others' when it gives the same names in the same order,
        only the documents that are other objects read again. A save of an edition or of one person
        then does not go through the 6,000 people to find that each is what it was."""
        names = documents[0]
        if not self.kept:
            return read(names, problems, retired)
        kept = self.folders.get(what)
        if kept is None or not _same_images(kept.images, images):
            again: Iterable[str] | None = None
        elif all(now is then for now, then in zip(documents, kept.documents, strict=True)):
            again = ()
        elif list(names) == list(kept.documents[0]):
            again = [name for name in names if any(_other(now.get(name), then.get(name))
                                                   for now, then in zip(documents, kept.documents, strict=True))]
        else:
            again = None
        keys = kept.keys if kept is not None and again is not None else frozenset((kind, name) for name in names)
        if again is None:  # all read (each taken as it was made when its inputs are the same)
            found_list, mine = [], f.Retired(retired.languages)
            value = read(names, found_list, mine)
            found, seen = tuple(found_list), _seen(mine)
        elif not again:
            value, found, seen = kept.value, kept.problems, kept.retired  # type: ignore[union-attr]
            self.read_now |= keys  # each document's reading stays kept for the next save
        else:  # the others as they were; what the folder found is what each of its documents found
            fresh = read(again, [], f.Retired(retired.languages))
            last = kept.value  # type: ignore[union-attr]
            # (a document that cannot be parsed now is read into nothing, and leaves the folder's value)
            read_again = set(again)
            value = last if all(fresh.get(name) is last.get(name) for name in again) else {
                name: fresh[name] if name in read_again else last[name] for name in names
                if (name in fresh if name in read_again else name in last)}
            self.read_now |= keys
            readings = [self.made[(kind, name)] for name in names]
            found = tuple(problem for reading in readings for problem in reading.problems)
            seen = _merged(reading.retired for reading in readings)
        if again is None or again:
            self.folders[what] = Folder(documents, dict(images), value, found, seen, keys)
        problems.extend(found)
        for lang, path in seen:
            retired.saw(lang, path)
        return value

    def per_edition(self, what: str, editions: Iterable[Edition], given: Hashable,
                    make: Callable[[Edition], T]) -> list[tuple[Edition, T]]:
        """Each edition with `make(edition)`. One that is the same object as in the last validation
        (read again from nothing new) is not made again, while what else it is made from, `given`,
        is equal too."""
        if not self.kept:
            return [(edition, make(edition)) for edition in editions]
        return self.of_editions.setdefault(what, ByIdentity()).round(editions, make, given)

    def last(self, what: str, made_from: tuple[object, ...], make: Callable[[], T], given: Hashable = None) -> T:
        """`make()`, or what it made the last time from the very same objects (the people's
        values, while their folder is what it was: `folder`) and an equal `given`."""
        if not self.kept:
            return make()
        return self.lasts.setdefault(what, Last()).get(made_from, make, given)  # type: ignore[no-any-return]

    def last_if_equal(self, what: str, value: T) -> T:
        """`value`, or the last value `last` made for `what` when it is equal: one object while the
        value is the same, so that what is kept by it (`last`) is taken again."""
        kept = self.lasts.get(what)
        return kept.value if kept is not None and kept.value == value else value  # type: ignore[return-value]

    def read(self, key: tuple[str, ...], inputs: tuple[Any, ...], images: Mapping[str, ImageFile],
             problems: list[Problem], retired: f.Retired,
             read: Callable[[Mapping[str, ImageFile], list[Problem], f.Retired], T]) -> T:
        """`read(images, problems, retired)`, or what it made the last time from the same inputs
        (the document's path first). An unexpected failure while it reads names that file."""
        if not self.kept:
            with working_on(inputs[0]):
                return read(images, problems, retired)
        self.read_now.add(key)
        kept = self.made.get(key)
        if kept is not None and kept.still(inputs, images):
            value, found, seen = kept.value, kept.problems, kept.retired
        else:
            looked, found_list, mine = _Looked(images), [], f.Retired(retired.languages)
            with working_on(inputs[0]):
                value = read(looked, found_list, mine)
            found = tuple(found_list)
            seen = _seen(mine)
            used: Mapping[str, ImageFile | None] = dict(images) if looked.whole else looked.looked_up
            if kept is not None and identical(value, kept.value):
                # read again into the same value, every field and place of it (a file saved as it was,
                # a blank line added at its end): the very object, so that what the later stages made
                # of it is taken again
                value = kept.value
            self.made[key] = Reading(inputs, used, looked.whole, value, found, seen)
        problems.extend(found)
        for lang, path in seen:
            retired.saw(lang, path)
        return value


@dataclasses.dataclass(frozen=True)
class Folder:
    """What the documents of one folder were read into, from which mapping of documents and pictures."""

    documents: tuple[Mapping[str, Any], ...]  # as load gave them: the same objects while nothing in the folder changed
    images: Mapping[str, ImageFile]
    value: dict[str, Any]
    problems: tuple[Problem, ...]
    retired: tuple[tuple[str, str], ...]
    keys: frozenset[tuple[str, ...]]  # of each document's reading


def _same_images(then: Mapping[str, ImageFile], now: Mapping[str, ImageFile]) -> bool:
    """The same pictures: each the same inspection of its file (`load` keeps one per file no save touched)."""
    return len(then) == len(now) and all(now.get(path) is image for path, image in then.items())


def _other(now: Any, then: Any) -> bool:
    """Another input: not the same document (load gives the same while its file is unchanged), nor
    the same text (a photo's path)."""
    return now is not then and not (isinstance(now, str) and now == then)


def _merged(seen: Iterable[tuple[tuple[str, str], ...]]) -> tuple[tuple[str, str], ...]:
    """What `_seen` gives of the retired languages' files of several readings together."""
    together = f.Retired()
    for lang, path in (pair for pairs in seen for pair in pairs):
        together.saw(lang, path)
    return _seen(together)


def _seen(retired: f.Retired) -> tuple[tuple[str, str], ...]:
    """The files a reading found texts in for each retired language, in order."""
    return tuple((lang, path) for lang, paths in sorted(retired.files.items()) for path in sorted(paths))
