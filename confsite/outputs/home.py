"""The home page of each language: the featured edition and every edition, by series."""

from __future__ import annotations

from typing import Any

from .. import calendar
from ..helpers import N_
from ..site import PagePlan, Site
from .agenda import shows_now_next
from .base import PageKind, per_language
from .maps import map_context


def plan(site: Site) -> list[PagePlan]:
    langs = site.content.site.languages
    return per_language(site, "home", "", "", langs, None)


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"archive": lambda: site.archive,
            "now_next_editions": lambda: [state for state in site.editions if shows_now_next(state)],
            "site_calendar_url": site.urls.to(calendar.site_calendar_path(plan.lang)),
            } | map_context(site, plan, None)


UNIT = PageKind("home", "home.html", plan=plan, context=context, nav_label=N_("Editions"),
                wide=True)
