"""A "did you mean" for a name an editor wrote that the site does not know: a field, an id, a
file. The nearest spelling (difflib), our own name for what other tools call a field, the field a
misplaced one belongs inside, and for a file first its name in other capitals (which a Mac or
Windows disk takes for the same and the web server does not)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(str(word), sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""


CAPITALS = "names differ in capitals: the web server tells them apart"


def suggest_file(name: str, choices: Iterable[str]) -> str:
    """A "did you mean" for a file's name: first the one that differs from it only in capitals (the
    mistake that works on a Mac or Windows, whose disks do not tell them apart, and fails on the
    server), else the nearest spelling."""
    choices = sorted(choices)
    same = [choice for choice in choices if choice.casefold() == str(name).casefold() and choice != name]
    return f"did you mean {same[0]!r}? {CAPITALS}" if same else suggest(name, choices)


# Field names that other tools, forms and habits use for one of ours: spelled nothing like it, they
# get no "did you mean" from difflib (or a wrong one: 'position' is nearest to 'organisation').
SAME_MEANING = {
    "role": ("position", "job", "job_title", "jobtitle", "function", "occupation"),
    "organisation": ("company", "employer", "affiliation", "institution", "organization"),
    "photo": ("picture", "avatar", "portrait", "headshot"),
    "start": ("begin", "begins", "from", "starts", "start_time", "time"),
    "end": ("finish", "ends", "until", "to", "end_time"),
    "room": ("hall", "location", "stage"),
    "venue": ("location", "place", "where"),  # (a session's location is its room: the first allowed)
    "timezone": ("tz", "time_zone", "zone"),
    "speakers": ("presenter", "presenters", "panelists", "panellists"),
    "description": ("abstract", "summary"),
    "cancelled": ("canceled", "cancel"),
}
# a field whose value says what one of ours says: `status: cancelled`, as pretalx and Sessionize put it
SAID_BY_VALUE = {(field, word): "cancelled: yes" for field in ("status", "state") for word in ("cancelled", "canceled")}
_OURS: dict[str, list[str]] = {}
for _ours, _others in SAME_MEANING.items():
    for _other in _others:
        _OURS.setdefault(_other, []).append(_ours)
# fields written one level too high: allowed inside the field named here, not beside it
BELONGS_INSIDE = {"speakers": "talks", "slides": "talks", "city": "venue", "country": "venue", "address": "venue",
                  "coordinates": "venue"}


def meant_field(key: str, allowed: Iterable[str]) -> str | None:
    """The allowed field an unknown `key` stands for, when `suggest_field` would name one to write
    instead of it (not when it says where `key` belongs)."""
    allowed, name = sorted(set(allowed)), str(key).lower()
    ours = next((field for field in _OURS.get(name, ()) if field in allowed), None)
    if ours:
        return ours
    if BELONGS_INSIDE.get(name) in allowed and name not in allowed:
        return None
    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def suggest_field(key: str, allowed: Iterable[str]) -> str:
    """A "did you mean" for an unknown field: our name for what `key` means elsewhere, when that
    field is allowed here; where it belongs, when it is a field of one allowed here (a session's
    `speakers` belong to one of its `talks`); else the nearest spelling."""
    allowed, name = set(allowed), str(key).lower()
    ours = next((field for field in _OURS.get(name, ()) if field in allowed), None)
    if ours:
        return f"did you mean {ours!r}?"
    inside = BELONGS_INSIDE.get(name)
    if inside in allowed and name not in allowed:
        return (f"{inside!r} holds {name!r}: indent it under '{inside}:', as '{name}:'" if inside == "venue" else
                f"{name!r} belong to a talk: write them in one of the items under '{inside}:' ('- {name}: …')")
    return suggest(key, allowed)
