"""iCalendar (RFC 5545) exports: an edition's sessions, one session, and every edition of the site.

Pure functions from the resolved site to bytes, written with the `icalendar` library. Choices:
- UIDs are stable across builds: "<slug>-<session key>@<host>" for a session and "<slug>@<host>"
  for an edition's all-day event (the same UID in the edition's and the site's calendar, since it
  is the same event). The host is the one of the site's base URL.
- DTSTAMP is the build's clock (`site.built_at`), never the real now, so identical input gives
  identical bytes. No calendar-level UID either: icalendar's `Calendar.new()` would invent one.
- No METHOD: METHOD:PUBLISH makes the file an iTIP message, which then needs an ORGANIZER.
- Times carry TZID=<edition timezone>, and icalendar builds the matching VTIMEZONE from the
  zoneinfo data (`add_missing_timezones`, icalendar >= 6.1), covering the edition's year(s).
- A session with a start and no end gets no DTEND: RFC 5545 (3.6.1) then makes it end when it
  starts. The site does not know how long it lasts, and a guess (an hour, the next session's
  start) would publish an end the organisers never gave.
- Texts are in the site's default language, falling back to the edition's languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from .formatting import country
from .model import Day, Edition, Session, Text, session_key
from .resolve import EditionState, Site
from .sanitize import single_line

PRODID = "-//confsite//Conference calendar//EN"


def edition_calendar_path(edition: Edition) -> str:
    """Where an edition's calendar goes, relative to the site root: '2030-iasi.ics'."""
    return f"{edition.slug}.ics"


def session_calendar_path(edition: Edition, day: Day, session: Session) -> str:
    """'2030-iasi/calendar/2030-05-12-0930.ics': one timed session, for "add to calendar"."""
    return f"{edition.slug}/calendar/{_key(day, session)}.ics"


def edition_calendar(state: EditionState, site: Site) -> bytes:
    """One event per timed session; without any, one all-day event over the edition's dates."""
    edition = state.edition
    timed = sorted(edition.timed_sessions, key=lambda pair: (pair[0].date, pair[1].start, _key(*pair)))
    events = [_session_event(edition, day, session, site) for day, session in timed]
    return _calendar(site, _pick(edition.title, edition, site), events or [_edition_event(edition, site)])


def session_calendar(state: EditionState, day: Day, session: Session, site: Site) -> bytes:
    """A calendar with the one timed session."""
    event = _session_event(state.edition, day, session, site)
    return _calendar(site, str(event["SUMMARY"]), [event])


def site_calendar(site: Site) -> bytes:
    """Every edition as one all-day event, in date order: the calendar subscribers follow."""
    editions = sorted((s.edition for s in site.editions), key=lambda e: (e.start, e.end, e.slug))
    title = site.content.site.plain(site.content.site.title, site.content.site.default_language)
    return _calendar(site, title, [_edition_event(e, site) for e in editions])


def _key(day: Day, session: Session) -> str:
    key = session_key(day, session)  # a session with an id has a key even without a start
    if key is None or session.start is None:
        raise ValueError(f"an untimed session on {day.date} has no calendar: {session.title.pick('en')}")
    return key


def _pick(text: Text, edition: Edition, site: Site) -> str:
    return site.content.site.plain(text, site.content.site.default_language, edition.original_language)


def _uid(site: Site, *parts: str) -> str:
    host = urlsplit(site.urls.base_url).hostname or "localhost"
    return f"{'-'.join(parts)}@{host}"


def _page_url(site: Site, kind: str, edition: Edition) -> str | None:
    plan = site.plan(kind, edition.slug, site.content.site.default_language)
    return site.urls.absolute(plan.path) if plan else None


def _location(edition: Edition, site: Site) -> str | None:
    place = edition.place
    venue = place.venue
    if venue is None:
        return (edition.online_url or "Online") if place.online else None
    parts = [_pick(venue.name, edition, site)] if venue.name else []
    return ", ".join([*parts, _pick(venue.city, edition, site), country(venue.country, "en")])


def _event(edition: Edition, site: Site, uid: str, summary: str, start: dt.date, end: dt.date | None,
           url: str | None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", site.built_at.astimezone(dt.UTC))
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    event.add("summary", single_line(summary))
    location = _location(edition, site)
    if location:
        event.add("location", single_line(location))
    if edition.format == "hybrid" and edition.online_url:
        event.add("description", single_line(edition.online_url))
    if url:
        event.add("url", single_line(url))
    return event


def _session_event(edition: Edition, day: Day, session: Session, site: Site) -> Event:
    if session.start is None:
        raise ValueError(f"an untimed session on {day.date} has no calendar: {session.title.pick('en')}")
    start = edition.at(day.date, session.start)
    end = edition.at(day.date, session.end) if session.end else None
    summary = f"{_pick(session.title, edition, site)} — {_pick(edition.title, edition, site)}"
    url = _page_url(site, "agenda", edition) or _page_url(site, "edition", edition)
    return _event(edition, site, _uid(site, edition.slug, _key(day, session)), summary, start, end, url)


def _edition_event(edition: Edition, site: Site) -> Event:
    return _event(edition, site, _uid(site, edition.slug), _pick(edition.title, edition, site),
                  edition.start, edition.end + dt.timedelta(days=1), _page_url(site, "edition", edition))


def _calendar(site: Site, name: str, events: Iterable[Event]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    name = single_line(name)  # a line break would start a line of its own (icalendar asserts against it)
    calendar.add("name", name)  # RFC 7986, and the older name most clients read
    calendar.add("x-wr-calname", name)
    years = []
    for event in events:
        calendar.add_component(event)
        years.append(event.decoded("DTSTART").year)
    if years:  # a VTIMEZONE for each TZID used, over the events' whole years (not 1970-2038)
        calendar.add_missing_timezones(dt.date(min(years), 1, 1), dt.date(max(years) + 1, 1, 1))
    return calendar.to_ical()
