"""Each edition's files (its files/ folder), published under files/<slug>/ as they are, except its
JPEG, PNG and WebP images (`EditionImages`), which are re-encoded upright and without their metadata.
(People's photos and the other pictures are published by `images`.)"""

from __future__ import annotations

import io
import pathlib
from collections.abc import Iterable

from PIL import Image, ImageOps, UnidentifiedImageError

from ..edition import Edition
from ..image_files import check_svg, opened
from ..kept import ByIdentity, Last
from ..problems import Problem, Where
from ..recording import record
from ..site import EditionState, published_path
from .base import Env, Job, Output

PHOTO_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def without_metadata(path: pathlib.Path) -> bytes:
    """The image turned upright by its EXIF orientation, then saved again with no metadata at all: a
    phone photo's GPS position, camera and date are never published."""
    with opened(path.read_bytes()) as image:  # too many pixels: refused before they are decoded
        upright = ImageOps.exif_transpose(image)
        format_ = PHOTO_FORMATS[path.suffix.lower()]
        if format_ == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())  # pixels only
        if upright.mode == "P":
            clean.putpalette(upright.getpalette() or [])
        if "transparency" in upright.info:
            clean.info["transparency"] = upright.info["transparency"]
        buffer = io.BytesIO()
        clean.save(buffer, format_, quality=88) if format_ != "PNG" else clean.save(buffer, format_)
        return buffer.getvalue()


class Files:
    name = "files"
    cached = False
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        return edition_files(env, images=False)

    def render(self, job: Job, env: Env) -> Output | None:
        source = job.subject.relative_to(env.root).as_posix()
        record(source)  # the file it is copied from
        if job.path.lower().endswith(".svg"):  # a drawing may hold scripts: checked like a logo
            found = check_svg(job.subject.read_bytes(), sized=False)[2]  # a download: its size is no matter
            faults = [fault for fault in found if fault.severity == "error"]
            env.problems += [Problem(Where(source, fault.line or 0, fault.column), fault.message, fault.hint)
                             for fault in faults]
            if faults:
                return None
        return Output(job.path, copy_from=job.subject)


def edition_files(env: Env, images: bool) -> tuple[Job, ...]:
    """The files of every edition's files/ folder that are images (or, with `images` false, the
    others), listed again only for an edition resolved again (`kept.ByIdentity`): one object
    while no edition was."""
    return _ALL[images].get(env.site.editions, lambda: tuple(job for _, jobs in _EACH[images].round(
        env.site.editions, lambda state: _files(env.root, state.edition, images), env.root) for job in jobs),
        given=env.root)


def _files(root: pathlib.Path, edition: Edition, images: bool) -> tuple[Job, ...]:
    """An edition's files, under files/<slug>/ and under each of its former slugs too: a link to
    its slides sent by e-mail or printed on a poster before the rename cannot follow a redirect."""
    folder = root / "content" / "editions" / edition.slug
    return tuple(Job(published_path(slug, file), folder / file) for slug in (edition.slug, *edition.former_slugs)
                 for file in edition.files if is_image(file) == images)


_EACH: dict[bool, ByIdentity[EditionState, tuple[Job, ...]]] = {False: ByIdentity(), True: ByIdentity()}
_ALL: dict[bool, Last[tuple[Job, ...]]] = {False: Last(), True: Last()}


def is_image(file: str) -> bool:
    return pathlib.PurePosixPath(file).suffix.lower() in PHOTO_FORMATS


def cleaned(job: Job, env: Env, what: str) -> Output | None:
    """The job's image without its metadata; one that cannot be read is a problem at its file."""
    source = job.subject.relative_to(env.root).as_posix()
    record(source)
    try:
        return Output(job.path, data=without_metadata(job.subject))
    except Image.DecompressionBombError as error:
        env.problems.append(Problem(Where(source), f"this {what} is too large to be opened safely ({error})",
                                    "save it again at a smaller size, for example 2000 pixels on its longer side"))
        return None
    except UnidentifiedImageError:  # (its message names a Python object)
        env.problems.append(Problem(Where(source), f"this {what} cannot be read as an image: it is damaged, cut "
                                    "short, or another kind of file under an image's name",
                                    "save it again as a JPEG, PNG or WebP file"))
        return None
    except (OSError, ValueError) as error:
        env.problems.append(Problem(Where(source), f"this {what} cannot be read as an image ({error})",
                                    "save it again as a JPEG, PNG or WebP file"))
        return None


class EditionImages:
    """The JPEG, PNG and WebP images of an edition's files/ folder, re-encoded so that no EXIF, GPS
    position, XMP or comment an editor's camera or phone wrote is published. Kept in the build
    cache by their content, so an unchanged image is encoded once."""

    name = "edition-images"
    cached = True
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        return edition_files(env, images=True)

    def render(self, job: Job, env: Env) -> Output | None:
        return cleaned(job, env, "image")


UNIT = Files()
IMAGES = EditionImages()
