"""JSON-LD: an Event on each edition page, a Person on person pages."""

import json
import re
from collections.abc import Callable

import pytest
from conftest import FixtureSite


def json_ld(html: str) -> dict:  # type: ignore[type-arg]
    match = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


@pytest.mark.parametrize(("slug", "mode", "start", "location"), [
    ("2024-chisinau", None, "2024-10-10", "Place"),  # no source gives its format
    ("2023-iasi", "OfflineEventAttendanceMode", "2023-11-21", "Place"),
    ("2021-sme-conference", "OnlineEventAttendanceMode", "2021-12-07", "VirtualLocation"),
    ("2020-varna", "MixedEventAttendanceMode", "2020-09-28", ["Place", "VirtualLocation"]),
    ("2019-sofia", None, "2019-03-26", "Place"),
])
def test_every_edition_page_has_an_event(page: Callable[[str], str], slug: str, mode: str | None, start: str,
                                         location: str | list[str]) -> None:
    data = json_ld(page(f"en/{slug}/"))
    assert data["@type"] == "Event" and data["startDate"] == start
    assert data.get("eventAttendanceMode") == (f"https://schema.org/{mode}" if mode else None)
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["url"] == f"https://cluster-conferences.github.io/site/en/{slug}/"
    places = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [p["@type"] for p in places] == (location if isinstance(location, list) else [location])
    assert data["inLanguage"] and data["organizer"]


def test_event_facts(page: Callable[[str], str]) -> None:
    chisinau = json_ld(page("en/2024-chisinau/"))
    assert chisinau["endDate"] == "2024-10-11"
    assert chisinau["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Chișinău",
                                               "addressCountry": "MD"}
    iasi = json_ld(page("ro/2023-iasi/"))
    assert len(iasi["performer"]) >= 20 and iasi["name"] == "Clusters meet Regions la Iași 2023"


def test_timed_events_carry_offsets(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - {kind: opening, title: A, start: \"09:30\", end: \"10:00\"}\n"
                                "  - date: 2030-05-13\n    sessions:\n"
                                "      - {kind: closing, title: B, start: \"16:00\", end: \"17:00\"}")
    fixture_site.build()
    data = json_ld((fixture_site.root / "_site/en/2030-iasi/index.html").read_text())
    assert data["startDate"] == "2030-05-12T09:30:00+03:00" and data["endDate"] == "2030-05-13T17:00:00+03:00"


def test_person_pages_have_a_person(page: Callable[[str], str]) -> None:
    data = json_ld(page("en/people/jan-philipp-kramer/"))
    assert data["@type"] == "Person" and data["name"] == "Jan-Philipp Kramer"
    assert data["affiliation"]["name"] == "European Cluster Collaboration Platform"


def test_an_edition_timed_on_its_first_day_only_still_ends_on_its_last(fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n"
                                "      - {kind: opening, title: A, start: \"09:30\", end: \"11:00\"}")
    fixture_site.build()
    data = json_ld((fixture_site.root / "_site/en/2030-iasi/index.html").read_text())
    assert data["startDate"] == "2030-05-12T09:30:00+03:00" and data["endDate"] == "2030-05-13"
