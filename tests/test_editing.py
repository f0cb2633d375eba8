"""What an editor sees while editing: drafts, and a language taken out of site.yaml."""

from __future__ import annotations

import shutil

from conftest import ROOT, FixtureSite
from test_cli import run

DRAFT = "draft: true"


def test_build_names_the_drafts_it_left_out_and_check_checks_them(fixture_site: FixtureSite) -> None:
    fixture_site.edition()
    fixture_site.edition("2031-ruse", draft=DRAFT, dates="dates:\n  start: 2031-05-12\n  end: 2031-05-13",
                         agenda="""agenda:
  - date: 2031-05-12
    sessions:
      - kind: keynote
        title: Opening words
        talks:
          - speakers: [ana-popescu]""")
    fixture_site.edition("2032-galati", draft=DRAFT, dates="dates:\n  start: 2032-05-12\n  end: 2032-05-13")
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    built = run("build", "--strict", "--project", str(fixture_site.root))
    assert built.returncode == 0, built.stderr  # Ana, named only by a draft, is no "unreferenced" warning
    assert "Left out 2 draft(s): 2031-ruse, 2032-galati (build --drafts includes them)" in built.stdout
    assert not (fixture_site.root / "_site/en/2031-ruse").exists()
    assert not (fixture_site.root / "_site/en/people/ana-popescu").exists()  # not yet published
    checked = run("check", "--strict", "--project", str(fixture_site.root))
    assert checked.returncode == 0, checked.stderr
    assert "No errors in 3 editions (2 of them draft(s), checked too); no problems." in checked.stdout
    assert "Left out" not in run("build", "--drafts", "--project", str(fixture_site.root)).stdout


def test_a_person_no_edition_names_is_still_reported(fixture_site: FixtureSite) -> None:
    fixture_site.edition("2030-ruse", draft=DRAFT)
    fixture_site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    assert fixture_site.messages() == []
    assert fixture_site.warnings() == ["content/people/ana-popescu.yaml:1:1: no edition refers to this person"]


def test_a_language_left_out_of_site_yaml_is_one_note(fixture_site: FixtureSite) -> None:
    """bg has a catalog in locales/ but the fixture's site.yaml lists only en and ro: its texts stay."""
    fixture_site.edition(languages="languages: [bg, en]",
                         title="title: {bg: Тестово издание, en: Test Edition}",
                         venue="venue:\n  city: {bg: Яш, en: Iași}\n  country: RO")
    fixture_site.write("content/editions/2030-iasi/index.bg.md", "Въведение.\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "Introduction.\n")
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nText.\n")
    fixture_site.write("content/pages/about.bg.md", "---\ntitle: За сайта\n---\nТекст.\n")
    fixture_site.write("content/pages/about.ro.md", "---\ntitle: Despre\n---\nText.\n")
    result = fixture_site.build(write=False)
    assert [(p.severity, f"{p.where}: {p.message}") for p in result.problems if "language" in p.message] == [
        ("note", "site.yaml:3:12: the language 'bg' is not in site.yaml's languages: its texts in 3 file(s) are "
                 "kept but not published")]
    assert [p.severity for p in result.problems] == ["note", "note"]  # and the one about session times
    assert result.problems[-1].hint == "to publish them again, add bg back to 'languages'"
    strict = run("check", "--strict", "--project", str(fixture_site.root))
    assert strict.returncode == 0, strict.stderr
    built = fixture_site.build()
    assert built.errors == []
    assert not (fixture_site.root / "_site/bg").exists()
    assert "Test Edition" in (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()


def test_a_language_code_that_never_was_the_sites_is_still_an_error(fixture_site: FixtureSite) -> None:
    fixture_site.edition(title="title: {en: Test Edition, rp: Ediție de test}")
    assert fixture_site.messages() == ["content/editions/2030-iasi/edition.yaml:3:27: 'title': language 'rp' is "
                                       "not one of en, ro"]


def test_the_real_site_without_bulgarian_passes_strict_check(tmp_path) -> None:  # type: ignore[no-untyped-def]
    project = tmp_path / "project"
    for name in ("content", "templates", "locales"):
        shutil.copytree(ROOT / name, project / name)
    site_yaml = (ROOT / "site.yaml").read_text(encoding="utf-8")
    assert "languages: [en, ro, bg]" in site_yaml
    (project / "site.yaml").write_text(site_yaml.replace("languages: [en, ro, bg]", "languages: [en, ro]"),
                                       encoding="utf-8")
    result = run("check", "--strict", "--project", str(project))
    assert result.returncode == 0, result.stderr
    notes = [line for line in result.stderr.splitlines() if "note:" in line]
    assert len(notes) == 2  # the editions without times, and Bulgarian
    assert any("the language 'bg' is not in site.yaml's languages" in line for line in notes)
