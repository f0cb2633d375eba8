"""Presentation helpers for templates: a text in the page's language, URLs, formatted values.

They format and look up; they decide nothing. Business rules live in `resolve`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

import markdown
from markupsafe import Markup, escape

from . import calendar, formatting
from .model import Localized, Person, Session, Text, photo_path, published_path
from .problems import Problem, Where
from .resolve import Appearance, PagePlan, Site
from .sanitize import markdown_html
from .schedule import has_schedule
from .validate import BUILT_IN_PAGES

ASSETS = "assets"


class PageHelpers:
    """The presentation helpers of one page, bound to its language."""

    def __init__(self, site: Site, plan: PagePlan, markdown_converter: markdown.Markdown,
                 translations: dict[str, gettext.NullTranslations], problems: list[Problem] | None = None) -> None:
        self.site, self.plan, self.lang = site, plan, plan.lang
        self.problems = problems if problems is not None else []
        self.translations = translations
        self._markdown = markdown_converter
        self.fallbacks = (plan.content_lang, site.content.site.default_language, *site.content.site.languages)

    def pick(self, text: Text | None) -> Localized | None:
        return text.pick(self.lang, self.fallbacks) if text is not None else None

    def t(self, text: Text | None) -> Markup:
        """A text in the page's language; in another language, marked with its own lang."""
        picked = self.pick(text)
        if picked is None:
            return Markup("")
        if picked.lang and picked.lang != self.lang:
            return Markup('<span lang="{}">{}</span>').format(picked.lang, picked.value)
        return escape(picked.value)

    def plain(self, text: Text | None) -> str:
        picked = self.pick(text)
        return picked.value if picked else ""

    def text_lang(self, text: Text | None) -> str:
        picked = self.pick(text)
        return picked.lang if picked and picked.lang else self.lang

    def md(self, source: str) -> Markup:
        """Markdown to sanitised HTML; what the sanitiser removed is a warning at the text's line.
        In an edition's text, links and images to `files/x` point to where the edition's files are
        published."""
        html, found = markdown_html(self._markdown, source, self._text_source())
        self.problems.extend(found)
        if self.plan.kind in ("edition", "agenda", "speakers"):
            prefix = self.site.urls.to(published_path(self.plan.key, "files/"))
            html = re.sub(r'(<(?:a|img)\b[^>]*\b(?:href|src)=")files/', lambda m: m.group(1) + prefix, html)
        return Markup(html)

    def _text_source(self) -> Where:
        """Where the page's own text (the one `md` is given) starts: its file and first line."""
        if self.plan.kind == "page":
            page = (self.site.site_pages.get((self.plan.key, self.lang))
                    or self.site.site_pages[(self.plan.key, self.plan.content_lang)])
            return Where(page.source.path, page.body_line)
        if self.plan.kind in ("edition", "agenda", "speakers"):
            edition = self.site.by_slug[self.plan.key].edition
            text = f"/index.{self.body_lang()}.md"
            return Where(next((i for i in edition.inputs if i.endswith(text)), edition.source.path), 1)
        return Where(self.plan.inputs[0] if self.plan.inputs else "templates", 1)

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
        """The header menu: built-in pages and site pages, in site.yaml's order."""
        items = []
        for item in self.site.content.site.navigation:
            kind, key = (item, "") if item in BUILT_IN_PAGES else ("page", item)
            plan = self.site.plan(kind, key, self.lang)
            if plan is None:
                continue
            if kind == "page":
                page = self.site.site_pages.get((key, self.lang)) or self.site.site_pages[(key, plan.content_lang)]
                label = page.title
            else:
                label = {"home": self.gettext("Editions"), "people": self.gettext("People"),
                         "organisations": self.gettext("Organisations"), "search": self.gettext("Search")}[kind]
            items.append({"label": label, "href": self.site.urls.to(plan.path),
                          "current": (self.plan.kind, self.plan.key) == (kind, key)})
        return items

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
        return self.site.urls.to(quote(published_path(slug, file)))

    def config_series(self, ident: str) -> Any:
        return next(s for s in self.site.content.site.series if s.id == ident)

    def body(self) -> str:
        edition = self.site.by_slug[self.plan.key].edition
        return edition.body.get(self.lang) or edition.body.get(edition.original_language) or ""

    def body_lang(self) -> str:
        edition = self.site.by_slug[self.plan.key].edition
        return self.lang if self.lang in edition.body else edition.original_language

    def involvement_groups(self) -> tuple[tuple[str, tuple[Any, ...]], ...]:
        return self.site.by_slug[self.plan.key].organisation_groups

    def search_aid(self) -> str:
        """What names this page (an edition's title, city and venue; a person's or an organisation's
        name) in Latin letters when it is written in Cyrillic, for the search index only: a visitor
        typing "Varna" or "Todor Tonev" finds the Bulgarian pages (Pagefind has no Bulgarian stemmer)."""
        kind, key, content = self.plan.kind, self.plan.key, self.site.content
        texts: list[Text | None] = []
        if kind in ("edition", "agenda", "speakers"):
            edition = self.site.by_slug[key].edition
            venue = edition.venue
            texts = [edition.title, *((venue.city, venue.name) if venue else ())]
        elif kind == "person":
            texts = [content.people[key].name]
        elif kind == "organisation":
            texts = [content.organisations[key].name, content.organisations[key].short_name]
        return formatting.latin_aid([self.plain(text) for text in texts if text])

    def agenda_timed(self) -> bool:
        return has_schedule(self.site.by_slug[self.plan.key].edition)

    def speakers(self) -> tuple[tuple[str, tuple[Appearance, ...]], ...]:
        """This edition's speakers, facilitators, chairs and moderators, each with what they did here."""
        return self.site.by_slug[self.plan.key].by_speaker

    def appearances_by_edition(self) -> tuple[tuple[Any, tuple[Appearance, ...]], ...]:
        return self.site.person_editions.get(self.plan.key, ())

    def organisation_index(self) -> list[Any]:
        """Every published organisation, in the order a reader of the page's language expects."""
        return sorted((o for o in self.site.content.organisations.values()
                       if self.site.plan("organisation", o.id, self.lang)),
                      key=lambda o: formatting.collation_key(o.name.pick(self.lang).value, self.lang))

    def organisation_work(self) -> tuple[tuple[Any, tuple[str, ...], tuple[Appearance, ...]], ...]:
        return self.site.organisation_work.get(self.plan.key, ())

    def calendar_url(self, day: Any, session: Any) -> str:
        """The "add to calendar" file of a timed session ("" when untimed)."""
        if not session.start:
            return ""
        edition = self.site.by_slug[self.plan.key].edition
        return self.site.urls.to(quote(calendar.session_calendar_path(edition, day, session)))

    def photo_url(self, person: Person) -> str | None:
        path = photo_path(person)
        return self.site.urls.to(path) if path else None

    def session_time(self, day: dt.date, session: Session, timezone: str) -> str:
        """09:30–10:00 (UTC+03:00); the end of a session that runs past midnight says so."""
        # Translators: the end of a session that runs past midnight, e.g. "00:30 the next day"
        next_day = self.gettext("%(time)s the next day") if session.ends_next_day else None
        return formatting.time_range(day, session.start, session.end, timezone, self.lang,  # type: ignore[arg-type]
                                     next_day)

    def gettext(self, message: str) -> str:
        return self.translations[self.lang].gettext(message)

    def translate(self, lang: str, message: str) -> str:
        return self.translations[lang].gettext(message)

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        lang = self.lang
        return {
            "t": self.t, "plain": self.plain, "text_lang": self.text_lang, "md": self.md, "url": self.url,
            "asset": self.asset, "names": self.names, "organisation_names": self.organisation_names,
            "nav": self.nav, "switcher": self.switcher,
            "original_url": self.original_url, "file_url": self.file_url, "config_series": self.config_series,
            "body": self.body, "body_lang": self.body_lang, "involvement_groups": self.involvement_groups,
            "agenda_timed": self.agenda_timed, "speakers": self.speakers, "search_aid": self.search_aid,
            "appearances_by_edition": self.appearances_by_edition, "translate": self.translate,
            "archive": lambda: self.site.archive,
            "organisation_index": self.organisation_index, "organisation_work": self.organisation_work,
            "people_index": lambda: self.site.people_index[self.lang],
            "calendar_url": self.calendar_url,
            "edition_calendar_url": lambda e: self.site.urls.to(quote(calendar.edition_calendar_path(e))),
            "moment": formatting.moment, "og_locale": self.og_locale,
            "own_language_name": lambda code: formatting.language_name(code, code, capitalized=True),
            "date": lambda d: formatting.date(d, lang),
            "date_range": lambda a, b: formatting.date_range(a, b, lang),
            "time_range": lambda day, a, b, tz: formatting.time_range(day, a, b, tz, lang),
            "session_time": self.session_time, "photo_url": self.photo_url,
            "number": lambda n: formatting.number(n, lang),
            "country": lambda code: formatting.country(code, lang),
            "language_name": lambda code: formatting.language_name(code, lang),
            "file_size": lambda n: formatting.file_size(n, lang),
        }


