"""Live preview: build into a private folder, serve it, rebuild what a save affects, reload.

`Preview` is the rebuild logic, free of any server, so tests drive it directly: after a change
it runs every stage up to resolve, each taking from its memory (`pipeline.Memory`) what the saved
files cannot have changed: the other files are not read again, the documents that read the same
are not validated again, nor their editions resolved. It then re-renders only the outputs that
read a changed file or a fact of the site that is no longer what it was when they rendered
(`depends.moved_facts`), and the outputs that are new, and writes only the files whose bytes
changed. While
the content has a mistake, every page shows the last good version under a banner naming the
file, the line and the fix; fixing it brings the pages back by themselves.

`preview_server.serve` wires it to a file watcher and to livereload's server for the browser reload.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import itertools
import pathlib
import shutil
import time
from collections import Counter
from collections.abc import Container, Iterable, Sequence, Set

from .depends import Facts, changed_content, is_fact, moved_facts, reads_any
from .i18n import load_translations
from .links import named_path
from .pipeline import Memory, Options, build, check_outputs, links_checked
from .preview_notes import banner, page_language, problems_page, warnings_panel, with_banner
from .problems import Problem, sort_problems, unexpected
from .recording import part_file
from .render import ALL, Output, link_check
from .site import Site
from .source_texts import FilesOnDisk
from .watching import WATCHED_FOLDERS

# A change here can touch any page (the layout, the menu, the catalogs): re-render everything.
# (The macros are not here: each page records them only if its template imports them.)
EVERY_PAGE = ("site.yaml", "templates/base.html", "templates/bare.html", "locales/",
              "templates/assets/")  # (a site page is recorded by the pages that show its title)


@dataclasses.dataclass(frozen=True)
class Rebuild:
    """What one rebuild did: the report tests assert on and the terminal prints."""

    rendered: tuple[str, ...]  # outputs made again because their inputs changed
    written: tuple[str, ...]  # those of them whose bytes changed
    removed: tuple[str, ...]
    problems: tuple[Problem, ...]
    seconds: float
    full: bool
    kept: bool = True  # when it failed: whether the preview had good pages to show under the banner
    new_warnings: tuple[Problem, ...] = ()  # the warnings the last rebuild did not have

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def describe(self) -> str:
        if not self.ok:
            lines = [p.format() for p in self.problems if p.is_error]
            shown = ("the preview shows the last good pages" if self.kept
                     else "the preview has no page to show yet: it shows these problems at every address")
            return "\n".join([*lines, f"{len(lines)} error(s): {shown}."])
        kind = "full rebuild" if self.full else "rebuilt"
        warnings = sum(p.severity == "warning" for p in self.problems)
        # each warning once, when it appears (the page shows them all, folded, at every save)
        return "\n".join([*(p.format() for p in self.new_warnings),
                          f"{kind}: {len(self.written)} file(s) written, {len(self.removed)} removed in "
                          f"{self.seconds * 1000:.0f} ms" + (f"; {warnings} warning(s), shown over each page"
                                                             if warnings else "")])


def may_link_to(pages: Iterable[Output], paths: Set[str]) -> list[Output]:
    """The `pages` that may link to one of the `paths` (new or removed in a save) without having
    read anything of it: a link an editor wrote in a text the page shows. The pages the save did
    not make again keep what checking their links found before it: a link to a removed page not
    reported, one to a new page still broken. A page that shows no editor's text, or does not
    say the path's last name, cannot hold such a link (and checking every page again would take
    seconds on a large series)."""
    if not paths:
        return []
    names = {_link_name(path) for path in paths}
    found = []
    for page in pages:
        if page.texts and page.data:
            text = named_path(page.data.decode("utf-8", "replace"))  # however its links spell them
            if any(name in text for name in names):
                found.append(page)
    return found


def _link_name(path: str) -> str:
    """What any link to the output `path` says: its file's name, or its folder's for an index page
    (`../venue/`, `/en/venue/index.html`)."""
    folder, _, name = path.rpartition("/")
    return folder.rpartition("/")[2] if name == "index.html" and folder else name


class Preview:
    """The site as `serve` shows it, kept up to date by `update`."""

    def __init__(self, project: pathlib.Path, output: pathlib.Path, base_url: str,
                 now: dt.datetime | None = None) -> None:
        self.options = Options(project=project, output=output, base_url=base_url, include_drafts=True,
                               write=False, search=False, cache=False, jobs=1, publishing=False,
                               gaps=False, partial_links=True)
        self.output = output
        self.now = now
        self.good: dict[str, Output] = {}  # the last good outputs, by path
        self.site: Site | None = None  # the resolved site they were made from
        self.facts: dict[str, frozenset[str]] = {}  # the facts each read
        # the digest of every part of a content file an output read (`recording.Part`), as the last
        # build had it, by the file it is a part of: an output still shown read each of them with
        # this digest (had one changed since, it would have been made again). A save compares the
        # parts of the files it names. The other facts are compared with the last site's.
        self.digests: dict[str, dict[str, str]] = {}
        # how many of the outputs shown read each part: one no output reads any more is forgotten
        # (a session that moved down a line is another part: each save would compare the old one)
        self.readers: Counter[str] = Counter()
        # the paths of the outputs of the last good rebuild, group by group (`render.Wanted`): all
        # of them are in `good`, so the same paths at the next save are no new output, and none gone
        self.asked: list[Sequence[str]] = []
        self.showing_banner = False
        self.problems_page: bytes | None = None  # shown at every address while there is no good page
        self.warnings: tuple[Problem, ...] = ()  # the last build's, shown over each page as it is served
        self.printed: frozenset[tuple[str, str]] = frozenset()  # the warnings the terminal had: (file, message)
        self._panels: dict[str, bytes] = {}  # the warnings panel in each language, made when first served
        self.memory = Memory()  # what the builds read and made: what no save touched is not read again

    def full(self) -> Rebuild:
        report = self._guarded(None)
        # What lives now lives as long as the preview, most of it: the libraries, the compiled
        # templates, the catalogs. Frozen, it is left out of the garbage collector's full passes,
        # which otherwise went through all of it in the middle of a rebuild (70-90 ms on the real
        # site, about one save in ten; 15 ms once frozen).
        gc.collect()
        gc.freeze()
        return report

    def idle(self) -> None:
        """Between saves, once the browser has its reload: the cycle collector's full pass now,
        while nobody waits. What a save leaves (the last site, the pages it replaced) otherwise
        made one fall in the middle of a later rebuild now and then, up to 25 ms of it."""
        gc.collect()

    def update(self, changed: Iterable[str]) -> Rebuild:
        """Rebuild after `changed` (paths relative to the project, with forward slashes). A file
        saved in an edition's folder (a new text, a file in files/: its name, its size) changes
        what its pages show, as a change of its edition.yaml would; a photo beside a person's
        file, as a change of that file would. A watched folder itself (`content`, replaced whole)
        changes everything: the preview builds it all again, reading every file."""
        changed = set(changed)
        if not changed.isdisjoint(WATCHED_FOLDERS):
            return self._guarded(None)
        return self._guarded({found for path in changed for found in (path, *standing_for(path))})

    def _guarded(self, changed: set[str] | None) -> Rebuild:
        """A rebuild that fails unexpectedly shows its problem like any other, and the next save retries."""
        started = time.perf_counter()
        try:
            return self._rebuild(changed)
        except Exception as error:
            problems = [unexpected(error, "the preview's rebuild")]
            self.memory = Memory()  # what it kept may be half updated: the next save reads everything
            with contextlib.suppress(OSError):
                self._show_banner(problems)
            self.showing_banner = True
            return Rebuild((), (), (), tuple(problems), time.perf_counter() - started, True, bool(self.good))

    def _rebuild(self, changed: set[str] | None) -> Rebuild:
        started = time.perf_counter()
        last = self.site
        everything_changed = (changed is None or self.showing_banner or not self.good or last is None
                              or any(path.startswith(EVERY_PAGE) for path in changed))
        now: list[Facts] = []
        asked: list[Sequence[str]] = []  # the paths of every output the site has now, group by group
        really: set[str] = set()  # the changed files whose content changed (`changed_content`)
        moved: set[str] = set()  # the facts whose value changed

        def wanted(paths: Sequence[str], facts: Facts) -> Container[str]:
            """The outputs of `paths` to make again: the new ones, and those that read something
            that changed. (Asked for each group of the outputs the site has now.)"""
            asked.append(paths)
            if not now:
                now.append(facts)
                if not everything_changed:  # each fact once, not once for each output that read it
                    assert changed is not None and last is not None
                    really.update(changed_content(changed, last.content, facts.site.content))
                    # a part's value is made from its file alone (and the files beside it, which
                    # count as it when saved): only the parts of the saved files can have moved
                    moved.update(name for file in changed for name, digest in self.digests.get(file, {}).items()
                                 if facts(name) != digest)
                    moved.update(moved_facts(last, facts.site))
            if everything_changed:
                return ALL
            good, read = self.good, self.facts
            # the same outputs as the last rebuild's, which shows them all (`good`): none is new
            again = set() if same_outputs(len(asked) - 1) else set(paths).difference(good)
            if really:
                again.update(path for path in paths if path not in again and reads_any(good[path].inputs, really))
            if moved:
                again.update(path for path in paths if not moved.isdisjoint(read.get(path, ())))
            return again

        def same_outputs(group: int) -> bool:
            """Whether a group has the very outputs it had at the last good rebuild."""
            return group < len(self.asked) and self.asked[group] == asked[group]

        if changed is None:
            self.memory = Memory()
        else:
            self.memory.forget(self.options.project, changed)
        result = build(self.options, self.now, wanted, self.memory)
        fresh = {o.path: o for o in result.outputs}
        if everything_changed:
            removed = sorted(self.good.keys() - fresh.keys())
        elif len(asked) == len(self.asked) and all(map(same_outputs, range(len(asked)))):
            removed = []
        else:
            removed = sorted(self.good.keys() - set(itertools.chain.from_iterable(asked)))
        if result.ok and result.site is not None:
            gone = set(removed)
            shown = [o for path, o in self.good.items() if path not in fresh and path not in gone]
            again = may_link_to(shown, gone.union(fresh.keys() - self.good.keys()))
            if again:  # checked against other files than the site has now: checked again, and kept
                again = links_checked([dataclasses.replace(o, findings=None) for o in again],
                                      link_check(result.site, {*(o.path for o in shown), *fresh}))
                self.good.update((o.path, o) for o in again)
                shown = [self.good[o.path] for o in shown]
            result.problems = sort_problems([*result.problems, *check_outputs(
                [*shown, *fresh.values()], result.site.urls.root, FilesOnDisk(self.options.project))])
        self.warnings, self._panels = tuple(p for p in result.problems if p.severity == "warning"), {}
        if not result.ok:
            self._show_banner(result.problems)
            return Rebuild((), (), (), tuple(result.problems), time.perf_counter() - started, everything_changed,
                           bool(self.good))
        self.site = result.site
        self.asked = asked
        written = self._write(fresh, force=self.showing_banner)
        for path, out in fresh.items():
            self._forget(self.facts.get(path, frozenset()))
            self.facts[path] = read = frozenset(name for name in out.inputs if is_fact(name))
            parts = [(name, file) for name in read if (file := part_file(name)) is not None]
            self.readers.update(name for name, _ in parts)
            for name, file in parts:
                self.digests.setdefault(file, {})[name] = now[0](name)
        for path in removed:
            (self.output / path).unlink(missing_ok=True)
            self.good.pop(path, None)
            self._forget(self.facts.pop(path, frozenset()))
        self.showing_banner, self.problems_page = False, None
        # the warnings the terminal has not shown yet (a failed build shows only its errors; a
        # warning that only moved to another line is the same warning)
        new_warnings = tuple(p for p in self.warnings if (p.where.path, p.message) not in self.printed)
        self.printed = frozenset((p.where.path, p.message) for p in self.warnings)
        return Rebuild(tuple(sorted(fresh)), tuple(written), tuple(removed), tuple(result.problems),
                       time.perf_counter() - started, everything_changed, new_warnings=new_warnings)

    def _forget(self, facts: frozenset[str]) -> None:
        """An output no longer reads `facts` (it was made again, or is gone)."""
        for name in facts:
            if name not in self.readers:
                continue
            self.readers[name] -= 1
            if not self.readers[name]:
                del self.readers[name]
                file = part_file(name)
                if file is not None and file in self.digests:
                    self.digests[file].pop(name, None)
                    if not self.digests[file]:
                        del self.digests[file]

    def _write(self, fresh: dict[str, Output], force: bool) -> list[str]:
        written = []
        for path, out in sorted(fresh.items()):
            old = self.good.get(path)
            same = old is not None and old.data == out.data and old.copy_from == out.copy_from
            if same and not force and out.copy_from is None:
                self.good[path] = out
                continue
            target = self.output / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if out.copy_from is not None:
                shutil.copyfile(out.copy_from, target)
            else:
                target.write_bytes(out.data or b"")
            self.good[path] = out
            written.append(path)
        return written

    def not_found(self) -> bytes | None:
        """What the preview answers for an address it has no file for: the problems while it has
        no good page yet, else the site's 404 page, as a host serves it; None without either."""
        if self.problems_page is not None:
            return self.problems_page
        page = self.good.get("404.html")
        if page is not None and self.showing_banner:  # the copy on disk, under the banner
            with contextlib.suppress(OSError):
                return (self.output / "404.html").read_bytes()
        return page.data if page is not None else None

    def served(self, page: bytes) -> bytes:
        """A page as the preview serves it: under the last build's warnings, in its language. (On
        the way out, not on the disk: a save that changes the warnings rewrites no page.)"""
        if not self.warnings or self.showing_banner:  # (under the errors' banner, they wait their turn)
            return page
        lang = page_language(page) or "en"
        if lang not in self._panels:
            gettext = load_translations(self.options.project, [lang], [])[lang].gettext
            self._panels[lang] = warnings_panel(self.warnings, gettext)
        return with_banner(page, self._panels[lang])

    def _show_banner(self, problems: list[Problem]) -> None:
        if not self.good:
            self.problems_page = problems_page(problems)
            self.showing_banner = True
            return
        pages = {path: out.data for path, out in self.good.items() if path.endswith(".html") and out.data is not None}
        langs = {path: page_language(data) or "en" for path, data in pages.items()}
        # the catalogs as they are now; a broken one (its problem is in the list) leaves English
        translations = load_translations(self.options.project, sorted(set(langs.values())), [])
        notes = {lang: banner(problems, translations[lang].gettext) for lang in translations}
        for path, data in pages.items():
            (self.output / path).write_bytes(with_banner(data, notes[langs[path]]))
        self.showing_banner = True


def standing_for(path: str) -> tuple[str, ...]:
    """The source file a changed file counts as: an edition's edition.yaml for anything else in
    its folder, a person's file for their photo (what `cache` hashes with those files too)."""
    parts = path.split("/")
    if path.startswith("content/editions/") and len(parts) > 3 and parts[3] != "edition.yaml":
        return (f"content/editions/{parts[2]}/edition.yaml",)
    if path.startswith("content/people/") and len(parts) == 3 and not path.endswith(".yaml"):
        return (f"content/people/{parts[2].split('.', 1)[0]}.yaml",)
    return ()
