"""Pictures: the renditions a page shows of an image file, and the initials avatar of a person
without a photo. (What an image file is, read once by load, is `image_files`.)

`renditions` is the one rule for which files a picture is published as and at which sizes; the
output unit that makes them and the templates that show them both ask it.
"""

from __future__ import annotations

import colorsys
import dataclasses
import functools
import hashlib
import re
from collections.abc import Iterator

from markupsafe import Markup

from . import characters
from .model import Picture

FOLDER = "images"  # where renditions are published, relative to the site root


# --- renditions ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Size:
    """A place a picture is shown at: a box in CSS pixels, cropped square or fitted, at 1× and
    2× (`widths`: None), or at several widths for a picture as wide as the page (`sizes`)."""

    name: str
    width: int
    height: int | None = None  # the box's height, for a fitted picture (a logo); None: by its shape
    square: bool = False
    widths: tuple[int, ...] | None = None
    sizes: str | None = None


SIZES = {size.name: size for size in (
    Size("face", 40, square=True),  # beside a speaker on the agenda
    Size("tile", 112, square=True),  # in a grid of faces
    Size("portrait", 240),  # on the person's page
    Size("logo", 160, 64),
    Size("banner", 960, widths=(480, 960, 1440), sizes="(min-width: 62rem) 60rem, 100vw"),
    Size("card", 320, widths=(480, 960), sizes="(min-width: 40rem) 20rem, 100vw"),
    Size("venue", 640, widths=(480, 960), sizes="(min-width: 42rem) 40rem, 100vw"),
)}
# which sizes each kind of picture is shown at
SIZES_OF = {"photo": ("face", "tile", "portrait"), "logo": ("logo",), "banner": ("banner", "card"),
            "venue": ("venue",)}
AVATAR_SIZES = {"face": 40, "tile": 112, "portrait": 112}  # CSS pixels
MINIMUM = {"photo": 200, "logo": 80, "banner": 960, "venue": 480}  # pixels, on the shorter (longer for a logo) side
DEFAULT_FOCUS = (0.5, 0.35)  # where a portrait's face usually is: the middle, a third of the way down


@dataclasses.dataclass(frozen=True)
class Variant:
    path: str  # relative to the site root
    format: str  # JPEG, PNG, WEBP, SVG
    width: int
    height: int
    descriptor: str  # "2x", "960w": its place in a srcset
    box: tuple[int, int, int, int]  # the part of the upright source it shows


@dataclasses.dataclass(frozen=True)
class Rendition:
    """A picture at one size: its files (WebP first, then the fallback) and its size in CSS pixels."""

    size: Size
    width: int
    height: int
    variants: tuple[Variant, ...]

    def of(self, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == fmt)


MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "SVG": "image/svg+xml"}
SUFFIX = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "SVG": "svg"}


def crop_box(picture: Picture, size: Size) -> tuple[int, int, int, int]:
    """The part of the source a size shows: all of it, or the square around the focal point."""
    w, h = picture.width, picture.height
    if not size.square:
        return 0, 0, w, h
    side = min(w, h)
    fx, fy = picture.focus or DEFAULT_FOCUS
    left = min(max(round(fx * w - side / 2), 0), w - side)
    top = min(max(round(fy * h - side / 2), 0), h - side)
    return left, top, left + side, top + side


def renditions(picture: Picture, name: str) -> Rendition:
    """The files a picture is published as at one size, never larger than its source."""
    size = SIZES[name]
    stem = re.sub(r"[^a-z0-9-]+", "-", picture.file.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()).strip("-") or "image"
    base = f"{FOLDER}/{stem}-{picture.digest[:10]}"
    box = crop_box(picture, size)
    bw, bh = box[2] - box[0], box[3] - box[1]
    scale = size.width / bw if size.height is None else min(size.width / bw, size.height / bh)
    scale = min(scale, 1.0)  # never larger than the source: a small logo is shown at its own size
    css_w, css_h = max(1, round(bw * scale)), max(1, round(bh * scale))
    if picture.format == "SVG":
        return Rendition(size, css_w, css_h, (Variant(f"{base}.svg", "SVG", css_w, css_h, "1x", box),))
    if size.widths:
        steps = [(w, f"{w}w") for w in size.widths if w <= bw] or [(bw, f"{bw}w")]
    else:
        steps = [(css_w, "1x")]
        if bw > css_w:
            width = min(2 * css_w, bw)
            steps.append((width, f"{round(width / css_w, 2):g}x"))
    variants = []
    for fmt in ("WEBP", "PNG" if picture.alpha else "JPEG"):
        for width, descriptor in steps:
            variants.append(Variant(f"{base}-{name}-{width}.{SUFFIX[fmt]}", fmt, width,
                                    max(1, round(width * bh / bw)), descriptor, box))
    return Rendition(size, css_w, css_h, tuple(variants))


def every_rendition(picture: Picture) -> Iterator[Rendition]:
    for name in SIZES_OF[picture.kind]:
        yield renditions(picture, name)


# --- the initials avatar --------------------------------------------------------------------


def initials(name: str) -> str:
    """The first letter of the first and of the last word of a name, as written: "Ana-Maria
    Popescu" -> "AP", "Тодор Тонев" -> "ТТ"; titles like "Dr." are left out."""
    words = [w for w in re.split(r"[\s\-‐]+", characters.composed(name))
             if w and w[0].isalpha() and not w.endswith(".")]
    if not words:
        words = [w for w in name.split() if w[:1].isalnum()] or ["?"]
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def avatar_colours(ident: str) -> tuple[str, str]:
    """A light background and a dark ink for a person's avatar, from their id alone: the same on
    every build, different between people, and readable (contrast over 7:1) in light and dark mode,
    since the avatar brings its own background."""
    hue = int.from_bytes(hashlib.blake2b(ident.encode(), digest_size=4).digest(), "big") % 360 / 360
    return _hex(colorsys.hls_to_rgb(hue, 0.84, 0.55)), _hex(colorsys.hls_to_rgb(hue, 0.18, 0.6))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in rgb)


def contrast(one: str, other: str) -> float:
    """The WCAG contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@functools.lru_cache(maxsize=4096)  # a person is shown on many pages: the agenda, the sessions, the speakers
def avatar(ident: str, name: str, size: int, css_class: str) -> Markup:
    """An inline SVG circle with a person's initials, hidden from screen readers: their name is
    always written beside it."""
    background, ink = avatar_colours(ident)
    return Markup('<svg class="avatar {}" width="{}" height="{}" viewBox="0 0 40 40" aria-hidden="true">'
                  '<circle cx="20" cy="20" r="20" fill="{}"/><text x="20" y="25.5" '
                  'text-anchor="middle" font-size="15" font-weight="600" fill="{}">{}</text></svg>').format(
        css_class, size, size, background, ink, initials(name))
