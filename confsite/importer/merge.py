"""Merge a programme into an edition: its agenda in edition.yaml, new people and organisations.

Pure: given the files' texts and the validated content, it returns the new texts and what changed;
the command writes them. edition.yaml goes through ruamel.yaml's round trip, so comments, key
order, quotes and every field the import does not own stay as the editor wrote them.

What the import owns, in a session whose `id` is an upstream guid: kind, the title and description
in the import's language (translations are kept; a changed title is a warning, since they may need
a look), start and end, track, room, the language it is held in (when the programme gives one),
and the speakers of its talks (except people who already chair, moderate or facilitate it; and a
person of a speaker's name whom an editor put there, rather than the new person the import would
make, stays).
Everything else (talk titles, slides, roles, chairs, any other field, other sessions) is left as
it is. People and organisations that exist are reused, never rewritten.

A session an editor marked `cancelled` is expected to leave the programme (call-for-papers tools
drop cancelled sessions from their schedules): it is kept, even with --prune, and said nothing of.
One the file itself says was cancelled (the hub's schedule2 and Sessionize do) is marked so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..edition import SESSION_KINDS, Edition
from ..model import Content
from ..problems import Problem, Where
from ..slugs import slugify
from ..zones import seen_in
from .people import People
from .placing import Placing
from .programme import Item, Notes, Programme
from .yaml_text import Imported, block, dump, flow, flow_list, in_quotes, yaml

GENERIC_KIND = "session"
# the ids the import gives: an upstream uuid as it is, Sessionize's number, any other upstream id made safe
IMPORTED_ID = re.compile(r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
                         r"|sessionize-[a-z0-9-]+|import-[a-z0-9-]+)$")


@dataclasses.dataclass(frozen=True)
class Options:
    kinds: Mapping[str, str] = dataclasses.field(default_factory=dict)  # upstream category (casefolded) -> kind
    prune: bool = False


@dataclasses.dataclass(frozen=True)
class Plan:
    files: Mapping[str, str]  # project-relative path -> new text, for the files that change
    changes: tuple[str, ...]  # the short diff, one line each
    problems: tuple[Problem, ...]  # errors stop the import; warnings are printed
    people: Mapping[str, str]  # upstream speaker key -> person id, existing or new
    new_people: frozenset[str]  # the person ids this import creates (content/people/<id>.yaml): only theirs take photos


def kind_of(item: Item, kinds: Mapping[str, str]) -> str:
    """The first category that `--map` maps or that is one of ours; else a generic session."""
    for category in item.categories:
        if category.casefold() in kinds:
            return kinds[category.casefold()]
    return next((c.casefold() for c in item.categories if c.casefold() in SESSION_KINDS), GENERIC_KIND)


def _text_value(node: Any, lang: str, original: str) -> str | None:
    if isinstance(node, dict):
        value = node.get(lang)
        return str(value) if value is not None else None
    if node is None:
        return None
    return str(node) if lang == original else None


class _Agenda:
    """The agenda of one edition.yaml, as round-trip YAML, and what the import changes in it."""

    def __init__(self, document: CommentedMap, edition: Edition, problems: list[Problem], path: str) -> None:
        self.document, self.edition, self.problems, self.path = document, edition, problems, path
        self.zone = zoneinfo.ZoneInfo(edition.timezone)
        self.original = edition.original_language
        if not isinstance(document.get("agenda"), list):
            document["agenda"] = CommentedSeq()
        self.days: CommentedSeq = document["agenda"]
        self.changes: list[str] = []
        self.placings: dict[int, Placing] = {}  # id of a day's sessions -> where new ones go in it
        self.outside: list[tuple[str, dt.date]] = []  # the sessions outside the edition's dates: label, day

    def placing(self, sessions: CommentedSeq) -> Placing:
        """Where sessions go in that day's list: `Placing.write` then puts them there."""
        placing = self.placings.get(id(sessions))
        if placing is None:
            placing = self.placings[id(sessions)] = Placing(sessions)
        return placing

    def day(self, date: dt.date) -> CommentedSeq:
        """The sessions of that day, adding the day in date order when it is new."""
        for node in self.days:
            if isinstance(node, dict) and str(node.get("date")) == date.isoformat():
                if not isinstance(node.get("sessions"), list):
                    node["sessions"] = CommentedSeq()
                return node["sessions"]
        index = sum(1 for node in self.days if isinstance(node, dict) and str(node.get("date")) < date.isoformat())
        node = CommentedMap(date=date, sessions=CommentedSeq())
        self.days.insert(index, node)
        return node["sessions"]

    def located(self) -> dict[str, tuple[CommentedSeq, CommentedMap]]:
        """Sessions with an `id`: id -> (its day's sessions, the session)."""
        found = {}
        for node in self.days:
            for session in (node.get("sessions") or []) if isinstance(node, dict) else []:
                if isinstance(session, dict) and session.get("id"):
                    found[str(session["id"])] = (node["sessions"], session)
        return found

    def outside_problems(self, sessions: int) -> list[Problem]:
        """The sessions outside the edition's dates (an error: the import writes nothing): in one
        problem when none of the programme's is inside them (another edition's programme, or dates
        not yet set), else each of the first `Notes.SHOWN` and a count of the others."""
        if not self.outside:
            return []
        dates = f"({self.edition.start.isoformat()} to {self.edition.end.isoformat()})"
        hint = "set the edition's dates to cover the whole programme, then import again"
        if len(self.outside) == sessions > 1:
            days = sorted(day for _, day in self.outside)
            return [Problem(Where(self.path), f"none of the programme's {sessions} sessions is within the edition's "
                            f"dates {dates}: they are from {days[0].isoformat()} to {days[-1].isoformat()}",
                            f"if it is this edition's programme, {hint}; if not, import it into its own edition "
                            "(--edition)")]
        problems = [Problem(Where(self.path), f"the session {label} is outside the edition's dates {dates}", hint)
                    for label, _ in self.outside[:Notes.SHOWN]]
        more = len(self.outside) - Notes.SHOWN
        return problems + ([Problem(Where(self.path), f"and {more} more session(s) are outside the edition's "
                                    f"dates {dates}", hint)] if more > 0 else [])

    def times(self, item: Item) -> tuple[dt.date, str, str | None] | None:
        """The day, start and end ("01:30+1" past midnight) in the edition's zone; None when outside it."""
        start = seen_in(item.start, self.zone)
        date = start.date() if start else item.start.date()
        label = f"{item.title[:60]!r} on {date.isoformat()}"
        if start is None or not self.edition.start <= date <= self.edition.end:
            self.outside.append((label, date))
            return None
        end = None
        finish = seen_in(item.end, self.zone) if item.end else None
        if finish and finish.date() == date:
            end = f"{finish:%H:%M}"
        elif finish and finish.date() == date + dt.timedelta(days=1) and finish.time() <= start.time():
            end = f"{finish:%H:%M}+1"
        elif item.end:  # (or past the year 9999)
            self.problems.append(Problem(Where(self.path), f"the session {label} lasts more than a day; "
                                         "its end was left out", "add it by hand if it is right", severity="warning"))
        return date, f"{start:%H:%M}", end


def _speaker_ids(session: dict[str, Any]) -> list[str]:
    ids = []
    for talk in session.get("talks") or []:
        for speaker in (talk.get("speakers") or []) if isinstance(talk, dict) else []:
            ids.append(str(speaker.get("person") if isinstance(speaker, dict) else speaker))
    return ids


def _hosts(session: dict[str, Any]) -> list[str]:
    """The people who chair, moderate or facilitate a session."""
    return [str(p) for key in ("chairs", "moderators", "facilitators") for p in session.get(key) or []]


def _set_speakers(session: CommentedMap, wanted: list[str]) -> None:
    talks = session.get("talks")
    if not wanted:
        if isinstance(talks, list) and talks and isinstance(talks[0], dict):
            if set(talks[0]) <= {"speakers"}:
                del talks[0]
            else:  # the editor's talk title or slides stay
                talks[0].pop("speakers", None)
            if not talks:
                del session["talks"]
        return
    if not isinstance(talks, list) or not talks or not isinstance(talks[0], dict):
        session["talks"] = CommentedSeq([CommentedMap(speakers=flow_list([Imported(pid) for pid in wanted]))])
        return
    kept = {str(s.get("person") if isinstance(s, dict) else s): s for s in talks[0].get("speakers") or []}
    talks[0]["speakers"] = flow_list([kept.get(pid, Imported(pid)) for pid in wanted])
    for other in talks[1:]:  # one talk holds the imported speakers: no one is listed twice
        if isinstance(other, dict) and isinstance(other.get("speakers"), list):
            other["speakers"][:] = [s for s in other["speakers"]
                                    if str(s.get("person") if isinstance(s, dict) else s) not in wanted]


class _Session:
    """One imported item against its session node: sets what differs, and says what it did."""

    def __init__(self, agenda: _Agenda, node: CommentedMap, label: str, lang: str) -> None:
        self.agenda, self.node, self.label, self.lang = agenda, node, label, lang
        self.said: list[str] = []

    def plain(self, key: str, value: str | None, quoted: bool = False) -> None:
        old = self.node.get(key)
        if (str(old) if old is not None else None) == value:
            return
        if value is None:
            del self.node[key]
        else:
            self.node[key] = in_quotes(value) if quoted else Imported(value)
        self.said.append(f"{key}: {old if old is not None else '—'} → {value if value is not None else '—'}")

    def text(self, key: str, value: str | None, warn: bool) -> None:
        node, original = self.node.get(key), self.agenda.original
        old = _text_value(node, self.lang, original)
        if old == value or value is None:
            return
        if isinstance(node, dict):
            node[self.lang] = block(value)
        elif node is None or self.lang == original:
            self.node[key] = (flow({self.lang: Imported(value)}) if key == "title"
                              else CommentedMap({self.lang: block(value)}))
        else:
            self.node[key] = CommentedMap({original: node, self.lang: block(value)})
        self.said.append(f"{key}: {_short(old) or '—'} → {_short(value)}")
        others = sorted(lang for lang in (node if isinstance(node, dict) else {}) if lang != self.lang)
        if warn and old is not None and others:
            self.agenda.problems.append(Problem(
                Where(self.agenda.path), f"the title of {self.label} changed upstream; its "
                f"translation ({', '.join(others)}) was kept", "check that the translation still fits the new title",
                severity="warning"))


def _no_room(edition: Edition, item: Item) -> set[str | None]:
    """Rooms that say nothing a session's other fields do not: its track, the venue itself (what our
    own schedules give a session without a room), "Online"."""
    venue = edition.venue
    names = [text.values.values() for text in (venue.name, venue.city) if text] if venue else []
    return {item.track, "Online", *(value for values in names for value in values)}


def _short(text: str | None) -> str | None:
    return text[:40] + "…" if text and len(text) > 40 else text


def _new_node(item_id: str) -> CommentedMap:
    return CommentedMap(id=Imported(item_id))


def _item_id(item: Item) -> str:
    return _session_id(item.guid)


def _session_id(guid: str) -> str:
    """The `id` of the session of an upstream id: that id as it is when it is a uuid or
    Sessionize's, else made safe."""
    item_id = guid.lower()
    return item_id if IMPORTED_ID.match(item_id) else "import-" + (slugify(guid)[:90].strip("-") or "session")


def _session_lines(document: CommentedMap, text: str) -> dict[int, int]:
    """The line each session of `document` starts on in `text`, the document as the import writes
    it (the lines it was read from moved with what the import added above them): by id() of its node."""
    def sessions(agenda: Any) -> list[tuple[tuple[int, int], Any]]:
        return [((d, s), node) for d, day in enumerate(agenda if isinstance(agenda, list) else [])
                if isinstance(day, dict) for s, node in enumerate(day.get("sessions") or [])]
    written = dict(sessions(yaml().load(text).get("agenda")))
    return {id(node): written[place].lc.line + 1 for place, node in sessions(document.get("agenda"))
            if place in written and hasattr(written[place], "lc")}


def merge(edition: Edition, edition_text: str, content: Content, programme: Programme, options: Options) -> Plan:
    problems: list[Problem] = list(programme.notes)
    path = edition.source.path
    document = yaml().load(edition_text)
    agenda = _Agenda(document, edition, problems, path)
    people = People(content, programme, problems)
    located = agenda.located()
    cancelled = {s.id for day in edition.agenda for s in day.sessions if s.cancelled and s.id}
    cancelled_upstream = {_session_id(guid) for guid in programme.cancelled}
    seen: set[str] = set()
    emptied: list[CommentedSeq] = []
    at_session: list[tuple[int, CommentedMap]] = []  # problems to place at their session's line once written
    items = sorted(programme.items, key=lambda i: (i.start, i.guid))
    for item in items:
        if (existing := located.get(_item_id(item))) is not None:
            people.remember(item.speakers, [*_speaker_ids(existing[1]), *_hosts(existing[1])])
    for item in items:
        item_id = _item_id(item)
        if item_id in seen:
            problems.append(Problem(Where(path), f"the programme lists the session {item_id} twice; the second "
                                    "was left out", "export the file again from the tool", severity="warning"))
            continue
        seen.add(item_id)
        when = agenda.times(item)
        if when is None:
            continue
        date, start, end = when
        lang = item.language if item.language in edition.languages else edition.original_language
        existing = located.get(item_id)
        node = existing[1] if existing else _new_node(item_id)
        label = f"{date.isoformat()} {start} {item.title[:50]!r}"
        if item_id in cancelled:
            at_session.append((len(problems), node))
            problems.append(Problem(Where(path), f"{label} is marked cancelled here, but the programme lists it",
                                    "if it takes place after all, remove its 'cancelled' line", severity="warning"))
        session = _Session(agenda, node, label, lang)
        session.plain("kind", kind_of(item, options.kinds))
        session.text("title", item.title, warn=True)
        session.plain("start", start, quoted=True)
        session.plain("end", end, quoted=True)
        session.plain("track", item.track)
        session.plain("room", item.room if item.room not in _no_room(edition, item) else None)
        if item.language:  # the import sets the language it reads, and never removes an editor's
            session.plain("language", item.language)
        if item.abstract:
            session.text("description", item.abstract, warn=False)
        hosts, listed = set(_hosts(node)), _speaker_ids(node)
        speaking = list(dict.fromkeys(people.person(k) for k in item.speakers))
        # a speaker who hosts the session here is left to its hosts (an editor's merge, made as a
        # host), unless an editor lists them among its speakers too; said, as it may be a namesake
        wanted = [pid for pid in speaking if pid not in hosts or pid in listed]
        for pid in (pid for pid in speaking if pid not in wanted):
            problems.append(Problem(Where(path), f"{label}: {pid!r}, one of its speakers in the programme, hosts "
                                    "it here (as chair, moderator or facilitator) and was not added to its speakers",
                                    "if they also speak in it, add them to the session's speakers: later imports "
                                    "keep them there", severity="note"))
        if existing is not None:
            for problem in people.replaced(label, [pid for pid in listed if pid not in wanted and pid not in hosts],
                                           [pid for pid in wanted if pid not in listed], Where(path)):
                at_session.append((len(problems), node))
                problems.append(problem)
        if sorted(set(listed) - hosts) != sorted(set(wanted) - hosts):
            before = ", ".join(listed) or "—"
            _set_speakers(node, wanted)
            session.said.append(f"speakers: {before} → {', '.join(wanted) or '—'}")
        day = agenda.day(date)
        if existing is None:
            agenda.placing(day).insert(node)
            agenda.changes.append(f"+ {label}")
            continue
        if existing[0] is not day:
            agenda.placing(existing[0]).remove(node)
            emptied.append(existing[0])
            agenda.placing(day).insert(node)
            session.said.append("moved to " + date.isoformat())
        else:
            agenda.placing(day).restarted(node)
        if session.said:
            agenda.changes.append(f"~ {label}: " + "; ".join(session.said))
    problems += agenda.outside_problems(len(seen))
    for item_id, (sessions, node) in agenda.located().items():
        if item_id in seen or item_id in cancelled or not IMPORTED_ID.match(item_id):
            continue
        title = _text_value(node.get("title"), edition.original_language, edition.original_language) or item_id
        if item_id in cancelled_upstream:
            node["cancelled"] = True
            agenda.changes.append(f"~ {item_id} {title[:50]!r}: cancelled upstream, so marked cancelled")
        elif options.prune:
            agenda.placing(sessions).remove(node)
            emptied.append(sessions)
            agenda.changes.append(f"- {item_id} {title[:50]!r} (removed upstream)")
        else:
            problems.append(Problem(Where(path), f"the session {item_id} ({title[:50]!r}) is no longer in the "
                                    "programme; it was kept", "if it was cancelled, write 'cancelled: yes' in it "
                                    "to show it as cancelled; to remove it, run the import again with --prune",
                                    severity="warning"))
    for placing in agenda.placings.values():
        placing.write()
    # a day the import emptied goes, unless the editor gave it more than its date
    agenda.days[:] = [d for d in agenda.days if not (isinstance(d, dict) and set(d) <= {"date", "sessions"}
                                                     and any(d.get("sessions") is e for e in emptied)
                                                     and not d.get("sessions"))]
    if not agenda.days:
        del document["agenda"]
    files = dict(people.files)
    if agenda.changes:
        files[path] = dump(document)
    if at_session:  # placed in the file as it will be (reading it again takes seconds on a long agenda)
        lines = _session_lines(document, files.get(path, edition_text))
        for index, node in at_session:
            problems[index] = dataclasses.replace(problems[index], where=Where(path, lines.get(id(node), 0)))
    return Plan(files=files, changes=(*people.changes, *agenda.changes), problems=tuple(problems),
                people=dict(people.ids), new_people=frozenset(people.created))
