"""Each edition's files (its files/ folder), published under files/<slug>/ as they are, and the
photos of people with a page, under files/people/."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import photo_path, published_path
from .base import Env, Job, Output


class Files:
    name = "files"
    cached = False
    exact_clock = False

    def jobs(self, env: Env) -> Iterable[Job]:
        for person in env.site.content.people.values():
            published = photo_path(person)
            if published and person.photo and person.has_page:
                yield Job(published, (person.photo,), env.root / person.photo)
        for state in env.site.editions:
            edition = state.edition
            folder = env.root / "content" / "editions" / edition.slug
            for file in edition.files:
                yield Job(published_path(edition.slug, file), (f"content/editions/{edition.slug}/{file}",),
                          folder / file)

    def render(self, job: Job, env: Env) -> Output | None:
        return Output(job.path, job.inputs, copy_from=job.subject)


UNIT = Files()
