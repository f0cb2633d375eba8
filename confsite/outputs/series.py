"""A series' page (/<lang>/series/<id>/): what the series is, its next edition, and every
edition of it, newest first, with dates, places and status."""

from __future__ import annotations

from typing import Any

from ..resolve import PagePlan, Site
from .base import PageKind, per_language
from .inputs import Inputs


def plan(site: Site, inputs: Inputs) -> list[PagePlan]:
    plans = []
    for series, _ in site.archive:  # the series with at least one published edition
        plans += per_language(site, "series", series.id, f"series/{series.id}/", site.content.site.languages,
                              None, tuple(inputs.series_inputs[series.id]))
    return plans


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    series, editions = next(entry for entry in site.archive if entry[0].id == plan.key)
    return {"series": series, "editions": editions,
            "next_edition": next((s for s in reversed(editions) if s.status != "past"), None)}


UNIT = PageKind("series", "series.html", plan=plan, context=context)
