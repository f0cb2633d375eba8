"""A reference to something missing is reported where it is written: at the id itself."""

from __future__ import annotations

import pytest
from checking import AGENDA, PERSON, E, complete_site, errors
from conftest import MINIMAL_SITE, FixtureSite

MODERATED = AGENDA.replace("moderators: [ana-popescu]", "moderators: [ana-popescu]\n"
                           "        chairs:\n          - ana-popescu\n          - chair-x\n"
                           "        facilitators: [ana-popescu, facilitator-x]\n        organiser: organiser-x")


@pytest.mark.parametrize(("missing", "line", "column"), [
    ("chair-x", 22, 13), ("facilitator-x", 23, 37), ("organiser-x", 24, 20),
])
def test_people_and_organisers_of_a_session_at_their_id(fixture_site: FixtureSite, missing: str, line: int,
                                                       column: int) -> None:
    site = complete_site(fixture_site)
    site.edition(agenda=MODERATED, organisations="organisations:\n  - id: acme\n    role: organiser")
    found = {p["message"].split("'")[1]: (p["path"], p["line"], p["column"]) for p in errors(site.root)}
    assert found[missing] == (E, line, column)


def test_a_moderator_at_the_id_in_the_list(fixture_site: FixtureSite) -> None:
    site = complete_site(fixture_site)
    site.edition(agenda=AGENDA.replace("moderators: [ana-popescu]", "moderators: [ana-popescu, mod-x]"),
                 organisations="organisations:\n  - id: acme\n    role: organiser")
    assert [(p["line"], p["column"]) for p in errors(site.root)] == [(19, 35)]


def test_a_matchmaking_partner_at_its_id(fixture_site: FixtureSite) -> None:
    site = complete_site(fixture_site)
    site.edition(agenda=AGENDA, organisations="organisations:\n  - id: acme\n    role: organiser",
                 matchmaking="matchmaking:\n  with:\n    - acme\n    - partner-x")
    assert [(p["path"], p["line"], p["column"]) for p in errors(site.root)] == [(E, 29, 7)]


def test_a_persons_organisation_at_its_line(fixture_site: FixtureSite) -> None:
    site = complete_site(fixture_site)
    site.write(PERSON, "name: Ana Popescu\nrole: Director\norganisation: acme-x\n")
    assert [(p["path"], p["line"], p["column"]) for p in errors(site.root)] == [(PERSON, 3, 15)]


def test_a_speakers_organisation_at_its_line(fixture_site: FixtureSite) -> None:
    site = complete_site(fixture_site)
    speaker = "speakers:\n              - person: ana-popescu\n                organisation: acme-x"
    site.edition(organisations="organisations:\n  - id: acme\n    role: organiser",
                 agenda=AGENDA.replace("speakers: [ana-popescu]", speaker))
    assert [(p["path"], p["line"], p["column"]) for p in errors(site.root)] == [(E, 27, 31)]


def test_a_navigation_entry_at_its_line(fixture_site: FixtureSite) -> None:
    site = complete_site(fixture_site)
    site.write("site.yaml", MINIMAL_SITE.replace("navigation: [home, people]", "navigation:\n  - home\n  - abuot"))
    found = errors(site.root)
    assert [(p["path"], p["line"], p["hint"]) for p in found] == [("site.yaml", 9, "did you mean 'about'?")]


@pytest.mark.parametrize("broken", ["name: 'Ana\n", "name: Ana\n\trole: x\n", "<<: {name: Ana}\n", "name: !x Ana\n"])
def test_a_person_whose_file_is_broken_is_not_also_missing_where_named(fixture_site: FixtureSite,
                                                                       broken: str) -> None:
    site = complete_site(fixture_site)
    site.edition(agenda=AGENDA, organisations="organisations:\n  - id: acme\n    role: organiser")
    site.write("content/people/ana-popescu.yaml", broken)
    found = errors(site.root)
    assert found and {p["path"] for p in found} == {"content/people/ana-popescu.yaml"}, found
