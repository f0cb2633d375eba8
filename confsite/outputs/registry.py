"""The one list of what the site is made of: every kind of page and every export, in order.

Adding a kind of page or an export is one module in this package and one line here.
"""

from __future__ import annotations

import dataclasses
import itertools

from ..problems import Problem, Where
from ..recording import Keyed
from ..site import PagePlan, Site
from . import (
    agenda,
    assets,
    calendars,
    cards,
    chooser,
    edition,
    feeds,
    files,
    home,
    images,
    manifest,
    maps,
    not_found,
    offline,
    organisation,
    organisations,
    page,
    people,
    person,
    programme,
    redirect,
    robots,
    schedules,
    search,
    series,
    session,
    sitemap,
    speakers,
)
from .base import PageKind, Unit

# The kinds of page, in the order the sitemap lists them; an edition's kinds are planned edition
# by edition (its redirects last: they repeat the pages planned before them at the old address).
PAGES: tuple[PageKind, ...] = (
    home.UNIT, people.UNIT, search.UNIT, organisations.UNIT, organisation.UNIT,
    edition.UNIT, agenda.UNIT, session.UNIT, speakers.UNIT, redirect.UNIT,
    person.UNIT, page.UNIT, series.UNIT,
)
UNITS: tuple[Unit, ...] = (
    *PAGES, chooser.UNIT, not_found.UNIT, assets.UNIT, files.UNIT, files.IMAGES, images.UNIT, cards.UNIT,
    calendars.UNIT, schedules.UNIT, programme.UNIT, maps.UNIT, sitemap.UNIT, robots.UNIT, feeds.UNIT,
    manifest.UNIT, offline.LISTS, offline.WORKER_UNIT,
)
# the built-in pages site.yaml's navigation can name, with their menu labels
NAVIGABLE = {unit.name: unit.nav_label for unit in PAGES if unit.nav_label}


def plan_pages(site: Site, problems: list[Problem]) -> Site:
    """The site with its pages planned: every kind of page, in every language, at its address.
    Two pages at one address are a problem."""
    plans: list[PagePlan] = []
    for per_edition, group in itertools.groupby(PAGES, key=lambda unit: unit.plan_edition is not None):
        kinds = list(group)
        if not per_edition:
            for unit in kinds:
                plans += unit.plan(site)  # type: ignore[misc]
            continue
        for state in site.editions:
            mine: list[PagePlan] = []
            for unit in kinds:
                mine += unit.plan_edition(site, state, mine)  # type: ignore[misc]
            plans += mine
    _collisions(plans, problems)
    return dataclasses.replace(site, pages=tuple(plans),
                               plan_index=Keyed("plan", {(p.kind, p.key, p.lang): p for p in plans}))


def _collisions(plans: list[PagePlan], problems: list[Problem]) -> None:
    owners: dict[str, int] = {}  # the first plan at each address (by position: one plan may be made twice)
    reported: set[tuple[str, str]] = set()
    for index, plan in enumerate(plans):
        other = plans[owners.setdefault(plan.path, index)]
        if owners[plan.path] != index and (plan.key, other.key) not in reported:
            reported.add((plan.key, other.key))
            what = f"the built-in {other.kind} page" if other.kind in NAVIGABLE else other.source
            problems.append(Problem(Where(plan.source), f"this would write /{plan.path}, as {what} does",
                                    "rename one of them: two inputs cannot make one page"))
