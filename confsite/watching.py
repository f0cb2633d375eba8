"""What the live preview watches, and each burst of saves under it (`changes`): file events from
watchfiles (inotify on Linux), grouped into one set of project-relative paths per burst, and the
watching started again whenever what it watched may have been replaced."""

from __future__ import annotations

import contextlib
import os
import pathlib
import re
import threading
from collections.abc import Iterable, Iterator

WATCHED = ("content", "templates", "locales", "site.yaml")
WATCHED_FOLDERS = frozenset(WATCHED) - {"site.yaml"}
# what editors' programs write beside a file while saving it, and delete: vim's "4913" test file,
# emacs' "#x#" and ".#x", JetBrains' "x___jb_tmp___", `sed -i`'s "sedAb12Cd", other tools' "x~" and "x.tmp"
_SCRATCH = re.compile(r"^(?:\d+|#.*#|\.#.*|.*~|.*\.tmp|.*___jb_(?:tmp|old)___|sed[A-Za-z0-9]{6})$")


def saved(changed: Iterable[str]) -> list[str]:
    """The changed paths worth naming to an editor: without the scratch files their programs write
    while saving (the preview still reads every change)."""
    named = sorted(path for path in changed if not _SCRATCH.match(path.rsplit("/", 1)[-1]))
    return named or sorted(changed)


def relative_changes(project: pathlib.Path, changes: Iterable[tuple[object, str]]) -> set[str]:
    """The changed paths relative to the project: each as it was named (a link that replaced a file
    is a change of that path) and where it leads."""
    found = set()
    for _, path in changes:
        for candidate in (pathlib.Path(os.path.abspath(path)), pathlib.Path(path).resolve()):
            with contextlib.suppress(ValueError):
                found.add(candidate.relative_to(project).as_posix())
    return found


def changes(project: pathlib.Path, stop: threading.Event) -> Iterator[set[str]]:
    """Each burst of saves under the watched paths, as one set of project-relative paths.

    watchfiles waits `step` ms after an event for more, up to `debounce` ms, so a "save all" or a
    git checkout arrives as one set and causes one rebuild. It looks every `step` ms and yields once
    a look finds nothing new, so a save reaches the rebuild `step` to 2 × `step` ms after it is
    written: 5 ms keeps that short (30 ms made it 30-60 ms, half of a rebuild's budget), and an
    editor writes the files of a "save all" within it."""
    import watchfiles

    again: set[str] = set()  # what made the watching start again, said once more once it has
    while not stop.is_set():
        watched = identities(project)
        paths = [project / name for name, identity in watched.items() if identity is not None]
        if not paths:  # nothing to watch (yet): look again in a second
            stop.wait(1)
            continue
        # A watched folder or file that is deleted or replaced (a folder deleted and copied back, a
        # backup restored, site.yaml saved by renaming a new file over it) sends no more events:
        # they came from the one it watched. After an event about one of them, and every second
        # without a save (a new folder may reuse the old one's inode number: the event is the
        # surer sign), it starts watching again, over what is there now. A folder added (an edition
        # copied whole) is watched as soon as it is seen, but a folder made inside it before that
        # would not be: after one too.
        # Saves made while it starts again are not seen: once it watches, it says again what made
        # it start (a folder added or replaced, read again whole). A path gone in between (a git
        # checkout) makes watchfiles refuse to start: it looks again in a second, and then every
        # watched name is read again.
        try:
            for batch in watchfiles.watch(*paths, step=5, debounce=1000, stop_event=stop, raise_interrupt=False,
                                          rust_timeout=1000, yield_on_timeout=True):
                changed = relative_changes(project, batch)
                now = identities(project)
                replaced = {name for name in WATCHED if now[name] != watched[name]}
                if changed or replaced or again:
                    yield changed | replaced | again  # (a folder named: everything in it has changed)
                again = replaced | {path for path in changed if path in WATCHED or (project / path).is_dir()}
                if replaced or not changed.isdisjoint(WATCHED) or any(
                        change == watchfiles.Change.added and os.path.isdir(path) for change, path in batch):
                    break
                again = set()
            else:
                return
        except OSError:
            again = set(WATCHED)
            stop.wait(1)


def identities(project: pathlib.Path) -> dict[str, tuple[int, int] | None]:
    """Which file or folder each watched name is (device and inode), None for one that is missing."""
    found: dict[str, tuple[int, int] | None] = {}
    for name in WATCHED:
        try:
            info = (project / name).stat()
        except OSError:
            found[name] = None
        else:
            found[name] = (info.st_dev, info.st_ino)
    return found
