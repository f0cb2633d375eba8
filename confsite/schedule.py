"""An edition's timed agenda in the frab schedule format (schedule.xml and schedule.json) that
conference apps such as Giggity, ConfClerk and EventFahrplan read; c.f. https://c3voc.de/wiki/schedule.

Pure functions: the same site gives the same bytes. `_schedule` gathers everything once, in the
site's default language; the two writers only lay it out. Only timed sessions become events. An
event's `language` is the one the session is held in when the content says it (`language: ro`),
else the language its title is written in here (its translation in the default language, or the
one it falls back to): a reader never sees an English title declared Romanian.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import math
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from . import moments
from .edition import Edition, Session
from .model import Localized, Text
from .sanitize import xml_tree
from .session_keys import session_key
from .site import EditionState, Site, file_address, online_link
from .slugs import slugify

# Every guid is a uuid5 in this namespace, so it depends on nothing but the content: an event's on
# its edition's lasting slug and session key, a person's on the person id, a room's on the lasting
# slug and name.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://c3voc.de/schedule/#confsite")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")  # as ids are written: lower case
TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")  # schema.json's own pattern


@dataclasses.dataclass(frozen=True)
class Person:
    id: int  # `stable_id` of the person's id
    guid: str
    name: str


@dataclasses.dataclass(frozen=True)
class Reference:
    """A link or an attachment of an event, as both schemas have them: a talk's slides, the
    address to follow an online session."""
    url: str  # absolute
    title: str
    type: str  # one of schema.json's Reference types: "slides", "paper", "web", ...


@dataclasses.dataclass(frozen=True)
class Event:
    id: int  # `stable_id` of the session's key (the XSD wants a positive integer)
    guid: str
    slug: str
    start: dt.datetime  # aware, in the edition's time zone
    end: dt.datetime | None
    room: str
    title: str
    track: str | None
    kind: str
    language: str  # the language it is held in; when the content does not say, the one its title is in
    abstract: str
    description: str
    persons: tuple[Person, ...]
    url: str
    links: tuple[Reference, ...] = ()
    attachments: tuple[Reference, ...] = ()

    @property
    def duration(self) -> str:
        # A session without an end lasts "00:00": both schemas accept it, and it claims no length
        # that the programme does not give (schema.json's optional "end" is then left out). The
        # length is the time that passes, in UTC: two moments of one zone subtract as wall clocks,
        # an hour off on the night the clocks change.
        minutes = int((self.end.astimezone(dt.UTC) - self.start.astimezone(dt.UTC)).total_seconds()) // 60 \
            if self.end else 0
        return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclasses.dataclass(frozen=True)
class Room:
    name: str
    guid: str


@dataclasses.dataclass(frozen=True)
class RoomDay:
    """One room's events on one day, in order of start."""
    room: Room
    events: tuple[Event, ...]


@dataclasses.dataclass(frozen=True)
class ScheduleDay:
    index: int
    date: dt.date
    start: dt.datetime  # the whole calendar day; a session that runs past midnight belongs to the day it starts
    end: dt.datetime
    rooms: tuple[RoomDay, ...]  # the rooms with events that day, in conference order


@dataclasses.dataclass(frozen=True)
class Schedule:
    title: str
    acronym: str
    start: dt.date
    end: dt.date
    time_zone: str
    timeslot: str
    base_url: str
    url: str
    tracks: tuple[str, ...]
    rooms: tuple[Room, ...]
    days: tuple[ScheduleDay, ...]


def acronym(edition: Edition) -> str:
    """Series and slug without hyphens, "cmr" + "2030-iasi" -> "cmr2030iasi": schema.json wants
    ^[a-z0-9_-][a-z0-9_]{3,}, and the XSD's event slugs want an acronym without hyphens."""
    return re.sub(r"[^a-z0-9_]", "", f"{edition.series}{edition.lasting_slug}".lower())


def _room(session: Session, edition: Edition, pick: Callable[[Text], Localized]) -> str:
    """Where the session takes place, from what the content says, inventing nothing: its room, else
    its track (a parallel strand usually has a hall of its own), else the venue's name, else its
    city, else "Online". Validation gives every in-person and hybrid edition a venue."""
    venue = edition.place.venue
    place = session.room or session.track or ((venue.name or venue.city) if venue else None)
    return pick(place).value if place else "Online"


def _guid(edition: Edition, session: Session, key: str) -> str:
    """An event's guid: a session's `id` that is itself a uuid, as one imported from pretalx or frab
    is (the upstream guid), so that apps that followed the call-for-papers tool's schedule keep
    their favourites here; else a uuid5 of the edition's lasting slug and the session's key."""
    if session.id and UUID.fullmatch(session.id):
        return session.id
    return str(uuid.uuid5(NAMESPACE, f"{edition.lasting_slug}/{key}"))


# schema.json's Reference type of each kind of document a talk's slides may be
_REFERENCE_TYPES = {"presentation": "slides", "paper": "paper", "report": "paper"}


def _attachments(session: Session, edition: Edition, site: Site, pick: Callable[[Text], Localized],
                 title: str) -> tuple[Reference, ...]:
    """The slides of the talks held in a session that this site publishes or links, as its page
    lists them: a file by its published address, a document elsewhere by its own."""
    references = []
    for talk in session.held_talks:
        slides = talk.slides
        if slides is None or not (slides.file or slides.url):
            continue
        url = site.urls.absolute(file_address(edition.slug, slides.file)) if slides.file else slides.url
        name = slides.title or talk.title
        references.append(Reference(str(url), pick(name).value if name else title,
                                    _REFERENCE_TYPES.get(slides.kind, "related")))
    return tuple(references)


def stable_id(name: str, taken: set[int]) -> int:
    """A positive 31-bit integer made from `name` alone, and added to `taken`: an event's or a
    person's id, which apps keep favourites and recordings by, so it must not move when another
    session is added before it (a running number did). Two names of one edition that give the
    same number (about one chance in ten million for a hundred sessions) are told apart by taking
    the next free number, in agenda order."""
    number = int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") & 0x7FFFFFFF
    while number == 0 or number in taken:
        number = number % 0x7FFFFFFF + 1
    taken.add(number)
    return number


def _events(edition: Edition, site: Site, pick: Callable[[Text], Localized], url: Callable[[str], str]) -> list[Event]:
    people: dict[str, Person] = {}
    events: list[Event] = []
    event_ids: set[int] = set()
    person_ids: set[int] = set()
    for day, session in edition.timed_sessions:  # untimed sessions have no place in a timetable
        key = session_key(day, session)  # unique within the edition: validation sees to it
        if session.start is None or key is None:
            continue
        # every session and person takes its number, even a cancelled one, so that calling one off
        # renumbers nothing else (`stable_id` moves a number on only when it is taken)
        ids = tuple(dict.fromkeys((*session.chairs, *session.moderators, *session.facilitators,
                                   *(s.person for talk in session.talks for s in talk.speakers))))
        for pid in ids:
            if pid not in people:
                name = f"person:{pid}"
                people[pid] = Person(stable_id(name, person_ids), str(uuid.uuid5(NAMESPACE, name)),
                                     pick(site.content.people[pid].name).value)
        title, number = pick(session.title), stable_id(f"{edition.lasting_slug}/{key}", event_ids)
        if session.cancelled:  # a schedule lists what takes place, as pretalx's does
            continue
        held = session.held_talks
        present = dict.fromkeys((*session.chairs, *session.moderators, *session.facilitators,
                                 *(s.person for talk in held for s in talk.speakers)))
        abstract = pick(session.description).value if session.description else ""
        talks = []  # the talks' titles, as a list under the abstract
        for talk in held:
            names = ", ".join(people[s.person].name for s in talk.speakers)
            if talk.title:
                talks.append(f"- {pick(talk.title).value}" + (f" — {names}" if names else ""))
        language = session.spoken[0] if session.spoken else title.lang or site.content.site.default_language
        events.append(Event(
            id=number, guid=_guid(edition, session, key),
            slug=f"{acronym(edition)}-{number}-{slugify(title.value)[:60].strip('-') or session.kind}",
            start=moments.starts(edition, day, session), end=moments.ends(edition, day, session),
            room=_room(session, edition, pick), title=title.value,
            track=pick(session.track).value if session.track else None, kind=session.kind, language=language,
            abstract=abstract,
            description="\n\n".join(part for part in (abstract, "\n".join(talks)) if part),
            persons=tuple(people[pid] for pid in present), url=url(key),
            links=tuple(Reference(online, title.value, "web") for online in (online_link(edition, session),) if online),
            attachments=_attachments(session, edition, site, pick, title.value)))
    return events


def _schedule(state: EditionState, site: Site) -> Schedule:
    edition = state.edition
    lang = site.content.site.default_language

    def pick(text: Text) -> Localized:
        return site.content.site.pick(text, lang, edition.original_language)

    def page(kind: str) -> str:
        plan = site.plan(kind, edition.slug, lang)
        if plan is None:
            raise ValueError(f"{edition.slug} has no {kind} page in {lang}")
        return site.urls.absolute(plan.path)

    events = _events(edition, site, pick, lambda key: site.session_page_url(edition.slug, key, lang))
    rooms = tuple(Room(name, str(uuid.uuid5(NAMESPACE, f"{edition.lasting_slug}/room:{name}")))
                  for name in dict.fromkeys(e.room for e in events))
    days = []
    for index in range((edition.end - edition.start).days + 1):
        date = edition.start + dt.timedelta(days=index)
        on_day = sorted((e for e in events if e.start.date() == date), key=lambda e: e.start)
        days.append(ScheduleDay(
            index=index + 1, date=date, start=moments.at(edition, date, dt.time()),
            end=moments.at(edition, date + dt.timedelta(days=1), dt.time()),
            rooms=tuple(RoomDay(room, tuple(e for e in on_day if e.room == room.name))
                        for room in rooms if any(e.room == room.name for e in on_day))))
    # the grid's step: the largest number of minutes that every start and end time is a multiple of
    step = math.gcd(60, *(t.hour * 60 + t.minute for e in events for t in (e.start, e.end) if t))
    return Schedule(
        title=pick(edition.title).value, acronym=acronym(edition),
        start=edition.start, end=edition.end, time_zone=edition.timezone,
        timeslot=f"{step // 60:02d}:{step % 60:02d}", base_url=site.urls.base_url, url=page("edition"),
        tracks=tuple(dict.fromkeys(e.track for e in events if e.track)),
        rooms=rooms,
        days=tuple(days))


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")  # "2030-05-12T09:30:00+03:00": the offset of that day


def _event_json(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": event.id, "guid": event.guid, "date": _stamp(event.start), "start": f"{event.start:%H:%M}",
        "duration": event.duration, "room": event.room, "slug": event.slug, "url": event.url,
        "title": event.title, "subtitle": "", "track": event.track, "type": event.kind, "language": event.language,
        "abstract": event.abstract, "description": event.description,
        # frab's person shape only: schema.json's Person is oneOf frab ({id, public_name}) and pretalx
        # ({name}), so one that carried both "public_name" and "name" would match both and fail
        "persons": [{"id": p.id, "guid": p.guid, "public_name": p.name} for p in event.persons],
        "links": [{"url": r.url, "title": r.title, "type": r.type} for r in event.links],
    }
    if event.attachments:
        data["attachments"] = [{"url": r.url, "title": r.title, "type": r.type} for r in event.attachments]
    if event.end:
        data["end"] = _stamp(event.end)
    return data


def _conference_json(schedule: Schedule) -> dict[str, Any]:
    conference: dict[str, Any] = {
        "acronym": schedule.acronym, "title": schedule.title, "start": schedule.start.isoformat(),
        "end": schedule.end.isoformat(), "daysCount": len(schedule.days), "timeslot_duration": schedule.timeslot,
    }
    if TIME_ZONE_NAME.search(schedule.time_zone):  # the times carry their offsets either way
        conference["time_zone_name"] = schedule.time_zone
    conference.update(url=schedule.url, tracks=[{"name": track} for track in schedule.tracks],
                      rooms=[{"name": room.name, "guid": room.guid} for room in schedule.rooms])
    conference["days"] = [{
        "index": day.index, "date": day.date.isoformat(), "day_start": _stamp(day.start), "day_end": _stamp(day.end),
        "rooms": {held.room.name: [_event_json(e) for e in held.events] for held in day.rooms},
    } for day in schedule.days]
    return conference


def _version(schedule: Schedule) -> str:
    """A digest of the content: it changes when the programme does, and only then."""
    conference = json.dumps(_conference_json(schedule), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(conference.encode("utf-8")).hexdigest()[:12]


def schedule_json(state: EditionState, site: Site) -> bytes:
    """schedule.json, valid against the c3voc schema.json."""
    schedule = _schedule(state, site)
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json", "generator": {"name": "confsite"},
        "schedule": {"version": _version(schedule), "base_url": schedule.base_url,
                     "conference": _conference_json(schedule)},
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def schedule_xml(state: EditionState, site: Site) -> bytes:
    """schedule.xml, valid against the c3voc schedule.xml.xsd."""
    schedule = _schedule(state, site)
    root = ET.Element("schedule")
    _add(root, "generator", name="confsite")
    _add(root, "version", _version(schedule))
    conference = _add(root, "conference")
    for tag, value in (("title", schedule.title), ("acronym", schedule.acronym), ("start", schedule.start.isoformat()),
                       ("end", schedule.end.isoformat()), ("days", str(len(schedule.days))),
                       ("timeslot_duration", schedule.timeslot), ("base_url", schedule.base_url),
                       ("url", schedule.url), ("time_zone_name", schedule.time_zone)):
        _add(conference, tag, value)
    for track in schedule.tracks:
        _add(conference, "track", name=track)
    for day in schedule.days:
        day_element = _add(root, "day", index=str(day.index), date=day.date.isoformat(),
                           start=_stamp(day.start), end=_stamp(day.end))
        for held in day.rooms:
            room_element = _add(day_element, "room", name=held.room.name, guid=held.room.guid)
            for event in held.events:
                element = _add(room_element, "event", guid=event.guid, id=str(event.id))
                for tag, value in (("date", _stamp(event.start)), ("start", f"{event.start:%H:%M}"),
                                   ("duration", event.duration), ("room", event.room), ("slug", event.slug),
                                   ("url", event.url), ("title", event.title), ("track", event.track or ""),
                                   ("type", event.kind), ("language", event.language), ("abstract", event.abstract),
                                   ("description", event.description)):
                    _add(element, tag, value)
                persons = _add(element, "persons")
                for person in event.persons:
                    _add(persons, "person", person.name, id=str(person.id), guid=person.guid)
                for tag, references in (("links", event.links), ("attachments", event.attachments)):
                    if references:
                        listed = _add(element, tag)
                        for reference in references:
                            _add(listed, tag[:-1], reference.title, href=reference.url, type=reference.type)
    ET.indent(xml_tree(root))  # no control character or NUL from a title makes it ill-formed
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
