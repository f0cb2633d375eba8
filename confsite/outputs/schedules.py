"""The frab schedule (schedule.xml, schedule.json) of each edition whose agenda has times."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .. import schedule
from ..site import EditionState, Site
from .base import Env, Export, Job, PerEdition

WRITERS = {"schedule.xml": schedule.schedule_xml, "schedule.json": schedule.schedule_json}


@dataclasses.dataclass(frozen=True, slots=True)
class Schedule:
    """One edition's schedule in one format: `name` is its file name, a key of WRITERS."""

    name: str
    state: EditionState


def plan(site: Site) -> list[Job]:
    return _edition_jobs(site.editions)


def _edition(state: EditionState) -> Iterator[Job]:
    edition = state.edition
    if edition.is_timed:  # under its former names too: a conference app reading one follows no redirect page
        for slug in (edition.slug, *edition.former_slugs):
            for name in WRITERS:
                yield Job(f"{slug}/{name}", Schedule(name, state))


_edition_jobs = PerEdition(_edition)


def make(job: Job, env: Env) -> bytes:
    subject: Schedule = job.subject
    return WRITERS[subject.name](subject.state, env.site)


UNIT = Export("schedules", plan, make)
