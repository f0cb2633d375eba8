"""The live preview's memory of the resolve stage (`ResolveMemory`): each edition's `Resolved`,
the last site and its records by person and organisation, and which entries of the site's indexes
a save touched (`touched_entries`), so that resolve makes again only those and gives the others
as the last site's own objects. A build keeps none of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .edition import Edition
from .model import Content, Person
from .site import Appearance, EditionRole, EditionState, Site

if TYPE_CHECKING:
    from .outputs.registry import PlanMemory


@dataclasses.dataclass(frozen=True)
class Resolved:
    """What resolve made of one edition, and from what: the live preview keeps it from one save to
    the next (`pipeline.Memory`), and an edition that is the same value, on the same day, with the
    same next edition, is not resolved again."""

    edition: Edition
    today: dt.date
    later: Edition | None
    state: EditionState
    appearances: tuple[tuple[str, Appearance], ...]  # (person id, appearance), in agenda order
    roles: tuple[tuple[str, EditionRole], ...]  # (organisation id, its role), in the edition's order
    organisations: frozenset[str]  # every organisation it names (`model.references`)

    def gives_as(self, other: Resolved) -> bool:
        """Whether `other` gives the site's indexes the very records this one gives (the same
        objects: an edition resolved again only for another day or another next edition)."""
        return other is self or (other.appearances is self.appearances and other.roles is self.roles
                                 and other.organisations is self.organisations)


@dataclasses.dataclass(frozen=True)
class Touched:
    """What the editions that changed since the last resolve touch, their people and organisations,
    and the people whose own file changed (`people_files`): the entries of the site's indexes to
    make again. The others are the last site's."""

    people: frozenset[str] | None  # those of the changed editions, before and after; None: all changed
    organisations: frozenset[str] | None
    people_files: frozenset[str] | None  # None: a person's file came or went (or nothing is known)


def touched_entries(memory: ResolveMemory | None, content: Content, made: Mapping[str, Resolved]) -> Touched:
    """Which people and organisations the editions that changed since the last resolve touch.
    Nothing is taken as unchanged when the editions are in another order (a person's appearances
    follow it), or when site.yaml reads differently."""
    before = memory.site if memory is not None else None
    if (memory is None or before is None or list(made) != list(memory.editions)
            or content.site != before.content.site):
        return Touched(None, None, None)
    # the records of the editions that give other appearances or roles, as they are and as they were
    # (one resolved again for another day or another next edition gives the same objects)
    changed = [record for slug, new in made.items() if not (old := memory.editions[slug]).gives_as(new)
               for record in (new, old)]
    people = frozenset(person for record in changed for person, _ in record.appearances)
    organisations = frozenset({*(o for record in changed for o, _ in record.roles),
                               *(a.organisation for record in changed for _, a in record.appearances if a.organisation),
                               *(o for record in changed for o in record.organisations)})
    return Touched(people, organisations, other_values(content.people.data, before.content.people.data))


def other_values(now: Mapping[str, Any], then: Mapping[str, Any]) -> frozenset[str] | None:
    """The keys whose value is another object now; None when the keys are others, or in another order."""
    if list(now) != list(then):
        return None
    return frozenset(key for key, value in now.items() if value is not then[key])


def same_place(now: Person, then: Person) -> bool:
    """Whether a person whose file changed keeps their place in the people's index: the same name,
    a page or none as before (the site's languages and the people appearing being the same)."""
    return now.name == then.name and now.has_page == then.has_page


@dataclasses.dataclass
class ResolveMemory:
    """What the last resolves made, for the live preview: each edition's `Resolved`, and the last
    site. Where an edition is the same, so is what it gives the site's indexes (a person's
    appearances, an organisation's work): those entries are taken from the last site as they were,
    the same objects, and only those of the people and organisations of the editions that changed
    are made again, so that comparing the two sites (`depends.moved_facts`) stops at once."""

    editions: dict[str, Resolved] = dataclasses.field(default_factory=dict)
    site: Site | None = None
    plans: PlanMemory | None = None  # what the output units planned (made at the first resolve)
    grouped: Grouped | None = None  # the last site's records by person and organisation


@dataclasses.dataclass(frozen=True)
class Grouped:
    """The editions' records gathered by person and by organisation, in the editions' order."""

    appearances: dict[str, list[Appearance]]  # by person
    speakers_from: dict[str, list[Appearance]]  # by the organisation the speaker spoke for
    involvements: dict[str, list[EditionRole]]  # by organisation


def grouped_records(made: Mapping[str, Resolved]) -> Grouped:
    appearances: dict[str, list[Appearance]] = defaultdict(list)
    involvements: dict[str, list[EditionRole]] = defaultdict(list)
    speakers_from: dict[str, list[Appearance]] = defaultdict(list)
    for resolved in made.values():
        for person, appearance in resolved.appearances:
            appearances[person].append(appearance)
            if appearance.organisation:
                speakers_from[appearance.organisation].append(appearance)
        for organisation, role in resolved.roles:
            involvements[organisation].append(role)
    return Grouped(appearances, speakers_from, involvements)


def records_unchanged(made: Mapping[str, Resolved], last: Mapping[str, Resolved]) -> bool:
    """Whether the editions, in the same order, give the very appearances and roles they gave."""
    return list(made) == list(last) and all(
        old.gives_as(new) for new, old in zip(made.values(), last.values(), strict=True))
