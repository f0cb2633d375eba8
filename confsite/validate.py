"""Validate stage: loaded documents -> the content model, or every problem found.

Reads site.yaml, people, organisations, pages and editions (editions in `validate_edition`),
then checks that every reference between them points at something that exists
(`validate_references`). Each YAML file is parsed as it is read, and its tree let go once it is
read: the model is then made without the trees of the other files around it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import PurePosixPath, PureWindowsPath
from types import MappingProxyType
from typing import Any, TypeVar

from . import fields as f
from . import unread
from .documents import Document as SourceDocument
from .documents import markdown_body, parsed, split_front_matter
from .image_files import ImageFile
from .load import PHOTO_NAMED_OTHERWISE, PHOTO_TYPES, Sources
from .model import Content, Organisation, Page, Person, Picture, Series, SiteConfig
from .plain_text import shown_as_written
from .problems import Problem, Where, working_on
from .project import SOURCE_FOLDERS, hidden_part
from .readings import Readings
from .recording import Keyed
from .slugs import slug_hint
from .validate_edition import read_edition
from .validate_images import checked, picture
from .validate_references import check_former_slugs, check_references

T = TypeVar("T")


def site_base_url(value: Any, at: Where) -> str:
    """The site's address: a web address without a query or a #fragment (site.yaml and --base-url)."""
    text = f.url(value, at)
    if "?" in text or "#" in text:
        raise f.Invalid("the base URL cannot have a query or #fragment", "write it like https://example.org/conf/")
    return text


OUTPUT_HINT = "name a folder inside the project for the built site, like 'output: _site'"


def site_output(text: str) -> str:
    """site.yaml's `output`, as written: a folder inside the project, not a source or hidden one.

    A pull request may change site.yaml, and the build replaces the whole folder, so it must not
    name one elsewhere. (The links on the way are followed when the site is built: `check_output_folder`.)"""
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).anchor:
        raise f.Invalid(f"{text!r} is outside the project", f"{OUTPUT_HINT}: a path from the project folder, "
                        "without a leading / or drive")
    parts = [part for part in re.split(r"[/\\]", text) if part not in ("", ".")]
    if ".." in parts:
        raise f.Invalid(f"{text!r} holds '..', which leads out of the folder it is in",
                        f"{OUTPUT_HINT}: a path from the project folder down, without '..'")
    if not parts:
        raise f.Invalid(f"{text!r} is the project itself, which the build would replace", OUTPUT_HINT)
    hidden = hidden_part(parts)
    if hidden is not None:
        is_in = "is in" if hidden_part(parts[:-1]) else "is"
        raise f.Invalid(f"{text!r} {is_in} the hidden folder {hidden}/, which the build must not replace",
                        OUTPUT_HINT)
    if parts[0].casefold() in SOURCE_FOLDERS:
        is_in = "is" if len(parts) == 1 else "is in"
        raise f.Invalid(f"{text!r} {is_in} the source folder {parts[0]}/, which the build must not replace",
                        OUTPUT_HINT)
    return text


def positive(value: Any, at: Where) -> int:
    number = f.integer(value, at)
    if number < 1:
        raise f.Invalid(f"expected a number above 0, got {number}", "write a whole number, like 25")
    return number


def read_site(document: SourceDocument, problems: list[Problem], retired: f.Retired | None = None,
              catalogs: tuple[str, ...] = ()) -> SiteConfig | None:
    """site.yaml; `retired` learns the languages with a catalog (or English, the interface's own)
    that site.yaml no longer lists."""
    where = Where(document.path, 1, 1)
    v = f.Fields(document.data, where, problems, "site.yaml")
    languages = v.take("languages", f.list_of(f.site_language, problems)) or ("en",)
    if v.data.get("languages") == []:
        v.error("languages", "list at least one language", "for example: languages: [en, ro, bg]")
    if retired is not None:
        retired.languages = frozenset({*catalogs, "en"} - set(languages))
    text = f.text_in(languages[0], languages, retired, problems=problems)
    long_text = f.text_in(languages[0], languages, retired, long=True, problems=problems)

    def series(value: Any, at: Where) -> Series | None:
        s = f.Fields(value, at, problems, "a series")
        ident = s.take("id", f.identifier)
        result = Series(id=ident, name=s.take("name", text),
                        description=s.take("description", long_text, None))
        s.done()
        return result if ident else None  # a series without a usable id was reported; leave it out

    def output(value: Any, at: Where) -> str:
        try:
            text = f.string(value, at)
        except f.Invalid as error:
            raise f.Invalid(error.message, OUTPUT_HINT) from error
        return site_output(text)

    places: dict[str, Where] = {}
    config = SiteConfig(
        title=v.take("title", text), base_url=v.take("base_url", site_base_url),
        output=v.take("output", output, "_site"), output_at=v.at("output") if v.has("output") else None,
        languages=tuple(languages),
        series=v.take("series", f.list_of(series, problems)) or (),
        navigation=v.take("navigation", f.list_of(f.placed(f.identifier, places), problems), ("home",)),
        source=where, max_file_mb=v.take("max_file_size_mb", positive, 25),
        max_text_file_kb=v.take("max_text_file_kb", positive, 1000),
        max_image_kb=v.take("max_image_kb", positive, 1000),
        places=MappingProxyType(places))
    v.done()
    if len(set(languages)) != len(languages):
        v.error("languages", "a language is listed twice", "list each language once")
    ids = [s.id for s in config.series]
    for duplicate in {i for i in ids if ids.count(i) > 1}:
        v.error("series", f"the series id {duplicate!r} is used twice", "give each series its own id")
    return config


def read_organisation(slug: str, document: SourceDocument, languages: tuple[str, ...],
                      problems: list[Problem], retired: f.Retired | None = None,
                      images: Mapping[str, ImageFile] | None = None, max_image_kb: int = 1000) -> Organisation:
    v = f.Fields(document.data, Where(document.path, 1, 1), problems, "an organisation file")
    text = f.text_in(None, languages, retired, problems=problems)
    alt = f.text_in(languages[0], languages, retired, problems=problems)
    logo = picture("logo", document.path.rsplit("/", 1)[0], images or {}, alt, text, problems, max_image_kb)
    organisation = Organisation(
        id=slug, name=v.take("name", text), short_name=v.take("short_name", text, None),
        country=v.take("country", f.country, None), url=v.take("url", f.url, None),
        source=Where(document.path, 1, 1), logo=v.take("logo", logo, None))
    v.done()
    return organisation


def read_person(slug: str, document: SourceDocument, languages: tuple[str, ...],
                problems: list[Problem], retired: f.Retired | None = None, photo: str | None = None,
                images: Mapping[str, ImageFile] | None = None, max_image_kb: int = 1000) -> Person:
    """A person; `photo` is a picture found beside their file (content/people/<id>.jpg), used when
    the file gives no `photo` field, with their name as its alt text."""
    v = f.Fields(document.data, Where(document.path, 1, 1), problems, "a person file")
    text = f.text_in(None, languages, retired, problems=problems)
    alt = f.text_in(languages[0], languages, retired, problems=problems)
    given = v.take("photo", picture("photo", document.path.rsplit("/", 1)[0], images or {}, alt, text, problems,
                                    max_image_kb), None)
    if given is None and photo and not v.has("photo"):
        given = checked(Picture("photo", photo, None, None, None, "", 0, 0, False, "", Where(photo)),
                        images or {}, problems, max_image_kb)
    person = Person(
        id=slug, name=v.take("name", text), role=v.take("role", text, None),
        organisation=v.take("organisation", f.identifier, None),
        has_page=v.flag("page", True), links=v.take("links", f.list_of(f.url, problems), ()),
        source=Where(document.path, 1, 1), organisation_where=v.at("organisation"), photo=given)
    v.done()
    return person


def read_page(slug: str, lang: str, document: SourceDocument, languages: tuple[str, ...],
              problems: list[Problem], retired: f.Retired | None = None) -> Page | None:
    header, body, body_line, found = split_front_matter(document.text, document.path)
    problems.extend(found)
    if retired is not None and lang in retired and lang not in languages:
        retired.saw(lang, document.path)
        return None
    if lang not in languages:
        problems.append(Problem(Where(document.path), f"the language {lang!r} is not one of the site's languages",
                                f"site.yaml lists {', '.join(languages)}"))
        return None
    if any(p.is_error for p in found):  # a broken header: its own problem, not also a missing title
        return None
    if not document.text.startswith("---"):
        problems.append(Problem(Where(document.path, 1, 1), "this page has no header with its title",
                                "start the file with three lines: '---', then 'title: The page title', then "
                                "'---'; the text follows below them"))
        return None
    v = f.Fields(header, Where(document.path, 1, 1), problems, "the page header")
    title = v.take("title", f.string)
    if title and (warning := shown_as_written(title, v.at("title"))) is not None:
        problems.append(warning)
    v.done()
    return Page(slug=slug, lang=lang, title=title, body=markdown_body(body), source=Where(document.path, 1, 1),
                body_line=body_line) if title else None


def validate(sources: Sources, problems: list[Problem], include_drafts: bool = False,
             readings: Readings | None = None) -> Content | None:
    """The content model, or None when the site config itself is unusable. Appends every problem.
    With `readings`, a document read the last time from the same inputs is not read again."""
    if sources.site is None:
        syntax_problems(sources, problems)
        return None
    retired = f.Retired()
    with working_on(sources.site.path):
        site = read_site(sources.site, problems, retired, sources.catalogs)
    if site is None or not site.languages:
        syntax_problems(sources, problems)
        return None
    if readings is None:
        readings = Readings(kept=False)
    elif readings.site != site or readings.retired != retired.languages:  # every document reads it
        readings.site, readings.retired, readings.made, readings.folders = site, retired.languages, {}, {}
    langs = site.languages
    for kind, documents in (("person", sources.people), ("organisation", sources.organisations)):
        for slug, doc in documents.items():
            if not f.ID_PATTERN.match(slug):
                problems.append(Problem(Where(doc.path), f"the file name {slug!r} cannot be a {kind}'s id",
                                        f"rename it {slug_hint(slug)}.yaml: lower-case ASCII letters, digits, hyphens"))
    for slug, lang in sources.pages:
        if not f.ID_PATTERN.match(slug):
            problems.append(Problem(Where(sources.pages[(slug, lang)].path),
                                    f"the file name {slug!r} cannot be a page address",
                                    f"rename it {slug_hint(slug)}.{lang}.md"))
    images = _by_folder(sources.images)
    pages = []
    organisation_images, people_images = images.get("content/organisations", {}), images.get("content/people", {})

    def read_organisations(slugs: Iterable[str], problems: list[Problem], retired: f.Retired
                           ) -> dict[str, Organisation]:
        read = {}
        for slug in slugs:
            doc = sources.organisations[slug]
            organisation = readings.read(
                ("organisation", slug), (doc.path, doc.text), organisation_images, problems, retired,
                lambda images, found, seen, slug=slug, doc=doc: _if_parsed(  # type: ignore[misc]
                    doc, found, lambda data: read_organisation(slug, data, langs, found, seen, images,
                                                               site.max_image_kb)))
            if organisation is not None:
                read[slug] = organisation
        return read

    def read_people(slugs: Iterable[str], problems: list[Problem], retired: f.Retired) -> dict[str, Person]:
        read = {}
        for slug in slugs:
            doc, photo = sources.people[slug], sources.photos.get(slug)
            person = readings.read(
                ("person", slug), (doc.path, doc.text, photo), people_images, problems, retired,
                lambda images, found, seen, slug=slug, doc=doc, photo=photo: _if_parsed(  # type: ignore[misc]
                    doc, found, lambda data: read_person(slug, data, langs, found, seen, photo, images,
                                                         site.max_image_kb)))
            if person is not None:
                read[slug] = person
        return read

    organisations = readings.folder("organisations", "organisation", (sources.organisations,), organisation_images,
                                    problems, retired, read_organisations)
    # a person's photo beside their file is theirs: the photos are read with them
    people = readings.folder("people", "person", (sources.people, sources.photos), people_images, problems, retired,
                             read_people)
    for slug, path in sorted(sources.photos.items()):
        if slug not in sources.people and not unread.names_file(path, sources.people.values()):
            problems.append(Problem(Where(path), f"this photo belongs to no person: there is no "
                                    f"content/people/{slug}.yaml", "name the photo like its person's file "
                                    "(ana-popescu.yaml, ana-popescu.jpg), or remove it", severity="warning"))
    for path in sorted(people_images):  # a photo beside a person's file, its ending written otherwise
        stem, dot, suffix = path.rpartition(".")
        kind = PHOTO_NAMED_OTHERWISE.get(f".{suffix.lower()}") if dot and f".{suffix}" not in PHOTO_TYPES else None
        if kind and not unread.names_file(path, sources.people.values()):
            problems.append(Problem(Where(path), "this photo is not used: a person's photo beside their file ends "
                                    "in .jpg, .png or .webp, in small letters", f"rename it to "
                                    f"{stem.rsplit('/', 1)[-1]}{kind}, or name it in the person's 'photo' field",
                                    severity="warning"))
        elif not kind and f".{suffix}" not in PHOTO_TYPES and not unread.names_file(path, sources.people.values()):
            problems.append(unread.beside_people(path, people_images[path]))
    problems += unread.unused_pictures(organisation_images, {o.logo.file for o in organisations.values() if o.logo},
                                       sources.organisations.values(), "its organisation's file, as its 'logo'")
    for (slug, lang), doc in sorted(sources.pages.items()):
        page = readings.read(("page", slug, lang), (doc.path, doc.text), {}, problems, retired,
                             lambda images, found, seen, slug=slug, lang=lang, doc=doc: read_page(  # type: ignore[misc]
                                 slug, lang, doc, langs, found, seen))
        if page:
            pages.append(page)
    texts_of: dict[str, dict[str, SourceDocument]] = {}
    for (slug, lang), doc in sources.texts.items():
        texts_of.setdefault(slug, {})[lang] = doc
    editions, drafts = [], []
    for slug, document in sources.editions.items():
        texts = texts_of.get(slug, {})
        files = sources.files.get(slug, {})
        inputs = (document.path, document.text, files,
                  *(part for lang, doc in sorted(texts.items()) for part in (lang, doc.path, doc.text)))
        edition = readings.read(
            ("edition", slug), inputs, images.get(document.path.rsplit("/", 1)[0], {}), problems, retired,
            lambda images, found, seen, slug=slug, document=document, texts=texts, files=files: _if_parsed(  # type: ignore[misc]
                document, found, lambda data: read_edition(data, slug, dict(texts), files, site, found, seen, images)))
        if edition is not None:
            (editions if include_drafts or not edition.draft else drafts).append(edition)
        venue = edition.place.venue if edition is not None else None  # (one that failed: its text is looked in)
        problems += unread.unused_pictures(
            images.get(document.path.rsplit("/", 1)[0], {}),
            {p.file for p in (edition.image if edition else None, venue.image if venue else None) if p},
            (document,), "edition.yaml, as the edition's or the venue's 'image'")
    content = Content(
        site=site, editions=tuple(sorted(editions, key=lambda e: (e.start, e.slug))),
        people=Keyed("people", people), organisations=Keyed("organisations", organisations), pages=tuple(pages),
        drafts=tuple(sorted(drafts, key=lambda e: e.slug)))
    readings.forget_unread()
    check_references(content, problems, readings)
    check_former_slugs(content, problems)
    problems += retired_notes(retired, sources.site)
    return content


def syntax_problems(sources: Sources, problems: list[Problem]) -> None:
    """What stops each YAML file of content/ from being parsed, when site.yaml cannot be used and
    none is read: an editor sees every such mistake in one build, as before the files were parsed
    one by one."""
    for document in (*sources.editions.values(), *sources.people.values(), *sources.organisations.values()):
        with working_on(document.path):
            parsed(document, problems)


def _if_parsed(document: SourceDocument, problems: list[Problem], read: Callable[[SourceDocument], T]) -> T | None:
    """What `read` makes of a YAML file once it is parsed; None when it cannot be. Its YAML tree is
    let go as soon as it is read."""
    data = parsed(document, problems)
    return read(data) if data is not None else None


def _by_folder(images: Mapping[str, ImageFile]) -> dict[str, dict[str, ImageFile]]:
    """The images by the folder they are in: each document's pictures are in its own folder."""
    found: dict[str, dict[str, ImageFile]] = {}
    for path, image in images.items():
        found.setdefault(path.rsplit("/", 1)[0], {})[path] = image
    return found


def retired_notes(retired: f.Retired, site_yaml: SourceDocument) -> list[Problem]:
    """One note per language site.yaml no longer lists, instead of an error for each of its texts."""
    data = site_yaml.data
    where = data.value_where.get("languages", Where(site_yaml.path, 1, 1)) if hasattr(data, "value_where") \
        else Where(site_yaml.path, 1, 1)
    return [Problem(where, f"the language {lang!r} is not in site.yaml's languages: its texts in "
                    f"{len(files)} file(s) are kept but not published",
                    f"to publish them again, add {lang} back to 'languages'", severity="note")
            for lang, files in sorted(retired.files.items())]
