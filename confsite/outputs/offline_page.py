"""The page a visitor gets without a connection when the page they asked for was never kept
(`<lang>/offline.html`, one per language): it says so in their language, names the editions whose
pages this device may have kept and marks those it has. The service worker keeps these pages when it
installs and answers with the one of the address's language (`offline.WORKER_UNIT`).

`serve` registers no worker and so writes none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..site import EditionState, PagePlan, Site
from .base import Env, Job, Output, render_bare
from .offline import offline_page_path, precache_path

TEMPLATE = "offline.html"


@dataclasses.dataclass(frozen=True, slots=True)
class OfflineEdition:
    """An edition as the offline page names it: its state and the address of its offline list, the
    list the worker keeps once it has kept the edition's pages in this language."""

    state: EditionState
    list_url: str


def offline_editions(site: Site, lang: str) -> tuple[OfflineEdition, ...]:
    """The editions with pages in this language, newest first: those a visitor may have kept."""
    return tuple(OfflineEdition(state, site.urls.to(precache_path(lang, state.edition.slug)))
                 for state in reversed(site.editions)  # (by start date)
                 if site.plan("edition", state.edition.slug, lang) is not None)


class OfflinePage:
    """The offline page of each language, for a published build only."""

    name = "offline-page"
    cached = True
    exact_clock = False
    wide = True  # it names every edition

    def jobs(self, env: Env) -> Iterable[Job]:
        if not env.publishing:
            return
        config = env.site.content.site
        for lang in config.languages:
            yield Job(offline_page_path(lang), PagePlan(self.name, "", lang, "", lang, config.languages, "site.yaml"))

    def render(self, job: Job, env: Env) -> Output | None:
        lang = job.subject.lang
        return render_bare(job, env, TEMPLATE, {"editions": offline_editions(env.site, lang),
                                                "home_url": env.site.urls.to(f"{lang}/")})


UNIT = OfflinePage()
