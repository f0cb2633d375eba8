"""Render stage: the resolved site -> outputs (bytes and the inputs each was made from, recorded
while it rendered).

One loop over the registry of output units (`outputs.registry`): each unit plans its outputs and
renders one at a time. Templates get ready values and a few presentation helpers (`t` picks a
text in the page's language, the formatting functions of `formatting`); they hold no business
rules. Each output records what it read while it rendered: the source files of the model values
and the templates it used, and the facts of the resolved site it looked up (`recording`,
`depends`). That is what lets `serve` rebuild exactly what a save affects, and the build cache
(`cache`) tell an entry that is still good.

Outputs not found in the cache are rendered on every core, and a large site's cache entries read
there too (`workers`): the results come back in the planned order, so a parallel build gives the
same bytes as a serial one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gettext
import hashlib
import itertools
import os
import pathlib
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Container, Iterable, Sequence, Set
from typing import Any, TypeVar

from . import workers
from .cache import Cache, Entry
from .cache_folder import write_all
from .depends import Digest, Facts, current, inputs_digest
from .language import page_repeats
from .links import LinkCheck, LinkFindings, PageLinks, page_links
from .outputs.base import Env, Job, MadeSize, Output, Unit
from .outputs.registry import NAVIGABLE, UNITS
from .problems import Problem, Where
from .recording import recording
from .site import Site, draft_addresses

__all__ = ["Output", "Wanted", "everything", "render_site"]

# the units another one waits for (`after`): the sizes of their outputs are kept for it to show
WAITED_FOR = frozenset(name for unit in UNITS for name in getattr(unit, "after", ()))
PARALLEL_FROM = 64  # fewer outputs to render than this are rendered in this process, unless slow
# fewer cache entries to read than this are read in this process: reading one takes under a
# millisecond, starting the workers tens of them
READ_PARALLEL_FROM = 256
# outputs rendered by one set of forked workers, which are then forked afresh (`workers.on_every_core`):
# on the 300-edition series (62,000 outputs) the build's peak memory, all processes, fell from 587 MB
# to 527 MB, for a fork every few seconds; reading the cache, a quicker task, is done in one round
RENDER_ROUND = 1000
_WRITTEN = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


# Which outputs to make: asked once for each group of the site's outputs with all their paths, in
# order, and the digests of the site's facts now; it answers with the paths to make. (One question
# for all the outputs, not one each: the live preview asks it of 55,000 on a 300-edition series.)
Wanted = Callable[[Sequence[str], Facts], Container[str]]


class _Every(Container[str]):
    def __contains__(self, path: object) -> bool:
        return True


ALL: Container[str] = _Every()


def everything(paths: Sequence[str], facts: Facts) -> Container[str]:
    return ALL


def link_check(site: Site, files: Set[str]) -> LinkCheck:
    """The check of a page's links against `files`, the files the site has, at its root, links to
    its draft editions told apart (`LinkCheck`)."""
    return LinkCheck(files, site.urls.root, *draft_addresses(site))


def render_site(site: Site, templates: pathlib.Path, translations: dict[str, gettext.NullTranslations],
                problems: list[Problem], root: pathlib.Path,
                wanted: Wanted = everything, cache: Cache | None = None,
                jobs: int = 1, staging: pathlib.Path | None = None, publishing: bool = True,
                records: bool = True, spent: dict[str, UnitTime] | None = None,
                partial_links: bool = False) -> list[Output]:
    """The outputs of the site that are `wanted` (all by default), from `cache` where it has them,
    rendered by `jobs` processes (0: one per core) where it does not.

    With a `staging` folder, each output's bytes are written there as soon as they are made, and
    the outputs returned hold only what the later checks need (links, repeated sentences, a hash):
    the site is never held in memory whole. Template mistakes become problems, at their line.
    Without `publishing` (the live preview), the share cards, PDF programmes and offline worker are not
    made, and pages share the site's card. Without `records`, an output keeps what it read
    (`Output.inputs`) only where a later check needs it (a page that says a sentence twice).
    With `spent`, what each unit's outputs took is added there (`UnitTime`, by the unit's name).
    With `partial_links`, the pages of a partial render (the preview's) have their links checked too
    (`Output.findings`), against every file the whole site has.
    """
    env = Env(site, templates, translations, root, problems, NAVIGABLE, publishing=publishing,
              cache_digests=cache.file if cache is not None else None,
              fresh_pictures=set() if cache is not None and not cache.asked else None)
    facts = Facts(site)
    outputs, shared = [], Shared()
    listed = {unit.name: _listed(unit, env) for unit in UNITS}  # each unit's jobs, listed once
    # a whole render checks each page's links as it is made, against every file the site will have
    links = link_check(site, frozenset(path for listing in listed.values() for path in listing.paths)) \
        if wanted is everything or partial_links else None
    for group in layers(UNITS):
        outputs += _render_units(env, [listed[unit.name] for unit in group], problems, wanted, facts, cache, jobs,
                                 staging, shared, links, records, spent)
    if cache is not None:
        problems += cache.notes
    return outputs


def layers(units: Sequence[Unit]) -> list[list[Unit]]:
    """The units in groups made one after the other: a unit goes in the first group that comes
    after the groups of the units it names in `after` (the agenda, which shows the size of its
    printed programme, after the programmes). The units that name none are all in the first group,
    made together on every core."""
    names = {unit.name for unit in units}
    made: set[str] = set()
    left, groups = list(units), []
    while left:
        group = [unit for unit in left if names.intersection(getattr(unit, "after", ())) <= made]
        if not group:
            raise ValueError(f"these units wait for each other: {', '.join(unit.name for unit in left)}")
        groups.append(group)
        made.update(unit.name for unit in group)
        left = [unit for unit in left if unit not in group]
    return groups


def _render_units(env: Env, listed: list[Listing], problems: list[Problem], wanted: Wanted,
                  facts: Facts, cache: Cache | None, jobs: int, staging: pathlib.Path | None,
                  shared: Shared, links: LinkCheck | None, records: bool,
                  spent: dict[str, UnitTime] | None) -> list[Output]:
    planned = list(itertools.chain.from_iterable(listing.planned for listing in listed))
    chosen = wanted(list(itertools.chain.from_iterable(listing.paths for listing in listed)), facts)
    if chosen is not ALL:
        planned = [(unit, job) for unit, job in planned if job.path in chosen] if chosen else []
    run = Run(env, planned,
              {}, cache, staging, current(facts, cache.file) if cache is not None else facts,
              checked=wanted is everything or cache is not None, links=links, records=records)
    results: dict[int, Made] = {}
    processes = workers.count(jobs)
    if cache is not None:
        for index, (unit, job) in enumerate(run.planned):
            if unit.cached:
                tools = getattr(unit, "tools", None)
                run.keys[index] = cache.key(unit.name, job.path, unit.exact_clock, tools() if tools else "")
        kept = list(run.keys) if cache.read else []  # (the outputs still get their keys, to be kept)
        if processes > 1 and len(kept) >= READ_PARALLEL_FROM:
            found = _in_parallel(run, kept, processes, shared, step="kept")
        else:
            found = [_shared(shared, run.kept(index)) for index in kept]
        for item in found:
            if isinstance(item, Missing):
                cache.notes += item.notes
            else:
                results[item.index] = item
    missing = [index for index in range(len(run.planned)) if index not in results]
    slow = sum(1 for index in missing if getattr(run.planned[index][0], "slow", False))
    parallel = processes > 1 and (len(missing) >= PARALLEL_FROM or slow > 1)
    fresh = _in_parallel(run, missing, processes, shared) if parallel else \
        [shared.made(run.one(index)) for index in missing]
    results.update((made.index, made) for made in fresh if isinstance(made, Made))
    if spent is not None:
        _tally(spent, run.planned, results, frozenset(missing))
    outputs = []
    for index, (unit, job) in enumerate(run.planned):
        made = results[index]
        problems += made.problems
        if made.made:
            outputs.append(Output(job.path, made.inputs, made.data, made.copy_from, made.findings, made.repeats,
                                  made.digest, made.texts))
            if made.size is not None and unit.name in WAITED_FOR:  # the sizes a later unit shows
                env.sizes[job.path] = MadeSize(made.size, made.inputs)
    return outputs


@dataclasses.dataclass(frozen=True, slots=True)
class UnitTime:
    """What one unit's outputs took in a render: how many it made and the seconds that took in all
    the processes together (rendering, checking and writing them), and how many the cache had."""

    made: int = 0
    seconds: float = 0.0
    kept: int = 0


def _tally(spent: dict[str, UnitTime], planned: Sequence[tuple[Unit, Job]], results: dict[int, Made],
           made: Container[int]) -> None:
    """Adds to `spent` each planned output's unit and time: `made` now, or kept from the cache."""
    made_now: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    seconds: defaultdict[str, float] = defaultdict(float)
    for index, (unit, _) in enumerate(planned):
        if index in made:
            made_now[unit.name] += 1
            seconds[unit.name] += results[index].seconds
        else:
            kept[unit.name] += 1
    for name in made_now.keys() | kept.keys():
        before = spent.get(name, UnitTime())
        spent[name] = UnitTime(before.made + made_now[name], before.seconds + seconds[name], before.kept + kept[name])


@dataclasses.dataclass(frozen=True)
class Listing:
    """What one unit plans to make, as one listing of its jobs gave it: each job with its unit,
    and their paths."""

    unit: Unit
    jobs: Iterable[Job]
    planned: tuple[tuple[Unit, Job], ...]
    paths: tuple[str, ...]


# each unit's last listing, by its name: taken again while the unit lists the very same jobs object
# (the live preview's save left what they are made from as it was: `kept`), so that listing the 55,000
# outputs of a 300-edition series again costs a copy of the last listing, not a pass over each
_LISTINGS: dict[str, Listing] = {}


def _listed(unit: Unit, env: Env) -> Listing:
    jobs = unit.jobs(env)
    last = _LISTINGS.get(unit.name)
    if last is None or last.unit is not unit or last.jobs is not jobs:
        kept = jobs if isinstance(jobs, tuple) else tuple(jobs)
        last = _LISTINGS[unit.name] = Listing(unit, jobs if kept is jobs else (), tuple((unit, job) for job in kept),
                                              tuple(job.path for job in kept))
    return last


@dataclasses.dataclass(slots=True)
class Made:
    """What rendering one planned output gave (sent back from a worker process)."""

    index: int
    made: bool  # False: a template mistake stopped it (see problems)
    data: bytes | None  # None once written to the staging folder, or for a copy
    copy_from: pathlib.Path | None
    problems: list[Problem]
    findings: LinkFindings | None = None  # of its links (`LinkCheck`), in a whole render
    repeats: tuple[str, ...] | None = None
    digest: str | None = None
    inputs: tuple[str, ...] = ()  # what it read while it rendered
    texts: tuple[Where, ...] = ()  # the Markdown texts it shows
    size: int | None = None  # of the bytes made (None for a copy)
    seconds: float = 0.0  # making it took, with its checks and writing it (0 when the cache had it)


T = TypeVar("T")


class Shared:
    """One copy of each equal value the outputs keep for the checks after render and for `serve`.
    Many outputs read the same facts, templates and files, and many pages hold the same
    ids (on 30 generated editions: 358,000 recorded inputs, 7,400 of them distinct; 4,601 sets of
    ids, 36 distinct). Each output's record is rebuilt from these copies as it comes in,
    from the cache, from this process or from a worker, so a large site's records take a fraction
    of the memory."""

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def one(self, value: T) -> T:
        return self.values.setdefault(value, value)

    def made(self, made: Made) -> Made:
        """`made`, what it keeps for later made of shared copies."""
        get, one, found = self.values.get, self.one, made.findings
        findings = None if found is None else LinkFindings(
            one(found.problems), one(tuple(map(one, found.anchors))), one(found.ids))
        inputs = get(made.inputs) or one(tuple([get(name) or one(name) for name in made.inputs]))
        return dataclasses.replace(made, findings=findings, inputs=inputs, texts=one(tuple(map(one, made.texts))),
                                   repeats=None if made.repeats is None else one(tuple(map(one, made.repeats))))


@dataclasses.dataclass
class Run:
    """One render: what is planned, the cache keys, where the bytes go."""

    env: Env
    planned: list[tuple[Unit, Job]]
    keys: dict[int, str]
    cache: Cache | None
    staging: pathlib.Path | None
    digest: Digest  # the digest of a recorded input as the site is now, kept with a cached output
    # whether the link and language checks will read the pages (a whole build, or one that fills the
    # cache); a partial render (the preview's) skips finding their repeated sentences
    checked: bool = True
    links: LinkCheck | None = None  # checks each page's links as it is made (a whole render, the preview's)
    records: bool = True  # each output keeps what it read (`render_site`)
    folders: set[str] = dataclasses.field(default_factory=set)  # of the staging folder, made so far

    def one(self, index: int) -> Made:
        """The output at `index`, made, checked and kept, with the time that took."""
        started = time.perf_counter()
        made = self._made(index)
        made.seconds = time.perf_counter() - started
        return made

    def _made(self, index: int) -> Made:
        unit, job = self.planned[index]
        self.env.problems = found = []
        with recording() as reads:
            output = unit.render(job, self.env)
        # interned: the same few thousand names are read by many outputs, and sent back from a
        # worker once each rather than once per output
        inputs, texts = tuple(sorted(map(sys.intern, reads.inputs))), tuple(reads.texts)
        if output is None:
            return Made(index, False, None, None, found)
        if output.data is None or not job.path.endswith(".html") or not (self.checked or self.links is not None):
            return self.finish(index, output.data, output.copy_from, found, None, None, inputs, texts)
        text = output.data.decode("utf-8", "replace")  # (once, for both readings)
        return self.finish(index, output.data, output.copy_from, found, page_links(output.data, text),
                           page_repeats(text) if self.checked else None, inputs, texts)

    def finish(self, index: int, data: bytes | None, copy_from: pathlib.Path | None, found: list[Problem],
               links: PageLinks | None, repeats: tuple[str, ...] | None, inputs: tuple[str, ...],
               texts: tuple[Where, ...], store: bool = True) -> Made:
        """Keep a made output in the cache and write it into the staging folder."""
        # what it read is kept for `serve` and the tests (`records`), the language check of a page
        # that says a sentence twice, and the size of a file another unit shows (`MadeSize`): 40 MB
        # on a 300-edition series, held to the end of the render when none of them asks
        kept = inputs if self.records or repeats or self.planned[index][0].name in WAITED_FOR else ()
        if data is None:
            return Made(index, True, None, copy_from, found, inputs=kept, texts=texts)
        key = self.keys.get(index)
        if store and self.cache is not None and key and not any(p.is_error for p in found):
            self.cache.put(key, Entry(data, tuple(found), links, repeats, inputs, inputs_digest(inputs, self.digest),
                                      texts))
        digest, size = hashlib.blake2b(data, digest_size=20).hexdigest(), len(data)
        path = self.planned[index][1].path
        findings = None if links is None or self.links is None else self.links.page(path, links)
        if self.staging is not None:
            target = f"{self.staging}/{path}"
            folder = os.path.dirname(target)
            if folder not in self.folders:  # made once, not asked of the disk for each output
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            write_all(os.open(target, _WRITTEN, 0o666), data)  # as open(target, "wb") makes it
            data = None
        return Made(index, True, data, None, found, findings, repeats, digest, kept, texts, size)

    def kept(self, index: int) -> Made | Missing:
        """An output as the cache keeps it (written into the staging folder), or what looking for it
        there noted (a damaged entry) when the cache has no entry to use."""
        assert self.cache is not None
        before = len(self.cache.notes)
        entry = self.cache.get(self.keys[index], self.planned[index][1].path, self.digest)
        if entry is None:
            notes = tuple(self.cache.notes[before:])
            del self.cache.notes[before:]  # sent back with the miss: a worker's own notes go nowhere
            return Missing(index, notes)
        return self.finish(index, entry.data, None, list(entry.problems), entry.links, entry.repeats,
                           entry.inputs, entry.texts, store=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Missing:
    """An output the cache has no entry for, with the notes looking for it made."""

    index: int
    notes: tuple[Problem, ...] = ()


def _shared(shared: Shared, item: Made | Missing) -> Made | Missing:
    return item if isinstance(item, Missing) else shared.made(item)


def _in_parallel(run: Run, indices: Sequence[int], processes: int, shared: Shared, step: str = "one"
                 ) -> list[Made | Missing]:
    """Render (`step` "one") or read from the cache (`step` "kept") the outputs at `indices` in
    this process and `processes - 1` forked ones (`workers`), which share the site and the compiled
    templates."""
    busy = {unit.name: unit for unit, _ in (run.planned[index] for index in indices)}.values()
    for unit in busy if step == "one" else ():  # compile the templates they use once, before the fork
        template = getattr(unit, "template", None)
        if template:
            with contextlib.suppress(Exception):  # a template mistake is reported where it is used
                run.env.jinja.get_template(template)
    slow = [step == "one" and getattr(run.planned[index][0], "slow", False) for index in indices]
    wide = [step == "one" and getattr(run.planned[index][0], "wide", False) for index in indices]
    weights = [getattr(run.planned[index][0], "weight", 1) for index in indices]
    task: Callable[[int], Made | Missing] = run.one if step == "one" else run.kept
    return workers.on_every_core(task, indices, slow, processes, keep=lambda item: _shared(shared, item),
                                 rounds_of=RENDER_ROUND if step == "one" else 0, wide=wide, weights=weights)
