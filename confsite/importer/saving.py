"""The import's last step: its files written all or none (`write_all`).

Each file is first written whole to a hidden file beside it (`.edition.yaml.<random>.import`,
which `load` never reads) and flushed to the disk; an existing file is also copied so. Only then
are they renamed into place, new files first and edition.yaml last: a rename needs no space, so a
full disk, a quota or a file-size limit stops the import before anything is in place. When a rename
fails all the same, the files already in place are put back (the old copies renamed back, new
files removed), so the content is as it was before the import.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import pathlib
import secrets
import stat
from collections.abc import Mapping

from ..problems import Problem, Where
from ..write import REFUSALS


@dataclasses.dataclass
class _File:
    path: str  # from the project, as the editor sees it
    target: pathlib.Path  # where the bytes go: a link's own file, as a write through the link went
    data: bytes
    existed: bool
    temporary: pathlib.Path | None = None  # the new bytes, ready to be renamed into place
    old: pathlib.Path | None = None  # a copy of the bytes of a file that existed, to put them back
    placed: bool = False


class _Writing:
    """One import's files, while they are written: what to remove or put back when it fails."""

    def __init__(self, project: pathlib.Path, files: Mapping[str, bytes]) -> None:
        self.files: list[_File] = []
        for path, data in files.items():
            target = project / path
            existed = os.path.lexists(target)
            self.files.append(_File(path, pathlib.Path(os.path.realpath(target)) if existed else target, data,
                                    existed))
        self.files.sort(key=lambda f: (f.existed, pathlib.PurePosixPath(f.path).name == "edition.yaml"))
        self.folders: list[pathlib.Path] = []  # folders the import made, outer first
        self.current = self.files[0].path if self.files else ""  # the file being written or renamed

    def write(self) -> None:
        for file in self.files:
            self.current = file.path
            self._folder(file.target.parent)
            mode = stat.S_IMODE(os.stat(file.target).st_mode) if file.existed else None
            if file.existed:
                self._beside(file, "old", file.target.read_bytes(), mode)
            self._beside(file, "temporary", file.data, mode)
        for file in self.files:
            self.current = file.path
            os.replace(file.temporary, file.target)  # type: ignore[arg-type]
            file.placed = True
        for file in self.files:  # done: the old copies are no longer needed
            if file.old is not None:
                _remove(file.old)

    def _folder(self, folder: pathlib.Path) -> None:
        missing = [f for f in (folder, *folder.parents) if not os.path.lexists(f)]
        for each in reversed(missing):
            each.mkdir()
            self.folders.append(each)

    @staticmethod
    def _beside(file: _File, kind: str, data: bytes, mode: int | None) -> None:
        """`data` in a new hidden file beside `file`'s, on the disk, remembered as its `kind` (its
        "temporary" or its "old" copy) before a byte is written; with `mode`, or a new file's."""
        path = file.target.with_name(f".{file.target.name}.{secrets.token_hex(6)}.import")
        with open(path, "xb") as stream:  # (a new file's mode, as writing the file itself gave it)
            setattr(file, kind, path)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(path, mode)

    def undo(self) -> list[str]:
        """Put back what was placed and remove the rest; what could not be put back, in words."""
        stuck: list[str] = []
        for file in reversed(self.files):
            if not file.placed:
                continue
            try:
                if file.old is not None:
                    os.replace(file.old, file.target)
                    file.old = None
                else:
                    os.unlink(file.target)
            except OSError:
                stuck.append(f"{file.path} (its text before the import is in {file.old.name} beside it: rename "
                             "it back)" if file.old is not None else f"{file.path} (new: delete it)")
                file.old = None  # kept for the editor
        for file in self.files:
            for path in (file.temporary, file.old):  # (a placed file's temporary is gone already)
                if path is not None:
                    _remove(path)
        for folder in reversed(self.folders):
            with contextlib.suppress(OSError):  # (not empty: something else was put there meanwhile)
                folder.rmdir()
        return stuck


def _remove(path: pathlib.Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def write_all(project: pathlib.Path, files: Mapping[str, bytes]) -> Problem | None:
    """Write `files` (path from the project -> bytes) all or none; when the system refuses, the
    problem that says which file and why, with the content as it was. A file that a link would
    send out of the project is refused before anything is written (the names come from the
    programme's file, and nothing the import writes may land outside the project)."""
    root = os.path.realpath(project)
    for path in files:
        if os.path.commonpath([root, os.path.realpath(project / path)]) != root:
            return Problem(Where(path), "the import would write this file through a link that leads out of the "
                           "project; nothing was written", "put the folder or file itself where the link is, "
                           "then run the import again")
    writing = _Writing(project, files)
    try:
        writing.write()
    except BaseException as error:
        stuck = writing.undo()
        if not isinstance(error, OSError):
            raise
        reason = REFUSALS.get(error.errno or 0) or error.strerror or type(error).__name__
        kept = ("nothing was written: the content is as it was before the import" if not stuck else
                f"some files it had written could not be put back as they were: {'; '.join(stuck)}")
        return Problem(Where(writing.current), f"the import could not write this file: {reason}; {kept}",
                       "make room on the disk (or ask for a larger quota or file-size limit), check that you may "
                       "write in the content folder, then run the import again")
    return None
