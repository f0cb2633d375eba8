"""Pictures: people's photos, organisations' logos, an edition's banner and its venue's picture.

The images are made here with Pillow (no binary files in the repository): a phone portrait with
EXIF rotation, GPS and a colour profile, a transparent PNG logo, a clean and a hostile SVG, a
decompression bomb, a file cut short. The built pages are read for what a visitor gets.
"""

from __future__ import annotations

import pathlib
import re
import shutil

import pytest
from conftest import FixtureSite
from picture_site import CLEAN_SVG, EDITION, HOSTILE_SVG, SITE, bomb_png, photo, textured, write_picture_site
from PIL import Image

from confsite import image_files, images
from confsite.model import Picture
from confsite.outputs import images as renditions


@pytest.fixture()
def site(fixture_site: FixtureSite) -> FixtureSite:
    return write_picture_site(fixture_site)


def built(site: FixtureSite, path: str) -> str:
    return (site.root / "_site" / path / "index.html").read_text(encoding="utf-8")


def imgs(html: str, css_class: str) -> list[str]:
    return re.findall(rf'<img class="{css_class}"[^>]*>', html)


def files(site: FixtureSite, stem: str) -> list[pathlib.Path]:
    return sorted((site.root / "_site/images").glob(f"{stem}-*"))


# --- processing ----------------------------------------------------------------------------


def test_a_phone_photo_is_published_upright_without_gps_exif_or_profile(site: FixtureSite) -> None:
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    published = files(site, "ana-popescu")
    assert {p.suffix for p in published} == {".jpg", ".webp"} and len(published) == 12
    for path in published:
        data = path.read_bytes()
        assert b"PhoneMaker" not in data and b"Exif" not in data and b"GPS" not in data
        with Image.open(path) as image:
            assert not image.getexif() and "icc_profile" not in image.info and "xmp" not in image.info
    portrait = next(p for p in published if p.name.endswith("-portrait-240.jpg"))
    with Image.open(portrait) as image:
        assert image.size == (240, 360)  # stored 600 × 400 sideways: shown 400 × 600
        rgb = image.convert("RGB")
        top, bottom = rgb.getpixel((120, 20)), rgb.getpixel((120, 340))
    assert top[0] > 180 and top[2] < 90  # red at the top: upright
    assert bottom[2] > 180 and bottom[0] < 90


def test_square_crops_keep_the_focal_point(site: FixtureSite) -> None:
    assert site.build().ok
    tile = next(p for p in files(site, "ana-popescu") if p.name.endswith("-tile-224.jpg"))
    with Image.open(tile) as image:
        assert image.size == (224, 224)
        rgb = image.convert("RGB")  # focus [0.5, 0.25]: the top of the portrait (red above, a little blue)
        assert rgb.getpixel((112, 20))[0] > 180 and rgb.getpixel((112, 215))[2] > 180


def test_the_square_moves_with_the_focal_point() -> None:
    def box(focus: tuple[float, float] | None) -> tuple[int, int, int, int]:
        picture = Picture("photo", "p.jpg", None, None, focus, "JPEG", 400, 600, False, "0" * 32)
        return images.crop_box(picture, images.SIZES["tile"])
    assert box((0.5, 0.0)) == (0, 0, 400, 400)
    assert box((0.5, 0.9)) == (0, 200, 400, 600)
    assert box(None) == (0, 10, 400, 410)  # a third of the way down, where a face usually is


def test_a_transparent_logo_keeps_its_transparency(site: FixtureSite) -> None:
    assert site.build().ok
    published = files(site, "river-agency")
    assert {p.suffix for p in published} == {".png", ".webp"}
    for path in published:
        with Image.open(path) as image:
            assert image.mode in ("RGBA", "LA") and image.getpixel((1, 1))[-1] == 0


def test_a_clean_svg_is_copied_as_it_is(site: FixtureSite) -> None:
    assert site.build().ok
    [svg] = files(site, "clean-lab")
    assert svg.read_text(encoding="utf-8") == CLEAN_SVG


def test_renditions_are_identical_across_builds_and_made_once(site: FixtureSite,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert site.build().ok
    first = {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()}
    assert list((site.root / ".cache/images").rglob("*"))

    def never(data: bytes) -> Image.Image:
        raise AssertionError("a picture was processed again")
    monkeypatch.setattr(renditions, "prepared", never)
    site.write("site.yaml", SITE.replace("Test Conferences", "Other Conferences"))  # every page changes
    assert site.build(jobs=1).ok
    assert {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()} == first
    monkeypatch.undo()
    shutil.rmtree(site.root / ".cache")
    assert site.build(jobs=1).ok  # made afresh: the same bytes
    assert {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()} == first


def test_a_picture_moved_to_another_use_gives_the_bytes_of_a_build_without_cache(site: FixtureSite) -> None:
    """A JPEG is decoded at a size its largest rendition needs, which depends on what it is used as:
    the banner's and the venue's renditions of one width came from other pixels, and shared a key.
    Moved from the banner to the venue, the picture's venue renditions were the banner's, until
    .cache/ was deleted (and --no-cache did not help)."""
    textured(site.root / "content/editions/2030-iasi/banner.jpg", (4000, 2000), (200, 150, 90))
    assert site.build(search=False).ok
    banner = EDITION[EDITION.index("image:"):EDITION.index("venue:")]
    site.write("content/editions/2030-iasi/edition.yaml",
               EDITION.replace(banner, "").replace("file: hall.jpg", "file: banner.jpg"))
    assert site.build(search=False).ok
    warm = {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()}
    shutil.rmtree(site.root / ".cache")
    assert site.build(search=False).ok
    assert {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()} == warm


def test_no_cache_makes_every_rendition_again(site: FixtureSite) -> None:
    assert site.build(search=False).ok
    first = {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()}
    saved = renditions.Renditions(site.root)
    for entry in (site.root / ".cache/images").glob("*/*"):
        saved.put(entry.name, b"not the picture")  # a good entry of other bytes, as a bug could leave
    assert site.build(search=False, cache=False).ok
    assert {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()} == first
    assert site.build(search=False).ok  # and the entries were written afresh
    assert {p.name: p.read_bytes() for p in (site.root / "_site/images").iterdir()} == first


def test_a_new_photo_under_the_same_name_reaches_every_page_that_shows_it(site: FixtureSite) -> None:
    assert site.build().ok
    old = re.search(r"ana-popescu-[0-9a-f]{10}", built(site, "en/2030-iasi/agenda"))
    assert old
    photo(site.root / "content/people/ana-popescu.jpg", (300, 400))
    result = site.build()  # with the cache of the first build
    assert result.ok, [p.format() for p in result.errors]
    for page in ("en/2030-iasi/agenda", "en/2030-iasi/speakers", "en/people", "en/people/ana-popescu"):
        html = built(site, page)
        assert old[0] not in html and re.search(r"ana-popescu-[0-9a-f]{10}-", html), page


# --- pages ---------------------------------------------------------------------------------


def test_pictures_have_srcset_size_and_lazy_loading_below_the_fold(site: FixtureSite) -> None:
    assert site.build().ok
    edition = built(site, "en/2030-iasi")
    [banner] = imgs(edition, "hero-image")
    assert 'loading="lazy"' not in banner and 'decoding="async"' in banner  # the first picture, seen at once
    assert 'width="960" height="384"' in banner and "480w" in banner and 'sizes="' in banner
    assert '<source type="image/webp" srcset="/conf/images/banner-' in edition
    assert 'Photo: Ion Ionescu, CC BY 4.0</figcaption>' in edition
    [venue] = imgs(edition, "venue-image")
    assert 'loading="lazy"' in venue and 'alt="The conference hall"' in venue
    logos = imgs(edition, "logo")
    assert len(logos) == 2 and all('loading="lazy"' in logo and 'alt=""' in logo for logo in logos)
    agenda = built(site, "en/2030-iasi/agenda")
    [face] = imgs(agenda, "face face")
    assert 'width="40" height="40"' in face and 'loading="lazy"' in face and " 2x" in agenda
    speakers = built(site, "en/2030-iasi/speakers")
    assert 'width="112" height="112"' in imgs(speakers, "face tile")[0]
    person = built(site, "en/people/ana-popescu")
    [portrait] = imgs(person, "portrait-image")
    assert 'width="240" height="360"' in portrait and 'loading="lazy"' not in portrait
    card = imgs(built(site, "en"), "card-image")
    assert card and 'loading="lazy"' in card[0]


def test_alt_text_is_in_the_pages_language(site: FixtureSite) -> None:
    assert site.build().ok
    assert 'alt="Ana Popescu speaking at a lectern"' in built(site, "en/people/ana-popescu")
    assert 'alt="Ana Popescu vorbind la un pupitru"' in built(site, "ro/people/ana-popescu")
    bulgarian = built(site, "bg/people/ana-popescu")  # no Bulgarian alt: the English, marked as such
    assert 'alt="Ana Popescu speaking at a lectern" lang="en"' in bulgarian
    assert 'alt="Primăria veche la apus"' in built(site, "ro/2030-iasi")
    assert 'alt="Sigla River Agency: un pătrat albastru"' in built(site, "ro/organisations/river-agency")


def test_a_person_without_a_photo_gets_initials_in_the_pages_script(site: FixtureSite) -> None:
    assert site.build().ok
    english, bulgarian = built(site, "en/people/todor-tonev"), built(site, "bg/people/todor-tonev")
    assert re.search(r'<svg class="avatar portrait"[^>]*aria-hidden="true".*?>TT</text></svg>', english)
    assert ">ТТ</text></svg>" in bulgarian
    colours = re.findall(r'fill="(#[0-9a-f]{6})"', english)
    assert colours and colours == re.findall(r'fill="(#[0-9a-f]{6})"', bulgarian)  # from the id alone
    assert "<svg class=\"avatar face\"" in built(site, "en/2030-iasi/agenda")


def test_other_files_beside_the_people_are_said_not_read(site: FixtureSite) -> None:
    """A phone's HEIC photo or a GIF beside a person's file was passed over without a word (the
    page showed initials), as was a CV."""
    people = site.root / "content/people"
    (people / "todor-tonev.heic").write_bytes(b"\x00\x00\x00\x18ftypheic not decoded here")
    Image.new("RGB", (20, 20), (200, 30, 30)).save(people / "ana.gif")
    (people / "cv-todor.docx").write_bytes(b"PK\x03\x04 a document")
    result = site.build()
    assert result.ok
    said = sorted((p.where.path, p.severity, p.message, p.hint) for p in result.problems
                  if p.where.path.startswith("content/people/") and not p.where.path.endswith(".yaml"))
    assert said == [
        ("content/people/ana.gif", "warning", "this picture is not used: a person's photo is a JPEG, PNG or WebP file",
         "save it as JPEG, named like the person's file (ana.jpg beside ana.yaml), or name it in the person's "
         "'photo' field"),
        ("content/people/cv-todor.docx", "note", "this file is not read: content/people/ holds the people's files "
         "and their photos", "nothing of it is published, and it may stay there; a document to publish goes "
         "in an edition's files/ folder"),
        ("content/people/todor-tonev.heic", "warning", "this picture is not used: a person's photo is a JPEG, PNG "
         "or WebP file", "save it as JPEG, named like the person's file (todor-tonev.jpg beside todor-tonev.yaml), "
         "or name it in the person's 'photo' field")]
    assert not list((site.root / "_site").rglob("cv-todor*")) and not list((site.root / "_site").rglob("*.heic"))


@pytest.mark.parametrize(("name", "renamed"), [("todor-tonev.JPG", "todor-tonev.jpg"),
                                               ("todor-tonev.jpeg", "todor-tonev.jpg"),
                                               ("todor-tonev.PNG", "todor-tonev.png")])
def test_a_photo_named_with_another_ending_is_said_not_passed_over(site: FixtureSite, name: str,
                                                                  renamed: str) -> None:
    photo(site.root / "content/people" / name)
    result = site.build()
    assert result.ok
    said = [p for p in result.problems if p.where.path == f"content/people/{name}"]
    assert [(p.severity, p.hint) for p in said] == [
        ("warning", f"rename it to {renamed}, or name it in the person's 'photo' field")]
    assert "this photo is not used" in said[0].message
    assert re.search(r'<svg class="avatar portrait"', built(site, "en/people/todor-tonev"))  # initials, as before
    # named in the person's file, it is theirs, and nothing is said
    person = site.root / "content/people/todor-tonev.yaml"
    person.write_text(person.read_text() + f"photo: {{file: {name}, alt: {{en: Todor Tonev}}}}\n")
    result = site.build()
    assert result.ok, [p.format() for p in result.errors]
    assert not [p for p in result.problems if p.where.path == f"content/people/{name}"]


def test_initials_and_avatar_colours() -> None:
    assert images.initials("Ana-Maria Popescu") == "AP"
    assert images.initials("Dr. Ștefan Bălan") == "ȘB"
    assert images.initials("Тодор Тонев") == "ТТ"
    assert images.initials("Cher") == "C"
    pairs = {images.avatar_colours(f"person-{n}") for n in range(300)}
    assert len(pairs) > 100  # people are told apart
    assert min(images.contrast(background, ink) for background, ink in pairs) >= 7
    # a person's colours are theirs for good (their avatar on every page and every build): a change to
    # how they are made would change every avatar of every site, so it is caught here
    assert images.avatar_colours("ana-popescu") == ("#edc0d9", "#491232")
    assert images.avatar_colours("todor-tonev") == ("#c2edc0", "#154912")


# --- validation ----------------------------------------------------------------------------


def test_a_hostile_svg_is_refused_at_each_line(site: FixtureSite) -> None:
    site.write("content/organisations/clean-lab.svg", HOSTILE_SVG)
    messages = site.messages()
    at = {m.split(": ", 1)[0] for m in messages}
    assert {"content/organisations/clean-lab.svg:3:3", "content/organisations/clean-lab.svg:4:3",
            "content/organisations/clean-lab.svg:5:3", "content/organisations/clean-lab.svg:6:3"} <= at, messages
    text = "\n".join(messages)
    assert "holds a script" in text and "event handler (onclick)" in text and "tracker.example" in text
    assert "<foreignObject>" in text


def test_an_svg_with_entities_is_refused(site: FixtureSite) -> None:
    site.write("content/organisations/clean-lab.svg",
               '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY lol "lol">]>\n<svg viewBox="0 0 1 1">&lol;</svg>\n')
    assert any(m.startswith("content/organisations/clean-lab.svg:2") and "entity" in m for m in site.messages())


def test_an_svg_with_a_stylesheet_or_a_javascript_link_is_refused(site: FixtureSite) -> None:
    site.write("content/organisations/clean-lab.svg",
               '<?xml-stylesheet href="https://tracker.example/a.css"?>\n<svg viewBox="0 0 1 1">\n'
               '<a href=" java\tscript:steal()"><rect width="1" height="1"/></a></svg>\n')
    messages = "\n".join(site.messages())
    assert "content/organisations/clean-lab.svg:1:" in messages and "processing instruction" in messages
    assert "content/organisations/clean-lab.svg:3:" in messages and "a script in its href attribute" in messages


def test_an_svg_that_loads_another_file_in_a_browsers_ways_is_refused(site: FixtureSite) -> None:
    """Opened on its own, an SVG logo loads what a web page's elements and its style name: each
    way found by a security review (all fetched by Chromium or accepted by the check) is an error
    at its line."""
    site.write("content/organisations/clean-lab.svg", "\n".join([
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" viewBox="0 0 1 1">',
        '<h:img src="http://tracker.example/pixel.png"/>',
        '<style>path{fill:u\\rl(http://tracker.example/fill.svg#p)}</style>',
        '<rect width="1" height="1" style="fill: image-set(\'https://tracker.example/a.png\' 1x)"/>',
        '<h:meta http-equiv="refresh" content="0;url=https://tracker.example/"/>',
        '<g xmlns="http://www.w3.org/1999/xhtml"><video poster="https://tracker.example/p.png"/></g>',
        '<rect width="1" height="1" fill="url(#plain)"/>',
        "</svg>", ""]))
    messages = [m for m in site.messages() if m.startswith("content/organisations/clean-lab.svg:")]
    lines = sorted({int(m.split(":")[1]) for m in messages})
    assert lines == [2, 3, 4, 5, 6], messages
    text = "\n".join(messages)
    assert "web page's element (<h:img>)" in text and "escape" in text and "image-set()" in text
    assert "web page's element (<video>)" in text


SVG_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'


@pytest.mark.parametrize(("body", "said"), [
    ('<style>@imp&#111;rt "https://tracker.example/x.css";</style>', "imports another file"),
    ("<style>rect{fill:u&#114;l(https://tracker.example/x)}</style>", "outside itself"),
    ("<style>rect{fill:u<![CDATA[rl(https://tracker.example/x)]]>}</style>", "outside itself"),
    ("<style>rect{fill:ur<!-- x -->l(https://tracker.example/x)}</style>", "outside itself"),
    ('<image href="#a"><set attributeName="href" to="https://tracker.example/p.png"/></image>', "animates its href"),
    ('<image href="#a"><animate attributeName="xlink:href" values="https://tracker.example/p.png"/></image>',
     "animates its href"),
])
def test_a_style_in_pieces_or_an_animated_link_is_refused(body: str, said: str) -> None:
    """The parser gives a style's text in pieces at a character reference, a CDATA section or a
    comment, and a browser joins them; an animation can set an image's href. Found by a review."""
    faults = image_files.check_svg(f"{SVG_HEAD}{body}</svg>".encode())[2]
    assert len(faults) == 1 and said in faults[0].message and faults[0].line == 1, faults


def test_a_logo_with_a_windows_path_in_an_editors_attribute_passes() -> None:
    """Older Inkscape writes where it last exported the picture, with backslashes: no CSS there."""
    logo = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
            'viewBox="0 0 1 1" inkscape:export-filename="C:\\Users\\ana\\logo.png"><rect width="1" height="1"/></svg>')
    assert image_files.check_svg(logo.encode()) == (1, 1, [])


def test_a_decompression_bomb_is_refused_without_being_decoded(site: FixtureSite) -> None:
    bomb_png(site.root / "content/organisations/river-agency.png")
    assert ["content/organisations/river-agency.yaml:3:9: this image has too many pixels to be opened safely "
            f"(over {Image.MAX_IMAGE_PIXELS:,})"] == site.messages()


def test_a_file_cut_short_is_refused(site: FixtureSite) -> None:
    path = site.root / "content/people/ana-popescu.jpg"
    path.write_bytes(path.read_bytes()[:3000])
    [message] = site.messages()
    assert message.startswith("content/people/ana-popescu.yaml:3:9: this image cannot be read: it is damaged")


@pytest.mark.parametrize(("change", "expected"), [
    (lambda root: (root / "content/people/ana-popescu.jpg").unlink(),
     "content/people/ana-popescu.yaml:3:9: there is no file 'ana-popescu.jpg' in content/people/"),
    (lambda root: Image.new("RGB", (300, 300)).save(root / "content/people/ana-popescu.jpg", "GIF"),
     "content/people/ana-popescu.yaml:3:9: this is a GIF image; the site shows JPEG, PNG, WebP and SVG"),
    (lambda root: photo(root / "content/people/ana-popescu.jpg", (150, 300)),
     "content/people/ana-popescu.yaml:3:9: this picture is 150×300 pixels: too small, a photo needs at least "
     "200 pixels on its shorter side"),
    (lambda root: (root / "content/people/ana-popescu.yaml").write_text(
        "name: Ana Popescu\nphoto: {file: ana-popescu.jpg}\n"),
     "content/people/ana-popescu.yaml:2:8: a photo needs alt text: a short description of what it shows, read to "
     "visitors who cannot see it"),
    (lambda root: (root / "content/people/ana-popescu.yaml").write_text(
        "name: Ana Popescu\nphoto: ana-popescu.jpg\n"),
     "content/people/ana-popescu.yaml:2:8: 'photo': a photo needs its file and its alt text, for visitors who "
     "cannot see it"),
    (lambda root: (root / "content/people/ana-popescu.yaml").write_text(
        "name: Ana Popescu\nphoto: {file: ana-popescu.jpg, alt: Ana, focus: [0.5, 2]}\n"),
     "content/people/ana-popescu.yaml:2:49: 'focus': expected two fractions between 0 and 1, got [0.5, 2]"),
])
def test_each_mistake_is_named_at_its_line(site: FixtureSite, change: object, expected: str) -> None:
    change(site.root)  # type: ignore[operator]
    assert expected in site.messages()


def test_a_large_file_is_a_warning(site: FixtureSite) -> None:
    site.write("site.yaml", SITE + "max_image_kb: 5\n")
    assert site.messages() == []
    assert any(w.startswith("content/people/ana-popescu.yaml:3:9: this picture is") and "over the limit of 5 KB" in w
               for w in site.warnings())


# --- link previews --------------------------------------------------------------------------


def test_the_edition_card_carries_its_banner_and_a_person_page_shares_their_photo(site: FixtureSite) -> None:
    assert site.build().ok
    edition = built(site, "ro/2030-iasi")
    [card_url] = re.findall(r'<meta property="og:image" content="([^"]+)"', edition)
    assert card_url.endswith("/ro/2030-iasi/share.jpg")  # a card with a banner is a JPEG
    with Image.open(site.root / "_site/ro/2030-iasi/share.jpg") as card:
        assert card.size == (1200, 630)
        right, left = card.getpixel((1150, 315)), card.getpixel((40, 600))
    assert right != left  # the banner fills the right side, the text side keeps the card's colour
    person = built(site, "ro/people/ana-popescu")
    [shared] = re.findall(r'<meta property="og:image" content="([^"]+)"', person)
    assert "/images/" in shared and shared.endswith((".jpg", ".png"))  # their photo, not the site's card
    assert '<meta property="og:image:alt" content="Ana Popescu vorbind la un pupitru">' in person
    shared = {}
    for lang in ("en", "ro", "bg"):  # no photo: their initials, as the page writes their name
        [shared[lang]] = re.findall(r'<meta property="og:image" content="[^"]+/conf/([^"]+)"',
                                    built(site, f"{lang}/people/todor-tonev"))
    assert shared["en"] == shared["ro"] and shared["bg"] != shared["en"]  # Latin T T, Cyrillic Т Т
    assert all(path.startswith("avatars/todor-tonev-") for path in shared.values())
    for path in set(shared.values()):
        with Image.open(site.root / "_site" / path) as avatar:
            assert avatar.size == (400, 400) and avatar.format == "PNG" and not avatar.info.get("exif")


def test_a_file_cut_short_is_refused_after_a_printed_programme_was_made(site: FixtureSite) -> None:
    """WeasyPrint's import makes Pillow accept cut-short images for the whole process: not ours."""
    import weasyprint  # noqa: F401 - as the programme's first build in a process imports it
    from PIL import ImageFile
    assert ImageFile.LOAD_TRUNCATED_IMAGES  # what WeasyPrint's import does to Pillow
    path = site.root / "content/people/ana-popescu.jpg"
    path.write_bytes(path.read_bytes()[:3000])
    [message] = site.messages()
    assert message.startswith("content/people/ana-popescu.yaml:3:9: this image cannot be read: it is damaged")


def test_a_picture_named_in_other_capitals_is_told_its_name(site: FixtureSite) -> None:
    """It works on a Mac or Windows, whose disks take RIVER-AGENCY.png for river-agency.png, and
    fails on the server: the nearest-spelling suggestion missed it, the names being short."""
    path = site.root / "content/organisations/river-agency.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("file: river-agency.png", "file: RIVER-AGENCY.png"),
                    encoding="utf-8")
    [problem] = [p for p in site.build(write=False).problems if p.is_error]
    assert problem.message == "there is no file 'RIVER-AGENCY.png' in content/organisations/"
    assert problem.hint == ("did you mean 'river-agency.png'? names differ in capitals: the web server tells "
                            "them apart")
