"""Downloads: local files copied once and listed with type, size and language; external and
unpublished documents; missing and oversized files."""

from conftest import FixtureSite

DOWNLOADS = """downloads:
  - title: {en: Final agenda, ro: Agenda finală}
    kind: agenda
    file: files/agenda.pdf
    language: ro
  - title: {en: Summary article}
    kind: summary
    url: https://example.org/summary
  - title: {en: Input paper}
    kind: paper"""


def site_with_files(site: FixtureSite, size: int = 1_534_000) -> None:
    folder = site.root / "content/editions/2030-iasi/files"
    folder.mkdir(parents=True)
    (folder / "agenda.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * (size - 9))
    (folder / "slides.pptx").write_bytes(b"PK" + b"1" * 2046)
    site.write("content/people/ana-popescu.yaml", "name: Ana Popescu\n")
    site.edition(languages="languages: [en, ro]", title="title: {en: Test Edition, ro: Ediția de test}",
                 downloads=DOWNLOADS, agenda="""agenda:
  - date: 2030-05-12
    sessions:
      - kind: keynote
        title: Keynote
        talks:
          - speakers: [ana-popescu]
            slides: {file: files/slides.pptx}""")


def test_files_are_copied_once_and_listed_for_each_language(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    result = fixture_site.build()
    assert result.ok
    out = fixture_site.root / "_site"
    assert (out / "files/2030-iasi/agenda.pdf").stat().st_size == 1_534_000
    assert (out / "files/2030-iasi/slides.pptx").is_file()
    assert not (out / "en/files").exists() and not (out / "ro/files").exists()
    en = (out / "en/2030-iasi/index.html").read_text()
    assert ('<a href="/conf/files/2030-iasi/agenda.pdf" hreflang="ro">Final agenda</a> '
            '<span class="meta">(PDF, 1.5 MB, Romanian)</span>') in en
    assert ('<a href="https://example.org/summary" rel="external">Summary article</a> '
            '<span class="meta">(on another website)</span>') in en
    assert 'Input paper <span class="meta">(not published on this site)</span>' in en
    ro = (out / "ro/2030-iasi/index.html").read_text()
    assert "Agenda finală" in ro and "(PDF, 1,5 MB, română)" in ro
    agenda = (out / "en/2030-iasi/agenda/index.html").read_text()
    assert 'href="/conf/files/2030-iasi/slides.pptx"' in agenda and "PPTX, 2 kB" in agenda


def test_a_large_file_is_a_warning_not_an_error(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    fixture_site.write("site.yaml", (fixture_site.root / "site.yaml").read_text() + "max_file_size_mb: 1\n")
    result = fixture_site.build(write=False)
    assert result.ok
    warnings = [f"{p.where}: {p.message}" for p in result.problems if "limit" in p.message]
    assert warnings == ["content/editions/2030-iasi/edition.yaml:15:11: the file 'files/agenda.pdf' is 2 MB, "
                        "over the 1 MB limit"]
    assert all(not p.is_error for p in result.problems)


def test_slides_must_exist(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files/slides.pptx").unlink()
    messages = fixture_site.messages()
    assert [m for m in messages if "does not exist" in m] == [
        "content/editions/2030-iasi/edition.yaml:29:28: the file 'files/slides.pptx' does not exist"]


def test_an_editions_text_can_show_and_link_its_files(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "![The hall](files/photo.png)\n\n[The agenda](files/agenda.pdf)\n")
    result = fixture_site.build()
    assert result.ok and not [p for p in result.problems if "broken" in p.message]
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert '<img alt="The hall" src="/conf/files/2030-iasi/photo.png">' in html
    assert '<a href="/conf/files/2030-iasi/agenda.pdf">The agenda</a>' in html
    assert (fixture_site.root / "_site/files/2030-iasi/photo.png").is_file()
