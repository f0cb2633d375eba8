"""Render stage: the resolved site -> outputs (bytes and the inputs each was made from).

Templates get ready values and a few presentation helpers (`t` picks a text in the page's
language, the formatting functions of `formatting`); they hold no business rules. Each output
records the source files and templates it used, which is what lets `serve` rebuild exactly
what a save affects.
"""

from __future__ import annotations

import dataclasses
import gettext
import pathlib
import traceback
from collections.abc import Callable, Iterable
from typing import Any

import jinja2
import markdown
from markupsafe import Markup, escape

from . import formatting
from .model import Localized, Text
from .problems import Problem, Where
from .resolve import ROLE_ORDER, Appearance, PagePlan, Site

ASSETS = "assets"


@dataclasses.dataclass(frozen=True)
class Output:
    """One file of the built site: its bytes, or a source file to copy."""

    path: str  # relative to the output folder, with forward slashes
    inputs: tuple[str, ...]
    data: bytes | None = None
    copy_from: pathlib.Path | None = None


TEMPLATES = {"home": "home.html", "edition": "edition.html", "agenda": "agenda.html",
             "speakers": "speakers.html", "person": "person.html", "people": "people.html",
             "page": "page.html"}


def make_environment(templates: pathlib.Path, translations: gettext.NullTranslations) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.policies["ext.i18n.trimmed"] = True
    return env


def template_problem(error: Exception, templates: pathlib.Path) -> Problem:
    """A template mistake at its file and line, from Jinja's own error or the rewritten traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        name = error.filename or error.name or "templates"
        return Problem(Where(_relative(name, templates), error.lineno or 0),
                       f"template error: {error.message}", "fix the template at this line")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") or frame.filename.endswith(".xml"):
            return Problem(Where(_relative(frame.filename, templates), frame.lineno or 0),
                           f"template error: {type(error).__name__}: {error}", "fix the template at this line")
    return Problem(Where("templates"), f"template error: {type(error).__name__}: {error}")


def _relative(filename: str, templates: pathlib.Path) -> str:
    path = pathlib.Path(filename)
    try:
        return ("templates" / path.resolve().relative_to(templates.resolve())).as_posix()
    except ValueError:
        return filename


class PageHelpers:
    """The presentation helpers of one page, bound to its language."""

    def __init__(self, site: Site, plan: PagePlan, markdown_converter: markdown.Markdown,
                 translations: dict[str, gettext.NullTranslations]) -> None:
        self.site, self.plan, self.lang = site, plan, plan.lang
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
        self._markdown.reset()
        return Markup(self._markdown.convert(source))

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
            kind, key = (item, "") if item in ("home", "people") else ("page", item)
            plan = self.site.plan(kind, key, self.lang)
            if plan is None:
                continue
            if kind == "page":
                page = self.site.site_pages.get((key, self.lang)) or self.site.site_pages[(key, plan.content_lang)]
                label = page.title
            else:
                label = self.gettext("Editions") if kind == "home" else self.gettext("People")
            items.append({"label": label, "href": self.site.urls.to(plan.path),
                          "current": (self.plan.kind, self.plan.key) == (kind, key)})
        return items

    def switcher(self) -> list[dict[str, Any]]:
        """This same page in every language (a fallback page counts: its interface is translated)."""
        items = []
        for lang in self.site.content.site.languages:
            plan = self.site.plan(self.plan.kind, self.plan.key, lang)
            if plan is not None:
                items.append({"lang": lang, "label": formatting.language_name(lang, lang),
                              "href": self.site.urls.to(plan.path), "current": lang == self.lang})
        return items

    def original_url(self) -> str:
        plan = self.site.plan(self.plan.kind, self.plan.key, self.plan.content_lang)
        return self.site.urls.to(plan.path) if plan else ""

    def file_url(self, slug: str, file: str) -> str:
        return self.site.urls.to(f"files/{slug}/{file.removeprefix('files/')}")

    def config_series(self, ident: str) -> Any:
        return next(s for s in self.site.content.site.series if s.id == ident)

    def body(self) -> str:
        edition = self.site.by_slug[self.plan.key].edition
        return edition.body.get(self.lang) or edition.body.get(edition.original_language) or ""

    def body_lang(self) -> str:
        edition = self.site.by_slug[self.plan.key].edition
        return self.lang if self.lang in edition.body else edition.original_language

    def involvement_groups(self) -> list[tuple[str, list[Any]]]:
        edition = self.site.by_slug[self.plan.key].edition
        groups: dict[str, list[Any]] = {}
        for role in ROLE_ORDER:
            found = [i for i in edition.organisations if i.role == role]
            if found:
                groups[role] = found
        return list(groups.items())

    def agenda_timed(self) -> bool:
        edition = self.site.by_slug[self.plan.key].edition
        return any(s.start for day in edition.agenda for s in day.sessions)

    def speakers(self) -> list[tuple[str, list[Appearance]]]:
        """This edition's speakers and facilitators, each with what they did here."""
        slug = self.plan.key
        return [(person, [a for a in self.site.appearances.get(person, ()) if a.edition.slug == slug])
                for person in self.site.by_slug[slug].speakers]

    def appearances_by_edition(self) -> list[tuple[Any, list[Appearance]]]:
        grouped: dict[str, list[Appearance]] = {}
        for appearance in self.site.appearances.get(self.plan.key, ()):
            grouped.setdefault(appearance.edition.slug, []).append(appearance)
        return [(items[0].edition, items) for _, items in
                sorted(grouped.items(), key=lambda pair: pair[1][0].edition.start, reverse=True)]

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
            "agenda_timed": self.agenda_timed, "speakers": self.speakers,
            "appearances_by_edition": self.appearances_by_edition, "translate": self.translate,
            "archive": lambda: self.site.archive, "people_index": lambda: self.site.people_index,
            "own_language_name": lambda code: formatting.language_name(code, code),
            "date": lambda d: formatting.date(d, lang),
            "date_range": lambda a, b: formatting.date_range(a, b, lang),
            "time_range": lambda day, a, b, tz: formatting.time_range(day, a, b, tz, lang),
            "number": lambda n: formatting.number(n, lang),
            "country": lambda code: formatting.country(code, lang),
            "language_name": lambda code: formatting.language_name(code, lang),
            "file_size": lambda n: formatting.file_size(n, lang),
        }


def alternates(site: Site, plan: PagePlan) -> list[tuple[str, str]]:
    """(hreflang, absolute URL) for each real translation of the page, and x-default."""
    if plan.is_fallback:
        return []
    found = [(lang, site.urls.absolute(other.path)) for lang in plan.translations
             if (other := site.plan(plan.kind, plan.key, lang))]
    if not found:
        return []
    default = dict(found).get(site.content.site.default_language) or found[0][1]
    return [*found, ("x-default", default)]


def canonical(site: Site, plan: PagePlan) -> str:
    """A fallback page points search engines to the page in its original language."""
    if plan.is_fallback:
        original = site.plan(plan.kind, plan.key, plan.content_lang)
        if original:
            return site.urls.absolute(original.path)
    return site.urls.absolute(plan.path)


def page_context(site: Site, plan: PagePlan) -> dict[str, Any]:
    context: dict[str, Any] = {"plan": plan, "lang": plan.lang}
    if plan.kind in ("edition", "agenda", "speakers"):
        context["state"] = site.by_slug[plan.key]
        context["edition"] = site.by_slug[plan.key].edition
    elif plan.kind == "person":
        context["person"] = site.content.people[plan.key]
        context["appearances"] = site.appearances.get(plan.key, ())
    elif plan.kind == "page":
        context["page"] = (site.site_pages.get((plan.key, plan.lang))
                           or site.site_pages[(plan.key, plan.content_lang)])
    return context


def render_site(site: Site, templates: pathlib.Path, translations: dict[str, gettext.NullTranslations],
                problems: list[Problem], root: pathlib.Path) -> list[Output]:
    """Every output of the site. Template mistakes become problems, reported at their line."""
    outputs: list[Output] = []
    converter = markdown.Markdown(extensions=["attr_list", "tables", "sane_lists"], output_format="html")
    environments = {lang: make_environment(templates, translations[lang]) for lang in site.content.site.languages}
    for env in environments.values():
        env.globals.update(site=site, config=site.content.site, urls=site.urls,
                           organisations=site.content.organisations, people=site.content.people)
    for plan in site.pages:
        helpers = PageHelpers(site, plan, converter, translations)
        template = TEMPLATES[plan.kind]
        context = page_context(site, plan) | helpers.as_dict() | {
            "alternates": alternates(site, plan), "canonical": canonical(site, plan)}
        html = _render(environments[plan.lang], template, context, problems, templates)
        if html is not None:
            inputs = (*plan.inputs, f"templates/{template}", "templates/base.html")
            outputs.append(Output(plan.path + "index.html", inputs, html.encode("utf-8")))
    outputs += _site_wide(site, environments, converter, translations, templates, problems)
    outputs += _copies(site, templates, root)
    return outputs


def _render(env: jinja2.Environment, name: str, context: dict[str, Any], problems: list[Problem],
            templates: pathlib.Path) -> str | None:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as error:
        problems.append(Problem(Where(f"templates/{error.name}"), "this template is missing"))
    except Exception as error:  # any template mistake: report it at its line, never a traceback
        problems.append(template_problem(error, templates))
    return None


def _site_wide(site: Site, environments: dict[str, jinja2.Environment], converter: markdown.Markdown,
               translations: dict[str, gettext.NullTranslations], templates: pathlib.Path,
               problems: list[Problem]) -> list[Output]:
    """The language chooser at the root and the 404 page, in the default language's interface."""
    lang = site.content.site.default_language
    plan = PagePlan("chooser", "", lang, "", lang, site.content.site.languages, ("site.yaml",))
    outputs = []
    for kind, name, path in (("chooser", "chooser.html", "index.html"), ("not-found", "404.html", "404.html")):
        plan = dataclasses.replace(plan, kind=kind)
        helpers = PageHelpers(site, plan, converter, translations)
        context = {"plan": plan, "lang": lang, "alternates": [], "canonical": site.urls.absolute(
            "" if kind == "chooser" else path)} | helpers.as_dict()
        html = _render(environments[lang], name, context, problems, templates)
        if html is not None:
            outputs.append(Output(path, ("site.yaml", f"templates/{name}", "templates/base.html"), html.encode()))
    return outputs


def _copies(site: Site, templates: pathlib.Path, root: pathlib.Path) -> list[Output]:
    outputs = []
    assets = templates / ASSETS
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            rel = path.relative_to(templates).as_posix()
            outputs.append(Output(rel, (f"templates/{rel}",), copy_from=path))
    for state in site.editions:
        edition = state.edition
        folder = root / "content" / "editions" / edition.slug
        for file in sorted(_published_files(edition)):
            outputs.append(Output(f"files/{edition.slug}/{file.removeprefix('files/')}",
                                  (f"content/editions/{edition.slug}/{file}",), copy_from=folder / file))
    return outputs


def _published_files(edition: Any) -> set[str]:
    files = {d.file for d in edition.downloads if d.file}
    for day in edition.agenda:
        for session in day.sessions:
            files |= {t.slides.file for t in session.talks if t.slides and t.slides.file}
    return files
