"""`new`: start an edition, a person, an organisation or a page from commented files that already
pass `check`.

Nothing here overwrites a file: an existing target is an error, and nothing is written then.
A new edition is a draft (shown by `serve`, left out of `build`) until its editor removes the line.
"""

from __future__ import annotations

import pathlib
import re

import yaml

from .fields import FIRST_YEAR, ID_PATTERN, LAST_YEAR
from .load import read_yaml_file
from .slugs import name_key, slugify, transliterate
from .suggestions import suggest


class ScaffoldError(ValueError):
    """A request `new` cannot carry out; the message says why and what to do."""


EDITION = """\
# A new edition. Every field is explained in docs/editors-guide.md.
# It is a draft: `python build.py serve` shows it, `build` leaves it out until you delete the
# line 'draft: true'. Write only what a source says; leave out what nobody knows yet.
draft: true
series: {series}
languages: [{languages}]             # the languages its texts are written in; the first is the original
title:                               # in each language, in its own spelling and letters
{title}
dates:
  start: {year}-01-01                # replace with the real dates (YYYY-MM-DD)
  end: {year}-01-01
timezone: {timezone}           # the IANA time zone of the place
format: in-person                    # in-person, online or hybrid
venue:
  city: {city}
  country: "{country}"                       # two-letter country code
programme_pdf: true                  # a printable programme (PDF) of the agenda, once it has one
# organisations:
#   - {{id: example-agency, role: organiser}}
# objectives:
#   - en: What the edition wants to achieve
# topics:
#   - en: A topic
# registration:
#   url: https://…
#   opens: {year}-01-01
#   closes: {year}-01-01
# agenda:
#   - date: {year}-01-01
#     sessions:
#       - kind: keynote
#         title: {{en: …}}
"""

PERSON = """\
# One person; editions refer to them by the file name ({ident}). See docs/editors-guide.md.
name: {name}
# role: {{en: Director}}
# organisation: example-agency
# page: false            # uncomment to list them by name only, without a page of their own
"""

ORGANISATION = """\
# One organisation; editions refer to it by the file name ({ident}). See docs/editors-guide.md.
name: {name}
# short_name: ERA
# country: RO            # two capital letters
# url: https://…
"""

# the sentences `new` writes for the editor to replace; `check` warns when one is left in
EDITION_PLACEHOLDER = "Write the introduction of the edition here."
PAGE_PLACEHOLDER = "Write the page here, in Markdown."
PLACEHOLDERS = (EDITION_PLACEHOLDER, PAGE_PLACEHOLDER)

PAGE = """\
---
title: {title}
---
""" + PAGE_PLACEHOLDER + "\n"


def _read_mapping(root: pathlib.Path, path: pathlib.Path) -> dict[str, object]:
    """A YAML file's top-level mapping; a ScaffoldError (never a traceback) when it cannot be read."""
    document, problems = read_yaml_file(root, path)
    if document is None or problems:
        first = problems[0].format() if problems else f"{path} cannot be read"
        raise ScaffoldError(f"{first}\nrun: python build.py check")
    return dict(document.data)


def site_settings(root: pathlib.Path) -> tuple[list[str], list[str]]:
    """The series ids and languages of site.yaml, for `new`."""
    data = _read_mapping(root, root / "site.yaml")
    listed = [data.get(key) if isinstance(data.get(key), list) else [] for key in ("series", "languages")]
    series = [s.get("id") for s in listed[0] if isinstance(s, dict) and isinstance(s.get("id"), str)]
    languages = [lang for lang in listed[1] if isinstance(lang, str)] or ["en"]
    if not series:
        raise ScaffoldError("site.yaml defines no series; add one under 'series:' first")
    return series, languages


def _write_new(path: pathlib.Path, text: str) -> pathlib.Path:
    if path.exists():
        raise ScaffoldError(f"{path} already exists: nothing was changed")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite, even in a race
        stream.write(text)
    return path


def _quote(text: str) -> str:
    return yaml.safe_dump(text, allow_unicode=True, default_style='"').strip()


def choose_languages(answer: str, site_languages: list[str]) -> list[str]:
    """'ro, en' or 'ro en' -> ['ro', 'en']: each one of the site's languages, the first the original."""
    chosen = list(dict.fromkeys(re.findall(r"[a-z]{2,3}", answer.lower())))
    unknown = [lang for lang in chosen if lang not in site_languages]
    if unknown or not chosen:
        raise ScaffoldError(f"{', '.join(unknown) or repr(answer)}: choose among the site's languages "
                            f"({', '.join(site_languages)}), for example --languages {','.join(site_languages)}")
    return chosen


def new_edition(root: pathlib.Path, year: int, name: str, series: str, series_ids: list[str],
                languages: list[str], source: str | None = None, chosen: list[str] | None = None
                ) -> list[pathlib.Path]:
    """The edition's folder, with edition.yaml and a text file for each of its languages: `chosen`,
    else those of the `source` edition, else the site's."""
    slug = f"{year}-{slugify(name)}"
    if not re.match(r"^\d{4}$", str(year)) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ScaffoldError(f"{year!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    if not slugify(name):
        raise ScaffoldError(f"{name!r} gives no name for the folder: use letters, like Ruse")
    if series not in series_ids:
        raise ScaffoldError(f"unknown series {series!r}; site.yaml has: {', '.join(series_ids)}")
    folder = root / "content" / "editions" / slug
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists: nothing was changed")
    renamed = _renamed_from(root, slug)
    if renamed:
        raise ScaffoldError(f"{slug!r} was the name of the edition {renamed}, renamed since (its edition.yaml lists "
                            "it under former_slugs): its old links and calendar subscriptions lead there, so a new "
                            f"edition cannot have that name. Nothing was changed; choose another name, for example: "
                            f"new edition {year} \"{name.strip()} 2\"")
    city, country, timezone, langs = name.strip().title(), "RO", "Europe/Bucharest", languages
    if source:
        origin = root / "content" / "editions" / source / "edition.yaml"
        if not origin.is_file():
            editions = sorted(path.parent.name for path in (root / "content" / "editions").glob("*/edition.yaml"))
            raise ScaffoldError(f"there is no edition {source!r} to start from; "
                                + (suggest(source, editions) or f"the editions are: {', '.join(editions)}"))
        data = _read_mapping(root, origin)
        timezone = str(data.get("timezone", timezone))
        declared = data.get("languages")
        if isinstance(declared, list) and declared and all(isinstance(lang, str) for lang in declared):
            langs = [lang for lang in declared if lang in languages] or languages
        venue = data.get("venue")
        if isinstance(venue, dict) and isinstance(venue.get("country"), str):
            country = venue["country"]
    langs = chosen or langs
    country, timezone = _place_of(city, country, timezone)
    title = "\n".join(f"  {lang}: {_quote(f'{city} {year}')}" for lang in langs)
    cities = "{" + ", ".join(f"{lang}: {_quote(city)}" for lang in langs) + "}"
    text = EDITION.format(series=series, languages=", ".join(langs), title=title, year=year, timezone=timezone,
                          city=cities, country=country)
    written = [_write_new(folder / "edition.yaml", text)]
    for lang in langs:
        written.append(_write_new(folder / f"index.{lang}.md", EDITION_PLACEHOLDER + "\n"))
    return written


def _renamed_from(root: pathlib.Path, slug: str) -> str | None:
    """The edition whose former_slugs list `slug` (a file that cannot be read is passed over: `check` tells)."""
    for path in sorted((root / "content" / "editions").glob("*/edition.yaml")):
        document, _ = read_yaml_file(root, path)
        former = document.data.get("former_slugs") if document is not None and isinstance(document.data, dict) else None
        if isinstance(former, list) and slug in former:
            return path.parent.name
    return None


def _place_of(city: str, country: str, timezone: str) -> tuple[str, str]:
    """The country and time zone of a city the gazetteer knows: in the country of the edition the
    new one starts from when it has a city of that name there, else the most populous of that name
    (Ruse is in BG, on Europe/Sofia's clocks, whatever edition it starts from; Perth in AU, on
    Australia/Perth's). An unknown city keeps what it had; `check` questions it as any other."""
    from .geography import city_place
    from .zones import named_zone

    found = city_place(city, country)
    return found if found and named_zone(found[1]) else (country, timezone)


def _new_named(root: pathlib.Path, folder: str, template: str, name: str, ident: str | None,
               **fields: str) -> pathlib.Path:
    given, ident = ident, ident or slugify(name)
    if not ident and not given:  # a name in a script the slugs do not spell (李明)
        raise ScaffoldError(f"no id can be made from {name!r}: give one with --id, in lower-case ASCII letters, "
                            "digits and hyphens (--id li-ming)")
    if not ID_PATTERN.match(ident):
        raise ScaffoldError(f"{ident!r} is not a valid id: use lower-case ASCII letters, digits and hyphens")
    try:
        return _write_new(root / "content" / folder / f"{ident}.yaml",
                          template.format(ident=ident, name=_quote(name), **fields))
    except ScaffoldError as error:
        if given:
            raise
        raise ScaffoldError(f"{error}; if this is another {'person' if folder == 'people' else 'organisation'} "
                            f"of that name, give them an id of their own: --id {ident}-2") from None


def _named_already(root: pathlib.Path, *names: str) -> str | None:
    """The id of a person whose file gives one of `names`, in any of its languages, written the same
    way but for case, spacing, punctuation or accents (`name_key`, as the import tells people
    apart); None when nobody has. A file that cannot be read counts as no one's (check says why)."""
    wanted = {name_key(name) for name in names}
    for path in sorted((root / "content" / "people").glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, yaml.YAMLError):
            continue
        written = data.get("name") if isinstance(data, dict) else None
        given = written.values() if isinstance(written, dict) else [written]
        if any(isinstance(one, str) and name_key(one) in wanted for one in given):
            return path.stem
    return None


def new_person(root: pathlib.Path, name: str, ident: str | None = None) -> pathlib.Path:
    """A person's file. A name in Cyrillic on a site in Bulgarian and English is written in both, as
    the people already there are ({bg: Тодор Тонев, en: Todor Tonev}): the Latin spelling is the
    official transliteration, to be corrected to the one the person uses. Someone already known by
    that name (under another id: "Maria Ivanova" is mariya-ivanova's English name) is not made
    again unless an id is given."""
    languages = _languages_of(root)
    latin = transliterate(name)
    known = None if ident else _named_already(root, name, latin)
    if known is not None:
        raise ScaffoldError(f"{name!r} is already content/people/{known}.yaml: refer to them as {known}; if this is "
                            f"another person of that name, give them an id of their own: --id {slugify(name)}-2")
    if latin != name and "bg" in languages and "en" in languages:
        written = f"{{bg: {_quote(name)}, en: {_quote(latin)}}}  # en: check the spelling the person uses"
        return _new_named(root, "people", PERSON.replace("name: {name}", "name: {written}"), name, ident,
                          written=written)
    return _new_named(root, "people", PERSON, name, ident)


def _languages_of(root: pathlib.Path) -> list[str]:
    try:
        return site_settings(root)[1]
    except ScaffoldError:  # no series yet: the languages still count
        data = _read_mapping(root, root / "site.yaml")
        return [lang for lang in data.get("languages") or [] if isinstance(lang, str)]  # type: ignore[union-attr]


def new_organisation(root: pathlib.Path, name: str, ident: str | None = None) -> pathlib.Path:
    return _new_named(root, "organisations", ORGANISATION, name, ident)


def new_page(root: pathlib.Path, slug: str, lang: str, title: str) -> pathlib.Path:
    if not ID_PATTERN.match(slug):
        raise ScaffoldError(f"{slug!r} is not a valid page name: use lower-case ASCII letters, digits and hyphens")
    return _write_new(root / "content" / "pages" / f"{slug}.{lang}.md", PAGE.format(title=_quote(title)))
