"""Interface and content translations: complete catalogs, plurals, alternates, a fourth language."""

import html.parser
import json
import pathlib
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from conftest import FIXED_NOW, MINIMAL_SITE, ROOT, FixtureSite

from confsite import i18n
from confsite.problems import Problem

LANGS = ("ro", "bg")


def catalog(lang: str):  # type: ignore[no-untyped-def]
    return i18n.read_catalog(i18n.catalog_path(ROOT, lang), lang)


@pytest.mark.parametrize("lang", LANGS)
def test_catalogs_are_complete(lang: str) -> None:
    with (ROOT / "locales/messages.pot").open("rb") as stream:
        wanted = {m.id for m in read_po(stream) if m.id}
    assert wanted - {m.id for m in catalog(lang) if m.id} == set(), "run: python build.py i18n update"
    assert i18n.untranslated(ROOT, lang) == []


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_the_search_interface_s_placeholders(lang: str) -> None:
    """Pagefind fills in [COUNT], [SEARCH_TERM] and [DIFFERENT_TERM]: a translation that drops or
    translates one shows the brackets, or loses the visitor's words."""
    tokens = re.compile(r"\[[A-Z_]+\]")
    bracketed = [m for m in catalog(lang) if m.id and tokens.search(str(m.id))]
    assert len(bracketed) == 6
    for message in bracketed:
        assert sorted(tokens.findall(str(message.string))) == sorted(tokens.findall(str(message.id))), message.id


def test_the_template_catalog_is_current() -> None:
    with (ROOT / "locales/messages.pot").open("rb") as stream:
        committed = {m.id for m in read_po(stream) if m.id}
    assert {m.id for m in i18n.extract(ROOT) if m.id} == committed, "run: python build.py i18n update"


def test_no_compiled_catalog_is_committed() -> None:
    tracked = subprocess.run(["git", "ls-files", "locales"], cwd=ROOT, capture_output=True, text=True).stdout
    assert ".mo" not in tracked


@pytest.mark.parametrize(("lang", "forms"), [
    ("ro", {1: "1 participant", 2: "2 participanți", 5: "5 participanți", 20: "20 de participanți"}),
    ("bg", {1: "1 участник", 2: "2 участници", 5: "5 участници", 20: "20 участници"}),
    ("en", {1: "1 participant", 2: "2 participants", 5: "5 participants", 20: "20 participants"}),
])
def test_plural_forms(lang: str, forms: dict[int, str]) -> None:
    problems: list[Problem] = []
    translations = i18n.load_translations(ROOT, [lang], problems)[lang]
    assert problems == []
    for count, expected in forms.items():
        text = translations.ngettext("%(n)s participant", "%(n)s participants", count) % {"n": count}
        assert text == expected


class _Visible(html.parser.HTMLParser):
    """Text nodes and the attributes people hear or see (aria-label, alt, title)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.skip += tag in ("script", "style")
        self.found += [v for k, v in attrs if k in ("aria-label", "alt", "title") and v]

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.found += [part.strip() for part in re.split(r"\s*[·:(),]\s*", data) if part.strip()]


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_interface_string_on_translated_pages(site_dir: pathlib.Path, lang: str) -> None:
    english = {m.id for m in catalog(lang) if isinstance(m.id, str) and m.id and "%" not in m.id
               and m.string and m.string != m.id}
    offenders = []
    for page in sorted((site_dir / lang).rglob("*.html")):
        parser = _Visible()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(site_dir)}: {text!r}" for text in parser.found if text in english]
    assert offenders == []


def _alternates(page: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))


def test_hreflang_is_reciprocal_on_every_page(site_dir: pathlib.Path) -> None:
    base = "https://cluster-conferences.github.io/site/"
    for page in sorted(site_dir.glob("*/**/index.html")):
        alternates = _alternates(page.read_text(encoding="utf-8"))
        own = base + page.relative_to(site_dir).parent.as_posix() + "/"
        assert own in alternates.values() and "x-default" in alternates, page
        for url in alternates.values():
            other = site_dir / url.removeprefix(base) / "index.html"
            assert _alternates(other.read_text(encoding="utf-8")) == alternates, (page, other)


def test_the_home_pages_and_the_chooser_name_the_chooser_for_no_language_in_particular(
        site_dir: pathlib.Path) -> None:
    """The chooser says it is the x-default of the home pages; they said /en/ was, so the two
    annotations disagreed and search engines trust neither."""
    base = "https://cluster-conferences.github.io/site/"
    chooser = _alternates((site_dir / "index.html").read_text(encoding="utf-8"))
    assert chooser == {"en": f"{base}en/", "ro": f"{base}ro/", "bg": f"{base}bg/", "x-default": base}
    for lang in ("en", "ro", "bg"):
        assert _alternates((site_dir / lang / "index.html").read_text(encoding="utf-8")) == chooser
    edition = _alternates((site_dir / "ro/2023-iasi/index.html").read_text(encoding="utf-8"))
    assert edition["x-default"] == f"{base}en/2023-iasi/"  # other pages: the default language's


def test_varna_speaks_bulgarian_first(site_dir: pathlib.Path) -> None:
    bg = (site_dir / "bg/2020-varna/index.html").read_text(encoding="utf-8")
    assert "Двудневн" in bg or "Варна" in bg
    alternates = _alternates(bg)
    assert set(alternates) == {"bg", "en", "ro", "x-default"}


UKRAINIAN_PO = r'''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

msgid "Editions"
msgstr "Випуски"

msgid "Agenda"
msgstr "Програма"

msgid "This page has not been translated yet, so its text is shown in the original language (%(language)s)."
msgstr "Цю сторінку ще не перекладено, тому текст показано мовою оригіналу (%(language)s)."
'''


def test_a_fourth_language_needs_only_site_yaml_and_a_catalog(fixture_site: FixtureSite) -> None:
    site_yaml = fixture_site.root / "site.yaml"
    site_yaml.write_text(site_yaml.read_text().replace("languages: [en, ro]", "languages: [en, ro, uk]"))
    fixture_site.write("locales/uk/LC_MESSAGES/messages.po", UKRAINIAN_PO)
    fixture_site.edition(languages="languages: [en, uk]", title="title: {en: Test Edition, uk: Тестовий випуск}",
                         dates="dates:\n  start: 2030-09-28\n  end: 2030-09-29")
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-05-12, end: 2031-05-12}")
    result = fixture_site.build(FIXED_NOW)
    assert result.ok, [p.format() for p in result.errors]
    out = fixture_site.root / "_site"
    uk = (out / "uk/2030-iasi/index.html").read_text()
    assert '<html lang="uk">' in uk and "Тестовий випуск" in uk
    assert "28–29 вересня 2030 р." in uk  # Babel's Ukrainian month names, genitive
    assert set(_alternates(uk)) == {"en", "uk", "x-default"}
    fallback = (out / "uk/2031-varna/index.html").read_text()
    assert "Цю сторінку ще не перекладено" in fallback and '<span lang="en">Test Edition</span>' in fallback
    assert '<meta name="robots" content="noindex">' in fallback and _alternates(fallback) == {}
    en = (out / "en/2031-varna/index.html").read_text()
    assert "uk" not in _alternates(en)
    assert 'href="/conf/uk/2031-varna/" hreflang="uk" lang="uk">Українська</a>' in en


def test_a_fuzzy_message_is_still_to_translate_plural_ones_too(fixture_site: FixtureSite) -> None:
    """The build leaves fuzzy messages out and shows the English ("3 editions" on a Romanian page),
    but a fuzzy plural message counted as translated: the report said "complete" and
    test_catalogs_are_complete passed."""
    path = i18n.catalog_path(fixture_site.root, "ro")
    text = path.read_text(encoding="utf-8")
    for msgid in ('msgid "%(count)s edition"\n', 'msgid "Built on %(date)s"\n'):
        assert text.count(f"#, python-format\n{msgid}") == 1, msgid
        text = text.replace(f"#, python-format\n{msgid}", f"#, fuzzy, python-format\n{msgid}")
    path.write_text(text, encoding="utf-8")
    assert [message for _, _, message in i18n.untranslated(fixture_site.root, "ro")] == [
        "%(count)s edition", "Built on %(date)s"]


def test_report_and_strict_check_find_missing_translations(fixture_site: FixtureSite) -> None:
    fixture_site.edition(languages="languages: [en, ro]", title="title: {en: Only English}")
    fixture_site.edition("2031-varna", dates="dates: {start: 2031-05-12, end: 2031-05-12}")  # declares en only
    env = {"SOURCE_DATE_EPOCH": "1900000000", "PATH": "/usr/bin:/bin"}
    report = subprocess.run([sys.executable, str(ROOT / "build.py"), "i18n", "report", "--project",
                             str(fixture_site.root)], capture_output=True, text=True, env=env)
    assert report.returncode == 1
    assert "ro: 1 to translate" in report.stdout or "ro: " in report.stdout
    assert "content/editions/2030-iasi/edition.yaml:3:8: this text is missing in ro" in report.stdout
    assert "2031-varna" not in report.stdout  # it never promised Romanian
    check = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--strict", "--format", "json",
                            "--project", str(fixture_site.root)], capture_output=True, text=True, env=env)
    assert check.returncode == 1
    problems = json.loads(check.stdout)
    assert any(p["message"] == "this text is missing in ro" and p["line"] == 3 for p in problems)
    relaxed = subprocess.run([sys.executable, str(ROOT / "build.py"), "check", "--project", str(fixture_site.root)],
                             capture_output=True, text=True, env=env)
    assert relaxed.returncode == 0


def test_a_name_written_once_is_marked_with_the_language_its_letters_say(fixture_site: FixtureSite) -> None:
    """A speaker who gave their name in Cyrillic (an import keeps it as written) was left unmarked
    on the English and Romanian pages, so a screen reader spelled it out in an English voice. A
    name written once now says the language of its letters when one site language alone writes
    them; a Latin name, which en and ro both write, stays unmarked."""
    fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text().replace(
        "languages: [en, ro]", "languages: [en, ro, bg]"))
    fixture_site.write("content/people/maria-ivanova.yaml", "name: Мария Иванова\n")
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    fixture_site.edition(agenda="agenda:\n  - date: 2030-05-12\n    sessions:\n      - kind: panel\n"
                                "        title: {en: Ports}\n        talks:\n"
                                "          - speakers: [maria-ivanova, ana-popescu]")
    assert fixture_site.build().ok
    for lang in ("en", "ro"):
        page = (fixture_site.root / f"_site/{lang}/people/maria-ivanova/index.html").read_text()
        assert '<h1><span lang="bg">Мария Иванова</span></h1>' in page
        agenda = (fixture_site.root / f"_site/{lang}/2030-iasi/agenda/index.html").read_text()
        assert '<span lang="bg">Мария Иванова</span></a>' in agenda
        assert ">Ana Popescu</a>" in agenda
    page = (fixture_site.root / "_site/bg/people/maria-ivanova/index.html").read_text()
    assert "<h1>Мария Иванова</h1>" in page
    assert ">Ana Popescu</a>" in (fixture_site.root / "_site/bg/2030-iasi/agenda/index.html").read_text()
    # on a site in English and Bulgarian, a Latin name is still unmarked: it is no more English than Romanian
    fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text().replace(
        "languages: [en, ro, bg]", "languages: [en, bg]"))
    assert fixture_site.build().ok
    assert "<h1>Ana Popescu</h1>" in (fixture_site.root / "_site/bg/people/ana-popescu/index.html").read_text()


def test_a_venues_name_and_address_written_once_are_the_same_in_every_language(fixture_site: FixtureSite) -> None:
    """A proper name written once used to be read as English and missing in Romanian, so editors
    wrote 'Palatul Culturii' twice to quiet the warning; the city, which has names of its own in
    other languages (Кишинев), is still a text like the others."""
    fixture_site.edition(languages="languages: [en, ro]", title="title: {en: Iasi 2030, ro: Iași 2030}",
                         venue="venue:\n  name: Palatul Culturii\n  address: Piața Ștefan cel Mare și Sfânt 1\n"
                               "  city: {en: Iasi, ro: Iași}\n  country: RO")
    assert fixture_site.warnings() == []
    result = fixture_site.build()
    for lang in ("en", "ro"):
        page = (fixture_site.root / f"_site/{lang}/2030-iasi/index.html").read_text()
        assert "<dd>Palatul Culturii, " in page and 'lang="en">Palatul' not in page
    fixture_site.edition(languages="languages: [en, ro]", title="title: {en: Iasi 2030, ro: Iași 2030}",
                         venue="venue:\n  name: {en: Palace of Culture}\n  city: Iasi\n  country: RO")
    assert sorted(w.split(": ", 1)[1] for w in fixture_site.warnings()) == ["this text is missing in ro"] * 2
    assert result.ok


def test_a_site_page_missing_in_a_language_is_a_gap(fixture_site: FixtureSite) -> None:
    """Deleted, or renamed by a text editor (about.en.md.txt): the English page then shows the
    Romanian text, and check says so, as it does for an edition's text."""
    fixture_site.edition()
    fixture_site.write("content/pages/about.ro.md", "---\ntitle: Despre\n---\nDespre noi.\n")
    fixture_site.write("content/pages/about.en.md.txt", "---\ntitle: About\n---\nAbout us.\n")
    assert fixture_site.warnings() == ["content/pages/about.ro.md:1:1: the page's text is missing in en: its en "
                                       "page shows this one"]
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nAbout us.\n")
    assert fixture_site.warnings() == []


def test_translation_commands_refuse_broken_content(fixture_site: FixtureSite) -> None:
    fixture_site.edition(format="format: teleport")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "i18n", "report", "--project",
                             str(fixture_site.root)], capture_output=True, text=True)
    assert result.returncode == 1 and "'format': 'teleport' is not one of" in result.stderr


def test_a_menu_item_of_a_page_not_translated_yet_says_its_language(fixture_site: FixtureSite) -> None:
    """The Romanian pages' menu showed "About us" as if it were Romanian: read in a Romanian voice."""
    fixture_site.write("site.yaml", MINIMAL_SITE.replace("navigation: [home, people]", "navigation: [home, about]"))
    fixture_site.edition()
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About us\n---\nWho we are.\n")
    assert fixture_site.build(search=False).ok
    ro = (fixture_site.root / "_site/ro/people/index.html").read_text(encoding="utf-8")
    assert '<a href="/conf/ro/about/" lang="en">About us</a>' in ro
    en = (fixture_site.root / "_site/en/people/index.html").read_text(encoding="utf-8")
    assert '<a href="/conf/en/about/">About us</a>' in en
