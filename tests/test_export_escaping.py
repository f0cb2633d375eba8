"""Every export escapes every field for its own syntax, whatever validation lets through: the
hostile titles and names here are put straight into the validated content, past the validator."""

from __future__ import annotations

import dataclasses
import gettext
import json
import re
import xml.etree.ElementTree as ET
from types import MappingProxyType

import pytest
from conftest import FIXED_NOW, FixtureSite
from icalendar import Calendar
from lxml import etree
from test_schedule import timed_site

from confsite import calendar, discovery, schedule, structured
from confsite.load import load_sources
from confsite.model import Content, Text
from confsite.resolve import resolve
from confsite.sanitize import xml_tree
from confsite.site import Site
from confsite.validate import validate

HOSTILE = {
    "carriage return": "Clusters\rDTSTART:19700101T000000Z",
    "line feed": "Clusters\nBEGIN:VALARM",
    "CRLF": "Clusters\r\nEND:VEVENT\r\nBEGIN:VEVENT",
    "NUL": "Clusters\x00meet",
    "C0 controls": "Clusters\x01\x02\x08\x1b[31m\x7f meet",
    "vertical tab and form feed": "Clusters\x0bmeet\x0cregions",
    "line and paragraph separators": "Clusters\u2028meet\u2029regions",
    "non-characters": "Clusters\ufffe\uffffmeet",
    "script breakout": "Clusters</script><script>alert(1)</script><!--",
    "XML markup": "Clusters ]]> <![CDATA[ & <b>meet</b> &amp;",
    "iCalendar syntax": "Clusters; meet, regions\\n: ok",
}


def hostile_site(fixture_site: FixtureSite, text: str) -> Site:
    """The timed fixture site with `text` in the site, edition and session titles, theme and a person's name."""
    timed_site(fixture_site)
    problems: list = []
    sources, _ = load_sources(fixture_site.root)
    content = validate(sources, problems)
    assert content is not None and not [p for p in problems if p.is_error]

    def hostile(value: Text) -> Text:
        return Text.of({lang: f"{text} ({lang})" for lang in value.values})

    edition = content.editions[0]
    days = tuple(dataclasses.replace(day, sessions=tuple(dataclasses.replace(s, title=hostile(s.title))
                                                         for s in day.sessions)) for day in edition.agenda)
    edition = dataclasses.replace(edition, title=hostile(edition.title), theme=Text.of({"en": text}), agenda=days)
    people = {i: dataclasses.replace(p, name=Text.of({"en": text}, neutral=True)) for i, p in content.people.items()}
    content = Content(site=dataclasses.replace(content.site, title=hostile(content.site.title)), editions=(edition,),
                      people=MappingProxyType(people), organisations=content.organisations, pages=content.pages)
    return resolve(content, FIXED_NOW, content.site.base_url, [])


@pytest.mark.parametrize("text", [*HOSTILE.values(), 'an "attribute" <ends> & \'goes\' on'],
                         ids=[*HOSTILE.keys(), "quotes"])
def test_the_sitemap_escapes_as_element_tree_does(text: str) -> None:
    """The sitemap is written as text: each value as ElementTree would write it, after `xml_text`."""
    element = ET.Element("a", href=text)
    element.text = text
    assert ET.tostring(xml_tree(element), encoding="unicode") == \
        f'<a href="{discovery._attribute(text)}">{discovery._text(text)}</a>'


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_feeds_sitemap_and_schedule_xml_stay_well_formed(fixture_site: FixtureSite, text: str) -> None:
    site = hostile_site(fixture_site, text)
    state = site.editions[0]
    for lang in site.content.site.languages:
        feed = etree.fromstring(discovery.feed(site, lang, gettext.NullTranslations()))
        titles = feed.findall("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
        assert [t.text.startswith("Clusters") for t in titles] == [True]
    etree.fromstring(discovery.sitemap(site))
    xml = etree.fromstring(schedule.schedule_xml(state, site))
    persons = xml.findall(".//person")
    assert persons and all(p.text.startswith("Clusters") for p in persons)
    assert all(e.findtext("title").startswith("Clusters") for e in xml.iter("event"))


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_schedule_json_keeps_the_text_as_data(fixture_site: FixtureSite, text: str) -> None:
    site = hostile_site(fixture_site, text)
    data = json.loads(schedule.schedule_json(site.editions[0], site))
    titles = [e["title"] for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values()
              for e in room]
    assert titles and all(t.startswith(text) for t in titles)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_calendars_hold_one_line_per_property(fixture_site: FixtureSite, text: str) -> None:
    site = hostile_site(fixture_site, text)
    state = site.editions[0]
    wording = calendar.Wording("en")
    files = [calendar.edition_calendar(state, site, wording), calendar.site_calendar(site, wording)]
    files += [calendar.session_calendar(state, day, s, site, wording) for day in state.edition.agenda
              for s in day.sessions if s.start]
    for data in files:
        body = data.decode("utf-8")
        assert "\r" not in body.replace("\r\n", "") and "\n" not in body.replace("\r\n", "")
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", body.replace("\r\n", ""))
        lines = body.replace("\r\n ", "").split("\r\n")  # unfolded
        assert all(re.match(r"^[A-Z-]+[;:]", line) for line in lines if line), lines
        parsed = Calendar.from_ical(data)
        for event in parsed.walk("VEVENT"):
            assert str(event["SUMMARY"]).startswith("Clusters")
            assert "VALARM" not in [c.name for c in event.subcomponents]
    assert len(Calendar.from_ical(files[0]).walk("VEVENT")) == sum(
        1 for day in state.edition.agenda for s in day.sessions if s.start)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_json_ld_cannot_end_its_script_element(fixture_site: FixtureSite, text: str) -> None:
    site = hostile_site(fixture_site, text)
    script = str(structured.as_script(structured.event(site.editions[0], site, "en", "https://example.org/x")))
    assert not set("<>&\u2028\u2029") & set(script)
    assert json.loads(script)["name"] == f"{text} (en)"
    person = str(structured.as_script(structured.person(site, "ana-popescu", "en", "https://example.org/p")))
    assert not set("<>&\u2028\u2029") & set(person)
    assert json.loads(person)["name"] == text
