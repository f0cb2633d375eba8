"""What an image file is, read once by load: its format, size, digest and faults.

`inspect` looks at a file's bytes without trusting them: Pillow reads only the header before the
decompression-bomb check (`opened`), a JPEG is decoded at an eighth of its size (enough to find a
file cut short), and an SVG is parsed by defusedxml, which refuses entities and external
references, then checked for what could run or load another file in a visitor's browser
(`check_svg`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import re
import warnings
import xml.sax
from collections.abc import Iterator

from PIL import Image, UnidentifiedImageError

RASTER = ("JPEG", "PNG", "WEBP")
# attributes that name another file (href and xlink:href, and those of web page elements): only a
# "#fragment" (inside the file) is allowed
SVG_NS_ATTRIBUTES = ("href", "src", "srcset", "poster", "action", "formaction", "data", "background", "ping")
FORBIDDEN_ELEMENTS = ("script", "foreignobject", "handler", "listener", "iframe", "embed", "object")
ANIMATIONS = ("set", "animate", "animatemotion", "animatetransform", "animatecolor")  # may set an attribute
# web page elements, which a browser renders inside an SVG too (an <img>, a <meta> refresh…)
WEB_PAGE_NAMESPACES = ("http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML")
_URL_IN_VALUE = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.I)


@dataclasses.dataclass(frozen=True)
class Fault:
    """Something wrong with an image file; reported at the field that names it, or at `line` of
    the file itself (an SVG's element)."""

    message: str
    hint: str
    severity: str = "error"
    line: int | None = None
    column: int = 0


@dataclasses.dataclass(frozen=True)
class ImageFile:
    """What load learned of one image file."""

    path: str  # relative to the project: "content/people/ana-popescu.jpg"
    size: int  # bytes
    digest: str  # of its bytes: names its renditions, keys their cache
    format: str | None  # JPEG, PNG, WEBP, SVG; None when it could not be read
    width: int = 0  # as shown: after its EXIF orientation
    height: int = 0
    alpha: bool = False
    faults: tuple[Fault, ...] = ()


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@contextlib.contextmanager
def strict_decoding() -> Iterator[None]:
    """Pillow refusing cut-short images while inside, whatever another library set for the process
    (importing WeasyPrint, for the printed programmes, turns the refusal off for good)."""
    from PIL import ImageFile as PillowImageFile
    saved = PillowImageFile.LOAD_TRUNCATED_IMAGES
    PillowImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        PillowImageFile.LOAD_TRUNCATED_IMAGES = saved


def opened(data: bytes) -> Image.Image:
    """An image's bytes opened, its header only read. More pixels than Pillow's limit raise
    `DecompressionBombError` before anything is decoded (a 700 kB PNG can hold 169 million pixels),
    and nothing is printed: Pillow only warns below twice its limit."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError:  # over twice the limit: Pillow's own words, its own number
            raise Image.DecompressionBombError(f"more than twice the {Image.MAX_IMAGE_PIXELS:,} pixels a picture "
                                               "may have") from None
    if image.width * image.height > (Image.MAX_IMAGE_PIXELS or 0):
        image.close()
        raise Image.DecompressionBombError(f"{image.width:,} × {image.height:,} pixels, over the "
                                           f"{Image.MAX_IMAGE_PIXELS:,} a picture may have")
    return image


def inspect(path: str, data: bytes) -> ImageFile:
    """An image file's format, size and faults, from its bytes."""
    digest = digest_of(data)
    if path.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>", b"<!--"):
        width, height, faults = check_svg(data)
        return ImageFile(path, len(data), digest, "SVG", width, height, True, tuple(faults))
    try:
        with strict_decoding(), opened(data) as image:
            fmt, (width, height) = image.format, image.size
            if image.getexif().get(0x0112) in (5, 6, 7, 8):  # turned a quarter: shown the other way
                width, height = height, width
            alpha = has_alpha(image)
            if fmt not in RASTER:
                return ImageFile(path, len(data), digest, None, faults=(Fault(
                    f"this is a {fmt} image; the site shows JPEG, PNG, WebP and SVG",
                    "save it as JPEG (a photo), PNG (a logo or drawing) or SVG"),))
            if fmt == "JPEG":
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))  # still reads it all
            image.load()
    except Image.DecompressionBombError:
        return ImageFile(path, len(data), digest, None, faults=(Fault(
            f"this image has too many pixels to be opened safely (over {Image.MAX_IMAGE_PIXELS:,})",
            "save it again at a smaller size, for example 2000 pixels on its longer side"),))
    except UnidentifiedImageError:
        return ImageFile(path, len(data), digest, None, faults=(Fault(
            "this file is not an image the site can show",
            "save it as JPEG (a photo), PNG (a logo or drawing), WebP or SVG"),))
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return ImageFile(path, len(data), digest, None, faults=(Fault(
            f"this image cannot be read: it is damaged or cut short ({error})",
            "open it in an image program and save it again, or copy it again from where it came from"),))
    return ImageFile(path, len(data), digest, fmt, width, height, alpha)


def has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (
        image.mode in ("P", "L", "RGB") and "transparency" in image.info)


class _SvgCheck(xml.sax.ContentHandler):
    """Finds what an SVG must not hold, each at its line."""

    def __init__(self) -> None:
        super().__init__()
        self.faults: list[Fault] = []
        self.root: dict[str, str] | None = None
        self.locator: xml.sax.xmlreader.Locator | None = None
        self.in_style = 0
        # a style's text, checked whole at its end: the parser gives it in pieces wherever a character
        # reference, a CDATA section or a comment stands, and a browser joins them (u&#114;l( is url()
        self.style: list[str] = []
        self.style_at: tuple[int, int] = (1, 0)
        self.namespaces: list[dict[str, str]] = [{}]  # prefix to namespace, for each open element

    def setDocumentLocator(self, locator: xml.sax.xmlreader.Locator) -> None:
        self.locator = locator

    def line(self) -> int:
        return self.locator.getLineNumber() if self.locator else 1

    def where(self) -> tuple[int, int]:
        return self.line(), (self.locator.getColumnNumber() + 1) if self.locator else 0

    def fault(self, message: str, hint: str, at: tuple[int, int] | None = None) -> None:
        line, column = at or self.where()
        self.faults.append(Fault(message, hint, line=line, column=column))

    def startElement(self, name: str, attrs: xml.sax.xmlreader.AttributesImpl) -> None:
        local = name.rsplit(":", 1)[-1].lower()
        declared = {key.partition(":")[2]: value for key, value in attrs.items() if key.split(":")[0] == "xmlns"}
        self.namespaces.append(self.namespaces[-1] | declared)
        if self.namespaces[-1].get(name.rpartition(":")[0]) in WEB_PAGE_NAMESPACES:
            self.fault(f"this SVG holds a web page's element (<{name}>), which can load other files or run "
                       "scripts in visitors' browsers", "export the logo again as plain shapes, or send a PNG instead")
        if self.root is None:
            self.root = dict(attrs.items())
            if local != "svg":
                self.fault(f"this file's first element is <{name}>, not <svg>", "save the logo as a real SVG file")
        if local in FORBIDDEN_ELEMENTS:
            what = "a script" if local in ("script", "handler", "listener") else f"a <{name}> element"
            self.fault(f"this SVG holds {what}, which could run in visitors' browsers",
                       "export the logo again as plain shapes (in Inkscape: Save as > Optimized SVG), "
                       "or send a PNG instead")
        if local == "style" and not self.in_style:
            self.style, self.style_at = [], self.where()
        self.in_style += local == "style"
        animated = attrs.get("attributeName", "").rsplit(":", 1)[-1].lower()
        if local in ANIMATIONS and animated in SVG_NS_ATTRIBUTES:
            self.fault(f"this SVG animates its {animated} attribute, which can load another file",
                       "remove the animation, or export the logo again as plain shapes")
        for attribute, value in attrs.items():
            key = attribute.rsplit(":", 1)[-1].lower()
            if key.startswith("on"):
                self.fault(f"this SVG has an event handler ({attribute}), a script that could run in "
                           "visitors' browsers", "remove the attribute, or export the logo again as plain shapes")
            elif "javascript:" in re.sub(r"\s", "", value).lower():
                self.fault(f"this SVG has a script in its {attribute} attribute",
                           "remove the attribute, or export the logo again as plain shapes")
            elif key in SVG_NS_ATTRIBUTES and not value.strip().startswith("#"):
                self.fault(f"this SVG points to something outside itself ({attribute}={value[:60]!r})",
                           "embed what it shows in the file, or send a PNG instead")
            else:
                self._urls(value, css=key == "style" or "(" in value)

    def processingInstruction(self, target: str, data: str) -> None:
        self.fault(f"this SVG holds a processing instruction (<?{target} …?>), which can load another file",
                   "remove the line starting with <?" + target)

    def endElement(self, name: str) -> None:
        ends_style = name.rsplit(":", 1)[-1].lower() == "style"
        self.in_style -= ends_style
        if ends_style and not self.in_style:
            text = "".join(self.style)
            if "@import" in text.lower():
                self.fault("this SVG's style imports another file", "remove the @import line", self.style_at)
            self._urls(text, css=True, at=self.style_at)
        self.namespaces.pop()

    def characters(self, content: str) -> None:
        if self.in_style:
            self.style.append(content)

    def _urls(self, value: str, css: bool, at: tuple[int, int] | None = None) -> None:
        """Check a style, or an attribute's value, for what loads another file; `css`: a browser may
        read it as CSS (a style, or a value with a function in it), where a '\\' is an escape."""
        if css and "\\" in value:  # u\rl( and @\69mport are url( and @import to a browser, not to this check
            self.fault("this SVG's style writes a character as an escape (\\), which can hide a link to "
                       "another file", "export the logo again as plain shapes, or send a PNG instead", at)
        if "image-set(" in value.lower():
            self.fault("this SVG's style uses image-set(), which can load another file",
                       "embed what it shows in the file, or send a PNG instead", at)
        for target in _URL_IN_VALUE.findall(value):
            if not target.startswith("#"):
                self.fault(f"this SVG points to something outside itself (url({target[:60]}))",
                           "embed what it shows in the file, or send a PNG instead", at)


def check_svg(data: bytes, sized: bool = True) -> tuple[int, int, list[Fault]]:
    """An SVG's shown size (from width and height, else its viewBox) and what is wrong with it;
    without `sized` (a download, not a picture the pages lay out), giving no size is not wrong."""
    import defusedxml.sax  # here: it loads xml.sax's utilities, and those urllib.request (16 ms a build)

    handler = _SvgCheck()
    try:
        defusedxml.sax.parseString(data, handler, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as error:
        kind = "an entity declaration" if isinstance(error, defusedxml.EntitiesForbidden) else "an external reference"
        handler.fault(f"this SVG holds {kind} ({type(error).__name__}), which can be used to attack the build "
                      "or visitors", "export the logo again without a DOCTYPE, or send a PNG instead")
        return 0, 0, handler.faults
    except xml.sax.SAXParseException as error:
        return 0, 0, [*handler.faults, Fault(f"this SVG is not well-formed XML ({error.getMessage()})",
                                             "export it again from the drawing program", line=error.getLineNumber(),
                                             column=error.getColumnNumber() + 1)]
    except (xml.sax.SAXException, ValueError) as error:
        return 0, 0, [*handler.faults, Fault(f"this SVG cannot be read ({error})", "export it again")]
    width, height = svg_size(handler.root or {})
    if sized and not (width and height) and not handler.faults:
        handler.faults.append(Fault("this SVG gives no size (no width and height, no viewBox)",
                                    "add a viewBox, like viewBox=\"0 0 200 80\", to its <svg> element", line=1))
    return width, height, handler.faults


def svg_size(root: dict[str, str]) -> tuple[int, int]:
    def number(text: str | None) -> float:
        match = re.match(r"\s*([0-9.]+)\s*(px)?\s*$", text or "")
        return float(match[1]) if match else 0.0
    width, height = number(root.get("width")), number(root.get("height"))
    box = re.split(r"[\s,]+", root.get("viewBox", "").strip())
    if not (width and height) and len(box) == 4:
        with contextlib.suppress(ValueError):
            width, height = float(box[2]), float(box[3])
    return round(width), round(height)


