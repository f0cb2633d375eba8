"""sitemap.xml: every page that is a real translation, with its alternates."""

from __future__ import annotations

from collections.abc import Iterator

from .. import discovery
from ..site import Site
from .base import Env, Export, Job


def plan(site: Site) -> Iterator[Job]:
    yield Job("sitemap.xml")


def make(job: Job, env: Env) -> bytes:
    return discovery.sitemap(env.site)


UNIT = Export("sitemap", plan, make)
