"""An edition's own page: its facts, status, registration, text, organisations and documents."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import calendar, structured
from ..model import Text
from ..problems import Where
from ..site import EditionState, PagePlan, Site, online_link
from . import offline
from .base import PageKind, per_language


def edition_pages(site: Site, kind: str, state: EditionState, path: str) -> list[PagePlan]:
    """A page of an edition in every language: a translation where the edition is written in it,
    else a fallback to its original language."""
    edition = state.edition
    own = tuple(lang for lang in edition.languages if lang in site.content.site.languages)
    return per_language(site, kind, edition.slug, f"{edition.slug}/{path}", own, edition.original_language,
                        edition.source.path)


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    return edition_pages(site, "edition", state, "")


def edition_context(site: Site, plan: PagePlan) -> dict[str, Any]:
    """What every page of an edition shows: its state and its facts."""
    state = site.by_slug[plan.key]
    return {"state": state, "edition": state.edition,
            "precache_url": site.urls.to(offline.precache_path(plan.lang, state.edition.slug))}


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    state = site.by_slug[plan.key]
    edition = state.edition
    event = structured.event(state, site, plan.lang, site.urls.absolute(plan.path))
    return edition_context(site, plan) | {
        "json_ld": structured.as_script(event), "edition_text": lambda: edition.text_in(plan.lang),
        "online_url": online_link(edition),
        "involvement_groups": lambda: state.organisation_groups,
        "edition_calendar_url": lambda e: site.urls.to(quote(calendar.edition_calendar_path(e, plan.lang)))}


def search_names(site: Site, plan: PagePlan) -> tuple[Text | None, ...]:
    """An edition's pages are named by its title, its city and its venue."""
    edition = site.by_slug[plan.key].edition
    venue = edition.venue
    return (edition.title, *((venue.city, venue.name) if venue else ()))


def edition_of(plan: PagePlan) -> str:
    return plan.key


def text_source(site: Site, plan: PagePlan) -> Where:
    """The edition's text in the page's language, else in its original language."""
    edition = site.by_slug[plan.key].edition
    text = edition.text_in(plan.lang)
    return text.where if text else Where(edition.source.path, 1)


UNIT = PageKind("edition", "edition.html", plan_edition=plan_edition, context=context, edition_of=edition_of,
                text_source=text_source, search_names=search_names)
