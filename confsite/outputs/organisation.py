"""An organisation's page: its roles at each edition and its people's sessions."""

from __future__ import annotations

from typing import Any

from ..resolve import PagePlan, Site
from .base import PageKind, per_language
from .inputs import Inputs


def plan(site: Site, inputs: Inputs) -> list[PagePlan]:
    plans = []
    by_slug = site.by_slug
    for organisation in site.published_organisations:
        involved = inputs.editions_using[organisation.source.path]
        found = (*inputs.with_pictures([organisation.source.path]),
                 *(path for slug in involved for path in by_slug[slug].edition.inputs),
                 *inputs.speakers_of[organisation.id])
        plans += per_language(site, "organisation", organisation.id, f"organisations/{organisation.id}/",
                              site.content.site.languages, None, tuple(dict.fromkeys(found)))
    return plans


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"organisation": site.content.organisations[plan.key],
            "organisation_work": lambda: site.organisation_work.get(plan.key, ())}


UNIT = PageKind("organisation", "organisation.html", plan=plan, context=context,
                search_names=lambda site, plan: (site.content.organisations[plan.key].name,
                                                 site.content.organisations[plan.key].short_name))
