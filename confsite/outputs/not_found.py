"""The 404 page, in every language at once (the server cannot know which one was wanted)."""

from __future__ import annotations

from .base import BarePage

UNIT = BarePage("not-found", "404.html", "404.html", "404.html")
