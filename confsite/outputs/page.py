"""A site page such as 'about', written in Markdown in one or more languages."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..problems import Where
from ..site import PagePlan, Site
from .base import PageKind, per_language


def plan(site: Site) -> list[PagePlan]:
    page_langs: dict[str, list[str]] = defaultdict(list)
    page_sources: dict[str, list[str]] = defaultdict(list)
    for page in site.content.pages:
        page_langs[page.slug].append(page.lang)
        page_sources[page.slug].append(page.source.path)
    default = site.content.site.default_language
    plans = []
    for slug, found in sorted(page_langs.items()):
        original = default if default in found else found[0]
        plans += per_language(site, "page", slug, f"{slug}/", tuple(found), original, page_sources[slug][-1])
    return plans


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {"page": site.site_pages.get((plan.key, plan.lang)) or site.site_pages[(plan.key, plan.content_lang)]}


def text_source(site: Site, plan: PagePlan) -> Where:
    page = site.site_pages.get((plan.key, plan.lang)) or site.site_pages[(plan.key, plan.content_lang)]
    return Where(page.source.path, page.body_line)


UNIT = PageKind("page", "page.html", plan=plan, context=context, text_source=text_source)
