"""What every output unit shares: the `Output` it makes, the `Job` it plans, the `Env` a render
runs in, and the two shapes of unit (a page kind, rendered from a template in every language,
and an export, made by a function).

A unit plans its jobs from the resolved site and renders one job at a time; the registry lists
the units, and `render` loops over it. Nothing here knows any particular kind of page.
"""

from __future__ import annotations

import dataclasses
import functools
import gettext
import pathlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import jinja2
import markdown

from .. import cards, discovery, formatting
from ..cache import SourceDigests
from ..converter import markdown_converter
from ..helpers import PageHelpers
from ..kept import ByIdentity, Last
from ..links import LinkFindings
from ..model import Text
from ..problems import Problem, Where
from ..recording import fact, record, record_text, recording
from ..site import EditionState, PagePlan, Site
from .environment import fresh, make_environment, template_problem

T = TypeVar("T")

@dataclasses.dataclass(frozen=True, slots=True)
class Output:
    """One file of the built site: its bytes, or a source file to copy."""

    path: str  # relative to the output folder, with forward slashes
    inputs: tuple[str, ...] = ()  # what it was made from, recorded while it rendered (`recording`), sorted
    data: bytes | None = None
    copy_from: pathlib.Path | None = None
    findings: LinkFindings | None = None  # for a page, in a whole render: what checking its links found
    repeats: tuple[str, ...] | None = None  # for a page: the sentences it says again (language checks)
    digest: str | None = None  # a hash of its bytes (they may be in the staging folder only)
    texts: tuple[Where, ...] = ()  # the Markdown texts it shows (recorded), where each starts


@dataclasses.dataclass(frozen=True, slots=True)
class Job:
    """One output a unit will make: where it goes and what it shows. What it is made from is
    recorded while it renders."""

    path: str
    subject: Any = None  # what the unit needs to make it: a page plan, a named subject, a file…


@dataclasses.dataclass(frozen=True, slots=True)
class MadeSize:
    """The size of an output made before the pages that show it (a PDF programme), and what it was
    made from (`Output.inputs`)."""

    size: int
    inputs: tuple[str, ...]


@dataclasses.dataclass
class Env:
    """What every render of one build needs, made once per build."""

    site: Site
    templates: pathlib.Path
    translations: dict[str, gettext.NullTranslations]
    root: pathlib.Path
    problems: list[Problem]
    navigable: Mapping[str, str]  # the built-in pages the navigation can name, with their labels
    converter: markdown.Markdown = dataclasses.field(default_factory=markdown_converter)
    converted: dict[tuple[str, Where], tuple[str, list[Problem]]] = dataclasses.field(default_factory=dict)
    # a build to publish: share cards, PDF programmes and the offline worker are made (the preview goes without)
    publishing: bool = True
    # the outputs of the units another one waits for (`after`), by path: their sizes, which it shows
    sizes: dict[str, MadeSize] = dataclasses.field(default_factory=dict)
    derived: dict[str, tuple[Any, frozenset[str], tuple[Where, ...]]] = dataclasses.field(default_factory=dict)
    cache_digests: Callable[[str], str] | None = None  # the build cache's hash of each source file
    # --no-cache: the picture renditions this process made in this build, the only ones read back
    fresh_pictures: set[str] | None = None

    @functools.cached_property
    def source_digest(self) -> Callable[[str], str]:
        """The hash of a source file's bytes now: the build cache's when there is one (it has read
        them all to check its entries), else this build's own."""
        return self.cache_digests or SourceDigests(self.root).file

    @functools.cached_property
    def jinja(self) -> jinja2.Environment:
        return fresh(make_environment(self.templates.resolve()))

    @functools.cached_property
    def shared(self) -> dict[str, Any]:
        site = self.site
        return {"site": site, "config": site.content.site, "urls": site.urls,
                "organisations": site.content.organisations, "people": site.content.people,
                "output_size": self.output_size, "offline": self.publishing}

    def output_size(self, path: str) -> int | None:
        """The size of an output of a unit this one waits for (`after`; None when this build made
        none at `path`).
        What that output was made from is recorded as read by this one: a page showing the size of
        a PDF is made again whenever the PDF is, even for a change the page itself does not show."""
        made = self.sizes.get(path)
        if made is None:
            return None
        record(*made.inputs)
        return made.size

    def once(self, name: str, derive: Callable[[], T]) -> T:
        """A value that many outputs derive alike from the whole site (every output the registry
        plans, say), derived once per build and process. What deriving it read is recorded for each
        output that uses it, as if that output had derived it itself: the records stay exact."""
        found = self.derived.get(name)
        if found is None:
            with recording() as reads:
                value = derive()
            found = self.derived[name] = (value, frozenset(reads.inputs), tuple(reads.texts))
        value, inputs, texts = found
        record(*inputs)
        for where in texts:
            record_text(where)
        return value  # type: ignore[no-any-return]

    def helpers(self, plan: PagePlan, files_of: str | None = None, text_source: Where | None = None) -> PageHelpers:
        return PageHelpers(self.site, plan, self.converter, self.translations, self.navigable, self.problems,
                           files_of, text_source, self.converted, self.once)

    def share_image(self, plan: PagePlan, edition: str | None = None) -> cards.ShareImage:
        """The picture a page shares in link previews; `edition`, the one the page belongs to."""
        return cards.share_image(self.site, plan, self.translations[plan.lang].gettext, self.publishing, edition)

    def render_template(self, name: str, context: dict[str, Any]) -> str | None:
        """The template filled in; a mistake in it becomes a problem at its line."""
        try:
            return self.jinja.get_template(name).render(context)
        except jinja2.TemplateNotFound as error:
            self.problems.append(Problem(Where(f"templates/{error.name}"), "this template is missing"))
        except Exception as error:  # any template mistake: report it at its line, never a traceback
            self.problems.append(template_problem(error, self.templates))
        return None


class Unit(Protocol):
    """A kind of page or an export: which outputs it plans, and how it renders one.

    A unit may also name in `after` the units whose outputs must be made before its own (their
    sizes, which its pages show) and say `slow = True` (each output takes tenths of a second:
    rendered on every core even when there are few, by the main process first, `workers.Queues`)
    or `wide = True` (each output reads much of the whole site, every edition or every person:
    rendered by the main process before it forks its workers, which would otherwise copy the
    pages of memory they share with it, `workers.on_every_core`), or give a `weight` (how many
    ordinary pages one of its outputs counts as in a round of the render: one that reads ten
    times as much of what the workers share, 10), or name in `tools` a function that says which
    system libraries its outputs' bytes depend on (part of their cache keys)."""

    name: str
    cached: bool  # whether its outputs are worth keeping in the build cache (copies are not)
    exact_clock: bool  # whether its outputs show the build's exact time (else only its date)

    def jobs(self, env: Env) -> Iterable[Job]: ...

    def render(self, job: Job, env: Env) -> Output | None: ...


class Planner(Protocol):
    """The page plans of a page kind (see `PageKind.plan`)."""

    def __call__(self, site: Site) -> Iterable[PagePlan]: ...


class EditionPlanner(Protocol):
    """The page plans of an edition's page kind, given the plans already made for that edition.
    They are made from the edition's state and the site's configuration alone: the live preview
    plans an edition again only when it was resolved again (`registry.PlanMemory`)."""

    def __call__(self, site: Site, state: EditionState, earlier: Sequence[PagePlan]) -> Iterable[PagePlan]: ...


def no_context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return {}


def canonical(site: Site, plan: PagePlan) -> str:
    """A fallback page points search engines to the page in its original language."""
    if plan.is_fallback:
        original = site.plan(plan.kind, plan.key, plan.content_lang)
        if original:
            return site.urls.absolute(original.path)
    return site.urls.absolute(plan.path)


def per_language(site: Site, kind: str, key: str, path: str, translations: tuple[str, ...],
                 content_lang: str | None, source: str = "site.yaml") -> list[PagePlan]:
    """One page in each of the site's languages: `lang/path`; where it has no translation, its
    texts come from `content_lang`. `source` is the file it is made from, for messages."""
    return list(_per_language(site.content.site.languages, kind, key, path, translations, content_lang, source))


# The same pages are planned again at every save of the live preview: made once, the plans stay the
# same objects, which is what tells the preview, at a glance, that they are what they were
# (`depends._same`); a 300-edition series plans 46,000 pages.
@functools.lru_cache(maxsize=1 << 16)
def _per_language(languages: tuple[str, ...], kind: str, key: str, path: str, translations: tuple[str, ...],
                  content_lang: str | None, source: str) -> tuple[PagePlan, ...]:
    return tuple(PagePlan(kind, key, lang, f"{lang}/{path}",
                          content_lang if content_lang and lang not in translations else lang, translations, source)
                 for lang in languages)


class PagesOfEach:
    """The pages of each of a tuple of the site's values (the people with pages, the published
    organisations), one in each language at `<folder>/<id>/`. The live preview plans the whole site
    at each save: the pages of a value that is the same object are taken again (`kept.ByIdentity`),
    and all of them are one object while the tuple is the same one (`kept.Last`)."""

    def __init__(self, kind: str, folder: str) -> None:
        self.kind, self.folder = kind, folder
        self.whole: Last[tuple[PagePlan, ...]] = Last()
        self.each: ByIdentity[Any, list[PagePlan]] = ByIdentity()

    def __call__(self, site: Site, values: tuple[Any, ...]) -> tuple[PagePlan, ...]:
        languages = site.content.site.languages
        return self.whole.get((values, languages), lambda: tuple(
            page for _, pages in self.each.round(values, lambda value: per_language(
                site, self.kind, value.id, f"{self.folder}/{value.id}/", languages, None, value.source.path),
                languages)
            for page in pages))


@dataclasses.dataclass(frozen=True)
class PageKind:
    """A kind of page of the site's navigation tree: planned in every language, listed in the
    sitemap, rendered from its template in the frame of `base.html` or `bare.html`.

    It plans either site-wide (`plan`) or once per edition (`plan_edition`); `context` gives its
    template the values of one page, and `edition_of` names the edition it belongs to: the one whose
    `files/` its Markdown links point into and whose card it shares. `nav_label` makes it a
    built-in page the navigation in site.yaml can name."""

    name: str
    template: str
    plan: Planner | None = None
    plan_edition: EditionPlanner | None = None
    context: Callable[[Site, PagePlan], dict[str, Any]] = no_context
    edition_of: Callable[[PagePlan], str | None] = lambda plan: None
    text_source: Callable[[Site, PagePlan], Where] | None = None  # where its Markdown text starts
    # what names the page, given in Latin letters to the search index when it is in Cyrillic
    search_names: Callable[[Site, PagePlan], Sequence[Text | None]] = lambda site, plan: ()
    nav_label: str | None = None
    cached: bool = True
    exact_clock: bool = False
    after: tuple[str, ...] = ()  # the units whose outputs' sizes its pages show (`Unit`)
    wide: bool = False  # each page reads much of the whole site (`Unit`)
    weight: int = 1  # how many ordinary pages one of its pages counts as in a round of the render (`Unit`)

    def jobs(self, env: Env) -> Iterable[Job]:
        plans = env.site.pages_of(self.name)
        kept = _PAGE_JOBS.get(self.name)
        if kept is None or kept[0] is not plans:  # the same list: the live preview's save planned no page
            kept = _PAGE_JOBS[self.name] = (plans, tuple(Job(plan.path + "index.html", plan) for plan in plans))
        return kept[1]

    def render(self, job: Job, env: Env) -> Output | None:
        site, plan = env.site, job.subject
        record(fact("plan", (plan.kind, plan.key, plan.lang)))  # (its templates: as they are loaded)
        context = self.context(site, plan) | {"plan": plan, "lang": plan.lang}
        source = self.text_source(site, plan) if self.text_source else None
        edition = self.edition_of(plan)
        helpers = env.helpers(plan, edition, source)

        def search_aid() -> str:
            """A visitor typing "Varna" or "Todor Tonev" finds the Bulgarian pages (Pagefind has no
            Bulgarian stemmer): the page's names in Latin letters, for the search index only."""
            return formatting.latin_aid([helpers.plain(text) for text in self.search_names(site, plan) if text])

        context |= helpers.as_dict() | {"search_aid": search_aid, "alternates": discovery.alternates(site, plan),
                                        "canonical": canonical(site, plan), "share": env.share_image(plan, edition)}
        context |= env.shared | {"translations": env.translations[plan.lang]}
        html = env.render_template(self.template, context)
        return None if html is None else Output(job.path, data=html.encode("utf-8"))


# Each page kind's jobs, with the list of plans they were made from (`PageKind.jobs`): the last only.
_PAGE_JOBS: dict[str, tuple[tuple[PagePlan, ...], tuple[Job, ...]]] = {}


class PerEdition:
    """An export's jobs, made edition by edition from its state alone, and kept by the state's
    identity (`kept.ByIdentity`): the live preview resolves an unchanged edition to the same state
    at each save, so its calendars and schedules (23,000 jobs on a 300-edition series) are not
    listed again."""

    def __init__(self, make: Callable[[EditionState], Iterable[Job]]) -> None:
        self.make = make
        self.kept: ByIdentity[EditionState, tuple[Job, ...]] = ByIdentity()
        self.whole: Last[tuple[Job, ...]] = Last()  # all of them, one object while no state changed

    def __call__(self, states: Iterable[EditionState]) -> tuple[Job, ...]:
        states = tuple(states)
        return self.whole.get(states, lambda: tuple(
            job for _, jobs in self.kept.round(states, lambda state: tuple(self.make(state))) for job in jobs))


@dataclasses.dataclass(frozen=True, slots=True)
class Export:
    """A file made by a function rather than a template: a calendar, a schedule, the sitemap…
    `plan` lists its jobs; `make` gives the bytes of one."""

    name: str
    plan: Callable[[Site], Iterable[Job]]
    make: Callable[[Job, Env], bytes]
    cached: bool = True
    exact_clock: bool = False
    wide: bool = False  # each file reads much of the whole site (`Unit`)

    def jobs(self, env: Env) -> Iterable[Job]:
        return self.plan(env.site)

    def render(self, job: Job, env: Env) -> Output | None:
        return Output(job.path, data=self.make(job, env))


@dataclasses.dataclass(frozen=True, slots=True)
class BarePage:
    """A page outside the navigation tree, at one address for the whole site (the language
    chooser, the 404 page), in the default language's interface and the frame of `bare.html`."""

    name: str
    template: str
    path: str  # where it is written
    canonical_path: str  # where search engines are pointed
    cached: bool = True
    exact_clock: bool = False

    def jobs(self, env: Env) -> Iterable[Job]:
        site = env.site.content.site
        plan = PagePlan(self.name, "", site.default_language, "", site.default_language, site.languages,
                        "site.yaml")
        yield Job(self.path, plan)

    def render(self, job: Job, env: Env) -> Output | None:
        return render_bare(job, env, self.template, {"canonical": env.site.urls.absolute(self.canonical_path)})


def render_bare(job: Job, env: Env, template: str, context: Mapping[str, Any]) -> Output | None:
    """A page in the frame of `bare.html`, for its plan's language: the template gets the page
    helpers and the `context` given."""
    plan = job.subject
    values = {"plan": plan, "lang": plan.lang, "alternates": []} | dict(context) | env.helpers(plan).as_dict()
    values |= env.shared | {"translations": env.translations[plan.lang]}
    html = env.render_template(template, values)
    return None if html is None else Output(job.path, data=html.encode())
