"""The frab schedule (schedule.xml, schedule.json) of each edition whose agenda has times."""

from __future__ import annotations

from collections.abc import Iterator

from .. import schedule
from ..resolve import Site
from .base import Env, Export, Job

WRITERS = {"schedule.xml": schedule.schedule_xml, "schedule.json": schedule.schedule_json}


def plan(site: Site) -> Iterator[Job]:
    for state in site.editions:
        edition = state.edition
        if not edition.is_timed:
            continue
        agenda = site.plan("agenda", edition.slug, site.content.site.default_language)
        # schedules also name speakers and organisations: they are made from what the agenda shows
        inputs = agenda.inputs if agenda else ("site.yaml", *edition.inputs)
        for name in WRITERS:
            yield Job(f"{edition.slug}/{name}", inputs, (name, state))


def make(job: Job, env: Env) -> bytes:
    name, state = job.subject
    return WRITERS[name](state, env.site)


UNIT = Export("schedules", plan, make)
