"""Write stage: outputs -> the output folder, swapped in whole only when everything was written.

The site is built in a staging folder beside the output folder; only a complete build replaces
the last good one, so a failed build (or an interrupted one) never leaves a half-written site.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pathlib
import shutil
import stat
from collections.abc import Callable, Iterable, Iterator

try:
    import fcntl
except ImportError:  # Windows: msvcrt's lock on the file's first byte instead
    fcntl = None  # type: ignore[assignment]

from .project import SOURCE_FOLDERS, hidden_part
from .render import Output

MARKER = ".confsite-build"  # written into every build, so a later build knows the folder is its own
MARKER_TEXT = "Built by confsite: the next build replaces this whole folder.\n"
# the project's own folders: the site is never written into (or over) them


class OutputFolderError(ValueError):
    """The output folder is somewhere the build must never write or delete; `reason` says why
    without naming the folder (site.yaml's `output` reports it at its line)."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


def _refused(output: pathlib.Path, reason: str) -> OutputFolderError:
    return OutputFolderError(f"refusing to write the site into {output}: {reason}", reason)


def check_output_folder(output: pathlib.Path, project: pathlib.Path,
                        protected: Iterable[str] = SOURCE_FOLDERS, inside: bool = False) -> None:
    """Refuse an output folder that is the project, contains it, is (inside) a source folder, or is
    anything else than an earlier build: the swap replaces the whole folder.

    `inside` (site.yaml's `output`, which a pull request may change; `--output` may be anywhere):
    the folder must also be in the project and in none of its hidden folders, once every link on
    the way is followed."""
    out, root = output.resolve(), project.resolve()
    if out == root:
        raise _refused(output, "that would replace the project")
    if out in root.parents:
        raise _refused(output, "that would replace the folder that holds the project")
    for name in protected:
        folder = root / name
        if out == folder or folder in out.parents:
            raise _refused(output, f"{name}/ is a source folder")
    if inside and root not in out.parents:
        raise _refused(output, "a link on the way leads out of the project")
    if inside and hidden_part(out.relative_to(root).parts):
        raise _refused(output, "a link on the way leads into a hidden folder of the project")
    if out.exists() and not out.is_dir():
        raise _refused(output, "it is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputFolderError(f"refusing to replace {output}: it holds files but is no earlier build of the "
                                "site; choose an empty or new folder", "it holds files but is no earlier build")


class ForeignFolderError(OutputFolderError):
    """A folder by the name of the build's staging or previous copy of the site that the build did
    not make: it is left as it is, and nothing is written."""

    def __init__(self, folder: pathlib.Path) -> None:
        super().__init__(f"refusing to delete {folder}: the build did not make it", "the build did not make it")
        self.folder = folder


def is_own(folder: pathlib.Path) -> bool:
    """Whether the build made `folder`: a folder (not a link) holding the marker as a file, or an
    empty one (what an interrupted swap of an empty output folder leaves)."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    try:
        return stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except FileNotFoundError:
        return not any(folder.iterdir())


def beside(output: pathlib.Path, part: str) -> pathlib.Path:
    """One of the build's own files beside the output folder: its unfinished copy ("staging"), the
    site it moves aside during the swap ("previous") and its lock ("lock"): `._site.staging`."""
    return output.with_name(f".{output.name}.{part}")


# what the system says when it will not let the build write: the operator's to mend (exit 2), not
# a fault of the engine or of the content
REFUSALS = {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
            errno.EROFS: "the disk is read-only", errno.EACCES: "no permission to write there",
            errno.EPERM: "no permission to write there", errno.ENOENT: "a folder on the way does not exist",
            errno.ENOTDIR: "a part of the path is a file", errno.EEXIST: "a part of the path is a file",
            errno.EBUSY: "it is in use (a mount point?)",
            errno.EFBIG: "the file would be larger than this computer allows (a file-size limit)"}


class OutputWriteError(OutputFolderError):
    """The system refused to write the site (a full or read-only disk, no permission): said with
    the folder and the reason, nothing written, the last good site untouched."""


def write_refusal(error: OSError, output: pathlib.Path) -> OutputWriteError | None:
    """The refusal `error` is, in words, or None when it is no refusal to write the site: its path
    (when it names one) is the output folder, its staging or previous copy, its lock or a folder on
    the way to them. The same errors about any other file (a template, a font, the time zone data)
    are the engine's or the content's, reported as such."""
    reason = REFUSALS.get(error.errno or 0)
    if reason is None:
        return None
    named = [pathlib.Path(os.path.abspath(os.fsdecode(name))) for name in (error.filename, error.filename2) if name]
    if named and not any(_of_the_site(path, output) for path in named):
        return None
    if not named and error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # (a write names no file)
        return None
    where = f" ({error.filename})" if error.filename else ""
    return OutputWriteError(f"the site could not be written into {output}: {reason}{where}; nothing was "
                            "written, and the last good site there (if any) is as it was", reason)


def _of_the_site(path: pathlib.Path, output: pathlib.Path) -> bool:
    """Whether `path` is one the build writes the site into, or a folder on the way to it."""
    output = pathlib.Path(os.path.abspath(output))
    family = [output, *(beside(output, part) for part in ("staging", "previous", "lock"))]
    return path in output.parents or any(path == folder or folder in path.parents for folder in family)


class OutputBusyError(OutputFolderError):
    """Another build is writing into the same output folder now."""

    def __init__(self, output: pathlib.Path) -> None:
        super().__init__(f"another build is writing the site into {output} now: wait for it to end, or give "
                         "this one another folder with --output", "another build is writing into it now")


@contextlib.contextmanager
def output_lock(output: pathlib.Path) -> Iterator[None]:
    """Held while a build writes into `output` (from its staging folder to the swap): two builds at
    once removed each other's staging folder, and both said they had built a site that was half
    there. A second build is refused (`OutputBusyError`); one that dies lets go with its process.
    The lock file `.<output>.lock` stays: removing it would let two builds each lock a file."""
    output = output.resolve()
    path = beside(output, "lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    # never through a link: a committed link by that name made the build create the file it named,
    # anywhere the build's user may write
    linked = _refused(output, f"{path.name} beside it is a link, where the build keeps its lock file: remove it")
    if path.is_symlink():
        raise linked
    try:
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:  # made a link since
            raise linked from None
        raise
    with open(descriptor, "a+", encoding="utf-8") as handle:
        try:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            else:
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
        except (BlockingIOError, PermissionError):  # (msvcrt says a locked byte with EACCES)
            raise OutputBusyError(output) from None
        yield


def staging_folder(output: pathlib.Path) -> pathlib.Path:
    """A fresh staging folder beside `output`, holding only the marker, where a build writes its
    files as it makes them; what an earlier, interrupted build left there is removed. A folder by
    the staging or previous copy's name that the build did not make raises `ForeignFolderError`,
    before anything is deleted."""
    output = output.resolve()
    staging = beside(output, "staging")
    leftovers = [f for f in (staging, beside(output, "previous")) if os.path.lexists(f)]
    for leftover in leftovers:
        if not is_own(leftover):
            raise ForeignFolderError(leftover)
    for leftover in leftovers:
        shutil.rmtree(leftover)
    staging.mkdir(parents=True)
    (staging / MARKER).write_text(MARKER_TEXT)  # so that a later build may remove it if this one is stopped
    return staging


def write_outputs(outputs: Iterable[Output], output: pathlib.Path,
                  finish: Callable[[pathlib.Path], bool] | None = None, staged: pathlib.Path | None = None) -> int:
    """Write every output into a staging folder, then swap it in. Returns the files written.

    `staged`: the staging folder the render stage already wrote its pages into (an output with
    neither bytes nor a file to copy is there); else a fresh one. `finish` runs on the complete
    staging folder before the swap (the search index); when it returns False the staging folder is
    dropped and the last good site stays."""
    output = output.resolve()
    staging = staged or staging_folder(output)
    previous = beside(output, "previous")
    (staging / MARKER).write_text(MARKER_TEXT)  # (again, if `staged` did not come from staging_folder)
    count = 0
    try:
        for item in outputs:
            if item.data is None and item.copy_from is None:  # written while it was rendered
                count += 1
                continue
            target = staging / item.path
            target.parent.mkdir(parents=True, exist_ok=True)
            if item.copy_from is not None:
                shutil.copyfile(item.copy_from, target)
            else:
                target.write_bytes(item.data or b"")
            count += 1
        if finish is not None and not finish(staging):
            shutil.rmtree(staging, ignore_errors=True)
            return 0
        swap_in(staging, output, previous)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def swap_in(staging: pathlib.Path, output: pathlib.Path, previous: pathlib.Path) -> None:
    """Replace `output` by `staging` with two renames; the old site is removed only afterwards."""
    moved = output.exists()
    if moved:
        os.replace(output, previous)
    try:
        os.replace(staging, output)
    except BaseException:
        if moved:  # the last good site goes back where it was
            os.replace(previous, output)
        raise
    if moved:  # only the folder just moved there: never one that appeared there meanwhile
        shutil.rmtree(previous)
