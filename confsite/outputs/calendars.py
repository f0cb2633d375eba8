"""iCalendar files, in each of the site's languages: every edition's (calendar.ics), each edition's,
and each timed session's; and, at the root in the default language, the site's and each edition's,
where subscribers and shared links found them before calendars had languages."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator

from .. import calendar
from ..edition import Day, Session
from ..kept import Last
from ..site import EditionState, Site
from .base import Env, Export, Job, PerEdition


@dataclasses.dataclass(frozen=True, slots=True)
class SiteCalendar:
    """Every edition as an all-day event, in one language."""

    lang: str


@dataclasses.dataclass(frozen=True, slots=True)
class EditionCalendar:
    """The calendar of one edition's timed sessions, in one language."""

    state: EditionState
    lang: str


@dataclasses.dataclass(frozen=True, slots=True)
class SessionCalendar:
    """The calendar of one timed session, to add it alone, in one language."""

    state: EditionState
    day: Day
    session: Session
    lang: str


def plan(site: Site) -> tuple[Job, ...]:
    config = site.content.site
    languages, default = tuple(config.languages), config.default_language
    per_edition = _PER_EDITION.get(languages) or _PER_EDITION.setdefault(
        languages, PerEdition(functools.partial(_edition, languages=languages, default=default)))
    editions = per_edition(site.editions)
    return _ALL.get((editions,), lambda: (
        Job(calendar.site_calendar_path(None), SiteCalendar(default)),
        *(Job(calendar.site_calendar_path(lang), SiteCalendar(lang)) for lang in languages), *editions),
        given=languages)


def _edition(state: EditionState, languages: tuple[str, ...], default: str) -> Iterator[Job]:
    edition = state.edition
    # under its former names too: a calendar program subscribed there cannot follow a redirect page
    for slug in (None, *edition.former_slugs):
        yield Job(calendar.edition_calendar_path(edition, None, slug), EditionCalendar(state, default))
        for lang in languages:
            yield Job(calendar.edition_calendar_path(edition, lang, slug), EditionCalendar(state, lang))
    # each session's own too, where a link shared before the rename leads
    for slug in (None, *edition.former_slugs):
        for lang in languages:
            for entry in state.sessions:  # its timed sessions, each key made once (`resolve.session_entries`)
                yield Job(calendar.keyed_calendar_path(edition, entry.key, lang, slug),
                          SessionCalendar(state, entry.day, entry.session, lang))


_PER_EDITION: dict[tuple[str, ...], PerEdition] = {}  # by the site's languages (one entry in a build)
_ALL: Last[tuple[Job, ...]] = Last()  # the site's calendars and the editions', one object while they are the same


def make(job: Job, env: Env) -> bytes:
    subject = job.subject
    words = env.translations[subject.lang]
    wording = calendar.Wording(subject.lang, words.gettext("Online"), words.gettext("Cancelled"))
    if isinstance(subject, SessionCalendar):
        return calendar.session_calendar(subject.state, subject.day, subject.session, env.site, wording, env.once)
    if isinstance(subject, EditionCalendar):
        return calendar.edition_calendar(subject.state, env.site, wording, env.once)
    return calendar.site_calendar(env.site, wording)


UNIT = Export("calendars", plan, make, exact_clock=True)  # DTSTAMP is the build's clock
