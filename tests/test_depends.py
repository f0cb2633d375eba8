"""The digests of recorded inputs (`depends.Facts`): a part of an edition.yaml changes with its own
value and with nothing else; a state field with what the resolve stage derived."""

from conftest import FixtureSite

from confsite.depends import Facts
from confsite.recording import files_read, part_file

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
