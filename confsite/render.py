"""Render stage: the resolved site -> outputs (bytes and the inputs each was made from).

Templates get ready values and a few presentation helpers (`t` picks a text in the page's
language, the formatting functions of `formatting`); they hold no business rules. Each output
records the source files and templates it used, which is what lets `serve` rebuild exactly
what a save affects.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import pathlib
import traceback
from collections.abc import Callable
from typing import Any

import jinja2
import markdown
from markupsafe import Markup, escape

from . import calendar, discovery, formatting, schedule, structured
from .helpers import ASSETS, PageHelpers
from .model import photo_path, published_path
from .problems import Problem, Where
from .resolve import PagePlan, Site


@dataclasses.dataclass(frozen=True)
class Output:
    """One file of the built site: its bytes, or a source file to copy."""

    path: str  # relative to the output folder, with forward slashes
    inputs: tuple[str, ...]
    data: bytes | None = None
    copy_from: pathlib.Path | None = None


SHARED_TEMPLATES = ("templates/base.html", "templates/bare.html", "templates/macros.html")
TEMPLATES = {"home": "home.html", "edition": "edition.html", "agenda": "agenda.html",
             "speakers": "speakers.html", "person": "person.html", "people": "people.html",
             "organisation": "organisation.html", "organisations": "organisations.html",
             "search": "search.html", "redirect": "redirect.html",
             "page": "page.html"}


# A translation is text, never markup: escaped here, before Jinja's new-style gettext marks it
# safe and fills in its placeholders. Markup an interface string needs stays in the template.
@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> Markup:
    return escape(context["translations"].gettext(message))


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int) -> Markup:
    return escape(context["translations"].ngettext(singular, plural, count))


def _one_full_stop(translate: Callable[..., str]) -> Callable[..., str]:
    """Jinja's gettext, with no double full stop after a value that ends in one (a date in "г.")."""
    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: Any, **variables: Any) -> str:
        return formatting.one_full_stop(translate(context, *args, **variables), tuple(variables.values()))
    return call


@functools.cache
def make_environment(templates: pathlib.Path) -> jinja2.Environment:
    """One environment for every language and build: each page brings its own `translations`,
    so compiled templates are shared, and `serve` recompiles only the templates that changed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=True)
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    for name in ("gettext", "_", "ngettext"):
        env.globals[name] = _one_full_stop(env.globals[name])  # type: ignore[arg-type]
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


def canonical(site: Site, plan: PagePlan) -> str:
    """A fallback page points search engines to the page in its original language."""
    if plan.is_fallback:
        original = site.plan(plan.kind, plan.key, plan.content_lang)
        if original:
            return site.urls.absolute(original.path)
    return site.urls.absolute(plan.path)


def page_context(site: Site, plan: PagePlan) -> dict[str, Any]:
    context: dict[str, Any] = {"plan": plan, "lang": plan.lang}
    url = site.urls.absolute(plan.path)
    if plan.kind in ("edition", "agenda", "speakers"):
        context["state"] = site.by_slug[plan.key]
        context["edition"] = site.by_slug[plan.key].edition
        if plan.kind == "edition":
            event = structured.event(site.by_slug[plan.key], site, plan.lang, url)
            context["json_ld"] = structured.as_script(event)
    elif plan.kind == "person":
        context["person"] = site.content.people[plan.key]
        context["appearances"] = site.appearances.get(plan.key, ())
        context["json_ld"] = structured.as_script(structured.person(site, plan.key, plan.lang, url))
    elif plan.kind == "redirect":
        context["target"] = site.urls.to(plan.target)
        context["target_absolute"] = site.urls.absolute(plan.target)
    elif plan.kind == "organisation":
        context["organisation"] = site.content.organisations[plan.key]
    elif plan.kind == "page":
        context["page"] = (site.site_pages.get((plan.key, plan.lang))
                           or site.site_pages[(plan.key, plan.content_lang)])
    return context


def everything(path: str, inputs: tuple[str, ...]) -> bool:
    return True


def render_site(site: Site, templates: pathlib.Path, translations: dict[str, gettext.NullTranslations],
                problems: list[Problem], root: pathlib.Path,
                wanted: Callable[[str, tuple[str, ...]], bool] = everything) -> list[Output]:
    """The outputs of the site whose inputs are `wanted` (all by default).

    Template mistakes become problems, reported at their line.
    """
    outputs: list[Output] = []
    converter = markdown.Markdown(extensions=["attr_list", "tables", "sane_lists"], output_format="html")
    env = make_environment(templates.resolve())
    shared = {"site": site, "config": site.content.site, "urls": site.urls,
              "organisations": site.content.organisations, "people": site.content.people}
    for plan in site.pages:
        template = TEMPLATES[plan.kind]
        inputs = (*plan.inputs, f"templates/{template}", *SHARED_TEMPLATES)
        if not wanted(plan.path + "index.html", inputs):
            continue
        helpers = PageHelpers(site, plan, converter, translations, problems)
        context = page_context(site, plan) | helpers.as_dict() | {
            "alternates": discovery.alternates(site, plan), "canonical": canonical(site, plan)}
        context |= shared | {"translations": translations[plan.lang]}
        html = _render(env, template, context, problems, templates)
        if html is not None:
            outputs.append(Output(plan.path + "index.html", inputs, html.encode("utf-8")))
    outputs += _site_wide(site, env, shared, converter, translations, templates, problems, wanted)
    outputs += [o for o in _copies(site, templates, root) if wanted(o.path, o.inputs)]
    outputs += exports(site, wanted)
    outputs += _discovery(site, translations, wanted)
    return outputs


def _discovery(site: Site, translations: dict[str, gettext.NullTranslations],
               wanted: Callable[[str, tuple[str, ...]], bool]) -> list[Output]:
    inputs = ("site.yaml", *(path for plan in site.pages for path in plan.inputs if path.startswith("content/")))
    inputs = tuple(dict.fromkeys(inputs))
    outputs = [Output("sitemap.xml", inputs, discovery.sitemap(site)),
               Output("robots.txt", ("site.yaml",), discovery.robots(site))]
    outputs += [Output(f"{lang}/feed.xml", inputs, discovery.feed(site, lang, translations[lang]))
                for lang in site.content.site.languages]
    return [o for o in outputs if wanted(o.path, o.inputs)]


def exports(site: Site, wanted: Callable[[str, tuple[str, ...]], bool] = everything) -> list[Output]:
    """For people's calendars and programs: an .ics per edition, per timed session and for the site,
    and the frab schedule (XML and JSON) of each edition whose agenda has times."""
    outputs = []
    every_edition = tuple(path for state in site.editions for path in state.edition.inputs)
    if wanted("calendar.ics", ("site.yaml", *every_edition)):
        outputs.append(Output("calendar.ics", ("site.yaml", *every_edition), calendar.site_calendar(site)))
    for state in site.editions:
        edition = state.edition
        inputs = ("site.yaml", *edition.inputs)  # calendars name sessions, not people
        path = calendar.edition_calendar_path(edition)
        if wanted(path, inputs):
            outputs.append(Output(path, inputs, calendar.edition_calendar(state, site)))
            outputs += [Output(calendar.session_calendar_path(edition, day, session), inputs,
                               calendar.session_calendar(state, day, session, site))
                        for day in edition.agenda for session in day.sessions if session.start]
        agenda = site.plan("agenda", edition.slug, site.content.site.default_language)
        named = agenda.inputs if agenda else inputs  # schedules also name speakers and organisations
        if schedule.has_schedule(edition) and wanted(f"{edition.slug}/schedule.xml", named):
            outputs.append(Output(f"{edition.slug}/schedule.xml", named, schedule.schedule_xml(state, site)))
            outputs.append(Output(f"{edition.slug}/schedule.json", named, schedule.schedule_json(state, site)))
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


def _site_wide(site: Site, env: jinja2.Environment, shared: dict[str, Any], converter: markdown.Markdown,
               translations: dict[str, gettext.NullTranslations], templates: pathlib.Path,
               problems: list[Problem], wanted: Callable[[str, tuple[str, ...]], bool]) -> list[Output]:
    """The language chooser at the root and the 404 page, in the default language's interface."""
    lang = site.content.site.default_language
    plan = PagePlan("chooser", "", lang, "", lang, site.content.site.languages, ("site.yaml",))
    outputs = []
    for kind, name, path in (("chooser", "chooser.html", "index.html"), ("not-found", "404.html", "404.html")):
        plan = dataclasses.replace(plan, kind=kind)
        inputs = ("site.yaml", f"templates/{name}", "templates/bare.html")
        if not wanted(path, inputs):
            continue
        helpers = PageHelpers(site, plan, converter, translations, problems)
        context = {"plan": plan, "lang": lang, "alternates": [], "canonical": site.urls.absolute(
            "" if kind == "chooser" else path)} | helpers.as_dict()
        context |= shared | {"translations": translations[lang]}
        html = _render(env, name, context, problems, templates)
        if html is not None:
            outputs.append(Output(path, inputs, html.encode()))
    return outputs


def _copies(site: Site, templates: pathlib.Path, root: pathlib.Path) -> list[Output]:
    outputs = []
    assets = templates / ASSETS
    for path in sorted(assets.rglob("*")) if assets.is_dir() else []:
        if path.is_file():
            rel = path.relative_to(templates).as_posix()
            outputs.append(Output(rel, (f"templates/{rel}",), copy_from=path))
    for person in site.content.people.values():
        published = photo_path(person)
        if published and person.photo and person.has_page:
            outputs.append(Output(published, (person.photo,), copy_from=root / person.photo))
    for state in site.editions:
        edition = state.edition
        folder = root / "content" / "editions" / edition.slug
        for file in edition.files:
            outputs.append(Output(published_path(edition.slug, file),
                                  (f"content/editions/{edition.slug}/{file}",), copy_from=folder / file))
    return outputs
