"""An Atom feed of the editions in each language (<lang>/feed.xml)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import discovery
from ..site import Site
from .base import Env, Export, Job


def plan(site: Site) -> Iterator[Job]:
    for lang in site.content.site.languages:
        yield Job(f"{lang}/feed.xml", lang)


def make(job: Job, env: Env) -> bytes:
    return discovery.feed(env.site, job.subject, env.translations[job.subject])


UNIT = Export("feeds", plan, make, wide=True)
