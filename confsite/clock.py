"""One clock for the whole build: SOURCE_DATE_EPOCH when set, else now.

Statuses, registration states and every timestamp in the output come from here, so two
builds of one commit with the same SOURCE_DATE_EPOCH are identical and tests can fix "today".
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping


class ClockError(ValueError):
    pass


def build_time(environ: Mapping[str, str] | None = None) -> dt.datetime:
    """The build's moment, timezone-aware in UTC."""
    env = os.environ if environ is None else environ
    raw = env.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        seconds = int(raw)
        if seconds < 0:
            raise ValueError(raw)  # before 1970: a mistake (-5 is no build's moment)
        return dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (ValueError, OverflowError) as error:
        raise ClockError(
            f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {raw!r}"
        ) from error
