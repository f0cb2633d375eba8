"""Resolve stage: the content model -> the site: what each edition's state is today, who appeared
where, and which people and organisations are published; then the output units (`outputs`) plan
which pages exist in which languages, and their URLs (`outputs.registry.plan_pages`). What it
makes, the resolved site's types, lives in `site`.

Every index here is built in one pass over the content, so the build stays linear in its size.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from . import moments
from .edition import Day, Edition, Session
from .formatting import collation_key
from .kept import again_if_same
from .model import Content, Person, Series, references
from .problems import Problem
from .recording import Keyed
from .resolve_memory import (
    Resolved,
    ResolveMemory,
    grouped_records,
    records_unchanged,
    same_place,
    touched_entries,
)
from .session_keys import session_key
from .site import (
    Appearance,
    EditionAppearances,
    EditionRole,
    EditionState,
    OrganisationWork,
    PersonEntry,
    RoleGroup,
    SeriesEditions,
    SessionEntry,
    Site,
    Slot,
    Span,
    SpeakerEntry,
    Urls,
)


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
                found += [(person, Appearance(person, edition, capacity, session, date=day.date)) for person in people]
            for talk in session.talks:
                found += [(s.person, Appearance(s.person, edition, "speaker", session, talk, s.role, s.organisation,
                                                day.date)) for s in talk.speakers]
    return found


def _group(pairs: Iterable[tuple[K, V]]) -> dict[K, tuple[V, ...]]:
    """(key, value) pairs to key -> values, in order of first appearance."""
    grouped: dict[K, list[V]] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return {key: tuple(values) for key, values in grouped.items()}


def _work(involvements: Iterable[EditionRole], appearances: Iterable[Appearance]) -> tuple[OrganisationWork, ...]:
    """An organisation's editions, newest first, with its roles and its people's sessions there."""
    found: dict[str, tuple[Edition, list[str], list[Appearance]]] = {}
    for involvement in involvements:
        found.setdefault(involvement.edition.slug, (involvement.edition, [], []))[1].append(involvement.role)
    for appearance in appearances:
        found.setdefault(appearance.edition.slug, (appearance.edition, [], []))[2].append(appearance)
    return tuple(OrganisationWork(e, tuple(roles), tuple(seen)) for e, roles, seen in
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
    return session.lane.first if session.lane else ""


def parallel_slots(day: Day) -> tuple[Slot, ...]:
    """The day's sessions in their order, those that run side by side grouped: a timed session in a
    room (or track) joins the one before when it starts before that group ends (or with it, when
    the group gives no end), not before it starts, in a room or track of its own. The agenda shows
    a group in columns."""
    slots: list[list[Session]] = []
    for session in day.sessions:
        group = slots[-1] if slots else []
        ends = [s.end for s in group if s.end]
        starts = [s.start for s in group if s.start]
        joins = (session.start is not None and _place(session) and starts and all(_place(s) for s in group)
                 and _place(session) not in {_place(s) for s in group} and session.start >= min(starts)
                 and (session.start < max(ends) if ends else session.start == starts[0]))
        if joins:
            group.append(session)
        else:
            slots.append([session])
    return tuple(Slot(tuple(group)) for group in slots)


def session_entries(edition: Edition) -> tuple[SessionEntry, ...]:
    """Every timed session of the edition, in agenda order, with its key and its neighbours within
    its day by start time (sessions that start together keep their agenda order). The neighbours
    are sessions that take place: a cancelled one is no session before or after another (its own
    page still has its neighbours). Untimed sessions have no calendar and no place in a day's
    timeline, so no page either."""
    entries: list[SessionEntry] = []
    for day in edition.agenda:
        timed = [(s.start, index, s) for index, s in enumerate(day.sessions) if s.start is not None]
        ordered = [s for _, _, s in sorted(timed, key=lambda item: (item[0], item[1]))]
        keys = [session_key(day, s) or "" for s in ordered]
        before: list[str | None] = []  # the key of the nearest session held before each, and after
        after: list[str | None] = []
        for indices, nearest in ((range(len(ordered)), before), (range(len(ordered) - 1, -1, -1), after)):
            last = None
            for i in indices:
                nearest.append(last)
                last = last if ordered[i].cancelled else keys[i]
        after.reverse()
        entry_of = {id(s): SessionEntry(keys[i], day, s, before[i], after[i]) for i, s in enumerate(ordered)}
        entries += [entry_of[id(s)] for s in day.sessions if s.start is not None]
    return tuple(entries)


def edition_span(edition: Edition) -> Span:
    """When the edition runs: its dates, made precise by the first and last timed moments when
    those fall on its first and last days (an untimed first or last day keeps the date alone; a
    cancelled session does not count).
    Worked out once here for every page that states it (its Event's start and end in JSON-LD)."""
    timed = edition.held_timed_sessions
    if not timed:
        return Span(edition.start, edition.end)
    start: dt.date | dt.datetime = edition.start
    end: dt.date | dt.datetime = edition.end
    first_day, first = min(timed, key=lambda pair: (pair[0].date, pair[1].start))
    # the latest end (a session past midnight ends on the day after its own), or start without one
    last, last_day = max((moments.ends(edition, day, s) or moments.starts(edition, day, s), day.date)
                         for day, s in timed)
    if first_day.date == edition.start:
        start = moments.starts(edition, first_day, first)
    if edition.end in (last_day, last.date()):
        end = last
    return Span(start, end)


def _featured(states: list[EditionState]) -> EditionState | None:
    current = [s for s in states if s.status != "past"]
    if current:
        return current[0]
    return states[-1] if states else None


def archive(series: Iterable[Series], states: list[EditionState]) -> tuple[SeriesEditions, ...]:
    """Each series with editions, newest first, and its next edition; the series whose latest
    edition is newest come first."""
    found = []
    for one in series:
        editions = [s for s in states if s.edition.series == one.id]  # by date
        if editions:
            found.append(SeriesEditions(one, tuple(reversed(editions)),
                                        next((s for s in editions if s.status != "past"), None)))
    return tuple(sorted(found, key=lambda entry: entry.editions[0].edition.start, reverse=True))


def resolve_edition(edition: Edition, today: dt.date, later: Edition | None, last: Resolved | None = None) -> Resolved:
    """An edition's state on `today`, with the appearances and organisations' roles it gives: those
    of `last`, what the edition was resolved to on another day or before another edition (they are
    made from the edition alone), the same objects."""
    found = list(last.appearances) if last is not None else _appearances(edition)
    by_role = tuple(sorted(edition.organisations, key=lambda i: ROLE_ORDER.index(i.role)))
    state = EditionState(
        edition=edition, status=status(edition, today), registration=registration_state(edition, today),
        later=later, speakers=tuple(dict.fromkeys(p for p, a in found if a.capacity in ON_SPEAKERS_PAGE)),
        involvements=by_role,
        days=(days := agenda_days(edition)), unpublished=unpublished_days(edition, days),
        slots=MappingProxyType({day.date: parallel_slots(day) for day in days}),
        by_speaker=tuple(SpeakerEntry(p, seen) for p, seen in _group(
            (p, a) for p, a in found if a.capacity in ON_SPEAKERS_PAGE).items()),
        organisation_groups=tuple(RoleGroup(role, group)
                                  for role, group in _group((i.role, i) for i in by_role).items()),
        matchmaking_days=MappingProxyType({edition.matchmaking.date: edition.matchmaking}
                                          if edition.matchmaking and edition.matchmaking.date else {}),
        sessions=session_entries(edition), span=edition_span(edition),
    )
    if last is not None:
        return Resolved(edition, today, later, state, last.appearances, last.roles, last.organisations)
    return Resolved(edition, today, later, state, tuple(found),
                    tuple((involvement.organisation, EditionRole(edition, involvement.role))
                          for involvement in edition.organisations),
                    frozenset(ident for kind, ident, _ in references(edition) if kind == "organisation"))


def later_editions(editions: Iterable[Edition]) -> dict[str, Edition | None]:
    """Each edition's next one in its series, by slug: the first to start later (None for the last)."""
    by_series: dict[str, list[Edition]] = defaultdict(list)
    for edition in sorted(editions, key=lambda e: (e.start, e.slug)):
        by_series[edition.series].append(edition)
    later: dict[str, Edition | None] = {}
    for series in by_series.values():
        following = None
        for index in range(len(series) - 1, -1, -1):
            if index + 1 < len(series) and series[index + 1].start > series[index].start:
                following = series[index + 1]
            later[series[index].slug] = following
    return later


def resolve(content: Content, built_at: dt.datetime, base_url: str, problems: list[Problem],
            memory: ResolveMemory | None = None) -> Site:
    """The resolved site. `memory`: what the last resolve made, taken again where nothing it was
    made from changed, and replaced with what this one made."""
    states = []
    later_of = later_editions(content.editions)
    made: dict[str, Resolved] = {}
    kept = memory.editions if memory is not None else {}
    for edition in content.editions:
        today, later = today_at(built_at, edition.timezone), later_of[edition.slug]
        last = kept.get(edition.slug)
        if last is None or last.edition is not edition:
            resolved = resolve_edition(edition, today, later)
        elif last.today == today and last.later is later:
            resolved = last
        else:
            resolved = resolve_edition(edition, today, later, last)
        made[edition.slug] = resolved
        states.append(resolved.state)
    last_grouped = memory.grouped if memory is not None else None
    same_records = last_grouped is not None and memory is not None and records_unchanged(made, memory.editions)
    grouped = last_grouped if last_grouped is not None and same_records else grouped_records(made)
    appearances, speakers_from, involvements = grouped.appearances, grouped.speakers_from, grouped.involvements
    touched = touched_entries(memory, content, made)
    default = content.site.default_language
    # pages for the people and organisations the published editions name: a person only in a draft
    # stays unpublished
    before = memory.site if memory is not None else None

    entries: dict[str, PersonEntry] = {}

    def entry(person: Person, last: PersonEntry | None = None) -> PersonEntry:  # the same in each language's index
        if person.id not in entries:
            count = len({a.edition.slug for a in appearances.get(person.id, ())})
            if last is None or last.person is not person or last.editions != count:
                last = PersonEntry(person, count)
            entries[person.id] = last
        return entries[person.id]

    saved = touched.people_files
    if (before is not None and saved is not None and appearances.keys() == before.appearances.data.keys()
            and all(same_place(content.people.data[ident], before.content.people.data[ident])
                    for ident in saved if ident in appearances)):  # (only those appearing are listed)
        # the same people appearing, each with a page or not and named as before: the same order. An
        # entry changes only for a person whose file changed, or who was at an edition that changed
        people = content.people.data
        again = (touched.people or frozenset()) | saved
        if not any(ident in appearances and (person := people.get(ident)) is not None and person.has_page
                   for ident in again):  # none of them listed: the last index, the same object
            people_with_pages, people_index = before.people_with_pages, before.people_index
        else:  # the same objects where they are the same: what the index has of its entries
            people_with_pages = again_if_same(
                tuple(people[last.id] if last.id in saved else last for last in before.people_with_pages),
                before.people_with_pages)
            by_lang = {lang: again_if_same(tuple(entry(people[last.person.id], last) if last.person.id in again
                                                 else last for last in listed), listed)
                       for lang, listed in before.people_index.data.items()}
            people_index = (before.people_index if all(by_lang[lang] is listed for lang, listed
                                                       in before.people_index.data.items())
                            else Keyed("people_index", by_lang))
    else:
        people_with_pages = sorted((p for p in content.people.values() if p.has_page and p.id in appearances),
                                   key=lambda p: collation_key(content.site.plain(p.name, default), default))
        people_index = Keyed("people_index", {lang: tuple(sorted(
            map(entry, people_with_pages),
            key=lambda entry, lang=lang: collation_key(content.site.plain(entry.person.name, lang), lang)))  # type: ignore[misc]
            for lang in content.site.languages})
    if (before is not None and same_records and people_with_pages is before.people_with_pages
            and content.organisations.data is before.content.organisations.data):
        published_organisations = before.published_organisations  # the same organisations named by the same
    else:
        published = {ident for r in made.values() for ident in r.organisations}
        published |= {p.organisation for p in people_with_pages if p.organisation}
        published_organisations = tuple(o for o in content.organisations.values() if o.id in published)
        if before is not None:  # one object while they are the same
            published_organisations = again_if_same(published_organisations, before.published_organisations)
    base = base_url if base_url.endswith("/") else base_url + "/"

    def index(name: str, made: Mapping[str, Any], changed: frozenset[str] | None,
              make: Callable[[str, Any], Any]) -> Keyed[str, Any]:
        """One of the site's indexes: an entry of no changed edition's (none of the keys of
        `changed`; None: all changed) as the last site had it; the last index itself, when it has
        the same keys in the same order and none of them changed."""
        last: Keyed[str, Any] | None = getattr(before, name) if before is not None else None
        if last is None or changed is None:
            return Keyed(name, {key: make(key, value) for key, value in made.items()})
        if list(made) == list(last.data):
            if not (again := [key for key in changed if key in made]):
                return last
            return Keyed(name, {**last.data, **{key: make(key, made[key]) for key in again}})
        return Keyed(name, {key: last.data[key] if key in last.data and key not in changed else make(key, value)
                            for key, value in made.items()})

    site = Site(
        content=content, built_at=built_at, urls=Urls(base), editions=tuple(states),
        by_slug=Keyed("by_slug", {s.edition.slug: s for s in states}), featured=_featured(states),
        appearances=index("appearances", appearances, touched.people, lambda _, found: tuple(found)),
        involvements=index("involvements", involvements, touched.organisations, lambda _, found: tuple(found)),
        speakers_from=index("speakers_from", speakers_from, touched.organisations, lambda _, found: tuple(found)),
        site_pages=Keyed("site_pages", {(p.slug, p.lang): p for p in content.pages}),
        archive=archive(content.site.series, states),
        person_editions=index("person_editions", appearances, touched.people, lambda _, found: tuple(
            EditionAppearances(seen[0].edition, seen)
            for seen in reversed(_group((a.edition.slug, a) for a in found).values()))),
        organisation_work=index("organisation_work", dict.fromkeys(sorted({*involvements, *speakers_from})),
                                touched.organisations,
                                lambda o, _: _work(involvements.get(o, ()), speakers_from.get(o, ()))),
        people_index=people_index,
        people_with_pages=tuple(people_with_pages),
        published_organisations=published_organisations,
    )
    from .outputs.registry import PlanMemory, plan_pages  # the output units plan the pages once the facts are known

    if memory is not None and memory.plans is None:
        memory.plans = PlanMemory()
    site = plan_pages(site, problems, memory.plans if memory is not None else None)
    if memory is not None:
        memory.editions, memory.site, memory.grouped = made, site, grouped
    return site
