"""The key that names a session for good, unique within its edition: its own `id`, else its date,
start time and track (or room). Its page's address, its anchor on the agenda, its calendar event's
UID and its schedule GUID are made from it. Apart from the content model, which it reads: it is a
rule about addresses (ASCII, stable across builds), not a value an editor writes."""

from __future__ import annotations

from .edition import Day, Session
from .model import Text
from .slugs import key_part


def _slug_of(text: Text) -> str:
    """A track's or a room's part of a key, in its first language, in the letters a to z like every
    other address of the site ("Зала А" -> "zala-a"): a key is a page's address and a calendar URL,
    which must be ASCII, and a link copied with Cyrillic in it turns into a line of %D0%B7…"""
    return key_part(text.first)


def runs_alongside(day: Day, session: Session) -> bool:
    """Whether another session of the day without an id or a track starts at the same time: the two
    run in parallel and only their rooms tell their keys apart."""
    return any(other is not session and not other.id and not other.track and other.start == session.start
               for other in day.sessions)


def session_key(day: Day, session: Session) -> str | None:
    """A stable key for a session, unique within its edition: its own `id` (which an untimed session
    may have too), else its date, start time and track ("2030-05-12-0930", "2030-05-12-0930-hall-2");
    None for an untimed session without an `id`.

    A session with neither that starts with another such session (parallel sessions in rooms) adds
    its room ("2030-05-12-0930-aula-magna"). Only then: every key a site had before rooms counted
    stays the same, since two such sessions at one time used to be an error."""
    if session.id:
        return session.id
    if session.start is None:
        return None
    key = f"{day.date.isoformat()}-{session.start:%H%M}"
    if session.track:
        key += "-" + _slug_of(session.track)
    elif session.room and runs_alongside(day, session):
        key += "-" + _slug_of(session.room)
    return key
