"""The loaded source files' texts, read again after the render for the language check that needs
a few of them (`SourceTexts`)."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pathlib
import stat
from collections.abc import Iterable, Iterator, Mapping

from .documents import Document, decode


@dataclasses.dataclass(frozen=True)
class SourceTexts(Mapping[str, str]):
    """The text of each loaded source file (by its path in the project), read again from the disk
    when asked. The check of sentences a page says twice looks in the few files of those pages,
    after the render: keeping every text until then held 19 MB on a 300-edition series. A file is
    given only as it was loaded (its digest is kept): one changed since, gone, or no longer an
    ordinary file gives no text, so a warning never points at lines the page was not made from."""

    root: pathlib.Path
    loaded: Mapping[str, tuple[int, bytes]]  # path -> the length of its text, the text's digest
    _asked: dict[str, str] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, root: pathlib.Path, documents: Iterable[Document]) -> SourceTexts:
        return cls(root, {d.path: (len(d.text), _digest(d.text)) for d in documents})

    def __getitem__(self, path: str) -> str:
        if path not in self.loaded:
            raise KeyError(path)
        if path not in self._asked:  # the check asks for a file once for each sentence it looks for
            self._asked[path] = self._again(path)
        return self._asked[path]

    def _again(self, path: str) -> str:
        length, digest = self.loaded[path]
        # at most 4 bytes a character, and a line break that was \r\n, behind a byte-order mark
        text = _on_disk(self.root, path, 4 * length + 3)
        return text if text is not None and _digest(text) == digest else ""

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.loaded))

    def __len__(self) -> int:
        return len(self.loaded)


def _on_disk(root: pathlib.Path, path: str, most: int) -> str | None:
    """The text of the source file at `path`, decoded as the loader decodes it; None when it cannot
    be read, is no ordinary file (a pipe put there waits for nothing) or holds more than `most` bytes."""
    try:
        descriptor = os.open(root / path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > most:
            return None
        return decode(stream.read(), path)[0]


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclasses.dataclass(frozen=True)
class FilesOnDisk(Mapping[str, str]):
    """A source file's text read from the disk when asked, as the loader decodes it: where the live
    preview places a link problem it found on a page (it keeps no `SourceTexts` of its partial
    builds). An unreadable file, or one that is not an ordinary file, gives no text. It lists none."""

    root: pathlib.Path
    LIMIT = 16_000_000  # bytes: more than any text file the site accepts

    def __getitem__(self, path: str) -> str:
        text = _on_disk(self.root, path, self.LIMIT)
        if text is None:
            raise KeyError(path)
        return text

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0
