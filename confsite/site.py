"""The resolved site: what the resolve stage makes from the content model (`resolve.resolve`) and
every output reads. Each edition's state on the build's date, who appeared where, the site's
listings and the pages the output units planned; and its addresses: its URLs (`Urls`), a session
page's plan key, where an edition's files are published (`published_path`, `file_address`).

Reading these values records what an output used (`recording`): a listing records its fact, a
mapping by id what it looks up, an edition's state the field that was read.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any
from urllib.parse import quote, urlsplit

from .edition import Day, Edition, Involvement, Matchmaking, Session, Talk
from .model import Affiliation, Content, Organisation, Page, Person, Series, Text
from .problems import Where
from .recording import ByField, Keyed, Sourced, fact, field_facts, record, unrecorded


@dataclasses.dataclass(frozen=True, slots=True)
class Urls:
    """Root-relative URLs that include the base URL's path, and absolute ones where needed."""

    base_url: str  # absolute, ending in "/"

    @property
    def root(self) -> str:
        return urlsplit(self.base_url).path or "/"

    def to(self, path: str) -> str:
        """'en/2024-chisinau/' -> '/site/en/2024-chisinau/'."""
        return self.root + path.lstrip("/")

    def absolute(self, path: str) -> str:
        return self.base_url + path.lstrip("/")


@dataclasses.dataclass(frozen=True, slots=True)
class Appearance(Sourced):
    """One person at one edition: as speaker, chair, moderator or facilitator. Everything in it is
    made from its session: reading it records that part of the edition.yaml (`recording.Part`)."""

    person: str
    edition: Edition
    capacity: str  # speaker, chair, moderator, facilitator
    session: Session
    talk: Talk | None = None
    role: Text | None = None
    organisation: str | None = None
    date: dt.date | None = None  # the day of the agenda the session is on

    def _files(self) -> tuple[str, ...]:
        return object.__getattribute__(object.__getattribute__(self, "session"), "_files")()  # type: ignore[no-any-return]

    @property
    def affiliation(self) -> Affiliation:
        return Affiliation(self.role, self.organisation)

    @property
    def title(self) -> Text:
        """What the person was there for, in a word: their talk's title, else their session's."""
        return self.talk.title if self.talk is not None and self.talk.title else self.session.title

    @property
    def cancelled(self) -> bool:
        """Whether what the person was to do there was called off: their session, or their talk in it."""
        return self.session.cancelled or (self.talk is not None and self.talk.cancelled)


@dataclasses.dataclass(frozen=True, slots=True)
class SpeakerEntry:
    """A speaker (or facilitator) of an edition with what they did there."""

    person: str
    appearances: tuple[Appearance, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class RoleGroup:
    """The organisations that had one role at an edition."""

    role: str
    involvements: tuple[Involvement, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class EditionRole(Sourced):
    """An organisation's role at an edition: made from the edition's `organisations`, which
    reading it records."""

    edition: Edition
    role: str

    def _files(self) -> tuple[str, ...]:
        return object.__getattribute__(object.__getattribute__(self, "edition"), "_fields")["organisations"]  # type: ignore[no-any-return]


@dataclasses.dataclass(frozen=True, slots=True)
class EditionAppearances:
    """What one person did at one edition."""

    edition: Edition
    appearances: tuple[Appearance, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class OrganisationWork:
    """An organisation at one edition: its roles and its people's sessions there."""

    edition: Edition
    roles: tuple[str, ...]
    appearances: tuple[Appearance, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class PersonEntry:
    """A person of the people index, with the number of editions they appeared at."""

    person: Person
    editions: int


@dataclasses.dataclass(frozen=True, slots=True)
class SessionEntry:
    """A timed session with a page of its own: its key (as in its calendar), its day, and the keys
    of the sessions before and after it on that day, in the order they start."""

    key: str
    day: Day
    session: Session
    previous: str | None = None
    next: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Slot:
    """Sessions of a day the agenda shows side by side (most often just one): sessions that run in
    parallel, each in a room or track of its own."""

    sessions: tuple[Session, ...]

    @property
    def parallel(self) -> bool:
        return len(self.sessions) > 1


@dataclasses.dataclass(frozen=True, slots=True)
class Span:
    """When an edition runs, as precisely as its agenda says: its first and last dates, each a
    moment in the edition's zone where a timed session starts its first day or ends its last."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime


@dataclasses.dataclass(frozen=True)  # (not slotted: it caches, and there is one per edition)
class EditionState(ByField):
    """An edition as it stands on the build's date."""

    edition: Edition
    status: str  # past, ongoing, upcoming
    registration: str  # open, not-yet-open, closed, unknown, none (no registration said)
    later: Edition | None  # the series' next edition, for the banner on a past edition
    speakers: tuple[str, ...]  # person ids in order of first appearance
    involvements: tuple[Involvement, ...]  # organisers first
    days: tuple[Day, ...]  # the agenda's days; without an agenda, the edition's dates when a dated
    #                        matchmaking gives the programme something to show
    span: Span  # when it runs (`resolve.edition_span`)
    by_speaker: tuple[SpeakerEntry, ...] = ()  # each speaker with what they did
    organisation_groups: tuple[RoleGroup, ...] = ()  # by role, organisers first
    unpublished: frozenset[dt.date] = frozenset()  # days of `days` whose programme is not published
    # each day's sessions, by date, those that run in parallel grouped (see `parallel_slots`)
    slots: Mapping[dt.date, tuple[Slot, ...]] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    # the day of the programme on which the matchmaking is shown, when it is dated
    matchmaking_days: Mapping[dt.date, Matchmaking] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))
    sessions: tuple[SessionEntry, ...] = ()  # the timed sessions, each with a page (see `session_entries`)

    @functools.cached_property
    def session_index(self) -> Mapping[Where, SessionEntry]:
        """Each timed session's entry, by where the session is written (one place, one session).
        Reading it records `sessions` (above), whichever output made it first."""
        with unrecorded():
            return {entry.session.source: entry for entry in self.sessions}

    def entry(self, session: Session) -> SessionEntry | None:
        """The page of a session the agenda or a person page names; None for an untimed one."""
        return self.session_index.get(session.source)

    @property
    def has_agenda(self) -> bool:
        return bool(self.days)

    # Reading a field records that field of the state, "@state/<slug>#<field>", whose digest is its
    # value (`depends.Facts`): which edition comes next, who spoke, the sessions with their pages.
    # Its model values record their own parts as they are read; a value made here records what it
    # is made from (an appearance, its session) or is only reached through a field or a fact, whose
    # digest holds it whole (a slot).

    def __post_init__(self) -> None:
        slug = object.__getattribute__(object.__getattribute__(self, "edition"), "slug")
        object.__setattr__(self, "_fields",
                           field_facts(self, fact("state", slug), derived={"session_index": "sessions"}))

    def _files(self) -> tuple[str, ...]:  # its name in the facts that hold it
        return (fact("state", object.__getattribute__(object.__getattribute__(self, "edition"), "slug")),)


@dataclasses.dataclass(frozen=True, slots=True)
class SeriesEditions:
    """A series with its published editions."""

    series: Series
    editions: tuple[EditionState, ...]  # newest first
    next: EditionState | None  # the earliest edition not over yet


@dataclasses.dataclass(frozen=True, slots=True)
class PagePlan:
    """One page to render in one language."""

    kind: str  # the PageKind's name: home, edition, agenda, speakers, session, series, person, people, ...
    key: str  # the edition slug, person id or page slug ("" for home and people)
    lang: str
    path: str  # output path relative to the site root, ending in "/" for index pages
    content_lang: str  # the language the page's own texts are written in
    translations: tuple[str, ...]  # languages in which this page is a real translation
    source: str  # the file the page is made from (site.yaml for the site's own pages), for messages
    target: str = ""  # for a redirect: the path of the page it points to

    @property
    def is_fallback(self) -> bool:
        return self.lang not in self.translations


# the site's listings: going through one while an output renders records the fact "@name"
LISTINGS = frozenset({"editions", "featured", "archive", "people_with_pages", "published_organisations", "pages"})


@dataclasses.dataclass(frozen=True, slots=True)
class Site:
    """The resolved site. Its listings record what an output goes through (`LISTINGS`), and its
    mappings by id what it looks up (`Keyed`), so that each output's inputs are known."""

    content: Content
    built_at: dt.datetime
    urls: Urls
    editions: tuple[EditionState, ...]  # by start date
    by_slug: Mapping[str, EditionState]
    featured: EditionState | None
    appearances: Mapping[str, tuple[Appearance, ...]]  # person id -> where they appeared
    involvements: Mapping[str, tuple[EditionRole, ...]]  # organisation id -> its roles at editions
    speakers_from: Mapping[str, tuple[Appearance, ...]]  # organisation id -> its people's appearances
    site_pages: Mapping[tuple[str, str], Page]  # (slug, lang) -> page
    archive: tuple[SeriesEditions, ...]  # in site.yaml's order, those with a published edition
    person_editions: Mapping[str, tuple[EditionAppearances, ...]]  # newest first
    organisation_work: Mapping[str, tuple[OrganisationWork, ...]]  # newest first
    people_index: Mapping[str, tuple[PersonEntry, ...]]  # per language: people with a page, in
    #                                                      that language's name order
    people_with_pages: tuple[Person, ...]  # in the default language's name order
    published_organisations: tuple[Organisation, ...]  # those an edition or a person with a page names
    # the pages, planned by the output units (`outputs.registry.plan_pages`) once the facts are known
    pages: tuple[PagePlan, ...] = ()
    plan_index: Mapping[tuple[str, str, str], PagePlan] = dataclasses.field(
        default_factory=lambda: Keyed("plan", {}))  # (kind, key, lang) -> plan
    by_kind: Mapping[str, tuple[PagePlan, ...]] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))  # the pages of each kind, in their order

    def plan(self, kind: str, key: str, lang: str) -> PagePlan | None:
        return self.plan_index.get((kind, key, lang))

    def session_page_url(self, slug: str, key: str, lang: str) -> str:
        """The address of a timed session's own page in `lang`: every site language has one."""
        plan = self.plan("session", session_page_key(slug, key), lang)
        if plan is None:
            raise ValueError(f"{slug} has no page in {lang} for its session {key}")
        return self.urls.absolute(plan.path)

    def __getattribute__(self, name: str) -> Any:
        if name in LISTINGS:
            record(fact(name))
        return object.__getattribute__(self, name)

    def pages_of(self, kind: str) -> tuple[PagePlan, ...]:
        return self.by_kind.get(kind, ())


def session_page_key(slug: str, key: str) -> str:
    """The plan key of a session's page: its edition's slug and its own key, "2030-iasi/opening"."""
    return f"{slug}/{key}"


def draft_addresses(site: Site) -> tuple[dict[str, str], bool]:
    """The address prefixes of the draft editions, by slug, and whether this build makes them
    (check and build --drafts do; a published build leaves them out)."""
    content = site.content
    built = [e for e in content.editions if e.draft]
    drafts = built or list(content.drafts)
    prefixes = {prefix: edition.slug for edition in drafts
                for prefix in (*(f"{lang}/{edition.slug}/" for lang in content.site.languages),
                               *(f"{lang}/{edition.slug}.ics" for lang in content.site.languages),
                               f"files/{edition.slug}/", f"{edition.slug}.ics")}
    return prefixes, bool(built)


def published_path(slug: str, file: str) -> str:
    """Where an edition's file is published, relative to the site root: files/<slug>/<name>."""
    return f"files/{slug}/{file.removeprefix('files/')}"


def file_address(slug: str, file: str) -> str:
    """The address of an edition's published file relative to the site root, as a link writes it
    (percent-encoded): files/<slug>/Raport%20final.pdf."""
    return quote(published_path(slug, file))


def online_link(edition: Edition, session: Session | None = None) -> str | None:
    """The address to follow an edition from afar (its `online_url`), as its page shows it and each
    of its sessions' pages: none for a session that was cancelled."""
    return None if session is not None and session.cancelled else edition.online_url
