"""frab schedule.json, as pretalx, frab and the CCC hub write it; c.f. https://c3voc.de/wiki/schedule.

The file is first checked against the c3voc schema it claims to follow (schemas/schema.json, or
schemas/schema2.json for the hub's "schedule2" variant with top-level events and persons), so a
file that is not what it says is refused with the JSON path of each fault, before any of it is read.
Two kinds of fault are only a warning, since the import reads nothing they touch and real exports
have them (frab's camp2019 and pretalx's rc3 files, which c3voc's own validator passes over):
properties the schema does not list (pretalx's `answers`), and the form of an event's slug or the
conference's acronym (`Camp2019`).
"""

from __future__ import annotations

import functools
import json
import pathlib
from typing import Any

import jsonschema

from ..problems import Problem, Where
from .programme import Item, Notes, Programme, ReadError, Speaker, abstract_of, duration, ending, moment, scalar, titled

SCHEMAS = pathlib.Path(__file__).parent / "schemas"
HIDDEN_STATES = frozenset({"CANCELED", "CANCELLED", "REJECTED", "WITHDRAWN", "DELETED", "DRAFT", "SUBMITTED"})
CANCELLED_STATES = frozenset({"CANCELED", "CANCELLED"})  # (of the hidden: called off after it was scheduled)
MAX_REPORTED = 8
MAX_READ = 1000  # faults read from the schema's check, of which the first MAX_REPORTED are shown
MAX_TOLERATED = 50_000  # faults in what the import does not read (`_unread`), passed over with a warning


@functools.cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def _unread(error: jsonschema.ValidationError) -> bool:
    """Whether a fault is in what the import never reads: a property the schema does not list, or the
    form of an event's slug or the conference's acronym (a track's slug, the hub's, is read)."""
    where = list(error.absolute_path)
    return error.validator == "additionalProperties" or (
        error.validator == "pattern" and bool(where) and (
            where[-1] == "acronym" or (where[-1] == "slug" and "tracks" not in where)))


def _schema_problems(data: Any, name: str, path: str) -> list[Problem]:
    # at most MAX_READ faults are kept (each holds its part of the file: a file of 40,000 faulty
    # events made 600,000 of them, 2 GB and a minute, to report eight), and at most MAX_TOLERATED
    # of those the import does not read are counted before the file is refused as too faulty
    errors: list[jsonschema.ValidationError] = []
    tolerated, first = 0, None
    for error in _validator(name).iter_errors(data):
        if not _unread(error):
            errors.append(error)
            if len(errors) == MAX_READ:
                break
        elif tolerated == MAX_TOLERATED:
            return [Problem(Where(path), f"this file departs from the c3voc {name} in more than {MAX_TOLERATED:,} "
                            f"places, first at {(first or error).json_path}: {(first or error).message[:120]}",
                            "export it again from the tool: a programme has far fewer faults")]
        else:
            tolerated += 1
            first = first or error
    if not errors and first is not None:
        return [Problem(Where(path), f"this file departs from the c3voc {name} in {tolerated} place(s) the import "
                        f"does not read, first at {first.json_path}: {first.message[:120]}",
                        "nothing to do here: the tool that wrote the file may want to hear of it",
                        severity="warning")]
    errors.sort(key=lambda e: (list(map(str, e.absolute_path)), e.message))
    problems = []
    for error in errors[:MAX_REPORTED]:
        message = error.message if len(error.message) <= 160 else error.message[:157] + "…"
        problems.append(Problem(Where(path), f"at {error.json_path}: {message}",
                                f"this is not a valid frab schedule.json (c3voc {name}); export it again from "
                                "the tool, or fix the value at this place"))
    if len(errors) > MAX_REPORTED:
        more = f"{len(errors) - MAX_REPORTED}" if len(errors) < MAX_READ else f"at least {MAX_READ - MAX_REPORTED}"
        problems.append(Problem(Where(path), f"and {more} more faults like these", "fix the ones above first"))
    return problems


def _localized(value: Any, language: str | None) -> str:
    """A LocalizableString: a text, or {lang: text} (the event's language first)."""
    if isinstance(value, dict):
        return scalar(value.get(language or "") or next(iter(value.values()), ""))
    return scalar(value)


def read(data: dict[str, Any], path: str) -> Programme:
    schedule = data.get("schedule")
    hub = isinstance(schedule, dict) and "events" in schedule
    problems = _schema_problems(data, "schema2.json" if hub else "schema.json", path)
    if any(p.is_error for p in problems):
        raise ReadError(problems)
    notes = Notes(path)
    notes.problems += problems
    return _read_hub(schedule, notes) if hub else _read_frab(schedule, notes)


def _person_key(person: dict[str, Any]) -> str:
    for field in ("guid", "code", "id"):
        if person.get(field) not in (None, ""):
            return f"{field}:{person[field]}"
    return "name:" + str(person.get("public_name") or person.get("name") or "")


def _photo(value: Any) -> str | None:
    url = value.get("url") if isinstance(value, dict) else value
    return str(url) if url else None


def _read_frab(schedule: dict[str, Any], notes: Notes) -> Programme:
    speakers: dict[str, Speaker] = {}
    items: list[Item] = []
    for day in schedule["conference"]["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                where = f"the session {event.get('guid')}"
                start = moment(event.get("date"))
                if start is None:
                    notes.left_out(f"{where} has no date with a time zone offset and was left out",
                                   "export the file again from the tool")
                    continue
                # the end as the file gives it, else from the length: frab and pretalx write both, and the
                # schema marks `duration` deprecated in favour of `end`
                end = moment(event.get("end"))
                end = end if end is not None and end > start else ending(start, duration(event.get("duration")))
                notes.links(event.get("links"), event.get("attachments"))
                keys = []
                for person in event.get("persons") or []:
                    key = _person_key(person)
                    name = notes.name(person.get("public_name") or person.get("name"), f"a name in {where}")
                    if not name:
                        continue
                    speakers.setdefault(key, Speaker(key, name, photo=_photo(person.get("avatar"))))
                    keys.append(key)
                language = notes.language(event.get("language"), where)
                items.append(Item(
                    guid=str(event["guid"]), title=notes.title(titled(scalar(event.get("title")),
                                                                      scalar(event.get("subtitle"))),
                                                               f"the title of {where}"),
                    categories=tuple(c for c in (event.get("type"),) if c), start=start,
                    end=end, track=notes.name(event.get("track"), "a track") or None,
                    room=notes.name(event.get("room") or room, "a room") or None, language=language,
                    abstract=notes.abstract(abstract_of(event.get("abstract"), event.get("description")),
                                            f"the abstract of {where}"),
                    speakers=tuple(dict.fromkeys(keys))))
    return Programme("frab schedule.json", tuple(items), speakers, notes.all(), notes.dropped)


def _read_hub(schedule: dict[str, Any], notes: Notes) -> Programme:
    conference = schedule["conference"]
    tracks = {t.get("slug"): t.get("name") for t in conference.get("tracks") or [] if isinstance(t, dict)}
    people = {p["guid"]: p for p in schedule.get("persons") or [] if isinstance(p, dict) and p.get("guid")}
    speakers: dict[str, Speaker] = {}
    items: list[Item] = []
    for event in schedule["events"]:
        where = f"the session {event.get('guid')}"
        state = str(event.get("state") or "CONFIRMED").upper()
        if state in HIDDEN_STATES:
            said = f"{where} ({str(event.get('title'))[:60]!r}) is {event['state'].lower()} upstream"
            if state in CANCELLED_STATES and event.get("guid"):
                notes.called_off(said, str(event["guid"]))
            else:
                notes.left_out(f"{said} and was left out")
            continue
        start, end = moment(event.get("start")), moment(event.get("end"))
        if start is None:
            notes.left_out(f"{where} has no start with a time zone offset and was left out")
            continue
        language = notes.language(event.get("language"), where)
        keys = []
        for participant in event.get("participants") or []:
            key = f"guid:{participant.get('guid')}" if participant.get("guid") else _person_key(participant)
            person = people.get(participant.get("guid"), {})
            name = notes.name(participant.get("name") or person.get("name"), f"a name in {where}")
            if not name:
                continue
            speakers.setdefault(key, Speaker(key, name, photo=_photo(person.get("avatar"))))
            keys.append(key)
        track = event.get("track") or {}
        track_name = track.get("name") or tracks.get(track.get("slug")) if isinstance(track, dict) else track
        room = event.get("room") or {}
        notes.links(event.get("links"), event.get("attachments"))
        items.append(Item(
            guid=str(event["guid"]), title=notes.title(titled(_localized(event.get("title"), language),
                                                              _localized(event.get("subtitle"), language)),
                                                       f"the title of {where}"),
            categories=tuple(c for c in (event.get("type"),) if c), start=start,
            end=end if end and end > start else None, track=notes.name(track_name, "a track") or None,
            room=notes.name(room.get("name") if isinstance(room, dict) else room, "a room") or None,
            language=language,
            abstract=notes.abstract(abstract_of(_localized(event.get("abstract"), language),
                                              _localized(event.get("description"), language)),
                                    f"the abstract of {where}"),
            speakers=tuple(dict.fromkeys(keys))))
    return Programme("schedule.json (c3voc schedule2)", tuple(items), speakers, notes.all(), notes.dropped,
                     frozenset(notes.cancelled))
