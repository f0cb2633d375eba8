"""The frab schedule exports (schedule.xml, schedule.json) on fixture sites, checked against the
c3voc schemas (a copy is kept in tests/schemas/)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pathlib
import re
import uuid
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pytest
from conftest import FIXED_NOW, ROOT, FixtureSite, need
from lxml import etree

from confsite import schedule
from confsite.schedule import schedule_json, schedule_xml, stable_id
from confsite.site import EditionState, Site

# The c3voc schemas (EUPL-1.2), copied verbatim from ../shared/schemas/voc-schedule so that the
# tests never depend on a folder outside the repository: see tests/schemas/voc-schedule/SOURCE.txt
SCHEMAS = ROOT / "tests" / "schemas" / "voc-schedule"

UNTIMED = "      - {kind: panel, title: Untimed panel, part_of_day: afternoon}"
TIMED = """agenda:
  - date: 2030-05-12
    sessions:
%s
      - kind: opening
        title: {en: Welcome, ro: Bun venit}
        start: "09:30"
        end: "10:00"
        chairs: [ion-rusu]
      - kind: keynote
        title: {en: Clusters and regions, ro: Clustere și regiuni}
        start: "10:00"
        talks:
          - speakers: [{person: ana-popescu, organisation: agency}]
            title: {en: Twenty years, ro: Douăzeci de ani}
      - kind: workshop
        title: {en: Smart specialisation, ro: Specializare inteligentă}
        start: "11:00"
        end: "12:30"
        track: {en: Hall 2, ro: Sala 2}
        moderators: [ion-rusu]
        talks:
          - speakers: [ana-popescu]
      - kind: session
        title: {en: Parallel, ro: În paralel}
        description: {en: Side by side., ro: Alături.}
        start: "11:00"
        end: "12:00"
        room: {en: Room B, ro: Sala B}
  - date: 2030-05-13
    sessions:
""" + UNTIMED


def timed_site(site: FixtureSite, first: str = "") -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    site.write("content/organisations/agency.yaml", "name: {en: Regional Agency, ro: Agenția Regională}\n")
    site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                 agenda=TIMED % first)


def built(site: FixtureSite, slug: str = "2030-iasi", now: dt.datetime = FIXED_NOW) -> tuple[EditionState, Site]:
    result = site.build(now, write=False)
    assert result.ok and result.site, "\n".join(p.format() for p in result.errors)
    return result.site.by_slug[slug], result.site


def exports(site: FixtureSite, slug: str = "2030-iasi") -> tuple[bytes, bytes]:
    state, resolved = built(site, slug)
    return schedule_xml(state, resolved), schedule_json(state, resolved)


def events(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for day in data["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]


@pytest.fixture(scope="module")
def schemas() -> pathlib.Path:
    if not (SCHEMAS / "xsd" / "schedule.xml.xsd").is_file() or not (SCHEMAS / "json" / "schema.json").is_file():
        need("voc-schedule schemas", f"the c3voc schedule schemas belong in {SCHEMAS}")
    return SCHEMAS


def check_xml(schemas: pathlib.Path, xml: bytes) -> etree._Element:
    schema = etree.XMLSchema(etree.parse(str(schemas / "xsd" / "schedule.xml.xsd")))
    root = etree.fromstring(xml)
    schema.assertValid(root)  # raises DocumentInvalid, naming the line and the rule
    return root


def json_validator(schemas: pathlib.Path) -> jsonschema.Draft6Validator:
    # jsonschema checks "date-time" and "uri" only with optional packages that the venv lacks:
    # check them here, strictly, so a time without its offset or a relative URL fails
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        pattern = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
        return not isinstance(value, str) or bool(re.fullmatch(pattern, value) and dt.datetime.fromisoformat(value))

    @checker.checks("uri")
    def uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme and urlsplit(value).netloc)

    schema = json.loads((schemas / "json" / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=checker)


def check_json(schemas: pathlib.Path, data: bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(data)
    json_validator(schemas).validate(document)  # raises ValidationError, naming the path and the rule
    return document


def test_the_validators_reject_what_the_schemas_forbid(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    invalid = json.loads((schemas / "json-examples" / "invalid-example.json").read_text(encoding="utf-8"))
    assert not json_validator(schemas).is_valid(invalid)
    timed_site(fixture_site)
    xml, data = exports(fixture_site)
    broken = json.loads(data)
    events(broken)[0]["date"] = "2030-05-12T09:30:00"  # no offset
    assert not json_validator(schemas).is_valid(broken)
    with pytest.raises(etree.DocumentInvalid):
        check_xml(schemas, xml.replace(b"<duration>00:30</duration>", b"<duration>half an hour</duration>"))


def test_both_exports_validate_and_hold_the_timed_sessions(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    xml, data = exports(fixture_site)
    root = check_xml(schemas, xml)
    document = check_json(schemas, data)
    conference = document["schedule"]["conference"]
    assert conference["acronym"] == "cmr2030iasi" and conference["title"] == "Test Edition"
    assert conference["time_zone_name"] == "Europe/Bucharest" and conference["daysCount"] == 2
    assert conference["url"] == "https://example.org/conf/en/2030-iasi/"
    found = {e["title"]: e for e in events(document)}
    assert list(found) == ["Welcome", "Clusters and regions", "Smart specialisation", "Parallel"]  # by room
    assert len({e["id"] for e in found.values()}) == 4 and all(0 < e["id"] < 2**31 for e in found.values())
    assert {t: (e["room"], e["duration"], e["track"], e["type"]) for t, e in found.items()} == {
        "Welcome": ("Iași", "00:30", None, "opening"),  # no room or track: the venue's city
        "Clusters and regions": ("Iași", "00:00", None, "keynote"),  # no end: no length claimed
        "Parallel": ("Room B", "01:00", None, "session"),
        "Smart specialisation": ("Hall 2", "01:30", "Hall 2", "workshop"),
    }
    assert "end" not in found["Clusters and regions"] and found["Parallel"]["end"] == "2030-05-12T12:00:00+03:00"
    # no session says its language: each declares the one its title is shown in (English, the default)
    assert {e["language"] for e in found.values()} == {"en"}
    # each event links to its session's own page
    sessions = "https://example.org/conf/en/2030-iasi/sessions/"
    assert {t: e["url"] for t, e in found.items()} == {
        "Welcome": sessions + "2030-05-12-0930/", "Clusters and regions": sessions + "2030-05-12-1000/",
        "Smart specialisation": sessions + "2030-05-12-1100-hall-2/", "Parallel": sessions + "2030-05-12-1100/"}
    assert found["Parallel"]["abstract"] == "Side by side."
    assert found["Clusters and regions"]["description"] == "- Twenty years — Ana Popescu"
    assert [p["public_name"] for p in found["Smart specialisation"]["persons"]] == ["Ion Rusu", "Ana Popescu"]
    assert found["Welcome"]["persons"][0] == found["Smart specialisation"]["persons"][0]
    assert len({e["slug"] for e in found.values()}) == 4
    assert found["Welcome"]["slug"] == f"cmr2030iasi-{found['Welcome']['id']}-welcome"
    xml_events = root.findall("day/room/event")
    assert [(e.get("id"), e.get("guid")) for e in xml_events] == [(str(e["id"]), e["guid"]) for e in events(document)]
    assert [r.get("name") for r in root.findall("day/room")] == ["Iași", "Hall 2", "Room B"]
    assert root.findtext("version") == document["schedule"]["version"]


def test_each_event_declares_the_language_it_is_held_in(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    """The spoken language when a session (or its talks) gives one; else the language of the title
    as it is written out: a title with no English falls back to Romanian and says so."""
    timed_site(fixture_site)
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    text = edition.read_text()
    text = text.replace("        chairs: [ion-rusu]\n", "        chairs: [ion-rusu]\n        language: bg\n"
                        "        interpretation: [ro]\n")  # Welcome
    text = text.replace("title: {en: Parallel, ro: În paralel}", "title: {ro: În paralel}")
    text = text.replace("          - speakers: [ana-popescu]\n",
                        "          - speakers: [ana-popescu]\n            language: ro\n")  # a talk's language
    edition.write_text(text)
    xml, data = exports(fixture_site)
    root = check_xml(schemas, xml)
    found = {e["title"]: e["language"] for e in events(check_json(schemas, data))}
    assert found == {"Welcome": "bg", "Clusters and regions": "en", "Smart specialisation": "ro",
                     "În paralel": "ro"}
    assert {e.findtext("title"): e.findtext("language") for e in root.iter("event")} == found


def test_untimed_sessions_are_left_out(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    xml, data = exports(fixture_site)
    assert b"Untimed" not in xml and b"Untimed" not in data
    assert len(check_xml(schemas, xml).findall("day/room/event")) == len(events(check_json(schemas, data))) == 4
    days = check_json(schemas, data)["schedule"]["conference"]["days"]
    assert [(d["date"], len(d["rooms"])) for d in days] == [("2030-05-12", 3), ("2030-05-13", 0)]


def test_times_carry_the_editions_utc_offset(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    xml, data = exports(fixture_site)
    first = events(check_json(schemas, data))[0]
    assert (first["date"], first["start"]) == ("2030-05-12T09:30:00+03:00", "09:30")
    assert check_xml(schemas, xml).findtext("day/room/event/date") == "2030-05-12T09:30:00+03:00"
    day = check_json(schemas, data)["schedule"]["conference"]["days"][0]
    assert (day["day_start"], day["day_end"]) == ("2030-05-12T00:00:00+03:00", "2030-05-13T00:00:00+03:00")


def test_each_day_has_its_own_offset_across_a_clock_change(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    # summer time ends in Romania on 27 October 2030, at 04:00 EEST
    agenda = """agenda:
  - date: 2030-10-26
    sessions: [{kind: opening, title: Saturday, start: "10:00", end: "11:00"}]
  - date: 2030-10-27
    sessions: [{kind: closing, title: Sunday, start: "10:00", end: "11:00"}]"""
    fixture_site.edition(dates="dates:\n  start: 2030-10-26\n  end: 2030-10-27", agenda=agenda)
    xml, data = exports(fixture_site)
    check_xml(schemas, xml)
    assert [e["date"] for e in events(check_json(schemas, data))] == [
        "2030-10-26T10:00:00+03:00", "2030-10-27T10:00:00+02:00"]


def test_a_session_over_the_clock_change_lasts_the_time_that_passes(schemas: pathlib.Path,
                                                                   fixture_site: FixtureSite) -> None:
    """23:00 to 05:00 on the night the clocks go back (04:00 EEST becomes 03:00 EET) lasts seven
    hours: apps that read only `duration` (every schedule.xml reader) must end it at 05:00."""
    agenda = """agenda:
  - date: 2030-10-26
    sessions: [{kind: networking, title: Night, start: "23:00", end: "05:00+1"}]
  - date: 2030-10-27
    sessions: [{kind: closing, title: Sunday, start: "10:00", end: "11:00"}]"""
    fixture_site.edition(dates="dates:\n  start: 2030-10-26\n  end: 2030-10-27", agenda=agenda)
    xml, data = exports(fixture_site)
    night = events(check_json(schemas, data))[0]
    assert (night["date"], night["end"], night["duration"]) == (
        "2030-10-26T23:00:00+03:00", "2030-10-27T05:00:00+02:00", "07:00")
    assert check_xml(schemas, xml).findtext("day/room/event/duration") == "07:00"


def test_builds_are_identical_and_identities_stable(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    timed_site(fixture_site)
    first = exports(fixture_site)
    assert exports(fixture_site) == first  # same input, same bytes
    state, site = built(fixture_site, now=FIXED_NOW + dt.timedelta(days=400))
    assert (schedule_xml(state, site), schedule_json(state, site)) == first  # not tied to the build's moment
    def identities(data: bytes) -> dict[str, tuple[str, int, str, tuple[int, ...]]]:
        return {e["title"]: (e["guid"], e["id"], e["slug"], tuple(p["id"] for p in e["persons"]))
                for e in events(json.loads(data))}

    before = identities(first[1])
    # a session added at the top: every guid, id, slug and person id stays with its session (apps
    # keep favourites by id; a running number moved them all on to the next session)
    timed_site(fixture_site, '      - {kind: networking, title: Coffee, start: "09:00", end: "09:30", '
                             "chairs: [ion-rusu]}")
    xml, data = exports(fixture_site)
    check_xml(schemas, xml)
    check_json(schemas, data)
    after = identities(data)
    assert after == {**before, "Coffee": after["Coffee"]}
    assert after["Coffee"][0] not in {guid for guid, *_ in before.values()}
    assert after["Coffee"][1] not in {number for _, number, *_ in before.values()}
    assert json.loads(data)["schedule"]["version"] != json.loads(first[1])["schedule"]["version"]


def test_what_is_cancelled_leaves_the_schedule_and_renumbers_nothing(schemas: pathlib.Path,
                                                                      fixture_site: FixtureSite) -> None:
    """A schedule lists what takes place, as pretalx's does: a cancelled session is left out, and so
    are a cancelled talk's title and speaker; every other event keeps its id, guid and persons."""
    def identities(data: bytes) -> dict[str, tuple[str, int, str, tuple[int, ...]]]:
        return {e["title"]: (e["guid"], e["id"], e["slug"], tuple(p["id"] for p in e["persons"]))
                for e in events(json.loads(data))}

    timed_site(fixture_site)
    before = identities(exports(fixture_site)[1])
    fixture_site.edition(languages="languages: [ro, en]", title="title: {en: Test Edition, ro: Ediția de test}",
                         agenda=(TIMED % "").replace('        end: "10:00"\n', '        end: "10:00"\n'
                                                     "        cancelled: yes\n")
                         .replace("          - speakers: [ana-popescu]\n", "          - speakers: [ana-popescu]\n"
                                  "            cancelled: true\n"))
    xml, data = exports(fixture_site)
    check_xml(schemas, xml)
    check_json(schemas, data)
    after = identities(data)
    assert "Welcome" in before and "Welcome" not in after and b"Welcome" not in xml
    assert {title: before[title] for title in after if title != "Smart specialisation"} == {
        title: found for title, found in after.items() if title != "Smart specialisation"}
    # with every number the same hash (a clash, taken in agenda order), the sessions after the
    # cancelled one keep theirs only because it still takes its own
    class Clashing:
        @staticmethod
        def sha256(data: bytes) -> Any:
            return hashlib.sha256(b"one and the same")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schedule, "hashlib", Clashing)
        clashing = identities(exports(fixture_site)[1])
        timed_site(fixture_site)
        assert {title: found[1] for title, found in identities(exports(fixture_site)[1]).items()
                if title != "Welcome"} == {title: found[1] for title, found in clashing.items()}
    # the workshop stays, with its moderator and without its one talk's speaker
    workshop = next(e for e in events(json.loads(data)) if e["title"] == "Smart specialisation")
    assert [p["public_name"] for p in workshop["persons"]] == ["Ion Rusu"]
    assert after["Smart specialisation"][:3] == before["Smart specialisation"][:3]


def test_two_sessions_with_one_key_are_an_error(fixture_site: FixtureSite) -> None:
    # two sessions at 10:00 without an end would share a calendar UID and a schedule guid
    agenda = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: workshop, title: One, start: "10:00"}
      - {kind: workshop, title: Two, start: "10:00"}"""
    fixture_site.edition(agenda=agenda)
    assert fixture_site.messages() == ["content/editions/2030-iasi/edition.yaml:16:9: this session has the same "
                                       "key as the one on line 15 (2030-05-12-1000)"]


def test_an_untimed_agenda_has_no_schedule_but_still_exports_valid_files(
        schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n" + UNTIMED)
    state, site = built(fixture_site)
    assert not state.edition.is_timed
    check_xml(schemas, schedule_xml(state, site))
    assert events(check_json(schemas, schedule_json(state, site))) == []
    timed_site(fixture_site)
    assert built(fixture_site)[0].edition.is_timed


def test_the_schema_copies_match_the_shared_originals() -> None:
    shared = ROOT.parent / "shared" / "schemas" / "voc-schedule"
    if not shared.is_dir():
        pytest.skip("no shared/ folder beside the repository to compare with")
    for name in ("xsd/schedule.xml.xsd", "json/schema.json", "json-examples/invalid-example.json"):
        assert (SCHEMAS / name).read_bytes() == (shared / name).read_bytes(), name


def test_a_stable_id_depends_on_its_name_alone_and_a_clash_takes_the_next_number() -> None:
    taken: set[int] = set()
    first = stable_id("2030-iasi/2030-05-12-0930", taken)
    assert stable_id("2030-iasi/2030-05-12-0930", set()) == first  # whatever came before
    assert stable_id("2030-iasi/2030-05-12-0930", taken) == first + 1 and taken == {first, first + 1}
    assert stable_id("2030-iasi/2030-05-12-0930", {first, first + 1}) == first + 2


def test_events_carry_their_slides_and_the_address_to_follow_them(schemas: pathlib.Path,
                                                                  fixture_site: FixtureSite) -> None:
    """The slides a session's page lists (a published file, a document elsewhere) are the event's
    attachments, and an online edition's address is its link, in both schedules."""
    fixture_site.write("content/editions/2030-iasi/files/Ports final.pdf", "%PDF-1.4\n")
    agenda = """agenda:
  - date: 2030-05-12
    sessions:
      - kind: panel
        title: Ports
        start: "10:00"
        end: "11:00"
        talks:
          - title: Rivers
            slides: {file: files/Ports final.pdf}
          - title: Canals
            slides: {url: "https://example.org/canals.pdf", kind: paper, title: The canals paper}
          - title: Locks
            slides: unpublished"""
    fixture_site.edition(agenda=agenda, format="format: online\nonline_url: https://meet.example.org/ports",
                         venue="")
    xml, data = exports(fixture_site)
    [event] = events(check_json(schemas, data))
    assert event["attachments"] == [
        {"url": "https://example.org/conf/files/2030-iasi/Ports%20final.pdf", "title": "Rivers", "type": "slides"},
        {"url": "https://example.org/canals.pdf", "title": "The canals paper", "type": "paper"}]
    assert event["links"] == [{"url": "https://meet.example.org/ports", "title": "Ports", "type": "web"}]
    element = check_xml(schemas, xml).find("day/room/event")
    assert [(a.get("href"), a.text) for a in element.iterfind("attachments/attachment")] == [
        ("https://example.org/conf/files/2030-iasi/Ports%20final.pdf", "Rivers"),
        ("https://example.org/canals.pdf", "The canals paper")]
    assert [link.get("href") for link in element.iterfind("links/link")] == ["https://meet.example.org/ports"]


def test_a_session_imported_with_a_uuid_keeps_it_as_its_guid(schemas: pathlib.Path, fixture_site: FixtureSite) -> None:
    """Apps that followed pretalx's schedule keep favourites by its guids, which the import writes
    as the sessions' ids; any other id gives a guid of its own."""
    agenda = """agenda:
  - date: 2030-05-12
    sessions:
      - {kind: panel, id: 8079583e-0000-4000-8000-00000000a001, title: Imported, start: "10:00", end: "11:00"}
      - {kind: panel, id: written-here, title: Written, start: "11:00", end: "12:00"}"""
    fixture_site.edition(agenda=agenda)
    xml, data = exports(fixture_site)
    guids = {e["title"]: e["guid"] for e in events(check_json(schemas, data))}
    assert guids["Imported"] == "8079583e-0000-4000-8000-00000000a001"
    assert guids["Written"] == str(uuid.uuid5(schedule.NAMESPACE, "2030-iasi/written-here"))
    assert check_xml(schemas, xml).find("day/room/event").get("guid") == guids["Imported"]
