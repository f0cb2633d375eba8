"""Structured data (schema.org JSON-LD) for edition and person pages, so search engines read the
facts the page shows: dates with offsets where times are known, the place or the online link,
organisers and speakers."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from markupsafe import Markup

from .model import Edition
from .resolve import EditionState, Site
from .sanitize import script_json

MODES = {"in-person": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
         "hybrid": "MixedEventAttendanceMode"}


def as_script(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json">, safe against an early '</script>'."""
    return Markup(script_json(data))


def _moment(edition: Edition, day: dt.date, clock: dt.time) -> str:
    return dt.datetime.combine(day, clock, tzinfo=zoneinfo.ZoneInfo(edition.timezone)).isoformat()


def _span(edition: Edition) -> tuple[str, str]:
    """Start and end: the edition's dates, made precise by the first and last timed moments when
    those fall on its first and last days (an untimed first or last day keeps the date alone)."""
    start, end = edition.start.isoformat(), edition.end.isoformat()
    timed = [(day.date, s) for day in edition.agenda for s in day.sessions if s.start]
    if not timed:
        return start, end
    first_day, first = min(timed, key=lambda pair: (pair[0], pair[1].start))
    # the latest end: a session past midnight ends on the day after its own
    end_date, clock, last_day = max((s.end_date(day) if s.end else day, s.end or s.start, day) for day, s in timed)
    if first_day == edition.start:
        start = _moment(edition, first_day, first.start)  # type: ignore[arg-type]
    if edition.end in (last_day, end_date):
        end = _moment(edition, end_date, clock)  # type: ignore[arg-type]
    return start, end


def event(state: EditionState, site: Site, lang: str, url: str) -> dict[str, Any]:
    edition = state.edition
    fallbacks = (edition.original_language, *edition.languages)

    def text(value: Any) -> str:
        return value.pick(lang, fallbacks).value

    start, end = _span(edition)
    places: list[dict[str, Any]] = []
    if edition.venue:
        address = {"@type": "PostalAddress", "addressLocality": text(edition.venue.city),
                   "addressCountry": edition.venue.country}
        if edition.venue.address:
            address["streetAddress"] = text(edition.venue.address)
        place: dict[str, Any] = {"@type": "Place", "address": address}
        place["name"] = text(edition.venue.name) if edition.venue.name else text(edition.venue.city)
        places.append(place)
    if edition.format in ("online", "hybrid"):
        places.append({"@type": "VirtualLocation", "url": edition.online_url or url})
    organisations = site.content.organisations
    people = site.content.people
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": text(edition.title),
        "startDate": start, "endDate": end,
        "eventStatus": "https://schema.org/EventScheduled",
        "location": places[0] if len(places) == 1 else places,
        "inLanguage": list(edition.languages), "url": url,
    }
    if edition.format:  # unknown when no source says it
        data["eventAttendanceMode"] = f"https://schema.org/{MODES[edition.format]}"
    if edition.theme:
        data["description"] = text(edition.theme)
    organisers = [{"@type": "Organization", "name": text(organisations[i].name),
                   **({"url": organisations[i].url} if organisations[i].url else {})}
                  for i, role in state.involvements if role in ("organiser", "co-organiser", "host")]
    if organisers:
        data["organizer"] = organisers
    if state.speakers:
        data["performer"] = [{"@type": "Person", "name": text(people[p].name)} for p in state.speakers]
    return data


def person(site: Site, person_id: str, lang: str, url: str) -> dict[str, Any]:
    found = site.content.people[person_id]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person",
                            "name": found.name.pick(lang).value, "url": url}
    appearances = site.appearances.get(person_id, ())
    organisation = next((a.organisation for a in reversed(appearances) if a.organisation), found.organisation)
    if organisation:
        data["affiliation"] = {"@type": "Organization",
                               "name": site.content.organisations[organisation].name.pick(lang).value}
    if found.links:
        data["sameAs"] = list(found.links)
    return data
