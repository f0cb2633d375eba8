"""Who an imported programme's speakers are: the person id each gets, existing or new, and the
files of the new people and organisations (see `People`). Part of the merge (`merge.py`)."""

from __future__ import annotations

from collections.abc import Iterable

from ruamel.yaml.comments import CommentedMap

from ..model import Content
from ..problems import Problem, Where
from ..slugs import name_key, slugify
from .programme import Programme, Speaker
from .yaml_text import Imported, dump, flow, in_quotes


class People:
    """Person and organisation ids for the programme's speakers, and the files of the new ones.

    A speaker's id is the slug of their name. When that id is someone else's (an existing person
    or one new in this import) whose name is not the same (`slugs.name_key`), the speaker gets the
    slug with -2 (-3…) instead, and a warning: two names whose slugs agree are not one person.
    A speaker the import would make a new person of, whom an editor has already put in one of their
    sessions as a person of the same name, is that person (`remember`): the import proposes such
    a merge and leaves it to the editor, and once made, the next import must not undo it."""

    def __init__(self, content: Content, programme: Programme, problems: list[Problem]) -> None:
        self.content, self.programme, self.problems = content, programme, problems
        self.ids: dict[str, str] = {}  # speaker key -> person id
        self.chosen: dict[str, str] = {}  # speaker key -> a person of their name an editor put in a session of theirs
        self.named: dict[str, str] = {}  # a speaker's name as written -> the person id its first speaker got
        self.created: dict[str, str] = {}  # id of a person new in this import -> their name
        self.files: dict[str, str] = {}
        self.changes: list[str] = []
        self.by_name: dict[str, str] = {}  # `slugs.name_key` of a name -> existing person id
        for pid, person in content.people.items():
            for value in person.name.values.values():
                self.by_name.setdefault(name_key(value), pid)
        self.organisations: dict[str, str] = {}  # `name_key` of a name or short name -> id, existing and new
        for oid, org in content.organisations.items():
            for text in (org.name, org.short_name):
                for value in (text.values.values() if text else ()):
                    self.organisations.setdefault(name_key(value), oid)
        self.new_organisations: dict[str, str] = {}  # id of an organisation new in this import -> its name

    def remember(self, keys: Iterable[str], listed: list[str]) -> None:
        """What an editor chose for the speakers (`keys`) of a session already in the agenda, which
        lists the people `listed` (its speakers and hosts), sessions taken in the programme's order:
        the first person listed whose name is one of a speaker's (as `slugs.name_key` compares them)."""
        for key in keys:
            wanted = name_key(self.programme.speakers[key].name)
            if key not in self.chosen and (found := next((pid for pid in listed if wanted in self._keys(pid)), None)):
                self.chosen[key] = found

    def _keys(self, ident: str) -> set[str]:
        person = self.content.people.get(ident)
        return {name_key(name) for name in person.name.values.values()} if person else set()

    def person(self, key: str) -> str:
        if key in self.ids:
            return self.ids[key]
        speaker = self.programme.speakers[key]
        same_name = self.named.get(speaker.name)
        slug = slugify(speaker.name)[:60].strip("-") or "person-" + slugify(key)[:40].strip("-")
        ident = same_name or self._id_for(slug, speaker.name)
        if not (same_name or self._names(ident)):  # a new person, unless an editor has merged them with one
            ident = self.chosen.get(key, ident)
        self.ids[key] = ident
        self.named.setdefault(speaker.name, ident)
        if same_name or self._names(ident):
            return ident
        if ident != slug:
            other = self._names(slug)[0]
            self.problems.append(Problem(
                Where(f"content/people/{slug}.yaml"), f"{speaker.name!r} in the programme was imported as a new "
                f"person, {ident!r}: {slug!r} is {other!r}, a name written differently",
                f"if they are the same person, write the name the same way in both places (in the call-for-papers "
                f"tool, or in content/people/{slug}.yaml), import again, then delete content/people/{ident}.yaml "
                "and any photo of it; if they are two people, leave it as it is", severity="warning"))
        match = self.by_name.get(name_key(speaker.name))
        if match and match != ident:
            self.problems.append(Problem(Where(f"content/people/{match}.yaml"), f"{speaker.name!r} in the "
                                         f"programme has the same name as {match!r}, and was imported as {ident!r}",
                                         f"if they are the same person, replace {ident!r} with {match!r} in the "
                                         f"agenda and delete content/people/{ident}.yaml: later imports keep "
                                         "what you chose", severity="warning"))
        self.created[ident] = speaker.name
        self.files[f"content/people/{ident}.yaml"] = self._person_file(speaker)
        self.changes.append(f"+ person {ident} ({speaker.name})")
        return ident

    def replaced(self, label: str, gone: list[str], arrived: list[str], where: Where) -> list[Problem]:
        """A warning when a session already in the agenda loses speakers (`gone`) and gains people
        new in this import (of `arrived`): a speaker renamed upstream ("Ana Popescu" married, a
        title added) is another name, so a new person, and the session would lose the photo and
        biography an editor gave them; but someone else may have taken over, which only an editor
        knows."""
        new = [pid for pid in arrived if pid in self.created]
        if not gone or not new:
            return []
        if len(gone) == len(new) == 1:
            old, fresh = gone[0], new[0]
            old_name = next(iter(self._names(old)), old)
            return [Problem(where, f"{label}: the programme has {self.created[fresh]!r} where {old_name!r} "
                            f"({old!r}) spoke; the import made a new person of them, {fresh!r}",
                            f"if they are {old!r} under a new name, write that name in content/people/{old}.yaml, "
                            f"put {old!r} back in place of {fresh!r} in this session and delete "
                            f"content/people/{fresh}.yaml: later imports keep them; if someone else speaks "
                            "now, leave it as it is", severity="warning")]
        return [Problem(where, f"{label}: the programme has new people ({', '.join(map(repr, new))}) where "
                        f"{', '.join(map(repr, gone))} spoke", "if some are the same people under new names, write "
                        "the new names in their files, put them back in this session and delete the new files",
                        severity="warning")]

    def _names(self, ident: str) -> list[str]:
        """The name(s) of the person with that id, existing or new in this import; none when it is free."""
        if ident in self.created:
            return [self.created[ident]]
        person = self.content.people.get(ident)
        return list(person.name.values.values()) if person else []

    def _id_for(self, slug: str, name: str) -> str:
        """`slug`, else `slug`-2, -3…: the first id that is free or is already this name's."""
        key, ident, number = name_key(name), slug, 1
        while (names := self._names(ident)) and key not in {name_key(n) for n in names}:
            number += 1
            ident = f"{slug}-{number}"
        return ident

    def _person_file(self, speaker: Speaker) -> str:
        data = CommentedMap(name=in_quotes(speaker.name))
        organisation = self.organisation(speaker.organisation) if speaker.organisation else None
        if speaker.role:
            data["role"] = flow({self.content.site.default_language: in_quotes(speaker.role)})
        if organisation:
            data["organisation"] = Imported(organisation)
        return "# Imported from the programme; edit freely: the import never rewrites this file.\n" + dump(data)

    def organisation(self, name: str) -> str | None:
        """The id of the organisation of that name or short name (as `name_key` compares them),
        else of a new one: the slug of the name, or, when that id is another organisation's, the
        slug with -2 (-3…) and a warning, as for people."""
        key = name_key(name)
        if known := self.organisations.get(key):
            return known
        slug = slugify(name)[:60].strip("-")
        if not slug:
            return None
        ident, number = slug, 1
        while ident in self.content.organisations or ident in self.new_organisations:  # another name's
            number += 1
            ident = f"{slug}-{number}"
        self.organisations[key] = ident
        self.new_organisations[ident] = name
        if ident != slug:
            existing = self.content.organisations.get(slug)
            other = next(iter(existing.name.values.values())) if existing else self.new_organisations[slug]
            self.problems.append(Problem(
                Where(f"content/organisations/{slug}.yaml"), f"{name!r} in the programme was imported as a new "
                f"organisation, {ident!r}: {slug!r} is {other!r}, a name written differently",
                f"if they are the same organisation, write the name the same way in both places (in the "
                f"call-for-papers tool, or as the name or short_name in content/organisations/{slug}.yaml), put "
                f"{slug!r} in place of {ident!r} in the files of the people imported with it, then delete "
                f"content/organisations/{ident}.yaml; if they are two organisations, leave it as it is",
                severity="warning"))
        self.files[f"content/organisations/{ident}.yaml"] = dump(CommentedMap(name=in_quotes(name)))
        self.changes.append(f"+ organisation {ident} ({name})")
        return ident
