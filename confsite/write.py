"""Write stage: outputs -> the output folder, swapped in whole only when everything was written.

The site is built in a staging folder beside the output folder; only a complete build replaces
the last good one, so a failed build (or an interrupted one) never leaves a half-written site.
"""

from __future__ import annotations

import os
import pathlib
import shutil
from collections.abc import Callable, Iterable

from .render import Output

MARKER = ".confsite-build"  # written into every build, so a later build knows the folder is its own
# the project's own folders: the site is never written into (or over) them
SOURCE_FOLDERS = ("content", "templates", "locales", "tests", "confsite", "docs", ".git", ".ci")


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
    if out == root or out in root.parents:
        raise _refused(output, "that would replace the project")
    for name in protected:
        folder = root / name
        if out == folder or folder in out.parents:
            raise _refused(output, f"{name}/ is a source folder")
    if inside and root not in out.parents:
        raise _refused(output, "a link on the way leads out of the project")
    if inside and any(part.startswith(".") for part in out.relative_to(root).parts):
        raise _refused(output, "a link on the way leads into a hidden folder of the project")
    if out.exists() and not out.is_dir():
        raise _refused(output, "it is a file")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputFolderError(f"refusing to replace {output}: it holds files but is no earlier build of the "
                                "site; choose an empty or new folder", "it holds files but is no earlier build")


def staging_folder(output: pathlib.Path) -> pathlib.Path:
    """A fresh, empty staging folder beside `output`, where a build writes its files as it makes
    them; what an earlier, interrupted build left there is removed."""
    output = output.resolve()
    staging = output.with_name(f".{output.name}.staging")
    for leftover in (staging, output.with_name(f".{output.name}.previous")):
        if leftover.exists():
            shutil.rmtree(leftover)
    staging.mkdir(parents=True)
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
    previous = output.with_name(f".{output.name}.previous")
    (staging / MARKER).write_text("Built by confsite: the next build replaces this whole folder.\n")
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
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap_in(staging, output, previous)
    return count


def swap_in(staging: pathlib.Path, output: pathlib.Path, previous: pathlib.Path) -> None:
    """Replace `output` by `staging` with two renames; the old site is removed only afterwards."""
    if output.exists():
        os.replace(output, previous)
    os.replace(staging, output)
    if previous.exists():
        shutil.rmtree(previous)
