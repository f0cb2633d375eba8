"""sitemap.xml: every page that is a real translation, with its alternates."""

from __future__ import annotations

from collections.abc import Iterator

from .. import discovery
from ..resolve import Site
from .base import Env, Export, Job


def every_content_input(site: Site) -> tuple[str, ...]:
    """site.yaml and every content file some page is made from: what a site-wide listing shows."""
    inputs = ("site.yaml", *(path for plan in site.pages for path in plan.inputs if path.startswith("content/")))
    return tuple(dict.fromkeys(inputs))


def plan(site: Site) -> Iterator[Job]:
    yield Job("sitemap.xml", every_content_input(site))


def make(job: Job, env: Env) -> bytes:
    return discovery.sitemap(env.site)


UNIT = Export("sitemap", plan, make)
