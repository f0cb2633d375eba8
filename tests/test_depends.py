"""The digests of recorded inputs (`depends.Facts`): a part of an edition.yaml changes with its own
value and with nothing else; a state field with what the resolve stage derived."""

import copy
import dataclasses
import datetime as dt
import itertools
import pickle

from conftest import FixtureSite

from confsite.depends import Facts, keyed_facts, moved_facts, reads_any
from confsite.edition import Day
from confsite.problems import Where
from confsite.recording import Keyed, fact, field_fact, files_read, part_file, recording
from confsite.site import LISTINGS, EditionState, Site

E = "content/editions/2030-iasi/edition.yaml"
AGENDA = ("agenda:\n  - date: 2030-05-12\n    sessions:\n"
          "      - kind: keynote\n        title: {first}\n"
          "      - kind: panel\n        title: {second}\n")


def facts_of(site: FixtureSite, **overrides: str) -> Facts:
    site.edition("2030-iasi", **overrides)
    result = site.build(write=False)
    assert result.ok and result.site is not None
    return Facts(result.site)


def digests(facts: Facts, *names: str) -> dict[str, str]:
    return {name: facts(name) for name in names}


# where each value is written in the edition.yaml that `edition_yaml` makes with AGENDA
DAY, FIRST, SECOND = f"@part/{E}:13:5", f"@part/{E}:15:9", f"@part/{E}:17:9"
NAMES = (DAY, FIRST, SECOND, f"@part/{E}:1:1#title", f"@part/{E}:1:1#agenda", "@state/2030-iasi#days")


def test_a_session_is_its_own_part(fixture_site: FixtureSite) -> None:
    facts = facts_of(fixture_site, agenda=AGENDA.format(first="Opening", second="Regions"))
    before = digests(facts, *NAMES)
    assert facts(f"@part/{E}:99:1") not in before.values()  # each name names a value
    after = digests(facts_of(fixture_site, agenda=AGENDA.format(first="Opening", second="Regions that grow")),
                    *NAMES)
    assert [name for name in NAMES if before[name] != after[name]] == [SECOND]


def test_the_edition_records_each_field(fixture_site: FixtureSite) -> None:
    agenda = AGENDA.format(first="Opening", second="Regions")
    before = digests(facts_of(fixture_site, agenda=agenda), *NAMES)
    after = digests(facts_of(fixture_site, agenda=agenda, title="title: {en: Iasi 2030}"), *NAMES)
    assert [name for name in NAMES if before[name] != after[name]] == [f"@part/{E}:1:1#title"]


def test_a_new_session_changes_the_day_that_lists_it(fixture_site: FixtureSite) -> None:
    agenda = AGENDA.format(first="Opening", second="Regions")
    before = digests(facts_of(fixture_site, agenda=agenda), *NAMES)
    after = digests(facts_of(fixture_site, agenda=agenda + "      - kind: closing\n        title: Goodbye\n"),
                    *NAMES)
    assert [name for name in NAMES if before[name] != after[name]] == [DAY]


def test_a_session_that_moves_is_another_part(fixture_site: FixtureSite) -> None:
    """A part is named by its place: a line added above a session makes the old name name nothing."""
    agenda = AGENDA.format(first="Opening", second="Regions")
    before = digests(facts_of(fixture_site, agenda=agenda), *NAMES)
    moved = agenda.replace("        title: Regions\n", "        # the panel\n        title: Regions\n")
    moved = moved.replace("      - kind: panel\n", "      # after the break\n      - kind: panel\n")
    after = facts_of(fixture_site, agenda=moved)
    missing = after(f"@part/{E}:99:1")
    assert after(SECOND) == missing != before[SECOND]  # a page that showed it is made again
    assert after(f"@part/{E}:18:9") != missing  # the same session, one line down


def test_parts_name_their_files() -> None:
    assert part_file(f"@part/{E}:11:9") == part_file(f"@part/{E}:1:1#title") == E
    assert part_file("@people/ana-popescu") is None and part_file(E) is None
    assert files_read([f"@part/{E}:11:9", "templates/agenda.html", f"@part/{E}:1:1#title", "@pages"]) \
        == [E, "templates/agenda.html"]


def every_fact(site: Site) -> set[str]:
    """The name of every fact of a resolved site but the parts of files."""
    names = {fact(name) for name in LISTINGS}
    for name, keyed in keyed_facts(site).items():
        names |= {fact(name), *(fact(name, key) for key in keyed.data)}
    return names | {field_fact(fact("state", slug), field.name) for slug in site.by_slug.data
                    for field in dataclasses.fields(EditionState)}


def test_the_facts_that_moved_are_those_whose_digest_changed(fixture_site: FixtureSite) -> None:
    """What the live preview compares (`moved_facts`, the last site with the new one) says moved
    exactly the facts whose digest changed; sites built apart share no object, so the comparison
    goes all the way through them, as it does through a value made again after a save."""
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.write("content/people/ion-rusu.yaml", "name: Ion Rusu\n")
    speakers = "        talks:\n          - speakers: [{speaker}]\n"
    agendas = [AGENDA.format(first="Opening", second="Regions") + speakers.format(speaker="ana-popescu"),
               AGENDA.format(first="Opening", second="Regions") + speakers.format(speaker="ion-rusu"),
               AGENDA.format(first="Welcome", second="Regions") + speakers.format(speaker="ion-rusu"),
               AGENDA.format(first="Welcome", second="Regions") + speakers.format(speaker="ion-rusu")
               + "      - kind: closing\n        title: Goodbye\n"]
    sites = [facts_of(fixture_site, agenda=agenda) for agenda in agendas]
    # each site against the next, and the first against itself built again: nothing moved (a
    # session's title is a part of the file, compared by its digest: `serve`, not here)
    pairs = [(sites[0], facts_of(fixture_site, agenda=agendas[0])), *itertools.pairwise(sites)]
    moved = []
    for before, after in pairs:
        names = every_fact(before.site) | every_fact(after.site)
        changed = {name for name in names if before(name) != after(name)}
        assert moved_facts(before.site, after.site) == changed
        moved.append(changed)
    assert moved[0] == set() and moved[2] == set()
    assert {"@appearances/ana-popescu", "@appearances/ion-rusu"} <= moved[1]
    assert "@state/2030-iasi#slots" in moved[3]  # the closing session is untimed: no page of its own


def test_a_session_pages_plan_is_a_fact_with_a_value(fixture_site: FixtureSite) -> None:
    """Its key holds a "/" ("2030-iasi/2030-05-12-0930"); read back by splitting the fact's name on
    "/", every such plan was "missing", and its digest never changed."""
    timed = "agenda:\n  - date: 2030-05-12\n    sessions:\n      - {kind: keynote, title: Opening, start: \"09:30\"}\n"
    facts = facts_of(fixture_site, agenda=timed)
    name = fact("plan", ("session", "2030-iasi/2030-05-12-0930", "en"))
    assert facts._value(name[1:]) == facts.site.plan("session", "2030-iasi/2030-05-12-0930", "en")
    assert facts._value(fact("plan", ("session", "2030-iasi/2030-05-12-0931", "en"))[1:]) == "missing"
    # and its digest follows the plan: the Romanian page of an edition in English alone is a fallback
    # (its text from English), of one written in Romanian too it is not
    ro = fact("plan", ("session", "2030-iasi/2030-05-12-0930", "ro"))
    translated = facts_of(fixture_site, agenda=timed, languages="languages: [en, ro]")
    assert facts.site.plan("session", "2030-iasi/2030-05-12-0930", "ro") != \
        translated.site.plan("session", "2030-iasi/2030-05-12-0930", "ro")
    assert facts(ro) != translated(ro)


def test_one_moment_in_another_zone_has_moved(fixture_site: FixtureSite) -> None:
    """18:00 in Bucharest and 17:00 in Berlin are one moment (Python's datetimes are equal), but the
    pages that state it write its offset: the edition's span has moved, for `moved_facts` too."""
    timed = "agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: keynote\n        title: Opening\n" \
            "        start: \"{start}\"\n"
    before = facts_of(fixture_site, agenda=timed.format(start="18:00"))
    after = facts_of(fixture_site, agenda=timed.format(start="17:00"), timezone="timezone: Europe/Berlin")
    names = every_fact(before.site) | every_fact(after.site)
    changed = {name for name in names if before(name) != after(name)}
    assert "@state/2030-iasi#span" in changed
    moved = moved_facts(before.site, after.site)  # (with the session's page at a new address: its plans)
    assert {name for name in moved if name.startswith("@state/")} == \
        {name for name in changed if name.startswith("@state/")}


def test_reads_any_finds_a_name_among_sorted_inputs() -> None:
    inputs = ("@plan/x", "content/a.yaml", "content/b.yaml", "templates/base.html")
    assert reads_any(inputs, {"content/b.yaml"}) and reads_any(inputs, ["zzz", "@plan/x"])
    assert reads_any(inputs, {"templates/base.html"})
    assert not reads_any(inputs, {"content/c.yaml", "a", "zzzz"})
    assert not reads_any(inputs, set()) and not reads_any((), {"content/a.yaml"})


def test_a_keyed_mapping_records_in_and_get_as_a_look_up() -> None:
    keyed = Keyed("people", {"ana": 1})
    with recording() as reads:
        assert "ana" in keyed and "ion" not in keyed
    assert reads.inputs == {"@people/ana", "@people/ion"}
    with recording() as reads:
        assert (keyed.get("ana"), keyed.get("ion"), keyed.get("ion", 0)) == (1, None, 0)
    assert reads.inputs == {"@people/ana", "@people/ion"}
    with recording() as reads:
        assert keyed["ana"] == 1 and list(keyed) == ["ana"]
    assert reads.inputs == {"@people/ana", "@people"}


def test_a_value_made_from_a_part_keeps_its_name_when_copied_or_sent_to_another_process() -> None:
    day = Day(dt.date(2030, 5, 14), None, (), (), Where(E, 12, 5))
    for again in (copy.copy(day), copy.deepcopy(day), pickle.loads(pickle.dumps(day))):
        assert again == day
        with recording() as reads:
            assert again.date == dt.date(2030, 5, 14)
        assert reads.inputs == {f"@part/{E}:12:5"}
