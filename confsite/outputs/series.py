"""A series' page (/<lang>/series/<id>/): what the series is, its next edition, and every
edition of it, newest first, with dates, places and status."""

from __future__ import annotations

from typing import Any

from ..site import PagePlan, Site
from .base import PageKind, per_language
from .maps import map_context


def plan(site: Site) -> list[PagePlan]:
    plans = []
    for entry in site.archive:  # the series with at least one published edition
        ident = entry.series.id
        plans += per_language(site, "series", ident, f"series/{ident}/", site.content.site.languages, None)
    return plans


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    entry = next(entry for entry in site.archive if entry.series.id == plan.key)
    return {"series": entry.series, "editions": entry.editions, "next_edition": entry.next,
            "timeline": tuple(reversed(entry.editions))} | map_context(site, plan, plan.key)


UNIT = PageKind("series", "series.html", plan=plan, context=context, wide=True)
