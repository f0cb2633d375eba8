"""What every reader makes of its file: a programme as the upstream tool published it.

The readers (frab_xml, frab_json, sessionize) only read; `merge` decides what the edition's
files become. Texts here are already reduced to plain text (`text.plain`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from babel.core import UnknownLocaleError

from .. import formatting
from ..problems import Problem, Where
from . import text


class ReadError(Exception):
    """The file is not a programme this import can read; the problems say why and where."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems[0].message if problems else "unreadable")
        self.problems = problems


@dataclasses.dataclass(frozen=True)
class Speaker:
    key: str  # the upstream id, unique in the file
    name: str
    organisation: str | None = None
    role: str | None = None
    photo: str | None = None  # the file name of the photo the source links (never fetched)


@dataclasses.dataclass(frozen=True)
class Item:
    """One scheduled session upstream."""

    guid: str  # stable upstream id: becomes the session's `id`
    title: str
    categories: tuple[str, ...]  # the upstream type or categories, for `--map`
    start: dt.datetime  # aware
    end: dt.datetime | None
    track: str | None
    room: str | None
    language: str | None  # the code of the language it is held in ("ro"), when the source gives one
    abstract: str
    speakers: tuple[str, ...]  # Speaker keys, in the upstream order


@dataclasses.dataclass(frozen=True)
class Programme:
    format: str  # in words, for messages: "frab schedule.xml"
    items: tuple[Item, ...]
    speakers: Mapping[str, Speaker]
    notes: tuple[Problem, ...] = ()  # what was left out or cut, as warnings
    left_out: int = 0  # sessions of the file left out (the notes say why)
    # the upstream ids (as `Item.guid`) of sessions the file says were cancelled, left out of
    # `items`: a session the agenda already has is marked cancelled, not removed
    cancelled: frozenset[str] = frozenset()


class Notes:
    """Warnings gathered while reading one file."""

    SHOWN = 10  # sessions left out that are each named; the others are counted

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.dropped = 0
        self.cancelled: set[str] = set()  # the upstream ids of sessions the file says were cancelled
        self.attached = 0  # sessions with links or attachments (slides, recordings), which are not imported

    def warn(self, message: str, hint: str = "") -> None:
        self.problems.append(Problem(Where(self.path), message, hint, severity="warning"))

    def left_out(self, message: str, hint: str = "") -> None:
        """A session left out (the message says which, and why)."""
        self.dropped += 1
        if self.dropped <= self.SHOWN:
            self.warn(message, hint)

    def called_off(self, said: str, guid: str) -> None:
        """A session the file says was cancelled (`said`: which, and what it is upstream): left out of
        the items, and its id kept, so that the merge marks the agenda's session of that id cancelled."""
        self.cancelled.add(guid)
        self.left_out(f"{said} and was not imported (a session the agenda has is marked cancelled)")

    def links(self, *values: object) -> None:
        """A session's `links` and `attachments` as the file gives them: counted when there are any."""
        if any(isinstance(value, list) and value for value in values):
            self.attached += 1

    def all(self) -> tuple[Problem, ...]:
        """The warnings, how many sessions were left out beyond those named, and how many had links
        or attachments the import left behind."""
        more = self.dropped - self.SHOWN
        return (*self.problems, *([Problem(Where(self.path), f"and {more} more session(s) were left out, each for "
                                           "one of the reasons above", severity="warning")] if more > 0 else []),
                *([Problem(Where(self.path), f"{self.attached} session(s) have links or attachments in the file "
                           "(slides, recordings), which the import does not bring in",
                           "add the slides you want to show to the session's talk by hand (`slides:`, see "
                           "\"Agenda\" in the editors' guide): later imports keep them", severity="warning")]
                  if self.attached else []))

    def title(self, value: object, what: str) -> str:
        return self._reduced(value, text.TITLE_LIMIT, what, lambda written: self._one_line(written, what))

    def name(self, value: object, what: str) -> str:
        return self._reduced(value, text.NAME_LIMIT, what, lambda written: self._one_line(written, what))

    def _one_line(self, written: str, what: str) -> str:
        """A title or a name reduced to plain text; when that took words away (a tag's content, "The
        <script> element" read as "The"), the import says so; when it left nothing, which would stop
        the whole import, the text is kept as written with its markup made inert."""
        reduced = text.one_line(written)
        kept = text.as_written(written)
        if reduced == " ".join(kept.replace("‹", "<").replace("›", ">").split()):
            return reduced
        if not reduced and kept:
            self.warn(f"{what} holds nothing but markup; it was kept as written, with its < and > as ‹ and ›: "
                      f"{kept[:80]!r}", "write it again by hand after the import, and correct it in the "
                      "call-for-papers tool")
            return kept
        if _words(reduced) < _words(re.sub(r"‹[^›]*›", " ", kept)):  # words, not tags or "# " marks, were lost
            self.warn(f"{what} held markup, which was taken out with what it enclosed: {kept[:80]!r} became "
                      f"{reduced[:80]!r}", "check it in the agenda, and correct it in the call-for-papers tool")
        return reduced

    def abstract(self, value: object, what: str) -> str:
        return self._reduced(value, text.TEXT_LIMIT, what, text.plain)

    def _reduced(self, value: object, limit: int, what: str, reduce: Callable[[str], str]) -> str:
        """A text of the file reduced to plain text (`reduce`) and cut to `limit`; its markup is read
        in at most `text.MARKUP_TIMES` times as many characters, and a longer text is cut first."""
        written = scalar(value)
        longest = limit * text.MARKUP_TIMES
        return self._cut(reduce(written[:longest]), limit, what, len(written) > longest)

    def language(self, value: object, what: str) -> str | None:
        """The language a session is held in, as the site writes it: "en", "en-US" and "de_DE" give
        their language; a name, in English or in itself ("Romanian", "Română"), its code. Anything
        else is left out with a warning, since `check` would refuse it."""
        written = text.one_line(scalar(value)[:text.NAME_LIMIT * text.MARKUP_TIMES])  # (see `_reduced`)
        if not written:
            return None
        code = language_code(written)
        if code is None:
            self.warn(f"the language {written[:40]!r} of {what} is not one the site knows; it was left out",
                      "write it on the session by hand, as a code such as en, ro or bg")
        return code

    def _cut(self, value: str, limit: int, what: str, cut_before: bool = False) -> str:
        value, was_cut = formatting.cut(value, limit)
        if was_cut or cut_before:
            self.warn(f"{what} is longer than {limit} characters and was cut",
                      "shorten it in the call-for-papers tool, or edit the imported text")
        return value


@functools.cache
def _language_names() -> dict[str, str]:
    """Every language's name in English and in itself, casefolded -> its code."""
    names: dict[str, str] = {}
    for code in formatting.language_codes():
        for lang in ("en", code):
            try:
                names.setdefault(formatting.language_name(code, lang).casefold(), code)
            except UnknownLocaleError:  # no CLDR locale for that language: its English name serves
                continue
    return names


def language_code(written: str) -> str | None:
    """"en", "en-US", "de_DE", "Romanian", "română" -> the site's code; None when it names no known language."""
    primary = written.strip().replace("_", "-").split("-")[0].casefold()
    if formatting.is_language(primary):
        return primary
    return _language_names().get(written.strip().casefold())


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def scalar(value: object) -> str:
    """A text from a file whose types nobody checked: numbers as written, anything else (a list, a
    mapping, null, true) as nothing."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def key(value: object) -> str | int | None:
    """A value usable as an id to look things up by (a text or a whole number), else None."""
    return value if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def fail(path: str, message: str, hint: str, line: int | None = None, column: int | None = None) -> ReadError:
    return ReadError([Problem(Where(path, line, column), message, hint)])


def duration(value: object) -> dt.timedelta | None:
    """"01:30" or "1:30:00" -> 90 minutes; None when it is not a duration."""
    parts = str(value or "").strip().split(":")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        return None
    hours, minutes = int(parts[0]), int(parts[1])
    try:
        return dt.timedelta(hours=hours, minutes=minutes, seconds=int(parts[2]) if len(parts) == 3 else 0)
    except OverflowError:  # more days than a timedelta holds
        return None


def ending(start: dt.datetime, length: dt.timedelta | None) -> dt.datetime | None:
    """When a session of that length ends, that much time later (counted in UTC: added to a moment
    of a named zone, a length counts wall-clock hours, one off across a clock change); None
    without a length, or past the year 9999."""
    try:
        return (start.astimezone(dt.UTC) + length).astimezone(start.tzinfo) if length else None
    except OverflowError:
        return None


def titled(title: str, subtitle: str) -> str:
    """A title and its subtitle as the one title the site has: "Open data: a primer" from "Open
    data" and "a primer"; after a title that already ends with a colon, a dash or a question or
    exclamation mark, a space alone ("Why open data? A primer")."""
    title, subtitle = title.strip(), subtitle.strip()
    if not subtitle:
        return title
    if not title:
        return subtitle
    return f"{title} {subtitle}" if title.endswith((":", "-", "–", "—", "?", "!")) else f"{title}: {subtitle}"


def moment(value: object) -> dt.datetime | None:
    """An ISO 8601 date and time with its offset; None when it is not one."""
    try:
        parsed = dt.datetime.fromisoformat(str(value or "").strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def abstract_of(abstract: Any, description: Any) -> str:
    """The abstract, and the description after it unless it only goes on from it (as ours does:
    the abstract, then the list of talks)."""
    first, second = str(abstract or "").strip(), str(description or "").strip()
    if not first:
        return second
    if not second or second.startswith(first):
        return first
    return f"{first}\n\n{second}"
