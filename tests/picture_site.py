"""A fixture site with every kind of picture, made with Pillow here (no binary file is committed):
used by test_images and by the browser suite's image budget."""

from __future__ import annotations

import io
import pathlib
import struct
import zlib

from conftest import FixtureSite
from PIL import Image, ImageCms, ImageFilter

SITE = """\
title: {en: Test Conferences, ro: Conferințe de test, bg: Тестови конференции}
base_url: https://example.org/conf/
languages: [en, ro, bg]
series:
  - id: cmr
    name: Clusters meet Regions
navigation: [home, people]
"""

EDITION = """\
series: cmr
languages: [en, ro]
title: {en: Clusters meet Regions in Iași, ro: Clusterele întâlnesc regiunile la Iași}
dates: {start: 2030-05-12, end: 2030-05-13}
timezone: Europe/Bucharest
format: in-person
image:
  file: banner.jpg
  alt: {en: The old town hall at dusk, ro: Primăria veche la apus}
  credit: "Photo: Ion Ionescu, CC BY 4.0"
venue:
  city: Iași
  country: RO
  image:
    file: hall.jpg
    alt: {en: The conference hall, ro: Sala de conferințe}
organisations:
  - id: river-agency
    role: organiser
  - id: clean-lab
    role: partner
agenda:
  - date: 2030-05-12
    sessions:
      - kind: keynote
        title: Opening keynote
        start: "09:00"
        end: "10:00"
        talks:
          - speakers: [ana-popescu, todor-tonev]
"""

ANA = """\
name: Ana Popescu
photo:
  file: ana-popescu.jpg
  alt:
    en: Ana Popescu speaking at a lectern
    ro: Ana Popescu vorbind la un pupitru
  credit: "Photo: Maria Pop"
  focus: [0.5, 0.25]
"""

CLEAN_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80">
  <defs><linearGradient id="g"><stop offset="0" stop-color="#14507a"/></linearGradient></defs>
  <rect width="200" height="80" fill="url(#g)"/><use href="#g"/>
</svg>
"""

HOSTILE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 80"
     xmlns:xlink="http://www.w3.org/1999/xlink">
  <script>alert(document.cookie)</script>
  <rect width="200" height="80" onclick="steal()"/>
  <image xlink:href="https://tracker.example/pixel.png" width="1" height="1"/>
  <foreignObject width="10" height="10"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>
</svg>
"""


def portrait_jpeg(path: pathlib.Path) -> None:
    """A phone photo stored sideways (EXIF orientation 6), with the phone's maker, a GPS position
    and a colour profile. Shown upright, its top half is red and its bottom half blue."""
    stored = Image.new("RGB", (600, 400), (20, 40, 220))
    stored.paste((220, 30, 30), (0, 0, 300, 400))  # the left half, which turns into the top
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (45.0, 30.0, 0.0)  # GPSLatitude
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    stored.save(path, "JPEG", exif=exif, icc_profile=profile, quality=90)


def transparent_logo(path: pathlib.Path) -> None:
    logo = Image.new("RGBA", (240, 96), (0, 0, 0, 0))
    logo.paste((20, 80, 122, 255), (60, 18, 180, 78))
    logo.save(path, "PNG")


def photo(path: pathlib.Path, size: tuple[int, int] = (300, 300)) -> None:
    Image.new("RGB", size, (90, 140, 60)).save(path, "JPEG", quality=85)


def bomb_png(path: pathlib.Path) -> None:
    """A tiny PNG whose header claims 20,000 × 20,000 pixels: opening it must stop at the header."""
    small = io.BytesIO()
    Image.new("L", (1, 1)).save(small, "PNG")
    data = bytearray(small.getvalue())
    header = b"IHDR" + struct.pack(">II", 20000, 20000) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    path.write_bytes(bytes(data))


def write_picture_site(fixture_site: FixtureSite) -> FixtureSite:
    """A site with every kind of picture, all of them good."""
    root = fixture_site.root
    fixture_site.write("site.yaml", SITE)
    fixture_site.write("content/editions/2030-iasi/edition.yaml", EDITION)
    Image.new("RGB", (1200, 480), (200, 120, 40)).save(root / "content/editions/2030-iasi/banner.jpg", quality=85)
    Image.new("RGB", (800, 500), (60, 60, 160)).save(root / "content/editions/2030-iasi/hall.jpg", quality=85)
    fixture_site.write("content/people/ana-popescu.yaml", ANA)
    portrait_jpeg(root / "content/people/ana-popescu.jpg")
    fixture_site.write("content/people/todor-tonev.yaml", "name: {en: Todor Tonev, bg: Тодор Тонев}\n")
    fixture_site.write("content/organisations/river-agency.yaml", """\
        name: River Agency
        logo:
          file: river-agency.png
          alt: {en: "River Agency logo: a blue square", ro: "Sigla River Agency: un pătrat albastru"}
        """)
    transparent_logo(root / "content/organisations/river-agency.png")
    fixture_site.write("content/organisations/clean-lab.yaml", """\
        name: Clean Lab
        logo: {file: clean-lab.svg, alt: Clean Lab}
        """)
    fixture_site.write("content/organisations/clean-lab.svg", CLEAN_SVG)
    return fixture_site


def textured(path: pathlib.Path, size: tuple[int, int], tint: tuple[int, int, int]) -> None:
    """A stand-in for a real photograph: smooth shading with fine grain, which compresses about as
    well as a photo does (a flat colour would weigh next to nothing)."""
    detail = Image.effect_noise((size[0] // 6, size[1] // 6), 60).resize(size, Image.Resampling.BICUBIC)
    grain = Image.blend(detail, Image.effect_noise(size, 30), 0.3).filter(ImageFilter.GaussianBlur(0.6))
    shade = Image.linear_gradient("L").resize(size)
    layers = [Image.blend(shade, grain, 0.6).point(lambda v, t=t: (v * t) // 255) for t in tint]
    Image.merge("RGB", layers).save(path, "JPEG", quality=92)


def add_speakers(fixture_site: FixtureSite, count: int) -> None:
    """`count` more speakers with a phone-sized photo each, all in one session of the agenda."""
    root = fixture_site.root
    ids = [f"speaker-{n:02d}" for n in range(count)]
    for n, ident in enumerate(ids):
        fixture_site.write(f"content/people/{ident}.yaml", f"name: Speaker Number{n}\nphoto:\n  file: {ident}.jpg\n"
                           f"  alt: Speaker {n} smiling\n")
        textured(root / f"content/people/{ident}.jpg", (900, 1200), (180 + n % 70, 140, 100 + n % 100))
    textured(root / "content/editions/2030-iasi/banner.jpg", (1800, 720), (220, 170, 120))
    edition = root / "content/editions/2030-iasi/edition.yaml"
    edition.write_text(edition.read_text(encoding="utf-8") + "      - kind: panel\n        title: Many voices\n"
                       "        talks:\n" + "".join(f"          - speakers: [{i}]\n" for i in ids), encoding="utf-8")
