"""The project folder's own parts, which no content may reach and no build may replace: its source
folders, and its hidden ones (`.git` holds the credentials a CI checkout fetched with, `.cache`
the build cache, `.venv` the machine's Python)."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["SOURCE_FOLDERS", "hidden_part"]

SOURCE_FOLDERS = ("content", "templates", "locales", "tests", "confsite", "docs", ".git", ".ci")


def hidden_part(parts: Iterable[str]) -> str | None:
    """The first hidden file or folder (its name starts with a dot) of a path inside the project,
    given as its parts from the project folder down."""
    return next((part for part in parts if part.startswith(".")), None)
