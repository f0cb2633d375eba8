"""A page per timed session, at <lang>/<edition>/sessions/<key>/: the key its calendar file and
schedule entry already use, so an explicit `id` keeps the address when a time changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from .. import calendar, structured
from ..site import EditionState, PagePlan, Site, online_link, session_page_key
from .base import PageKind, per_language
from .edition import edition_of, search_names, text_source


def plan_edition(site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> list[PagePlan]:
    edition = state.edition
    own = tuple(lang for lang in edition.languages if lang in site.content.site.languages)
    plans: list[PagePlan] = []
    for entry in state.sessions:
        plans += per_language(site, "session", session_page_key(edition.slug, entry.key),
                              f"{edition.slug}/sessions/{entry.key}/", own, edition.original_language,
                              state.edition.source.path)
    return plans


def _edition_plan(plan: PagePlan) -> PagePlan:
    """The plan as the edition's helpers (files, texts, search names) see it: keyed by the slug."""
    return dataclasses.replace(plan, key=plan.key.split("/", 1)[0])


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    slug, key = plan.key.split("/", 1)
    state = site.by_slug[slug]
    by_key = {e.key: e for e in state.sessions}
    entry = by_key[key]
    edition = state.edition
    url = site.urls.absolute(plan.path)
    edition_plan = site.plan("edition", slug, plan.lang)
    edition_url = site.urls.absolute(edition_plan.path) if edition_plan else url
    return {"state": state, "edition": edition, "entry": entry,
            "previous": by_key.get(entry.previous or ""), "next": by_key.get(entry.next or ""),
            "calendar_url": site.urls.to(quote(calendar.keyed_calendar_path(edition, entry.key, plan.lang)))
            if entry.session.offers_calendar else "",
            "online_url": online_link(edition, entry.session),
            "json_ld": structured.as_script(structured.session_event(state, entry, site, plan.lang, url, edition_url))}


UNIT = PageKind("session", "session.html", plan_edition=plan_edition, context=context,
                edition_of=lambda plan: edition_of(_edition_plan(plan)),
                text_source=lambda site, plan: text_source(site, _edition_plan(plan)),
                search_names=lambda site, plan: search_names(site, _edition_plan(plan)))
