"""The checks of an edition that look across its fields once it is read: its days (inside its
dates, in order, sessions of one room not overlapping, clock times that happen once), its
sessions' keys, and its time zone against its venue's country. Part of the validate stage
(`validate_edition.read_edition` calls them)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from .edition import Day, Edition, Session
from .problems import Problem, Where
from .session_keys import session_key
from .zones import clock_reading, foreign_clock, in_zone


def check_zone(edition: Edition, where: Where, problems: list[Problem]) -> None:
    """A warning at `where` (the 'timezone' line) when the edition's clocks read, on one of its days,
    otherwise than every zone of its venue's country (`zones.foreign_clock`)."""
    venue, start, end = edition.venue, edition.start, edition.end
    days = [start + dt.timedelta(days=n) for n in range(((end or start) - start).days + 1)] if start else []
    if venue and venue.country and edition.timezone and (found := foreign_clock(edition.timezone, venue.country,
                                                                                days)):
        day, zones = found
        if len(zones) == 1:
            there = in_zone(day, dt.time(12), edition.timezone).astimezone(zoneinfo.ZoneInfo(zones[0]))
            said = f"on {day.isoformat()}, when its clocks show 12:00, those of {zones[0]} show {there:%H:%M}"
            hint = f"write 'timezone: {zones[0]}'"
        else:
            said = f"on {day.isoformat()} its clocks read as none of {venue.country}'s"
            hint = f"write the one of its time zones where the venue is ({', '.join(zones)})"
        problems.append(Problem(
            where, f"the time zone {edition.timezone} is not {venue.country}'s, the venue's country: {said}",
            f"if the edition is in {venue.country}, {hint}; if it is elsewhere, correct the venue's 'country'. The "
            "agenda's times are read in this zone", severity="warning"))


CYRILLIC_LANGUAGES = frozenset({"bg", "mk", "ru", "uk", "be"})  # written in Cyrillic letters alone


def check_scripts(edition: Edition, problems: list[Problem]) -> None:
    """An edition's title and city in a Cyrillic language, copied in Latin letters from another
    language ("bg: Ruse", as `new edition` writes a city it was given in Latin letters): the
    Bulgarian pages and calendars would say "Ruse, България"."""
    venue = edition.venue
    for field, text in (("title", edition.title), ("city", venue.city if venue else None)):
        if text is None or text.neutral:
            continue
        for lang in sorted(CYRILLIC_LANGUAGES & text.values.keys()):
            value = text.values[lang]
            others = [v for other, v in text.values.items() if other != lang]
            if value in others and not any("\u0400" <= char <= "\u04ff" for char in value):
                problems.append(Problem(text.where or edition.source, f"the {field} in {lang} is {value!r}, in Latin "
                                        "letters as in another language", f"write it in Cyrillic letters, as readers "
                                        f"of {lang} pages and calendars read it; a name the same in every language "
                                        f"is written once, without languages ({field}: {value})",
                                        severity="warning"))


def check_days(edition: Edition, problems: list[Problem]) -> None:
    """Every day inside the edition's dates, in order, once; timed sessions of a track not overlapping."""
    previous: dt.date | None = None
    span = f"{edition.start.isoformat()} to {edition.end.isoformat()}"
    for day in edition.agenda:
        if day.date is None:
            continue
        if not edition.start <= day.date <= edition.end:
            problems.append(Problem(day.source, f"the day {day.date.isoformat()} is outside the edition's dates",
                                    f"the edition runs from {span}"))
        if previous and day.date <= previous:
            problems.append(Problem(day.source, f"the day {day.date.isoformat()} is out of order or repeated",
                                    "list the days once each, earliest first"))
        previous = day.date
        _check_order(day, problems)
        _check_overlaps(day, problems)
        _check_clocks(edition, day, problems)
    _check_past_midnight(edition, problems)
    reg = edition.registration
    opens_at, closes_at = reg.dates_at if reg and reg.dates_at else (reg.source, reg.source) if reg else (None, None)
    if reg and reg.closes and reg.closes > edition.end:
        problems.append(Problem(closes_at, f"registration closes on {reg.closes.isoformat()}, after the edition "
                                f"ends on {edition.end.isoformat()}", "check the 'closes' date",
                                severity="warning"))
    if reg and reg.opens and reg.opens > edition.end:
        problems.append(Problem(opens_at, "registration opens after the edition has ended",
                                "check the 'opens' date"))
    mm = edition.matchmaking
    if mm and mm.date and not edition.start <= mm.date <= edition.end:
        problems.append(Problem(mm.source, f"the matchmaking date {mm.date.isoformat()} is outside the edition's dates",
                                f"the edition runs from {span}"))


def _check_order(day: Day, problems: list[Problem]) -> None:
    """A warning for a timed session written below one that starts later: the agenda and the printed
    programme keep the order the sessions are written in."""
    latest: Session | None = None
    for session in day.sessions:
        if session.start is None:
            continue
        if latest and latest.start and session.start < latest.start:
            # an evening's session that starts after midnight belongs under the next day's date (a
            # start, unlike an end, cannot be written "+1")
            night = session.start.hour < 6 and latest.start.hour >= 18
            problems.append(Problem(
                session.source, f"this session starts at {session.start:%H:%M}, before the one on line "
                f"{latest.source.line} ({latest.start:%H:%M}): the agenda shows sessions in the order they are written",
                "if it starts after midnight, list it under the next day's date" if night else
                "move it up to its place in the day, or correct its time", severity="warning"))
        else:
            latest = session


def _check_clocks(edition: Edition, day: Day, problems: list[Problem]) -> None:
    """A warning for a time the edition's clocks show twice (they go back) or never (they jump)."""
    if day.date is None or not edition.timezone:  # (a zone written wrong is its own error)
        return
    for session in day.sessions:
        for clock, date in ((session.start, day.date), (session.end, session.end_date(day.date))):
            reading = clock_reading(date, clock, edition.timezone) if clock else "once"
            if reading == "twice":
                problems.append(Problem(
                    session.source, f"{clock:%H:%M} on {date.isoformat()} happens twice in {edition.timezone}, when "
                    "the clocks go back: calendars and apps will show the first",
                    "if the second is meant, move the session off that hour or say so in its title",
                    severity="warning"))
            elif reading == "never":
                problems.append(Problem(
                    session.source, f"{clock:%H:%M} on {date.isoformat()} does not happen in {edition.timezone}: "
                    "the clocks jump forward over that hour", "check the time", severity="warning"))


def check_keys(edition: Edition, problems: list[Problem]) -> None:
    """Timed sessions need distinct keys: they name calendar entries and schedule events."""
    seen: dict[str, Session] = {}
    for day in edition.agenda:
        for session in day.sessions:
            key = session_key(day, session)
            if key is None:
                continue
            if key in seen:
                other = seen[key]
                parallel = session.start is not None and session.start == other.start and not session.id
                hint = ("if they run at the same time in different rooms, give each its 'room'; "
                        "otherwise give one of them its own 'id'") if parallel and not (
                    session.room and other.room) else "give one of them its own 'id'"
                if session.cancelled != other.cancelled:  # a session in the place of a cancelled one
                    held = "this one" if other.cancelled else f"the one on line {other.source.line}"
                    hint = (f"give the session that takes place ({held}) its own 'id', so that the cancelled one "
                            "keeps the calendar name and address it was published under")
                if session.id and session.id == other.id:  # both written so: no key was made, at the ids' lines
                    problems.append(Problem(session.id_where or session.source, f"this session has the same id "
                                            f"{key!r} as the one on line {(other.id_where or other.source).line}",
                                            "give one of them another id: the id names the session's page and its "
                                            "calendar entry, so each needs its own"))
                    continue
                problems.append(Problem(session.source, f"this session has the same key as the one on line "
                                        f"{other.source.line} ({key})", hint))
            seen.setdefault(key, session)


def _lane(session: Session) -> tuple[str, str]:
    """What two sessions must share to clash: the room when the session has one, else the track."""
    if session.room:
        return "room", session.room.first
    return "track", session.track.first if session.track else ""


def _shared(lane: tuple[str, str]) -> str:
    """What two sessions that clash share, in words."""
    if lane[0] == "room":
        return "in the same room"
    return "in the same track" if lane[1] else "(no room or track tells them apart)"


def _check_overlaps(day: Day, problems: list[Problem]) -> None:
    """Timed sessions of one room (or, without rooms, of one track) do not overlap. Each is compared
    with the one of its lane that ends last so far, so a short session between them hides nothing.
    A cancelled session clashes with nothing: another may take its place and time."""
    last_by_lane: dict[tuple[str, str], Session] = {}
    timed = sorted((s for s in day.sessions if s.start and not s.cancelled),
                   key=lambda s: s.start)  # type: ignore[arg-type,return-value]
    for session in timed:
        lane = _lane(session)
        before = last_by_lane.get(lane)
        if before and before.end and session.start and (before.ends_next_day or session.start < before.end):
            hint = (f"the session on line {before.source.line} ends at {before.end:%H:%M}: start this one then "
                    "or later")
            hint += (", or, if it runs at the same time in another room, give it its 'room'"
                     if lane[0] == "track" else ", or correct the room of one of them")
            problems.append(Problem(session.source, f"this session overlaps the one before it {_shared(lane)}",
                                    hint))
        if not (before and before.end and (not session.end or _ends(session) <= _ends(before))):
            last_by_lane[lane] = session


def _check_past_midnight(edition: Edition, problems: list[Problem]) -> None:
    """A session that runs past midnight (`end: "01:30+1"`) does not overlap the next day's first
    sessions in its lane: `_check_overlaps` sees one day at a time."""
    by_date = {day.date: day for day in edition.agenda if day.date is not None}
    for day in edition.agenda:
        following = by_date.get(day.date + dt.timedelta(days=1)) if day.date else None
        if following is None:
            continue
        for evening in day.sessions:
            if not (evening.ends_next_day and evening.end and evening.start) or evening.cancelled:
                continue
            for session in following.sessions:
                if (session.start and not session.cancelled and session.start < evening.end
                        and _lane(session) == _lane(evening)):
                    problems.append(Problem(
                        session.source, "this session overlaps the one of the evening before "
                        f"{_shared(_lane(session))}, which runs until {evening.end:%H:%M} this day",
                        f"the session on line {evening.source.line} ends at {evening.end:%H:%M}: start this one "
                        "then or later, or correct the end of that one"))


def _ends(session: Session) -> tuple[bool, dt.time | None]:
    """When a session ends, comparable within its day: after midnight is later than any time before."""
    return session.ends_next_day, session.end
