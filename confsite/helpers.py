"""Presentation helpers for templates: a text in the page's language, URLs, formatted values.

They format and look up; they decide nothing. Business rules live in `resolve`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import markdown
from markupsafe import Markup, escape

from . import formatting, images, moments
from .edition import Day, Edition, Place, Session
from .model import Localized, Person, Picture, Text
from .problems import Problem, Where
from .recording import Once, derive_now, record, record_text
from .sanitize import markdown_html
from .session_keys import session_key
from .site import Appearance, PagePlan, Site, file_address, published_path, session_page_key

ASSETS = "assets"
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")  # (a line of spaces, tabs or no-break spaces is blank)


def N_(message: str) -> str:
    """Marks a message for the catalogs; it is translated where it is shown."""
    return message


def place_line(place: Place, city: Callable[[Text], str], country: Callable[[str], str],
               gettext: Callable[[str], str]) -> str:
    """Where an edition is, in one line: "Iași, Romania", "Chișinău, Moldova and online", "Online".
    `city` and `country` give names in the reader's language, `gettext` translates."""
    if place.venue is None:
        return gettext(N_("Online"))
    line = f"{city(place.venue.city)}, {country(place.venue.country)}"
    return f"{line} {gettext(N_('and online'))}" if place.online else line


@dataclasses.dataclass(frozen=True)
class MenuItem:
    """An item of the header menu: the page it names and how."""

    kind: str
    key: str
    label: str
    href: str
    lang: str | None = None  # the label's language, when it is not the page's (a page not translated yet)


class PageHelpers:
    """The presentation helpers of one page, bound to its language.

    `navigable` maps the built-in pages the navigation can name to their menu labels; `files_of`
    is the edition whose `files/` the page's Markdown links point into, if any; `text_source` is
    where the page's own Markdown text starts, for the sanitiser's warnings."""

    def __init__(self, site: Site, plan: PagePlan, markdown_converter: markdown.Markdown,
                 translations: dict[str, gettext.NullTranslations], navigable: Mapping[str, str],
                 problems: list[Problem] | None = None, files_of: str | None = None,
                 text_source: Where | None = None,
                 converted: dict[tuple[str, Where], tuple[str, list[Problem]]] | None = None,
                 once: Once | None = None) -> None:
        self.site, self.plan, self.lang = site, plan, plan.lang
        self._config = site.content.site  # (reading it records nothing: kept for `pick`, once per page)
        self.problems = problems if problems is not None else []
        self.text_source = text_source or Where("site.yaml", 1)
        self.translations = translations
        self.navigable, self.files_of = navigable, files_of
        self.converted = converted if converted is not None else {}  # each Markdown text converted once
        self._markdown = markdown_converter
        self._once: Once = once or derive_now

    def pick(self, text: Text | None) -> Localized | None:
        return self._config.pick(text, self.lang, self.plan.content_lang) if text is not None else None

    def _foreign(self, picked: Localized) -> str | None:
        """The language to mark a text with on this page: its own when it is not the page's; for a
        name written once for every language, the one its letters say (`language_by_script`)."""
        lang = picked.lang or formatting.language_by_script(picked.value, self.site.content.site.languages)
        return lang if lang != self.lang else None

    def t(self, text: Text | None) -> Markup:
        """A text in the page's language; in another language, marked with its own lang."""
        picked = self.pick(text)
        if picked is None:
            return Markup("")
        lang = self._foreign(picked)
        if lang:
            return Markup('<span lang="{}">{}</span>').format(lang, picked.value)
        return escape(picked.value)

    def paragraphs(self, text: Text | None, class_: str = "") -> Markup:
        """A long text (a description, a context) as the paragraphs its writer made: a blank line
        starts a paragraph, a single line break stays one; in another language, each paragraph
        carries its lang."""
        picked = self.pick(text)
        if picked is None:
            return Markup("")
        lang = f' lang="{foreign}"' if (foreign := self._foreign(picked)) else ""
        opening = Markup(f'<p{lang} class="{escape(class_)}">' if class_ else f"<p{lang}>")
        return Markup("\n").join(
            opening + Markup("<br>\n").join(escape(line.strip()) for line in block.splitlines()) + Markup("</p>")
            for block in _PARAGRAPH_BREAK.split(picked.value.strip()))

    def plain(self, text: Text | None) -> str:
        picked = self.pick(text)
        return picked.value if picked else ""

    def summary(self, text: Text | None) -> str:
        """A text as the page's description (`formatting.summary`): one line, a few sentences at most."""
        return formatting.summary(self.plain(text))

    def md(self, source: str) -> Markup:
        """Markdown to sanitised HTML; what the sanitiser removed is a warning at the text's line.
        In an edition's text, links and images to `files/x` point to where the edition's files are
        published."""
        key = (source, self.text_source)
        record_text(self.text_source)
        if key not in self.converted:
            self.converted[key] = markdown_html(self._markdown, source, self.text_source)
        html, found = self.converted[key]
        self.problems.extend(found)
        if self.files_of is not None:
            prefix = self.site.urls.to(published_path(self.files_of, "files/"))
            html = re.sub(r'(<(?:a|img)\b[^>]*\b(?:href|src)=")files/', lambda m: m.group(1) + prefix, html)
        return Markup(html)

    def url(self, kind: str, key: str = "", lang: str | None = None) -> str:
        plan = self.site.plan(kind, key, lang or self.lang)
        if plan is None:
            raise KeyError(f"no {kind} page {key!r} in {lang or self.lang}")
        return self.site.urls.to(plan.path)

    def asset(self, name: str) -> str:
        return self.site.urls.to(f"{ASSETS}/{name}")

    def names(self, items: Iterable[Text | str]) -> str:
        """Texts joined as a reader of the page's language expects: A, B and C."""
        return formatting.listing([self.plain(i) if isinstance(i, Text) else i for i in items], self.lang)

    def organisation_names(self, ids: Iterable[str]) -> str:
        return self.names(self.site.content.organisations[i].name for i in ids)

    def nav(self) -> list[dict[str, Any]]:
        """The header menu: built-in pages and site pages, in site.yaml's order; the same in every
        page of a language but for the current item, so worked out once per language."""
        here = (self.plan.kind, self.plan.key)
        return [{"label": item.label, "href": item.href, "current": (item.kind, item.key) == here, "lang": item.lang}
                for item in self._once(f"nav/{self.lang}", self._menu)]

    def _menu(self) -> tuple[MenuItem, ...]:
        items = []
        for item in self.site.content.site.navigation:
            kind, key = (item, "") if item in self.navigable else ("page", item)
            plan = self.site.plan(kind, key, self.lang)
            if plan is None:
                continue
            written_in = None
            if kind == "page":
                page = self.site.site_pages.get((key, self.lang)) or self.site.site_pages[(key, plan.content_lang)]
                label, written_in = page.title, page.lang if page.lang != self.lang else None
            else:
                label = self.gettext(self.navigable[kind])
            items.append(MenuItem(kind, key, label, self.site.urls.to(plan.path), written_in))
        return tuple(items)

    def switcher(self) -> list[dict[str, Any]]:
        """This same page in every language (a fallback page counts: its interface is translated)."""
        items = []
        for lang in self.site.content.site.languages:
            plan = self.site.plan(self.plan.kind, self.plan.key, lang)
            if plan is not None:
                items.append({"lang": lang, "label": formatting.language_name(lang, lang, capitalized=True),
                              "href": self.site.urls.to(plan.path), "current": lang == self.lang})
        return items

    def og_locale(self, lang: str) -> str:
        """Open Graph wants language_TERRITORY: en_GB, ro_RO, bg_BG."""
        locale = formatting.locale(lang)
        return f"{locale.language}_{locale.territory or locale.language.upper()}"

    def original_url(self) -> str:
        plan = self.site.plan(self.plan.kind, self.plan.key, self.plan.content_lang)
        return self.site.urls.to(plan.path) if plan else ""

    def file_url(self, slug: str, file: str) -> str:
        return self.site.urls.to(file_address(slug, file))

    def config_series(self, ident: str) -> Any:
        return next(s for s in self.site.content.site.series if s.id == ident)

    def session_time(self, day: dt.date, session: Session, timezone: str) -> str:
        """09:30–10:00 (UTC+03:00); the end of a session that runs past midnight says so."""
        # Translators: the end of a session that runs past midnight, e.g. "00:30 the next day"
        next_day = self.gettext("%(time)s the next day") if session.ends_next_day else None
        return formatting.time_range(day, session.start, session.end, timezone, self.lang,  # type: ignore[arg-type]
                                     next_day, session.end_date(day))

    def session_url(self, slug: str, session: Session) -> str:
        """The page of a timed session in this language; "" for an untimed one, which has none."""
        state = self.site.by_slug.get(slug)
        entry = state.entry(session) if state else None
        return self.url("session", session_page_key(slug, entry.key)) if entry else ""

    def appearance_url(self, appearance: Appearance) -> str:
        """Where a person's page links one of their sessions: its own page, else its day on the
        edition's agenda (an untimed session has no page, and no place of its own there)."""
        slug = appearance.edition.slug
        page = self.session_url(slug, appearance.session)
        if page:
            return page
        day = f"#day-{appearance.date.isoformat()}" if appearance.date else ""
        return self.url("agenda", slug) + day

    def language_names(self, codes: Iterable[str]) -> str:
        """Languages named in the page's language and joined: "Romanian and English", "română și engleză"."""
        return formatting.listing([formatting.language_name(code, self.lang) for code in codes], self.lang)

    def span(self, edition: Edition, day: Day, session: Session) -> dict[str, str]:
        """When a timed session is on, as UTC instants for the "now and next" script."""
        start, until = moments.span(edition, day, session)
        return {"start": formatting.instant(start), "until": formatting.instant(until)}

    def shown(self, picture: Picture, size: str, eager: bool = False, decorative: bool = False,
              alt: Text | None = None) -> dict[str, Any]:
        """What a <picture> needs to show a picture at one of the sizes in `images.SIZES`: lazy
        unless `eager` (the first picture of a page, seen without scrolling); `decorative` when
        the same words are written beside it (empty alt text); `alt` when it has none of its own."""
        record(picture.file)  # its renditions are named by its content
        shown = images.renditions(picture, size)
        webp, fallback = shown.of("WEBP"), [v for v in shown.variants if v.format != "WEBP"]
        picked = None if decorative else self.pick(picture.alt or alt)

        def srcset(variants: Iterable[images.Variant]) -> str:
            return ", ".join(f"{self.site.urls.to(v.path)} {v.descriptor}" for v in variants)
        return {"sources": [{"type": images.MIME["WEBP"], "srcset": srcset(webp)}] if webp else [],
                "src": self.site.urls.to(fallback[0].path), "srcset": srcset(fallback) if len(fallback) > 1 else "",
                "sizes": shown.size.sizes or "", "width": shown.width, "height": shown.height,
                "alt": picked.value if picked else "", "lazy": not eager,
                "lang": picked.lang if picked and picked.lang and picked.lang != self.lang else "",
                "credit": self.t(picture.credit) if picture.credit else ""}

    def avatar(self, person: Person, size: str) -> Markup:
        """The initials of a person without a photo, from their name as this page writes it."""
        return images.avatar(person.id, self.plain(person.name), images.AVATAR_SIZES[size], size)

    def gettext(self, message: str) -> str:
        return self.translations[self.lang].gettext(message)

    def place(self, edition: Edition) -> Markup:
        """An edition's place for a page: a city not in the page's language is marked with its own."""
        return Markup(place_line(edition.place, self.t, lambda code: escape(formatting.country(code, self.lang)),
                                 lambda message: escape(self.gettext(message))))

    def translate(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        lang = self.lang
        return {
            "t": self.t, "paragraphs": self.paragraphs, "plain": self.plain, "summary": self.summary,
            "md": self.md, "url": self.url,
            "asset": self.asset, "names": self.names, "organisation_names": self.organisation_names,
            "nav": self.nav, "switcher": self.switcher,
            "original_url": self.original_url, "file_url": self.file_url, "config_series": self.config_series,
            "translate": self.translate, "place_line": self.place, "shown": self.shown, "avatar": self.avatar,
            "og_locale": self.og_locale, "session_key": session_key,
            "own_language_name": lambda code: formatting.language_name(code, code, capitalized=True),
            "date": lambda d: formatting.date(d, lang), "day_heading": lambda d: formatting.day(d, lang),
            "date_range": lambda a, b: formatting.date_range(a, b, lang),
            "session_time": self.session_time, "session_url": self.session_url, "span": self.span,
            # how session_time writes an hour, for the scripts that write a visitor's own time (data-hour)
            "hour_digits": lambda: formatting.hour_digits(lang),
            "starts": moments.starts, "ends": moments.ends,
            "appearance_url": self.appearance_url,
            "language_names": self.language_names,
            "number": lambda n: formatting.number(n, lang),
            "country": lambda code: formatting.country(code, lang),
            "language_name": lambda code: formatting.language_name(code, lang),
            "file_size": lambda n: formatting.file_size(n, lang),
        }


