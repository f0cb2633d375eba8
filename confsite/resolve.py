"""Resolve stage: the content model -> the site: what each edition's state is today, who appeared
where, and which people and organisations are published. The output units (`outputs`) then plan
which pages exist in which languages, and their URLs (`outputs.registry.plan_pages`).

Every index here is built in one pass over the content, so the build stays linear in its size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar
from urllib.parse import urlsplit

from .formatting import collation_key
from .model import (
    Content,
    Day,
    Edition,
    Involvement,
    Organisation,
    Page,
    Person,
    Series,
    Session,
    Talk,
    Text,
    references,
)
from .problems import Problem


@dataclasses.dataclass(frozen=True)
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


@dataclasses.dataclass(frozen=True)
class Appearance:
    """One person at one edition: as speaker, chair, moderator or facilitator."""

    person: str
    edition: Edition
    capacity: str  # speaker, chair, moderator, facilitator
    session: Session
    talk: Talk | None = None
    role: Text | None = None
    organisation: str | None = None


@dataclasses.dataclass(frozen=True)
class EditionState:
    """An edition as it stands on the build's date."""

    edition: Edition
    status: str  # past, ongoing, upcoming
    registration: str  # open, not-yet-open, closed, unknown
    later: Edition | None  # the series' next edition, for the banner on a past edition
    speakers: tuple[str, ...]  # person ids in order of first appearance
    involvements: tuple[tuple[str, str], ...]  # (organisation id, role), organisers first
    days: tuple[Day, ...]  # the agenda's days; without an agenda, the edition's dates when a dated
    #                        matchmaking gives the programme something to show
    by_speaker: tuple[tuple[str, tuple[Appearance, ...]], ...] = ()  # each speaker with what they did
    organisation_groups: tuple[tuple[str, tuple[Involvement, ...]], ...] = ()  # by role, organisers first

    @property
    def has_agenda(self) -> bool:
        return bool(self.days)


@dataclasses.dataclass(frozen=True)
class PagePlan:
    """One page to render in one language."""

    kind: str  # home, edition, agenda, speakers, person, people, organisation(s), page, chooser, not-found
    key: str  # the edition slug, person id or page slug ("" for home and people)
    lang: str
    path: str  # output path relative to the site root, ending in "/" for index pages
    content_lang: str  # the language the page's own texts are written in
    translations: tuple[str, ...]  # languages in which this page is a real translation
    inputs: tuple[str, ...]  # source files the page was made from
    target: str = ""  # for a redirect: the path of the page it points to

    @property
    def is_fallback(self) -> bool:
        return self.lang not in self.translations


@dataclasses.dataclass(frozen=True)
class Site:
    content: Content
    built_at: dt.datetime
    urls: Urls
    editions: tuple[EditionState, ...]  # by start date
    by_slug: Mapping[str, EditionState]
    featured: EditionState | None
    appearances: Mapping[str, tuple[Appearance, ...]]  # person id -> where they appeared
    involvements: Mapping[str, tuple[tuple[Edition, str], ...]]  # organisation id -> (edition, role)
    speakers_from: Mapping[str, tuple[Appearance, ...]]  # organisation id -> its people's appearances
    site_pages: Mapping[tuple[str, str], Page]  # (slug, lang) -> page
    archive: tuple[tuple[Series, tuple[EditionState, ...]], ...]  # by series, newest first
    person_editions: Mapping[str, tuple[tuple[Edition, tuple[Appearance, ...]], ...]]  # newest first
    organisation_work: Mapping[str, tuple[tuple[Edition, tuple[str, ...], tuple[Appearance, ...]], ...]]
    people_index: Mapping[str, tuple[tuple[Person, int], ...]]  # per language: people with a page, in
    #                                                             that language's name order, with their edition count
    people_with_pages: tuple[Person, ...]  # in the default language's name order
    published_organisations: tuple[Organisation, ...]  # those an edition or a person with a page names
    # the pages, planned by the output units (`outputs.registry.plan_pages`) once the facts are known
    pages: tuple[PagePlan, ...] = ()
    plan_index: Mapping[tuple[str, str, str], PagePlan] = dataclasses.field(
        default_factory=lambda: MappingProxyType({}))  # (kind, key, lang) -> plan

    def plan(self, kind: str, key: str, lang: str) -> PagePlan | None:
        return self.plan_index.get((kind, key, lang))

    def pages_of(self, kind: str) -> tuple[PagePlan, ...]:
        return self._by_kind.get(kind, ())

    @functools.cached_property
    def _by_kind(self) -> dict[str, tuple[PagePlan, ...]]:
        grouped: dict[str, list[PagePlan]] = defaultdict(list)
        for plan in self.pages:
            grouped[plan.kind].append(plan)
        return {kind: tuple(plans) for kind, plans in grouped.items()}


def today_at(built_at: dt.datetime, timezone: str) -> dt.date:
    return built_at.astimezone(zoneinfo.ZoneInfo(timezone)).date()


def status(edition: Edition, today: dt.date) -> str:
    if today > edition.end:
        return "past"
    return "ongoing" if today >= edition.start else "upcoming"


def registration_state(edition: Edition, today: dt.date) -> str:
    reg = edition.registration
    if today > edition.end or (reg and reg.closes and today > reg.closes):
        return "closed"
    if reg is None or reg.url is None:
        return "unknown"
    if reg.opens and today < reg.opens:
        return "not-yet-open"
    return "open"


K = TypeVar("K")
V = TypeVar("V")
ROLE_ORDER = ("organiser", "host", "partner", "implementer", "funder", "supporter", "patron")


def _appearances(edition: Edition) -> list[tuple[str, Appearance]]:
    found = []
    for day in edition.agenda:
        for session in day.sessions:
            for capacity, people in (("chair", session.chairs), ("moderator", session.moderators),
                                     ("facilitator", session.facilitators)):
                found += [(person, Appearance(person, edition, capacity, session)) for person in people]
            for talk in session.talks:
                found += [(s.person, Appearance(s.person, edition, "speaker", session, talk, s.role, s.organisation))
                          for s in talk.speakers]
    return found


def _group(pairs: Iterable[tuple[K, V]]) -> tuple[tuple[K, tuple[V, ...]], ...]:
    """(key, value) pairs to (key, values) in order of first appearance."""
    grouped: dict[K, list[V]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return tuple((key, tuple(values)) for key, values in grouped.items())


def _work(involvements: Iterable[tuple[Edition, str]], appearances: Iterable[Appearance]
          ) -> tuple[tuple[Edition, tuple[str, ...], tuple[Appearance, ...]], ...]:
    """An organisation's editions, newest first, with its roles and its people's sessions there."""
    found: dict[str, tuple[Edition, list[str], list[Appearance]]] = {}
    for edition, role in involvements:
        found.setdefault(edition.slug, (edition, [], []))[1].append(role)
    for appearance in appearances:
        found.setdefault(appearance.edition.slug, (appearance.edition, [], []))[2].append(appearance)
    return tuple((e, tuple(roles), tuple(seen)) for e, roles, seen in
                 sorted(found.values(), key=lambda item: item[0].start, reverse=True))


def agenda_days(edition: Edition) -> tuple[Day, ...]:
    if edition.agenda:
        return edition.agenda
    if not (edition.matchmaking and edition.matchmaking.date):
        return ()
    count = (edition.end - edition.start).days + 1
    return tuple(Day(edition.start + dt.timedelta(days=i), None, (), (), edition.source) for i in range(count))


def _featured(states: list[EditionState]) -> EditionState | None:
    current = [s for s in states if s.status != "past"]
    if current:
        return current[0]
    return states[-1] if states else None


def resolve(content: Content, built_at: dt.datetime, base_url: str, problems: list[Problem]) -> Site:
    by_series: dict[str, list[Edition]] = defaultdict(list)
    for edition in content.editions:
        by_series[edition.series].append(edition)
    appearances: dict[str, list[Appearance]] = defaultdict(list)
    involvements: dict[str, list[tuple[Edition, str]]] = defaultdict(list)
    speakers_from: dict[str, list[Appearance]] = defaultdict(list)
    states = []
    for edition in content.editions:
        today = today_at(built_at, edition.timezone)
        found = _appearances(edition)
        for person, appearance in found:
            appearances[person].append(appearance)
            if appearance.organisation:
                speakers_from[appearance.organisation].append(appearance)
        for involvement in edition.organisations:
            involvements[involvement.organisation].append((edition, involvement.role))
        series = by_series[edition.series]
        later = next((e for e in series if e.start > edition.start), None)
        states.append(EditionState(
            edition=edition, status=status(edition, today), registration=registration_state(edition, today),
            later=later, speakers=tuple(dict.fromkeys(p for p, a in found if a.capacity == "speaker"
                                                      or a.capacity == "facilitator")),
            involvements=tuple(sorted(((i.organisation, i.role) for i in edition.organisations),
                                      key=lambda pair: ROLE_ORDER.index(pair[1]))),
            days=agenda_days(edition),
            by_speaker=_group((p, a) for p, a in found if a.capacity in ("speaker", "facilitator")),
            organisation_groups=_group(sorted(((i.role, i) for i in edition.organisations),
                                              key=lambda pair: ROLE_ORDER.index(pair[0]))),
        ))
    default = content.site.default_language
    # pages for the people and organisations the published editions name: a person only in a draft
    # stays unpublished
    people_with_pages = sorted((p for p in content.people.values() if p.has_page and p.id in appearances),
                               key=lambda p: collation_key(content.site.plain(p.name, default), default))
    base = base_url if base_url.endswith("/") else base_url + "/"
    published = {ident for e in content.editions for kind, ident, _ in references(e) if kind == "organisation"}
    published |= {p.organisation for p in people_with_pages if p.organisation}
    return Site(
        content=content, built_at=built_at, urls=Urls(base), editions=tuple(states),
        by_slug=MappingProxyType({s.edition.slug: s for s in states}), featured=_featured(states),
        appearances=MappingProxyType({k: tuple(v) for k, v in appearances.items()}),
        involvements=MappingProxyType({k: tuple(v) for k, v in involvements.items()}),
        speakers_from=MappingProxyType({k: tuple(v) for k, v in speakers_from.items()}),
        site_pages=MappingProxyType({(p.slug, p.lang): p for p in content.pages}),
        archive=tuple((series, tuple(reversed([s for s in states if s.edition.series == series.id])))
                      for series in content.site.series
                      if any(s.edition.series == series.id for s in states)),
        person_editions=MappingProxyType({
            person: tuple((seen[0].edition, seen) for _, seen in reversed(_group((a.edition.slug, a) for a in found)))
            for person, found in appearances.items()}),
        organisation_work=MappingProxyType({o: _work(involvements.get(o, ()), speakers_from.get(o, ()))
                                            for o in {*involvements, *speakers_from}}),
        people_index=MappingProxyType({lang: tuple(sorted(
            ((p, len({a.edition.slug for a in appearances.get(p.id, ())})) for p in people_with_pages),
            key=lambda pair, lang=lang: collation_key(content.site.plain(pair[0].name, lang), lang)))  # type: ignore[misc]
            for lang in content.site.languages}),
        people_with_pages=tuple(people_with_pages),
        published_organisations=tuple(o for o in content.organisations.values() if o.id in published),
    )
