"""An edition's agenda: its days and sessions, with times in the edition's zone where known."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import calendar
from ..model import Day, Session
from ..resolve import EditionState, PagePlan, Site
from .base import PageKind
from .edition import edition_context, edition_pages, files_of, search_names, text_source


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    if not state.has_agenda:
        return []
    return edition_pages(site, "agenda", state, "agenda/")


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    edition = site.by_slug[plan.key].edition

    def calendar_url(day: Day, session: Session) -> str:
        """The "add to calendar" file of a timed session ("" when untimed)."""
        if not session.start:
            return ""
        return site.urls.to(quote(calendar.session_calendar_path(edition, day, session)))

    return edition_context(site, plan) | {"agenda_timed": lambda: edition.is_timed, "calendar_url": calendar_url}


UNIT = PageKind("agenda", "agenda.html", plan_edition=plan_edition, context=context, files_of=files_of,
                text_source=text_source, search_names=search_names)
