"""Each edition's files (its files/ folder), published under files/<slug>/ as they are, and the
photos of people with a page, under files/people/, re-encoded without their metadata."""

from __future__ import annotations

import io
import pathlib
from collections.abc import Iterable

from PIL import Image, ImageOps

from ..model import photo_path, published_path, record
from ..problems import Problem, Where
from .base import Env, Job, Output

PHOTO_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}


def without_metadata(path: pathlib.Path) -> bytes:
    """The image turned upright by its EXIF orientation, then saved again with no metadata at all: a
    phone photo's GPS position, camera and date are never published."""
    with Image.open(path) as image:
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
        for person in env.site.content.people.values():
            published = photo_path(person)
            if published and person.photo and person.has_page:
                yield Job(published, env.root / person.photo)
        for state in env.site.editions:
            edition = state.edition
            folder = env.root / "content" / "editions" / edition.slug
            for file in edition.files:
                yield Job(published_path(edition.slug, file), folder / file)

    def render(self, job: Job, env: Env) -> Output | None:
        source = job.subject.relative_to(env.root).as_posix()  # the file it is copied from
        record(source)
        if job.path.startswith("files/people/"):
            try:
                return Output(job.path, data=without_metadata(job.subject))
            except (OSError, ValueError, Image.DecompressionBombError) as error:
                env.problems.append(Problem(Where(source), f"this photo cannot be read as an image ({error})",
                                            "save it again as a JPEG, PNG or WebP file"))
                return None
        return Output(job.path, copy_from=job.subject)


UNIT = Files()
