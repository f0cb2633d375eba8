"""The content model: immutable values that the validate stage builds and later stages read.

The values are slotted: a 300-edition series holds half a million of them, and each would
otherwise carry its fields apart from itself, in a block of its own (a tenth of the heap's blocks).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import ClassVar

from .problems import Where
from .recording import ByField, Part, Sourced, field_facts, part

FORMATS = ("in-person", "online", "hybrid")
ROLES = ("organiser", "co-organiser", "partner", "funder", "implementer", "host", "supporter", "patron")
SESSION_KINDS = ("opening", "keynote", "panel", "pitching", "matchmaking", "networking",
                 "break", "workshop", "session", "closing")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
DOCUMENT_KINDS = ("agenda", "paper", "summary", "presentation", "report", "other")


def _places() -> Mapping[str, Where]:
    """A field for where ids were written (id -> Where): for messages only, never compared."""
    return dataclasses.field(default_factory=lambda: MappingProxyType({}), compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Localized:
    """A text picked for one page: the value and the language it is actually written in."""

    value: str
    lang: str | None  # None: the same in every language (a proper name)

    def __str__(self) -> str:
        return self.value


@dataclasses.dataclass(frozen=True, slots=True)
class Text:
    """A translatable text: one value per language, or one value for every language."""

    values: Mapping[str, str]
    neutral: bool = False  # a proper name written once for all languages
    where: Where | None = dataclasses.field(default=None, compare=False)  # for translation reports
    original: str | None = None  # the language to fall back to first: its edition's original

    @classmethod
    def of(cls, values: Mapping[str, str], neutral: bool = False, where: Where | None = None,
           original: str | None = None) -> Text:
        return cls(MappingProxyType(dict(values)), neutral, where, original)

    def has(self, lang: str) -> bool:
        return self.neutral or lang in self.values

    @property
    def first(self) -> str:
        """The value written first: what keys and clash checks are made from."""
        return next(iter(self.values.values()))

    def pick(self, lang: str, fallbacks: Iterable[str] = ()) -> Localized:
        """The value in `lang`, else in the original language, else in the first fallback that has one."""
        if self.neutral:
            return Localized(self.first, None)
        if lang in self.values:  # the first candidate, and nearly always the one (without making the others)
            return Localized(self.values[lang], lang)
        for candidate in (*((self.original,) if self.original else ()), *fallbacks):
            if candidate in self.values:
                return Localized(self.values[candidate], candidate)
        first = next(iter(self.values))
        return Localized(self.values[first], first)


@dataclasses.dataclass(frozen=True, slots=True)
class Picture:
    """An image an editor gave: a person's photo, an organisation's logo, an edition's banner or
    its venue's picture; with what load learned of the file (its shape, for the renditions)."""

    kind: str  # photo, logo, banner or venue
    file: str  # relative to the project: "content/people/ana-popescu.jpg"
    alt: Text | None  # None only for a photo found beside its person's file: their name says it
    credit: Text | None
    focus: tuple[float, float] | None  # for photos: the point square crops keep in the middle
    format: str  # JPEG, PNG, WEBP or SVG
    width: int
    height: int
    alpha: bool
    digest: str  # of the file's bytes
    where: Where = dataclasses.field(default=Where(""), compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Series:
    id: str
    name: Text
    description: Text | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SiteConfig:
    title: Text
    base_url: str
    output: str
    languages: tuple[str, ...]
    series: tuple[Series, ...]
    navigation: tuple[str, ...]
    source: Where
    max_file_mb: int = 25  # a larger download is a warning: visitors are often on slow links
    max_text_file_kb: int = 1000  # a larger YAML, Markdown or .po file is refused before it is read
    max_image_kb: int = 1000  # a larger image is a warning: it is resized, but it weighs on the project
    places: Mapping[str, Where] = _places()  # where each navigation entry is written
    output_at: Where | None = None  # where `output` is written (None: not written, the default folder)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def pick(self, text: Text, lang: str, content_lang: str | None = None) -> Localized:
        """A text as a page in `lang` shows it: in `lang`, else in the language it was written in
        first (an edition's original), else in the page's own content language, else in the
        site's default language, else in the first of the site's languages that has it."""
        if not text.neutral and lang in text.values:  # `Text.pick`'s first candidate, without the fallbacks made
            return Localized(text.values[lang], lang)
        return text.pick(lang, (*((content_lang,) if content_lang else ()), *self.languages))

    def plain(self, text: Text, lang: str, content_lang: str | None = None) -> str:
        return self.pick(text, lang, content_lang).value


@dataclasses.dataclass(frozen=True, slots=True)
class Organisation(Sourced):
    id: str
    name: Text
    short_name: Text | None
    country: str | None
    url: str | None
    source: Where
    logo: Picture | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Affiliation:
    """The line under a person's name: their role and their organisation, either may be missing."""

    role: Text | None
    organisation: str | None

    def __bool__(self) -> bool:
        return bool(self.role or self.organisation)


@dataclasses.dataclass(frozen=True, slots=True)
class Person(Sourced):
    id: str
    name: Text
    role: Text | None
    organisation: str | None
    has_page: bool
    links: tuple[str, ...]
    source: Where
    organisation_where: Where | None = dataclasses.field(default=None, compare=False)
    photo: Picture | None = None

    @property
    def affiliation(self) -> Affiliation:
        return Affiliation(self.role, self.organisation)


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
    places: Mapping[str, Where] = _places()  # where each organisation id is written


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
    places: Mapping[str, Where] = _places()  # where each person and organisation id is written
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


# (not slotted, as the other values are: it keeps what it is read by, set once it is made, and a
# site has only a few hundred editions)
@dataclasses.dataclass(frozen=True, slots=True)
class EditionText:
    """An edition's text as one page shows it: its Markdown, the language it is in, where it starts."""

    lang: str
    markdown: str
    where: Where


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
    places: Mapping[str, Where] = _places()  # where each former slug is written
    image: Picture | None = None  # its banner
    body_sources: Mapping[str, Where] = _places()  # where each language's text (`body`) starts

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


@dataclasses.dataclass(frozen=True, slots=True)
class Page(Sourced):
    """A site page such as 'about', in one language."""

    slug: str
    lang: str
    title: str
    body: str
    source: Where
    body_line: int = 1  # the file's line where `body` starts, after the header


@dataclasses.dataclass(frozen=True, slots=True)
class Content:
    """The whole validated content of the site."""

    site: SiteConfig
    editions: tuple[Edition, ...]
    people: Mapping[str, Person]
    organisations: Mapping[str, Organisation]
    pages: tuple[Page, ...]
    drafts: tuple[Edition, ...] = ()  # drafts left out of this build (`build` without --drafts), by slug


Reference = tuple[str, str, Where]  # ("person" or "organisation", its id, where the edition names it)


def references(edition: Edition) -> Iterator[Reference]:
    """(kind, id, where) for every person and organisation an edition names."""
    for involvement in edition.organisations:
        yield "organisation", involvement.organisation, involvement.where or edition.source
    if edition.matchmaking:
        for org in edition.matchmaking.supported_by:
            yield "organisation", org, edition.matchmaking.places.get(org, edition.matchmaking.source)
    for day in edition.agenda:
        for session in day.sessions:
            for person in (*session.chairs, *session.moderators, *session.facilitators):
                yield "person", person, session.places.get(person, session.source)
            if session.organiser:
                yield "organisation", session.organiser, session.places.get(session.organiser, session.source)
            for talk in session.talks:
                for speaker in talk.speakers:
                    yield "person", speaker.person, speaker.where or session.source
                    if speaker.organisation:
                        yield ("organisation", speaker.organisation,
                               speaker.organisation_where or speaker.where or session.source)

