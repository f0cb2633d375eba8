"""Share cards: the site's and each edition's picture for link previews, in every language of the
site (`confsite/cards.py` draws them). Cached like the pages; `serve` makes none (see `Env.publishing`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from .. import cards
from ..edition import Edition
from ..recording import record
from .base import Env, Job, Output


@dataclasses.dataclass(frozen=True, slots=True)
class AvatarCard:
    """A person without a photo, shared by their initials as pages in some language write them."""

    person: str
    letters: str


@dataclasses.dataclass(frozen=True, slots=True)
class EditionCard:
    """An edition's card in one language, with its banner when it has one a card can show."""

    edition: Edition
    lang: str
    banner: str | None  # the banner's file, relative to the project


@dataclasses.dataclass(frozen=True, slots=True)
class SiteCard:
    """The site's own card in one language."""

    lang: str


class Cards:
    name = "cards"
    cached = True
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        if not env.publishing:
            return
        for lang in env.site.content.site.languages:
            yield Job(cards.site_card_path(lang), SiteCard(lang))
        for state in env.site.editions:
            edition = state.edition
            banner = edition.image.file if edition.image and edition.image.format != "SVG" else None
            for lang in env.site.content.site.languages:
                yield Job(cards.card_path(edition, lang, banner is not None), EditionCard(edition, lang, banner))

        for person in env.site.people_with_pages:
            if person.photo is None or person.photo.format == "SVG":
                spellings = {cards.avatar_letters(env.site, person, lang) for lang in env.site.content.site.languages}
                for letters in sorted(spellings):
                    yield Job(cards.avatar_card_path(person, letters), AvatarCard(person.id, letters))

    def render(self, job: Job, env: Env) -> Output | None:
        if isinstance(job.subject, SiteCard):
            lang = job.subject.lang
            return Output(job.path, data=cards.draw(cards.site_card_text(env.site, lang,
                                                                         env.translations[lang].gettext)))
        if isinstance(job.subject, AvatarCard):
            return Output(job.path, data=cards.draw_avatar(job.subject.person, job.subject.letters))
        card: EditionCard = job.subject
        edition, lang, banner = card.edition, card.lang, card.banner
        if banner:
            record(banner)
        text = cards.card_text(env.site, edition, lang, env.translations[lang].gettext)
        return Output(job.path, data=cards.draw(text, env.root / banner if banner else None))


UNIT = Cards()
