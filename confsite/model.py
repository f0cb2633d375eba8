"""The content model: immutable values that the validate stage builds and later stages read. Here
the whole (`Content`), the site's settings, its people, organisations and pages, the values an
edition shares with them (texts, pictures, affiliations), and the references an edition makes to
people and organisations; an edition's own values are in `edition`.

The values are slotted: a 300-edition series holds half a million of them, and each would
otherwise carry its fields apart from itself, in a block of its own (a tenth of the heap's blocks).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

from .problems import Where
from .recording import Sourced

if TYPE_CHECKING:  # an edition is made of the values here: `edition` imports this module
    from .edition import Edition


def places_field() -> Mapping[str, Where]:
    """A field for where ids were written (id -> Where): for messages only, never compared."""
    return dataclasses.field(default_factory=lambda: MappingProxyType({}), compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Localized:
    """A text picked for one page: the value and the language it is actually written in."""

    value: str
    lang: str | None  # None: the same in every language (a proper name)

    def __str__(self) -> str:
        return self.value


@dataclasses.dataclass(frozen=True, slots=True)
class Text:
    """A translatable text: one value per language, or one value for every language."""

    values: Mapping[str, str]
    neutral: bool = False  # a proper name written once for all languages
    where: Where | None = dataclasses.field(default=None, compare=False)  # for translation reports
    original: str | None = None  # the language to fall back to first: its edition's original

    @classmethod
    def of(cls, values: Mapping[str, str], neutral: bool = False, where: Where | None = None,
           original: str | None = None) -> Text:
        return cls(MappingProxyType(dict(values)), neutral, where, original)

    def has(self, lang: str) -> bool:
        return self.neutral or lang in self.values

    @property
    def first(self) -> str:
        """The value written first: what keys and clash checks are made from."""
        return next(iter(self.values.values()))

    def pick(self, lang: str, fallbacks: Iterable[str] = ()) -> Localized:
        """The value in `lang`, else in the original language, else in the first fallback that has one."""
        if self.neutral:
            return Localized(self.first, None)
        if lang in self.values:  # the first candidate, and nearly always the one (without making the others)
            return Localized(self.values[lang], lang)
        for candidate in (*((self.original,) if self.original else ()), *fallbacks):
            if candidate in self.values:
                return Localized(self.values[candidate], candidate)
        first = next(iter(self.values))
        return Localized(self.values[first], first)


@dataclasses.dataclass(frozen=True, slots=True)
class Picture:
    """An image an editor gave: a person's photo, an organisation's logo, an edition's banner or
    its venue's picture; with what load learned of the file (its shape, for the renditions)."""

    kind: str  # photo, logo, banner or venue
    file: str  # relative to the project: "content/people/ana-popescu.jpg"
    alt: Text | None  # None only for a photo found beside its person's file: their name says it
    credit: Text | None
    focus: tuple[float, float] | None  # for photos: the point square crops keep in the middle
    format: str  # JPEG, PNG, WEBP or SVG
    width: int
    height: int
    alpha: bool
    digest: str  # of the file's bytes
    where: Where = dataclasses.field(default=Where(""), compare=False)


@dataclasses.dataclass(frozen=True, slots=True)
class Series:
    id: str
    name: Text
    description: Text | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class SiteConfig:
    title: Text
    base_url: str
    output: str
    languages: tuple[str, ...]
    series: tuple[Series, ...]
    navigation: tuple[str, ...]
    source: Where
    max_file_mb: int = 25  # a larger download is a warning: visitors are often on slow links
    max_text_file_kb: int = 1000  # a larger YAML, Markdown or .po file is refused before it is read
    max_image_kb: int = 1000  # a larger image is a warning: it is resized, but it weighs on the project
    places: Mapping[str, Where] = places_field()  # where each navigation entry is written
    output_at: Where | None = None  # where `output` is written (None: not written, the default folder)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def pick(self, text: Text, lang: str, content_lang: str | None = None) -> Localized:
        """A text as a page in `lang` shows it: in `lang`, else in the language it was written in
        first (an edition's original), else in the page's own content language, else in the
        site's default language, else in the first of the site's languages that has it."""
        if not text.neutral and lang in text.values:  # `Text.pick`'s first candidate, without the fallbacks made
            return Localized(text.values[lang], lang)
        return text.pick(lang, (*((content_lang,) if content_lang else ()), *self.languages))

    def plain(self, text: Text, lang: str, content_lang: str | None = None) -> str:
        return self.pick(text, lang, content_lang).value


@dataclasses.dataclass(frozen=True, slots=True)
class Organisation(Sourced):
    id: str
    name: Text
    short_name: Text | None
    country: str | None
    url: str | None
    source: Where
    logo: Picture | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Affiliation:
    """The line under a person's name: their role and their organisation, either may be missing."""

    role: Text | None
    organisation: str | None

    def __bool__(self) -> bool:
        return bool(self.role or self.organisation)


@dataclasses.dataclass(frozen=True, slots=True)
class Person(Sourced):
    id: str
    name: Text
    role: Text | None
    organisation: str | None
    has_page: bool
    links: tuple[str, ...]
    source: Where
    organisation_where: Where | None = dataclasses.field(default=None, compare=False)
    photo: Picture | None = None

    @property
    def affiliation(self) -> Affiliation:
        return Affiliation(self.role, self.organisation)


@dataclasses.dataclass(frozen=True, slots=True)
class Page(Sourced):
    """A site page such as 'about', in one language."""

    slug: str
    lang: str
    title: str
    body: str
    source: Where
    body_line: int = 1  # the file's line where `body` starts, after the header


@dataclasses.dataclass(frozen=True, slots=True)
class Content:
    """The whole validated content of the site."""

    site: SiteConfig
    editions: tuple[Edition, ...]
    people: Mapping[str, Person]
    organisations: Mapping[str, Organisation]
    pages: tuple[Page, ...]
    drafts: tuple[Edition, ...] = ()  # drafts left out of this build (`build` without --drafts), by slug


Reference = tuple[str, str, Where]  # ("person" or "organisation", its id, where the edition names it)


def references(edition: Edition) -> Iterator[Reference]:
    """(kind, id, where) for every person and organisation an edition names."""
    for involvement in edition.organisations:
        yield "organisation", involvement.organisation, involvement.where or edition.source
    if edition.matchmaking:
        for org in edition.matchmaking.supported_by:
            yield "organisation", org, edition.matchmaking.places.get(org, edition.matchmaking.source)
    for day in edition.agenda:
        for session in day.sessions:
            for person in (*session.chairs, *session.moderators, *session.facilitators):
                yield "person", person, session.places.get(person, session.source)
            if session.organiser:
                yield "organisation", session.organiser, session.places.get(session.organiser, session.source)
            for talk in session.talks:
                for speaker in talk.speakers:
                    yield "person", speaker.person, speaker.where or session.source
                    if speaker.organisation:
                        yield ("organisation", speaker.organisation,
                               speaker.organisation_where or speaker.where or session.source)

