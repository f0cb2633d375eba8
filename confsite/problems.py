"""The one error type editors see: a Problem at a place in a file, with a hint."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable


@dataclasses.dataclass(frozen=True, order=True)
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

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def format(self) -> str:
        label = "" if self.is_error else f"{self.severity}: "
        text = f"{self.where}: {label}{self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ContentError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sort_problems(problems)
        super().__init__(f"{len(self.problems)} problem(s)")


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By place, each reported once (a template mistake shows on every page it breaks)."""
    return sorted(set(problems), key=lambda p: (p.where, p.message))
