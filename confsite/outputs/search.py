"""The search page: Pagefind's interface over the index built at the end of the build."""

from __future__ import annotations

from ..helpers import N_
from ..site import PagePlan, Site
from .base import PageKind, per_language


def plan(site: Site) -> list[PagePlan]:
    return per_language(site, "search", "", "search/", site.content.site.languages, None)


UNIT = PageKind("search", "search.html", plan=plan, nav_label=N_("Search"))
