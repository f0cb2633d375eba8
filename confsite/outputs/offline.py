"""Offline use: the service worker at the site's root (`sw.js`) and, for each edition and language,
the list of what the worker keeps when a visitor opens one of that edition's pages
(`<lang>/<slug>/offline.json`).

The list is made from what the registry plans: every page of the edition in that language (its
agenda, its speakers, its session pages…), the pages of its people and organisations and its
printed programme in that language, the stylesheet and scripts, and the edition's calendars.
It names only outputs this build writes. The worker's cache is named by a hash of everything the
build is made from (the engine, the clock, the base URL and every source file), so a new build
gets a new cache and the worker deletes the old one.

`serve` writes neither and its pages register no worker (`Env.publishing`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .. import calendar
from ..cache import engine_version, prefixed, site_wide_files
from ..helpers import ASSETS
from ..recording import fact, field_fact, record, unrecorded
from ..site import Site
from .base import Env, Job, Output

WORKER = "sw.js"
TEMPLATE = "offline/sw.js"
OFFLINE_STYLESHEET = f"{ASSETS}/style.css"  # what the offline pages need besides themselves
NOT_PRECACHED = ("offline", "worker", "files", "sitemap", "robots", "feeds", "schedules")


def precache_path(lang: str, slug: str) -> str:
    """Where the offline list of an edition in one language goes: 'en/2030-iasi/offline.json'."""
    return f"{lang}/{slug}/offline.json"


def offline_page_path(lang: str) -> str:
    """Where the page shown offline in place of a page never kept goes (`offline_page`):
    'ro/offline.html'."""
    return f"{lang}/offline.html"


@dataclasses.dataclass(frozen=True)
class Planned:
    """What the offline lists are made from: the outputs the other units plan (the registry lists
    this one too), grouped once per build, not searched again for each list."""

    pages: Mapping[tuple[str, str], tuple[str, ...]]  # (edition slug, language): its pages, redirects left out
    assets: tuple[str, ...]  # the stylesheet, scripts and icons
    calendars: tuple[str, ...]  # sorted
    written: frozenset[str]  # every output those units plan (a person's page, a printed programme…)


def _planned(env: Env) -> Planned:
    from .registry import UNITS
    planned = {job.path for unit in UNITS if unit.name not in NOT_PRECACHED for job in unit.jobs(env)}
    pages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for plan in env.site.pages:
        lang, _, rest = plan.path.partition("/")
        if lang == plan.lang and "/" in rest and not plan.target and plan.path + "index.html" in planned:
            pages[(rest.split("/", 1)[0], lang)].append(plan.path)
    return Planned({key: tuple(paths) for key, paths in pages.items()},
                   tuple(sorted(path for path in planned
                                if path.startswith("assets/") and path.endswith((".css", ".js", ".svg")))),
                   tuple(sorted(path for path in planned if path.endswith(".ics"))), frozenset(planned))


def _make_list(job: Job, env: Env) -> bytes:
    site, slug, lang = env.site, job.subject.slug, job.subject.lang
    with unrecorded():  # planning reads the whole site (every person, for the cards): not all of it counts
        planned = env.once("offline", lambda: _planned(env))
    # what a list is made from: which pages the site has, and the edition's timed sessions (their
    # calendars); the assets come with the templates, an input of every output
    record(fact("pages"), field_fact(fact("state", slug), "sessions"))
    edition = site.by_slug[slug].edition
    folder, whole = calendar.session_calendar_folder(edition, lang), calendar.edition_calendar_path(edition, lang)
    calendars = prefixed(planned.calendars, folder)
    if whole in planned.calendars:
        calendars = sorted([*calendars, whole])
    # the pages of its people and organisations, which its agenda and speakers link to, and its
    # printed programme: at the venue, a visitor opens them from the edition's pages
    from .agenda import programme_path  # (the agenda's pages name the offline list)
    from .programme import printed

    state = site.by_slug[slug]
    linked = [plan.path for kind, keys in (("person", state.speakers),
                                           ("organisation", (i.organisation for i in state.involvements)))
              for key in keys if (plan := site.plan(kind, key, lang)) and plan.path + "index.html" in planned.written]
    # (asking `printed` records what decides it: planning it above was not recorded)
    pdf = [path for path in (programme_path(slug, lang),) if printed(site, slug) and path in planned.written]
    urls = [site.urls.to(path) for path in (*planned.pages.get((slug, lang), ()), *sorted(linked), *pdf,
                                            *planned.assets, *calendars)]
    return (json.dumps({"urls": urls}, ensure_ascii=False, indent=1) + "\n").encode()


@dataclasses.dataclass(frozen=True, slots=True)
class OfflineList:
    """The offline list of one edition in one language."""

    slug: str
    lang: str


class Lists:
    """The offline list of each edition in each language. It changes only with the pages planned
    and the edition's timed sessions (their calendars)."""

    name = "offline"
    cached = True
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        if not env.publishing:
            return
        site = env.site
        for state in site.editions:
            edition = state.edition
            for lang in site.content.site.languages:
                if site.plan("edition", edition.slug, lang) is not None:
                    yield Job(precache_path(lang, edition.slug), OfflineList(edition.slug, lang))

    def render(self, job: Job, env: Env) -> Output | None:
        return Output(job.path, data=_make_list(job, env))


LISTS = Lists()


class Worker:
    """The service worker, at the site's root so that it may serve every page under the base path."""

    name = "worker"
    cached = True
    exact_clock = False  # its cache's name follows the sources, never the clock
    wide = True  # it lists the pages of every edition

    def jobs(self, env: Env) -> Iterable[Job]:
        if not env.publishing:
            return
        yield Job(WORKER)

    def render(self, job: Job, env: Env) -> Output | None:
        site = env.site
        version = hashlib.blake2b(digest_size=10)
        # not the build's clock: a nightly rebuild of the same content would make every phone
        # install a new worker and fetch its edition again. What the clock changes on the pages
        # does count: an edition's status and its registration's (a list kept offline would
        # otherwise keep "registration open" for good)
        for part in (engine_version(), site.urls.base_url):
            version.update(part.encode() + b"\0")
        for state in site.editions:
            version.update(f"{state.edition.slug}\0{state.status}\0{state.registration}\0".encode())
        for path in sorted({*content_files(site), *site_wide_files(env.root)}):
            record(path)
            version.update(f"{path}\0{env.source_digest(path)}\0".encode())
        config = site.content.site
        offline_pages = {lang: site.urls.to(offline_page_path(lang)) for lang in config.languages}
        script = env.render_template(TEMPLATE, {"cache_prefix": f"confsite:{site.urls.root}:",
                                                "version": version.hexdigest(), "scope": site.urls.root,
                                                "offline_pages": offline_pages,
                                                "offline_needs": [site.urls.to(OFFLINE_STYLESHEET)],
                                                "default_language": config.default_language})
        return None if script is None else Output(job.path, data=script.encode())


def content_files(site: Site) -> set[str]:
    """Every content file the site is made from (each read and checked by load): any change to one
    is a new version of the worker, so browsers replace what they kept."""
    content = site.content
    found = {path for state in site.editions for path in state.edition.inputs}
    found |= {f"content/editions/{state.edition.slug}/{file}"
              for state in site.editions for file in state.edition.files}
    # through the site's mappings, which record which people, organisations and pages there are:
    # one added is a new version too
    for thing in (*content.people.values(), *content.organisations.values(), *site.site_pages.values()):
        found.add(thing.source.path)
    pictures = [getattr(thing, name, None) for thing in (*content.people.values(), *content.organisations.values())
                for name in ("photo", "logo")]
    for state in site.editions:
        venue = state.edition.place.venue
        pictures += [state.edition.image, venue.image if venue else None]
    return found | {picture.file for picture in pictures if picture is not None}


WORKER_UNIT = Worker()
