"""iCalendar files: every edition's (calendar.ics), each edition's, and each timed session's."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import calendar
from ..kept import Last
from ..model import Day, Session
from ..site import EditionState, Site
from .base import Env, Export, Job, PerEdition


@dataclasses.dataclass(frozen=True, slots=True)
class EditionCalendar:
    """The calendar of one edition's timed sessions."""

    state: EditionState


@dataclasses.dataclass(frozen=True, slots=True)
class SessionCalendar:
    """The calendar of one timed session, to add it alone."""

    state: EditionState
    day: Day
    session: Session


def plan(site: Site) -> tuple[Job, ...]:
    editions = _edition_jobs(site.editions)
    return _ALL.get((editions,), lambda: (Job("calendar.ics"), *editions))


def _edition(state: EditionState) -> Iterator[Job]:
    edition = state.edition
    yield Job(calendar.edition_calendar_path(edition), EditionCalendar(state))
    for entry in state.sessions:  # its timed sessions, each key made once (`resolve.session_entries`)
        yield Job(calendar.keyed_calendar_path(edition, entry.key), SessionCalendar(state, entry.day, entry.session))


_edition_jobs = PerEdition(_edition)
_ALL: Last[tuple[Job, ...]] = Last()  # the site's calendar and the editions', one object while they are the same


def make(job: Job, env: Env) -> bytes:
    subject = job.subject
    if isinstance(subject, SessionCalendar):
        return calendar.session_calendar(subject.state, subject.day, subject.session, env.site, env.once)
    if isinstance(subject, EditionCalendar):
        return calendar.edition_calendar(subject.state, env.site, env.once)
    return calendar.site_calendar(env.site)


UNIT = Export("calendars", plan, make, exact_clock=True)  # DTSTAMP is the build's clock
