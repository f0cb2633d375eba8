"""sitemap.xml: every page that is a real translation, with its alternates. A site of more pages
than one sitemap file should hold (`discovery.SITEMAP_PART`) has them in sitemaps/1.xml, 2.xml…,
and sitemap.xml lists those files."""

from __future__ import annotations

from collections.abc import Iterator

from .. import discovery
from ..site import Site
from .base import Env, Export, Job


def plan(site: Site) -> Iterator[Job]:
    parts = discovery.sitemap_parts(site)
    yield Job("sitemap.xml", 0 if parts == 1 else None)
    if parts > 1:
        yield from (Job(discovery.sitemap_part_path(number), number) for number in range(1, parts + 1))


def make(job: Job, env: Env) -> bytes:
    return discovery.sitemap_index(env.site) if job.subject is None else discovery.sitemap(env.site, job.subject)


UNIT = Export("sitemap", plan, make, wide=True)
