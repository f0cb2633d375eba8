"""The index of organisations: every one an edition or a person with a page names."""

from __future__ import annotations

from typing import Any

from .. import formatting
from ..helpers import N_
from ..site import PagePlan, Site
from .base import PageKind, per_language


def plan(site: Site) -> list[PagePlan]:
    return per_language(site, "organisations", "", "organisations/", site.content.site.languages, None)


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    def organisation_index() -> list[Any]:
        """Every published organisation, in the order a reader of the page's language expects."""
        return sorted((o for o in site.content.organisations.values()
                       if site.plan("organisation", o.id, plan.lang)),
                      key=lambda o: formatting.collation_key(site.content.site.plain(o.name, plan.lang), plan.lang))

    return {"organisation_index": organisation_index}


UNIT = PageKind("organisations", "organisations.html", plan=plan, context=context,
                nav_label=N_("Organisations"), wide=True)
