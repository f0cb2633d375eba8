"""`python build.py import FILE --edition SLUG`: the I/O edge of the import.

load -> validate (the content must be clean first) -> read the programme -> merge -> load and
validate the result in memory -> write, or only print with --dry-run. Nothing is written when any
step finds an error, so the content always passes `check` after an import.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import sys
from collections.abc import Callable, Mapping, Sequence

from ..documents import Document
from ..edition import SESSION_KINDS
from ..image_files import inspect
from ..load import IMAGE_READ_LIMIT, PHOTO_TYPES, Sources, load_sources
from ..model import Picture
from ..problems import Problem, Where
from ..validate import validate
from ..validate_images import checked
from . import ReadError, read_programme
from .merge import Options, Plan, merge
from .programme import Programme
from .saving import write_all

OK, CONTENT_PROBLEMS, USAGE = 0, 1, 2


class UsageError(ValueError):
    """A bad option: exit code 2."""


def kind_map(pairs: Sequence[str]) -> dict[str, str]:
    """["keynote=Keynote", "workshop=Hands-on"] -> {"keynote": "keynote", "hands-on": "workshop"}."""
    kinds: dict[str, str] = {}
    for pair in pairs:
        kind, _, category = pair.partition("=")
        kind, category = kind.strip(), category.strip()
        if not category or kind not in SESSION_KINDS:
            raise UsageError(f"--map {pair!r}: write it as KIND=CATEGORY, where KIND is one of "
                             f"{', '.join(SESSION_KINDS)} and CATEGORY is the upstream session type")
        if kinds.get(category.casefold(), kind) != kind:
            raise UsageError(f"--map: {category!r} is mapped to both {kinds[category.casefold()]!r} and {kind!r}")
        kinds[category.casefold()] = kind
    return kinds


def _with_files(sources: Sources, files: Mapping[str, str], slug: str) -> Sources:
    """`sources` as they would be with the new texts of `files` (project-relative paths); validate
    parses them, as it does what load read."""
    editions, people, organisations = dict(sources.editions), dict(sources.people), dict(sources.organisations)
    for path, text in files.items():
        document = Document(path, None, text)
        name = pathlib.PurePosixPath(path)
        if name.name == "edition.yaml":
            editions[slug] = document
        elif name.parent.name == "people":
            people[name.stem] = document
        else:
            organisations[name.stem] = document
    return dataclasses.replace(sources, editions=editions, people=people, organisations=organisations)


@dataclasses.dataclass(frozen=True)
class Photos:
    """The people's photos an import brings from the media folder: the bytes to write at each
    project path, the lines that say so, and why a photo was left out."""

    files: Mapping[str, bytes]
    changes: tuple[str, ...]
    problems: tuple[Problem, ...]


def _photos(programme: Programme, plan: Plan, media: pathlib.Path, project: pathlib.Path, max_kb: int) -> Photos:
    """New people's photos: the file in `media` named like the one the source links, copied to
    content/people/<id>.<ext>, for the people this import creates. Nothing is downloaded; a person
    who was there before the import keeps what they have (a photo, or none). The
    media folder is as untrusted as the programme (an unpacked export): a link is never followed
    (it could reach any file of this computer), and a file that is not a picture the site can show
    is left out with a warning, before anything is written."""
    files: dict[str, bytes] = {}
    changes: list[str] = []
    problems: list[Problem] = []
    for key, pid in plan.people.items():
        photo = programme.speakers[key].photo
        if not photo or pid not in plan.new_people:  # an editor's person is the editor's to picture
            continue
        name = pathlib.PurePosixPath(photo.split("?")[0].split("#")[0]).name
        source = media / name
        suffix = {".jpeg": ".jpg"}.get(source.suffix.lower(), source.suffix.lower())
        if not name or suffix not in PHOTO_TYPES or not os.path.lexists(source):
            continue
        if any((project / "content" / "people" / f"{pid}{kind}").exists() for kind in PHOTO_TYPES):
            continue  # a photo chosen by hand stays
        target = f"content/people/{pid}{suffix}"
        fault = _photo_fault(source, target, max_kb)
        if isinstance(fault, str):
            problems.append(Problem(Where(str(source)), f"this photo of {pid} was left out: {fault}",
                                    "put the picture itself in the media folder, as JPEG, PNG or WebP, "
                                    "or add the photo by hand later", "warning"))
            continue
        files[target] = fault
        changes.append(f"+ photo {target} (from {name})")
    return Photos(files, tuple(changes), tuple(problems))


def _photo_fault(source: pathlib.Path, target: str, max_kb: int) -> bytes | str:
    """The bytes of a photo in the media folder, or what is wrong with it: what `check` would
    refuse at `target` (not a picture, an SVG, too small), so that the content passes it after."""
    if source.is_symlink() or not source.is_file():
        return "it is a link or not a file"
    try:
        if source.stat().st_size > IMAGE_READ_LIMIT:
            return "it is far too large for a picture"
        data = source.read_bytes()
    except OSError as error:
        return f"it cannot be read ({error.strerror or type(error).__name__})"
    found: list[Problem] = []
    photo = Picture("photo", target, None, None, None, "", 0, 0, False, "", Where(target))  # as `check` finds it
    if checked(photo, {target: inspect(target, data)}, found, max_kb) is None:
        return next((p.message for p in found if p.is_error), "it is not a photo (JPEG, PNG or WebP)")
    return data


Show = Callable[[Sequence[Problem], str], None]  # cli.print_problems


def _as_planned(problem: Problem, files: Mapping[str, str]) -> Problem:
    """A problem check found in a file the import would write (each differs from the file on disk,
    if there is one), placed so that an editor can find it: its line is one of the new text, which
    was not written, so the message quotes that line, and the session's title when the line starts one."""
    text, line = files.get(problem.where.path), problem.where.line
    if text is None or not line:
        return problem
    lines = text.split("\n")

    def said(number: int) -> str:
        """Line `number` of the new text, quoted, with the title of the session it starts."""
        if not 0 < number <= len(lines):
            return ""
        written, item = lines[number - 1].strip(), len(lines[number - 1]) - len(lines[number - 1].lstrip(" -"))
        title = next((rest.strip() for rest in lines[number:number + 12]
                      if rest.strip().startswith("title:") and len(rest) - len(rest.lstrip()) <= item), "")
        return f"{written[:80]!r}" + (f", {title[:80]!r}" if title and title != written else "")

    hint = re.sub(r"\bline (\d+)\b", lambda m: f"line {m[1]} ({said(int(m[1]))})", problem.hint)
    return dataclasses.replace(problem, where=Where(problem.where.path), hint=hint,
                               message=f"{problem.message} (at line {line} of the file as this import would write "
                               f"it, which was not written: {said(line)})")


def _as_saved(text: str, target: pathlib.Path) -> bytes:
    """A file's new text as the file was saved: with Windows line endings when most of its lines had
    them, and a byte-order mark when it had one, so that a diff shows only the lines the import changed."""
    try:
        with target.open("rb") as stream:
            before = stream.read()
    except OSError:  # a new file
        before = b""
    windows = before.count(b"\r\n") * 2 > before.count(b"\n")  # most of its lines (one stray line: not)
    data = (text.replace("\n", "\r\n") if windows else text).encode("utf-8")
    return b"\xef\xbb\xbf" + data if before.startswith(b"\xef\xbb\xbf") else data


def run(project: pathlib.Path, file: pathlib.Path, slug: str, kinds: Sequence[str], media: pathlib.Path | None,
        prune: bool, dry_run: bool, show: Show) -> int:
    try:
        options = Options(kinds=kind_map(kinds), prune=prune)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    if media is not None and not media.is_dir():
        print(f"error: --media {media} is not a folder", file=sys.stderr)
        return USAGE
    if not file.is_file():
        print(f"error: {file} {'is a folder' if file.is_dir() else 'does not exist'}; give the programme's file, "
              "like schedule.json", file=sys.stderr)
        return USAGE
    problems: list[Problem] = []
    sources, found = load_sources(project)
    problems += found
    content = validate(sources, problems, include_drafts=True)
    if content is None or any(p.is_error for p in problems):
        show([p for p in problems if p.is_error], "text")
        print("\nFix these first: the import needs content that passes check. Nothing was written.", file=sys.stderr)
        return CONTENT_PROBLEMS
    edition = next((e for e in content.editions if e.slug == slug), None)
    if edition is None:
        known = ", ".join(e.slug for e in content.editions)
        print(f"error: there is no edition {slug!r} (editions: {known}); "
              f"start one with: python build.py new edition YEAR NAME", file=sys.stderr)
        return USAGE
    try:
        programme = read_programme(file, str(file), edition.timezone)
    except ReadError as error:
        show(error.problems, "text")
        print(f"\n{file} was not imported. Nothing was written.", file=sys.stderr)
        return CONTENT_PROBLEMS
    if not programme.items:  # (with --prune, an empty export would empty the agenda)
        show([*programme.notes, Problem(
            Where(str(file)), "no session of this file can be imported" + (
                f": all {programme.left_out} were left out, for the reasons above" if programme.left_out
                else ": it lists none"),
            "export the whole programme again from the tool (frab and pretalx: schedule.xml or schedule.json; "
            "Sessionize: the All Data view)")], "text")
        print(f"\n{file} was not imported. Nothing was written.", file=sys.stderr)
        return CONTENT_PROBLEMS
    plan = merge(edition, sources.editions[slug].text, content, programme, options)
    after: list[Problem] = list(plan.problems)
    limit = content.site.max_text_file_kb * 1000  # what the next load would refuse
    saved = {path: _as_saved(text, project / path) for path, text in plan.files.items()}  # as they will be written
    for path, data in saved.items():
        if (size := len(data)) > limit:
            after.append(Problem(Where(path), f"the import would make this file {size:,} bytes, over the limit of "
                                 f"{limit:,} bytes for text files, which check refuses",
                                 "import a programme of this edition's sessions only, or raise 'max_text_file_kb' "
                                 "in site.yaml"))
    if not any(p.is_error for p in after) and plan.files:
        validate(_with_files(sources, plan.files, slug), after, include_drafts=True)
    photos = _photos(programme, plan, media, project, content.site.max_image_kb) if media else Photos({}, (), ())
    # the import's own warnings and the problems in the files it writes (the rest was clean before)
    imported = set(plan.problems)  # (a set: thousands of warnings were compared with each other)
    own = [*(p if p in imported else _as_planned(p, plan.files)
             for p in after if p in imported or p.is_error or p.where.path in plan.files), *photos.problems]
    show([p for p in own if p.severity != "note" or p in imported], "text")  # the import's notes, not check's
    if any(p.is_error for p in after):
        print(f"\n{file} was not imported: the content would not pass check. Nothing was written.", file=sys.stderr)
        return CONTENT_PROBLEMS
    changes = [*plan.changes, *photos.changes]
    print(f"{file}: {programme.format}, {len(programme.items)} sessions, {len(programme.speakers)} people.")
    for line in changes:
        print(f"  {line}")
    if not changes:
        print(f"Nothing to change: {slug} already matches the programme.")
        return OK
    if dry_run:
        print(f"Dry run: {len(changes)} change(s) above, nothing written.")
        return OK
    # all or none; the photos: the bytes that were inspected, not the file again
    refused = write_all(project, {**saved, **photos.files})
    if refused is not None:
        show([refused], "text")
        print(f"\n{file} was not imported.", file=sys.stderr)
        return USAGE
    print(f"{len(changes)} change(s) written. Next: python build.py check")
    return OK
