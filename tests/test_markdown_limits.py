"""Markdown texts too costly to convert are refused before conversion, at their first costly
place, and the texts editors write, however long, are read (`confsite.markdown_limits`)."""

from __future__ import annotations

import pytest
from conftest import FixtureSite

from confsite.converter import markdown_converter
from confsite.problems import Where
from confsite.sanitize import markdown_html

PAGE_TEXT = "content/pages/about.en.md"
PAGE_HEADER = "---\ntitle: About\n---\n"  # the body starts on line 4


# Texts that would make the Markdown converter work for minutes, or recurse past Python's limit, are
# refused at their paragraph before conversion (before this, 40 KB of '[' did not finish in a minute).
@pytest.mark.parametrize(("text", "line", "message"), [
    ("Intro.\n\n" + "[" * 100_000 + "\n", 3, "this paragraph holds 100000 '[' characters"),
    ("Intro.\n\nMore.\n\n" + "<a " * 50_000 + "\n", 5, "this paragraph holds 50000 '<' characters"),
    ("- " * 5000 + "x\n", 1, "this text nests lists or quotes too deeply"),
    # each escape, entity or code span copies the rest of its paragraph (100 KB of '\*': 25 s)
    ("Intro.\n\nA *short* one.\n\n" + "\\*" * 50_000 + "\n", 5,
     "this paragraph is too long for the 100000 formatting marks it holds"),
    ("Intro.\n\n" + "&#1" * 80_000 + "\n", 3, "this paragraph is too long for the 80000 formatting marks"),
    ("`a" * 200_000 + "\n", 1, "this paragraph is too long for the 200000 formatting marks"),
    # lines that look like list items or table rows, but are one paragraph to Python-Markdown
    ("Intro.\n\nx\n" + ("- " + "\\*" * 50 + "\n") * 2000, 3, "this paragraph is too long for the 200000"),
    ("Intro.\n\n" + ("\\*" * 50 + " |\n") * 2000, 3, "this paragraph is too long for the 200000"),
])
def test_texts_too_intricate_to_convert_are_errors_at_their_paragraph(fixture_site: FixtureSite, text: str,
                                                                      line: int, message: str) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md", text)
    errors = fixture_site.messages()
    assert len(errors) == 1
    assert errors[0].startswith(f"content/editions/2030-iasi/index.en.md:{line}:1: {message}")


# Each heading or rule Python-Markdown takes off a block (lines with no empty line between them)
# makes it read the rest of the block again: 160 KB of 'a' and '=' lines took 3 minutes to check.
@pytest.mark.parametrize(("text", "line", "message"), [
    ("Intro.\n\n" + "# a\n" * 3000, 3, "these 3000 lines hold 3000 headings or rules"),
    ("a\n=\n" * 2000, 1, "these 4000 lines hold 2000 headings or rules"),
    ("Intro.\n\nMore.\n\n" + "a\n***\n" * 2000, 5, "these 4000 lines hold 2000 headings or rules"),
    ("Intro.\n\n" + "> # a\n" * 3000, 3, "these 3000 lines hold 3000 headings or rules"),  # in a quote
    (("a" * 1000 + "\n---\n") * 200, 1, "these 400 lines hold 200 headings or rules"),  # long lines
    # many small blocks add up: the costliest is named
    ("".join(("# a\n" * (300 + i)) + "\n" for i in range(20)), 5891, "these 319 lines hold 319 headings"),
])
def test_many_headings_or_rules_without_empty_lines_are_an_error_at_their_block(
        fixture_site: FixtureSite, text: str, line: int, message: str) -> None:
    fixture_site.edition()
    fixture_site.write(PAGE_TEXT, PAGE_HEADER + text)
    errors = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert len(errors) == 1
    assert f"{errors[0].where}: {errors[0].message}".startswith(f"{PAGE_TEXT}:{line + 3}:1: {message}")
    assert errors[0].hint == "put an empty line before and after each heading and each rule (---)"


@pytest.mark.parametrize("text", [
    "".join(f"## Day {i}\n\nThe *talks* of day {i}.\n\n---\n\n" for i in range(5000)),  # with empty lines
    "".join(f"### Session {i}\nSpeaker {i}, room A\nA short abstract of the talk.\n- one\n- two\n"
            for i in range(200)),  # 200 headings in one block of 1,000 lines
    "Title\n-----\n" + "Some prose, line after line.\n" * 20_000 + "***\n",  # long, with a few
])
def test_headings_and_rules_with_empty_lines_or_few_in_a_block_are_read(text: str) -> None:
    html, problems = markdown_html(markdown_converter(), text, Where("x.md", 1))
    assert problems == [] and ("<h" in html)


@pytest.mark.parametrize(("text", "shown"), [
    ("The *first* talk, by A_B, at `10:00`.\n\n" * 20_000, 20_000),  # short paragraphs
    ("".join(f"- **Speaker {i}** — *Talk {i}*, room_A\n" for i in range(3000)), 3000),  # one long list
    ("| a | b |\n|---|---|\n" + "".join(f"| *x{i}* | `y_{i}` |\n" for i in range(2500)), 2500),  # one long table
    ("```\n" + "".join(f"a_b * c `d` & \\e {i}\n" for i in range(6000)) + "```\n\nThe *end*.\n", 1),  # code
])
def test_many_formatting_marks_in_short_pieces_of_text_are_read(text: str, shown: int) -> None:
    """The limit is on each piece's marks times its length (a paragraph, a list item, a table row;
    a code block has none): as many marks in short pieces cost little, and are read."""
    html, problems = markdown_html(markdown_converter(), text, Where("x.md", 1))
    assert problems == [] and html.count("<em>") == shown


# The same work spread over many paragraphs: Python-Markdown's html.parser reads on from each '<'
# that starts no finished tag to the text's end (96 KB of 'x <b' took 63 s), and nh3 nests what
# follows in each element left open (240 KB of 'x <b>' took 12 s). Each is refused at its first '<'.
@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("Intro.\n\n" + "x <b\n\n" * 16_000, 3, 3, "this text holds 16000 '<' that start an HTML tag without "
     "finishing it with its '>', more than the 41 a text of this length may hold (the first is here)"),
    ("x \\<b\n\n" * 10_000, 1, 4, "this text holds 10000 '<' that start an HTML tag without finishing"),
    ("x </b\n\n" * 10_000, 1, 3, "this text holds 10000 '<' that start an HTML tag without finishing"),
    ("<?x\n\n" * 10_000, 1, 1, "this text holds 10000 '<' that start an HTML tag without finishing"),
    ("x <b a='>'\n\n" * 10_000, 1, 3, "this text holds 10000 '<' that start an HTML tag without finishing"),
    ("<b " * 50 + "\n\n" + "Plain prose without any tag.\n\n" * 30_000, 1, 1,
     "this text holds 50 '<' that start an HTML tag without finishing"),
    ("Intro.\n\nx <b>\n\n" + "x <em>\n\n" * 40_000, 3, 3, "this text holds 40001 HTML elements that are "
     "never closed by their end tag, more than the 624 a text of this length may hold (the first is here)"),
])
def test_unfinished_html_spread_over_paragraphs_is_an_error_at_its_first_place(
        fixture_site: FixtureSite, text: str, line: int, column: int, message: str) -> None:
    fixture_site.edition()
    fixture_site.write(PAGE_TEXT, PAGE_HEADER + text)
    errors = [p for p in fixture_site.build(write=False).problems if p.is_error]
    assert len(errors) == 1
    assert f"{errors[0].where}: {errors[0].message}".startswith(f"{PAGE_TEXT}:{line + 3}:{column}: {message}")
    assert "write '&lt;' for a '<' that starts no HTML tag" in errors[0].hint


def test_a_long_text_with_finished_html_and_a_few_stray_brackets_stays_allowed(fixture_site: FixtureSite) -> None:
    paragraph = ('See <a href="/conf/en/">the site</a>, <b>bold</b>, a<br>b, <img src="/x.png" alt="x" />, '
                 "<https://example.org/>, <me@example.org>, `vector<int>` in code, and 2 < 3.\n\n")
    fixture_site.edition()
    fixture_site.write(PAGE_TEXT, PAGE_HEADER + "`if a<b` in code\n\n" * 20 + paragraph * 400)
    assert not [m for m in fixture_site.messages() if "this text holds" in m]


def test_escaped_brackets_and_ordinary_links_stay_allowed(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "\\[" * 1000 + "\n\n" + " ".join("[a](https://example.org/)" for _ in range(150)) + "\n")
    assert fixture_site.messages() == []
