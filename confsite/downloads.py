"""What an edition's files/ folder may publish: documents, pictures, sound, video and archives,
which a browser shows or saves but never runs.

Every file there is published on the site's own address. A web page, an XML document (which may
name a stylesheet that makes it a page) or a script would run as part of the site, with the
agendas its visitors keep in their browsers. Servers pick a file's type by its ending, and many
endings mean XML (`.rss`, `.kml`, `.gpx`…), so the folder takes the endings listed here and no
other. An SVG drawing is published only once checked like a logo (`outputs/files.py`).
"""

from __future__ import annotations

import pathlib

__all__ = ["PUBLISHED", "refusal"]

PUBLISHED = frozenset({
    # documents and slides
    ".pdf", ".txt", ".md", ".csv", ".tsv", ".rtf", ".doc", ".docx", ".odt", ".xls", ".xlsx", ".ods",
    ".ppt", ".pptx", ".pps", ".ppsx", ".pot", ".potx", ".odp", ".odg", ".key", ".pages", ".numbers",
    ".epub", ".ics",
    # pictures (JPEG, PNG and WebP are published cleaned of their metadata; SVG once checked)
    ".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif", ".svg",
    # sound and video
    ".mp3", ".m4a", ".ogg", ".oga", ".opus", ".wav", ".flac", ".mp4", ".m4v", ".webm", ".mov", ".ogv",
    # archives
    ".zip", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz",
})

# endings a browser runs or renders as part of the site: said so, not only "not published"
_ACTIVE = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".mht", ".mhtml", ".xml", ".xsl", ".xslt",
                     ".js", ".mjs", ".css", ".svgz", ".swf", ".wasm", ".rss", ".atom", ".php"})


def refusal(name: str) -> tuple[str, str] | None:
    """Why a file of files/ named `name` is not published (a message and a hint), or None."""
    path = pathlib.PurePosixPath(name)
    suffix = path.suffix.lower()
    # Apache reads every ending of a name: 'programme.html.md' is a web page there
    active = next((ending for ending in map(str.lower, path.suffixes) if ending in _ACTIVE), None)
    if active:
        return (f"a '{active}' file would run as part of this website (it may hold scripts), so it is not "
                "published", "save it as a PDF, or publish it on a website of its own and link to it")
    if ".svg" in map(str.lower, path.suffixes[:-1]):  # checked for scripts only under its own ending
        return ("a '.svg' drawing behind another ending would be served as a drawing there too, without the "
                "check for scripts an SVG file gets, so it is not published",
                "name the drawing with '.svg' alone, or save it as a PDF or PNG")
    if suffix in PUBLISHED:
        return None
    shown = f"a '{suffix}' file" if suffix else "a file without an ending (like '.pdf')"
    return (f"{shown} is not a kind of file the site publishes",
            "the files/ folder takes documents (PDF, PPTX, DOCX, ODP…), pictures, sound, video and "
            "archives (ZIP): save it as one of them")
