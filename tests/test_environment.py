"""The Jinja environment's quick calls: a plain helper is called with its arguments alone, one that
asks for the context (`pass_context`) still gets it, inside loops and blocks too."""

from __future__ import annotations

import pathlib

import jinja2

from confsite.outputs.environment import _QuickCalls, make_environment


def test_helpers_get_their_arguments_and_context_takers_the_context(tmp_path: pathlib.Path) -> None:
    (tmp_path / "page.html").write_text(
        "{% for i in range(2) %}{{ plain(i) }}|{{ method(i) }}|{{ wants(i) }};{% endfor %}"
        "{% block b %}{% set inner = 'block' %}{{ wants(inner) }}{% endblock %}", encoding="utf-8")
    env = make_environment.__wrapped__(tmp_path)  # a fresh one, not the cached one of the real templates
    assert env.context_class is _QuickCalls

    class Helpers:
        def method(self, value: int) -> str:
            return f"m{value}"

    @jinja2.pass_context
    def wants(context: jinja2.runtime.Context, value: object) -> str:
        return f"{context['who']}:{value}"

    page = env.get_template("page.html").render(plain=lambda value: f"p{value}", method=Helpers().method,
                                                wants=wants, who="ctx")
    assert page == "p0|m0|ctx:0;p1|m1|ctx:1;ctx:block"


def test_a_helper_that_stops_an_iteration_gives_undefined_as_in_jinja(tmp_path: pathlib.Path) -> None:
    (tmp_path / "page.html").write_text("{{ stops() is undefined }}", encoding="utf-8")
    env = make_environment.__wrapped__(tmp_path)

    def stops() -> None:
        raise StopIteration

    assert env.get_template("page.html").render(stops=stops) == "True"
