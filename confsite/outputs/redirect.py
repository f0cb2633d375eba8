"""Redirect pages at an edition's old URLs (its `former_slugs`), pointing to its pages now."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ..site import EditionState, PagePlan, Site
from .base import PageKind


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    """Each page planned so far for the edition, once more at each old address."""
    edition = state.edition
    plans: list[PagePlan] = []
    for old in edition.former_slugs:
        plans += [dataclasses.replace(plan, kind="redirect", key=f"{old}:{plan.kind}", target=plan.path,
                                      path=plan.path.replace(f"/{edition.slug}/", f"/{old}/", 1))
                  for plan in earlier if plan.kind != "redirect"]
    return plans


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"target": site.urls.to(plan.target), "target_absolute": site.urls.absolute(plan.target)}


UNIT = PageKind("redirect", "redirect.html", plan_edition=plan_edition, context=context)
