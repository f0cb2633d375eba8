"""When an edition's sessions happen: a date and a clock time of its agenda as a moment on the
clocks of its place (its `timezone`, through `zones.in_zone`), a session's start and end, and how
long "now and next" shows it as on. Apart from the content model, which keeps the dates and times
as editors write them: these are what the outputs that give moments (calendars, schedules,
structured data, feeds, the times of agenda and session pages) make of them."""

from __future__ import annotations

import datetime as dt

from .edition import Day, Edition, Session
from .zones import in_zone


def at(edition: Edition, day: dt.date, clock: dt.time) -> dt.datetime:
    """A moment of the edition, on the clocks of its place."""
    return in_zone(day, clock, edition.timezone)


def starts(edition: Edition, day: Day, session: Session) -> dt.datetime:
    """When a timed session starts, on the clocks of its place."""
    if session.start is None:
        raise ValueError(f"an untimed session on {day.date} has no start: {session.title.pick('en')}")
    return at(edition, day.date, session.start)


def ends(edition: Edition, day: Day, session: Session) -> dt.datetime | None:
    """When a session ends, as the agenda gives it (`end: "01:30+1"`: the next day's date); None
    without an end."""
    return at(edition, session.end_date(day.date), session.end) if session.end is not None else None


def span(edition: Edition, day: Day, session: Session) -> tuple[dt.datetime, dt.datetime]:
    """When a timed session is on, for "now and next": from its start to its end; without an
    end, until the next later start of its day, else until its day's midnight (the site does
    not know how long it lasts, and shows it as on now only until then). A cancelled session
    ends none."""
    if session.start is None:
        raise ValueError(f"an untimed session on {day.date} has no span: {session.title.pick('en')}")
    start, end = starts(edition, day, session), ends(edition, day, session)
    if end is not None:
        return start, end
    later = sorted(s.start for s in day.sessions
                   if s.start is not None and s.start > session.start and not s.cancelled)
    if later:
        return start, at(edition, day.date, later[0])
    return start, at(edition, day.date + dt.timedelta(days=1), dt.time(0))
