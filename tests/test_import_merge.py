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
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from test_import import edition, import_

from confsite import characters
from confsite.documents import parse_yaml
from confsite.edition import Edition, Session
from confsite.importer import yaml_text
from confsite.importer.merge import Options, Plan, merge
from confsite.importer.placing import Placing
from confsite.importer.programme import Item, Programme, Speaker
from confsite.load import load_sources
from confsite.model import Content
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




# --- where new sessions go in a day ----------------------------------------------------------------

DAY = f"""agenda:
  - date: 2030-05-12
    sessions:
      - {{id: {GUID.format(1)}, kind: session, title: {{en: Was late}}, start: "11:30"}}  # moves to 09:00
      - {{kind: networking, title: {{en: Welcome desk}}, part_of_day: morning}}  # untimed, in the middle
      - {{kind: session, title: {{en: Hand at ten}}, start: "10:00", room: {{en: Sala Z}}}}
      - {{kind: networking, title: {{en: Lunch corner}}, part_of_day: afternoon}}
      - {{kind: session, title: {{en: Hand at eleven}}, start: "11:00", room: {{en: Sala Z}}}}
      - {{kind: networking, title: {{en: Last desk}}, part_of_day: evening}}
  - date: 2030-05-13
    sessions:
      - {{id: {GUID.format(2)}, kind: session, title: {{en: Moves a day}}, start: "10:00"}}
"""


def test_new_sessions_go_where_they_always_went(fixture_site: FixtureSite) -> None:
    edition(fixture_site, agenda=DAY)
    content, edition_, text = loaded(fixture_site)
    programme = Programme("test", (
        item(1, "Was late", "09:00", end=None),  # already there: changes its start, keeps its place
        item(2, "Moves a day", "10:30", end=None),  # from the 13th, by start
        item(3, "At ten too", "10:00", end=None),  # an equal start: after it, and after the untimed one after it
        item(4, "Half past nine", "09:30", end=None),  # after the untimed desk, before ten
        item(5, "Early", "08:00", end=None),  # placed by "Was late" at 09:00 now, not 11:30
        item(6, "At ten three", "10:00", end=None),  # after the other new one at ten
        item(7, "Late", "12:00", end=None)), {})  # after the last untimed one
    plan = merge(edition_, text, content, programme, Options())
    days = written(plan, edition_.source.path)["agenda"]
    assert [d["date"] for d in days] == [dt.date(2030, 5, 12)]  # the 13th, emptied, went
    assert [s["title"]["en"] for s in days[0]["sessions"]] == [
        "Early", "Was late", "Welcome desk", "Half past nine", "Hand at ten", "Lunch corner", "At ten too",
        "At ten three", "Moves a day", "Hand at eleven", "Last desk", "Late"]
    assert "      - {id: c0ffee00-0000-4000-8000-000000000001, kind: session, title: {en: Was late}, " \
           'start: "09:00"}  # moves to 09:00\n' in plan.files[edition_.source.path]  # its comment with it


def one_by_one(sessions: CommentedSeq, node: CommentedMap) -> None:
    """How the import placed a session before `Placing`: scanning the day for each one."""
    start = str(node.get("start"))
    index = next((i for i, other in enumerate(sessions)
                  if isinstance(other, dict) and other.get("start") and str(other["start"]) > start), len(sessions))
    sessions.insert(index, node)


STARTS = st.sampled_from(["09:00", "09:30", "10:00", "10:30", "11:00"])
ENTRY = st.tuples(st.none() | STARTS, st.booleans())  # its start (None: untimed), whether it has a comment
OPERATION = st.tuples(st.sampled_from(["insert", "remove", "restart"]), st.integers(0, 400), STARTS)  # which, start


@settings(max_examples=200, deadline=None)
@given(entries=st.lists(ENTRY, max_size=300), operations=st.lists(OPERATION, max_size=300),
       tail=st.booleans())
def test_placing_in_blocks_gives_the_order_of_one_by_one(entries: list[tuple[str | None, bool]],
                                                         operations: list[tuple[str, int, str]], tail: bool) -> None:
    lines = ["sessions:" if entries else "sessions: []"]
    for number, (start, comment) in enumerate(entries):
        fields = f"id: s{number}" + (f', start: "{start}"' if start else "")
        lines.append(f"  - {{{fields}}}" + (f"  # note {number}" if comment else ""))
    source = "\n".join(lines) + ("\n  # the end of the day\n" if tail else "\n")
    expected, actual = yaml_text.yaml().load(source), yaml_text.yaml().load(source)
    placing = Placing(actual["sessions"])
    pairs = {node["id"]: (node, twin) for node, twin in zip(expected["sessions"], actual["sessions"], strict=True)}
    for step, (operation, number, start) in enumerate(operations):
        if operation == "insert":
            node, twin = CommentedMap(id=f"n{step}", start=start), CommentedMap(id=f"n{step}", start=start)
            one_by_one(expected["sessions"], node)
            placing.insert(twin)
            pairs[f"n{step}"] = node, twin
        elif pairs and operation == "remove":
            node, twin = pairs.pop(sorted(pairs)[number % len(pairs)])
            expected["sessions"].remove(node)
            placing.remove(twin)
        elif pairs:  # an import changes a session's start: where it is, while the day stays in order there
            node, twin = pairs[sorted(pairs)[number % len(pairs)]]
            node["start"] = twin["start"] = start
            sessions = expected["sessions"]
            at = next(i for i, other in enumerate(sessions) if other is node)
            before = next((str(o["start"]) for o in reversed(sessions[:at]) if o.get("start")), None)
            after = next((str(o["start"]) for o in sessions[at + 1:] if o.get("start")), None)
            if (before is not None and before > start) or (after is not None and after < start):
                comment = sessions.ca.items.get(at)
                del sessions[at]
                one_by_one(sessions, node)
                if comment is not None:  # the comment on its line goes with it
                    sessions.ca.items[next(i for i, other in enumerate(sessions) if other is node)] = comment
            placing.restarted(twin)
    placing.write()
    assert yaml_text.dump(actual) == yaml_text.dump(expected)


# --- people: one id, one name --------------------------------------------------------------------


def people_site(site: FixtureSite, *people: tuple[str, str]) -> tuple[Content, Edition, str]:
    for ident, name in people:
        site.write(f"content/people/{ident}.yaml", f"name: {name}\n")
    edition(site)
    return loaded(site)


def imported(base: tuple[Content, Edition, str], *names: str) -> Plan:
    """A session with speakers of these names (keys s1, s2…), merged."""
    content, edition_, text = base
    speakers = {f"s{number}": Speaker(f"s{number}", name) for number, name in enumerate(names, 1)}
    return merge(edition_, text, content, Programme("test", (item(1, "Talk", speakers=tuple(speakers)),), speakers),
                 Options())


def warnings(plan: Plan) -> list[str]:
    return [f"{p.where.path}: {p.message} ({p.hint})" for p in plan.problems if p.severity == "warning"]


def test_another_name_with_the_same_slug_is_another_person(fixture_site: FixtureSite) -> None:
    plan = imported(people_site(fixture_site, ("olena-kovalenko", "Olena Kovalenko")), "Олена Коваленко")
    assert plan.people == {"s1": "olena-kovalenko-2"}
    assert plan.new_people == frozenset({"olena-kovalenko-2"})
    assert "content/people/olena-kovalenko.yaml" not in plan.files  # the editor's person is left alone
    assert written(plan, "content/people/olena-kovalenko-2.yaml")["name"] == "Олена Коваленко"
    [warning] = warnings(plan)
    assert warning == (
        "content/people/olena-kovalenko.yaml: 'Олена Коваленко' in the programme was imported as a new person, "
        "'olena-kovalenko-2': 'olena-kovalenko' is 'Olena Kovalenko', a name written differently (if they are "
        "the same person, write the name the same way in both places (in the call-for-papers tool, or in "
        "content/people/olena-kovalenko.yaml), import again, then delete content/people/olena-kovalenko-2.yaml "
        "and any photo of it; if they are two people, leave it as it is)")


def test_two_names_with_one_slug_in_one_programme_are_two_people(site: FixtureSite) -> None:
    plan = imported(loaded(site), "Olena Kovalenko", "Олена Коваленко", "Олена Коваленко", "Ólena Kovalenko")
    assert plan.people == {"s1": "olena-kovalenko", "s2": "olena-kovalenko-2", "s3": "olena-kovalenko-2",
                           "s4": "olena-kovalenko"}
    assert plan.new_people == frozenset({"olena-kovalenko", "olena-kovalenko-2"})
    assert [w.split(":")[1].strip() for w in warnings(plan)] == [
        "'Олена Коваленко' in the programme was imported as a new person, 'olena-kovalenko-2'"]


@pytest.mark.parametrize("written_upstream", ["Maria Ionescu", "Maria  Ionescu!", "MARIA IONESCU", " maria-ionescu",
                                              "Ｍaria Ionescu", "Maria Ionescu."])
def test_the_same_name_written_otherwise_is_the_same_person(fixture_site: FixtureSite, written_upstream: str) -> None:
    plan = imported(people_site(fixture_site, ("maria-ionescu", "Maria Ionescu")), written_upstream)
    assert plan.people == {"s1": "maria-ionescu"}
    assert plan.new_people == frozenset() and not plan.files.keys() - {"content/editions/2030-iasi/edition.yaml"}
    assert warnings(plan) == []


@pytest.mark.parametrize("upstream", ["Stefan Pop", "Ştefan Pop", "Ștefan Pop", "ȘTEFAN POP", "Stéfan Pöp"])
def test_a_name_with_other_diacritics_is_the_same_person(fixture_site: FixtureSite, upstream: str) -> None:
    """A call-for-papers tool drops or mixes diacritics (Romanian's comma and cedilla); an editor
    who adds them back to the imported file must not find the person split at the next import."""
    plan = imported(people_site(fixture_site, ("stefan-pop", "Ștefan Pop")), upstream)
    assert plan.people == {"s1": "stefan-pop"} and plan.new_people == frozenset() and warnings(plan) == []


def test_a_person_is_known_by_any_of_their_names(fixture_site: FixtureSite) -> None:
    base = people_site(fixture_site, ("todor-tonev", "{bg: Тодор Тонев, en: Todor Tonev}"))
    assert imported(base, "Тодор Тонев").people == {"s1": "todor-tonev"}
    assert imported(base, "Todor Tonev").people == {"s1": "todor-tonev"}
    assert imported(base, "Tódor Tonev").people == {"s1": "todor-tonev"}  # an accent more: the same name


def test_the_suffixed_person_is_found_again(fixture_site: FixtureSite) -> None:
    base = people_site(fixture_site, ("olena-kovalenko", "Olena Kovalenko"), ("olena-kovalenko-2", "Олена Коваленко"))
    plan = imported(base, "Олена Коваленко", "Olena Kovalenko")
    assert plan.people == {"s1": "olena-kovalenko-2", "s2": "olena-kovalenko"}
    assert plan.new_people == frozenset() and warnings(plan) == []


def test_the_merge_the_warning_proposes_for_a_second_spelling_takes_one_import(site: FixtureSite,
                                                                              tmp_path: pathlib.Path) -> None:
    """The warning's way: the spelling added to the person's name, an import, the -2 file deleted."""
    site.write("content/people/olena-kovalenko.yaml", "name: Olena Kovalenko\n")
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml({"guid": GUID.format(1), "start": "10:00", "title": "Talk",
                                  "persons": [("7", "Олена Коваленко")]}), encoding="utf-8")
    assert import_(site, path)[0] == 0
    site.write("content/people/olena-kovalenko.yaml", "name: {en: Olena Kovalenko, ro: Олена Коваленко}\n")
    code, output = import_(site, path)
    assert code == 0, output
    assert "speakers: olena-kovalenko-2 → olena-kovalenko" in output
    (site.root / "content/people/olena-kovalenko-2.yaml").unlink()
    _, edition_, _ = loaded(site)
    assert [s.person for s in sessions(edition_)[GUID.format(1)].talks[0].speakers] == ["olena-kovalenko"]


def chaired_session(site: FixtureSite, chair: str, speakers: str = "") -> None:
    """The fixture edition with one imported session (GUID 1, 'Talk'), chaired by `chair` when
    given; its talk's speakers, when given, as a YAML list's items ("a, b")."""
    edition_yaml = site.root / "content/editions/2030-iasi/edition.yaml"
    edition_yaml.write_text(edition_yaml.read_text(encoding="utf-8") + (
        "agenda:\n  - date: 2030-05-12\n    sessions:\n"
        f"      - id: {GUID.format(1)}\n        start: '10:00'\n        end: '10:30'\n        kind: session\n"
        "        title: {en: Talk}\n" + (f"        chairs: [{chair}]\n" if chair else "")
        + (f"        talks:\n          - speakers: [{speakers}]\n" if speakers else "")), encoding="utf-8")


def test_a_merge_made_as_a_host_is_kept(site: FixtureSite) -> None:
    """The person an editor made chair of a session, in place of the new person the import proposed
    to merge with them, stays its chair, and no file is made for the other."""
    site.write("content/people/popescu-ana.yaml", "name: Ana Popescu\n")
    chaired_session(site, "popescu-ana")
    plan = imported(loaded(site), "Ana Popescu")
    assert plan.people == {"s1": "popescu-ana"} and plan.new_people == frozenset() and warnings(plan) == []
    assert plan.files == {}  # nothing to change: she chairs it, and is no speaker of it too
    assert notes(plan) == ["2030-05-12 10:00 'Talk': 'popescu-ana', one of its speakers in the programme, hosts it "
                           "here (as chair, moderator or facilitator) and was not added to its speakers"]


def test_the_import_prints_its_note_on_a_speaker_left_to_the_hosts(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    site.write("content/people/m-ionescu.yaml", "name: Maria Ionescu\n")
    chaired_session(site, "m-ionescu")
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml({"guid": GUID.format(1), "start": "10:00", "title": "Talk",
                                  "persons": [("7", "Maria Ionescu")]}), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    assert "note: 2030-05-12 10:00 'Talk': 'm-ionescu', one of its speakers in the programme, hosts it here" in output


def notes(plan: Plan) -> list[str]:
    return [p.message for p in plan.problems if p.severity == "note"]


def test_a_host_an_editor_also_lists_as_a_speaker_stays_one(site: FixtureSite) -> None:
    """A chair who is also a speaker upstream (or a namesake taken for one, as said in a note) is
    kept among the speakers once an editor lists them there, when the import rewrites the speakers."""
    site.write("content/people/m-ionescu.yaml", "name: Maria Ionescu\n")
    site.write("content/people/dan-pop.yaml", "name: Dan Pop\n")
    chaired_session(site, "m-ionescu", speakers="m-ionescu, dan-pop")
    base = loaded(site)
    unchanged = imported(base, "Maria Ionescu", "Dan Pop")
    assert unchanged.files == {} and notes(unchanged) == []
    plan = imported(base, "Maria Ionescu", "Dan Pop", "Ion Rusu")  # a new speaker: the speakers are written again
    assert plan.changes[-1].endswith("speakers: m-ionescu, dan-pop → m-ionescu, dan-pop, ion-rusu")
    assert notes(plan) == []


def test_a_second_spelling_is_imported_apart_and_said_once(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    site.write("content/people/olena-kovalenko.yaml", "# written by hand\nname: Olena Kovalenko\n")
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml({"guid": GUID.format(1), "start": "10:00", "title": "Talk",
                                  "persons": [("7", "Олена Коваленко"), ("8", "Olena  Kovalenko")]}),
                    encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0, output
    assert "+ person olena-kovalenko-2 (Олена Коваленко)" in output
    assert "'olena-kovalenko' is 'Olena Kovalenko'" in output
    _, edition_, _ = loaded(site)
    assert [s.person for s in sessions(edition_)[GUID.format(1)].talks[0].speakers] == ["olena-kovalenko-2",
                                                                                       "olena-kovalenko"]
    assert (site.root / "content/people/olena-kovalenko.yaml").read_text() == \
        "# written by hand\nname: Olena Kovalenko\n"
    code, output = import_(site, path)
    assert code == 0 and "Nothing to change" in output and "a name written differently" not in output


def test_a_speaker_renamed_upstream_is_a_warning_at_the_session(site: FixtureSite) -> None:
    """A new name upstream is a new person: the session would silently lose the photo and biography
    the editor gave the old one. Only an editor knows whether someone else took over."""
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\nrole: {en: Researcher}\n")
    chaired_session(site, "", speakers="ana-popescu")
    plan = imported(loaded(site), "Ana Popescu-Ionescu")
    assert plan.people == {"s1": "ana-popescu-ionescu"} and plan.new_people == {"ana-popescu-ionescu"}
    edition_text = (site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    [problem] = [p for p in plan.problems if p.severity == "warning"]
    assert problem.where.line == edition_text.splitlines().index(f"      - id: {GUID.format(1)}") + 1  # its session
    assert warnings(plan) == [
        "content/editions/2030-iasi/edition.yaml: 2030-05-12 10:00 'Talk': the programme has 'Ana Popescu-Ionescu' "
        "where 'Ana Popescu' ('ana-popescu') spoke; the import made a new person of them, 'ana-popescu-ionescu' "
        "(if they are 'ana-popescu' under a new name, write that name in content/people/ana-popescu.yaml, put "
        "'ana-popescu' back in place of 'ana-popescu-ionescu' in this session and delete "
        "content/people/ana-popescu-ionescu.yaml: later imports keep them; if someone else speaks now, leave it "
        "as it is)"]


def test_the_rename_warning_names_the_sessions_line_as_written(site: FixtureSite) -> None:
    """The warning gave the session's line in the file as it was read; a session the same import
    put above it moved it down, and the line named another one."""
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    chaired_session(site, "", speakers="ana-popescu")
    content, edition_, text = loaded(site)
    speakers = {"s1": Speaker("s1", "Ana Popescu-Ionescu")}
    earlier = (item(2, "Opening", start="09:00"), item(3, "Welcome", start="09:30"))
    plan = merge(edition_, text, content, Programme("test", (*earlier, item(1, "Talk", speakers=("s1",))),
                                                    speakers), Options())
    [problem] = [p for p in plan.problems if p.severity == "warning"]
    written = plan.files["content/editions/2030-iasi/edition.yaml"].splitlines()
    assert problem.where.line == written.index(f"      - id: {GUID.format(1)}") + 1
    assert problem.where.line > text.splitlines().index(f"      - id: {GUID.format(1)}") + 1  # (it did move)


def test_a_speaker_replaced_by_someone_the_site_knows_is_no_warning(site: FixtureSite) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.write("content/people/dan-pop.yaml", "name: Dan Pop\n")
    chaired_session(site, "", speakers="ana-popescu")
    plan = imported(loaded(site), "Dan Pop")
    assert plan.people == {"s1": "dan-pop"} and warnings(plan) == []
    assert plan.changes[-1].endswith("speakers: ana-popescu → dan-pop")


def test_the_way_the_rename_warning_proposes_keeps_the_person(site: FixtureSite, tmp_path: pathlib.Path) -> None:
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    chaired_session(site, "", speakers="ana-popescu")
    path = tmp_path / "schedule.xml"
    path.write_text(schedule_xml({"guid": GUID.format(1), "start": "10:00", "title": "Talk",
                                  "persons": [("7", "Ana Popescu-Ionescu")]}), encoding="utf-8")
    code, output = import_(site, path)
    assert code == 0 and "the programme has 'Ana Popescu-Ionescu' where 'Ana Popescu'" in output, output
    # what the warning says to do
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu-Ionescu\n")
    edition_yaml = site.root / "content/editions/2030-iasi/edition.yaml"
    edition_yaml.write_text(edition_yaml.read_text(encoding="utf-8").replace("ana-popescu-ionescu", "ana-popescu"),
                            encoding="utf-8")
    (site.root / "content/people/ana-popescu-ionescu.yaml").unlink()
    code, output = import_(site, path)
    assert code == 0 and "warning" not in output, output
    assert not (site.root / "content/people/ana-popescu-ionescu.yaml").exists()
    _, edition_, _ = loaded(site)
    assert [s.person for s in sessions(edition_)[GUID.format(1)].talks[0].speakers] == ["ana-popescu"]


def test_a_programme_wholly_outside_the_edition_s_dates_is_one_problem(site: FixtureSite) -> None:
    """Another edition's programme (or dates not yet set) gave one line per session, 24 alike."""
    import dataclasses as dc

    content, edition_, text = loaded(site)
    later = [dc.replace(one, start=one.start + dt.timedelta(days=400), end=None)
             for one in (item(n, f"Talk {n}", f"{9 + n % 8:02d}:00") for n in range(1, 25))]
    plan = merge(edition_, text, content, Programme("test", tuple(later), {}), Options())
    assert [(p.message, p.hint) for p in plan.problems if p.is_error] == [
        ("none of the programme's 24 sessions is within the edition's dates (2030-05-12 to 2030-05-13): they are "
         "from 2031-06-16 to 2031-06-16", "if it is this edition's programme, set the edition's dates to cover the "
         "whole programme, then import again; if not, import it into its own edition (--edition)")]
    # some inside, many outside: the first ten named, the others counted
    plan = merge(edition_, text, content, Programme("test", (item(30, "Inside"), *later), {}), Options())
    errors = [p.message for p in plan.problems if p.is_error]
    assert len(errors) == 11 and errors[0].startswith("the session 'Talk 8' on 2031-06-16 is outside")  # (09:00)
    assert errors[-1] == "and 14 more session(s) are outside the edition's dates (2030-05-12 to 2030-05-13)"


def test_a_start_written_with_one_digit_is_placed_by_its_time() -> None:
    """As text, "9:30" sorts after "10:00": an imported 10:00 session went before an editor's 9:30."""
    day = yaml_text.yaml().load('sessions:\n  - {id: early, start: "9:30"}\n  - {id: late, start: "11:00"}\n')
    placing = Placing(day["sessions"])
    placing.insert(CommentedMap(id="new", start="10:00"))
    placing.write()
    assert [node["id"] for node in day["sessions"]] == ["early", "new", "late"]
