"""Downloads: local files copied once and listed with type, size and language; external and
unpublished documents; missing and oversized files."""

import io
import pathlib

import pytest
from conftest import FIXED_NOW, FixtureSite
from PIL import Image, PngImagePlugin

from confsite.pipeline import Options, build

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


def test_what_file_managers_leave_in_files_is_left_alone(fixture_site: FixtureSite) -> None:
    """Windows' picture cache and folder settings, Office's lock file and the Mac's folder file
    are no editor's files: neither mistakes nor published."""
    site_with_files(fixture_site)
    files = fixture_site.root / "content/editions/2030-iasi/files"
    for name in ("Thumbs.db", "desktop.ini", "~$agenda.docx", ".DS_Store"):
        (files / name).write_bytes(b"\x00\x01 not a document")
    result = fixture_site.build()
    assert result.ok, [p.format() for p in result.errors]
    assert not any(name in p.format() for p in result.problems for name in ("Thumbs", "desktop", "~$", "DS_Store"))
    published = {p.name for p in (fixture_site.root / "_site/files").rglob("*")}
    assert "agenda.pdf" in published and not published & {"Thumbs.db", "desktop.ini", "~$agenda.docx", ".DS_Store"}


def test_slides_must_exist(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files/slides.pptx").unlink()
    messages = fixture_site.messages()
    assert [m for m in messages if "does not exist" in m] == [
        "content/editions/2030-iasi/edition.yaml:29:28: the file 'files/slides.pptx' does not exist"]


@pytest.mark.parametrize(("written", "said"), [
    ("slides.pptx", "a file is named with its folder: 'files/slides.pptx', not 'slides.pptx' (write "
                    "'files/slides.pptx')"),
    ("./slides.pptx", "a file is named with its folder: 'files/slides.pptx', not './slides.pptx' (write "
                      "'files/slides.pptx')"),
    ("/files/slides.pptx", "a file is named with its folder: 'files/slides.pptx', not '/files/slides.pptx' (write "
                           "'files/slides.pptx')"),
    (".slides.pptx", "'.slides.pptx' does not name a file in this edition's files/ folder (put the file in the "
                     "edition's files/ folder and write 'files/<name>')"),  # another name than slides.pptx
    ("../2024-chisinau/files/agenda.pdf", "'../2024-chisinau/files/agenda.pdf' does not name a file in this "
                                          "edition's files/ folder (put the file in the edition's files/ folder "
                                          "and write 'files/<name>')"),
])
def test_a_file_named_without_its_folder_is_told_the_name_to_write(fixture_site: FixtureSite, written: str,
                                                                  said: str) -> None:
    """The file is in files/: the message said it was not."""
    site_with_files(fixture_site)
    edition = fixture_site.root / "content/editions/2030-iasi/edition.yaml"
    edition.write_text(edition.read_text().replace("slides: {file: files/slides.pptx}", f"slides: {{file: {written}}}"))
    result = fixture_site.build(write=False)
    assert [f"{p.where}: {p.message} ({p.hint})" for p in result.errors] == [
        f"content/editions/2030-iasi/edition.yaml:29:28: {said}"]


def test_an_editions_text_can_show_and_link_its_files(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    Image.new("RGB", (40, 30), (20, 80, 122)).save(fixture_site.root / "content/editions/2030-iasi/files/photo.png")
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "![The hall](files/photo.png)\n\n[The agenda](files/agenda.pdf)\n")
    result = fixture_site.build()
    assert result.ok and not [p for p in result.problems if "broken" in p.message]
    html = (fixture_site.root / "_site/en/2030-iasi/index.html").read_text()
    assert '<img alt="The hall" src="/conf/files/2030-iasi/photo.png">' in html
    assert '<a href="/conf/files/2030-iasi/agenda.pdf">The agenda</a>' in html
    assert (fixture_site.root / "_site/files/2030-iasi/photo.png").is_file()


def test_a_markdown_image_without_a_description_is_a_warning_at_its_line(fixture_site: FixtureSite) -> None:
    """The guide says an image needs a description; `![](…)` gave alt="", a decoration to screen
    readers, and no word to the editor (only a raw <img> without alt was reported)."""
    site_with_files(fixture_site)
    Image.new("RGB", (40, 30), (20, 80, 122)).save(fixture_site.root / "content/editions/2030-iasi/files/photo.png")
    fixture_site.write("content/editions/2030-iasi/index.en.md",
                       "The hall:\n\n![The hall](files/photo.png)\n\nAnd again: ![ ](files/photo.png)\n\n"
                       "![][hall]\n\n[hall]: files/photo.png\n")
    fixture_site.write("content/pages/about.en.md", "---\ntitle: About\n---\nUs:\n\n![](files/logo.png)\n\n"
                       "Written as is: `![](x.png)`, \\![](x.png) and\n\n```\n![](x.png)\n```\n")
    result = fixture_site.build(write=False)
    found = [(f"{p.where}", p.message) for p in result.problems if "description" in p.message]
    assert found == [("content/editions/2030-iasi/index.en.md:5:12", "an image without a description"),
                     ("content/editions/2030-iasi/index.en.md:7:1", "an image without a description"),
                     ("content/pages/about.en.md:6:1", "an image without a description")]
    assert all(p.severity == "warning" for p in result.problems if "description" in p.message)


def phone_photo(path: pathlib.Path) -> None:
    """A JPEG as a phone writes it: sideways pixels with an EXIF orientation, the camera, a GPS
    position, an XMP packet and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (45.0, 30.0, 0.0), 3: "E", 4: (27.0, 35.0, 0.0)})  # GPS
    sideways = Image.new("RGB", (80, 60), (10, 120, 200))
    sideways.paste((250, 250, 0), (0, 0, 20, 60))  # a yellow band on the left: at the top once upright
    sideways.save(path, exif=exif, comment=b"Taken at home", xmp=b"<x:xmpmeta>GPSLatitude 45,30N</x:xmpmeta>")


def test_images_in_an_editions_files_are_published_without_their_metadata(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    files = fixture_site.root / "content/editions/2030-iasi/files"
    phone_photo(files / "hall.jpg")
    raw = (files / "hall.jpg").read_bytes()
    assert all(marker in raw for marker in (b"PhoneMaker", b"Exif", b"GPSLatitude", b"Taken at home"))
    notes = PngImagePlugin.PngInfo()
    notes.add_text("Comment", "drawn on the train")
    Image.new("RGBA", (30, 20), (0, 0, 0, 0)).save(files / "logo.png", pnginfo=notes, exif=Image.Exif())
    webp = Image.Exif()
    webp[0x010F] = "PhoneMaker"
    Image.new("RGB", (30, 20), (1, 2, 3)).save(files / "map.webp", exif=webp, xmp=b"<x:xmpmeta>where</x:xmpmeta>")
    fixture_site.write("content/editions/2030-iasi/index.en.md", "![The hall](files/hall.jpg)\n")
    outputs = []
    for name in ("one", "two"):
        output = fixture_site.root / name
        result = build(Options(project=fixture_site.root, output=output, cache=False), FIXED_NOW)
        assert result.ok, [p.format() for p in result.errors]
        outputs.append(output)
    published = outputs[0] / "files/2030-iasi"
    for name in ("hall.jpg", "logo.png", "map.webp"):
        data = (published / name).read_bytes()
        assert data == (outputs[1] / "files/2030-iasi" / name).read_bytes(), f"{name} differs between builds"
        for marker in (b"PhoneMaker", b"Exif", b"GPS", b"xmpmeta", b"Taken at home", b"drawn on the train"):
            assert marker not in data, f"{marker!r} is still in {name}"
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif() and not {"exif", "xmp", "comment", "Comment", "XML:com.adobe.xmp",
                                                "icc_profile"} & set(image.info), image.info
    with Image.open(published / "hall.jpg") as hall:
        assert hall.size == (60, 80)  # upright: the orientation was applied, not dropped
        top, bottom = hall.getpixel((30, 5)), hall.getpixel((30, 75))
        assert top[0] > 200 and top[2] < 60 and bottom[2] > 150, (top, bottom)  # type: ignore[index]
    with Image.open(published / "logo.png") as logo:
        assert logo.mode == "RGBA" and logo.getpixel((3, 3))[3] == 0  # type: ignore[index]
    assert (published / "agenda.pdf").read_bytes() == (files / "agenda.pdf").read_bytes()  # other files: as they are
    html = (outputs[0] / "en/2030-iasi/index.html").read_text()
    assert '<img alt="The hall" src="/conf/files/2030-iasi/hall.jpg">' in html


def test_an_unreadable_image_in_files_is_named(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    files = fixture_site.root / "content/editions/2030-iasi/files"
    (files / "cut.jpg").write_bytes(b"\xff\xd8\xff\xe0 cut short")
    (files / "notes.jpg").write_bytes(b"Not a picture: notes saved under a picture's name")
    said = {m.split(":", 1)[0].rsplit("/", 1)[-1]: m for m in fixture_site.messages()
            if m.startswith("content/editions/2030-iasi/files/")}
    assert "this image cannot be read as an image (Truncated File Read)" in said["cut.jpg"]
    unknown = said["notes.jpg"]
    assert "cannot be read as an image: it is damaged, cut short, or another kind of file" in unknown
    assert "<_io" not in unknown and "object at" not in unknown  # no Python object in an editor's message


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims `width` × `height` pixels (its header only, as a bomb's is)."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    chunk = b"IHDR" + header
    return (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
            + struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND")))


@pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning")  # no warning of Pillow's reaches editors
def test_a_picture_in_files_with_too_many_pixels_is_refused_unopened(fixture_site: FixtureSite) -> None:
    """A 700 kB PNG of 13,000 × 13,000 pixels took 2.7 GB to clean of its metadata: it is
    refused from its header, as the people's photos are."""
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files/plan.png").write_bytes(_png_header(13_000, 13_000))
    result = fixture_site.build()
    found = [f"{p.where}: {p.message}" for p in result.problems if p.is_error]
    assert found == [f"content/editions/2030-iasi/files/plan.png: {found[0].partition(': ')[2]}"]
    assert "13,000 × 13,000 pixels" in found[0] and "too large to be opened safely" in found[0]
    assert not (fixture_site.root / "_site").exists()  # nothing is written


def test_a_picture_of_more_than_twice_the_pixels_is_refused_in_the_same_words(fixture_site: FixtureSite) -> None:
    """Over twice its limit, Pillow refuses a picture itself, in its own words ("could be
    decompression bomb DOS attack") and with twice the number the other message gives."""
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files/poster.png").write_bytes(_png_header(20_000, 20_000))
    found = [f"{p.where}: {p.message}" for p in fixture_site.build().problems if p.is_error]
    assert found == ["content/editions/2030-iasi/files/poster.png: this image is too large to be opened safely "
                     f"(more than twice the {Image.MAX_IMAGE_PIXELS:,} pixels a picture may have)"]


@pytest.mark.parametrize(("name", "said"), [
    ("programme.html", "'.html' file would run as part of this website"),
    ("PAGE.HTM", "'.htm' file would run as part of this website"),
    ("feed.xml", "'.xml' file would run as part of this website"),
    ("programme.html.md", "'.html' file would run as part of this website"),  # Apache reads both endings
    # an SVG is checked for scripts, but only a name ending in .svg was: this one was published unchecked
    ("map.svg.md", "a '.svg' drawing behind another ending would be served as a drawing there too"),
    ("map.SVG.bz2", "a '.svg' drawing behind another ending would be served as a drawing there too"),
    ("tracks.kml", "a '.kml' file is not a kind of file the site publishes"),
    ("README", "a file without an ending"),
])
def test_a_file_a_browser_would_run_is_not_published(fixture_site: FixtureSite, name: str, said: str) -> None:
    """Every file of files/ is published on the site's own address: a page, an XML document or a
    script there would run as part of the site. Only documents, pictures, sound, video and
    archives are published."""
    site_with_files(fixture_site)
    (fixture_site.root / "content/editions/2030-iasi/files" / name).write_text("<script>alert(1)</script>")
    result = fixture_site.build()
    found = [f"{p.where}: {p.message}" for p in result.problems if p.is_error]
    assert len(found) == 1 and said in found[0] and found[0].startswith(f"content/editions/2030-iasi/files/{name}:")
    assert not (fixture_site.root / "_site").exists()  # nothing is written


def test_an_svg_in_files_is_published_only_without_scripts(fixture_site: FixtureSite) -> None:
    site_with_files(fixture_site)
    folder = fixture_site.root / "content/editions/2030-iasi/files"
    clean = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>'
    (folder / "map.svg").write_text(clean)
    assert fixture_site.build().ok
    assert (fixture_site.root / "_site/files/2030-iasi/map.svg").read_text() == clean
    unsized = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="5" height="5"/></svg>'
    (folder / "plan.svg").write_text(unsized)  # a download needs no size, unlike a logo
    assert fixture_site.build().ok
    assert (fixture_site.root / "_site/files/2030-iasi/plan.svg").read_text() == unsized
    (folder / "map.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
                                    "<script>alert(document.cookie)</script></svg>")
    found = [m for m in fixture_site.messages() if "files/map.svg" in m]
    assert len(found) == 1 and found[0].startswith("content/editions/2030-iasi/files/map.svg:2:")
