"""The maps of where the editions took place: one per series (for its page) and one for the whole
site (for the home page), in each language, as SVG files the pages show as images (an image
weighs nothing against a page's budget). The editions held only online are not on a map: the
pages list them beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .. import geography
from ..edition import Venue
from ..kept import Last
from ..problems import Problem, Where
from ..site import EditionState, PagePlan, Site
from ..zones import country_zones
from .base import Env, Export, Job


def map_path(lang: str, series: str | None) -> str:
    """The site's map (`series` None) or a series' map, in one language."""
    return f"{lang}/map.svg" if series is None else f"{lang}/series/{series}/map.svg"


def on_map(states: Iterable[EditionState]) -> list[EditionState]:
    """The editions that have a city to mark, oldest first."""
    return sorted((s for s in states if s.edition.place.venue is not None), key=lambda s: s.edition.start)


def online_only(states: Iterable[EditionState]) -> list[EditionState]:
    """The editions held only online, oldest first: listed beside the map."""
    return sorted((s for s in states if s.edition.format == "online"), key=lambda s: s.edition.start)


def states_of(site: Site, series: str | None) -> list[EditionState]:
    if series is None:
        return list(site.editions)
    return [s for s in site.editions if s.edition.series == series]


_LAST: Last[tuple[Job, ...]] = Last()  # while the editions' states and the site's configuration are the same


def plan(site: Site) -> tuple[Job, ...]:
    return _LAST.get(site.editions, lambda: tuple(_plan(site)), given=site.content.site)


def _plan(site: Site) -> Iterator[Job]:
    wanted: list[str | None] = [None, *(entry.series.id for entry in site.archive)]
    for series in wanted:
        states = on_map(states_of(site, series))
        if not states:
            continue
        for lang in site.content.site.languages:
            yield Job(map_path(lang, series), (lang, series))


ADD_POSITION = "add its position under 'venue', like coordinates: [47.01, 28.86] (latitude, then longitude)"


def unplaced(venue: Venue, source: Where, fallbacks: Sequence[str], severity: str) -> Problem:
    """A city the map cannot place. When the gazetteer has a city of that name in another country,
    that may be the venue's (an edition started from another, `new edition --from`, keeps its
    country and time zone): the problem says so, with that country's time zone."""
    city = venue.city.pick("en", fallbacks).value
    elsewhere = [code for name in venue.city.values.values() for code in geography.countries_knowing(name)
                 if code != venue.country]
    position = f"or, if it is this town of {venue.country}, {ADD_POSITION}"
    if elsewhere:
        other = elsewhere[0]  # (the country of its most populous city of that name)
        zones = country_zones(other)
        return Problem(venue.city.where or source, f"the map cannot place {city} in {venue.country}, the venue's "
                       f"country: the gazetteer knows {city} in {', '.join(dict.fromkeys(elsewhere))}",
                       f"if the edition is in {other}, write 'country: {other}' under 'venue', and check the "
                       "edition's 'timezone'" + (f" ({zones[0]} there)" if len(zones) == 1 else "")
                       + f"; {position}", severity=severity)
    return Problem(venue.city.where or source, f"the map cannot place {city} ({venue.country}): the gazetteer "
                   "does not know the city by that name", ADD_POSITION, severity=severity)


def make(job: Job, env: Env) -> bytes:
    lang, series = job.subject
    site = env.site
    fallbacks = site.content.site.languages
    places: dict[tuple[float, float], list[EditionState]] = {}
    cities: dict[tuple[float, float], str] = {}
    mapped = on_map(states_of(site, series))
    geography.read_countries(venue.country for state in mapped if (venue := state.edition.place.venue) is not None)
    for state in mapped:
        venue = state.edition.place.venue
        assert venue is not None
        position = geography.locate(venue)
        if position is None:
            env.problems.append(unplaced(venue, state.edition.source, fallbacks,
                                         "note" if state.edition.draft else "warning"))
            continue
        doubt = geography.coordinates_doubt(venue)
        if doubt:
            env.problems.append(Problem(
                venue.coordinates_where or venue.city.where or state.edition.source, doubt,
                "write the city's position as [latitude, longitude], like [47.01, 28.86] for Chișinău (north and "
                "east are positive)", severity="note" if state.edition.draft else "warning"))
        places.setdefault(position, []).append(state)
        cities.setdefault(position, venue.city.pick(lang, fallbacks).value)
    if not places:
        return geography.map_svg([], "")
    markers = [geography.Marker(lat, lon, cities[(lat, lon)], f"{cities[(lat, lon)]}: " + "; ".join(
        s.edition.title.pick(lang, fallbacks).value for s in states)) for (lat, lon), states in places.items()]
    gettext = env.translations[lang].gettext
    return geography.map_svg(markers, gettext("Map of the editions' cities"))


def map_context(site: Site, plan: PagePlan, series: str | None) -> dict[str, Any]:
    """What a page shows of its map: the image's address, the cities its text names, and the
    editions held online, listed beside it."""
    states = states_of(site, series)
    mapped = on_map(states)
    fallbacks = site.content.site.languages
    cities: Sequence[str] = list(dict.fromkeys(
        s.edition.place.venue.city.pick(plan.lang, fallbacks).value for s in mapped if s.edition.place.venue))
    return {"city_map": site.urls.to(map_path(plan.lang, series)) if mapped else None,
            "map_cities": cities, "online_editions": online_only(states)}


UNIT = Export("maps", plan, make, wide=True)
