"""What the build finds in content/ but never reads: said once at its path, so that an editor who
put a file in the wrong place learns it there instead of wondering why the site does not show it.

A file that was surely meant for the site (a PDF beside edition.yaml instead of in files/, a
folder named `page/`, a photo in a format the site does not show) is a warning; anything else (a
README, a backup, the team's notes) a note, which never fails a check: it may stay where it is.
Load finds these entries (`load._Disk`), which knows what it read; this module says what they are.
"""

from __future__ import annotations

import difflib
import pathlib
from collections.abc import Iterable, Set

from .documents import Document, may_hold, parse_yaml
from .downloads import PUBLISHED
from .image_files import ImageFile
from .problems import Problem, Where

CONTENT_FOLDERS = ("editions", "organisations", "pages", "people")
# pictures a phone or a program may save that the site does not show (it shows JPEG, PNG and WebP)
PICTURE_SUFFIXES = frozenset({"heic", "heif", "gif", "tif", "tiff", "bmp", "avif", "jfif", "svg"})
_SHOWN_PICTURES = frozenset({"jpg", "jpeg", "png", "webp"})
# what an edition publishes from files/: documents, slides, sound, video, archives (not pictures,
# which may be its banner, nor plain texts, which are as often the team's own notes)
_DOCUMENTS = frozenset(suffix.lstrip(".") for suffix in PUBLISHED) - PICTURE_SUFFIXES - _SHOWN_PICTURES - {"txt", "md"}


def _suffix(path: str) -> str:
    return pathlib.PurePosixPath(path).suffix.lower().lstrip(".")


def in_content(entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """content/'s own entries, (path, is a folder), other than its four folders."""
    problems = []
    for path, folder in entries:
        name = path.rsplit("/", 1)[-1]
        if folder and name in CONTENT_FOLDERS:
            continue
        meant = difflib.get_close_matches(name.lower(), CONTENT_FOLDERS, n=1, cutoff=0.7)
        if folder and meant:
            problems.append(Problem(Where(path), f"nothing in this folder is read: did you mean {meant[0]}/?",
                                    f"rename it to content/{meant[0]}/ (in small letters), or move what it holds "
                                    "there", severity="warning"))
        else:
            problems.append(_not_read(path, folder, "content/ holds the folders "
                                      f"{', '.join(f'{known}/' for known in CONTENT_FOLDERS)}"))
    return problems


def names_file(path: str, documents: Iterable[Document]) -> bool:
    """Whether one of these YAML files names the file at `path` (beside them) in a `file` field,
    even a picture it refuses: only the files whose text holds its name are parsed again."""
    name = path.rsplit("/", 1)[-1]
    return any(may_hold(document.text, name) and _holds_file(parse_yaml(document.text, document.path)[0], name)
               for document in documents)


def _holds_file(data: object, name: str) -> bool:
    if isinstance(data, dict):
        return data.get("file") == name or any(_holds_file(value, name) for value in data.values())
    return isinstance(data, list) and any(_holds_file(item, name) for item in data)


def unused_pictures(paths: Iterable[str], shown: Set[str], documents: Iterable[Document],
                    field: str) -> list[Problem]:
    """A warning for each picture of `paths` (the files beside some YAML files) that no field names:
    the site shows a picture only where one does. `shown`: the pictures the validated fields show;
    the others are looked for in the `documents` (a picture named in a format the site does not
    show is refused where it is named, and not said again here)."""
    documents = tuple(documents)
    problems = []
    for path in paths:
        suffix = _suffix(path)
        if path in shown or suffix not in _SHOWN_PICTURES | PICTURE_SUFFIXES or names_file(path, documents):
            continue
        name = path.rsplit("/", 1)[-1]
        problems.append(Problem(
            Where(path), "this picture is not used: no file beside it names it",
            f"name it in {field} (file: {name}, with its 'alt'), or remove it" if suffix in _SHOWN_PICTURES | {"svg"}
            else f"the site shows JPEG, PNG, WebP and SVG pictures: save it as one of them and name it in {field}",
            severity="warning"))
    return problems


def in_edition(folder: str, entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """An edition folder's entries other than edition.yaml, its texts (*.md), files/ and its
    pictures (which validate says are used or not, `unused_pictures`)."""
    problems = []
    for path, is_folder in entries:
        name, suffix = path.rsplit("/", 1)[-1], _suffix(path)
        if (name == "files") if is_folder else (name == "edition.yaml" or suffix == "md"):
            continue
        if not is_folder and suffix in _SHOWN_PICTURES | PICTURE_SUFFIXES:
            continue
        if is_folder and name.lower() in ("file", "files", "downloads", "documents", "docs"):
            problems.append(Problem(Where(path), "nothing in this folder is published: an edition's documents "
                                    "are in its files/ folder", f"rename it to {folder}/files/ (in small letters)",
                                    severity="warning"))
        elif not is_folder and suffix in _DOCUMENTS:
            problems.append(Problem(Where(path), "this file is not published: an edition's documents are in its "
                                    "files/ folder", f"move it to {folder}/files/{name} and list it under "
                                    f"'downloads:' as 'file: files/{name}'", severity="warning"))
        else:
            problems.append(_not_read(path, is_folder, "an edition's folder holds its edition.yaml, its texts "
                                      "(index.<lang>.md), its pictures and files/"))
    return problems


def in_editions(entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """content/editions/'s files: it holds one folder per edition."""
    return [_not_read(path, False, "content/editions/ holds one folder per edition, like 2026-ruse/")
            for path, folder in entries if not folder]


def in_pages(entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """content/pages/'s entries that are not Markdown files."""
    return [_not_read(path, folder, "content/pages/ holds the site pages, each a Markdown file like about.en.md")
            for path, folder in entries if folder or _suffix(path) != "md"]


def in_organisations(entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """content/organisations/'s entries that are neither YAML files nor pictures (their logos,
    which validate says are used or not, `unused_pictures`)."""
    return [_not_read(path, folder, "content/organisations/ holds the organisations' files and their logos")
            for path, folder in entries
            if folder or _suffix(path) not in {"yaml", "yml"} | _SHOWN_PICTURES | PICTURE_SUFFIXES]


_PHOTO_FOLDERS = ("photos", "photo", "pictures", "images", "img", "portraits", "headshots")


def in_people(entries: Iterable[tuple[str, bool]]) -> list[Problem]:
    """content/people/'s folders (its files are the people's and their photos, `beside_people`):
    one named for photos was surely meant for the site, any other (old files) may stay."""
    holds = "content/people/ holds the people's files and their photos, not folders"
    return [Problem(Where(path), f"nothing in this folder is read: {holds}", "put each photo beside its "
                    "person's file, named like it (ana-popescu.jpg beside ana-popescu.yaml)", severity="warning")
            if path.rsplit("/", 1)[-1].lower() in _PHOTO_FOLDERS else _not_read(path, True, holds)
            for path, folder in entries if folder]


def _not_read(path: str, folder: bool, holds: str) -> Problem:
    return Problem(Where(path), f"this {'folder' if folder else 'file'} is not read: {holds}",
                   _KEEP, severity="note")


_KEEP = "nothing of it is published, and it may stay there; a document to publish goes in an edition's files/ folder"


def beside_people(path: str, image: ImageFile) -> Problem:
    """A file in content/people/ that is neither a person's file nor a photo the site shows: a
    picture (a phone's HEIC photo) is a warning, as it was surely meant as a photo; any other file
    (a CV) a note: the site reads nothing of it, and publishes nothing."""
    stem, _, suffix = path.rsplit("/", 1)[-1].rpartition(".")
    if suffix.lower() in PICTURE_SUFFIXES or image.format:
        return Problem(Where(path), "this picture is not used: a person's photo is a JPEG, PNG or WebP file",
                       f"save it as JPEG, named like the person's file ({stem or 'their-id'}.jpg beside "
                       f"{stem or 'their-id'}.yaml), or name it in the person's 'photo' field", severity="warning")
    return _not_read(path, False, "content/people/ holds the people's files and their photos")
