"""Share cards: each edition's picture for link previews, in every language of the site
(`confsite/cards.py` draws them). Cached like the pages; `serve` makes none (see `Env.publishing`)."""

from __future__ import annotations

from collections.abc import Iterable

from .. import cards
from ..model import record
from .base import Env, Job, Output


class Cards:
    name = "cards"
    cached = True
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        if not env.publishing:
            return
        for state in env.site.editions:
            edition = state.edition
            banner = edition.image.file if edition.image and edition.image.format != "SVG" else None
            for lang in env.site.content.site.languages:
                yield Job(cards.card_path(edition, lang, banner is not None), (edition, lang, banner))

    def render(self, job: Job, env: Env) -> Output | None:
        edition, lang, banner = job.subject
        if banner:
            record(banner)
        text = cards.card_text(env.site, edition, lang, env.translations[lang].gettext)
        return Output(job.path, data=cards.draw(text, env.root / banner if banner else None))


UNIT = Cards()
