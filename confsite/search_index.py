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

Pagefind uses little more than one core. Where the links are made, each language's pages get a
tree of their own, indexed by one Pagefind each, side by side on every core (`by_language`): the
index of a language depends only on its own pages, so each is the very one a single Pagefind makes
of the whole site (tests/test_publishing.py compares them), and the entry files are joined.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import importlib.metadata
import json
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from typing import Any

from .problems import Problem, Where

FOLDER = "pagefind"


def search_version() -> str:
    """The indexer's version: a new one makes a new index."""
    try:
        return importlib.metadata.version("pagefind")
    except importlib.metadata.PackageNotFoundError:
        return "none"


def index_site(site: pathlib.Path, processes: int = 1) -> list[Problem]:
    """Index `site` in place, with up to `processes` Pagefinds at once; a problem (not an exception)
    when the indexer is missing or fails."""
    try:
        # the binary itself, not `python -m pagefind`: its wrapper took 0.1 s to start before handing over
        from pagefind_bin import get_executable
        binary = get_executable()
    except (ImportError, FileNotFoundError):
        return [Problem(Where("pyproject.toml"), "site search was not built: the pagefind package is missing",
                        "install the project again: pip install -e .", severity="warning")]
    output = site / FOLDER
    groups = by_language(site) if _made_order_usable(MADE_ORDER) and processes > 1 else None
    if groups is not None and len(groups) > 1:
        if _indexed_side_by_side(binary, site, groups, output, processes):
            return []
        shutil.rmtree(output, ignore_errors=True)  # then as one, which says what goes wrong, if anything
    with pages_in_name_order(site) as pages:
        failure = _pagefind(binary, pages, output)
    if failure is not None:
        return [Problem(Where(FOLDER), f"the search index could not be built: {failure}")]
    entry = output / ENTRY
    if entry.is_file():
        _write_entry(entry, json.loads(entry.read_text(encoding="utf-8")))
    return []


ENTRY = "pagefind-entry.json"


def _pagefind(binary: str | os.PathLike[str], pages: pathlib.Path, output: pathlib.Path) -> str | None:
    """Index the pages under `pages` into `output`; what went wrong, if anything."""
    command = [str(binary), "--site", str(pages), "--output-path", str(output), "--quiet"]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    return completed.stderr.strip()[-500:] if completed.returncode != 0 else None


def _write_entry(entry: pathlib.Path, data: dict[str, Any]) -> None:
    """The entry file, its keys sorted: Pagefind lists the languages in a random order."""
    entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")


_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([^\"'\s>]*)", re.I)
_BODY = re.compile(rb"data-pagefind-body", re.I)


def by_language(site: pathlib.Path) -> dict[str, list[tuple[str, ...]]] | None:
    """The pages Pagefind would index (each path as its parts, in name order), by the language its
    `<html lang>` names; None when that cannot be told from the pages alone.

    Once one page of a site marks its text with `data-pagefind-body`, Pagefind leaves out every
    page without it (here the chooser, the 404 page and the offline pages). Apart, a language none
    of whose pages had it would be indexed whole: so the pages without it are left out here. A page
    that only says the words in its text is kept, and Pagefind itself then leaves it out, as it
    would among the others."""
    pages = sorted(path.relative_to(site).parts for path in site.rglob("*.html")
                   if path.relative_to(site).parts[0] != FOLDER)
    found: list[tuple[tuple[str, ...], bool, str]] = []  # each page, whether it is marked, its language
    for parts in pages:
        data = site.joinpath(*parts).read_bytes()
        lang = _LANG.search(data, 0, 4096)
        found.append((parts, b"data-pagefind-body" in data or _BODY.search(data) is not None,  # (quicker first)
                      lang.group(1).decode("ascii", "replace").lower() if lang else ""))
    marked = any(is_marked for _, is_marked, _ in found)
    groups: dict[str, list[tuple[str, ...]]] = {}
    for parts, is_marked, lang in found:
        if is_marked or not marked:
            groups.setdefault(lang, []).append(parts)
    return None if "" in groups else groups  # (a page without a language: Pagefind says what it does)


def _indexed_side_by_side(binary: str | os.PathLike[str], site: pathlib.Path,
                          groups: dict[str, list[tuple[str, ...]]], output: pathlib.Path, processes: int) -> bool:
    """One Pagefind per language, one more than `processes` at a time (each leaves part of a core
    idle), each over a tree of links to its pages in name order, into a folder of its own; then the
    folders joined into `output`. False when one failed, or when their files would not join: the
    same file with other bytes, or one language from two groups (Pagefind may read "en-GB" as "en")."""
    with tempfile.TemporaryDirectory(dir=MADE_ORDER, prefix="confsite-pages-") as folder:
        work = pathlib.Path(folder)

        def index(lang: str) -> str | None:
            _link_tree(site, groups[lang], work / "pages" / lang)
            return _pagefind(binary, work / "pages" / lang, work / "index" / lang)

        with concurrent.futures.ThreadPoolExecutor(processes + 1) as pool:  # (3 on 2 cores: 3.7 s; 2: 3.9 s)
            if any(failure is not None for failure in pool.map(index, sorted(groups))):
                return False
        languages: dict[str, Any] = {}
        entry: dict[str, Any] = {}
        for lang in sorted(groups):
            made = work / "index" / lang
            made_entry = json.loads((made / ENTRY).read_text(encoding="utf-8"))
            if entry and {**made_entry, "languages": None} != {**entry, "languages": None}:
                return False  # (another version, other characters)
            entry = made_entry
            if languages.keys() & entry["languages"].keys():
                return False
            languages.update(entry["languages"])
            for path in sorted(made.rglob("*")):
                target = output / path.relative_to(made)
                if path.is_dir() or path.name == ENTRY:
                    continue
                if target.exists():
                    if target.read_bytes() != path.read_bytes():
                        return False
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, target)
        _write_entry(output / ENTRY, {**entry, "languages": languages})
    return True


_ASIDE = ".~in-name-order"  # no output's name ends so
MADE_ORDER = pathlib.Path("/dev/shm")  # tmpfs: a folder lists its entries in the order they were made


@contextlib.contextmanager
def pages_in_name_order(site: pathlib.Path, made_order: pathlib.Path = MADE_ORDER) -> Iterator[pathlib.Path]:
    """A folder where Pagefind finds the pages of `site` in the same order on every machine: a
    tree of links to them, each folder's entries made in name order on tmpfs. Without tmpfs, `site`
    itself, its pages made again in name order (right where a folder lists entries as made)."""
    if not _made_order_usable(made_order):
        in_name_order(site)
        yield site
        return
    pages = sorted(path.relative_to(site).parts for path in site.rglob("*.html")
                    if path.relative_to(site).parts[0] != FOLDER)
    with tempfile.TemporaryDirectory(dir=made_order, prefix="confsite-pages-") as folder:
        _link_tree(site, pages, pathlib.Path(folder))
        yield pathlib.Path(folder)


def _made_order_usable(made_order: pathlib.Path) -> bool:
    return made_order.is_dir() and os.access(made_order, os.W_OK)


def _link_tree(site: pathlib.Path, pages: list[tuple[str, ...]], links: pathlib.Path) -> None:
    """Links to `pages` (paths in `site`, as parts, in name order) under `links`, made in that order."""
    for parts in pages:
        link = links.joinpath(*parts)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(site.joinpath(*parts))


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
