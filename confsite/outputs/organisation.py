"""An organisation's page: its roles at each edition and its people's sessions."""

from __future__ import annotations

from typing import Any

from ..site import PagePlan, Site
from .base import PageKind, PagesOfEach

_PAGES = PagesOfEach("organisation", "organisations")


def plan(site: Site) -> tuple[PagePlan, ...]:
    return _PAGES(site, site.published_organisations)


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"organisation": site.content.organisations[plan.key],
            "organisation_work": lambda: site.organisation_work.get(plan.key, ())}


UNIT = PageKind("organisation", "organisation.html", plan=plan, context=context,
                search_names=lambda site, plan: (site.content.organisations[plan.key].name,
                                                 site.content.organisations[plan.key].short_name))
