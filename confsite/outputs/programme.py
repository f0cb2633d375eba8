"""The printed programme: a PDF of an edition's agenda in each of the site's languages, for the
editions whose edition.yaml asks for one (`programme_pdf: true`).

It is the agenda's content laid out for paper by `templates/programme.html` and its print style
sheet, in the fonts the engine ships in `confsite/fonts/` (DejaVu Sans covers ș, ț and Cyrillic),
and turned into a PDF by WeasyPrint. The PDFs are made before the agenda (which names this unit
in its `after`), so that it can give the size of its PDF; `serve` makes none (WeasyPrint is
slow). Two builds on one day give the same bytes: the PDF's dates are the build's date, its
identifier is made from its path, and its fonts keep the date of the font files (HarfBuzz's
subsetter) or, where WeasyPrint falls back to fontTools, carry the build's date.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import functools
import hashlib
import importlib.metadata
import logging
import os
import pathlib
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from .. import cards
from ..problems import Problem, Where
from ..site import PagePlan, Site
from . import agenda
from .base import Env, Job, Output, PageKind

TEMPLATE = "programme.html"
# the engine's own fonts, the share cards' (part of the engine's hash, so of every cache key)
FONTS = {"regular": cards.REGULAR.as_uri(), "bold": cards.BOLD.as_uri()}


def printed(site: Site, slug: str) -> bool:
    """Whether an edition gets a printed programme: it asks for one, and has an agenda to print."""
    state = site.by_slug[slug]
    return state.edition.programme_pdf and state.has_agenda


def context(site: Site, plan: PagePlan) -> dict[str, Any]:
    return agenda.context(site, plan) | {"agenda_url": site.urls.absolute(plan.path), "fonts": FONTS}


# the programme's HTML, filled in like any page of the agenda (its helpers, its texts)
PRINT = PageKind("programme", TEMPLATE, context=context, edition_of=agenda.edition_of, text_source=agenda.text_source)


def _library(*names: str) -> ctypes.CDLL | None:
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


@functools.cache
def pdf_tools() -> str:
    """What a programme's bytes depend on beyond the engine's Python libraries: Pango's and
    HarfBuzz's versions, and whether HarfBuzz's subsetter is there (without it WeasyPrint cuts the
    fonts down with fontTools, into other bytes). Looked up without loading WeasyPrint, which takes
    half a second: a warm build makes no PDF and must not pay for one."""
    pango = _library("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")
    harfbuzz = _library("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")
    subset = _library("libharfbuzz-subset.so.0", "libharfbuzz-subset.0.dylib", "libharfbuzz-subset-0.dll")
    version = "none"
    if harfbuzz is not None:
        harfbuzz.hb_version_string.restype = ctypes.c_char_p
        version = harfbuzz.hb_version_string().decode()
    try:
        fonttools = importlib.metadata.version("fonttools")
    except importlib.metadata.PackageNotFoundError:
        fonttools = "none"
    return (f"pango {pango.pango_version() if pango is not None else 'none'}, harfbuzz {version}, "
            f"subsetter {'yes' if subset is not None else 'no'}, fonttools {fonttools}")


class Programme:
    name = "programme"
    cached = True
    exact_clock = False  # it shows the build's date, not its time
    # a few tenths of a second each, after loading WeasyPrint (half a second): worth rendering on
    # every core even when few, and taken first by one process while the others render pages
    slow = True

    def tools(self) -> str:  # part of each PDF's cache key (`base.Unit`)
        return pdf_tools()

    def jobs(self, env: Env) -> Iterator[Job]:
        if not env.publishing:
            return
        site = env.site
        for state in site.editions:
            if not printed(site, state.edition.slug):
                continue
            for lang in site.content.site.languages:
                plan = site.plan("agenda", state.edition.slug, lang)
                if plan is not None:
                    yield Job(agenda.programme_path(state.edition.slug, lang), plan)

    def render(self, job: Job, env: Env) -> Output | None:
        page = PRINT.render(job, env)
        if page is None or page.data is None:
            return None
        try:
            import weasyprint  # noqa: F401 - WeasyPrint loads Pango, the system's text layout library
        except OSError as error:
            env.problems.append(Problem(Where(f"templates/{TEMPLATE}"), f"the printed programme /{job.path} "
                                        f"could not be made: WeasyPrint cannot load Pango ({error})",
                                        "install Pango (Debian, Ubuntu: apt-get install libpango-1.0-0 "
                                        "libpangoft2-1.0-0), or remove programme_pdf from the edition"))
            return None
        try:
            data = pdf(page.data.decode("utf-8"), job.path, env)
        except Exception as error:  # WeasyPrint can fail in many ways: report it, never a traceback
            env.problems.append(Problem(Where(f"templates/{TEMPLATE}"), f"the printed programme /{job.path} "
                                        f"could not be made: {type(error).__name__}: {error}",
                                        "check the template's print style sheet"))
            return None
        return Output(job.path, data=data)


def pdf(html: str, path: str, env: Env) -> bytes:
    """The PDF of a programme's HTML. Only the engine's fonts are read: nothing is fetched from the
    network, whatever the content links to."""
    from urllib.request import url2pathname  # (which loads http.client: not for the builds that print nothing)

    import weasyprint  # imported here: only the builds that print need it
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    fonts = {uri: pathlib.Path(url2pathname(urlsplit(uri).path)) for uri in FONTS.values()}

    class Assets(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url in fonts:
                return URLFetcherResponse(url, fonts[url].read_bytes(), {"Content-Type": "font/ttf"})
            raise ValueError(f"the printed programme reads only the engine's fonts, not {url}")

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # a refused link is no news
    document = weasyprint.HTML(string=html, base_url=env.site.urls.absolute(path), url_fetcher=Assets())
    identifier = hashlib.blake2b(path.encode(), digest_size=16).hexdigest().encode()
    fonts_met = FontConfiguration()
    try:
        with _fonts_dated(env.site.built_at.date()):
            return document.write_pdf(pdf_identifier=identifier, font_config=fonts_met)
    finally:
        # WeasyPrint copies the fonts it meets into a folder in the system's temporary folder, and
        # removes it only when the garbage collector reaches the configuration (it is in a cycle):
        # never, in a worker the pool ends first. So it is removed here, as WeasyPrint's __del__ does.
        folder, fonts_met._folder = getattr(fonts_met, "_folder", None), None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _fonts_dated(day: dt.date) -> Iterator[None]:
    """Fonts that fontTools writes meanwhile carry `day` as their date. Where the system has no
    HarfBuzz subsetter, WeasyPrint cuts the fonts down with fontTools, which dates each font it
    writes with the clock (to the second, so two builds differed) unless SOURCE_DATE_EPOCH says
    otherwise; HarfBuzz's subsetter keeps the font file's own date and reads no clock."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


UNIT = Programme()
