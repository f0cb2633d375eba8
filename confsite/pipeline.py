"""The whole build, stage after stage: load -> validate -> resolve -> render -> write.

Every stage runs to the end and gathers its problems; nothing is written unless no stage found
an error, as MkDocs' build gathers everything before writing anything.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import pathlib
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TypeVar

from . import language, workers
from .cache import Cache, SearchIndexCache, pages_digest
from .cache_folder import committed, own_folder, prune
from .clock import ClockError, build_time
from .disk_memory import DiskMemory
from .documents import Parses, parses_kept
from .edition import Edition
from .i18n import load_translations
from .link_sources import places_at_source
from .links import LinkCheck, anchor_problems, page_links
from .load import Sources, load_sources
from .model import Content, SiteConfig
from .problems import Problem, Where, sort_problems, unexpected
from .readings import Readings
from .recording import files_read
from .render import Output, UnitTime, Wanted, everything, render_site
from .report import translation_gaps
from .resolve import resolve, today_at
from .resolve_memory import ResolveMemory
from .search_index import FOLDER as SEARCH_FOLDER
from .search_index import index_site, search_version
from .site import Site
from .source_texts import SourceTexts
from .validate import OUTPUT_HINT, validate
from .write import (
    MARKER,
    ForeignFolderError,
    OutputFolderError,
    check_output_folder,
    output_lock,
    staging_folder,
    write_outputs,
    write_refusal,
)

T = TypeVar("T")


@dataclasses.dataclass(frozen=True)
class Options:
    project: pathlib.Path
    output: pathlib.Path | None = None  # default: site.yaml's output, relative to the project
    base_url: str | None = None  # default: site.yaml's base_url
    include_drafts: bool = False
    write: bool = True
    search: bool = True  # build the Pagefind index (the live preview does without)
    cache: bool = True  # reuse what the last builds rendered (.cache/ in the project); a build that
    #                     writes refreshes the cache either way
    jobs: int = 0  # processes that render: 0 is one per core
    verbose: bool = False  # a note for each edition without times, not one for them all
    # a build to publish: share cards, PDF programmes, the offline worker (the live preview goes without)
    publishing: bool = True
    # the translation gaps and the notes on agendas without times, warnings that `check` and `build`
    # print (the live preview goes without: gathering them walked every text at each save)
    gaps: bool = True
    # a partial build (the preview's) checks the links of the pages it makes too (`Output.findings`,
    # which `serve` gathers over every page it shows: `Preview.link_problems`)
    partial_links: bool = False
    # each output of the result keeps what it read (`Output.inputs`: `serve` and the tests look);
    # the command line's build and check go without, which saves memory on a large site
    records: bool = True


@dataclasses.dataclass
class Result:
    problems: list[Problem]
    site: Site | None = None
    outputs: list[Output] = dataclasses.field(default_factory=list)
    output_folder: pathlib.Path | None = None
    timings: dict[str, float] = dataclasses.field(default_factory=dict)
    written: int = 0
    spent: dict[str, UnitTime] = dataclasses.field(default_factory=dict)  # by each unit's outputs (render)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        pages = Counter(o.path.split("/", 1)[0] for o in self.outputs if o.path.endswith("index.html")
                        and o.copy_from is None and "/" in o.path)
        languages = self.site.content.site.languages if self.site else ()
        copied = sum(1 for o in self.outputs if o.copy_from is not None)
        per_lang = ", ".join(f"{lang} {pages.get(lang, 0)}" for lang in languages)
        stages = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in self.timings.items())
        return (f"Built {sum(pages.values())} pages ({per_lang}), {len(self.outputs)} files "
                f"({copied} copied) into {self.output_folder}\nTime per stage: {stages}")

    def unit_times(self) -> str:
        """What each kind of output took to make, the slowest first: where a large site's build
        time goes (`build --timings`)."""
        width = max((len(name) for name in self.spent), default=0)
        lines = ["Time per kind of output (made in this build, all processes together):"]
        for name, spent in sorted(self.spent.items(), key=lambda item: (-item[1].seconds, item[0])):
            took = f" {spent.seconds:8.2f} s {spent.seconds / spent.made * 1000:8.2f} ms each" if spent.made else ""
            kept = f", {spent.kept:,} kept from the cache" if spent.kept else ""
            lines.append(f"  {name:<{width}} {spent.made:>7,} made{took}{kept}")
        return "\n".join(lines)


def site_output_problems(folder: pathlib.Path, root: pathlib.Path, site: SiteConfig) -> list[Problem]:
    """site.yaml's `output` once the links on the way are followed: it must still be a folder of
    the project that the build may replace."""
    try:
        check_output_folder(folder, root, inside=True)
    except OutputFolderError as error:
        if site.output_at is None:  # the default folder: there is no line to change, but the folder
            return [Problem(site.source, f"the site cannot be written to {site.output!r}, the default output "
                            f"folder: {error.reason}", f"move or empty the folder {site.output}/, or name another "
                            "folder inside the project with 'output:' in site.yaml")]
        return [Problem(site.output_at, f"'output': the site cannot be written to {site.output!r}: "
                        f"{error.reason}", f"{OUTPUT_HINT} (a new folder, an empty one or an earlier build)")]
    return []


def foreign_folder_problem(folder: pathlib.Path, root: pathlib.Path) -> Problem:
    """A folder by the name of the build's staging or previous copy that the build did not make."""
    try:
        shown = folder.relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(folder)
    return Problem(Where(shown), "this has the name the build gives its unfinished or previous copy of the "
                   f"site, but the build did not make it (it is no folder holding a {MARKER} file), so the build "
                   "leaves it as it is and writes nothing",
                   "look at what it holds: move it elsewhere (or delete it if nothing in it is needed), then "
                   "build again")


def _timed(timings: dict[str, float], name: str, step: Callable[[], T]) -> T:
    started = time.perf_counter()
    try:
        return step()
    finally:
        timings[name] = time.perf_counter() - started


class StageFailed(Exception):
    """A stage raised where it should have reported a problem; carries that one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _guarded(timings: dict[str, float], name: str, step: Callable[[], T], output: pathlib.Path | None = None) -> T:
    """Run a stage; an exception it lets escape becomes one clear problem (`StageFailed`), never a
    traceback. Usage errors (the clock, the output folder, a disk that refuses to write the site
    into `output`) are the command line's to report."""
    try:
        return _timed(timings, name, step)
    except (ClockError, OutputFolderError, StageFailed):
        raise
    except OSError as error:
        refusal = write_refusal(error, output) if output is not None else None
        if refusal is not None:
            raise refusal from error
        raise StageFailed(unexpected(error, f"the {name} stage")) from error
    except Exception as error:
        raise StageFailed(unexpected(error, f"the {name} stage")) from error


def check_outputs(outputs: list[Output], base_path: str, sources: Mapping[str, str] | None = None,
                  staging: pathlib.Path | None = None) -> list[Problem]:
    """Broken internal links and anchors, found on the rendered pages before anything is written,
    reported at the Markdown file they come from when the page shows one text of its own (at the
    line that holds the link, when `sources`, the texts of the source files, show it). Each page's
    links were checked as it was rendered (`Output.findings`); what is left is the links to a place
    on another page, which need that page's ids. A page's bytes are in the `staging` folder when
    the render did not keep them."""
    pages = [o for o in links_checked(outputs, LinkCheck({o.path for o in outputs}, base_path)) if _is_page(o)]
    findings = {o.path: o.findings for o in pages if o.findings is not None}
    by_path = {o.path: o for o in pages}
    found = [*(problem for page in findings.values() for problem in page.problems), *anchor_problems(findings)]

    def page(output: Output) -> bytes:
        if output.data is not None or staging is None:
            return output.data or b""
        return (staging / output.path).read_bytes()

    return places_at_source(found, lambda path: page(by_path[path]), {o.path: o.texts for o in pages},
                             sources if sources is not None else {})


def _is_page(output: Output) -> bool:
    """Whether an output is a page the checks read: HTML the build made, not a file copied."""
    return output.path.endswith(".html") and output.copy_from is None


def links_checked(outputs: Iterable[Output], check: LinkCheck) -> list[Output]:
    """`outputs`, each page rendered without its links checked (a partial render's) with them
    checked (`Output.findings`) by `check`."""
    return [dataclasses.replace(o, findings=check.page(o.path, page_links(o.data or b"")))
            if o.findings is None and _is_page(o) else o for o in outputs]


def search_index(staging: pathlib.Path, outputs: list[Output], root: pathlib.Path, cached: bool,
                 jobs: int = 0) -> list[Problem]:
    """The Pagefind index of the staged site; the last one again when no page changed (unless not
    `cached`: then it is made, on `jobs` cores, and kept for the next build)."""
    saved = SearchIndexCache(root)
    pages = ((o.path, (o.digest or "").encode()) for o in outputs if _is_page(o))
    key = f"{search_version()}:{pages_digest(pages)}"
    if cached and saved.restore(key, staging / SEARCH_FOLDER):
        return saved.notes
    found = index_site(staging, workers.count(jobs))
    if not any(p.is_error for p in found) and (staging / SEARCH_FOLDER).is_dir():
        saved.store(key, staging / SEARCH_FOLDER)
    return [*saved.notes, *found]


def untimed_notes(editions: list[Edition], verbose: bool) -> list[Problem]:
    """A note for each edition whose agenda gives no times; one line for them all unless verbose."""
    if verbose or len(editions) < 2:
        return [Problem(e.source, f"{e.slug} gets no schedule.xml or schedule.json: its agenda gives no "
                        "session times", "add 'start' and 'end' to its sessions once the programme has them",
                        severity="note") for e in editions]
    return [Problem(Where("content/editions"), f"{len(editions)} editions give no session times, so they get no "
                    f"schedule.xml or schedule.json: {', '.join(e.slug for e in editions)} (--verbose: one note "
                    "each)", severity="note")]


@dataclasses.dataclass(frozen=True)
class SourceChecks:
    """What the language checks keep of the sources once they are validated: the problems found in
    the sources alone (cedilla letters, placeholders) and each file's text, where a sentence a page
    repeats is looked for (read again when asked). The documents (texts, and site.yaml's tree) are
    let go before the render stage."""

    problems: list[Problem]
    texts: SourceTexts


def source_checks(sources: Sources, content: Content, root: pathlib.Path) -> SourceChecks:
    """Cedilla letters in Romanian and placeholders left from `new`, found in the sources."""
    ro_catalog = sources.catalog_texts.get("ro")
    documents = [d for d in (sources.site, *sources.editions.values(), *sources.texts.values(),
                             *sources.people.values(), *sources.organisations.values(), *sources.pages.values())
                 if d is not None]
    drafts = [e.slug for e in (*content.editions, *content.drafts) if e.draft]
    return SourceChecks([*language.cedilla_problems(sources, ro_catalog),
                         *language.placeholder_problems([d for d in documents if d.path.endswith(".md")], drafts)],
                        SourceTexts.of(root, documents))


def language_problems(checks: SourceChecks, outputs: list[Output]) -> list[Problem]:
    """Cedilla letters in Romanian, placeholders left from `new`, a sentence twice on one page."""
    repeats = {o.path: o.repeats if o.repeats is not None else language.page_repeats((o.data or b"").decode())
               for o in outputs if _is_page(o)}
    # the files a page read are looked through only for the pages that repeat a sentence
    return [*checks.problems, *language.repeated_in(repeats, {o.path: files_read(o.inputs) for o in outputs
                                                              if repeats.get(o.path)}, checks.texts)]


@dataclasses.dataclass
class Memory:
    """What the live preview keeps from one build to the next, so that a save costs what it
    changed, not what the site holds: the reads of the disk (`disk_memory.DiskMemory`), each YAML file's
    parse (`documents.parses_kept`), what each document was read into (`readings.Readings`) and
    what the site and each edition were resolved into (`resolve_memory.ResolveMemory`). A build keeps none."""

    disk: DiskMemory = dataclasses.field(default_factory=DiskMemory)
    parses: Parses = dataclasses.field(default_factory=dict)
    readings: Readings = dataclasses.field(default_factory=Readings)
    resolved: ResolveMemory = dataclasses.field(default_factory=ResolveMemory)

    def forget(self, root: pathlib.Path, changed: Iterable[str]) -> None:
        """Let go of what the saves of `changed` (paths relative to the project) may have changed."""
        self.disk.forget(root.resolve(), changed)


def build(options: Options, now: dt.datetime | None = None,
          wanted: Wanted = everything, memory: Memory | None = None) -> Result:
    """Run every stage; write only when no stage found an error (and options.write is set).

    `wanted` limits rendering to some outputs: `serve` re-renders only what a change affects, and
    keeps a `memory` of what it read and made from one build to the next.
    A stage that fails unexpectedly ends the build with one problem naming the file it was on.
    """
    problems: list[Problem] = []
    try:
        with contextlib.ExitStack() as held:  # the output folder's lock, once the build writes
            if memory is None:
                return _build(options, now, wanted, problems, memory, held)
            with parses_kept(memory.parses):
                return _build(options, now, wanted, problems, memory, held)
    except StageFailed as failure:
        return Result(sort_problems([*problems, failure.problem]))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a stage makes the site's model: what it makes lives on,
    and the collector would walk all of it again each time the heap grew by a fraction (a tenth of
    the time of load and resolve on a 1,000-page corpus). What cycles it left are collected after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _validated(options: Options, timings: dict[str, float], problems: list[Problem], checked: bool,
               memory: Memory | None) -> tuple[Content | None, SourceChecks | None]:
    """Load and validate; with no error, also the language checks of the sources, when the build
    is `checked` (a whole one: the preview's partial ones skip them). Only the content and those
    checks outlive this call: the documents are freed before the site is rendered."""
    sources, found = _guarded(timings, "load", lambda: load_sources(options.project, memory=memory and memory.disk))
    problems += found
    content: Content | None = _guarded(
        timings, "validate", lambda: validate(sources, problems, options.include_drafts, memory and memory.readings))
    if content is None or any(p.is_error for p in problems) or not checked:
        return content, None
    return content, _guarded(timings, "language", lambda: source_checks(sources, content, options.project))


def _build(options: Options, now: dt.datetime | None, wanted: Wanted,
           problems: list[Problem], memory: Memory | None, held: contextlib.ExitStack) -> Result:
    timings: dict[str, float] = {}
    root = options.project
    with _collector_paused():
        content, checks = _validated(options, timings, problems, wanted is everything, memory)
    # (the catalogs were checked by load)
    if options.gaps and content is not None and not any(p.is_error for p in problems):
        problems += [gap.problem for gap in translation_gaps(root, content)]
        problems += untimed_notes([e for e in content.editions if not e.is_timed], options.verbose)
    result = Result(problems, timings=timings)
    if content is None or any(p.is_error for p in problems):
        result.problems = sort_problems(problems)
        return result
    moment = now or build_time()
    with _collector_paused():
        site = _guarded(timings, "resolve",
                        lambda: resolve(content, moment, options.base_url or content.site.base_url, problems,
                                        memory and memory.resolved))
    translations = _guarded(timings, "translations",
                            lambda: load_translations(root, content.site.languages, problems))
    cache = None
    problems += own_folder(root)  # before anything is read from or written to .cache/
    in_git = committed(root) if options.cache else []
    problems += in_git
    reading = options.cache and not in_git  # a cache in git is never read, only written
    if options.cache or options.write:  # a build without the cache still refreshes it
        # each zone's day, not the set of days: at 23:00 and at 03:00 UTC the set of New York's and
        # Sofia's days may be the same while UTC's, which the footer shows, has moved on
        days = sorted({(zone, today_at(moment, zone)) for zone in ("UTC", *(e.timezone for e in content.editions))})
        settings = f"{days}|{site.urls.base_url}|{options.include_drafts}|{options.publishing}"
        cache = Cache(root, settings, moment.isoformat(), read=reading)
    result.output_folder = options.output or (root / content.site.output)
    if options.output is None:  # site.yaml's choice, a content problem (--output is the operator's)
        problems += site_output_problems(result.output_folder, root, content.site)
    staging = None
    if options.write and not any(p.is_error for p in problems):  # pages go to the staging folder as made
        check_output_folder(result.output_folder, root, inside=options.output is None)
        try:
            held.enter_context(output_lock(result.output_folder))
            staging = staging_folder(result.output_folder)
        except ForeignFolderError as error:
            problems.append(foreign_folder_problem(error.folder, root))
            result.problems = sort_problems(problems)
            return result
        except OSError as error:
            refusal = write_refusal(error, result.output_folder)
            if refusal is None:
                raise
            raise refusal from error
    try:
        outputs = _guarded(timings, "render", lambda: render_site(site, root / "templates", translations,
                                                                  problems, root, wanted, cache, options.jobs,
                                                                  staging, options.publishing, options.records,
                                                                  result.spent, options.partial_links),
                                  staging and result.output_folder)
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    result.site, result.outputs = site, outputs
    if wanted is everything and not any(p.is_error for p in problems):  # no noise after a real error
        problems += _guarded(timings, "links", lambda: check_outputs(outputs, site.urls.root,
                                                                     checks.texts if checks else None, staging))
        assert checks is not None
        problems += _guarded(timings, "repeats", lambda: language_problems(checks, outputs))
    result.problems = sort_problems(problems)
    if staging is not None and not result.ok:
        shutil.rmtree(staging, ignore_errors=True)  # nothing is written unless the whole build is good
    if result.ok and options.write:
        check_output_folder(result.output_folder, root, inside=options.output is None)

        def index(staging: pathlib.Path) -> bool:
            found = _guarded(timings, "search index",
                             lambda: search_index(staging, outputs, root, reading, options.jobs), result.output_folder)
            result.problems = sort_problems([*result.problems, *found])
            return not any(p.is_error for p in found)

        result.written = _guarded(timings, "write", lambda: write_outputs(outputs, result.output_folder,
                                                                          index if options.search else None,
                                                                          staging), result.output_folder)
        if cache is not None:
            prune(root)  # the entries no build has used for a week
    return result
