"""The renditions of every picture (photos, logos, banners, venues), under images/: turned upright
by their EXIF orientation, converted to sRGB, stripped of every piece of metadata (EXIF, GPS, XMP,
ICC), cropped and resized to the sizes the templates show, as WebP with a JPEG (or, with
transparency, PNG) fallback. A checked SVG is copied as it is.

Pillow's work is kept in the project's .cache/images/, keyed by the source's content and the
recipe, so an unchanged picture is never processed twice, whatever else changed. Encoder settings
are fixed and nothing carries a timestamp: two builds give the same bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import pathlib
from collections.abc import Iterable, Iterator

import PIL
from PIL import Image, ImageCms, ImageOps

from ..cache_folder import FOLDER as CACHE_FOLDER
from ..cache_folder import keep, read_entry, used
from ..image_files import has_alpha
from ..images import Rendition, Variant, every_rendition
from ..kept import Last
from ..model import Picture
from ..problems import Problem, Where
from ..recording import record
from ..site import Site
from .base import Env, Job, Output

try:
    import fcntl  # POSIX: render processes take turns on a picture; elsewhere they may both make it
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

RECIPE = "confsite-images-2"  # change it when the processing below changes: every rendition is made again
ENTRY = b"confsite-image-1\n"  # the first bytes of a cached rendition
SRGB = ImageCms.createProfile("sRGB")
QUALITY = {"WEBP": {"quality": 80, "method": 4}, "JPEG": {"quality": 82, "optimize": True, "progressive": True,
                                                         "subsampling": 2}, "PNG": {"optimize": True}}
# for dense (2x) screens: their pixels are half as large, so coarser compression does not show, and
# the page stays within its image budget on a phone
DENSE = {"WEBP": {"quality": 60}, "JPEG": {"quality": 65}, "PNG": {}}


def pictures(site: Site) -> Iterator[Picture]:
    """Every picture a page of the site may show."""
    content = site.content
    for person in content.people.values():
        if person.photo:
            yield person.photo
    for organisation in content.organisations.values():
        if organisation.logo:
            yield organisation.logo
    for state in site.editions:
        edition = state.edition
        if edition.image:
            yield edition.image
        if edition.venue and edition.venue.image:
            yield edition.venue.image


def prepared(data: bytes, scale: float = 1.0) -> Image.Image:
    """The source's pixels only: upright, in sRGB (from its embedded colour profile, when it has
    one), with nothing else of the file kept. A JPEG is decoded at the smallest of its built-in
    reductions (1/2, 1/4, 1/8) that is still `scale` of its size or more: far faster, and as sharp
    for the renditions, which are all smaller."""
    with Image.open(io.BytesIO(data)) as opened:
        if scale < 1 and opened.format == "JPEG":
            opened.draft(opened.mode, (math.ceil(opened.width * scale), math.ceil(opened.height * scale)))
        opened.load()
        image = ImageOps.exif_transpose(opened)
    mode = "RGBA" if has_alpha(image) else "RGB"
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        with contextlib.suppress(ImageCms.PyCMSError, OSError, ValueError, TypeError):  # a broken profile:
            image = ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB,
                                              outputMode=mode)  # its colours are taken as sRGB
    image = image.convert(mode)
    return Image.frombytes(mode, image.size, image.tobytes())


def dense(rendition: Rendition, variant: Variant) -> bool:
    """Whether a variant is for screens with more than one pixel per CSS pixel."""
    return variant.width > rendition.width


def encode(image: Image.Image, variant: Variant, for_dense: bool, factor: float = 1.0) -> bytes:
    """One rendition of the prepared source, which is `factor` times the size the boxes are measured in."""
    box = (variant.box[0] * factor, variant.box[1] * factor, variant.box[2] * factor, variant.box[3] * factor)
    resized = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    buffer = io.BytesIO()
    resized.save(buffer, variant.format, **(QUALITY[variant.format] | (DENSE[variant.format] if for_dense else {})))
    return buffer.getvalue()


def decode_scale(picture: Picture) -> float:
    """How large the source is decoded for its renditions (`prepared`): the largest any of them needs.
    A picture used as a banner and as a venue's is decoded at other sizes, so its renditions of the
    same size differ by a few pixels: the scale is part of each one's key."""
    return max(v.width / (v.box[2] - v.box[0]) for each in every_rendition(picture) for v in each.variants)


def _key(picture: Picture, rendition: Rendition, variant: Variant, scale: float) -> str:
    """A rendition's key: what it is made of and how; `scale`, the picture's `decode_scale`."""
    recipe = (f"{RECIPE}|{PIL.__version__}|{picture.digest}|{variant.format}|{variant.width}x{variant.height}"
              f"|{variant.box}|{dense(rendition, variant)}|{scale!r}")
    return hashlib.blake2b(recipe.encode(), digest_size=20).hexdigest()


class Renditions:
    """Made once per source: every rendition of a picture, from .cache/images/ or from Pillow.

    With `made_now` (a build with --no-cache), only what this process made during the build is read
    back; everything else is made again and saved afresh."""

    def __init__(self, root: pathlib.Path, made_now: set[str] | None = None) -> None:
        self.folder = root / CACHE_FOLDER / "images"
        self.notes: list[Problem] = []
        self.made_now = made_now

    def _path(self, key: str) -> pathlib.Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> bytes | None:
        if self.made_now is not None and key not in self.made_now:
            return None
        try:
            raw, modified = read_entry(self._path(key))
        except OSError:
            return None
        checksum, _, data = raw.removeprefix(ENTRY).partition(b"\n")
        if not raw.startswith(ENTRY) or hashlib.blake2b(data, digest_size=20).hexdigest().encode() != checksum:
            self.notes.append(Problem(Where(self._path(key).relative_to(self.folder.parent.parent).as_posix()),
                                      "a saved picture could not be read: it was made again",
                                      "nothing to do; delete .cache/ to start afresh", severity="note"))
            return None
        used(self._path(key), modified)
        return data

    def put(self, key: str, data: bytes) -> None:
        if self.made_now is not None:
            self.made_now.add(key)
        keep(self._path(key), ENTRY + hashlib.blake2b(data, digest_size=20).hexdigest().encode() + b"\n" + data)

    def make(self, picture: Picture, rendition: Rendition, variant: Variant, source: pathlib.Path) -> bytes:
        """One rendition; when it is not saved yet, every rendition of its picture is made and
        saved, so the source is read and decoded once."""
        key = _key(picture, rendition, variant, decode_scale(picture))
        found = self.get(key)
        if found is not None:
            return found
        with self._turn(picture):  # another render process may be making them: wait, then take its work
            found = self.get(key)
            return found if found is not None else self._make_all(picture, variant, source)

    @contextlib.contextmanager
    def _turn(self, picture: Picture) -> Iterator[None]:
        """One process at a time makes a picture's renditions (a lock file; none where it cannot be made)."""
        if fcntl is None:
            yield
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = open(self.folder / f".{picture.digest}.lock", "wb")  # noqa: SIM115 - held until the end
        except OSError:
            yield
            return
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield

    def _make_all(self, picture: Picture, variant: Variant, source: pathlib.Path) -> bytes:
        every = list(every_rendition(picture))
        scale = decode_scale(picture)
        image = prepared(source.read_bytes(), scale)
        factor = image.width / picture.width
        wanted = b""
        for each in every:
            for other in each.variants:
                data = encode(image, other, dense(each, other), factor)
                self.put(_key(picture, each, other, scale), data)
                if other == variant:
                    wanted = data
        return wanted


class Images:
    name = "images"
    cached = False  # kept in .cache/images/ by content instead: a template change does not touch them
    exact_clock = False

    def __init__(self) -> None:
        self.last: Last[tuple[Job, ...]] = Last()  # while the people, organisations and editions are the same

    def jobs(self, env: Env) -> Iterable[Job]:
        content = env.site.content
        return self.last.get((content.people.data, content.organisations.data, *env.site.editions),
                             lambda: tuple(self._jobs(env.site)))

    def _jobs(self, site: Site) -> Iterator[Job]:
        seen: set[str] = set()
        for picture in pictures(site):
            for rendition in every_rendition(picture):
                for variant in rendition.variants:
                    if variant.path not in seen:
                        seen.add(variant.path)
                        yield Job(variant.path, (picture, rendition, variant))

    def render(self, job: Job, env: Env) -> Output | None:
        picture, rendition, variant = job.subject
        record(picture.file)
        if variant.format == "SVG":
            return Output(job.path, copy_from=env.root / picture.file)
        made = Renditions(env.root, env.fresh_pictures)
        try:
            data = made.make(picture, rendition, variant, env.root / picture.file)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            env.problems.append(Problem(picture.where, f"this picture could not be processed ({error})",
                                        "open it in an image program and save it again"))
            return None
        env.problems.extend(made.notes)
        return Output(job.path, data=data)


UNIT = Images()
