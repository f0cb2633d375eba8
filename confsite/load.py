"""Load stage: read the editors' files from disk into documents (`documents`): their texts, which
validate parses one by one as it reads them, and site.yaml parsed into values that remember where
each came from (its limits apply to the other files).

Only this module (and write) touches the disk. Content is untrusted: a path that leads out of the
project, anything but an ordinary file, and a text file over the size limit are refused before
they are opened.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import stat
from collections.abc import Callable, Iterable
from typing import TypeVar

from . import characters, downloads, unread
from .disk_memory import TEXT_SUFFIXES, DiskMemory, Edited
from .documents import Document, decode, parse_yaml
from .image_files import ImageFile, inspect
from .problems import Problem, Where, working_on
from .project import hidden_part


@dataclasses.dataclass(frozen=True)
class Sources:
    """Everything read from disk, ready for validation. site.yaml is parsed (its size limit for
    texts is read before the other files); the other YAML files are texts that validate parses
    one by one as it reads them (`documents.parsed`)."""

    root: pathlib.Path
    site: Document | None
    editions: dict[str, Document]  # slug -> edition.yaml, unparsed
    texts: dict[tuple[str, str], Document]  # (slug, lang) -> index.<lang>.md
    files: dict[str, dict[str, int]]  # slug -> {"files/x.pdf": size in bytes}
    people: dict[str, Document]  # unparsed, as the organisations'
    organisations: dict[str, Document]
    pages: dict[tuple[str, str], Document]  # (slug, lang) -> pages/<slug>.<lang>.md
    photos: dict[str, str] = dataclasses.field(default_factory=dict)  # person id -> "content/people/<id>.jpg"
    catalogs: tuple[str, ...] = ()  # languages with an interface catalog in locales/
    catalog_texts: dict[str, Document] = dataclasses.field(default_factory=dict)  # lang -> its .po, as read
    # every file beside the people's, organisations' and editions' YAML that is not a text, as
    # inspected: "content/people/ana-popescu.jpg" -> its format, size and faults
    images: dict[str, ImageFile] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class EditionFolder:
    """What one edition's folder holds, as read."""

    document: Document | None  # its edition.yaml, unparsed (None: it could not be read)
    texts: dict[str, Document]  # lang -> index.<lang>.md
    files: dict[str, int]  # its files/ folder: "files/x.pdf" -> size in bytes
    images: dict[str, ImageFile]  # the pictures beside its edition.yaml


# What file managers and editors leave in folders, never an editor's content: hidden files
# (.DS_Store, .swp), Windows' picture caches and folder settings, Office's lock files (~$a.docx).
_SYSTEM_NAMES = frozenset({"thumbs.db", "ehthumbs.db", "desktop.ini"})


def _system_file(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _SYSTEM_NAMES


def _rel(root: pathlib.Path, path: pathlib.Path) -> str:
    text, prefix = str(path), str(root)
    if text.startswith(prefix) and text[len(prefix):len(prefix) + 1] == "/":  # the usual case, quickly
        return text[len(prefix) + 1:]
    return path.relative_to(root).as_posix()


T = TypeVar("T")


PHOTO_TYPES = (".jpg", ".png", ".webp")  # a person's photo beside their file: content/people/<id>.jpg
# the same kinds named otherwise (IMG_0042.JPG, a .jpeg): validate says so, rather than passing them over
PHOTO_NAMED_OTHERWISE = {".jpg": ".jpg", ".jpeg": ".jpg", ".jpe": ".jpg", ".png": ".png", ".webp": ".webp"}
IMAGE_READ_LIMIT = 50_000_000  # bytes: a larger file is refused unread (no picture for the web is near it)
DEFAULT_TEXT_LIMIT_KB = 1000  # YAML, Markdown and .po files: 1 MB is far more than any needs
_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


class _Disk:
    """Reads the editors' files, refusing any path that leads out of the project, anything that is
    not an ordinary file (a named pipe is never opened) and text files over the size limit."""

    def __init__(self, root: pathlib.Path, problems: list[Problem], memory: DiskMemory | None = None) -> None:
        self.root = root.resolve()
        self.problems = problems
        self.limit = DEFAULT_TEXT_LIMIT_KB * 1000
        self.inside: set[pathlib.Path] = set()  # folders found usable: what is in them, not a link, is inside too
        self.memory = memory
        # paths found to be links: what is read through one is not remembered, since a save names
        # the file it changed, not the links to it
        self.links: set[str] = set()

    def _remembered(self, how: str, path: pathlib.Path, read: Callable[[], T]) -> T:
        """`read()`, or what it gave when the last loads did it (and the problems it found then)."""
        if self.memory is None:
            return read()
        rel = _rel(self.root, path) if path != self.root else "."
        remembered = self.memory.reads.get(rel)
        key = (how, self.limit)
        found = remembered.get(key) if remembered is not None else None
        if found is not None:
            self.problems.extend(found[1])
            return found[0]  # type: ignore[no-any-return]
        before, links = len(self.problems), len(self.links)
        value = read()
        # what met a link while it read (an entry of a folder, a file in files/) is read again next time
        if len(self.links) == links and not self._through_link(rel):
            self.memory.reads.setdefault(rel, {})[key] = (value, tuple(self.problems[before:]))
        return value

    def _through_link(self, rel: str) -> bool:
        if not self.links:
            return False
        parts = rel.split("/")
        return any("/".join(parts[:depth]) in self.links for depth in range(1, len(parts) + 1))

    def refuse(self, path: pathlib.Path, message: str, hint: str) -> bool:
        self.problems.append(Problem(Where(_rel(self.root, path)), message, hint))
        return False

    def usable(self, path: pathlib.Path, folder: bool = False, limit: bool = False) -> bool:
        """Whether `path` may be read: inside the project, of the right kind and size (False: reported)."""
        found = self._remembered(f"usable:{folder:d}{limit:d}", path, lambda: self._usable(path, folder, limit))
        if found and folder:
            self.inside.add(path)
        return found

    def _usable(self, path: pathlib.Path, folder: bool, limit: bool) -> bool:
        try:
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                self.links.add(_rel(self.root, path))
            # resolving a path reads each folder on its way; an entry of a usable folder that is no
            # link is where its folder is, so only links and other paths are resolved
            if stat.S_ISLNK(info.st_mode) or path.parent not in self.inside:
                target = path.resolve()
                info = path.stat()
                if not target.is_relative_to(self.root):
                    return self.refuse(path, f"this is a link to {target}, outside the project",
                                       "copy the file into the project instead of linking to it")
                hidden = hidden_part(target.relative_to(self.root).parts)
                if hidden:
                    return self.refuse(path, f"this is a link into '{hidden}', a hidden part of the project "
                                       "that is never published",
                                       "copy the file you mean into the project instead of linking to it")
        except (OSError, RuntimeError):  # a dangling link, a loop of links, no permission
            return self.refuse(path, "this cannot be read (a link that leads nowhere, or no permission)",
                               "replace it with the real file or folder")
        if folder:
            if stat.S_ISDIR(info.st_mode):
                return True
            return self.refuse(path, "a folder is expected here, but this is a file",
                               "make it a folder, or move it away")
        if stat.S_ISDIR(info.st_mode):
            return self.refuse(path, "this is a folder, where a file is expected",
                               f"remove the folder, or rename it so that it does not end in '{path.suffix}'")
        for test, kind in _KINDS:
            if test(info.st_mode):
                return self.refuse(path, f"this is {kind}, not an ordinary file", "replace it with a real file")
        if limit and info.st_size > self.limit:
            return self.refuse(path, f"this file is {info.st_size:,} bytes, over the limit of "
                               f"{self.limit:,} bytes for text files",
                               "split it into smaller files, or raise 'max_text_file_kb' in site.yaml")
        return True

    def entries(self, folder: pathlib.Path, pattern: str = "*") -> tuple[pathlib.Path, ...]:
        """The visible entries of a folder (`_system_file`s left out), once it is safe."""
        return self._remembered(f"entries:{pattern}", folder, lambda: self._entries(folder, pattern))[0]

    def _entries(self, folder: pathlib.Path, pattern: str
                 ) -> tuple[tuple[pathlib.Path, ...], frozenset[pathlib.Path]]:
        """The entries, and the same as a set (what `DiskMemory.forget` looks in)."""
        if not os.path.lexists(folder) or not self.usable(folder, folder=True):
            return (), frozenset()
        try:
            found = tuple(path for path in sorted(folder.glob(pattern)) if not _system_file(path.name))
        except OSError as error:  # a folder without permission to list it
            self.refuse(folder, f"this folder cannot be read ({error.strerror})", "check that you may open it")
            return (), frozenset()
        return found, frozenset(found)

    def listing(self, folder: pathlib.Path) -> tuple[tuple[str, bool], ...]:
        """A folder's visible entries: (path from the project, whether it is a folder)."""
        return self._remembered("listing", folder, lambda: self._listing(folder))[0]

    def _listing(self, folder: pathlib.Path
                 ) -> tuple[tuple[tuple[str, bool], ...], frozenset[pathlib.Path], frozenset[pathlib.Path]]:
        """The listing, its paths as a set and its folders' (what `DiskMemory.forget` looks in)."""
        paths = self.entries(folder)
        kinds = tuple((path, path.is_dir()) for path in paths)
        return (tuple((_rel(self.root, path), is_dir) for path, is_dir in kinds), frozenset(paths),
                frozenset(path for path, is_dir in kinds if is_dir))

    def read(self, path: pathlib.Path) -> str | None:
        return self._remembered("read", path, lambda: self._read_file(path))

    def _read_file(self, path: pathlib.Path) -> str | None:
        with working_on(_rel(self.root, path)):
            return self._read(path)

    def _read(self, path: pathlib.Path) -> str | None:
        if not self.usable(path, limit=True):
            return None
        try:
            raw = path.read_bytes()
        except OSError as error:  # no permission, or it changed since it was checked
            self.refuse(path, f"this file cannot be read ({error.strerror})", "check that you may read it")
            return None
        text, found = decode(raw, _rel(self.root, path))
        self.problems.extend(found)
        return text

    def yaml(self, path: pathlib.Path) -> Document | None:
        return self._remembered("yaml", path, lambda: self._yaml(path))

    def _yaml(self, path: pathlib.Path) -> Document | None:
        text = self.read(path)
        if text is None:
            return None
        with working_on(_rel(self.root, path)):
            data, found = parse_yaml(text, _rel(self.root, path))
        self.problems.extend(found)
        return Document(_rel(self.root, path), data, text) if data is not None else None

    def source(self, path: pathlib.Path) -> Document | None:
        """A YAML file of content/, its text unparsed: validate parses each file as it reads it, so
        that a file's YAML tree lives only while it is read. (All of them at once were the main
        process's size on a 300-edition series, its model scattered among their freed places.)"""
        return self._remembered("source", path, lambda: self._source(path))

    def _source(self, path: pathlib.Path) -> Document | None:
        text = self.read(path)
        return Document(_rel(self.root, path), None, text) if text is not None else None

    def yaml_folder(self, folder: pathlib.Path) -> dict[str, Document]:
        return self._remembered("yaml_folder", folder, lambda: self._yaml_folder(folder))

    def _yaml_folder(self, folder: pathlib.Path) -> dict[str, Document]:
        edited = (self.memory.edited.pop((_rel(self.root, folder), ("yaml_folder", self.limit)), None)
                  if self.memory is not None else None)
        if edited is not None and (patched := self._patched(folder, edited)) is not None:
            return patched
        documents = {}
        for path in self.entries(folder):  # (by name: pathlib's suffix and stem, 6,000 times, took a while)
            name = path.name
            if name.endswith(".yml"):
                self.refuse(path, "YAML files here end in '.yaml'", f"rename it to {name[:-4]}.yaml")
            elif name.endswith(".yaml") and (document := self.source(path)) is not None:
                documents[name[:-5]] = document
        return documents

    def _patched(self, folder: pathlib.Path, edited: Edited) -> dict[str, Document] | None:
        """A YAML folder's last reading with the files edited since read again (their problems in
        place of theirs before). None when one of them now reads where it did not: a whole reading
        puts it at its place in the folder's order."""
        before = len(self.problems)
        documents, again = dict(edited.documents), set()
        for name in sorted(edited.names):
            if not name.endswith(".yaml"):  # a .yml file is refused by its name, Markdown not read here
                continue
            path = folder / name
            again.add(_rel(self.root, path))
            document = self.source(path)
            if document is not None and name[:-5] not in documents:
                del self.problems[before:]
                return None
            if document is None:
                documents.pop(name[:-5], None)
            else:
                documents[name[:-5]] = document
        self.problems.extend(p for p in edited.problems if p.where.path not in again)
        return documents

    def markdown(self, paths: Iterable[pathlib.Path]) -> dict[tuple[str, str], Document]:
        documents = {}
        for path in paths:
            found = self._remembered("markdown", path, lambda path=path: self._markdown(path))  # type: ignore[misc]
            if found is not None:
                documents[found[0]] = found[1]
        return documents

    def edition(self, folder: pathlib.Path) -> EditionFolder | None:
        """An edition's folder: its edition.yaml, texts, files and pictures (None: not an edition's)."""
        return self._remembered("edition", folder, lambda: self._edition(folder))

    def _edition(self, folder: pathlib.Path) -> EditionFolder | None:
        if not folder.is_dir() or not self.usable(folder, folder=True):
            return None
        manifest = folder / "edition.yaml"
        if not os.path.lexists(manifest):
            # the file under another spelling (edition.yml, Edition.yaml, edition.yaml.txt): renamed, it is read
            named = next((path.name for path in self.entries(folder) if not path.is_dir()
                          and path.name.lower().startswith("edition.y")), None)
            self.problems.append(Problem(Where(_rel(self.root, folder)), "this edition folder has no edition.yaml",
                                         f"rename {named} to edition.yaml (in small letters, ending in .yaml)" if named
                                         else "copy docs/examples/2026-example/edition.yaml into it"))
            return None
        texts = {}
        found = self.markdown(self.entries(folder, "*.md"))
        for (name, lang), text in found.items():
            if name == "index":
                texts[lang] = text
            elif ("index", lang) in found:  # renamed, it would take the place of the edition's text
                self.problems.append(Problem(
                    Where(text.path), f"an edition has one text in each language, index.{lang}.md, and it has one",
                    f"move this text into index.{lang}.md, under a heading of its own (## …), or make it a "
                    f"page of the site: content/pages/{name}.{lang}.md, with a header"))
            else:
                self.problems.append(Problem(Where(text.path), "an edition's text is called index.<lang>.md",
                                             f"rename it to index.{lang}.md"))
                texts[lang] = text
        self.problems += unread.in_edition(_rel(self.root, folder), self.listing(folder))
        return EditionFolder(self.source(manifest), texts, self.files(folder / "files"), self.images(folder))

    def photos(self, folder: pathlib.Path) -> dict[str, str]:
        """The people's photos beside their files: person id -> "content/people/<id>.jpg"."""
        return self._remembered("photos", folder, lambda: {
            path.stem: _rel(self.root, path) for path in self.entries(folder)
            if path.suffix in PHOTO_TYPES and self.usable(path)})

    def _markdown(self, path: pathlib.Path) -> tuple[tuple[str, str], Document] | None:
        match = _LANG_FILE.match(path.name)
        if not match:
            self.refuse(path, "a Markdown file's name must say its language",
                        "name it like 'index.en.md' or 'about.ro.md'")
            return None
        text = self.read(path)
        if text is None:
            return None
        found = characters.forbidden(text, multiline=True)
        if found:
            index, reason = found
            self.problems.append(Problem(Where(_rel(self.root, path), text.count("\n", 0, index) + 1,
                                               index - text.rfind("\n", 0, index)),
                                         f"this text holds {reason}",
                                         "delete it (it often comes from copying out of another program)"))
            return None
        return (match["slug"], match["lang"]), Document(_rel(self.root, path), None, text)

    def files(self, folder: pathlib.Path) -> dict[str, int]:
        """An edition's files/ folder: every ordinary file in it, with its size; links only inside."""
        return self._remembered("files", folder, lambda: self._files(folder))

    def _files(self, folder: pathlib.Path) -> dict[str, int]:
        found: dict[str, int] = {}
        for path in self.entries(folder, "**/*"):
            kind = "folder" if path.is_dir() and not path.is_symlink() else "file"
            bad = characters.forbidden(path.name) or characters.invisible(path.name)
            if bad:  # it would be published under that name (a folder's, in its files' addresses): a link
                # text that lies, or a broken header
                shown = path.name.encode("unicode_escape").decode("ascii")
                self.refuse(folder, f"the {kind} name '{shown}' holds {bad[1]}",
                            f"rename the {kind} with letters, digits, hyphens and dots only")
            elif kind == "folder":
                continue
            elif (refused := downloads.refusal(path.name)) is not None:
                self.refuse(path, *refused)
            elif self.usable(path):
                found[_rel(folder.parent, path)] = path.stat().st_size
        return found

    def images(self, folder: pathlib.Path) -> dict[str, ImageFile]:
        """The files beside a folder's YAML that are not texts (pictures, or mistakes), inspected."""
        return self._remembered("images", folder, lambda: self._images(folder))

    def _images(self, folder: pathlib.Path) -> dict[str, ImageFile]:
        found = {}
        for path in self.entries(folder):
            if path.suffix.lower() in TEXT_SUFFIXES:
                continue
            image = self._remembered("image", path, lambda path=path: self._image(path))  # type: ignore[misc]
            if image is not None:
                found[image.path] = image
        return found

    def _image(self, path: pathlib.Path) -> ImageFile | None:
        if path.is_dir() or not self.usable(path):
            return None
        where = _rel(self.root, path)
        if path.stat().st_size > IMAGE_READ_LIMIT:
            self.refuse(path, f"this file is {path.stat().st_size:,} bytes, too large to be a picture for "
                        "the web", "save the picture again at a smaller size (under 1 MB is plenty)")
            return None
        try:
            data = path.read_bytes()
        except OSError as error:
            self.refuse(path, f"this file cannot be read ({error.strerror})", "check that you may read it")
            return None
        with working_on(where):
            return inspect(where, data)

    def check_tree(self, folder: pathlib.Path, limited: tuple[str, ...]) -> None:
        """templates/ and locales/: every entry inside the project and ordinary, text files not too big."""
        for path in self.entries(folder, "**/*"):
            if not path.is_dir() or path.is_symlink():
                self.usable(path, folder=path.is_dir(), limit=path.suffix in limited)


def read_yaml_file(root: pathlib.Path, path: pathlib.Path) -> tuple[Document | None, list[Problem]]:
    """One YAML file on its own (for `new`), with the same refusals as a build."""
    problems: list[Problem] = []
    return _Disk(root, problems).yaml(path), problems


def _text_limit(site: Document | None) -> int | None:
    """site.yaml's max_text_file_kb, when it is a usable number (validate reports it otherwise)."""
    value = site.data.get("max_text_file_kb") if site and isinstance(site.data, dict) else None
    return value * 1000 if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


_LANG_FILE = re.compile(r"^(?P<slug>[^.]+)\.(?P<lang>[a-z]{2,3})\.md$")


def load_sources(root: pathlib.Path, content_dir: str = "content",
                 memory: DiskMemory | None = None) -> tuple[Sources, list[Problem]]:
    """Read site.yaml and everything under content/. Returns what could be read and the problems.
    With a `memory`, what it holds is not read again (see `DiskMemory`), and what is read is kept in it."""
    problems: list[Problem] = []
    disk = _Disk(root, problems, memory)
    root = disk.root
    site_path = root / "site.yaml"
    site = disk.yaml(site_path) if os.path.lexists(site_path) else None
    if not os.path.lexists(site_path):
        problems.append(Problem(Where("site.yaml"), "site.yaml is missing",
                                "run the command from the project folder, or pass --project"))
    disk.limit = _text_limit(site) or disk.limit
    if memory is not None and memory.limit != disk.limit:  # the texts were read under another limit
        memory.reads = {path: {key: read for key, read in reads.items() if key[1] == disk.limit}
                        for path, reads in memory.reads.items()}
        memory.edited = {key: edited for key, edited in memory.edited.items() if key[1][1] == disk.limit}
        memory.limit = disk.limit
    content = root / content_dir
    editions: dict[str, Document] = {}
    texts: dict[tuple[str, str], Document] = {}
    files: dict[str, dict[str, int]] = {}
    images: dict[str, ImageFile] = {}
    if os.path.lexists(content) and not disk.usable(content, folder=True):
        content = root / ".missing"  # refused: read nothing from it
    for folder in disk.entries(content / "editions"):
        found = disk.edition(folder)
        if found is None:
            continue
        slug = folder.name
        if found.document is not None:
            editions[slug] = found.document
        texts |= {(slug, lang): text for lang, text in found.texts.items()}
        files[slug] = found.files
        images |= found.images
    problems += [*unread.in_content(disk.listing(content)), *unread.in_editions(disk.listing(content / "editions")),
                 *unread.in_pages(disk.listing(content / "pages")), *unread.in_people(disk.listing(content / "people"))]
    for tree in ("templates", "locales"):
        disk.check_tree(root / tree, (".po", ".pot", ".html", ".xml"))  # the texts a build reads
    catalog_paths = sorted((root / "locales").glob("*/LC_MESSAGES/messages.po"))
    catalog_texts = {path.parent.parent.name: Document(_rel(root, path), None, text) for path in catalog_paths
                     if (text := disk.read(path)) is not None}
    problems += unread.in_organisations(disk.listing(content / "organisations"))
    sources = Sources(
        root=root,
        site=site,
        editions=editions,
        texts=texts,
        files=files,
        people=disk.yaml_folder(content / "people"),
        organisations=disk.yaml_folder(content / "organisations"),
        pages=disk.markdown(disk.entries(content / "pages", "*.md")),
        photos=disk.photos(content / "people"),
        catalogs=tuple(path.parent.parent.name for path in catalog_paths),
        catalog_texts=catalog_texts,
        images=images | disk.images(content / "people") | disk.images(content / "organisations"),
    )
    return sources, problems
