"""`import`: bring a programme in from a call-for-papers tool (pretalx, frab, Sessionize).

read (this module: detect the format, hand the file to its reader) -> Programme -> merge (the
edition's agenda, people and organisations, as round-trip YAML) -> the usual load and validate
of the result, before anything is written.
"""

from __future__ import annotations

import json
import pathlib

from . import frab_json, frab_xml, sessionize
from .programme import Programme, ReadError, fail

MAX_BYTES = 50_000_000
TOO_DEEP = "this is not valid JSON for a programme (its lists and objects nest too deeply)"
FORMATS_HINT = ("give a frab schedule.xml or schedule.json (pretalx, frab) or a Sessionize 'All Data' JSON "
                "export")


def read_programme(path: pathlib.Path, shown: str, timezone: str) -> Programme:
    """The programme in the file at `path` (called `shown` in messages); Sessionize times are read in
    `timezone`. Raises ReadError naming the file and the fault."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(shown, f"the file is {size // 1_000_000} MB; a programme is far smaller", FORMATS_HINT)
        data = path.read_bytes()
    except OSError as error:
        raise fail(shown, f"the file cannot be read ({error.strerror or type(error).__name__})",
                   "check the file's name and place") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"{\x00", b"\x00{")):
        # (read only as UTF-8: the checks for XML entities read the bytes as UTF-8 does)
        raise fail(shown, "the file is saved as UTF-16", "save it as UTF-8 (or export it again) and import it again")
    body = data.removeprefix(b"\xef\xbb\xbf").lstrip()
    if body.startswith(b"<"):
        return frab_xml.read(body, shown)
    if not body.startswith((b"{", b"[")):
        raise fail(shown, "the file is neither XML nor JSON", FORMATS_HINT)
    try:
        document = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail(shown, "the file is not UTF-8 text", FORMATS_HINT) from None
    except json.JSONDecodeError as error:
        raise fail(shown, f"this is not valid JSON ({error.msg})", FORMATS_HINT, error.lineno, error.colno) from None
    except ValueError:  # a number of thousands of digits, which Python refuses to read
        raise fail(shown, "this JSON holds a number too long to read", FORMATS_HINT) from None
    except RecursionError:  # Python's own limit, about a thousand lists or objects deep
        raise fail(shown, TOO_DEEP, FORMATS_HINT) from None
    try:  # (a file nested just under the parser's limit can still exceed it in the schema's check)
        if isinstance(document, dict) and "schedule" in document:
            return frab_json.read(document, shown)
        if isinstance(document, dict) and "sessions" in document and "speakers" in document:
            return sessionize.read(document, shown, timezone)
    except RecursionError:
        raise fail(shown, TOO_DEEP, FORMATS_HINT) from None
    if isinstance(document, list):
        raise fail(shown, "the file is a JSON list, not one programme: perhaps Sessionize's 'Sessions' export",
                   FORMATS_HINT)
    keys = ", ".join(sorted(map(str, document))[:6]) if isinstance(document, dict) else type(document).__name__
    raise fail(shown, f"the JSON has neither 'schedule' (frab) nor 'sessions' and 'speakers' (Sessionize): {keys}",
               FORMATS_HINT)


__all__ = ["Programme", "ReadError", "read_programme"]
