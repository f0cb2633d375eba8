"""A person's page: where they appeared, edition by edition, newest first."""

from __future__ import annotations

from typing import Any

from .. import structured
from ..site import PagePlan, Site
from .base import PageKind, PagesOfEach

_PAGES = PagesOfEach("person", "people")


def plan(site: Site) -> tuple[PagePlan, ...]:
    return _PAGES(site, site.people_with_pages)


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    url = site.urls.absolute(plan.path)
    person = site.content.people[plan.key]
    return {"person": person, "appearances": site.appearances.get(plan.key, ()),
            "json_ld": structured.as_script(structured.person(site, plan.key, plan.lang, url)),
            "appearances_by_edition": lambda: site.person_editions.get(plan.key, ())}


UNIT = PageKind("person", "person.html", plan=plan, context=context,
                search_names=lambda site, plan: (site.content.people[plan.key].name,))
