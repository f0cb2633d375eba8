"""Validate stage, pictures: a `photo`, `logo` or `image` field -> a `Picture`, with every problem
of the field and of the file it names (as load inspected it) at the line that shows it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import fields as f
from .image_files import ImageFile
from .images import MINIMUM
from .model import Picture, Text
from .problems import Problem, Where
from .suggestions import suggest_file
from .value_hints import as_written

SHAPE = "write it as a block: 'file: name.jpg' and 'alt:' with a short description in each language"


def _focus(value: Any, where: Where) -> tuple[float, float]:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1 for v in value)):
        raise f.Invalid(f"expected two fractions between 0 and 1, got {as_written(value)}",
                        "write where the face is, across then down: [0.5, 0.3] is the middle, near the top")
    return float(value[0]), float(value[1])


def _file_name(value: Any, where: Where) -> str:
    name = f.string(value, where)
    if "/" in name or "\\" in name or name.startswith("."):
        raise f.Invalid(f"{name!r} must be the name of a file beside this one, without a folder",
                        "put the picture in the same folder as this file and write only its name")
    return name


def picture(kind: str, folder: str, images: Mapping[str, ImageFile], alt: f.Converter[Text],
            credit: f.Converter[Text], problems: list[Problem], max_kb: int) -> f.Converter[Picture | None]:
    """The converter of one kind of picture field; `folder` is where its file must be."""
    what = {"photo": "a photo", "logo": "a logo", "banner": "an image", "venue": "an image"}[kind]

    def convert(value: Any, where: Where) -> Picture | None:
        if not isinstance(value, dict):
            raise f.Invalid(f"{what} needs its file and its alt text, for visitors who cannot see it", SHAPE)
        v = f.Fields(value, where, problems, what)
        name = v.take("file", _file_name)
        text = v.take("alt", alt, None)
        if not v.has("alt"):
            problems.append(Problem(v.where, f"{what} needs alt text: a short description of what it shows, "
                                    "read to visitors who cannot see it", "add 'alt:' with a line in each language"))
        result = Picture(kind, f"{folder}/{name}" if name else "", text, v.take("credit", credit, None),
                         v.take("focus", _focus, None) if kind == "photo" else None, "", 0, 0, False, "", v.at("file"))
        v.done()
        return checked(result, images, problems, max_kb) if name else None
    return convert


def checked(found: Picture, images: Mapping[str, ImageFile], problems: list[Problem], max_kb: int) -> Picture | None:
    """The picture with what load learned of its file; None when the file is missing or unusable
    (each reason a problem: at the field's line, or at the SVG's own line)."""
    at, name = found.where, found.file.rsplit("/", 1)[-1]
    folder = found.file.rsplit("/", 1)[0]
    image = images.get(found.file)
    if image is None:
        beside = [path.rsplit("/", 1)[-1] for path in images if path.rsplit("/", 1)[0] == folder]
        problems.append(Problem(at, f"there is no file {name!r} in {folder}/",
                                suggest_file(name, beside) or f"put the picture in {folder}/, or fix the name"))
        return None
    for fault in image.faults:
        place = Where(image.path, fault.line, fault.column) if fault.line else at
        problems.append(Problem(place, fault.message, fault.hint, fault.severity))
    if image.format is None or any(fault.severity == "error" for fault in image.faults):
        return None
    if found.kind == "photo" and image.format == "SVG":
        problems.append(Problem(at, "a photo must be a JPEG, PNG or WebP file, not an SVG drawing",
                                "use the photo itself; SVG suits logos"))
        return None
    least = MINIMUM[found.kind]
    side = max(image.width, image.height) if found.kind == "logo" else (
        min(image.width, image.height) if found.kind == "photo" else image.width)
    if image.format != "SVG" and side < least:
        need = {"photo": "on its shorter side", "logo": "on its longer side"}.get(found.kind, "wide")
        problems.append(Problem(at, f"this picture is {image.width}×{image.height} pixels: too small, "
                                f"a {found.kind} needs at least {least} pixels {need}",
                                "use a larger original: it is resized for the site"))
        return None
    if image.size > max_kb * 1000:
        problems.append(Problem(at, f"this picture is {image.size // 1000:,} KB, over the limit of {max_kb:,} KB",
                                "it is resized for the site anyway, but save a smaller original (2000 pixels on "
                                "its longer side is plenty), or raise 'max_image_kb' in site.yaml",
                                severity="warning"))
    return Picture(found.kind, found.file, found.alt, found.credit, found.focus, image.format, image.width,
                   image.height, image.alpha, image.digest, at)
