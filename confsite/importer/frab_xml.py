"""frab schedule.xml, as frab, pretalx and this site write it (c3voc schedule.xml.xsd).

Only what the import needs is checked: a <schedule> root, days with rooms with events, each
event with a guid, a title and a time. The parser (defusedxml's) refuses entity declarations and
external references in any encoding, so a file can neither expand into gigabytes nor read files
from this computer.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
import zoneinfo

import defusedxml
import defusedxml.ElementTree

from ..zones import named_zone
from .programme import Item, Notes, Programme, Speaker, abstract_of, duration, ending, fail, moment, titled

HINT = "this is not a frab schedule.xml; export it again from the tool"


def _text(element: ET.Element, tag: str) -> str:
    child = element.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _zone(root: ET.Element) -> zoneinfo.ZoneInfo | None:
    name = _text(root, "conference/time_zone_name")
    return named_zone(name) if name else None


def _start(event: ET.Element, day: ET.Element, zone: zoneinfo.ZoneInfo | None) -> dt.datetime | None:
    """The event's <date> with its offset; else the day's date and the <start> in the conference's
    zone, on the next date when that clock is before the day's own start (a conference day that
    starts at 06:00 holds its 00:30 event of the night after, as frab and pentabarf count days)."""
    start = moment(_text(event, "date"))
    if start is not None:
        return start
    clock, date = _text(event, "start"), day.get("date", "")
    if zone is None or not clock or not date:
        return None
    try:
        on, at = dt.date.fromisoformat(date), dt.time.fromisoformat(clock)
    except ValueError:
        return None
    begins = moment(day.get("start"))
    if begins is not None and begins.date() == on and at < begins.time():
        on += dt.timedelta(days=1)
    return dt.datetime.combine(on, at, zone)


def read(data: bytes, path: str) -> Programme:
    try:
        # (a check of the bytes for "<!ENTITY" missed a file in UTF-16, which the parser reads)
        root = defusedxml.ElementTree.fromstring(data, forbid_entities=True, forbid_external=True)
    except defusedxml.EntitiesForbidden:
        raise fail(path, "the file declares XML entities, which the import does not read", HINT) from None
    except defusedxml.DefusedXmlException:
        raise fail(path, "the file refers to other files (external XML references), which the import does "
                   "not read", HINT) from None
    except ET.ParseError as error:
        line, column = error.position
        raise fail(path, f"this is not well-formed XML ({str(error).split(':')[0]})", HINT, line, column + 1) from None
    except (LookupError, ValueError) as error:  # an encoding Python does not know: <?xml encoding="…"?>
        raise fail(path, f"this XML cannot be read ({error})", "save it as UTF-8 and export it again") from None
    if root.tag != "schedule":
        raise fail(path, f"the XML's root element is <{root.tag}>, not <schedule>", HINT)
    if root.find("day") is None:
        raise fail(path, "the schedule has no <day> elements", HINT)
    zone = _zone(root)
    notes = Notes(path)
    speakers: dict[str, Speaker] = {}
    items: list[Item] = []
    for day in root.iterfind("day"):
        for room in day.iterfind("room"):
            for event in room.iterfind("event"):
                guid = (event.get("guid") or "").strip()
                where = f"the session {guid or event.get('id') or _text(event, 'title')[:40]!r}"
                start = _start(event, day, zone)
                if not guid or start is None:
                    notes.left_out(f"{where} has no {'guid' if not guid else 'date with an offset'} and was left out",
                                   "export the file again from the tool")
                    continue
                length = duration(_text(event, "duration"))
                notes.links(list(event.iterfind("links/link")), list(event.iterfind("attachments/attachment")))
                keys = []
                for person in event.iterfind("persons/person"):
                    name = notes.name(person.text, f"a name in {where}")
                    if not name:
                        continue
                    key = next((f"{field}:{person.get(field)}" for field in ("guid", "id") if person.get(field)),
                               f"name:{name}")
                    speakers.setdefault(key, Speaker(key, name))
                    keys.append(key)
                items.append(Item(
                    guid=guid, title=notes.title(titled(_text(event, "title"), _text(event, "subtitle")),
                                                 f"the title of {where}"),
                    categories=tuple(c for c in (_text(event, "type"),) if c), start=start,
                    end=ending(start, length),
                    track=notes.name(_text(event, "track"), "a track") or None,
                    room=notes.name(_text(event, "room") or room.get("name"), "a room") or None,
                    language=notes.language(_text(event, "language"), where),
                    abstract=notes.abstract(abstract_of(_text(event, "abstract"), _text(event, "description")),
                                            f"the abstract of {where}"),
                    speakers=tuple(dict.fromkeys(keys))))
    return Programme("frab schedule.xml", tuple(items), speakers, notes.all(), notes.dropped)
