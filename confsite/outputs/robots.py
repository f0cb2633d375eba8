"""robots.txt: everything may be crawled; the sitemap's address."""

from __future__ import annotations

from collections.abc import Iterator

from .. import discovery
from ..site import Site
from .base import Env, Export, Job


def plan(site: Site) -> Iterator[Job]:
    yield Job("robots.txt")


def make(job: Job, env: Env) -> bytes:
    return discovery.robots(env.site)


UNIT = Export("robots", plan, make)
