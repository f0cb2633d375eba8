"""sitemap.xml: every page that is a real translation, with its alternates. A site of more pages
than one sitemap file should hold (`discovery.SITEMAP_PART`) has them in sitemaps/1.xml, 2.xml…,
and sitemap.xml lists those files."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import discovery
from ..site import Site
from .base import Env, Export, Job


@dataclasses.dataclass(frozen=True)
class SitemapFile:
    """What one file of the sitemap holds: URLs, all of them or those of one `part` (from 1), or,
    as the `index` of a sitemap in parts, the addresses of the parts."""

    part: int = 0  # 0: every URL
    index: bool = False


def plan(site: Site) -> Iterator[Job]:
    parts = discovery.sitemap_parts(site)
    yield Job("sitemap.xml", SitemapFile() if parts == 1 else SitemapFile(index=True))
    if parts > 1:
        yield from (Job(discovery.sitemap_part_path(number), SitemapFile(number)) for number in range(1, parts + 1))


def make(job: Job, env: Env) -> bytes:
    file: SitemapFile = job.subject
    return discovery.sitemap_index(env.site) if file.index else discovery.sitemap(env.site, file.part)


UNIT = Export("sitemap", plan, make, wide=True)
