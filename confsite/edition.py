"""An edition, as its edition.yaml and its texts give it: the `Edition` value and every value it is
made of (its venue and place, audience, organisations, registration, matchmaking, documents, and
its agenda of days, sessions, talks and speakers), with the words some of its fields may take.

Apart from `model`, which holds the rest of the content model (the site's settings, people,
organisations, pages, the whole `Content`) and the values an edition shares with them: one
edition.yaml is read into these by `validate_edition`, the rest by `validate`. Slotted like the
model's other values (see `model`), but `Edition`: a site has only a few hundred of them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar

from .model import Affiliation, Picture, Text, places_field
from .problems import Where
from .recording import ByField, Part, field_facts, part

FORMATS = ("in-person", "online", "hybrid")
ROLES = ("organiser", "co-organiser", "partner", "funder", "implementer", "host", "supporter", "patron")
SESSION_KINDS = ("opening", "keynote", "panel", "pitching", "matchmaking", "networking",
                 "break", "workshop", "session", "closing")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
DOCUMENT_KINDS = ("agenda", "paper", "summary", "presentation", "report", "other")


@dataclasses.dataclass(frozen=True, slots=True)
class Venue:
    city: Text
    country: str
    name: Text | None = None
    address: Text | None = None
    coordinates: tuple[float, float] | None = None  # latitude, longitude: where the map marks the city
    image: Picture | None = None
    coordinates_where: Where | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Place:
    """Where an edition takes place: the venue people come to (None when it is only online, or
    when no source names one), and whether it can also (or only) be followed online (not when no
    source says its format)."""

    venue: Venue | None
    online: bool
    online_url: str | None


@dataclasses.dataclass(frozen=True, slots=True)
class Figure:
    """A head count as a source gave it: 'over 200 participants from 12 countries'."""

    count: int
    more_than: bool = False
    countries: int | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Audience:
    expected: Figure | None = None
    reported: Figure | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Involvement:
    organisation: str
    role: str
    note: Text | None = None
    where: Where | None = dataclasses.field(default=None, compare=False)  # the id's place


@dataclasses.dataclass(frozen=True, slots=True)
class Registration(Part):
    url: str | None
    opens: dt.date | None
    closes: dt.date | None
    source: Where
    closed: bool = False  # a source says registration is closed, without giving dates
    dates_at: tuple[Where, Where] | None = None  # where `opens` and `closes` are written, for the checks


@dataclasses.dataclass(frozen=True, slots=True)
class Matchmaking(Part):
    date: dt.date | None
    part_of_day: str | None
    supported_by: tuple[str, ...]
    sectors: tuple[Text, ...]
    meetings: int | None
    description: Text | None
    source: Where
    places: Mapping[str, Where] = places_field()  # where each organisation id is written


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """A document of an edition: a local file, an external URL, or neither (not published here;
    then `page` may name the public page that holds it)."""

    title: Text | None
    kind: str
    file: str | None = None  # relative to the edition folder: "files/agenda.pdf"
    url: str | None = None
    language: str | None = None
    size: int | None = None  # bytes, for local files
    page: str | None = None  # for a document not published here: the public page that holds it

    @property
    def format(self) -> str | None:
        """A local file's format, as its list of documents names it: "PDF", "PPTX"."""
        return self.file.rsplit(".", 1)[-1].upper() if self.file and "." in self.file else None


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerRef:
    person: str
    role: Text | None = None
    organisation: str | None = None
    where: Where | None = dataclasses.field(default=None, compare=False)  # the person id's place
    organisation_where: Where | None = dataclasses.field(default=None, compare=False)

    @property
    def affiliation(self) -> Affiliation:
        return Affiliation(self.role, self.organisation)


@dataclasses.dataclass(frozen=True, slots=True)
class Talk:
    speakers: tuple[SpeakerRef, ...]
    title: Text | None = None
    slides: Document | None = None
    language: str | None = None  # the language it is held in, when it differs from its session's
    interpretation: tuple[str, ...] = ()  # the languages it is interpreted into
    cancelled: bool = False  # `cancelled: yes`: announced, then called off; still shown, as called off

    @property
    def spoken(self) -> tuple[str, ...]:
        """The language it is held in, when it says one."""
        return (self.language,) if self.language else ()


@dataclasses.dataclass(frozen=True, slots=True)
class Session(Part):
    kind: str
    title: Text
    start: dt.time | None = None
    end: dt.time | None = None
    part_of_day: str | None = None
    track: Text | None = None
    room: Text | None = None
    chairs: tuple[str, ...] = ()
    moderators: tuple[str, ...] = ()
    facilitators: tuple[str, ...] = ()
    organiser: str | None = None
    description: Text | None = None
    talks: tuple[Talk, ...] = ()
    source: Where = Where("")  # noqa: RUF009 - Where is frozen, so one shared default is safe
    id: str | None = None  # optional stable id, for calendar UIDs and schedule GUIDs
    id_where: Where | None = dataclasses.field(default=None, compare=False)  # the id's place
    places: Mapping[str, Where] = places_field()  # where each person and organisation id is written
    ends_next_day: bool = False  # `end: "01:30+1"`: it runs past midnight
    language: str | None = None  # the language it is held in (`language: ro`)
    interpretation: tuple[str, ...] = ()  # the languages it is interpreted into (`interpretation: [en, bg]`)
    # `cancelled: yes`: announced, then called off. It keeps its place, page and calendar event (marked
    # cancelled, so a calendar that follows the edition's learns of it), and leaves the schedules and
    # "now and next".
    cancelled: bool = False

    @property
    def spoken(self) -> tuple[str, ...]:
        """Every language it is held in: its own, then its talks' own, once each (none when unsaid)."""
        return tuple(dict.fromkeys(lang for lang in (self.language, *(t.language for t in self.talks)) if lang))

    def own_languages(self, talk: Talk) -> bool:
        """Whether a talk's languages tell more than its session's: it is held in one of several
        languages the session has, or it is interpreted otherwise."""
        return bool((talk.language and len(self.spoken) > 1)
                    or (talk.interpretation and talk.interpretation != self.interpretation))

    def end_date(self, day: dt.date) -> dt.date:
        """The date of its end: its day's, or the next for a session that runs past midnight."""
        return day + dt.timedelta(days=1) if self.ends_next_day else day

    @property
    def lane(self) -> Text | None:
        """Where it is held, as the agenda sets it apart from the sessions beside it: its room, else
        its track (a parallel strand usually has a hall of its own)."""
        return self.room or self.track

    @property
    def held_talks(self) -> tuple[Talk, ...]:
        """Its talks that take place: those not cancelled."""
        return tuple(talk for talk in self.talks if not talk.cancelled)

    @property
    def offers_calendar(self) -> bool:
        """Whether visitors are offered its own calendar file: it has a time and takes place (a
        cancelled session's file stays, for those who saved it, but is not offered)."""
        return self.start is not None and not self.cancelled


@dataclasses.dataclass(frozen=True, slots=True)
class Day(Part):
    date: dt.date
    title: Text | None
    topics: tuple[Text, ...]
    sessions: tuple[Session, ...]
    source: Where


TEXT_FIELDS = frozenset({"body", "body_sources"})  # an edition's fields made from its texts, not its edition.yaml


@dataclasses.dataclass(frozen=True, slots=True)
class EditionText:
    """An edition's text as one page shows it: its Markdown, the language it is in, where it starts."""

    lang: str
    markdown: str
    where: Where


# (not slotted, as the other values are: it keeps what it is read by, set once it is made, and a
# site has only a few hundred editions)
@dataclasses.dataclass(frozen=True)
class Edition(ByField):
    slug: str
    year: int
    series: str
    languages: tuple[str, ...]
    title: Text
    start: dt.date
    end: dt.date
    timezone: str
    format: str | None  # None: no source says whether it was in person, online or both
    source: Where
    theme: Text | None = None
    venue: Venue | None = None
    online_url: str | None = None
    organisations: tuple[Involvement, ...] = ()
    audience: Audience = Audience()
    objectives: tuple[Text, ...] = ()
    topics: tuple[Text, ...] = ()
    industries: tuple[Text, ...] = ()
    context: Text | None = None
    registration: Registration | None = None
    matchmaking: Matchmaking | None = None
    downloads: tuple[Document, ...] = ()
    sources: tuple[str, ...] = ()
    agenda: tuple[Day, ...] = ()
    draft: bool = False
    programme_pdf: bool = False  # a printable programme (PDF) of its agenda, in every language
    former_slugs: tuple[str, ...] = ()  # old folder names whose URLs redirect here, the first one first
    files: tuple[str, ...] = ()  # everything in its files/ folder ("files/agenda.pdf"), all published
    body: Mapping[str, str] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    inputs: tuple[str, ...] = ()  # the source files this edition was read from: edition.yaml, its texts
    places: Mapping[str, Where] = places_field()  # where each former slug is written
    image: Picture | None = None  # its banner
    body_sources: Mapping[str, Where] = places_field()  # where each language's text (`body`) starts

    def _files(self) -> tuple[str, ...]:  # its pages show its texts, its files and its edition.yaml
        return object.__getattribute__(self, "inputs")

    # not fields: set once made, from `inputs` and `body_sources`
    _texts: ClassVar[tuple[str, ...]] = ()
    _manifest: ClassVar[tuple[str, ...]] = ()

    def __post_init__(self) -> None:
        """Reading its texts (`body`, where they start) records its index.<lang>.md files; reading
        another field records that field of its edition.yaml ("@part/<edition.yaml>:1:1#title"),
        whose digest is the field's value with the pictures and files it names: a page that shows
        its title and dates is not stale when its agenda or its context changes."""
        get = object.__getattribute__
        inputs, source = get(self, "inputs"), get(self, "source")
        texts = {where.path for where in get(self, "body_sources").values()}
        object.__setattr__(self, "_texts", tuple(path for path in inputs if path in texts))
        object.__setattr__(self, "_manifest", tuple(path for path in inputs if path not in texts))
        object.__setattr__(self, "_fields", field_facts(self, part(source), TEXT_FIELDS)
                           | dict.fromkeys(TEXT_FIELDS, get(self, "_texts")))

    @property
    def original_language(self) -> str:
        return self.languages[0]

    def text_in(self, lang: str) -> EditionText | None:
        """Its text (index.<lang>.md) as a page in `lang` shows it: in that language, else in its
        original language (an empty file counts as none), with the language it is in."""
        for candidate in (lang, self.original_language):
            markdown = self.body.get(candidate)
            if markdown and markdown.strip():
                return EditionText(candidate, markdown, self.body_sources.get(candidate) or Where(self.source.path, 1))
        return None

    @property
    def lasting_slug(self) -> str:
        """The name its ids outside the site are made from (calendar events' UIDs, the schedules'
        acronym, guids and ids): its first folder name, the first of `former_slugs`. Calendar
        programs and conference apps keep events, favourites and reminders by those ids; made from
        the folder name now, renaming the folder gave every session a new one, and subscribers saw
        each event twice."""
        return self.former_slugs[0] if self.former_slugs else self.slug

    @property
    def place(self) -> Place:
        return Place(self.venue if self.format != "online" else None, self.format in ("online", "hybrid"),
                     self.online_url)

    @property
    def timed_sessions(self) -> tuple[tuple[Day, Session], ...]:
        """The agenda's sessions that have a start time, in agenda order, with their days."""
        return tuple((day, session) for day in self.agenda for session in day.sessions if session.start is not None)

    @property
    def held_timed_sessions(self) -> tuple[tuple[Day, Session], ...]:
        """The timed sessions that take place: those not cancelled, in agenda order."""
        return tuple((day, session) for day, session in self.timed_sessions if not session.cancelled)

    @property
    def is_timed(self) -> bool:
        """Whether the agenda gives times: then it gets calendars of its sessions and a schedule."""
        return any(session.start is not None for day in self.agenda for session in day.sessions)

    @property
    def gives_own_times(self) -> bool:
        """Whether its session times also give a visitor in another time zone their own (a line under
        each on the agenda and on each session's page, filled by local-time.js): an edition followed
        from afar, online or hybrid. (Whether its agenda has times at all is the agenda's to ask: a
        session's page, which only a timed session has, reads no other session.)"""
        return self.place.online
