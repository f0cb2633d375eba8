"""The one list of what the site is made of: every kind of page and every export, in order.

Adding a kind of page or an export is one module in this package and one line here.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import defaultdict
from collections.abc import Mapping
from types import MappingProxyType

from ..model import SiteConfig
from ..problems import Problem, Where
from ..recording import Keyed
from ..site import EditionState, PagePlan, Site
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
    offline_page,
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
    manifest.UNIT, offline.LISTS, offline.WORKER_UNIT, offline_page.UNIT,
)
# the built-in pages site.yaml's navigation can name, with their menu labels
NAVIGABLE = {unit.name: unit.nav_label for unit in PAGES if unit.nav_label}


@dataclasses.dataclass
class PlanMemory:
    """What the last planning made, for the live preview, which plans the whole site after each
    save: the pages of each edition's state (the same state, under the same site configuration,
    has the same pages: `base.EditionPlanner`), and all the pages with their index, taken again
    as the same objects when no plan changed (comparing two sites then stops at once)."""

    config: SiteConfig | None = None
    editions: dict[tuple[int, str], tuple[EditionState, tuple[PagePlan, ...]]] = dataclasses.field(
        default_factory=dict)  # (the group of kinds, the edition's slug) -> its state and its pages
    pages: tuple[PagePlan, ...] = ()
    index: Keyed[tuple[str, str, str], PagePlan] | None = None
    by_kind: Mapping[str, tuple[PagePlan, ...]] = dataclasses.field(default_factory=dict)
    collisions: tuple[Problem, ...] = ()  # the problems of two pages at one address


def plan_pages(site: Site, problems: list[Problem], memory: PlanMemory | None = None) -> Site:
    """The site with its pages planned: every kind of page, in every language, at its address.
    Two pages at one address are a problem. With a `memory`, an edition whose state is the one
    the last planning had is not planned again."""
    kept = memory.editions if memory is not None and memory.config == site.content.site else {}
    made: dict[tuple[int, str], tuple[EditionState, tuple[PagePlan, ...]]] = {}
    plans: list[PagePlan] = []
    groups = itertools.groupby(PAGES, key=lambda unit: unit.plan_edition is not None)
    for number, (per_edition, group) in enumerate(groups):
        kinds = list(group)
        if not per_edition:
            for unit in kinds:
                plans += unit.plan(site)  # type: ignore[misc]
            continue
        for state in site.editions:
            key = (number, state.edition.slug)
            last = kept.get(key)
            if last is not None and last[0] is state:
                made[key] = last
            else:
                mine: list[PagePlan] = []
                for unit in kinds:
                    mine += unit.plan_edition(site, state, mine)  # type: ignore[misc]
                made[key] = (state, tuple(mine))
            plans += made[key][1]
    if memory is not None and memory.index is not None and memory.pages == tuple(plans):
        # equal plans are the same objects (`base.per_language`): so are the kinds' lists, the
        # jobs the page kinds make of them (`base.PageKind.jobs`), and the pages at one address
        pages, index, by_kind, collisions = memory.pages, memory.index, memory.by_kind, memory.collisions
    else:
        collisions = tuple(_collisions(plans))
        pages, index = tuple(plans), Keyed("plan", {(p.kind, p.key, p.lang): p for p in plans})
        grouped: dict[str, list[PagePlan]] = defaultdict(list)
        for plan in plans:
            grouped[plan.kind].append(plan)
        by_kind = MappingProxyType({kind: tuple(kinds) for kind, kinds in grouped.items()})
    problems += collisions
    if memory is not None:
        memory.config, memory.editions = site.content.site, made
        memory.pages, memory.index, memory.by_kind, memory.collisions = pages, index, by_kind, collisions
    return dataclasses.replace(site, pages=pages, plan_index=index, by_kind=by_kind)


def _collisions(plans: list[PagePlan]) -> list[Problem]:
    """Two pages planned at one address: one problem for each pair of their sources."""
    problems = []
    owners: dict[str, int] = {}  # the first plan at each address (by position: one plan may be made twice)
    reported: set[tuple[str, str]] = set()
    for index, plan in enumerate(plans):
        other = plans[owners.setdefault(plan.path, index)]
        if owners[plan.path] != index and (plan.key, other.key) not in reported:
            reported.add((plan.key, other.key))
            what = f"the built-in {other.kind} page" if other.kind in NAVIGABLE else other.source
            problems.append(Problem(Where(plan.source), f"this would write /{plan.path}, as {what} does",
                                    "rename one of them: two inputs cannot make one page"))
    return problems
