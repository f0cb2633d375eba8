"""iCalendar (RFC 5545) exports: an edition's sessions, one session, and every edition of the site.

Pure functions from the resolved site to bytes, written with the `icalendar` library. Choices:
- UIDs are stable across builds: "<slug>-<session key>@<host>" for a session and "<slug>@<host>"
  for an edition's all-day event (the same UID in the edition's and the site's calendar, since it
  is the same event). The slug is the edition's lasting one (`Edition.lasting_slug`), which a
  renamed folder does not change. The host is the one of the site's base URL.
- DTSTAMP is the build's clock (`site.built_at`), never the real now, so identical input gives
  identical bytes. No calendar-level UID either: icalendar's `Calendar.new()` would invent one.
- No METHOD: METHOD:PUBLISH makes the file an iTIP message, which then needs an ORGANIZER.
- Times carry TZID=<edition timezone>, with a VTIMEZONE built here from the zoneinfo data over the
  events' whole years (`vtimezone`). Each change is written at zoneinfo's instant, in the local time
  before it (RFC 5545: DTSTART is read with TZOFFSETFROM): Bucharest springs forward at 03:00,
  Chișinău at 02:00. (icalendar's own `add_missing_timezones` writes the spring change an hour late.)
- A cancelled session keeps its event, with STATUS:CANCELLED, SEQUENCE:1 (the one revision the
  site knows of) and the word "Cancelled" before its title (for the clients that ignore STATUS),
  so a calendar that follows the edition's, or takes the file again, learns that it is off.
- A session with a start and no end gets no DTEND: RFC 5545 (3.6.1) then makes it end when it
  starts. The site does not know how long it lasts, and a guess (an hour, the next session's
  start) would publish an end the organisers never gave.
- A session's event gives its room before the venue in LOCATION (online, the meeting's address
  stays alone there), and links to the session's own page.
- Each calendar is in one language: titles, the place's country and the link back to the page are
  the page's, falling back to the edition's languages as the pages do. Every language's calendars
  live under its folder (`en/2030-iasi.ics`, `ro/calendar.ics`, `ro/2030-iasi/calendar/<key>.ics`);
  an event has one UID in all of them, so a calendar holding two languages' copies holds one event.
  The site's and each edition's calendar are also at the root, in the default language, where
  subscribers and shared links found them before calendars had languages.

Each session's event is in its edition's calendar and in a calendar of its own, and every calendar
of an edition describes the same zone over the same years: an event's lines are made once per
build and process for both (`recording.Once`: the render's `Env.once`, which records what making
them read for each output that uses them), and a zone's lines once per process (`vtimezone_lines`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zoneinfo
from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from . import moments
from .edition import Day, Edition, Session
from .formatting import country
from .model import Text
from .recording import Once, derive_now
from .sanitize import single_line
from .session_keys import session_key
from .site import EditionState, Site, online_link

if TYPE_CHECKING:  # icalendar is imported where a calendar is made: a build from the cache makes none
    from icalendar import Component, Timezone, TimezoneDaylight, TimezoneStandard

PRODID = "-//confsite//Conference calendar//EN"
END = b"END:VCALENDAR\r\n"


@dataclasses.dataclass(frozen=True)
class EventLines:
    """One event as the iCalendar lines of its VEVENT, with its title and start (the calendar
    holding it describes the zone of the start over its year)."""

    ical: bytes
    summary: str
    start: dt.date | dt.datetime


def site_calendar_path(lang: str | None) -> str:
    """'ro/calendar.ics': every edition, in one language; 'calendar.ics' (None), in the default one."""
    return f"{lang}/calendar.ics" if lang else "calendar.ics"


def edition_calendar_path(edition: Edition, lang: str | None, slug: str | None = None) -> str:
    """'ro/2030-iasi.ics': an edition's calendar in one language; '2030-iasi.ics' (None), in the
    default one. With `slug`, the same under one of its former names, where subscribers found it."""
    name = slug or edition.slug
    return f"{lang}/{name}.ics" if lang else f"{name}.ics"


def session_calendar_folder(edition: Edition, lang: str, slug: str | None = None) -> str:
    """'ro/2030-iasi/calendar/': where the calendars of an edition's sessions go, one per session key;
    with `slug`, the same under one of its former names."""
    return f"{lang}/{slug or edition.slug}/calendar/"


def session_calendar_path(edition: Edition, day: Day, session: Session, lang: str) -> str:
    """'ro/2030-iasi/calendar/2030-05-12-0930.ics': one timed session, for "add to calendar"."""
    return keyed_calendar_path(edition, _key(day, session), lang)


def keyed_calendar_path(edition: Edition, key: str, lang: str, slug: str | None = None) -> str:
    """The same, from the session's key when it is known (`site.SessionEntry`)."""
    return f"{session_calendar_folder(edition, lang, slug)}{key}.ics"


@dataclasses.dataclass(frozen=True)
class Wording:
    """What a calendar says in its language: the language, its word for a place online, and the
    word before the title of a cancelled session."""

    lang: str
    online: str = "Online"
    cancelled: str = "Cancelled"


def edition_calendar(state: EditionState, site: Site, wording: Wording, once: Once = derive_now) -> bytes:
    """One event per timed session; without any, one all-day event over the edition's dates."""
    edition = state.edition
    timed = sorted(edition.timed_sessions, key=lambda pair: (pair[0].date, pair[1].start, _key(*pair)))
    events = [_session_event(edition, day, session, site, wording, once) for day, session in timed]
    return _calendar(site, _pick(edition.title, edition, site, wording.lang),
                     events or [_edition_event(edition, site, wording)])


def session_calendar(state: EditionState, day: Day, session: Session, site: Site, wording: Wording,
                     once: Once = derive_now) -> bytes:
    """A calendar with the one timed session."""
    event = _session_event(state.edition, day, session, site, wording, once)
    return _calendar(site, event.summary, [event])


def site_calendar(site: Site, wording: Wording) -> bytes:
    """Every edition as one all-day event, in date order: the calendar subscribers follow."""
    editions = sorted((s.edition for s in site.editions), key=lambda e: (e.start, e.end, e.slug))
    title = site.content.site.plain(site.content.site.title, wording.lang)
    return _calendar(site, title, [_edition_event(e, site, wording) for e in editions])


def _key(day: Day, session: Session) -> str:
    key = session_key(day, session)  # a session with an id has a key even without a start
    if key is None or session.start is None:
        raise ValueError(f"an untimed session on {day.date} has no calendar: {session.title.pick('en')}")
    return key


def _pick(text: Text, edition: Edition, site: Site, lang: str) -> str:
    return site.content.site.plain(text, lang, edition.original_language)


def _uid(site: Site, *parts: str) -> str:
    host = urlsplit(site.urls.base_url).hostname or "localhost"
    return f"{'-'.join(parts)}@{host}"


def _page_url(site: Site, kind: str, edition: Edition, lang: str) -> str | None:
    plan = site.plan(kind, edition.slug, lang)
    return site.urls.absolute(plan.path) if plan else None


def _location(edition: Edition, site: Site, wording: Wording, session: Session | None = None) -> str | None:
    place = edition.place
    venue = place.venue
    if venue is None:
        return (online_link(edition, session) or wording.online) if place.online else None
    parts = [_pick(venue.name, edition, site, wording.lang)] if venue.name else []
    return ", ".join([*parts, _pick(venue.city, edition, site, wording.lang), country(venue.country, wording.lang)])


def _when(edition: Edition, site: Site, uid: str, start: dt.date, end: dt.date | None,
          session: Session | None = None) -> bytes:
    """An event's lines that no language changes: its UID, stamp, times and online address (none
    for a cancelled session). An event in several languages' calendars makes them once (`icalendar`
    takes most of a calendar's time)."""
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", site.built_at.astimezone(dt.UTC))
    event.add("dtstart", start)
    if end is not None:
        event.add("dtend", end)
    if session is not None and session.cancelled:  # a revision of the event as first published
        event.add("status", "CANCELLED")
        event.add("sequence", 1)
    online = online_link(edition, session)
    if edition.format == "hybrid" and online:
        event.add("description", single_line(online))
    return _property_lines(event)


def _event(edition: Edition, site: Site, wording: Wording, when: bytes, summary: str, start: dt.date,
           url: str | None, room: str | None = None, session: Session | None = None) -> EventLines:
    """An event: the lines of `_when` and those in the calendar's language. A session's place starts
    with its room, the first thing a visitor at the venue looks for."""
    import icalendar

    event = icalendar.Event()
    event.add("summary", single_line(summary))
    location = ", ".join(part for part in (room, _location(edition, site, wording, session)) if part)
    if location:
        event.add("location", single_line(location))
    if url:
        event.add("url", single_line(url))
    return EventLines(b"".join([b"BEGIN:VEVENT\r\n", when, _property_lines(event), b"END:VEVENT\r\n"]),
                      str(event["SUMMARY"]), start)


def _property_lines(component: Component) -> bytes:
    """The content lines of a component that holds properties only, without its BEGIN and END
    lines: what `component.to_ical()` gives between them, written here line by line as icalendar
    writes them (its order of properties, its lines, its folding). A line under 75 bytes is not
    folded: icalendar's folding looks at each of its characters, and most lines are that short (a
    session's event is written for every language's calendars, and each calendar's name, 23,000
    events and 8,000 names on a 100-edition series)."""
    from icalendar.parser import Contentline, Parameters

    lines = []
    for name in component.sorted_keys():
        values = component[name]
        for value in values if isinstance(values, list) else (values,):
            line = Contentline.from_parts(name, getattr(value, "params", Parameters()), value, sorted=True)
            data = line.encode()
            lines.append(data if len(data) < _FOLDED_FROM else line.to_ical())
    return b"".join(line + b"\r\n" for line in lines)


_FOLDED_FROM = 75  # the bytes of a content line from which icalendar folds it (its `_foldline`'s limit)


def _session_event(edition: Edition, day: Day, session: Session, site: Site, wording: Wording,
                   once: Once) -> EventLines:
    key, lang = _key(day, session), wording.lang

    def when() -> bytes:
        assert session.start is not None  # `_key` has said so
        return _when(edition, site, _uid(site, edition.lasting_slug, key), moments.starts(edition, day, session),
                     moments.ends(edition, day, session), session)

    def made() -> EventLines:
        assert session.start is not None
        summary = f"{_pick(session.title, edition, site, lang)} — {_pick(edition.title, edition, site, lang)}"
        if session.cancelled:
            summary = f"{wording.cancelled}: {summary}"
        # the room where there is a venue: online, LOCATION is the meeting's address alone, which
        # calendar programs offer to open
        room = _pick(session.room, edition, site, lang) if session.room and edition.place.venue else None
        return _event(edition, site, wording, once(f"calendar event {edition.slug} {key}", when), summary,
                      moments.starts(edition, day, session), site.session_page_url(edition.slug, key, lang), room,
                      session)

    return once(f"calendar event {edition.slug} {key} {lang}", made)  # type: ignore[no-any-return]


def _edition_event(edition: Edition, site: Site, wording: Wording) -> EventLines:
    end = edition.end + dt.timedelta(days=1)
    return _event(edition, site, wording, _when(edition, site, _uid(site, edition.lasting_slug), edition.start, end),
                  _pick(edition.title, edition, site, wording.lang), edition.start,
                  _page_url(site, "edition", edition, wording.lang))


def _calendar(site: Site, name: str, events: Sequence[EventLines]) -> bytes:
    import icalendar

    named = icalendar.Calendar()
    name = single_line(name)  # a line break would start a line of its own (icalendar asserts against it)
    named.add("name", name)  # RFC 7986, and the older name most clients read
    named.add("x-wr-calname", name)
    # how often a subscribed calendar program should look again (RFC 7986, and the older name Apple's
    # and Outlook's read): a room change published during the conference reaches subscribers within
    # the hour, not at the program's own pace (a day or a week)
    named.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    named.add("x-published-ttl", "PT1H")
    years = [event.start.year for event in events]
    zones = {event.start.tzinfo.key for event in events
             if isinstance(event.start, dt.datetime) and isinstance(event.start.tzinfo, zoneinfo.ZoneInfo)}
    # its components' lines after its own, as icalendar writes them: a VTIMEZONE for each TZID used,
    # over the events' whole years, then the events
    parts = [vtimezone_lines(zone, min(years), max(years)) for zone in sorted(zones)]
    return b"".join([_head(), _property_lines(named), *parts, *(event.ical for event in events), END])


@functools.cache
def _head() -> bytes:
    """The lines every calendar starts with, made once per process."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    head = calendar.to_ical()
    assert head.endswith(END)
    return head[:-len(END)]


@functools.cache  # every calendar of an edition asks for the same zone and years
def transitions(zone: zoneinfo.ZoneInfo, start: dt.datetime, end: dt.datetime
                ) -> tuple[tuple[dt.datetime, dt.timedelta, dt.timedelta], ...]:
    """(UTC instant, offset before, offset after) of every change of `zone`'s UTC offset or
    daylight saving between two UTC instants, found day by day and narrowed to the second (no
    zone changes its clocks twice within a day: a change and its undoing are months apart)."""
    def state(moment: dt.datetime) -> tuple[dt.timedelta | None, dt.timedelta | None]:
        local = moment.astimezone(zone)
        return local.utcoffset(), local.dst()

    found = []
    step, moment = dt.timedelta(days=1), start
    while moment < end:
        later = min(moment + step, end)
        if state(later) != state(moment):
            low, high = moment, later  # state(low) differs from state(high): bisect to the second
            while high - low > dt.timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (middle, high) if state(middle) == state(low) else (low, middle)
            high = low.replace(microsecond=0) + dt.timedelta(seconds=1)  # zones change on a whole second
            before, after = low.astimezone(zone).utcoffset(), high.astimezone(zone).utcoffset()
            if before is not None and after is not None:
                found.append((high, before, after))
        moment = later
    return tuple(found)


@functools.cache  # a few zones and years in a whole site
def vtimezone_lines(name: str, first_year: int, last_year: int) -> bytes:
    """`vtimezone`'s lines."""
    return vtimezone(name, first_year, last_year).to_ical()


def vtimezone(name: str, first_year: int, last_year: int) -> Timezone:
    """The VTIMEZONE of an IANA zone from 1 January `first_year` to the end of `last_year`: the
    offset in force on 1 January, then every change at its instant written in local time before it."""
    zone = zoneinfo.ZoneInfo(name)
    start = dt.datetime(first_year, 1, 1, tzinfo=zone)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=zone)
    import icalendar

    timezone = icalendar.Timezone()
    timezone.add("tzid", name)

    def observance(local: dt.datetime, before: dt.timedelta, after: dt.timedelta, moment: dt.datetime
                   ) -> TimezoneStandard | TimezoneDaylight:
        there = moment.astimezone(zone)
        part = icalendar.TimezoneDaylight() if there.dst() else icalendar.TimezoneStandard()
        part.add("dtstart", local)
        part.add("tzname", there.tzname() or name)
        part.add("tzoffsetfrom", before)
        part.add("tzoffsetto", after)
        return part

    offset = start.utcoffset() or dt.timedelta(0)
    timezone.add_component(observance(start.replace(tzinfo=None), offset, offset, start))
    for moment, before, after in transitions(zone, start.astimezone(dt.UTC), end.astimezone(dt.UTC)):
        local = (moment + before).replace(tzinfo=None)  # the wall clock just before the change
        timezone.add_component(observance(local, before, after, moment))
    return timezone
