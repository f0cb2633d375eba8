"""Validate stage, across documents: once every file is read into the model, each name one of
them gives must lead to another. The people and organisations that editions and people name, the
pages site.yaml's navigation names, and the former slugs, each an old address of one edition; and
a warning for each person and organisation nothing names. Apart from the reading of each file
(`validate`, `validate_edition`): these checks read the whole `Content`, not a document.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

from . import fields as f
from .edition import Edition
from .model import Content, references
from .outputs.registry import NAVIGABLE
from .problems import Problem
from .readings import Readings
from .slugs import slug_hint
from .suggestions import suggest

BUILT_IN_PAGES = tuple(NAVIGABLE)  # the pages site.yaml's navigation can name besides site pages


def unreferenced(content: Content, named: Set[tuple[str, str]]) -> tuple[Problem, ...]:
    """Warnings for the people and organisations that no edition (or person) names: `named` holds
    what the editions name, and the drafts left out of the build: their people are on their way to
    the site."""
    used = named | {("organisation", p.organisation) for p in content.people.values() if p.organisation}
    return tuple(
        Problem(items[ident].source, f"no edition refers to this {kind}",
                "refer to it from an edition, or delete the file", severity="warning")
        for kind, items in (("person", content.people), ("organisation", content.organisations))
        for ident in sorted(items) if (kind, ident) not in used)


def check_references(content: Content, problems: list[Problem], readings: Readings) -> None:
    # a file that could not be read has its own error: its id is no second mistake where it is used
    unreadable = frozenset(p.where.path for p in problems if p.is_error)
    folders = (content.people.data, content.organisations.data)  # the same objects while no file in them changed
    known = readings.last("known", folders, lambda: {"person": frozenset(content.people.data),
                                                     "organisation": frozenset(content.organisations.data)})
    checked = readings.per_edition(
        "references", content.editions, (known["person"], known["organisation"], unreadable),
        lambda edition: _references(edition, content, known, unreadable))
    for _, (found, _) in checked:
        problems += found
    # the same editions' names (and drafts') are the same objects: so is what they name, all together
    names = (*(names for _, (_, names) in checked),
             *(names for _, names in readings.per_edition("named by drafts", content.drafts, None, _named)))
    # (an equal union is the last one itself: an edition saved naming the same leaves the warnings as they were)
    named: frozenset[tuple[str, str]] = readings.last("named", names, lambda: readings.last_if_equal(
        "named", frozenset().union(*names)))
    problems += readings.last("organisations of people", folders, lambda: _people_organisations(content, unreadable),
                              given=unreadable)
    if not any(p.is_error for p in problems):  # an edition left out by its errors would make its
        problems += readings.last("unreferenced", (named, *folders), lambda: unreferenced(content, named))
    pages = {page.slug for page in content.pages}
    for item in content.site.navigation:
        if item not in BUILT_IN_PAGES and item not in pages:
            problems.append(Problem(content.site.places.get(item, content.site.source),
                                    f"the navigation names {item!r}, which is not a page",
                                    suggest(item, (*BUILT_IN_PAGES, *pages))
                                    or f"create content/pages/{item}.en.md, or remove it"))


def _people_organisations(content: Content, unreadable: frozenset[str]) -> tuple[Problem, ...]:
    """The people whose organisation has no file (nor one that could not be read)."""
    return tuple(Problem(person.organisation_where or person.source,
                         f"no organisation with the id {person.organisation!r}",
                         suggest(person.organisation, content.organisations)
                         or f"create content/organisations/{person.organisation}.yaml")
                 for person in content.people.values()
                 if (person.organisation and person.organisation not in content.organisations
                     and f"content/organisations/{person.organisation}.yaml" not in unreadable))


def _named(edition: Edition) -> frozenset[tuple[str, str]]:
    """The people and organisations an edition names, as (kind, id)."""
    return frozenset((kind, ident) for kind, ident, _ in references(edition))


def _references(edition: Edition, content: Content, known: Mapping[str, frozenset[str]],
                unreadable: frozenset[str]) -> tuple[tuple[Problem, ...], frozenset[tuple[str, str]]]:
    """The mistakes in what an edition names (an id no file has), and what it names."""
    folder = {"person": "content/people", "organisation": "content/organisations"}
    problems, names = [], set()
    for kind, ident, where in references(edition):
        names.add((kind, ident))
        if ident not in known[kind] and f"{folder[kind]}/{ident}.yaml" not in unreadable:
            other = "organisation" if kind == "person" else "person"
            files = content.people if kind == "person" else content.organisations
            misnamed = next((name for name in files if not f.ID_PATTERN.match(name) and slug_hint(name) == ident), None)
            hint = (f"{ident!r} is an {other}, and a {kind} is wanted here" if other == "organisation" else
                    f"{ident!r} is a {other}, and an {kind} is wanted here") if ident in known[other] else (
                f"rename {folder[kind]}/{misnamed}.yaml to {ident}.yaml" if misnamed is not None else
                suggest(ident, files) or f"create {folder[kind]}/{ident}.yaml, or fix the id")
            problems.append(Problem(where, f"no {kind} with the id {ident!r}", hint))
    return tuple(problems), frozenset(names)


def check_former_slugs(content: Content, problems: list[Problem]) -> None:
    """An old address redirects to one edition: never to itself, never where another edition lives."""
    owner: dict[str, str] = {}
    slugs = {edition.slug: edition for edition in content.editions}
    for edition in content.editions:
        for old in edition.former_slugs:
            where = edition.places.get(old, edition.source)
            if old == edition.slug:
                problems.append(Problem(where, f"{old!r} cannot be a former slug: an edition has that folder name",
                                        "list only folder names the edition had before it was renamed"))
            elif old in slugs:  # most likely an edition made later under the old name: it is the one to rename
                problems.append(Problem(
                    slugs[old].source, f"this edition's folder name {old!r} was the name of {edition.slug}, "
                    f"renamed since: {edition.source.path} lists it under former_slugs (line {where.line}), so its "
                    "old links and calendar subscriptions lead there",
                    f"rename this folder, content/editions/{old}/, to another name; keep {old!r} in "
                    f"{edition.slug}'s former_slugs, or its old links break (remove it there only if "
                    f"{edition.slug} never had that name)"))
            elif old in owner:
                problems.append(Problem(where, f"the former slug {old!r} is also listed by {owner[old]}",
                                        "an old address can lead to one edition only: remove it from one of them"))
            owner.setdefault(old, edition.slug)
