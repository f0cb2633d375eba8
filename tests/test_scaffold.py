"""`new`: scaffolds that pass check right away and never overwrite."""

import os
import pathlib
import subprocess
import sys

import pytest
from conftest import MINIMAL_SITE, ROOT, FixtureSite

from confsite.scaffold import ScaffoldError, choose_languages, new_person, slugify


def run(site: FixtureSite, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args, "--project", str(site.root)],
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1900000000"})


@pytest.mark.parametrize(("text", "slug"), [("Chișinău", "chisinau"), ("Iași", "iasi"), ("Варна", "varna"),
                                            ("Ana Popescu", "ana-popescu"), ("Rezső Kádár", "rezso-kadar")])
def test_slugs_are_ascii(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_new_files_pass_check_and_drafts_stay_out_of_build(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    created = run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "2030-iasi")
    assert created.returncode == 0, created.stderr
    assert "created content/editions/2031-ruse/edition.yaml" in created.stdout
    assert run(fixture_site, "new", "person", "Ана Попеску").returncode == 0
    assert (fixture_site.root / "content/people/ana-popesku.yaml").is_file()
    assert run(fixture_site, "new", "person", "Jan-Philipp", "Krämer").returncode == 0  # no quotes needed
    assert 'name: "Jan-Philipp Krämer"' in (fixture_site.root / "content/people/jan-philipp-kramer.yaml").read_text()
    assert run(fixture_site, "new", "page", "contact", "--title", "Contact").returncode == 0
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
    assert run(fixture_site, "build").returncode == 0
    assert not (fixture_site.root / "_site/en/2031-ruse").exists()  # a draft until its editor says otherwise
    assert (fixture_site.root / "_site/en/contact/index.html").is_file()


def test_nothing_is_overwritten(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    before = (fixture_site.root / "content/editions/2030-iasi/edition.yaml").read_text()
    again = run(fixture_site, "new", "edition", "2030", "Iasi")
    assert again.returncode == 2 and "already exists: nothing was changed" in again.stderr
    assert (fixture_site.root / "content/editions/2030-iasi/edition.yaml").read_text() == before
    new_person(fixture_site.root, "Ana Popescu")
    with pytest.raises(ScaffoldError):
        new_person(fixture_site.root, "Ana Popescu")


def test_a_renamed_editions_old_name_is_refused(fixture_site: FixtureSite) -> None:
    """After 2030-iasi was renamed 2030-iasi-palas with former_slugs: [2030-iasi], `new edition 2030 Iasi`
    made the old folder again without a word, and check then blamed the published edition."""
    fixture_site.edition("2030-iasi-palas", former_slugs="former_slugs: [2030-iasi]")
    again = run(fixture_site, "new", "edition", "2030", "Iasi")
    assert again.returncode == 2
    assert "'2030-iasi' was the name of the edition 2030-iasi-palas" in again.stderr
    assert 'new edition 2030 "Iasi 2"' in again.stderr
    assert not (fixture_site.root / "content/editions/2030-iasi").exists()


def test_unknown_series_or_source_is_a_usage_error(fixture_site: FixtureSite, tmp_path: pathlib.Path) -> None:
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--series", "nope").returncode == 2
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "1999-nowhere").returncode == 2
    fixture_site.edition()
    typo = run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "2030-iassi")
    assert typo.returncode == 2 and "did you mean '2030-iasi'?" in typo.stderr


def test_a_new_edition_takes_the_country_and_zone_of_its_city(fixture_site: FixtureSite) -> None:
    """Started from the Iași edition, Ruse was written in Romania, on Bucharest's clocks."""
    fixture_site.edition()
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--from", "2030-iasi").returncode == 0
    text = (fixture_site.root / "content/editions/2031-ruse/edition.yaml").read_text()
    assert "timezone: Europe/Sofia " in text and '  country: "BG" ' in text
    assert run(fixture_site, "new", "edition", "2032", "Nowhereville").returncode == 0  # unknown: as before
    assert '  country: "RO" ' in (fixture_site.root / "content/editions/2032-nowhereville/edition.yaml").read_text()
    # a country of several zones gets the city's own; Norway's NO, which YAML reads as "no", is quoted
    assert run(fixture_site, "new", "edition", "2033", "Perth", "--from", "2030-iasi").returncode == 0
    perth = (fixture_site.root / "content/editions/2033-perth/edition.yaml").read_text()
    assert "timezone: Australia/Perth " in perth and '  country: "AU" ' in perth
    assert run(fixture_site, "new", "edition", "2034", "Oslo").returncode == 0
    assert '  country: "NO" ' in (fixture_site.root / "content/editions/2034-oslo/edition.yaml").read_text()
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
    # a city of that name in the country of the edition it starts from is that one
    fixture_site.edition("2035-madrid", venue="venue:\n  city: Madrid\n  country: ES",
                         timezone="timezone: Europe/Madrid")
    assert run(fixture_site, "new", "edition", "2036", "Valencia", "--from", "2035-madrid").returncode == 0
    assert '  country: "ES" ' in (fixture_site.root / "content/editions/2036-valencia/edition.yaml").read_text()


def test_a_second_person_of_one_name_is_told_to_take_another_id(fixture_site: FixtureSite) -> None:
    assert run(fixture_site, "new", "person", "Ana Popescu").returncode == 0
    again = run(fixture_site, "new", "person", "Ana Popescu")
    assert again.returncode == 2 and "--id ana-popescu-2" in again.stderr


def test_someone_known_by_that_name_under_another_id_is_not_made_again(fixture_site: FixtureSite) -> None:
    """An editor ran new person "Maria Ivanova" for mariya-ivanova, whose English name that is: a
    second file, and nothing said but "no edition refers to this person"."""
    fixture_site.write("content/people/mariya-ivanova.yaml", "name: {bg: Мария Иванова, en: Maria Ivanova}\n")
    for written in ("Maria Ivanova", "maria  ivanova", "Мария Иванова"):
        again = run(fixture_site, "new", "person", written)
        assert again.returncode == 2 and "is already content/people/mariya-ivanova.yaml" in again.stderr, written
    assert sorted(p.name for p in (fixture_site.root / "content/people").iterdir()) == ["mariya-ivanova.yaml"]
    namesake = run(fixture_site, "new", "person", "Maria Ivanova", "--id", "maria-ivanova-sofia")
    assert namesake.returncode == 0, namesake.stderr


def test_new_organisation_like_new_person(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    created = run(fixture_site, "new", "organisation", "Agenția de Dezvoltare Regională Nord-Est")
    assert created.returncode == 0, created.stderr
    assert "created content/organisations/agentia-de-dezvoltare-regionala-nord-est.yaml" in created.stdout
    assert run(fixture_site, "new", "organisation", "ADR", "--id", "adr-nord-est").returncode == 0
    text = (fixture_site.root / "content/organisations/adr-nord-est.yaml").read_text(encoding="utf-8")
    assert 'name: "ADR"' in text
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
    assert "content/organisations/adr-nord-est.yaml:1:1: warning: no edition refers to this organisation" \
        in check.stderr  # as for a new person: nothing refers to it yet
    assert run(fixture_site, "new", "organisation", "ADR", "--id", "adr-nord-est").returncode == 2  # exists


def test_a_name_no_id_can_be_made_from_says_to_give_one(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    refused = run(fixture_site, "new", "person", "李明")
    assert refused.returncode == 2 and "no id can be made from '李明': give one with --id" in refused.stderr
    assert "'' is not a valid id" not in refused.stderr
    assert run(fixture_site, "new", "person", "李明", "--id", "li-ming").returncode == 0


def test_new_edition_only_in_the_languages_asked_for(fixture_site: FixtureSite) -> None:
    created = run(fixture_site, "new", "edition", "2031", "Ruse", "--languages", "ro,en")
    assert created.returncode == 0, created.stderr
    folder = fixture_site.root / "content/editions/2031-ruse"
    assert sorted(p.name for p in folder.iterdir()) == ["edition.yaml", "index.en.md", "index.ro.md"]
    text = (folder / "edition.yaml").read_text(encoding="utf-8")
    assert "languages: [ro, en]" in text
    assert '  ro: "Ruse 2031"\n  en: "Ruse 2031"' in text
    assert run(fixture_site, "check").returncode == 0
    one = run(fixture_site, "new", "edition", "2032", "Ruse", "--languages", "ro")
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in (fixture_site.root / "content/editions/2032-ruse").iterdir()) == [
        "edition.yaml", "index.ro.md"]
    check = run(fixture_site, "check", "--strict")
    assert check.returncode == 0, check.stderr
    wrong = run(fixture_site, "new", "edition", "2033", "Ruse", "--languages", "ro,bg")
    assert wrong.returncode == 2
    assert "bg: choose among the site's languages (en, ro)" in wrong.stderr
    assert not (fixture_site.root / "content/editions/2033-ruse").exists()


def test_a_city_given_in_latin_letters_is_flagged_in_bulgarian(fixture_site: FixtureSite) -> None:
    """`new edition 2031 Ruse` wrote "bg: Ruse" for the title and the city: the Bulgarian pages and
    calendars said "Ruse, България", and check said nothing."""
    fixture_site.write("site.yaml", MINIMAL_SITE.replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    assert run(fixture_site, "new", "edition", "2031", "Ruse", "--languages", "en,bg").returncode == 0
    edition = fixture_site.root / "content/editions/2031-ruse/edition.yaml"
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
    warned = [line for line in check.stderr.splitlines() if "in Latin letters" in line]
    assert [line.split(": warning: ")[1] for line in warned] == [
        "the title in bg is 'Ruse 2031', in Latin letters as in another language",
        "the city in bg is 'Ruse', in Latin letters as in another language"]
    assert all(line.startswith("content/editions/2031-ruse/edition.yaml:") for line in warned)
    edition.write_text(edition.read_text(encoding="utf-8").replace('bg: "Ruse 2031"', 'bg: "Русе 2031"')
                       .replace('bg: "Ruse"', 'bg: "Русе"'), encoding="utf-8")
    assert "in Latin letters" not in run(fixture_site, "check").stderr


def test_languages_are_read_as_an_editor_types_them() -> None:
    assert choose_languages("ro, en", ["en", "ro", "bg"]) == ["ro", "en"]
    assert choose_languages("BG RO bg", ["en", "ro", "bg"]) == ["bg", "ro"]
    with pytest.raises(ScaffoldError):
        choose_languages("fr", ["en", "ro"])


def test_new_edition_asks_for_the_languages_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from confsite import cli

    asked: list[str] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "bg, en")
    assert cli._ask_languages(None, ["en", "ro", "bg"], None) == ["bg", "en"]
    assert asked == ["Languages of the edition's texts, the original first (en, ro, bg; Enter for all): "]
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    assert cli._ask_languages(None, ["en", "ro", "bg"], None) is None  # Enter: all the site's languages
    assert cli._ask_languages(None, ["en", "ro", "bg"], "2024-chisinau") is None  # --from decides, no question
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    assert cli._ask_languages("ro", ["en", "ro"], None) == ["ro"]


def test_a_name_in_cyrillic_is_written_in_bulgarian_and_in_latin_letters(fixture_site: FixtureSite) -> None:
    """As the site's people are ({bg: Тодор Тонев, en: Todor Tonev}); the guide asks for both."""
    fixture_site.write("site.yaml", MINIMAL_SITE.replace("languages: [en, ro]", "languages: [en, ro, bg]"))
    fixture_site.edition()
    assert run(fixture_site, "new", "person", "Мария Иванова").returncode == 0
    text = (fixture_site.root / "content/people/mariya-ivanova.yaml").read_text()
    assert 'name: {bg: "Мария Иванова", en: "Mariya Ivanova"}  # en: check the spelling the person uses' in text
    check = run(fixture_site, "check")
    assert check.returncode == 0, check.stderr
