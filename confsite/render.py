"""Render stage: the resolved site -> outputs (bytes and the inputs each was made from).

One loop over the registry of output units (`outputs.registry`): each unit plans its outputs and
renders one at a time. Templates get ready values and a few presentation helpers (`t` picks a
text in the page's language, the formatting functions of `formatting`); they hold no business
rules. Each output records the source files and templates it used, which is what lets `serve`
rebuild exactly what a save affects.
"""

from __future__ import annotations

import gettext
import pathlib
from collections.abc import Callable

from .outputs.base import Env, Output
from .outputs.registry import NAVIGABLE, UNITS
from .problems import Problem
from .resolve import Site

__all__ = ["Output", "everything", "render_site"]


def everything(path: str, inputs: tuple[str, ...]) -> bool:
    return True


def render_site(site: Site, templates: pathlib.Path, translations: dict[str, gettext.NullTranslations],
                problems: list[Problem], root: pathlib.Path,
                wanted: Callable[[str, tuple[str, ...]], bool] = everything) -> list[Output]:
    """The outputs of the site whose inputs are `wanted` (all by default).

    Template mistakes become problems, reported at their line.
    """
    env = Env(site, templates, translations, root, problems, NAVIGABLE)
    outputs = []
    for unit in UNITS:
        for job in unit.jobs(env):
            if wanted(job.path, job.inputs) and (output := unit.render(job, env)) is not None:
                outputs.append(output)
    return outputs
