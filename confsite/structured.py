"""Structured data (schema.org JSON-LD) for edition, session and person pages, so search engines read the
facts the page shows: dates with offsets where times are known, the place or the online link,
organisers and speakers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from . import moments
from .edition import Edition
from .sanitize import script_json
from .site import EditionState, SessionEntry, Site

MODES = {"in-person": "OfflineEventAttendanceMode", "online": "OnlineEventAttendanceMode",
         "hybrid": "MixedEventAttendanceMode"}


def as_script(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json">, safe against an early '</script>'."""
    return Markup(script_json(data))


def _span(state: EditionState) -> tuple[str, str]:
    """The edition's start and end (`resolve.edition_span`), as JSON-LD writes them."""
    return state.span.start.isoformat(), state.span.end.isoformat()


def event(state: EditionState, site: Site, lang: str, url: str) -> dict[str, Any]:
    edition = state.edition

    def text(value: Any) -> str:
        return site.content.site.plain(value, lang, edition.original_language)

    start, end = _span(state)
    places = _places(edition, text, url)
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
    hosts = [organisations[i.organisation] for i in state.involvements
             if i.role in ("organiser", "co-organiser", "host")]
    organisers = [{"@type": "Organization", "name": text(o.name), **({"url": o.url} if o.url else {})}
                  for o in hosts]
    if organisers:
        data["organizer"] = organisers
    # the speakers who appear there: not those whose every talk or session there was cancelled
    performers = [p for p in state.speakers
                  if any(a.edition is edition and not a.cancelled for a in site.appearances.get(p, ()))]
    if performers:
        data["performer"] = [{"@type": "Person", "name": text(people[p].name)} for p in performers]
    return data


def _places(edition: Edition, text: Callable[[Any], str], url: str, room: str | None = None
            ) -> list[dict[str, Any]]:
    """Where it takes place: the venue (or, for a session, its room at the venue), and the online link."""
    places: list[dict[str, Any]] = []
    venue = edition.place.venue
    if venue:
        address = {"@type": "PostalAddress", "addressLocality": text(venue.city), "addressCountry": venue.country}
        if venue.address:
            address["streetAddress"] = text(venue.address)
        place: dict[str, Any] = {"@type": "Place", "address": address}
        place["name"] = text(venue.name) if venue.name else text(venue.city)
        if room:
            place["name"] = f"{room}, {place['name']}"
        places.append(place)
    if edition.place.online:
        places.append({"@type": "VirtualLocation", "url": edition.online_url or url})
    return places


def session_event(state: EditionState, entry: SessionEntry, site: Site, lang: str, url: str,
                  edition_url: str) -> dict[str, Any]:
    """A timed session as an Event of its own, part of (`superEvent`) the edition's Event."""
    edition, session, day = state.edition, entry.session, entry.day

    def text(value: Any) -> str:
        return site.content.site.plain(value, lang, edition.original_language)

    start, end = _span(state)
    places = _places(edition, text, url, text(session.room) if session.room else None)
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event", "name": text(session.title),
        "startDate": moments.starts(edition, day, session).isoformat(),
        "eventStatus": f"https://schema.org/{'EventCancelled' if session.cancelled else 'EventScheduled'}",
        "location": places[0] if len(places) == 1 else places, "url": url,
        "superEvent": {"@type": "Event", "name": text(edition.title), "url": edition_url,
                       "startDate": start, "endDate": end},
    }
    end = moments.ends(edition, day, session)
    if end is not None:
        data["endDate"] = end.isoformat()
    if edition.format:
        data["eventAttendanceMode"] = f"https://schema.org/{MODES[edition.format]}"
    if session.spoken:
        data["inLanguage"] = list(session.spoken)
    if session.description:
        data["description"] = text(session.description)
    speakers = dict.fromkeys(s.person for talk in session.held_talks for s in talk.speakers)
    if speakers:
        data["performer"] = [{"@type": "Person", "name": text(site.content.people[p].name)} for p in speakers]
    return data


def person(site: Site, person_id: str, lang: str, url: str) -> dict[str, Any]:
    found = site.content.people[person_id]
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": "Person",
                            "name": site.content.site.plain(found.name, lang), "url": url}
    appearances = site.appearances.get(person_id, ())
    organisation = next((a.organisation for a in reversed(appearances) if a.organisation), found.organisation)
    if organisation:
        data["affiliation"] = {"@type": "Organization",
                               "name": site.content.site.plain(site.content.organisations[organisation].name, lang)}
    if found.links:
        data["sameAs"] = list(found.links)
    return data
