"""The source files each page is made from, listed once per build for the units that plan pages.

These lists are what `serve` compares a save against, to re-render only the pages it affects.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from ..model import references
from ..resolve import Site

FOLDERS = {"person": "content/people", "organisation": "content/organisations"}


def person_file(ident: str) -> str:
    return f"{FOLDERS['person']}/{ident}.yaml"


def organisation_file(ident: str) -> str:
    return f"{FOLDERS['organisation']}/{ident}.yaml"


@dataclasses.dataclass(frozen=True)
class Inputs:
    all_editions: tuple[str, ...]  # every edition's files
    edition_refs: dict[str, tuple[str, ...]]  # slug -> its files and those of whom it names
    editions_using: dict[str, list[str]]  # source file -> the editions that show it
    series_inputs: dict[str, list[str]]  # series id -> its editions' files
    speakers_of: dict[str, list[str]]  # organisation -> the files of its people and their editions
    pictures: dict[str, str] = dataclasses.field(default_factory=dict)  # a person's or organisation's file -> picture

    def with_pictures(self, paths: Iterable[str]) -> tuple[str, ...]:
        """The files, each person's and organisation's followed by its photo or logo: a page that
        shows a face or a logo changes with the picture (its renditions are named by its content)."""
        return tuple(dict.fromkeys(found for path in paths
                                   for found in (path, *((self.pictures[path],) if path in self.pictures else ()))))


def inputs_of(site: Site) -> Inputs:
    content = site.content
    pictures = {**{p.source.path: p.photo.file for p in content.people.values() if p.photo},
                **{o.source.path: o.logo.file for o in content.organisations.values() if o.logo}}
    with_pictures = Inputs((), {}, {}, {}, {}, pictures).with_pictures
    editions = [state.edition for state in site.editions]
    series_inputs: dict[str, list[str]] = defaultdict(list)
    for edition in editions:
        series_inputs[edition.series] += edition.inputs
    # what an edition's pages show: its files and the people and organisations it names; its own
    # page also names the series' later edition
    edition_refs = {e.slug: with_pictures((*e.inputs, *(
        f"{FOLDERS[kind]}/{ident}.yaml" for kind, ident, _ in references(e)))) for e in editions}
    editions_using: dict[str, list[str]] = defaultdict(list)
    for slug, refs in edition_refs.items():
        for path in refs:
            editions_using[path].append(slug)
    speakers_of: dict[str, list[str]] = defaultdict(list)
    for person, found in site.appearances.items():
        for appearance in found:
            if appearance.organisation:
                speakers_of[appearance.organisation] += [*with_pictures([person_file(person)]),
                                                         *appearance.edition.inputs]
    return Inputs(tuple(path for e in editions for path in e.inputs), edition_refs, editions_using,
                  series_inputs, speakers_of, pictures)
