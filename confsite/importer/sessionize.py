"""Sessionize's "All Data" JSON export (API/Embed: sessions, speakers, categories, rooms, questions).

Sessionize writes times without an offset ("2030-05-12T09:30:00"): they are read in the edition's
time zone. Only the fields a programme needs are read: never e-mail addresses, phone numbers or
the answers to submission questions (`questionAnswers`), which the export may carry.
A speaker's `tagLine` of the form "Role at Organisation" gives their role and organisation.
Sessionize has no language field of its own: a category whose title says "language" (organisers
add one, e.g. "Session language" with items "English", "Romanian") gives the session's language.
Nor a track field: a category whose title says "track" ("Track", "Conference track") gives the
session's track, its first item when a session has several.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Any

from .programme import Item, Notes, Programme, Speaker, fail, key, scalar

HINT = "use Sessionize's 'All Data' JSON export (API / Embed, format JSON, 'All Data')"
LEFT_OUT = frozenset({"declined", "cancelled", "canceled", "nominated", "waitlisted", "decline_queue",
                      "accept_queue", "withdrawn"})
SERVICE = "Service session"
TAGLINE = re.compile(r"^(?P<role>.+?)\s+(?:at|@)\s+(?P<organisation>[^,;|]+)$")


def _local(value: Any, zone: zoneinfo.ZoneInfo) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(scalar(value).strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _list(data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise fail(path, f"at $.{key}: expected a list of objects", HINT)
    return value


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _titled(data: dict[str, Any], path: str, word: str) -> dict[str, Any]:
    """The items of the categories whose title says `word` ("Session language" for "language"),
    by id: what they name."""
    return {key(item.get("id")): item.get("name") for category in _list(data, "categories", path)
            if word in scalar(category.get("title")).casefold()
            for item in _items(category.get("items")) if isinstance(item, dict)}


def read(data: dict[str, Any], path: str, timezone: str) -> Programme:
    zone = zoneinfo.ZoneInfo(timezone)
    sessions, people = _list(data, "sessions", path), _list(data, "speakers", path)
    rooms = {key(room.get("id")): room.get("name") for room in _list(data, "rooms", path)}
    categories = _titled(data, path, "")  # every category's items
    # a category field about the language ("Language", "Session language"): its items name languages
    languages, tracks = (_titled(data, path, word) for word in ("language", "track"))
    notes = Notes(path)
    speakers: dict[str, Speaker] = {}
    for index, person in enumerate(people):
        ident = scalar(person.get("id"))
        full = scalar(person.get("fullName")) or f"{scalar(person.get('firstName'))} {scalar(person.get('lastName'))}"
        name = notes.name(full, f"the name at $.speakers[{index}]")
        if not ident or not name:
            notes.warn(f"the speaker at $.speakers[{index}] has no id or no name and was left out")
            continue
        tagline = notes.name(person.get("tagLine"), f"the tag line of {name}")
        match = TAGLINE.match(tagline)
        speakers[ident] = Speaker(ident, name, organisation=match["organisation"].strip() if match else None,
                                  role=match["role"].strip() if match else None,
                                  photo=scalar(person.get("profilePicture")) or None)
    items: list[Item] = []
    for index, session in enumerate(sessions):
        where = f"the session at $.sessions[{index}]"
        title = notes.title(session.get("title"), f"the title of {where}")
        status = (scalar(session.get("status")) or "accepted").lower()
        ident = scalar(session.get("id")).lower()
        if status in LEFT_OUT:
            said = f"{where} ({title[:60]!r}) is {status} on Sessionize"
            if status in ("cancelled", "canceled") and ident:
                notes.called_off(said, f"sessionize-{ident}")
            else:
                notes.left_out(f"{said} and was left out")
            continue
        start, end = _local(session.get("startsAt"), zone), _local(session.get("endsAt"), zone)
        if not ident or not title or start is None:
            notes.left_out(f"{where} ({title[:60]!r}) has no id, title or start time and was left out",
                           "schedule it on Sessionize, or add it to the agenda by hand")
            continue
        chosen = [key(c) for c in _items(session.get("categoryItems"))]
        spoken = [scalar(languages[c]) for c in chosen if c in languages]
        track = next((name for c in chosen if c in tracks and (name := notes.name(tracks[c], "a track"))), None)
        names = tuple(scalar(categories.get(c)) for c in chosen if c not in languages)
        names = tuple(n for n in names if n)
        if session.get("isServiceSession") is True:
            names += (SERVICE,)  # lunch, coffee: `--map break="Service session"`
        keys = tuple(scalar(s.get("id") if isinstance(s, dict) else s) for s in _items(session.get("speakers")))
        missing = [k for k in keys if k not in speakers]
        if missing:
            notes.warn(f"{where} names speakers the file does not list ({', '.join(missing)[:80]}); "
                       "they were left out")
        items.append(Item(
            guid=f"sessionize-{ident}", title=title, categories=names, start=start,
            end=end if end and end > start else None, track=track,
            room=notes.name(rooms.get(key(session.get("roomId"))), "a room") or None,
            language=notes.language(spoken[0], where) if spoken else None,
            abstract=notes.abstract(session.get("description"), f"the description of {where}"),
            speakers=tuple(k for k in dict.fromkeys(keys) if k in speakers)))
    return Programme("Sessionize JSON", tuple(items), speakers, notes.all(), notes.dropped, frozenset(notes.cancelled))
