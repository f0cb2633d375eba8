"""Translations are text, and a broken catalog fails the build at its .po file and line."""

from __future__ import annotations

import re

import pytest
from conftest import FixtureSite, run_cli
from selectolax.lexbor import LexborHTMLParser

from confsite.cli import main

CATALOG = "locales/ro/LC_MESSAGES/messages.po"


def change(site: FixtureSite, old: str, new: str) -> str:
    """Replace one exact piece of the Romanian catalog; the new text of the catalog."""
    path = site.root / CATALOG
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return text


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


def test_html_in_a_translation_is_shown_as_text_in_content_and_attributes(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    change(fixture_site, 'msgstr "Salt la conținut"', 'msgstr "<b onmouseover=\\"alert(1)\\">Salt</b> & co"')
    change(fixture_site, 'msgstr "Limbi"', 'msgstr "Limbi\\" onfocus=\\"alert(2)"')
    change(fixture_site, 'msgstr "Generat pe %(date)s"', 'msgstr "<i>Generat</i> pe %(date)s"')
    result = fixture_site.build()
    assert result.ok, "\n".join(p.format() for p in result.errors)
    page = LexborHTMLParser((fixture_site.root / "_site/ro/index.html").read_text(encoding="utf-8"))
    skip = page.css_first("a.skip-link")
    assert skip.text() == '<b onmouseover="alert(1)">Salt</b> & co'
    assert skip.css_first("b") is None
    languages = page.css_first("nav.languages")
    assert languages.attributes == {"class": "languages", "aria-label": 'Limbi" onfocus="alert(2)'}
    footer = page.css_first("footer").text()
    assert "<i>Generat</i> pe " in footer and page.css_first("footer i") is None
    assert not [node for node in page.root.traverse() if any(a.startswith("on") for a in node.attributes)]


# (what breaks, the catalog text replaced, its replacement, the line it is reported at, words of the message)
BROKEN = [
    ("syntax", 'msgid "Languages"\n', 'msgid "Languages"\nnonsense "here"\n', 'nonsense "here"', "misformatted"),
    ("syntax", '#, python-format\nmsgid "Built on', '#, python-format\n"a continuation of nothing"\nmsgid "Built on',
     '"a continuation of nothing"', "not in msgid"),
    ("syntax", 'msgstr "Limbi"', 'msgstr "Limbi', 'msgstr "Limbi', "double quotes"),
    ("syntax", 'msgstr "Limbi"', 'msgstr Limbi', 'msgstr Limbi', "double quotes"),
    ("syntax", 'msgstr "Limbi"', 'msgstr "Limbi" extra', 'msgstr "Limbi" extra', "double quotes"),
    ("missing plural form", 'msgstr[2] "%(count)s de ediții"\n', "", 'msgid "%(count)s edition"', "msgstr[2]"),
    ("extra plural form", 'msgstr[2] "%(count)s de ediții"\n', 'msgstr[2] "%(count)s de ediții"\nmsgstr[3] "x"\n',
     'msgid "%(count)s edition"', "nplurals"),
    ("nplurals header", "nplurals=3;", "nplurals=2;", 'msgid "%(count)s edition"', "nplurals"),
    ("plural expression", "plural=(n==1 ? 0 :", "plural=(n==1 ? import :", '"Plural-Forms', "Plural-Forms"),
    # Babel gave each plural message a list of nplurals translations as it read the file: 10,000,000
    # took two minutes and 2.7 GB, and the message listing the missing forms was 1.3 GB
    ("nplurals beyond any language", "nplurals=3;", "nplurals=100000;", '"Plural-Forms',
     "asks for 100,000 plural forms; no language has more than 6"),
    ("renamed placeholder", 'msgstr[1] "%(count)s ediții"', 'msgstr[1] "%(numar)s ediții"',
     'msgid "%(count)s edition"', "%(numar)s"),
    ("added placeholder", 'msgstr "Generat pe %(date)s"', 'msgstr "Generat pe %(date)s de %(who)s"',
     'msgid "Built on %(date)s"', "%(who)s"),
    ("lost placeholder", 'msgstr "Generat pe %(date)s"', 'msgstr "Generat azi"', 'msgid "Built on %(date)s"',
     "leaves out '%(date)s'"),
    # a {name} that my-agenda.js fills in: renamed, screen readers would announce "{titlu}" and no title
    ("renamed brace placeholder", 'msgstr "Adăugat în agenda mea: {title}"', 'msgstr "Adăugat în agenda mea: {titlu}"',
     'msgid "Added to my agenda: {title}"', "{titlu}"),
    ("lost brace placeholder", 'msgstr "Scos din agenda mea: {title}"', 'msgstr "Scos din agenda mea"',
     'msgid "Removed from my agenda: {title}"', "{title}"),
    ("bare percent", 'msgstr "Salt la conținut"', 'msgstr "Salt la conținut 100%"', 'msgid "Skip to content"',
     "'%'"),
    ("bare percent after placeholder", 'msgstr "Generat pe %(date)s"', 'msgstr "Generat pe %(date)s, 100%"',
     'msgid "Built on %(date)s"', "%%"),
]


@pytest.mark.parametrize(("what", "old", "new", "at", "words"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_catalog_fails_at_its_po_line(fixture_site: FixtureSite, what: str, old: str, new: str, at: str,
                                                words: str) -> None:
    fixture_site.edition()
    text = change(fixture_site, old, new)
    result = fixture_site.build(write=False)
    assert [(p.where.path, p.where.line, words in p.message + p.hint, bool(p.hint)) for p in result.errors] == [
        (CATALOG, line_of(text, at), True, True)], [p.format() for p in result.errors]
    assert main(["check", "--project", str(fixture_site.root)]) == 1
    assert main(["build", "--project", str(fixture_site.root)]) == 1
    assert not (fixture_site.root / "_site").exists()


def test_a_catalog_that_is_not_utf8_is_reported_at_its_line(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    path = fixture_site.root / CATALOG
    data = path.read_bytes().replace(b"Limbi", b"Limb\xff")
    path.write_bytes(data)
    line = data[:data.index(b"Limb\xff")].count(b"\n") + 1
    assert [(p.where.path, p.where.line) for p in fixture_site.build(write=False).errors] == [(CATALOG, line)]


def test_the_real_catalogs_have_no_problems(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    assert [p.format() for p in fixture_site.build(write=False).problems if p.where.path.startswith("locales")] == []


def test_a_catalog_linked_out_of_the_project_is_never_read(fixture_site: FixtureSite) -> None:
    catalog = fixture_site.root / "locales/ro/LC_MESSAGES/messages.po"
    secret = fixture_site.root.parent / "secret.po"
    secret.write_text('msgid "Agenda"\nmsgstr "TOP-SECRET-LINE"\nnot po at all: SECRET-2\n', encoding="utf-8")
    catalog.unlink()
    catalog.symlink_to(secret)
    fixture_site.edition()
    code, printed = run_cli(["check", "--project", str(fixture_site.root)])
    assert code == 1 and "locales/ro/LC_MESSAGES/messages.po: this is a link to" in printed
    assert "SECRET" not in printed


def test_i18n_update_leaves_an_unreadable_catalog_as_it_is(fixture_site: FixtureSite) -> None:
    catalog = fixture_site.root / "locales/ro/LC_MESSAGES/messages.po"
    broken = catalog.read_bytes() + b'\nmsgid "x"\nmsgstr "\xff\xfe"\n'
    catalog.write_bytes(broken)
    fixture_site.edition()
    code, printed = run_cli(["i18n", "update", "--project", str(fixture_site.root)])
    assert code == 1 and "failed unexpectedly" not in printed
    assert re.search(r"locales/ro/LC_MESSAGES/messages.po:\d+:1: this file is not saved as UTF-8 text", printed)
    assert catalog.read_bytes() == broken


@pytest.mark.parametrize("text", ["", "\n\n", "  \n"])
def test_an_empty_catalog_is_an_error_at_its_file(fixture_site: FixtureSite, text: str) -> None:
    """Babel reads an empty .po file as a catalog with nothing in it: the Romanian pages came out with
    an English interface, `check` said nothing and `i18n report` said "ro: complete"."""
    from confsite import i18n

    fixture_site.edition()
    (fixture_site.root / CATALOG).write_text(text, encoding="utf-8")
    result = fixture_site.build(write=False)
    assert [(p.where.path, p.where.line, p.message) for p in result.errors] == [
        (CATALOG, 1, "this file is empty, so the ro pages show the interface in English")]
    assert "i18n update" in result.errors[0].hint
    assert i18n.untranslated(fixture_site.root, "ro") == [(CATALOG, 0, "(the whole catalog)")]
    assert main(["check", "--project", str(fixture_site.root)]) == 1
    code, printed = run_cli(["i18n", "report", "--project", str(fixture_site.root)])
    assert code == 1 and "ro: complete" not in printed


@pytest.mark.parametrize(("new", "said"), [
    ('msgstr "Generat pe %(data)s"', "writes '%(data)s' where the original has '%(date)s'"),
    ('msgstr "Generat azi"', "leaves out '%(date)s', which the original has"),
    ('msgstr "Generat pe %(date)s de %(who)s"', "adds '%(who)s', which the original does not have"),
    ('msgstr "Generat pe %(date)s, 100%"', "has a lone '%'"),
    ('msgstr "Generat pe %(date) în"', "leaves out '%(date)s', which the original has, and has a lone '%'"),
])
def test_a_placeholder_mistake_says_which_placeholder_in_words(fixture_site: FixtureSite, new: str, said: str) -> None:
    """It listed both sets: "has the placeholders none, the original '%(date)s'", or "'%', '%(date)s',
    the original '%(date)s'", for the translator to compare."""
    fixture_site.edition()
    change(fixture_site, 'msgstr "Generat pe %(date)s"', new)
    [error] = fixture_site.build(write=False).errors
    assert error.message == f"the translation {new.removeprefix('msgstr ').strip(chr(34))!r} {said}"
