"""The command line: `python build.py [build|check|i18n] …`.

Exit codes: 0 ok, 1 content problems, 2 usage errors (a bad option, an unusable output folder,
a bad SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shlex
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from . import i18n
from .cache_folder import FOLDER as CACHE_FOLDER
from .clock import ClockError, build_time
from .fields import Invalid
from .pipeline import Options, Result, build
from .problems import Problem, Where, printable, unexpected
from .validate import site_base_url
from .write import OutputFolderError

OK, CONTENT_PROBLEMS, USAGE = 0, 1, 2

DESCRIPTION = """\
Build the conference site from content/, templates/, locales/ and site.yaml.

commands:
  build          check the content and write the site (the default)
  check          check the content and say what is wrong, without writing anything
  serve          preview on http://127.0.0.1:8000/, rebuilt and reloaded on every save
  new            start an edition, a person, an organisation or a page:
                 new edition 2026 Ruse [--from 2024-chisinau] [--languages ro,en]
  import         bring a programme in from pretalx, frab or Sessionize: import schedule.json --edition 2026-ruse
  i18n extract   collect the interface strings into locales/messages.pot
  i18n update    extract, then merge new strings into each language's catalog
  i18n report    list interface strings and content texts still to translate

exit codes: 0 ok, 1 content problems, 2 usage errors
"""


COMMANDS = ("build", "check", "serve", "new", "import", "i18n")


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=pathlib.Path, default=pathlib.Path.cwd(),
                        help="the project folder (default: the current folder)")
    common.add_argument("--debug", action="store_true",
                        help="show the Python traceback of an unexpected failure (for reporting a bug)")
    main = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    for name, text in (("build", "check the content and write the site"),
                       ("check", "check the content without writing the site")):
        command = commands.add_parser(name, help=text, description=text, parents=[common])
        command.add_argument("--base-url", help="override site.yaml's base_url (for example in CI)")
        command.add_argument("--format", choices=("text", "json", "github"), default="text",
                             help="how to print problems: text for people, json for tools, "
                                  "github for pull-request annotations")
        command.add_argument("--strict", action="store_true", help="fail on warnings too")
        command.add_argument("--verbose", action="store_true",
                             help="every note in full (editions without session times, one each)")
        if name == "build":
            command.add_argument("--output", type=pathlib.Path, help="override site.yaml's output folder")
            command.add_argument("--drafts", action="store_true", help="include editions marked draft: true")
            command.add_argument("--no-cache", dest="cache", action="store_false",
                                 help="render every page again, ignoring the cache in .cache/ (it is refreshed)")
            command.add_argument("--no-search", dest="search", action="store_false",
                                 help="leave out the site search's index (a quicker build, for a preview)")
            command.add_argument("--timings", action="store_true",
                                 help="after the build, say how long each kind of page or file took to make "
                                      "(where a large site's build time goes)")
    preview = commands.add_parser("serve", help="live preview that rebuilds and reloads on every save",
                                  parents=[common])
    preview.add_argument("--port", type=_port, default=8000, help="the port to serve on (default 8000)")
    new = commands.add_parser("new", help="start a new edition, person, organisation or page from commented files",
                              parents=[common])
    what = new.add_subparsers(dest="what", metavar="WHAT", required=True)
    edition = what.add_parser("edition", help="content/editions/<year>-<name>/", parents=[common])
    edition.add_argument("year", type=int)
    edition.add_argument("name", help="the city or a short name, e.g. Ruse")
    edition.add_argument("--series", help="a series id from site.yaml (default: the first)")
    edition.add_argument("--from", dest="source", metavar="EDITION",
                         help="take the languages, time zone and country of an existing edition")
    edition.add_argument("--languages", metavar="LANGS",
                         help="the languages its texts will be written in, the original first: ro,en "
                              "(asked when not given and the terminal can answer)")
    person = what.add_parser("person", help="content/people/<id>.yaml", parents=[common])
    person.add_argument("name", nargs="+", help="the name as the person writes it (quotes are not needed)")
    person.add_argument("--id", help="the file name (default: made from the name)")
    organisation = what.add_parser("organisation", help="content/organisations/<id>.yaml", parents=[common])
    organisation.add_argument("name", nargs="+", help="the name as the organisation writes it (quotes are not "
                              "needed)")
    organisation.add_argument("--id", help="the file name (default: made from the name)")
    page = what.add_parser("page", help="content/pages/<slug>.<lang>.md", parents=[common])
    page.add_argument("slug")
    page.add_argument("--title", required=True)
    page.add_argument("--lang", default=None, help="its language (default: the site's default language)")
    bring = commands.add_parser("import", help="bring a programme in from pretalx, frab or Sessionize",
                                parents=[common])
    bring.add_argument("file", type=pathlib.Path,
                       help="a frab schedule.xml or schedule.json (pretalx, frab) or a Sessionize 'All Data' JSON")
    bring.add_argument("--edition", required=True, metavar="SLUG", help="the edition to import into, e.g. 2026-ruse")
    bring.add_argument("--dry-run", action="store_true", help="print what would change, write nothing")
    bring.add_argument("--map", action="append", default=[], metavar="KIND=CATEGORY",
                       help="give sessions of an upstream type or category one of our kinds, e.g. keynote=Keynote "
                            "(repeatable; unmapped types become 'session')")
    bring.add_argument("--media", type=pathlib.Path, metavar="DIR",
                       help="a folder with the speakers' photos, named as the programme links them (never downloaded)")
    bring.add_argument("--prune", action="store_true", help="remove sessions that are no longer in the programme")
    translate = commands.add_parser("i18n", help="interface translations (extract, update, report)",
                                    parents=[common])
    translate.add_argument("action", choices=("extract", "update", "report"))
    return main


def print_problems(problems: Sequence[Problem], style: str, debug: bool = False) -> None:
    if style == "json":
        print(json.dumps([{"path": p.where.path, "line": p.where.line, "column": p.where.column,
                           "severity": p.severity, "message": p.message, "hint": p.hint} for p in problems],
                         ensure_ascii=False, indent=2))
        return
    for p in problems:
        if style == "github":
            level = {"error": "error", "warning": "warning"}.get(p.severity, "notice")
            text = _github(printable(p.message + (f" ({p.hint})" if p.hint else "")).replace("\n", " "))
            print(f"::{level} file={_github(printable(p.where.path), ':,')},line={p.where.line or 1},"
                  f"col={p.where.column or 1}::{text}")
        else:
            print(p.format(), file=sys.stderr)
        if debug and p.debug:
            print(p.debug, file=sys.stderr)


def _github(text: str, also: str = "") -> str:
    """A workflow command's value as GitHub's runner reads it back: %, CR and LF escaped (and, in a
    property such as the file's name, the : and , that would end it), so that no file name or
    quoted text can start a command of its own."""
    for char in "%\r\n" + also:
        text = text.replace(char, f"%{ord(char):02X}")
    return text


def _shown(problem: Problem, notes: bool) -> bool:
    """Whether a problem is printed: errors and warnings always; notes by check, and by build only
    those about its own cache (an entry it could not read and made again, a link it removed there),
    which no check would ever see."""
    return problem.severity != "note" or notes or problem.where.path.startswith(f"{CACHE_FOLDER}/")


def _outcome(result: Result, strict: bool, style: str, notes: bool, writes: bool, debug: bool = False) -> int:
    print_problems([p for p in result.problems if _shown(p, notes)], style, debug)
    failing = [p for p in result.problems if p.severity != "note"] if strict else result.errors
    if failing:
        if style == "text":
            errors = len(result.errors)
            warnings = sum(1 for p in result.problems if p.severity == "warning")
            outcome = "nothing was written; the last good site is untouched" if writes else "check failed"
            print(f"\n{errors} error(s), {warnings} warning(s): {outcome}.", file=sys.stderr)
        return CONTENT_PROBLEMS
    return OK


BUILD_PY = pathlib.Path(__file__).resolve().parent.parent / "build.py"


def _typed(path: pathlib.Path, here: pathlib.Path) -> str:
    """`path` as the user may type it where they are: relative below `here`, else whole."""
    path = path.absolute()
    inside = here != pathlib.Path(here.anchor) and path.is_relative_to(here)
    return shlex.quote(path.relative_to(here).as_posix() if inside else str(path))


def _again(command: str, project: pathlib.Path) -> str:
    """The command line that runs `command` on `project` from the user's folder, as short as it can
    be said (".venv/bin/python build.py serve" in the project): run from elsewhere, it names
    build.py and the project (a bare "build.py serve" would not be found there)."""
    here = pathlib.Path.cwd()
    line = f"{_typed(pathlib.Path(sys.executable), here)} {_typed(BUILD_PY, here)} {command}"
    if project.resolve() != here.resolve():
        line += f" --project {_typed(project, here)}"
    return line


def run_build(args: argparse.Namespace, write: bool) -> int:
    if args.base_url is not None:
        try:
            site_base_url(args.base_url, Where("--base-url"))
        except Invalid as error:
            print(f"error: --base-url: {error.message}\n  hint: give the site's full address, "
                  "like https://example.org/conf/", file=sys.stderr)
            return USAGE
    output = getattr(args, "output", None)
    options = Options(project=args.project.resolve(), output=output.resolve() if output else None,
                      base_url=args.base_url, include_drafts=getattr(args, "drafts", False) or not write,
                      write=write, verbose=args.verbose, cache=getattr(args, "cache", True),
                      search=getattr(args, "search", True), records=False)
    try:
        result = build(options, build_time())
    except (ClockError, OutputFolderError) as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    code = _outcome(result, args.strict, args.format, notes=not write, writes=write, debug=args.debug)
    if code == OK and args.format == "text":
        content = result.site.content if result.site else None
        if write:
            print(result.summary())
            if args.timings:
                print(result.unit_times())
            if content and content.drafts:
                print(f"Left out {len(content.drafts)} draft(s): {', '.join(e.slug for e in content.drafts)} "
                      "(build --drafts includes them)")
            print(f"Preview it with: {_again('serve', args.project)}")
        else:
            editions = content.editions if content else ()
            drafts = sum(1 for e in editions if e.draft)
            warnings = sum(1 for p in result.problems if p.severity == "warning")
            found = f"{warnings} warning(s)" if warnings else "no problems"
            checked = f" ({drafts} of them draft(s), checked too)" if drafts else ""
            print(f"No errors in {len(editions)} editions{checked}; {found}.")
    return code


def run_i18n(args: argparse.Namespace) -> int:
    from .load import load_sources
    from .validate import validate

    project = args.project.resolve()
    problems: list[Problem] = []
    sources, found = load_sources(project)
    problems += found
    content = validate(sources, problems)
    if content is None or any(p.is_error for p in problems):
        print_problems([p for p in problems if p.is_error], "text")
        print("\nFix these first: the translation commands need valid content.", file=sys.stderr)
        return CONTENT_PROBLEMS
    if args.action != "extract":
        broken = i18n.unreadable_catalogs(project, content.site.languages)
        if broken:
            print_problems(broken, "text")
            print("\nFix these first: the catalogs are left as they are.", file=sys.stderr)
            return CONTENT_PROBLEMS
    if args.action == "extract":
        catalog = i18n.extract(project)
        i18n.write_catalog(catalog, project / "locales" / "messages.pot")
        print(f"locales/messages.pot: {len(catalog)} strings")
    elif args.action == "update":
        for line in i18n.update(project, content.site.languages):
            print(line)
    else:
        from .report import translation_report

        lines, missing = translation_report(project, content)
        print("\n".join(lines))
        return CONTENT_PROBLEMS if missing else OK
    return OK


def _ask_languages(given: str | None, site_languages: list[str], source: str | None) -> list[str] | None:
    """--languages, else the answer to a question when someone can answer it (None: the default)."""
    from . import scaffold

    if given is not None:
        return scaffold.choose_languages(given, site_languages)
    if source or not sys.stdin.isatty():
        return None
    try:
        answer = input(f"Languages of the edition's texts, the original first ({', '.join(site_languages)}; "
                       "Enter for all): ")
    except EOFError:
        return None
    return scaffold.choose_languages(answer, site_languages) if answer.strip() else None


def run_new(args: argparse.Namespace) -> int:
    from . import scaffold

    project = args.project.resolve()
    try:
        series_ids, languages = scaffold.site_settings(project)
        if args.what == "edition":
            chosen = _ask_languages(args.languages, languages, args.source)
            written = scaffold.new_edition(project, args.year, args.name, args.series or series_ids[0],
                                           series_ids, languages, args.source, chosen)
        elif args.what == "person":
            written = [scaffold.new_person(project, " ".join(args.name), args.id)]
        elif args.what == "organisation":
            written = [scaffold.new_organisation(project, " ".join(args.name), args.id)]
        else:
            written = [scaffold.new_page(project, args.slug, args.lang or languages[0], args.title)]
    except scaffold.ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE
    for path in written:
        print(f"created {path.relative_to(project)}")
    print(f"Next: fill them in, then run: {_again('check', project)}")
    return OK


def _port(text: str) -> int:
    """A port to serve on, for argparse: its usage error (exit 2) otherwise."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535, like 8000")
    return int(text)


def _interrupt_kept(unraisable: Any) -> None:
    """Ctrl-C that reaches Python while it runs a finalizer (a weak reference's callback, during a
    garbage collection) cannot stop anything there: Python printed it as an ignored exception, a
    traceback, and the command went on. It is sent again a moment later, from another thread, so
    that it arrives once the finalizer is done, where it stops the command."""
    if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
        threading.Timer(0.01, os.kill, (os.getpid(), signal.SIGINT)).start()
        return
    sys.__unraisablehook__(unraisable)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. Whatever goes wrong inside, the editor gets a message and an exit code, never
    a traceback (unless they ask for it with --debug)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in arguments
    sys.unraisablehook = _interrupt_kept
    try:
        return _dispatch(arguments)
    except KeyboardInterrupt:
        print("stopped.", file=sys.stderr)
        return 130
    except Exception as error:
        problem = unexpected(error, f"the command '{_command_name(arguments)}'")
        print(problem.format(), file=sys.stderr)
        if debug:
            print(problem.debug, file=sys.stderr)
        return CONTENT_PROBLEMS


def _command_name(arguments: Sequence[str]) -> str:
    return next((word for word in arguments if word in COMMANDS), "build")


def _dispatch(arguments: list[str]) -> int:
    if not any(word in COMMANDS for word in arguments) and not {"-h", "--help"} & set(arguments):
        arguments.insert(0, "build")  # build is the default command
    args = parser().parse_args(arguments)
    if not os.path.lexists(args.project / "site.yaml"):  # any other kind of site.yaml is a content problem
        missing = "does not exist" if not os.path.lexists(args.project) else "has no site.yaml"
        print(f"error: {args.project} {missing}; run this from the project folder or pass --project", file=sys.stderr)
        return USAGE
    if args.command == "i18n":
        return run_i18n(args)
    if args.command == "new":
        return run_new(args)
    if args.command == "import":
        from .importer.command import run as run_import

        return run_import(args.project.resolve(), args.file, args.edition, args.map, args.media, args.prune,
                          args.dry_run, print_problems)
    if args.command == "serve":
        from .preview_server import serve

        return serve(args.project, port=args.port)
    return run_build(args, write=args.command == "build")
