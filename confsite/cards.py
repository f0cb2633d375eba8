"""Share cards: the picture a link preview shows (Open Graph, Twitter), one per edition and language.

A card is 1200 × 630 pixels: the series' name, the edition's title, its dates and its place, in the
page's language, drawn with Pillow in the DejaVu Sans the project ships (`confsite/fonts/`, covering
Romanian ș ț and Cyrillic), beside the edition's banner when it has one. The bytes depend only on
what is drawn (no timestamp, no metadata), so two builds give the same file and the build cache keeps
it. The site's own card, which the pages of no edition or person share, is drawn the same way, in
each language, from the site's title, series, years and cities (`site_card_text`). `serve` makes no
cards: its pages point to the picture in the templates (`templates/assets/share.png`).

Which picture each page shares is decided here too (`share_image`), so templates get a ready value.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
import pathlib
import zlib
from collections.abc import Callable
from urllib.parse import urlsplit

from PIL import Image, ImageChops, ImageDraw, ImageFont, ImageOps

from . import formatting, images
from .edition import Edition
from .helpers import place_line
from .model import Person, Text
from .recording import record
from .site import PagePlan, Site

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 300_000  # some messengers drop a larger preview
FONTS = pathlib.Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"
SITE_CARD = "assets/share.png"  # the site's own card, in the templates' assets: 1200 × 630

BACKGROUND, INK, SOFT = (20, 80, 122), (255, 255, 255), (214, 230, 242)
DOTS = ((244, 185, 66), (255, 255, 255), (127, 200, 169))  # as on the site's card
MARGIN, BANNER_WIDTH = 80, 440


@dataclasses.dataclass(frozen=True)
class CardText:
    """What a card says, in one language: also its alternative text."""

    series: str
    title: str
    dates: str
    place: str

    @property
    def alt(self) -> str:
        return f"{self.title}, {self.dates}, {self.place}"


@dataclasses.dataclass(frozen=True)
class ShareImage:
    """The picture a page shares: an absolute URL, its size and its alternative text."""

    url: str
    width: int
    height: int
    alt: str


def card_text(site: Site, edition: Edition, lang: str, gettext: Callable[[str], str]) -> CardText:
    """The card's lines in `lang`: texts the edition lacks in it come from its original language;
    dates and places are formatted as the pages format them."""
    config = site.content.site
    series = next((s.name for s in config.series if s.id == edition.series), None)

    def plain(text: Text) -> str:
        return config.plain(text, lang, edition.original_language)

    return CardText(series=plain(series) if series else plain(config.title), title=plain(edition.title),
                    dates=formatting.date_range(edition.start, edition.end, lang),
                    place=place_line(edition.place, plain, lambda code: formatting.country(code, lang), gettext))


def card_path(edition: Edition, lang: str, banner: bool = False) -> str:
    """Where an edition's card in `lang` is published: beside its page. A card with a photograph is
    a JPEG (smaller), one of text only a PNG (sharper)."""
    return f"{lang}/{edition.slug}/share.{'jpg' if banner else 'png'}"


def site_card_path(lang: str) -> str:
    """Where the site's own card in `lang` is published."""
    return f"{lang}/share.png"


def site_card_text(site: Site, lang: str, gettext: Callable[[str], str]) -> CardText:
    """The site's card in `lang`: its series, its title, the years of its editions and their cities,
    the latest first ("2019–2024", "Chișinău · Iași · Varna · Sofia · Online"). Drawn from the
    content, so that it stays true when an edition is added, and is the site's own, not another's."""
    config = site.content.site
    editions = sorted((state.edition for state in site.editions), key=lambda e: (e.start, e.slug), reverse=True)
    years = sorted({e.start.year for e in editions} | {e.end.year for e in editions})
    cities = [config.plain(e.venue.city, lang, e.original_language) for e in editions if e.venue]
    online = [gettext("Online")] if any(e.venue is None for e in editions) else []
    # one series names the site; several would not fit on a line: the site's address does
    above = config.plain(config.series[0].name, lang) if len(config.series) == 1 else \
        (urlsplit(site.urls.base_url).hostname or "")
    return CardText(series=above,
                    title=config.plain(config.title, lang),
                    dates=(f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])) if years else "",
                    place=" · ".join(dict.fromkeys([*cities, *online])))


def site_card(site: Site, lang: str, cards: bool = True) -> ShareImage:
    """The site's card in `lang`; where no cards are made (`serve`), the picture in the templates."""
    path = site_card_path(lang) if cards else SITE_CARD
    return ShareImage(site.urls.absolute(path), WIDTH, HEIGHT, site.content.site.plain(site.content.site.title, lang))


AVATAR_SIDE = 400  # pixels: link previews show a square picture from 200 × 200 up


def avatar_letters(site: Site, person: Person, lang: str) -> str:
    """A person's initials as a page in `lang` writes their name (Cyrillic on Bulgarian pages)."""
    return images.initials(site.content.site.plain(person.name, lang))


def avatar_card_path(person: Person, letters: str) -> str:
    """Where a person's shared avatar goes: one file for each way their initials are written."""
    spelled = hashlib.blake2b(letters.encode(), digest_size=4).hexdigest()
    return f"avatars/{person.id}-{spelled}.png"


def draw_avatar(ident: str, letters: str) -> bytes:
    """A person's avatar for link previews: their initials on their colour, as the pages draw it."""
    return _with_palette(_letters_avatar(letters), _avatar_palette(*images.avatar_colours(ident)))


@functools.lru_cache(maxsize=360)  # one for each hue a person's colours may have
def _avatar_palette(background: str, ink: str) -> bytes:
    return bytes(_blend(background, ink))


@functools.lru_cache(maxsize=1024)  # 1 to 5 kB each: a large series' people share initials
def _letters_avatar(letters: str) -> bytes:
    """The avatar of `letters` as a PNG of the letters' coverage, each level a colour of a palette
    (`draw_avatar` gives each person's palette, from their background to their ink): a third of the
    bytes of the same drawing in RGB to compress (3x faster, and 40 % smaller). Drawn and compressed
    once for everyone with these initials, for the palette alone differs from one to another."""
    coverage = Image.new("L", (AVATAR_SIDE, AVATAR_SIDE), 0)
    ImageDraw.Draw(coverage).text((AVATAR_SIDE / 2, AVATAR_SIDE / 2), letters, fill=255, font=font(True, 150),
                                  anchor="mm")
    card = Image.frombytes("P", coverage.size, coverage.tobytes())
    card.putpalette(_blend("#000000", "#ffffff"))
    return encode(card, jpeg=False)


def _with_palette(png: bytes, palette: bytes) -> bytes:
    """A PNG drawn with a palette of 256 colours, with `palette` in its place: the file Pillow writes
    for the same picture in those colours, byte for byte (only its PLTE chunk holds them)."""
    at = 8  # after the signature, each chunk: its data's length, its type, its data, their checksum
    while png[at + 4:at + 8] != b"PLTE":
        if at >= len(png):
            raise ValueError("a PNG without a palette")
        at += 12 + int.from_bytes(png[at:at + 4], "big")
    length = int.from_bytes(png[at:at + 4], "big")
    chunk = b"PLTE" + palette
    if length != len(palette):
        raise ValueError(f"a palette of {len(palette) // 3} colours for a PNG of {length // 3}")
    return png[:at + 4] + chunk + zlib.crc32(chunk).to_bytes(4, "big") + png[at + 12 + length:]


def _blend(background: str | tuple[int, int, int], ink: str | tuple[int, int, int],
           level: int | None = None) -> list[int]:
    """The 256 colours from `background` (none of the ink) to `ink` (all of it), as Pillow blends
    a glyph's edge into a picture, in RGB; or only the one at `level`."""
    start, end = ([int(colour[i:i + 2], 16) for i in (1, 3, 5)] if isinstance(colour, str) else list(colour)
                  for colour in (background, ink))
    levels = range(256) if level is None else (level,)
    return [round(b + (e - b) * at / 255) for at in levels for b, e in zip(start, end, strict=True)]


def person_share_image(site: Site, person: Person, lang: str, cards: bool = True) -> ShareImage:
    """What a person's page shares: their photo as the person page shows it (its JPEG or PNG, which
    every link preview reads); without a photo, their initials avatar as a PNG (link previews read
    no SVG), or the site's card where no cards are made (`serve`)."""
    if person.photo is None or person.photo.format == "SVG":
        if not cards:
            return site_card(site, lang, cards)
        name = site.content.site.plain(person.name, lang)
        path = avatar_card_path(person, avatar_letters(site, person, lang))
        return ShareImage(site.urls.absolute(path), AVATAR_SIDE, AVATAR_SIDE, name)
    record(person.photo.file)
    shown = images.renditions(person.photo, "portrait")
    largest = max((v for v in shown.variants if v.format != "WEBP"), key=lambda v: v.width)
    alt = person.photo.alt or person.name
    return ShareImage(site.urls.absolute(largest.path), largest.width, largest.height,
                      site.content.site.plain(alt, lang))


def share_image(site: Site, plan: PagePlan, gettext: Callable[[str], str], cards: bool = True,
                edition_slug: str | None = None) -> ShareImage:
    """The picture a page shares: the pages of an edition (`edition_slug`: its own page, agenda,
    speakers and sessions) share its card in their language (the site's card when no cards are
    made, as in `serve`); a person's page, theirs; any other page, the site's."""
    if edition_slug is not None and edition_slug in site.by_slug:
        if not cards:
            return site_card(site, plan.lang, cards)
        edition = site.by_slug[edition_slug].edition
        banner = edition.image is not None and edition.image.format != "SVG"
        return ShareImage(site.urls.absolute(card_path(edition, plan.lang, banner)), WIDTH, HEIGHT,
                          card_text(site, edition, plan.lang, gettext).alt)
    if plan.kind == "person" and plan.key in site.content.people:
        return person_share_image(site, site.content.people[plan.key], plan.lang, cards)
    return site_card(site, plan.lang, cards)


@functools.cache
def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` pixels, laid out by Pillow's own engine: the same on every machine,
    whether or not libraqm is installed."""
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, most: int | None = None) -> list[str]:
    """Words on lines no wider than `width`; a word wider than a line is cut. With `most`, it stops
    at the line after `most`: the lines beyond cannot be shown."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(candidate) <= width:
            lines[-1] = candidate
            continue
        while len(word) > 1 and (cut := _fitting(word, face, width)) < len(word):
            if most is not None and len(lines) > most:
                return lines
            lines.append(word[:cut])
            word = word[cut:]
        lines.append(word)
        if most is not None and len(lines) > most:
            return lines
    return lines


def _fitting(word: str, face: ImageFont.FreeTypeFont, width: int) -> int:
    """The length of the longest start of `word` no wider than `width`: all of it when it fits, and
    at least one letter. Found by doubling a start until it no longer fits, then halving between,
    so that little more than the start itself is measured: measuring the whole word, and cutting a
    letter at a time, took minutes for a word of 2,000 letters (a translation, a site's host name)."""
    low, high = 1, 2  # word[:low] is taken (fitting, or the least); word[:high] does not fit, once tried
    while high <= len(word) and face.getlength(word[:high]) <= width:
        low, high = high, high * 2
    if high > len(word):  # the whole word, when it fits (marks that take no room, say)
        if face.getlength(word) <= width:
            return len(word)
        high = len(word)
    while high - low > 1:
        middle = (low + high) // 2
        if face.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle
    return low


def fitted(text: str, bold: bool, sizes: tuple[int, ...], width: int, most: int) -> tuple[ImageFont.FreeTypeFont,
                                                                                          list[str]]:
    """The largest of `sizes` at which `text` takes at most `most` lines; at the smallest, the
    lines after `most` are left out and the last one ends in an ellipsis."""
    for size in sizes:
        face = font(bold, size)
        lines = wrap(text, face, width, most)
        if len(lines) <= most:
            return face, lines
    lines = lines[:most]
    while lines[-1] and face.getlength(lines[-1] + "…") > width:
        lines[-1] = lines[-1][:-1]
    lines[-1] = lines[-1].rstrip() + "…"
    return face, lines


def banner_image(banner: Image.Image | pathlib.Path | str) -> Image.Image:
    """The banner upright, in RGB, cropped to fill the card's right side."""
    if isinstance(banner, Image.Image):
        picture = ImageOps.exif_transpose(banner)
    else:
        with Image.open(banner) as opened:
            picture = ImageOps.exif_transpose(opened)
            picture.load()
    return ImageOps.fit(picture.convert("RGB"), (BANNER_WIDTH, HEIGHT), Image.Resampling.LANCZOS)


@dataclasses.dataclass(frozen=True)
class Line:
    """One line of a card's text: where it starts, in which face and colour."""

    xy: tuple[int, int]
    text: str
    face: ImageFont.FreeTypeFont
    colour: tuple[int, int, int]


def layout(text: CardText, width: int) -> list[Line]:
    """The card's lines, top to bottom, in a column `width` pixels wide from the left margin: the
    series, the title on up to three lines, the dates and the place."""
    lines: list[Line] = []
    y = 140
    series_face, series_lines = fitted(text.series, False, (30, 26), width, 1)
    lines += [Line((MARGIN, y), series_lines[0], series_face, SOFT)] if series_lines else []
    y += 58
    title_face, title_lines = fitted(text.title, True, (72, 64, 56, 50, 44), width, 3)
    for line in title_lines:
        lines.append(Line((MARGIN, y), line, title_face, INK))
        y += round(title_face.size * 1.18)
    y += 24
    for line in (text.dates, text.place):  # (the site's card, before its first edition, has neither)
        face, found = fitted(line, False, (36, 32, 28), width, 1)
        lines += [Line((MARGIN, y), found[0], face, SOFT)] if found else []
        y += 52
    return lines


DOT_BOXES = tuple((MARGIN + index * 56, 70, MARGIN + index * 56 + 36, 106) for index in range(len(DOTS)))


def draw(text: CardText, banner: Image.Image | pathlib.Path | str | None = None) -> bytes:
    """The card's bytes: a PNG, or a JPEG with a banner, under MAX_BYTES and the same on every run."""
    if banner is None:
        return encode(paletted(layout(text, WIDTH - 2 * MARGIN)), jpeg=False)
    card = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    card.paste(banner_image(banner), (WIDTH - BANNER_WIDTH, 0))
    pen = ImageDraw.Draw(card)
    for box, colour in zip(DOT_BOXES, DOTS, strict=True):
        pen.ellipse(box, fill=colour)
    for line in layout(text, WIDTH - BANNER_WIDTH - MARGIN // 2 - MARGIN):
        pen.text(line.xy, line.text, font=line.face, fill=line.colour)
    return encode(card, jpeg=True)


# A card without a banner is drawn with a palette, like an avatar: a third of the bytes of RGB to
# compress (its PNG in under a third of the time, and half the size; 300 editions have 900 cards).
# Its 256 colours: the background blended into the ink at 128 levels of the letters' coverage
# (0-127), into the soft colour at 126 levels (128-253), and the two coloured dots (the white one is
# the ink). Pillow blends a letter's edge at 256 levels: no pixel is more than 1 off in any channel.
INK_LEVELS, SOFT_LEVELS = 128, 126
PALETTE = [
    *(value for level in range(INK_LEVELS) for value in _blend(BACKGROUND, INK, round(level * 255 / (INK_LEVELS - 1)))),
    *(value for level in range(SOFT_LEVELS)
      for value in _blend(BACKGROUND, SOFT, round(level * 255 / (SOFT_LEVELS - 1)))),
    *DOTS[0], *DOTS[2],
]
INK_INDEX = [round(coverage * (INK_LEVELS - 1) / 255) for coverage in range(256)]
SOFT_INDEX = [INK_LEVELS + round(coverage * (SOFT_LEVELS - 1) / 255) if coverage else 0 for coverage in range(256)]


def paletted(lines: list[Line]) -> Image.Image:
    """The card without a banner, in its palette (`PALETTE`): each colour's letters are drawn as
    their coverage, which picks one of that colour's levels."""
    coverage = {colour: Image.new("L", (WIDTH, HEIGHT), 0) for colour in (INK, SOFT)}
    for line in lines:
        ImageDraw.Draw(coverage[line.colour]).text(line.xy, line.text, font=line.face, fill=255)
    ImageDraw.Draw(coverage[INK]).ellipse(DOT_BOXES[1], fill=255)  # the white dot
    # the soft levels' indices are above the ink's: where a pixel has soft letters, they are kept
    indices = ImageChops.lighter(coverage[INK].point(INK_INDEX), coverage[SOFT].point(SOFT_INDEX))
    card = Image.frombytes("P", indices.size, indices.tobytes())
    card.putpalette(PALETTE)
    pen = ImageDraw.Draw(card)
    pen.ellipse(DOT_BOXES[0], fill=len(PALETTE) // 3 - 2)
    pen.ellipse(DOT_BOXES[2], fill=len(PALETTE) // 3 - 1)
    return card


def encode(card: Image.Image, jpeg: bool) -> bytes:
    """PNG or JPEG bytes with no metadata at all; a JPEG loses quality until it fits MAX_BYTES."""
    for quality in (88, 80, 72, 64, 56, 48, 40):
        buffer = io.BytesIO()
        if jpeg:
            card.save(buffer, "JPEG", quality=quality, optimize=True)
        else:
            card.save(buffer, "PNG")  # drawn with a palette: a card about 20 kB, an avatar 4 kB
        if not jpeg or buffer.tell() <= MAX_BYTES:
            return buffer.getvalue()
    return buffer.getvalue()
