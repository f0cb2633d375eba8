"""iCalendar files: every edition's (calendar.ics), each edition's, and each timed session's."""

from __future__ import annotations

from collections.abc import Iterator

from .. import calendar
from ..resolve import Site
from .base import Env, Export, Job


def plan(site: Site) -> Iterator[Job]:
    every_edition = tuple(path for state in site.editions for path in state.edition.inputs)
    yield Job("calendar.ics", ("site.yaml", *every_edition))
    for state in site.editions:
        edition = state.edition
        inputs = ("site.yaml", *edition.inputs)  # calendars name sessions, not people
        yield Job(calendar.edition_calendar_path(edition), inputs, (state,))
        for day, session in edition.timed_sessions:
            yield Job(calendar.session_calendar_path(edition, day, session), inputs, (state, day, session))


def make(job: Job, env: Env) -> bytes:
    if job.subject is None:
        return calendar.site_calendar(env.site)
    if len(job.subject) == 1:
        return calendar.edition_calendar(job.subject[0], env.site)
    return calendar.session_calendar(*job.subject, env.site)


UNIT = Export("calendars", plan, make, exact_clock=True)  # DTSTAMP is the build's clock
