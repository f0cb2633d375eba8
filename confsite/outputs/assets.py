"""The templates' assets (style sheet, scripts, icons), copied as they are."""

from __future__ import annotations

from collections.abc import Iterable

from ..helpers import ASSETS
from ..recording import record
from .base import Env, Job, Output


class Assets:
    name = "assets"
    cached = False
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        folder = env.templates / ASSETS
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                rel = path.relative_to(env.templates).as_posix()
                yield Job(rel, path)

    def render(self, job: Job, env: Env) -> Output | None:
        record(job.subject.relative_to(env.templates.parent).as_posix())  # templates/assets/…
        return Output(job.path, copy_from=job.subject)


UNIT = Assets()
