"""The language chooser at the site's root: sends a visitor on to their language."""

from __future__ import annotations

from .base import BarePage

UNIT = BarePage("chooser", "chooser.html", "index.html", "")
