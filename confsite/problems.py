"""The one error type editors see: a Problem at a place in a file, with a hint."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import traceback
from collections.abc import Iterable, Iterator

# Control characters a message may carry from what it quotes (an imported file's ids, a file's name):
# printed as they are, an escape sequence would recolour, retitle or rewrite the editor's terminal.
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # and direction overrides


def printable(text: str) -> str:
    """`text` with every control character but the line feed written as an escape (ESC as \\x1b)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


@dataclasses.dataclass(frozen=True, order=True, slots=True)  # slots: a large site holds 200,000 of them
class Where:
    """A place in a source file; line and column count from 1 (0 means unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column or 1}"


@dataclasses.dataclass(frozen=True)
class Problem:
    where: Where
    message: str
    hint: str = ""
    severity: str = "error"  # "error", "warning", or "note" (for information; never fails a check)
    debug: str = dataclasses.field(default="", compare=False)  # a traceback, shown only with --debug

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        """The problem as a terminal shows it: `where: message`, and its hint on the next line."""
        label = "" if self.is_error else f"{self.severity}: "
        text = f"{printable(str(self.where))}: {label}{printable(self.message)}"
        if self.hint:
            text += f"\n  hint: {printable(self.hint)}"
        return text


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By place, each reported once (a template mistake shows on every page it breaks)."""
    return sorted(set(problems), key=lambda p: (p.where, p.message))


@contextlib.contextmanager
def working_on(path: str) -> Iterator[None]:
    """Around the handling of one source file: an exception escaping it remembers the file, so the
    message of an unexpected failure (`unexpected`) can still name it. The innermost file wins."""
    try:
        yield
    except Exception as error:
        if not hasattr(error, "confsite_source"):
            with contextlib.suppress(AttributeError, TypeError):  # a few built-in exceptions take no attributes
                error.confsite_source = path  # type: ignore[attr-defined]
        raise


def unexpected(error: BaseException, what: str) -> Problem:
    """One clear problem for an exception that escaped a stage: never a traceback for an editor.

    It names the file the stage was working on when it knows it; `--debug` shows the traceback."""
    path = getattr(error, "confsite_source", None)
    trace = "".join(traceback.format_exception(error))
    detail = f"{type(error).__name__}: {error}".strip().rstrip(":")
    if len(detail) > 300:
        detail = detail[:300] + "…"
    if path:
        return Problem(Where(path), f"{what} failed unexpectedly on this file ({detail})",
                       "look in this file for anything unusual (a very long, empty or oddly typed value) and "
                       "fix or remove it; run again with --debug for the details, and please report it: "
                       "the site generator should have explained this itself", debug=trace)
    return Problem(Where("(the site)"), f"{what} failed unexpectedly ({detail})",
                   "run the command again with --debug to see the details, and please report it", debug=trace)
