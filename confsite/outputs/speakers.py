"""An edition's speakers and facilitators, each with what they did there."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..site import EditionState, PagePlan, Site
from .base import PageKind
from .edition import edition_context, edition_of, edition_pages, search_names, text_source


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    if not state.speakers:
        return []
    return edition_pages(site, "speakers", state, "speakers/")


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return edition_context(site, plan) | {"speakers": lambda: site.by_slug[plan.key].by_speaker}


UNIT = PageKind("speakers", "speakers.html", plan_edition=plan_edition, context=context, edition_of=edition_of,
                text_source=text_source, search_names=search_names)
