"""Web app manifests, one per language (`<lang>/manifest.webmanifest`), and the PNG icons they name
(`assets/app-icon-192.png`, `assets/app-icon-512.png`, drawn here after the site's icon.svg).

A visitor who adds the site to a phone's home screen opens it at the home page of the language
they were reading; the scope is the site's base path, so it works under a sub-path.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from PIL import Image, ImageDraw

from ..site import Site
from .base import Env, Export, Job

SIZES = (192, 512)
BLUE, GOLD, GREEN, WHITE = "#14507a", "#f4b942", "#7fc8a9", "#ffffff"


def manifest_path(lang: str) -> str:
    return f"{lang}/manifest.webmanifest"


def icon_path(size: int) -> str:
    return f"assets/app-icon-{size}.png"


def _plan(site: Site) -> Iterator[Job]:
    for lang in site.content.site.languages:
        yield Job(manifest_path(lang), lang)
    for size in SIZES:
        yield Job(icon_path(size), size)


def _make(job: Job, env: Env) -> bytes:
    if isinstance(job.subject, int):
        return icon(job.subject)
    site, lang = env.site, job.subject
    config = site.content.site
    name = config.plain(config.title, lang)
    manifest = {
        "name": name, "short_name": name, "lang": lang, "dir": "ltr",
        "start_url": site.urls.to(f"{lang}/"), "scope": site.urls.root, "id": site.urls.to(f"{lang}/"),
        "display": "standalone", "background_color": "#fdfcfa", "theme_color": BLUE,
        "icons": [{"src": site.urls.to("assets/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
                  *({"src": site.urls.to(icon_path(size)), "sizes": f"{size}x{size}", "type": "image/png",
                     "purpose": "any"} for size in SIZES)],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode()


def icon(size: int) -> bytes:
    """The site's icon (three linked dots on a blue tile) as a square PNG of `size` pixels."""
    unit = size / 32
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=round(7 * unit), fill=BLUE)
    centres = ((11, 12, GOLD), (21, 12, WHITE), (16, 21, GREEN))
    draw.line([(x * unit, y * unit) for x, y, _ in (*centres, centres[0])], fill=WHITE, width=max(1, round(1.5 * unit)))
    for x, y, colour in centres:
        draw.ellipse(((x - 4) * unit, (y - 4) * unit, (x + 4) * unit, (y + 4) * unit), fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


UNIT = Export("manifest", _plan, _make)
