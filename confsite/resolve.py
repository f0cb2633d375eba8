"""Resolve stage: the content model -> the site: what each edition's state is today, who appeared
where, which pages exist in which languages, and their URLs.

Every index here is built in one pass over the content, so the build stays linear in its size.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TypeVar
from urllib.parse import urlsplit

from .formatting import collation_key
from .model import Content, Day, Edition, Involvement, Page, Person, Series, Session, Talk, Text, references
from .problems import Problem, Where


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
    unpublished: frozenset[dt.date] = frozenset()  # days of `days` whose programme is not published
    slots: tuple[tuple[tuple[Session, ...], ...], ...] = ()  # per day: its sessions, those that run in
    #                                                          parallel grouped (see `parallel_slots`)

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
    pages: tuple[PagePlan, ...]
    site_pages: Mapping[tuple[str, str], Page]  # (slug, lang) -> page
    plan_index: Mapping[tuple[str, str, str], PagePlan]  # (kind, key, lang) -> plan
    archive: tuple[tuple[Series, tuple[EditionState, ...]], ...]  # by series, newest first
    person_editions: Mapping[str, tuple[tuple[Edition, tuple[Appearance, ...]], ...]]  # newest first
    organisation_work: Mapping[str, tuple[tuple[Edition, tuple[str, ...], tuple[Appearance, ...]], ...]]
    people_index: Mapping[str, tuple[tuple[Person, int], ...]]  # per language: people with a page, in
    #                                                             that language's name order, with their edition count

    def plan(self, kind: str, key: str, lang: str) -> PagePlan | None:
        return self.plan_index.get((kind, key, lang))


def today_at(built_at: dt.datetime, timezone: str) -> dt.date:
    return built_at.astimezone(zoneinfo.ZoneInfo(timezone)).date()


def status(edition: Edition, today: dt.date) -> str:
    if today > edition.end:
        return "past"
    return "ongoing" if today >= edition.start else "upcoming"


def registration_state(edition: Edition, today: dt.date) -> str:
    """open, not-yet-open, closed, unknown (upcoming, details to come) or none (past, and no source
    says anything about registration: the page says nothing either)."""
    reg = edition.registration
    known = reg is not None and bool(reg.closed or reg.url or reg.opens or reg.closes)
    if reg and (reg.closed or (reg.closes and today > reg.closes)):
        return "closed"
    if today > edition.end:
        return "closed" if known else "none"
    if reg is None or reg.url is None:
        return "unknown"
    if reg.opens and today < reg.opens:
        return "not-yet-open"
    return "open"


K = TypeVar("K")
V = TypeVar("V")
# who an edition's speakers page lists, each appearance marked with its capacity
ON_SPEAKERS_PAGE = ("speaker", "facilitator", "chair", "moderator")
ROLE_ORDER = ("organiser", "co-organiser", "host", "partner", "implementer", "funder", "supporter", "patron")


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
    """Every day of the edition, once it has an agenda or a dated matchmaking: a day the agenda
    does not list is there too, so that its page can say that its programme is not published."""
    if not edition.agenda and not (edition.matchmaking and edition.matchmaking.date):
        return ()
    listed = {day.date: day for day in edition.agenda}
    count = (edition.end - edition.start).days + 1
    dates = (edition.start + dt.timedelta(days=i) for i in range(count))
    return tuple(listed.get(date) or Day(date, None, (), (), edition.source) for date in dates)


def unpublished_days(edition: Edition, days: Iterable[Day]) -> frozenset[dt.date]:
    """The days about which the site knows nothing of the programme: no title, no topics, no
    session and no matchmaking. Their agenda says the programme is not published."""
    matchmaking = edition.matchmaking.date if edition.matchmaking else None
    return frozenset(day.date for day in days
                     if not (day.title or day.topics or day.sessions or day.date == matchmaking))


def _place(session: Session) -> str:
    """The room, else the track, that sets a session apart from the ones beside it ("" for neither)."""
    place = session.room or session.track
    return next(iter(place.values.values())) if place else ""


def parallel_slots(day: Day) -> tuple[tuple[Session, ...], ...]:
    """The day's sessions in their order, those that run side by side grouped: a timed session in a
    room (or track) joins the one before when it starts before that group ends (or with it, when
    the group gives no end) in a room or track of its own. The agenda shows a group in columns."""
    slots: list[list[Session]] = []
    for session in day.sessions:
        group = slots[-1] if slots else []
        ends = [s.end for s in group if s.end]
        starts = [s.start for s in group if s.start]
        joins = (session.start is not None and _place(session) and starts and all(_place(s) for s in group)
                 and _place(session) not in {_place(s) for s in group}
                 and (session.start < max(ends) if ends else session.start == starts[0]))
        if joins:
            group.append(session)
        else:
            slots.append([session])
    return tuple(tuple(group) for group in slots)


def _featured(states: list[EditionState]) -> EditionState | None:
    current = [s for s in states if s.status != "past"]
    if current:
        return current[0]
    return states[-1] if states else None


def archive(series: Iterable[Series], states: list[EditionState]
            ) -> tuple[tuple[Series, tuple[EditionState, ...]], ...]:
    """Each series with editions, newest first; the series whose latest edition is newest come first."""
    found = [(one, tuple(reversed([s for s in states if s.edition.series == one.id]))) for one in series]
    return tuple(sorted(((one, editions) for one, editions in found if editions),
                        key=lambda pair: pair[1][0].edition.start, reverse=True))


def plan_pages(content: Content, states: list[EditionState], people_with_pages: list[Person],
               appearances: Mapping[str, list[Appearance]], problems: list[Problem]) -> tuple[PagePlan, ...]:
    site = content.site
    langs = site.languages
    config = "site.yaml"
    all_editions = tuple(path for e in content.editions for path in e.inputs)
    by_slug = {e.slug: e for e in content.editions}
    folders = {"person": "content/people", "organisation": "content/organisations"}
    series_inputs: dict[str, list[str]] = defaultdict(list)
    for edition in content.editions:
        series_inputs[edition.series] += edition.inputs
    # what an edition's pages show: its files and the people and organisations it names; its own
    # page also names the series' later edition
    edition_refs = {e.slug: tuple(dict.fromkeys((*e.inputs, *(
        f"{folders[kind]}/{ident}.yaml" for kind, ident, _ in references(e))))) for e in content.editions}
    editions_using: dict[str, list[str]] = defaultdict(list)  # source file -> editions that show it
    for slug, refs in edition_refs.items():
        for path in refs:
            editions_using[path].append(slug)
    plans: list[PagePlan] = []

    def add(kind: str, key: str, path: str, translations: tuple[str, ...], content_lang: str | None,
            inputs: tuple[str, ...]) -> None:
        for lang in langs:
            own = content_lang if content_lang and lang not in translations else lang
            plans.append(PagePlan(kind, key, lang, f"{lang}/{path}", own, translations, (config, *inputs)))

    add("home", "", "", langs, None, all_editions)
    add("people", "", "people/", langs, None, (*(p.source.path for p in people_with_pages), *all_editions))
    add("search", "", "search/", langs, None, ())
    published = {path.rsplit("/", 1)[1][:-5] for path in editions_using if path.startswith(folders["organisation"])}
    published |= {p.organisation for p in people_with_pages if p.organisation}
    organisations = [o for o in content.organisations.values() if o.id in published]
    add("organisations", "", "organisations/", langs, None, tuple(o.source.path for o in organisations))
    speakers_of: dict[str, list[str]] = defaultdict(list)  # organisation -> files of its people's editions
    for person, found in appearances.items():
        for appearance in found:
            if appearance.organisation:
                speakers_of[appearance.organisation] += [f"{folders['person']}/{person}.yaml",
                                                         *appearance.edition.inputs]
    for organisation in organisations:
        involved = editions_using[organisation.source.path]
        inputs = (organisation.source.path, *(path for slug in involved for path in by_slug[slug].inputs),
                  *speakers_of[organisation.id])
        add("organisation", organisation.id, f"organisations/{organisation.id}/", langs, None,
            tuple(dict.fromkeys(inputs)))
    for state in states:
        edition = state.edition
        own = tuple(lang for lang in edition.languages if lang in langs)
        refs = edition_refs[edition.slug]
        first_plan = len(plans)
        add("edition", edition.slug, f"{edition.slug}/", own, edition.original_language,
            tuple(dict.fromkeys((*refs, *series_inputs[edition.series]))))
        if state.has_agenda:
            add("agenda", edition.slug, f"{edition.slug}/agenda/", own, edition.original_language, refs)
        if state.speakers:
            add("speakers", edition.slug, f"{edition.slug}/speakers/", own, edition.original_language, refs)
        for old in edition.former_slugs:  # an edition's old URLs keep working
            plans += [dataclasses.replace(plan, kind="redirect", key=f"{old}:{plan.kind}", target=plan.path,
                                          path=plan.path.replace(f"/{edition.slug}/", f"/{old}/", 1))
                      for plan in plans[first_plan:] if plan.kind != "redirect"]
    for person in people_with_pages:  # what a person page shows: their editions and organisations
        found = appearances.get(person.id, ())
        inputs = (person.source.path, *((person.photo,) if person.photo else ()),
                  *(path for a in found for path in a.edition.inputs),
                  *(f"{folders['organisation']}/{o}.yaml" for o in (person.organisation,
                                                                    *(a.organisation for a in found)) if o))
        add("person", person.id, f"people/{person.id}/", langs, None, tuple(dict.fromkeys(inputs)))
    page_langs: dict[str, list[str]] = defaultdict(list)
    page_inputs: dict[str, list[str]] = defaultdict(list)
    for page in content.pages:
        page_langs[page.slug].append(page.lang)
        page_inputs[page.slug].append(page.source.path)
    for slug, found in sorted(page_langs.items()):
        original = site.default_language if site.default_language in found else found[0]
        add("page", slug, f"{slug}/", tuple(found), original, tuple(page_inputs[slug]))

    owners: dict[str, PagePlan] = {}
    reported: set[tuple[str, str]] = set()
    for plan in plans:
        other = owners.setdefault(plan.path, plan)
        if other is not plan and (plan.key, other.key) not in reported:
            reported.add((plan.key, other.key))
            built_in = other.kind in ("home", "people", "organisations", "search")
            what = f"the built-in {other.kind} page" if built_in else other.inputs[-1]
            problems.append(Problem(Where(plan.inputs[-1]), f"this would write /{plan.path}, as {what} does",
                                    "rename one of them: two inputs cannot make one page"))
    return tuple(plans)


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
            later=later, speakers=tuple(dict.fromkeys(p for p, a in found if a.capacity in ON_SPEAKERS_PAGE)),
            involvements=tuple(sorted(((i.organisation, i.role) for i in edition.organisations),
                                      key=lambda pair: ROLE_ORDER.index(pair[1]))),
            days=(days := agenda_days(edition)), unpublished=unpublished_days(edition, days),
            slots=tuple(parallel_slots(day) for day in days),
            by_speaker=_group((p, a) for p, a in found if a.capacity in ON_SPEAKERS_PAGE),
            organisation_groups=_group(sorted(((i.role, i) for i in edition.organisations),
                                              key=lambda pair: ROLE_ORDER.index(pair[0]))),
        ))
    default = content.site.default_language
    # pages for the people and organisations the published editions name: a person only in a draft
    # stays unpublished
    people_with_pages = sorted((p for p in content.people.values() if p.has_page and p.id in appearances),
                               key=lambda p: collation_key(p.name.pick(default).value, default))
    base = base_url if base_url.endswith("/") else base_url + "/"
    pages = plan_pages(content, states, people_with_pages, appearances, problems)
    return Site(
        content=content, built_at=built_at, urls=Urls(base), editions=tuple(states),
        by_slug=MappingProxyType({s.edition.slug: s for s in states}), featured=_featured(states),
        appearances=MappingProxyType({k: tuple(v) for k, v in appearances.items()}),
        involvements=MappingProxyType({k: tuple(v) for k, v in involvements.items()}),
        speakers_from=MappingProxyType({k: tuple(v) for k, v in speakers_from.items()}),
        pages=pages,
        site_pages=MappingProxyType({(p.slug, p.lang): p for p in content.pages}),
        plan_index=MappingProxyType({(p.kind, p.key, p.lang): p for p in pages}),
        archive=archive(content.site.series, states),
        person_editions=MappingProxyType({
            person: tuple((seen[0].edition, seen) for _, seen in reversed(_group((a.edition.slug, a) for a in found)))
            for person, found in appearances.items()}),
        organisation_work=MappingProxyType({o: _work(involvements.get(o, ()), speakers_from.get(o, ()))
                                            for o in {*involvements, *speakers_from}}),
        people_index=MappingProxyType({lang: tuple(sorted(
            ((p, len({a.edition.slug for a in appearances.get(p.id, ())})) for p in people_with_pages),
            key=lambda pair, lang=lang: collation_key(pair[0].name.pick(lang).value, lang)))  # type: ignore[misc]
            for lang in content.site.languages}),
    )
