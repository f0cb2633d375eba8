"""The index of people: everyone with a page, in the order of the page's language."""

from __future__ import annotations

from typing import Any

from ..helpers import N_
from ..site import PagePlan, Site
from .base import PageKind, per_language


def plan(site: Site) -> list[PagePlan]:
    return per_language(site, "people", "", "people/", site.content.site.languages, None)


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"people_index": lambda: site.people_index[plan.lang]}


UNIT = PageKind("people", "people.html", plan=plan, context=context, nav_label=N_("People"),
                wide=True)
