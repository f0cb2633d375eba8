"""The build cache's folder, `.cache/` in the project: how its entries are written, read and
marked as used, and its upkeep.

Entries are written to a temporary name and renamed (`keep`), so an interrupted build leaves none
half-written. An entry no build has used for about `KEEP` is deleted (`prune`, at most once a day,
in the outputs' and the pictures' folders), so the folder holds about a week's builds, not every
build ever made: each entry's key holds the build's day, so nothing reads an older day's entries.

The folder is the build's own: a link found in it (which a pull request could commit, to have
builds write or delete elsewhere) is removed before a build uses it (`own_folder`), and pruning
deletes only the names the cache gives its files.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pathlib
import re
import subprocess
import time

from .problems import Problem, Where

FOLDER = ".cache"
DAY = 24 * 3600.0
KEEP = 7 * DAY  # an entry no build used for this long is deleted (its modification time is its last use)
PRUNED = ".pruned"  # a file in .cache/ whose modification time is the last pruning
KEYED = ("outputs", "images")  # the folders of .cache/ that keep entries as <key[:2]>/<key>
# the names of what the cache writes in those folders: an entry (a 40-digit hash), a temporary
# file (`keep`), a picture's lock file (`outputs.images`); pruning deletes nothing else
_OWN_NAME = re.compile(r"[0-9a-f]{40}|\.tmp-\d+-\d+|\.[0-9a-f]+\.lock")
_BUCKET = re.compile(r"[0-9a-f]{2}")


def read_entry(target: str | pathlib.Path) -> tuple[bytes, float]:
    """An entry's bytes and when it was last used (its modification time)."""
    with open(target, "rb") as stream:
        return stream.read(), os.fstat(stream.fileno()).st_mtime


def used(target: str | pathlib.Path, modified: float) -> None:
    """Mark an entry a build used as used now (`prune`): at most once a day, for a touch per entry
    and build would cost a warm build a write to the disk per output."""
    if time.time() - modified > DAY:
        with contextlib.suppress(OSError):
            os.utime(target)


def own_folder(root: pathlib.Path) -> list[Problem]:
    """Remove the links in the cache of the project at `root` (`.cache/` itself, its folders and
    its entries' folders), each with a note: a build writes, replaces and deletes there, and must
    never do so outside the project. (Removing a link leaves what it points to as it was.)"""
    cache = root / FOLDER
    places = [cache, *(cache / name for name in (*KEYED, "search", "search.new"))]
    for name in KEYED:
        with contextlib.suppress(OSError):
            places += [pathlib.Path(found.path) for found in os.scandir(cache / name)
                       if found.is_symlink() and _BUCKET.fullmatch(found.name)]
    notes = []
    for place in places:
        try:
            if not place.is_symlink():
                continue
            place.unlink()
        except OSError:
            continue
        notes.append(Problem(Where(place.relative_to(root).as_posix()), "this link in the build cache was removed: "
                             "the cache holds only what builds write there", "nothing to do", severity="note"))
        if place == cache:
            break
    return notes


def committed(root: pathlib.Path) -> list[Problem]:
    """A warning when git tracks files of the project's `.cache/` (someone committed it past
    `.gitignore`): the cache is then not read, since anyone who can send a change could have
    written its entries, sealed as a build seals them, and they would be published as they are,
    past every check. Nothing when the project is no git checkout or git is not installed."""
    if not (root / FOLDER).is_dir():
        return []
    try:
        listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", FOLDER],
                                capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if listed.returncode != 0 or not listed.stdout:
        return []
    return [Problem(Where(FOLDER), "the build cache is committed in git, so this build does not read it: anyone "
                    "who can send a change could have written what it holds",
                    f"take it out of git with 'git rm -r --cached {FOLDER}' (the files stay on this disk, and "
                    ".gitignore keeps them out)", severity="warning")]


def prune(root: pathlib.Path, now: float | None = None) -> int:
    """Delete the entries no build has used for about `KEEP` in the cache of the project at `root`
    (and what an interrupted build left there), at most once a day; how many were deleted. A build
    that wrote the site calls it, after `own_folder`."""
    now = time.time() if now is None else now
    stamp = root / FOLDER / PRUNED
    try:
        if 0 <= now - stamp.stat().st_mtime < DAY:  # (a stamp from the future does not count)
            return 0
    except FileNotFoundError:
        pass
    except OSError:
        return 0
    deleted = 0
    for name in KEYED:
        folder = root / FOLDER / name
        if folder.is_symlink():
            continue
        try:
            found = list(os.scandir(folder))
        except OSError:
            continue  # not made yet
        files = [entry for entry in found if not entry.is_dir(follow_symlinks=False)]
        for bucket in found:
            if bucket.is_dir(follow_symlinks=False) and _BUCKET.fullmatch(bucket.name):
                with contextlib.suppress(OSError):
                    files += [entry for entry in os.scandir(bucket.path) if not entry.is_dir(follow_symlinks=False)]
        for entry in files:
            try:
                if _OWN_NAME.fullmatch(entry.name) and now - entry.stat(follow_symlinks=False).st_mtime > KEEP:
                    os.unlink(entry.path)
                    deleted += 1
            except OSError:
                continue  # gone already, or not ours to delete: the next pruning tries again
    with contextlib.suppress(OSError):  # a cache that cannot be written: nothing more to do
        stamp.touch()
        os.utime(stamp, (now, now))
    return deleted


_TEMPORARY = itertools.count()


def write_all(handle: int, data: bytes) -> None:
    """Write `data` into the file open at `handle`, and close it. By the descriptor: a file object
    around it costs as much as the writing, for each of the build's 60,000 files and cache entries."""
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
    finally:
        os.close(handle)


def keep(target: pathlib.Path, data: bytes) -> None:
    """Write a cache entry under a temporary name, then rename it: never half-written. The name is
    this process's and a count (`tempfile`'s random names, and making sure of the folder at each
    entry, were most of the time of writing one); a name left by an interrupted build is stepped over."""
    made = False
    try:
        while True:
            temporary = f"{target.parent}/.tmp-{os.getpid()}-{next(_TEMPORARY)}"
            try:
                handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                continue
            except FileNotFoundError:  # the folder's first entry
                if made:
                    raise
                target.parent.mkdir(parents=True, exist_ok=True)
                made = True
        write_all(handle, data)
        os.replace(temporary, target)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower
