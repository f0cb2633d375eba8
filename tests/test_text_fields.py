"""Text fields are text: no control characters, NUL or non-characters anywhere; line breaks and
tabs only in long texts; no invisible characters in ids and slugs; sensible lengths; real URLs."""

from __future__ import annotations

import contextlib
import io

import pytest
from checking import AGENDA, ORGANISATION, PERSON, TEXT, E, check, complete_site, errors, only_error
from conftest import FixtureSite

from confsite.cli import main


@pytest.fixture
def site(fixture_site: FixtureSite) -> FixtureSite:
    return complete_site(fixture_site)


def error_at(site: FixtureSite, path: str) -> tuple[int, str, str]:
    found = [p for p in errors(site.root) if p["path"] == path]
    assert len(found) == 1, found
    assert found[0]["hint"]
    return int(found[0]["line"]), str(found[0]["message"]), str(found[0]["hint"])


# written as YAML double-quoted escapes: the only way these reach a YAML value
FORBIDDEN = {"NUL": "\\0", "bell": "\\a", "escape": "\\e", "delete": "\\x7f", "C1 control": "\\x85",
             "backspace": "\\b", "noncharacter FDD0": "\\uFDD0", "noncharacter FFFE": "\\uFFFE",
             "noncharacter 1FFFF": "\\U0001FFFF", "vertical tab": "\\v", "form feed": "\\f"}


@pytest.mark.parametrize("escape", FORBIDDEN.values(), ids=FORBIDDEN.keys())
@pytest.mark.parametrize("field", ["title", "description"])
def test_control_characters_and_noncharacters_are_errors_at_their_line(site: FixtureSite, escape: str,
                                                                      field: str) -> None:
    site.edition(agenda=AGENDA.replace("One long text.", "x").replace("Clusters and regions", "x")
                 .replace(f"{field}: x", f'{field}: "Clusters {escape} regions"'))
    line, message, _ = error_at(site, E)
    assert line == (16 if field == "title" else 20)
    assert message.startswith(f"'{field}': the text holds")


@pytest.mark.parametrize(("field", "line"), [("title", 16), ("description", 20)])
@pytest.mark.parametrize("escape", ["\\n", "\\r", "\\t", "\\u2028"])
def test_line_breaks_and_tabs_only_in_long_texts(site: FixtureSite, field: str, line: int, escape: str) -> None:
    text = f'"Clusters{escape}and regions"'
    site.edition(agenda=AGENDA.replace("Clusters and regions", text if field == "title" else "Panel")
                 .replace("One long text.", text if field == "description" else "Text."))
    found = [(p["line"], p["message"]) for p in errors(site.root)]
    if field == "description" and escape in ("\\n", "\\t"):
        assert found == []
    else:
        assert len(found) == 1 and found[0][0] == line, found


@pytest.mark.parametrize(("path", "text", "line"), [
    (PERSON, 'name: "Ana\\nPopescu"\norganisation: acme\n', 1),
    (PERSON, 'name: Ana Popescu\nrole: "Director\\ngeneral"\norganisation: acme\n', 2),
    (PERSON, 'name: Ana Popescu\norganisation: "ac\\nme"\n', 2),
    (PERSON, 'name: Ana Popescu\norganisation: acme\nlinks: ["https://example.org/\\nSet-Cookie: x"]\n', 3),
    ("content/organisations/acme.yaml", 'name: {en: "ACME\\r\\nLtd"}\n', 1),
])
def test_a_line_break_in_a_single_line_field_is_an_error(site: FixtureSite, path: str, text: str, line: int) -> None:
    site.write(path, text)
    assert error_at(site, path)[0] == line


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2067", "\u2069"])
@pytest.mark.parametrize(("path", "text", "line"), [
    (PERSON, 'name: "Eve {char}evil"\norganisation: acme\n', 1),
    ("content/organisations/acme.yaml", 'name: {{en: "ACME {char}Ltd"}}\n', 1),
])
def test_a_direction_control_in_a_one_line_text_is_an_error(site: FixtureSite, char: str, path: str, text: str,
                                                           line: int) -> None:
    """An override (or an embedding, an isolate) left open in a name runs on into the page's own words
    after it: "Eve \u202eevil 1 edition" shows "1 edition" backwards on the people page."""
    site.write(path, text.format(char=char))
    found, message, _ = error_at(site, path)
    assert found == line and f"the direction control U+{ord(char):04X}" in message


def test_a_direction_mark_and_a_long_texts_override_stay(site: FixtureSite) -> None:
    """The marks (U+200E, U+200F) change no text around them; a long text's paragraph ends an override."""
    site.write(PERSON, 'name: "Ana \u200fPopescu"\norganisation: acme\n')
    site.edition(agenda=AGENDA.replace("One long text.", '"One \u202elong text."'))
    assert errors(site.root) == []


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2060"])
def test_invisible_characters_in_ids_are_named(site: FixtureSite, char: str) -> None:
    site.edition(agenda=AGENDA.replace("moderators: [ana-popescu]", f'moderators: ["ana{char}-popescu"]'))
    line, message, _ = error_at(site, E)
    assert line == 19 and "cannot be seen" in message and f"U+{ord(char):04X}" in message


@pytest.mark.parametrize("char", ["\u202e", "\u200b"])
def test_invisible_characters_in_slugs_are_errors(site: FixtureSite, char: str) -> None:
    site.write(f"content/people/ana{char}-ionescu.yaml", "name: Ana Ionescu\n")
    site.write(f"content/pages/ab{char}out.en.md", "---\ntitle: About\n---\nText\n")
    site.edition(f"2031-ia{char}si", dates="dates: {start: 2031-05-12, end: 2031-05-12}")
    paths = {p["path"] for p in errors(site.root)}
    assert {f"content/people/ana{char}-ionescu.yaml", f"content/pages/ab{char}out.en.md",
            f"content/editions/2031-ia{char}si/edition.yaml"} <= paths


@pytest.mark.parametrize(("body", "line"), [("One.\nTwo\x00.\n", 2), ("One.\n\nThree\x07.\n", 3),
                                            ("\x1b[31mred\n", 1), ("Fine.\nU+FFFF \uffff here\n", 2),
                                            ("Smile \U0001F600.\n\nNot \U0001FFFE here.\n", 3),
                                            ("\U0010FFFF\n", 1)])
def test_markdown_with_control_characters_is_an_error_at_their_line(site: FixtureSite, body: str,
                                                                   line: int) -> None:
    site.write(TEXT, body)
    assert error_at(site, TEXT)[0] == line


def test_markdown_keeps_tabs_and_line_breaks(site: FixtureSite) -> None:
    site.write(TEXT, "One.\n\n\tcode\n\nTwo\tthree, and an emoji \U0001F600.\n")
    assert errors(site.root) == []


@pytest.mark.parametrize(("block", "message"), [
    ("title: " + "A" * 501, "'title': the text is 501 characters long, over the limit of 500"),
    ("title: {en: Test}\ncontext: " + "A" * 5001,
     "'context': the text is 5,001 characters long, over the limit of 5,000"),
    ("title: {en: Test}\naudience:\n  expected: {count: 99999999999}",
     "'count': expected a whole number, got 99999999999"),
    ("title: {en: Test}\nformer_slugs: [" + "a" * 101 + "]", f"'{'a' * 101}' is not a valid id"),
])
def test_fields_keep_their_length_and_size_bounds(site: FixtureSite, block: str, message: str) -> None:
    site.edition(title=block)
    assert only_error(site.root)["message"] == message


BAD_URLS = ["javascript:alert(1)", "https://", "//example.org/", "ftp://example.org/", "https://exa mple.org/",
            "https://example.org/\u200b", "https://[::1/", "example.org", "data:text/html,x",
            "https://example.org/" + "a" * 2000, 'https://example.org/a"><script>alert(1)</script>',
            "https://example.org/x`y`", "https://example.org/a\\b"]


@pytest.mark.parametrize("address", BAD_URLS)
@pytest.mark.parametrize(("path", "text", "line"), [
    (E, "registration:\n  url: '{}'", 13),
    (E, "sources:\n  - '{}'", 13),
    (PERSON, "name: Ana Popescu\norganisation: acme\nlinks:\n  - '{}'", 4),
    ("content/organisations/acme.yaml", "name: ACME\nurl: '{}'", 2),
])
def test_every_url_field_refuses_what_is_not_a_web_address(site: FixtureSite, address: str, path: str,
                                                          text: str, line: int) -> None:
    if path == E:
        site.edition(agenda=text.format(address))
    else:
        site.write(path, text.format(address) + "\n")
    assert error_at(site, path)[0] == line


@pytest.mark.parametrize("address", ["https://example.org/conf/\nX-Evil: 1", "example.org", "ftp://example.org/",
                                     "https://example.org/?a=1", "https:// example.org/", "", "https://exa\u200bmple.org/"])
def test_a_bad_base_url_option_is_a_usage_error(site: FixtureSite, address: str) -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["check", "--project", str(site.root), "--base-url", address])
    assert code == 2
    assert err.getvalue().startswith("error: --base-url: ") and "hint: give the site's full address" in err.getvalue()


@pytest.mark.parametrize("ident", ["Bad Id", "-a", "x" * 101, "a\u200bb", "[a]"])
def test_a_series_with_a_malformed_id_is_a_problem(site: FixtureSite, ident: str) -> None:
    site.write("site.yaml", (site.root / "site.yaml").read_text() + f"  - id: '{ident}'\n    name: Broken\n")
    site.write("site.yaml", (site.root / "site.yaml").read_text().replace("navigation: [home, people]\n", "")
               + "navigation: [home, people]\n")
    error = only_error(site.root)
    assert (error["path"], error["line"]) == ("site.yaml", 7)


@pytest.mark.parametrize(("path", "old", "new", "mark", "hint"), [
    (E, "title: Clusters and regions", "title: Clusters and <b>regions</b>", "'<b>'", "the words alone"),
    (E, "description: One long text.", "description: {en: 'Ports &amp; regions'}", "'&amp;'", "write '&' itself"),
    (E, "description: One long text.", "description: 'Line one<br>line two'", "'<br>'",
     "to start a new line, press Enter in a description"),
    (E, "title: Clusters and regions", "title: 'Clusters&#8203;and regions'", "not as an invisible character",
     "delete it"),
    ("content/pages/about.en.md", "title: About", "title: About **us**", "'**us**'", "the words alone"),
    (E, "description: One long text.", "description: |\n          One.\n\n          See [the plan](https://x.org).",
     "'[the plan](https://x.org)'", "the words alone"),
    (E, "title: Clusters and regions", "title: 'See [the plan](javascript:alert(1) \"t\")'",
     "'[the plan](javascript:alert(1) \"t\")'", "the words alone"),  # parentheses and a title in a link
    (PERSON, "name: Ana Popescu", "name: {en: '**Ana** Popescu'}", "'**Ana**'", "the words alone"),
    (ORGANISATION, "name: ACME", "name: ACME&nbsp;Ltd", "'&nbsp;'", "a space"),
])
def test_markup_in_a_plain_text_is_a_warning_at_its_line(site: FixtureSite, path: str, old: str, new: str,
                                                         mark: str, hint: str) -> None:
    written = (site.root / path).read_text(encoding="utf-8")
    assert old in written
    site.write(path, written.replace(old, new))
    line = written[:written.index(old)].count("\n") + 1
    code, problems, _ = check(site.root)
    assert code == 0
    [warning] = [p for p in problems if "as written" in str(p["message"])]
    assert (warning["path"], warning["line"], warning["severity"]) == (path, line, "warning")
    assert mark in str(warning["message"]) and hint in str(warning["hint"])


@pytest.mark.parametrize("text", ["C++ & *nix", "R&D; 2 ** 10", "a <= b > c", "[draft] (2024)", "__init__",
                                  "Ana <a.popescu@example.org>", "<b.smith@example.org>", "Procter&Gamble; and M&As;",
                                  "the <p-value> of it", "Q&A", "AT&T", "x &notes; y", "a &#0; b"])
def test_what_only_looks_like_markup_is_no_warning(site: FixtureSite, text: str) -> None:
    written = (site.root / E).read_text(encoding="utf-8")
    site.write(E, written.replace("title: Clusters and regions", f"title: '{text}'"))
    assert check(site.root) == (0, [], "")


@pytest.mark.parametrize(("path", "old", "new", "message", "hint"), [
    (E, "format: in-person", "format: yes", "'format': expected one of: in-person, online, hybrid",
     "write one of these words exactly as shown"),
    (ORGANISATION, "name: ACME", "name: off", "'name': expected a text, but YAML reads this word as a yes-or-no",
     "put the word in quotes"),
    (E, "series: cmr", "series: 2030", "'series': expected one of: 2030, cmr",
     "put it in quotes, '2030': without them YAML reads it as a number"),
])
def test_a_word_yaml_reads_as_yes_or_no_is_named_so(site: FixtureSite, path: str, old: str, new: str, message: str,
                                                    hint: str) -> None:
    if "2030" in new:  # a series whose id YAML reads as a number, unless in quotes
        site.write("site.yaml", (site.root / "site.yaml").read_text().replace(
            "series:\n", "series:\n  - id: '2030'\n    name: Twenty-thirty\n", 1))
    written = (site.root / path).read_text(encoding="utf-8")
    assert old in written
    site.write(path, written.replace(old, new, 1))
    error = only_error(site.root)
    assert (error["path"], error["message"]) == (path, message)
    assert str(error["hint"]).startswith(hint)


@pytest.mark.parametrize(("written", "message", "hint"), [
    ("ana-popescu".replace("a", "\u0430", 1), "'\u0430na-popescu' is not a valid id: '\u0430' (U+0430 CYRILLIC SMALL "
     "LETTER A) only looks like a Latin letter", "write it 'ana-popescu', typed with a Latin keyboard layout"),
    ("\u0440o\u0440escu", "'\u0440o\u0440escu' is not a valid id: '\u0440' (U+0440 CYRILLIC SMALL LETTER ER) only "
     "looks like a Latin letter", "write it 'popescu', typed with a Latin keyboard layout"),  # by shape: not 'rorescu'
    ("ștefan", "'ștefan' is not a valid id: 'ș' (U+0219 LATIN SMALL LETTER S WITH COMMA BELOW) is not one of the "
     "letters a to z", "write it 'stefan', typed with a Latin keyboard layout"),
    ("Ana-Popescu", "'Ana-Popescu' is not a valid id",
     "write it 'ana-popescu': ids use lower-case ASCII letters, digits and hyphens, at most 100 of them"),
])
def test_an_id_that_is_not_one_is_told_the_id_to_write(site: FixtureSite, written: str, message: str,
                                                       hint: str) -> None:
    site.edition(agenda=AGENDA.replace("moderators: [ana-popescu]", f"moderators: [{written}]"))
    found = [p for p in errors(site.root) if p["path"] == E]
    assert [(p["line"], p["message"], p["hint"]) for p in found] == [(19, message, hint)]
