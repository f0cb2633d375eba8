"""`check` guards the language: cedilla letters in Romanian, placeholders left from `new`, the same
sentence twice on one page."""

from __future__ import annotations

import pathlib
import re

import pytest
from conftest import MINIMAL_SITE, FixtureSite
from hypothesis import given
from hypothesis import strategies as st

from confsite.language import _MAIN, _blocks_by_tags, _plain_blocks, _sentences, parsed_sentences, sentences
from confsite.scaffold import EDITION_PLACEHOLDER

E = "content/editions/2030-iasi/edition.yaml"


def warnings(site: FixtureSite, records: bool = True) -> list[tuple[str, str, str]]:
    result = site.build(write=False, records=records)
    assert result.errors == []
    return [(p.severity, str(p.where), p.message) for p in result.problems if p.severity != "note"]


def test_cedilla_letters_in_romanian_are_found_at_their_line(fixture_site: FixtureSite) -> None:
    fixture_site.write("content/editions/2030-iasi/index.ro.md", "Introducere.\n\nÎn Iaşi, la 12 mai.\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "In Iași, on 12 May.\n")
    fixture_site.write("content/organisations/adr.yaml", "name: {ro: Agenţia ADR, en: ADR Agency}\n")
    fixture_site.edition(languages="languages: [ro, en]",
                         title="title:\n  ro: Conferinţa clusterelor\n  en: Şiret cluster conference",
                         theme="theme: Reţele şi regiuni",  # a plain text in a Romanian edition is Romanian
                         organisations="organisations:\n  - {id: adr, role: organiser}")
    found = [w for w in warnings(fixture_site) if "cedilla" in w[2]]
    assert [(w, where) for w, where, _ in found] == [
        ("warning", "content/editions/2030-iasi/edition.yaml:4:7"),
        ("warning", "content/editions/2030-iasi/edition.yaml:14:8"),
        ("warning", "content/editions/2030-iasi/index.ro.md:3:6"),
        ("warning", "content/organisations/adr.yaml:1:12"),
    ]  # not the English 'Şiret' (a Turkish name could have one)
    assert found[0][2] == "Romanian text with the cedilla letter(s) ţ, where Romanian writes a comma below (ț)"
    assert found[1][2].startswith("Romanian text with the cedilla letter(s) şţ,")
    problem = fixture_site.build(write=False).problems
    assert any(p.hint.startswith("replace ş with ș, ţ with ț") for p in problem)


def test_a_placeholder_left_from_new_is_a_warning_and_in_a_draft_a_note(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.write("content/editions/2030-iasi/index.en.md", f"# Welcome\n\n{EDITION_PLACEHOLDER}\n")
    fixture_site.edition("2030-ruse", draft="draft: true")
    fixture_site.write("content/editions/2030-ruse/index.en.md", f"{EDITION_PLACEHOLDER}\n")
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nWrite the page here, in Markdown.\n")
    problems = [p for p in fixture_site.build(write=False).problems if "placeholder" in p.message]
    assert [(p.severity, str(p.where)) for p in problems] == [
        ("warning", "content/editions/2030-iasi/index.en.md:3:1"),
        ("note", "content/editions/2030-ruse/index.en.md:1:1"),
        ("warning", "content/pages/about.en.md:4:1"),
    ]
    assert problems[0].message == f"the placeholder {EDITION_PLACEHOLDER!r} that 'new' wrote is still here"
    assert problems[1].hint == "replace it with the real text before the draft is published"


@pytest.mark.parametrize("records", [True, False])
def test_the_same_sentence_twice_on_a_page(fixture_site: FixtureSite, records: bool) -> None:
    """Found at its files whether the build keeps what each output read (`records`, as `serve`
    does) or not (the command line): a page that says a sentence twice keeps it either way."""
    sentence = "The conference has taken place every year since 2019."
    fixture_site.edition(context=f"context: {{en: \"{sentence}\"}}")
    fixture_site.write("content/editions/2030-iasi/index.en.md", f"Welcome to Iași.\n\n{sentence} More soon.\n")
    if not records:
        outputs = fixture_site.build(write=False, records=False).outputs
        # (the Romanian page shows the English text: it has none of its own)
        assert len(outputs) > 30 and [o.path for o in outputs if o.inputs] == ["en/2030-iasi/index.html",
                                                                           "ro/2030-iasi/index.html"]
    found = warnings(fixture_site, records)
    assert found == [("warning", f"{E}:12:16",
                      f"the sentence “{sentence}” is on /en/2030-iasi/ twice "
                      "(and at content/editions/2030-iasi/index.en.md:3:1)")]
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Welcome to Iași.\n")
    assert warnings(fixture_site) == []


def test_a_copied_edition_s_title_is_found_in_the_two_files_that_say_it(fixture_site: FixtureSite) -> None:
    """A copied edition keeps the title of the one it was copied from: the list of editions says
    "Clusters meet Regions в Русе 14–15 май 2030 г." twice. The warning was placed by the title's
    first four words, which every edition of the series shares: at another edition's file, with a
    hint about introductions."""
    fixture_site.write("site.yaml", MINIMAL_SITE.replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    for slug in ("2030-iasi", "2030-ruse"):
        fixture_site.edition(slug, languages="languages: [bg]", title="title: {bg: Clusters meet Regions в Русе}",
                             dates="dates:\n  start: 2030-05-14\n  end: 2030-05-15")
    fixture_site.edition("2029-varna", languages="languages: [bg]",
                         title="title: {bg: Clusters meet Regions във Варна}",
                         dates="dates:\n  start: 2029-05-14\n  end: 2029-05-15")
    repeated = [p for p in fixture_site.build(write=False).problems if "twice" in p.message]
    assert [(str(p.where), p.message, p.hint) for p in repeated] == [(
        "content/editions/2030-iasi/edition.yaml:3:13",
        "the sentence “Clusters meet Regions в Русе 14–15 май 2030 г.” is on /bg/offline.html twice "
        "(and at content/editions/2030-ruse/edition.yaml:3:13)",
        "two editions say it the same way: give each its own words (a copied edition keeps the title of the "
        "one it was copied from)")]


def test_sentences_are_read_from_the_main_text_only() -> None:
    page = ("<html><head><title>One two three four five.</title></head><body><nav><p>Skip to the main content "
            "of this page.</p></nav><main><h1>Clusters meet Regions in Chișinău</h1><p>The first sentence is "
            "here. And a <a href='#'>second one</a> follows it!</p><p hidden>A hidden sentence is not read "
            "here.</p><script>var a = 'not a sentence at all.';</script><ul><li>Short one.</li>"
            "<li>A list item that is a full sentence.<img src=x alt=''></li></ul></main>"
            "<footer><p>A sentence in the footer is not read.</p></footer></body></html>")
    assert sentences(page) == ["The first sentence is here.", "And a second one follows it!",
                               "A list item that is a full sentence."]


@given(st.lists(st.text(alphabet="ab.!?…, \n\t\u00a0\u2003\u3000", max_size=60), max_size=6))
def test_sentences_end_where_a_full_stop_and_white_space_end_them(blocks: list[str]) -> None:
    """A block's sentences, split where a sentence's last character is followed by white space (as
    the regular expression it replaced split them), of at least five words, each ending like a
    sentence."""
    expected = []
    for block in blocks:
        text = " ".join(block.split())
        expected += [s for s in re.split(r"(?<=[.!?])\s+(?=\S)", text) if len(s.split()) >= 5 and s[-1] in ".!?…"]
    assert _sentences(blocks) == expected


def both_readings(page: str) -> tuple[list[str] | None, list[str]]:
    """The sentences of `page` read from its plain text (None when it is not plain), and tag by tag."""
    start = _MAIN.search(page)
    assert start is not None
    plain = _plain_blocks(page, start.start())
    return None if plain is None else _sentences(plain), _sentences(_blocks_by_tags(page, start.start()))


def test_the_quick_reading_of_sentences_equals_a_full_parse(site_dir: pathlib.Path) -> None:
    """Sentences are read from the text of <main> by regular expressions, or tag by tag when it
    holds more than elements and text; on every page of the real site, and on pages with hidden
    parts, entities, self-closing tags and comments, each gives what a full HTML parse gives."""
    pages = [path.read_text(encoding="utf-8") for path in site_dir.rglob("*.html")]
    assert len(pages) > 200
    read = [both_readings(page) for page in pages if _MAIN.search(page)]
    assert len([quick for quick, _ in read if quick is not None]) > len(read) * 0.9  # most are plain
    for quick, by_tags in read:
        assert quick is None or quick == by_tags
    tricky = ["<main><p>One &amp; two &lt;three&gt; four five six.</p><!-- <p>Not this one at all.</p> -->"
              "<div class='visually-hidden'><p>Seen by a parse and by the quick reading.</p></div>"
              "<DIV HIDDEN><p>Never seen by anyone who reads this.</p></DIV><br/>Text after a break, "
              "then <span data-pagefind-ignore='all'>words not indexed at all here.</span> More words.</main>"
              "<style>p::after { content: 'Not a sentence in the style.' }</style>"]
    for page in [*pages, *tricky]:
        assert sentences(page) == parsed_sentences(page)
    assert sentences(tricky[0]) == ["One & two <three> four five six.", "Seen by a parse and by the quick reading.",
                                    "Text after a break, then More words."]


def test_a_main_of_elements_and_text_alone_is_read_without_a_loop_over_its_tags() -> None:
    """The quick reading of a plain <main> gives what a parse gives; a <main> it cannot read whole
    is read tag by tag, with the same result."""
    plain = ("<body><nav><p>Not in the main part of it.</p></nav><MAIN id=top><H1>Fish &amp; chips</H1>"
             "<P class=lead>Fish &amp; chips are <EM>served</EM> every day&#33; Then a &quot;second&quot; one "
             "comes after it.<br/>A break ends a block of words too.</P><ul><li>Short one.</li><li>A list item, "
             "a <a href='/x/'>whole</a> sentence.</li></ul><img src=x alt=''/><p aria-hidden=true "
             "class=visually-hidden>Seen by a parse and by both readings.</p></MAIN><footer><p>A sentence in "
             "the footer is not read.</p></footer></body>")
    quick, by_tags = both_readings(plain)
    assert quick == by_tags == parsed_sentences(plain) == [
        "Fish & chips are served every day!", 'Then a "second" one comes after it.',
        "A break ends a block of words too.", "A list item, a whole sentence.", "Seen by a parse and by both readings."]
    not_plain = [
        "<main><p title='a > b'>One two three four five.</p></main>",  # a tag the quick reading cannot take whole
        "<main><p>One two three < four five six.</p></main>",  # a bare '<' in the text
        "<main><p>One two three four five.</p><template><p>Not shown, one two three.</p></template></main>",
        "<main><p>One two three four five.</p><main><p>Another main, one two three.</p></main></main>",
        "<main /><p>Not in the main part at all.</p></main>",  # a self-closing main holds nothing
        "<main><p>No end to the main part here.</p>",
    ]
    for page in not_plain:
        quick, by_tags = both_readings(page)
        assert quick is None and sentences(page) == by_tags == parsed_sentences(page)


def test_the_hidden_parts_of_a_plain_main_are_cut_out_as_a_parse_skips_them() -> None:
    """An element with the attribute `hidden` (the agenda's starred list has one) keeps the quick
    reading: its text is cut out up to the end tag that closes it, its tags are kept, so blocks
    end where a parse ends them. One it cannot read as plain is read tag by tag."""
    plain = {
        "<main><p hidden>One two three four five.</p><p>Shown, one two three four.</p></main>":
            ["Shown, one two three four."],
        "<main><div hidden><div><p>Not shown at all, one two three.</p></div><br><img src=x alt=''/>"
        "<p>Nor this one, one two three four.</p></div><p>After the hidden part, one two three.</p></main>":
            ["After the hidden part, one two three."],
        "<main><p>Words said before the <span hidden>secret words in here</span> and after it.</p></main>":
            ["Words said before the and after it."],
        "<main><DIV HIDDEN=''><P>Not seen by anyone at all.</P></DIV><p>Seen by everyone who reads it.</p></main>":
            ["Seen by everyone who reads it."],
        "<main><p class='hidden-gem' title=hidden>A hidden gem is shown to everyone.</p>"
        "<p aria-hidden=true class=visually-hidden>Also read by the check, one two.</p></main>":
            ["A hidden gem is shown to everyone.", "Also read by the check, one two."],
        "<main><p>One two <input hidden> three four five six.</p><div hidden/><p>Then one two three "
        "four.</p><p hidden><p>A paragraph in a paragraph, one two.</p></p><p>Last of all, one two three.</p></main>":
            ["One two three four five six.", "Then one two three four.", "Last of all, one two three."],
    }
    for page, said in plain.items():
        quick, by_tags = both_readings(page)
        assert quick == by_tags == parsed_sentences(page) == sentences(page) == said
    not_plain = [
        "<main><div hidden><p>Never closed, one two three four.</p></main>",
        "<main><div hidden><p title='a > b'>One two three four five.</p></div><p>Shown, one two three.</p></main>",
        "<main><p>İstanbul lies on two continents, one two.</p><p hidden>Not seen, one two three.</p></main>",
        # a '>' in a quoted value ends the tag early for the quick reading, on the hidden element too
        '<main><p hidden title="a > b">Not shown, one two three.</p><p>Shown here, one two three.</p></main>',
        "<main><p title='>' hidden title='a<b'>Not shown, one two three.</p></main>",
        "<main><p title='>' title='a<b'>Shown, one two three four.</p></main>",
        # the '/' of a value without quotes: the element does not close itself, its hidden part goes on
        "<main><p hidden title=x/>Not shown, one two three.</p><p>Shown here, one two three.</p></main>",
        "<main><p hidden= />Not shown, one two three.</p><p>Shown here, one two three.</p></main>",
        "<main><div hidden><br title=x/><p>Not shown, one two three.</p></div><p>Shown, one two three four.</p></main>",
    ]
    for page in not_plain:
        quick, by_tags = both_readings(page)
        assert quick is None and sentences(page) == by_tags == parsed_sentences(page)
