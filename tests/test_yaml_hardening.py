"""YAML: what the site refuses (anchors, aliases, tags, complex and merge keys, deep nesting),
each at its own line with a hint, and every syntax mistake in plain words at the line to fix."""

from __future__ import annotations

import pytest
from checking import ORGANISATION, check, check_in_a_process, complete_site, errors
from conftest import FixtureSite

from confsite.documents import YamlMap
from confsite.fields import Fields, identifier, placed
from confsite.problems import Problem, Where

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)) + "name: *i\n"


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    return complete_site(fixture_site)


def problems_in(site: FixtureSite, text: str, path: str = ORGANISATION) -> list[tuple[int, str, str]]:
    """Write `text` into one file; its errors as (line, message, hint)."""
    site.write(path, text)
    found = [(int(p["line"]), str(p["message"]), str(p["hint"])) for p in errors(site.root) if p["path"] == path]
    assert found and all(hint for _, _, hint in found), found
    return found


def test_an_alias_bomb_is_refused_at_its_first_anchor(site: FixtureSite) -> None:
    found = problems_in(site, BOMB)
    assert found[0][:2] == (1, "the anchor '&a' is not allowed")
    assert "write each value out in full" in found[0][2]


@pytest.mark.parametrize("text", ["name: ACME\n" + "".join(f"k{i}: *n\n" for i in range(30)),
                                  "name: ACME\nk: [" + ", ".join(["*n"] * 30) + "]\n"],
                         ids=["aliases on lines of their own", "a list of aliases"])
def test_a_file_refused_more_than_twenty_times_says_more_follow(site: FixtureSite, text: str) -> None:
    site.write(ORGANISATION, text)
    found = [p for p in check(site.root)[1] if p["path"] == ORGANISATION]
    assert len(found) == 21 and all(p["severity"] == "error" for p in found)
    assert found[-1]["message"] == "more of these follow from here: the check stops reading the file after 20"
    assert (found[-1]["line"], found[-1]["column"]) > (found[-2]["line"], found[-2]["column"])


def test_twenty_refusals_are_all_shown(site: FixtureSite) -> None:
    site.write(ORGANISATION, "name: ACME\n" + "".join(f"k{i}: *n\n" for i in range(20)))
    found = [p for p in check(site.root)[1] if p["path"] == ORGANISATION]
    assert [p["severity"] for p in found] == ["error"] * 20


@pytest.mark.parametrize(("text", "line", "message"), [
    ("name: &n ACME\nshort_name: *n\n", 1, "the anchor '&n' is not allowed"),
    ("name: ACME\nshort_name: *n\n", 2, "the alias '*n' repeats a value written elsewhere"),
    ("name: !!python/object/apply:os.system [ls]\n", 1,
     "the YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed here"),
    ("name: ACME\nshort_name: !shout acme\n", 2, "the YAML tag '!shout' is not allowed here"),
    ("name: ACME\nurl: !!binary aGVsbG8=\n", 2, "the YAML tag 'tag:yaml.org,2002:binary' is not allowed here"),
    ("name: ACME\n? [a, b]\n: x\n", 2, "a list or a block cannot be a key"),
    ("name: ACME\n{a: 1}: x\n", 2, "a list or a block cannot be a key"),
    ("name: ACME\n? short_name\n: x\n", 2, "the '? ' form of a key is not used here"),
    ("base: &b {name: ACME}\n<<: *b\n", 1, "the anchor '&b' is not allowed"),
    ("name: ACME\n<<: {country: RO}\n", 2, "merge keys ('<<') are not supported"),
    ("name: ACME\nx: " + "[" * 25 + "]" * 25 + "\n", 2, "blocks are nested more than 20 levels deep here"),
    ("name: ACME\nx:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 25)) + "  " * 25 + "end\n",
     22, "blocks are nested more than 20 levels deep here"),
])
def test_refused_constructs_are_reported_at_their_line(site: FixtureSite, text: str, line: int,
                                                       message: str) -> None:
    assert (line, message) in [(found_line, found) for found_line, found, _ in problems_in(site, text)]


def test_deep_nesting_of_any_size_is_one_problem(site: FixtureSite) -> None:
    assert [line for line, _, _ in problems_in(site, "name: " + "[" * 200_000 + "]" * 200_000 + "\n")] == [1]


NEVER_CLOSED = "this quote is never closed on its line: YAML reads on to the next quote, at line 3"


@pytest.mark.parametrize(("text", "line", "message"), [
    ("name: ACME\n\tcountry: RO\n", 2, "a tab character: indent with spaces"),
    ("name:\n\t- ACME\n", 2, "a tab character: indent with spaces"),
    ('name: ACME\nshort_name: "AC\ncountry: RO\nurl: https://x.org/\n', 2, "this quote is never closed"),
    ("name: ACME\nshort_name: 'AC\ncountry: RO\n", 2, "this quote is never closed"),
    ("name: ACME\nshort_name: [AC\ncountry: RO\n", 2, "this '[' list is never closed"),
    ("name: ACME\nshort_name: {en: AC\ncountry: RO\n", 2, "this '{' block is never closed"),
    ("name: ACME\nshort_name: [AC,\n", 2, "this '[' list is never closed"),  # the file ends inside it
    ("name: ACME  # [\nshort_name: {en: '[AC', ro: [\n\n", 2, "this '[' list is never closed"),
    ("name: ACME: the company\n", 1, "a ':' where YAML does not expect one"),
    ("name: {en: ACME: the company}\n", 1, "a ':' inside '{…}' where YAML does not expect one"),
    ("name: ACME\nshort_name: [AC, A: B: C]\n", 2, "a ':' inside '[…]' where YAML does not expect one"),
    ("name: ACME\ncountry\nurl: https://x.org/\n", 2, "this line is not a 'field: value' line"),
    ("name:\n  en: ACME\n ro: ACME\n", 3, "this line is not indented like the fields around it"),
    ("name: ACME\nshort_name:\n  - a\n  b: c\n", 4, "this line breaks a list"),
    ("name: @acme\n", 1, "a value cannot start with this character"),
    ('name: "C:\\qwe"\n', 1, "a backslash starts an unknown escape inside double quotes"),
    ("name: ACME\n---\nname: Other\n", 2, "this file holds a second YAML document"),
    ("name: ACME\ncountry: R\x01O\n", 2, "the invisible character U+0001 is not allowed in a text"),
    ('name: "ACME" Ltd\n', 1, "more text follows the end of a value on this line"),
    # a text that holds its own quote mark: it ends there
    ('name: "The „ACME" company"\n', 1, 'the text ends at the " inside it, and more text follows'),
    ("name: 'ACME's company'\n", 1, "the text ends at the ' inside it, and more text follows"),
    # the next line's quote closes it: YAML reads the two lines as one text, and stumbles after it
    ('name: "ACME\nshort_name: "AC"\ncountry: RO\n', 1, "this quote is never closed on its line: YAML reads "
     "on to the next quote, at line 2"),
    # escapes in a quoted text above it (a Windows path, a quote written twice) end no quote
    ('url: "C:\\\\"\nname: "ACME\nshort_name: "AC"\ncountry: RO\n', 2, NEVER_CLOSED),
    ("url: 'x '' '\nname: \"ACME\nshort_name: \"AC\"\ncountry: RO\n", 2, NEVER_CLOSED),
    ("name: [ACME]]\n", 1, "more text follows the end of a value on this line"),
    ("name: *\n", 1, "'&' and '*' cannot start a value"),
    ("name: ACME\ncountry: - RO\n", 2, "a value cannot start with '- '"),
])
def test_syntax_mistakes_in_plain_words_at_the_line_to_fix(site: FixtureSite, text: str, line: int,
                                                           message: str) -> None:
    assert [(found_line, found) for found_line, found, _ in problems_in(site, text)] == [(line, message)]


def test_each_kind_of_syntax_mistake_has_its_own_hint(site: FixtureSite) -> None:
    texts = ["name: ACME\n\tcountry: RO\n", 'name: "AC\n', "name: [AC\n", "name: {en: AC\n", "name: A: B\n",
             "name: A\nb\nc: d\n", "name:\n  en: A\n ro: B\n", "name:\n  - a\n  b: c\n", "name: @a\n",
             'name: "\\q"\n', "name: A\n---\nb: c\n", 'name: "A" B\n', "name: &\n", 'name: "A "B" C"\n',
             "name: 'A's B'\n", "name: - A\n", "name: {en: A: B}\n"]
    hints = [problems_in(site, text)[0][2] for text in texts]
    assert len(set(hints)) == len(texts)


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n", "null\n", "~\n", "---\n", "--- null\n", "---\n...\n"])
@pytest.mark.parametrize("path", ["site.yaml", "content/editions/2030-iasi/edition.yaml", ORGANISATION])
def test_an_empty_file_is_an_error_at_that_file(site: FixtureSite, path: str, text: str) -> None:
    advice = "fill it in: every site needs it" if path == "site.yaml" else "fill it in, or delete it"
    assert problems_in(site, text, path) == [(1, "this file is empty",
                                              f"{advice} (docs/editors-guide.md shows every field)")]


@pytest.mark.parametrize(("text", "line"), [("- a\n- b\n", 1), ("just words\n", 1), ("\n\n42\n", 3)])
def test_a_file_that_is_not_a_block_of_fields_is_an_error_at_its_line(site: FixtureSite, text: str,
                                                                      line: int) -> None:
    assert problems_in(site, text) == [(line, "this file must hold 'field: value' lines",
                                        "start each line with a field's name and a colon, like 'title: …'")]


def test_a_block_given_a_single_value_is_an_error_at_its_line(site: FixtureSite) -> None:
    site.edition(venue="venue: Iași", agenda="")
    found = [(p["line"], p["message"]) for p in errors(site.root)]
    assert (9, "'venue': venue must be a block of fields") in found


def test_a_null_site_yaml_builds_nothing_and_says_why(site: FixtureSite) -> None:
    site.write("site.yaml", "null\n")
    result = check_in_a_process(site.root)
    assert result.returncode == 1 and '"path": "site.yaml"' in result.stdout and "this file is empty" in result.stdout
    assert "None" not in result.stdout + result.stderr


def test_a_colon_in_a_text_inside_braces_is_not_told_the_braces_are_open(site: FixtureSite) -> None:
    """The guide writes texts as {en: …}: a title with ": " in one is closed all right, and needs quotes.
    It was told "this '{' block is never closed: end it with '}'", which it already did."""
    site.write(ORGANISATION, "name: {en: Panel: what comes next, ro: Panel}\ncountry: RO\n")
    [found] = [p for p in errors(site.root) if p["path"] == ORGANISATION]
    assert (found["line"], found["column"]) == (1, 17)  # the colon, not the '{'
    assert "never closed" not in str(found["message"]) and "end it with" not in str(found["hint"])
    assert 'must be in quotes, inside {…}' in str(found["hint"])


AGENDA_HEAD = "series: cmr\nlanguages: [en]\ntitle: {en: T}\ndates: {start: 2030-05-12, end: 2030-05-12}\n" \
              "timezone: Europe/Bucharest\nvenue: {city: Iași, country: RO}\nagenda:\n  - date: 2030-05-12\n" \
              "    sessions:\n      - kind: keynote\n        title: X\n"


@pytest.mark.parametrize(("line", "message", "hint"), [
    ('       start: "10:00"\n', "this field is indented less than the fields of the item above it",
     "start it under 'kind:', 1 more space(s) to the right"),
    ('      start: "10:00"\n', "this line breaks a list",  # a field, or an item without its '-'?
     "a field of the item above starts under 'kind:', 2 space(s) further right; a new item starts with '- '"),
])
def test_a_field_indented_too_little_is_told_where_it_starts(site: FixtureSite, line: str, message: str,
                                                             hint: str) -> None:
    """It was told that every item of a list starts with '- ', which is about the dash, not the field."""
    path = "content/editions/2030-iasi/edition.yaml"
    assert problems_in(site, AGENDA_HEAD + line, path) == [(12, message, hint)]


@pytest.mark.parametrize(("text", "message"), [
    ('start: "09:30" end: "10:30"\n', "more text follows the end of a value on this line"),  # two fields
    ('title: "A" ro: "B"\n', "more text follows the end of a value on this line"),
    ('title: "Panel" x # a "comment"\n', "more text follows the end of a value on this line"),
    ('sessions:\n  - {kind: talk}\n   title: X\n', "this line breaks a list"),  # not "under '{kind:'"
    ('sessions:\n  - "Trade: new"\n   title: X\n', "this line breaks a list"),  # nor "under '"Trade:'"
])
def test_the_specific_messages_keep_to_the_mistakes_they_know(text: str, message: str) -> None:
    from confsite.documents import parse_yaml

    _, problems = parse_yaml(text, "x.yaml")
    assert [p.message for p in problems] == [message]
    assert "under" not in problems[0].hint


@pytest.mark.parametrize(("text", "quotes"), [
    ("name:\n  en: “Clusters meet Regions: in Ruse”\n", "“ ”"),
    ("name: „Клъстери: в Русе“\n", "„ “"),
])
def test_a_text_in_typographic_quotes_is_told_they_are_not_straight_ones(site: FixtureSite, text: str,
                                                                         quotes: str) -> None:
    """The editor did put the text in quotes, as the hint said: the ones a word processor types."""
    [(_, message, hint)] = problems_in(site, text)
    assert message == "a ':' where YAML does not expect one"
    assert hint.startswith(f"these are typographic quotes ({quotes}); YAML needs straight ones (\" or ')")


def test_a_time_in_typographic_quotes_is_told_they_are_not_straight_ones(site: FixtureSite) -> None:
    path = "content/editions/2030-iasi/edition.yaml"
    [(line, message, hint)] = problems_in(site, AGENDA_HEAD + "        start: “09:30”\n", path)
    assert (line, message) == (12, "'start': expected a time, got '“09:30”'")
    assert hint == "these are typographic quotes (“ ”); YAML needs straight ones (\" or '): write \"09:30\""


def test_the_quotes_trial_remembers_no_place() -> None:
    """The hint about typographic quotes converts the value again, straight, to see whether it would
    pass: that trial must leave no trace, such as a place without a file for the id it read (kept
    first, it would stand for the id's real place in every later message)."""
    places: dict[str, Where] = {}
    problems: list[Problem] = []
    data = YamlMap({"organiser": "“port-agency”"})
    data.where, data.key_where, data.value_where = Where("e.yaml", 1, 1), {}, {"organiser": Where("e.yaml", 3, 12)}
    fields = Fields(data, Where("e.yaml", 1, 1), problems)
    assert fields.take("organiser", placed(identifier, places), None) is None
    assert [p.where for p in problems] == [Where("e.yaml", 3, 12)] and "typographic quotes" in problems[0].hint
    assert places == {}
