"""What the live preview's loads read of the disk, kept from one save to the next (`DiskMemory`),
and which of those reads a change of a path makes wrong. Load (`load._Disk`) asks it before the disk.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import pathlib
from collections.abc import Iterable
from typing import Any

from .documents import Document
from .problems import Problem

TEXT_SUFFIXES = (".yaml", ".yml", ".md")  # the editors' text files (the others in content/ are pictures)

Remembered = dict[tuple[str, int], tuple[Any, tuple[Problem, ...]]]  # (how, text size limit) -> read


@dataclasses.dataclass
class DiskMemory:
    """What the earlier loads read, for the live preview, which loads the whole project after each
    save: every read of the disk, by path, with what it gave and the problems it found. `forget`
    drops what a save touched; everything else is given again without the disk (a 300-edition
    series has 8,000 files, which were all read again at every save)."""

    reads: dict[str, Remembered] = dataclasses.field(default_factory=dict)
    limit: int = 0  # the text size limit of the last load: the reads made under another are dropped
    # a YAML folder's last reading, by (folder, key), whose files were edited in place since: the
    # next load reads those files again, not the folder's thousands (`_Disk.yaml_folder`)
    edited: dict[tuple[str, tuple[str, int]], Edited] = dataclasses.field(default_factory=dict)

    def forget(self, root: pathlib.Path, changed: Iterable[str]) -> None:
        """Drop the reads that a change of the paths `changed` (relative to `root`) can make
        different: those of the path itself, and of everything inside it unless it is a file now
        (it may be a folder, or gone); the recursive listings of the folders above it; and their
        plain listings when the path, or the folder on its way, appeared or went. A text file
        edited in place leaves its folder's pictures as they were, and its YAML folder to patch."""
        reads = self.reads
        for path in changed:
            reads.pop(path, None)
            target = root / path
            if target.is_symlink() or not target.is_file():
                inside = path + "/"
                for under in [under for under in reads if under.startswith(inside)]:
                    del reads[under]
            parts = path.split("/")
            parent = "/".join(parts[:-1]) or "."
            in_place = _edited_in_place((reads.get(parent) or {}).get(("entries:*", self.limit)), target)
            for key, last in list(self.edited.items()):
                if in_place and key[0] == parent:
                    self.edited[key] = dataclasses.replace(last, names=last.names | {parts[-1]})
                elif path.startswith(key[0] + "/") or key[0] == path or key[0].startswith(path + "/"):
                    del self.edited[key]
            for depth in range(len(parts)):
                folder = "/".join(parts[:depth]) or "."
                remembered = reads.get(folder)
                if remembered:
                    child, name = root.joinpath(*parts[:depth + 1]), parts[depth]
                    for key in [key for key in remembered if _stale(key[0], remembered[key][0], child, name)]:
                        if not in_place or folder != parent or key[0] not in _KEPT_IN_PLACE:
                            del remembered[key]
                        elif key[0] == "yaml_folder":
                            documents, problems = remembered.pop(key)
                            self.edited[folder, key] = Edited(documents, problems, frozenset({name}))


@dataclasses.dataclass(frozen=True)
class Edited:
    """A YAML folder's last reading, and the names of the files in it edited in place since."""

    documents: dict[str, Document]
    problems: tuple[Problem, ...]
    names: frozenset[str]


# the reads of a folder made of what is in it: a change anywhere inside makes them read it again
# (the reads of each file in it stay remembered on their own)
WHOLE = frozenset({"files", "edition", "yaml_folder", "images", "photos"})
# those that a text file edited in place leaves right (pictures pass over texts), or that read
# again only the files edited (`yaml_folder`)
_KEPT_IN_PLACE = frozenset({"yaml_folder", "images", "photos"})


def _edited_in_place(listing: tuple[Any, tuple[Problem, ...]] | None, target: pathlib.Path) -> bool:
    """Whether `target` is a text file (YAML, Markdown) that was in its folder's last `listing` and
    is still an ordinary file there: a save that changed what it says, not what the folder holds."""
    return (listing is not None and target.name.endswith(TEXT_SUFFIXES) and target in listing[0][1]
            and not target.is_symlink() and target.is_file())


def _stale(how: str, value: Any, child: pathlib.Path, name: str) -> bool:
    """Whether a read of a folder is no longer right once something changed at `child`, in it."""
    if how in WHOLE or how.startswith("entries:**"):  # made of everything under the folder
        return True
    if how == "listing" and os.path.lexists(child) and (child in value[2]) != os.path.isdir(child):
        return True  # a file that became a folder, or the other way round
    if not how.startswith(("entries:", "listing")):
        return False
    pattern = how.split(":", 1)[1] if how.startswith("entries:") else "*"
    return (not name.startswith(".") and fnmatch.fnmatchcase(name, pattern)
            and os.path.lexists(child) != (child in value[1]))
