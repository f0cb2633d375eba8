"""Render stage: the resolved site -> outputs (bytes and the inputs each was made from).

One loop over the registry of output units (`outputs.registry`): each unit plans its outputs and
renders one at a time. Templates get ready values and a few presentation helpers (`t` picks a
text in the page's language, the formatting functions of `formatting`); they hold no business
rules. Each output records the source files and templates it used, which is what lets `serve`
rebuild exactly what a save affects, and keys the build cache (`cache`).

Outputs not found in the cache are rendered on every core: the planned outputs are split into
chunks that forked worker processes render; the results come back in the planned order, so a
parallel build gives the same bytes as a serial one.
"""

from __future__ import annotations

import contextlib
import gettext
import multiprocessing
import os
import pathlib
from collections.abc import Callable, Sequence

from .cache import Cache, Entry
from .language import page_repeats
from .links import PageLinks, page_links
from .outputs.base import Env, Job, Output, Unit
from .outputs.registry import NAVIGABLE, UNITS
from .problems import Problem
from .resolve import Site

__all__ = ["Output", "everything", "render_site"]

PARALLEL_FROM = 64  # fewer outputs to render than this are rendered in this process
Rendered = tuple[int, bytes | None, pathlib.Path | None, list[Problem], PageLinks | None, tuple[str, ...] | None]


def everything(path: str, inputs: tuple[str, ...]) -> bool:
    return True


def workers(jobs: int = 0) -> int:
    """How many processes render: `jobs`, or one per core this process may use."""
    if jobs > 0:
        return jobs
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def render_site(site: Site, templates: pathlib.Path, translations: dict[str, gettext.NullTranslations],
                problems: list[Problem], root: pathlib.Path,
                wanted: Callable[[str, tuple[str, ...]], bool] = everything, cache: Cache | None = None,
                jobs: int = 1) -> list[Output]:
    """The outputs of the site whose inputs are `wanted` (all by default), from `cache` where it
    has them, rendered by `jobs` processes (0: one per core) where it does not.

    Template mistakes become problems, reported at their line.
    """
    env = Env(site, templates, translations, root, problems, NAVIGABLE)
    planned = [(unit, job) for unit in UNITS for job in unit.jobs(env) if wanted(job.path, job.inputs)]
    results: dict[int, Rendered] = {}
    keys: dict[int, str] = {}
    if cache is not None:
        for index, (unit, job) in enumerate(planned):
            if unit.cached:
                keys[index] = key = cache.key(unit.name, job.path, job.inputs, unit.exact_clock)
                entry = cache.get(key, job.path)
                if entry is not None:
                    results[index] = (index, entry.data, None, list(entry.problems), entry.links, entry.repeats)
    missing = [index for index in range(len(planned)) if index not in results]
    count = workers(jobs)
    if count > 1 and len(missing) >= PARALLEL_FROM:
        fresh = _in_parallel(env, planned, missing, count)
    else:
        fresh = _render_all(env, planned, missing)
    for item in fresh:
        index, data, _, found, links, repeats = results[item[0]] = item
        if cache is not None and index in keys and data is not None and not any(p.is_error for p in found):
            cache.put(keys[index], Entry(data, tuple(found), links, repeats))
    outputs = []
    for index, (_, job) in enumerate(planned):
        _, data, copy_from, found, links, repeats = results[index]
        problems += found
        if data is not None or copy_from is not None:
            outputs.append(Output(job.path, job.inputs, data, copy_from, links, repeats))
    if cache is not None:
        problems += cache.notes
    return outputs


def planned_paths(site: Site, templates: pathlib.Path, root: pathlib.Path) -> set[str]:
    """Where every output the site has now goes, rendered this time or not."""
    env = Env(site, templates, {}, root, [], NAVIGABLE)
    return {job.path for unit in UNITS for job in unit.jobs(env)}


def _render_one(env: Env, index: int, unit: Unit, job: Job) -> Rendered:
    env.problems = found = []
    output = unit.render(job, env)
    if output is None:
        return index, None, None, found, None, None
    if output.data is None or not job.path.endswith(".html"):
        return index, output.data, output.copy_from, found, None, None
    return (index, output.data, output.copy_from, found, page_links(output.data),
            page_repeats(output.data.decode("utf-8", "replace")))


def _render_all(env: Env, planned: Sequence[tuple[Unit, Job]], indices: Sequence[int]) -> list[Rendered]:
    return [_render_one(env, index, *planned[index]) for index in indices]


_WORK: tuple[Env, Sequence[tuple[Unit, Job]]] | None = None  # what forked workers render from


def _render_chunk(indices: Sequence[int]) -> list[Rendered]:
    assert _WORK is not None
    return _render_all(_WORK[0], _WORK[1], indices)


def _in_parallel(env: Env, planned: Sequence[tuple[Unit, Job]], indices: Sequence[int],
                 count: int) -> list[Rendered]:
    """Render in `count` forked processes, which share the site and the compiled templates."""
    global _WORK
    for unit in UNITS:  # compile the templates once, before the workers are forked
        template = getattr(unit, "template", None)
        if template:
            with contextlib.suppress(Exception):  # a template mistake is reported where it is used
                env.jinja.get_template(template)
    chunks = [indices[start:start + 16] for start in range(0, len(indices), 16)]
    _WORK = (env, planned)
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            return [item for chunk in pool.imap(_render_chunk, chunks) for item in chunk]
    finally:
        _WORK = None
