"""Validate stage, editions: one edition.yaml (and its texts) -> an `Edition`.

Checks that need only the edition itself live here: types, required fields, real and ordered
dates, sessions inside the edition's days, timed sessions that do not overlap. References to
people and organisations are checked in `validate_references`, once everything is loaded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

from . import characters
from . import fields as f
from .documents import Document as SourceDocument
from .documents import markdown_body, split_front_matter
from .edition import (
    DOCUMENT_KINDS,
    FORMATS,
    PARTS_OF_DAY,
    ROLES,
    SESSION_KINDS,
    Audience,
    Day,
    Document,
    Edition,
    Figure,
    Involvement,
    Matchmaking,
    Registration,
    Session,
    SpeakerRef,
    Talk,
    Venue,
)
from .edition_checks import check_days, check_keys, check_scripts, check_zone
from .image_files import ImageFile
from .model import SiteConfig, Text
from .problems import Problem, Where
from .slugs import slugify
from .suggestions import suggest_file
from .validate_images import picture
from .zones import named_zone, zone_meant

# An edition's agenda lists every one of its days (those it gives no programme for too): one that
# ended in 9000 listed 2.5 million, and check failed after minutes for want of memory.
MAX_DAYS = 366
SLUG = re.compile(r"^(?P<year>\d{4})-(?P<name>[a-z0-9]+(?:-[a-z0-9]+)*)\Z")  # (\Z: see fields.ID_PATTERN)


class _Reader:
    """Reads one edition: holds the problems list, the edition's languages and its files."""

    def __init__(self, problems: list[Problem], site_languages: tuple[str, ...],
                 files: dict[str, int], max_file_mb: int, retired: f.Retired | None = None) -> None:
        # the picture fields, set once the edition's original language is known
        self.banner: f.Converter[Any] = lambda value, where: None
        self.venue_image: f.Converter[Any] = lambda value, where: None
        self.problems = problems
        self.site_languages = site_languages
        self.files = files
        self.max_file_mb = max_file_mb
        self.retired = retired
        self.text: f.Converter[Text] = f.text_in(None, site_languages, retired, problems=problems)
        self.long_text: f.Converter[Text] = f.text_in(None, site_languages, retired, long=True,
                                                      problems=problems)
        # a proper name (a venue's, its address): written once, it is the same in every language,
        # and missing in none; the other texts are read in the edition's own language once known
        self.proper_name: f.Converter[Text] = f.text_in(None, site_languages, retired, problems=problems)

    def fields(self, data: Any, where: Where, what: str = "this") -> f.Fields:
        return f.Fields(data, where, self.problems, what)

    def items(self, convert: f.Converter[Any]) -> f.Converter[tuple[Any, ...]]:
        return f.list_of(convert, self.problems)

    def mapping(self, read: Callable[[f.Fields], Any], what: str) -> f.Converter[Any]:
        def convert(value: Any, where: Where) -> Any:
            if not isinstance(value, dict):
                raise f.Invalid(f"{what} must be a block of fields", "indent its fields under it")
            fields = self.fields(value, where, what)
            result = read(fields)
            fields.done()
            return result
        return convert

    # --- pieces ------------------------------------------------------------------------

    def venue(self, v: f.Fields) -> Venue:
        return Venue(city=v.take("city", self.text), country=v.take("country", f.country),
                     name=v.take("name", self.proper_name, None), address=v.take("address", self.proper_name, None),
                     coordinates=v.take("coordinates", f.coordinates, None), coordinates_where=v.at("coordinates"),
                     image=v.take("image", self.venue_image, None))

    def figure(self, v: f.Fields) -> Figure:
        return Figure(count=v.take("count", f.integer), more_than=v.flag("more_than", False),
                      countries=v.take("countries", f.integer, None))

    def audience(self, v: f.Fields) -> Audience:
        figure = self.mapping(self.figure, "a head count")
        return Audience(expected=v.take("expected", figure, None), reported=v.take("reported", figure, None))

    def involvement(self, v: f.Fields) -> Involvement:
        return Involvement(organisation=v.take("id", f.identifier), role=v.take("role", f.choice(*ROLES)),
                           note=v.take("note", self.long_text, None), where=v.at("id"))

    def registration(self, v: f.Fields) -> Registration:
        registration = Registration(url=v.take("url", f.url, None), opens=v.take("opens", f.date, None),
                                    closes=v.take("closes", f.date, None), source=v.where,
                                    closed=v.flag("closed", False), dates_at=(v.at("opens"), v.at("closes")))
        if registration.opens and registration.closes and registration.closes < registration.opens:
            v.error("closes", "registration closes before it opens", "check both dates")
        return registration

    def matchmaking(self, v: f.Fields) -> Matchmaking:
        places: dict[str, Where] = {}
        return Matchmaking(
            date=v.take("date", f.date, None), part_of_day=v.take("part_of_day", f.choice(*PARTS_OF_DAY), None),
            supported_by=v.take("with", self.items(f.placed(f.identifier, places)), ()),
            sectors=v.take("sectors", self.items(self.text), ()),
            meetings=v.take("meetings", f.integer, None),
            description=v.take("description", self.long_text, None), source=v.where,
            places=MappingProxyType(places))

    def file_reference(self, v: f.Fields, key: str = "file") -> str | None:
        path = v.take(key, f.string, None)
        if path is None:
            return None
        if not path.startswith("files/") or ".." in path.split("/"):
            bare = path.removeprefix("./").lstrip("/")
            inside = bare if bare.startswith("files/") else "files/" + bare
            if inside in self.files:  # it is there: only its folder is missing from the name
                v.error(key, f"a file is named with its folder: {inside!r}, not {path!r}",
                        f"write {inside!r}")
            else:
                v.error(key, f"{path!r} does not name a file in this edition's files/ folder",
                        "put the file in the edition's files/ folder and write 'files/<name>'")
            return None
        if path not in self.files:
            available = [name for name in self.files]
            same = [name for name in available if characters.composed(name) == characters.composed(path)]
            if same:  # the same letters, an accent stored apart (as macOS and zip files may write names)
                v.error(key, f"the file {path!r} does not exist as written: the folder's {same[0]!r} has the same "
                        "letters, stored another way", "rename the file in files/, typing its name again")
                return None
            v.error(key, f"the file {path!r} does not exist",
                    suggest_file(path, available) or "add the file to the edition's files/ folder, or fix the name")
            return None
        size_mb = self.files[path] / 1_000_000
        if size_mb > self.max_file_mb:
            self.problems.append(Problem(v.at(key), f"the file {path!r} is {size_mb:.0f} MB, over the "
                                        f"{self.max_file_mb} MB limit", "many visitors are on slow links: "
                                        "compress it, or raise max_file_size_mb in site.yaml", severity="warning"))
        return path

    def document(self, v: f.Fields, default_kind: str = "other", titled: bool = True) -> Document:
        title = v.take("title", self.text) if titled else v.take("title", self.text, None)
        kind = v.take("kind", f.choice(*DOCUMENT_KINDS), default_kind)
        file = self.file_reference(v)
        link = v.take("url", f.url, None)
        page = v.take("page", f.url, None)
        if file and link:
            v.error("url", "a document is either a file here or a page elsewhere, not both",
                    "keep 'file' or 'url'")
        if page and (file or link):
            v.error("page", "'page' is for a document that is not published here and has no link of its own",
                    "remove 'page': the document already has its 'file' or 'url'")
        return Document(title=title, kind=kind, file=file, url=None if file else link,
                        language=v.take("language", f.language, None),
                        size=self.files.get(file) if file else None, page=page)

    def slides(self, value: Any, where: Where) -> Document:
        if value == "unpublished":
            return Document(title=None, kind="presentation")
        if not isinstance(value, dict):
            raise f.Invalid("slides must be 'unpublished' or a block with 'file' or 'url'",
                            "write 'slides: {file: files/talk.pdf}' or 'slides: unpublished'")
        return self.mapping(lambda v: self.document(v, "presentation", titled=False), "slides")(value, where)

    def speaker(self, value: Any, where: Where) -> SpeakerRef:
        if isinstance(value, str):
            return SpeakerRef(person=f.identifier(value, where), where=where)
        return self.mapping(lambda v: SpeakerRef(
            person=v.take("person", f.identifier), role=v.take("role", self.text, None),
            organisation=v.take("organisation", f.identifier, None), where=v.at("person"),
            organisation_where=v.at("organisation")), "a speaker")(value, where)

    def talk(self, v: f.Fields) -> Talk:
        untitled = "title" not in v.data  # a titled talk may name no speaker: the source names none
        speakers = v.take("speakers", self.items(self.speaker)) if untitled else \
            v.take("speakers", self.items(self.speaker), ())
        if untitled and v.data.get("speakers") == []:
            v.error("speakers", "a talk needs at least one speaker or a title", "list them: speakers: [ana-popescu]")
        language, interpretation = self.languages(v)
        return Talk(speakers=speakers or (),
                    title=v.take("title", self.text, None), slides=v.take("slides", self.slides, None),
                    language=language, interpretation=interpretation,
                    cancelled=v.flag("cancelled", False))

    def languages(self, v: f.Fields) -> tuple[str | None, tuple[str, ...]]:
        """`language` (the one it is held in) and `interpretation` (those it is interpreted into)."""
        places: dict[str, Where] = {}
        spoken = v.take("language", f.known_language, None)
        one = f.placed(f.known_language, places)
        many = self.items(one)
        into = v.take("interpretation", lambda value, where: (one(value, where),) if isinstance(value, str)
                      else many(value, where), ()) or ()  # one language may be written without brackets
        for lang in into:
            if lang == spoken:
                self.problems.append(Problem(places.get(lang, v.at("interpretation")), f"'interpretation': the "
                                             f"session is already held in {lang!r}",
                                             f"remove {lang!r}: list only the languages it is interpreted into"))
        return spoken, tuple(dict.fromkeys(into))

    def session(self, v: f.Fields) -> Session:
        places: dict[str, Where] = {}
        people = self.items(f.placed(f.identifier, places))
        end, next_day = v.take("end", f.end_time, (None, False))
        language, interpretation = self.languages(v)
        session = Session(
            kind=v.take("kind", f.choice(*SESSION_KINDS)), title=v.take("title", self.text),
            start=v.take("start", f.time, None), end=end, ends_next_day=next_day,
            part_of_day=v.take("part_of_day", f.choice(*PARTS_OF_DAY), None),
            track=v.take("track", self.text, None), room=v.take("room", self.text, None),
            chairs=v.take("chairs", people, ()), moderators=v.take("moderators", people, ()),
            facilitators=v.take("facilitators", people, ()),
            organiser=v.take("organiser", f.placed(f.identifier, places), None),
            description=v.take("description", self.long_text, None),
            talks=v.take("talks", self.items(self.mapping(self.talk, "a talk")), ()),
            source=v.where, id=v.take("id", f.identifier, None), id_where=v.at("id") if v.has("id") else None,
            places=MappingProxyType(places),
            language=language, interpretation=interpretation, cancelled=v.flag("cancelled", False))
        if session.end and v.data.get("start") is None:  # (a start written wrong is its own mistake)
            v.error("end", "a session with an end needs a start", "add 'start: \"HH:MM\"' or remove 'end'")
        if session.start and session.end and session.end <= session.start and not next_day:
            v.error("end", "the session ends before it starts",
                    f"it starts at {session.start:%H:%M} and ends at {session.end:%H:%M}: "
                    "check both times (24-hour form, like \"14:30\"); if it ends after midnight, "
                    "write the end like \"01:30+1\"")
        if session.start and session.end and session.end > session.start and next_day:
            v.error("end", "the session would last more than a day",
                    f"it starts at {session.start:%H:%M} and ends at {session.end:%H:%M} the next day: "
                    "check both times")
        if session.part_of_day and session.start:
            v.error("part_of_day", "a session with times needs no part of the day", "remove 'part_of_day'")
        return session

    def day(self, v: f.Fields) -> Day:
        return Day(date=v.take("date", f.date), title=v.take("title", self.text, None),
                   topics=v.take("topics", self.items(self.text), ()),
                   sessions=v.take("sessions", self.items(self.mapping(self.session, "a session")), ()),
                   source=v.where)


def _no_series(value: Any, where: Where) -> str:
    raise f.Invalid("site.yaml defines no series to choose from", "add the series under 'series:' in site.yaml")


def _timezone(value: Any, where: Where) -> str:
    if isinstance(value, bool):  # no zone is named yes or no: quoting the word would only lead to the next error
        raise f.Invalid("expected the name of a time zone, but YAML reads this word as a yes-or-no",
                        "write the zone of the edition's venue, such as Europe/Bucharest")
    name = f.string(value, where)
    if named_zone(name) is None:
        meant = zone_meant(name)
        raise f.Invalid(f"{name!r} is not a known time zone",
                        f"did you mean {meant!r}?" if meant else "use an IANA name such as Europe/Bucharest"
                        + (": an offset changes with summer time, a city's zone follows it" if any(
                            c.isdigit() for c in name) else ""))
    return name


def former_slug(value: Any, where: Where) -> str:
    """A folder name the edition had, '<year>-<name>' as every edition's: an old address is
    published again, so a name such as 'calendar' or 'files' would take the site's own files."""
    text = f.identifier(value, where)
    if not SLUG.match(text):
        raise f.Invalid(f"{text!r} is not a folder name an edition can have had: '<year>-<name>'",
                        "list the edition's earlier folder names, like '2024-chisinau'")
    return text


def _page_header(text: SourceDocument) -> Problem | None:
    """A warning when an edition's text starts with a site page's header ('---', 'title: …', '---'):
    it has none, so Markdown shows the header as a rule and a heading that reads 'title: …'."""
    if not text.text.startswith("---"):
        return None
    header, _, body_line, found = split_front_matter(text.text, text.path)
    if found or not header:
        return None
    return Problem(Where(text.path, 1, 1), "an edition's text has no header: the page would show these lines as a "
                   f"rule and a heading that starts '{text.text.splitlines()[1].strip()}'",
                   f"delete lines 1 to {body_line - 1}: the edition's title and facts come from its edition.yaml",
                   severity="warning")


def _folder_meant(slug: str) -> str:
    """The '<year>-<name>' an edition's folder name says ('2026 Ruse', '2026-Iași', 'Ruse 2026'), or ''."""
    name = slugify(slug)
    if (year_last := re.fullmatch(r"(.+)-(\d{4})", name)) and not SLUG.match(name):
        name = f"{year_last[2]}-{year_last[1]}"
    return f"'{name}'" if SLUG.match(name) else ""


def read_edition(document: SourceDocument, slug: str, texts: dict[str, SourceDocument],
                 files: dict[str, int], site: SiteConfig, problems: list[Problem],
                 retired: f.Retired | None = None, images: Mapping[str, ImageFile] | None = None) -> Edition | None:
    """Validate one edition; None when it is too broken to use (its problems are recorded).
    `images`: the pictures beside edition files, as load inspected them."""
    start_count = len(problems)
    where = Where(document.path, 1, 1)
    match = SLUG.match(slug)
    if not match:
        problems.append(Problem(Where(document.path), f"the folder name {slug!r} is not '<year>-<name>'",
                                f"rename the folder to {meant}: the year, a hyphen, ASCII lower-case words"
                                if (meant := _folder_meant(slug)) else
                                "rename the folder like '2024-chisinau': the year, a hyphen, ASCII lower-case words"))
    site_languages = site.languages
    series_ids = tuple(s.id for s in site.series)
    reader = _Reader(problems, site_languages, files, site.max_file_mb, retired)
    v = reader.fields(document.data, where, "edition.yaml")
    paused = tuple(sorted(retired.languages)) if retired else ()
    declared = v.take("languages", reader.items(f.choice(*site_languages, *paused))) or ()
    if v.data.get("languages") == []:
        v.error("languages", "list at least one language", "for example: languages: [en]")
    original = declared[0] if declared else site_languages[0]  # texts are read in it, even when retired
    reader.text = f.text_in(original, site_languages, retired, problems=problems)
    reader.long_text = f.text_in(original, site_languages, retired, long=True, problems=problems)
    folder = document.path.rsplit("/", 1)[0]
    reader.banner = picture("banner", folder, images or {}, reader.text, reader.text, problems, site.max_image_kb)
    reader.venue_image = picture("venue", folder, images or {}, reader.text, reader.text, problems, site.max_image_kb)
    languages = tuple(lang for lang in declared if lang in site_languages)
    if declared and not languages:
        v.error("languages", f"this edition is written only in {', '.join(declared)}, which site.yaml no "
                "longer lists", "add the language back to site.yaml's 'languages', or give the edition "
                "another language")
    if retired is not None:
        for lang in (lang for lang in declared if lang not in languages):
            retired.saw(lang, document.path)
        for lang, text in list(texts.items()):
            if lang in retired and lang not in site_languages:
                retired.saw(lang, text.path)
                del texts[lang]
    series = v.take("series", f.choice(*series_ids) if series_ids else _no_series)
    dates = v.take("dates", reader.mapping(lambda d: (d.take("start", f.date), d.take("end", f.date)), "dates"))
    start, end = dates if dates else (None, None)
    if start and end and end < start:
        v.error("dates", "the edition ends before it starts", "check 'start' and 'end' under 'dates'")
    elif start and end and (end - start).days >= MAX_DAYS:
        v.error("dates", f"the edition lasts {(end - start).days + 1:,} days, more than the {MAX_DAYS} an edition may",
                "check the year of 'end' under 'dates'")
    if match and start and start.year != int(match["year"]):
        v.error("dates", f"the edition starts in {start.year} but its folder says {match['year']}",
                "fix the start date, or rename the folder to match the year")
    fmt = v.take("format", f.choice(*FORMATS), None)
    venue = v.take("venue", reader.mapping(reader.venue, "venue"), None)
    if fmt in ("in-person", "hybrid") and venue is None and v.data.get("venue") is None:
        v.error("format", f"an {fmt} edition needs a venue (city and country at least)",
                "add a 'venue' block with 'city' and 'country'")
    if fmt is None and "format" not in v.data and v.data.get("venue") is None:
        problems.append(Problem(where, "this edition has neither a format nor a venue",
                                "add a 'venue' block with 'city' and 'country', or 'format: online'"))
    online_url = v.take("online_url", f.url, None)
    former: dict[str, Where] = {}
    if online_url and fmt == "in-person":
        v.error("online_url", "an in-person edition has no online link", "remove it, or set format: hybrid")
    edition = Edition(
        slug=slug, year=int(match["year"]) if match else 0, series=series, languages=tuple(languages),
        title=v.take("title", reader.text), start=start, end=end,
        timezone=v.take("timezone", _timezone), format=fmt, source=where,
        theme=v.take("theme", reader.text, None), venue=venue, online_url=online_url,
        organisations=v.take("organisations", reader.items(reader.mapping(reader.involvement, "an organisation")), ()),
        audience=v.take("audience", reader.mapping(reader.audience, "audience"), Audience()),
        objectives=v.take("objectives", reader.items(reader.text), ()),
        topics=v.take("topics", reader.items(reader.text), ()),
        industries=v.take("industries", reader.items(reader.text), ()),
        context=v.take("context", reader.long_text, None),
        registration=v.take("registration", reader.mapping(reader.registration, "registration"), None),
        matchmaking=v.take("matchmaking", reader.mapping(reader.matchmaking, "matchmaking"), None),
        downloads=v.take("downloads", reader.items(reader.mapping(reader.document, "a download")), ()),
        sources=v.take("sources", reader.items(f.url), ()),
        agenda=v.take("agenda", reader.items(reader.mapping(reader.day, "a day")), ()),
        draft=v.flag("draft", False),
        programme_pdf=v.flag("programme_pdf", False),
        former_slugs=v.take("former_slugs", reader.items(f.placed(former_slug, former)), ()),
        files=tuple(sorted(files)),
        body={lang: markdown_body(doc.text) for lang, doc in sorted(texts.items())},
        inputs=(document.path, *(doc.path for _, doc in sorted(texts.items())),
                *(path for path, image in (images or {}).items() if path.startswith(folder + "/")
                  and path.count("/") == folder.count("/") + 1 and image.format)),
        places=MappingProxyType(former),
        image=v.take("image", reader.banner, None),
        body_sources=MappingProxyType({lang: Where(doc.path, 1, 1) for lang, doc in sorted(texts.items())}),
    )
    v.done()
    check_zone(edition, v.at("timezone"), problems)
    for lang, text in sorted(texts.items()):
        if lang not in site_languages:
            problems.append(Problem(Where(text.path), f"the language {lang!r} is not one of the site's languages",
                                    f"site.yaml lists {', '.join(site_languages)}"))
        elif (header := _page_header(text)) is not None:
            problems.append(header)
    def has_errors() -> bool:
        return any(p.is_error for p in problems[start_count:])

    if has_errors():
        return None
    check_days(edition, problems)
    check_keys(edition, problems)
    check_scripts(edition, problems)
    return None if has_errors() else edition
