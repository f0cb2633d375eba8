"""Site search: a Pagefind index per language, made in the staging folder before the swap.

Pagefind (PyPI `pagefind[bin]`, which carries the binary) reads each page's <html lang> and
writes one index per language under /pagefind/. Two builds of one commit stay byte-identical:
- its entry file lists the languages in a random order, so it is rewritten with sorted keys;
- its index depends on the order in which it finds the pages, which is the order of each folder's
  entries as the file system lists them. ext4, where most sites are built, lists them in an order
  of its own for each file system (a hash with a seed made when the disk was formatted), so two
  machines made two indexes of one commit; tmpfs and btrfs list them in the order they were made,
  which a parallel render leaves to chance. Pagefind therefore reads the pages through a tree of
  links to them made in name order on tmpfs (`/dev/shm`, `pages_in_name_order`); where there is
  none, the pages themselves are made again in name order first (`in_name_order`).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import pathlib
import subprocess
import tempfile
from collections.abc import Iterator

from .problems import Problem, Where

FOLDER = "pagefind"


def search_version() -> str:
    """The indexer's version: a new one makes a new index."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def index_site(site: pathlib.Path) -> list[Problem]:
    """Index `site` in place; a problem (not an exception) when the indexer is missing or fails."""
    try:
        # the binary itself, not `python -m pagefind`: its wrapper took 0.1 s to start before handing over
        from pagefind_bin import get_executable
        binary = get_executable()
    except (ImportError, FileNotFoundError):
        return [Problem(Where("pyproject.toml"), "site search was not built: the pagefind package is missing",
                        "install the project again: pip install -e .", severity="warning")]
    with pages_in_name_order(site) as pages:
        command = [str(binary), "--site", str(pages), "--output-path", str(site / FOLDER), "--quiet"]
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        return [Problem(Where(FOLDER), f"the search index could not be built: {completed.stderr.strip()[-500:]}")]
    entry = site / FOLDER / "pagefind-entry.json"
    if entry.is_file():
        data = json.loads(entry.read_text(encoding="utf-8"))
        entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    return []


_ASIDE = ".~in-name-order"  # no output's name ends so
MADE_ORDER = pathlib.Path("/dev/shm")  # tmpfs: a folder lists its entries in the order they were made


@contextlib.contextmanager
def pages_in_name_order(site: pathlib.Path, made_order: pathlib.Path = MADE_ORDER) -> Iterator[pathlib.Path]:
    """A folder where Pagefind finds the pages of `site` in the same order on every machine: a
    tree of links to them, each folder's entries made in name order on tmpfs. Without tmpfs, `site`
    itself, its pages made again in name order (right where a folder lists entries as made)."""
    if not made_order.is_dir() or not os.access(made_order, os.W_OK):
        in_name_order(site)
        yield site
        return
    pages = sorted(path.relative_to(site).parts for path in site.rglob("*.html")
                    if path.relative_to(site).parts[0] != FOLDER)
    with tempfile.TemporaryDirectory(dir=made_order, prefix="confsite-pages-") as folder:
        links = pathlib.Path(folder)
        for parts in pages:
            link = links.joinpath(*parts)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(site.joinpath(*parts))
        yield links


def in_name_order(folder: pathlib.Path) -> None:
    """Make each folder and page in `folder` again, in name order, by moving it aside and back: a
    file system that lists entries in the order they were made then lists them the same way in
    every build, whichever process wrote which page first. (Pagefind reads only the pages: the
    other files stay as they are.)"""
    for parent, folders, files in os.walk(folder):
        names = sorted([*folders, *(name for name in files if name.endswith(".html"))])
        for name in names:
            os.rename(os.path.join(parent, name), os.path.join(parent, name + _ASIDE))
        for name in names:
            os.rename(os.path.join(parent, name + _ASIDE), os.path.join(parent, name))
