"""`build.py import`, the merge: what it writes reads back as it was meant (YAML 1.1 and 1.2 agree).

The programmes here are written inline: a frab schedule.xml for the command end to end, and
`Programme` values for `merge` itself.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import string
import zoneinfo
from typing import Any
from xml.sax.saxutils import escape

import pytest
import yaml
from conftest import FixtureSite
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_import import edition, import_

from confsite import characters
from confsite.documents import parse_yaml
from confsite.importer.merge import Options, Plan, merge
from confsite.importer.programme import Item, Programme, Speaker
from confsite.load import load_sources
from confsite.model import Content, Edition, Session
from confsite.validate import validate

ZONE = zoneinfo.ZoneInfo("Europe/Bucharest")
GUID = "c0ffee00-0000-4000-8000-{:012d}"


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    edition(fixture_site)
    return fixture_site


def loaded(site: FixtureSite, slug: str = "2030-iasi") -> tuple[Content, Edition, str]:
    """The site's content as `check` reads it (no errors), its edition and the edition's text."""
    sources, problems = load_sources(site.root)
    content = validate(sources, problems, include_drafts=True)
    errors = [p.format() for p in problems if p.is_error]
    assert content is not None and not errors, errors
    return content, next(e for e in content.editions if e.slug == slug), sources.editions[slug].text


def sessions(edition: Edition) -> dict[str, Session]:
    return {s.id: s for day in edition.agenda for s in day.sessions if s.id}


def schedule_xml(*events: dict[str, Any]) -> str:
    """A frab schedule.xml of one day; each event: guid, start ("10:00") and its optional fields."""
    written = []
    for event in events:
        fields = "".join(f"<{tag}>{escape(event[tag])}</{tag}>" for tag in ("title", "track", "room", "abstract")
                         if tag in event)
        persons = "".join(f'<person id="{key}">{escape(name)}</person>' for key, name in event.get("persons", []))
        written.append(f'<event guid="{event["guid"]}" id="1"><date>2030-05-12T{event["start"]}:00+03:00</date>'
                       f"<duration>00:30</duration>{fields}<type>lecture</type><persons>{persons}</persons></event>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<schedule><version>1</version><conference><title>CMR</title>'
            '<time_zone_name>Europe/Bucharest</time_zone_name></conference><day index="1" date="2030-05-12">'
            f'<room name="Aula">{"".join(written)}</room></day></schedule>\n')


def item(number: int, title: str, start: str = "10:00", **fields: Any) -> Item:
    hour, minute = map(int, start.split(":"))
    moment = dt.datetime(2030, 5, 12, hour, minute, tzinfo=ZONE)
    values: dict[str, Any] = dict(categories=(), end=moment + dt.timedelta(minutes=30), track=None, room=None,
                                  language=None, abstract="", speakers=())
    return Item(guid=GUID.format(number), title=title, start=moment, **{**values, **fields})


# --- texts that YAML 1.1 reads otherwise ----------------------------------------------------------

# ruamel (YAML 1.2) writes the first ones unquoted; PyYAML (YAML 1.1, the site's reader) reads them
# as a boolean, a number or a syntax error, above all inside the flow `{en: …}` of a title
AWKWARD = ["yes", "No", "on", "Off", "1:30", "10:45", "1:30.", ":0", "? x", ".:?", "null", "~", "2024-05-01",
           "0x1F", "1e3", "@x", "`x", "!x", "&a", "*a", "%x", "- x", "x: y", "x #y", "'", '"', "no", "Y", "=",
           "<<", "1_000", "0o17", "+1", ".5", ".inf", "-.NaN", "a, b", "[x]", "{x}", "x:y", "#x", "|", ">", "---",
           "...", "Why clusters?", "2030-02-30", "a\\b"]


@pytest.mark.parametrize("text", AWKWARD)
def test_an_awkward_text_is_imported_as_it_is_written(site: FixtureSite, tmp_path: pathlib.Path, text: str) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml(
        {"guid": GUID.format(1), "start": "10:00", "title": text, "track": text, "abstract": text,
         "persons": [("7", text)]},
        {"guid": GUID.format(2), "start": "11:00", "title": "Second", "room": text,
         "abstract": f"{text}\n{text}"}), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    content, edition, _ = loaded(site)
    first, second = sessions(edition)[GUID.format(1)], sessions(edition)[GUID.format(2)]
    assert first.title.values == {"en": text}
    assert first.track is not None and first.track.values == {"en": text}
    assert first.description is not None and first.description.values == {"en": text}
    assert second.room is not None and second.room.values == {"en": text}
    assert second.description is not None and second.description.values == {"en": f"{text}\n{text}"}
    [speaker] = first.talks[0].speakers
    assert set(content.people[speaker.person].name.values.values()) == {text}  # its id (a slug) read back too
    assert "Nothing to change" in import_(site, path)[1]  # and reads back equal the next time
    written = (site.root / "content/editions/2030-iasi/edition.yaml").read_text(encoding="utf-8")
    libyaml = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    assert yaml.load(written, Loader=yaml.SafeLoader) == yaml.load(written, Loader=libyaml)  # with or without libyaml


def test_plain_texts_stay_unquoted(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml({"guid": GUID.format(1), "start": "10:00", "title": "Ports: rivers, and #1",
                                  "track": "Regions", "room": "Sala B", "abstract": "Yes, it is 10:45 now."},
                                 {"guid": GUID.format(2), "start": "11:00", "title": "yes", "room": "on"}),
                    encoding="utf-8")
    assert import_(site, path)[0] == 0
    text = (site.root / "content/editions/2030-iasi/edition.yaml").read_text(encoding="utf-8")
    for line in ("title: {en: 'Ports: rivers, and #1'}", "track: Regions", "room: Sala B",
                 "en: Yes, it is 10:45 now.", 'title: {en: "yes"}', 'room: "on"'):
        assert f"    {line}\n" in text, text


# --- the property: whatever a one-line text holds, it reads back the same ---------------------------

ONE_LINE = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda text: characters.forbidden(text) is None)
# YAML's indicators, few letters: texts that look like syntax
SYNTAX = st.text(st.sampled_from(f"abyYnN019.+-_ {string.punctuation}"), min_size=1, max_size=12)
LONG = st.builds(lambda words: " ".join(words), st.lists(ONE_LINE, min_size=150, max_size=200))  # folded lines

FLOW_SESSION = ("agenda:\n  - date: 2030-05-12\n    sessions:\n"
                f'      - {{id: {GUID.format(1)}, kind: session, title: {{en: Old, ro: Vechi}}, start: "09:00", '
                "description: {en: Old}}")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Content, Edition, str]:
    """An edition with one imported session that an editor rewrote in flow style `{…}`."""
    site = FixtureSite(tmp_path_factory.mktemp("merge") / "project")
    edition(site, agenda=FLOW_SESSION)
    return loaded(site)


def written(plan: Plan, path: str) -> Any:
    """A file merge wrote, as the site reads it; PyYAML without libyaml reads it the same."""
    data, problems = parse_yaml(plan.files[path], path)
    assert not problems, (plan.files[path], [p.format() for p in problems])
    assert yaml.load(plan.files[path], Loader=yaml.SafeLoader) == data
    return data


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ONE_LINE | SYNTAX | LONG)
def test_what_merge_writes_reads_back_the_same(base: tuple[Content, Edition, str], text: str) -> None:
    content, edition_, edition_text = base
    assume(text not in ("Online", "Iași"))  # a room that only names the venue is left out
    speaker = Speaker("k1", text, organisation=text, role=text)
    programme = Programme("test", (
        item(1, text, "09:00", track=text, abstract=text),  # into the editor's flow `{…}`
        item(2, text, "10:00", track=text, abstract=text, speakers=("k1",)),  # a new session, in blocks
        item(3, "Third", "11:00", room=text)), {"k1": speaker})
    plan = merge(edition_, edition_text, content, programme, Options())
    assert not [p for p in plan.problems if p.is_error]
    agenda = {s["id"]: s for s in written(plan, edition_.source.path)["agenda"][0]["sessions"]}
    flow, block, third = agenda[GUID.format(1)], agenda[GUID.format(2)], agenda[GUID.format(3)]
    for session in (flow, block):
        assert (session["title"]["en"], session["track"], session["description"]["en"]) == (text, text, text)
    assert third["room"] == text
    person = plan.people["k1"]
    assert block["talks"][0]["speakers"] == [person]
    organisations = {pathlib.PurePosixPath(path).stem for path in plan.files if "/organisations/" in path}
    if f"content/people/{person}.yaml" in plan.files:
        data = written(plan, f"content/people/{person}.yaml")
        assert (data["name"], data["role"]) == (text, {"en": text})
        assert data.get("organisation", "-") in organisations | {"-"}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(ONE_LINE.map(str.strip).filter(bool), min_size=2, max_size=5))
def test_a_text_of_several_lines_stays_a_block(base: tuple[Content, Edition, str], lines: list[str]) -> None:
    content, edition_, edition_text = base
    text = "\n".join(lines)
    plan = merge(edition_, edition_text, content, Programme("test", (item(2, "New", abstract=text),), {}), Options())
    assert "        description:\n          en: |" in plan.files[edition_.source.path]  # readable, not "…\n…"
    [new] = [s for s in written(plan, edition_.source.path)["agenda"][0]["sessions"] if s["id"] == GUID.format(2)]
    assert new["description"]["en"] == text


