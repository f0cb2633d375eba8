"""An edition's agenda: its days and sessions, with times in the edition's zone where known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import calendar
from ..edition import Day, Session
from ..session_keys import session_key
from ..site import EditionState, PagePlan, Site
from .base import PageKind
from .edition import edition_context, edition_of, edition_pages, search_names, text_source


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    if not state.has_agenda:
        return []
    return edition_pages(site, "agenda", state, "agenda/")


def programme_path(slug: str, lang: str) -> str:
    """Where the printed programme (PDF) of an edition in one language is written (by the
    `programme` unit; the agenda links it with its size)."""
    return f"{slug}/programme-{slug}-{lang}.pdf"


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    edition = site.by_slug[plan.key].edition

    def calendar_url(day: Day, session: Session) -> str:
        """The "add to calendar" file of a session that offers one ("" otherwise)."""
        if not session.offers_calendar:
            return ""
        return site.urls.to(quote(calendar.session_calendar_path(edition, day, session, plan.lang)))

    def star_key(day: Day, session: Session) -> str:
        """The key a visitor stars a session by, for "my agenda": a timed session's ("" when untimed)."""
        return (session_key(day, session) or "") if session.start else ""

    # the printed programme, shown with its size when this build made it (`output_size`)
    return edition_context(site, plan) | {
        "agenda_timed": lambda: edition.is_timed, "calendar_url": calendar_url, "star_key": star_key,
        "programme_path": programme_path(edition.slug, plan.lang),
        "calendar_folder": site.urls.to(quote(calendar.session_calendar_folder(edition, plan.lang))),
        "now_next": lambda: shows_now_next(site.by_slug[plan.key])}


def shows_now_next(state: EditionState) -> bool:
    """Whether pages show what is on now and next at an edition: it has timed sessions that take
    place and was not over when the site was built (the script fills it in from the visitor's
    clock, before, during and after)."""
    return bool(state.edition.held_timed_sessions) and state.status != "past"


UNIT = PageKind("agenda", "agenda.html", plan_edition=plan_edition, context=context, edition_of=edition_of,
                text_source=text_source, search_names=search_names, after=("programme",),
                # a whole edition read, ten times what a session page reads and as long to render: a
                # worker renders 100 of them, not 1,000, before it is forked afresh (`render.RENDER_ROUND`)
                weight=10)
