"""The index of people: everyone with a page, in the order of the page's language."""

from __future__ import annotations

from typing import Any

from ..resolve import PagePlan, Site
from .base import N_, PageKind, per_language
from .inputs import Inputs


def plan(site: Site, inputs: Inputs) -> list[PagePlan]:
    langs = site.content.site.languages
    return per_language(site, "people", "", "people/", langs, None,
                        (*inputs.with_pictures(p.source.path for p in site.people_with_pages), *inputs.all_editions))


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"people_index": lambda: site.people_index[plan.lang]}


UNIT = PageKind("people", "people.html", plan=plan, context=context, nav_label=N_("People"))
