"""The Jinja environment every template renders in: one for all languages and builds, with the
page's own catalog behind `_()`, template mistakes reported at their line, and each template a
render loads recorded as one of its inputs."""

from __future__ import annotations

import functools
import pathlib
import traceback
import types
from collections.abc import Callable
from typing import Any

import jinja2
import markupsafe
from jinja2.compiler import CodeGenerator, Frame, optimizeconst
from jinja2.nodes import EvalContext, Getattr
from jinja2.runtime import Macro
from jinja2.utils import _PassArg
from markupsafe import Markup, escape

from .. import formatting
from ..problems import Problem, Where
from ..recording import record


# A translation is text, never markup: escaped here, before Jinja's new-style gettext marks it
# safe and fills in its placeholders. Markup an interface string needs stays in the template.
@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> Markup:
    return escape(context["translations"].gettext(message))


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, count: int) -> Markup:
    return escape(context["translations"].ngettext(singular, plural, count))


def _one_full_stop(translate: Callable[..., str]) -> Callable[..., str]:
    """Jinja's gettext, with no double full stop after a value that ends in one (a date in "г.").
    A message without placeholders gives the same text each time in one language: it is kept."""
    made: dict[tuple[Any, bool, tuple[Any, ...]], str] = {}

    @jinja2.pass_context
    def call(context: jinja2.runtime.Context, *args: Any, **variables: Any) -> str:
        if variables:
            return formatting.one_full_stop(translate(context, *args, **variables), tuple(variables.values()))
        key = (context["translations"], context.eval_ctx.autoescape, args)  # the catalog itself: no id reused
        if key not in made:
            made[key] = formatting.one_full_stop(translate(context, *args), ())
        return made[key]
    return call


_PLAIN = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType)


class _QuickCalls(jinja2.runtime.Context):
    """Jinja's context, calling a plain function or method that takes no context (the helpers,
    nearly every call a template makes), or a macro, at once: Jinja's own `call` asks each callable
    four times whether it wants one, 125 calls a page. A function marked with `pass_context` (the
    gettext callables) gets the context as Jinja's `call` gives it; any other callable goes through
    Jinja's `call` as before."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        kind = type(__obj)
        if kind is _QuickMacro or kind is Macro:  # no `jinja_pass_arg`, on it or its `__call__`: called as is
            pass
        elif kind not in _PLAIN:
            return super().call(__obj, *args, **kwargs)
        elif hasattr(__obj, "jinja_pass_arg"):
            if _PassArg.from_obj(__obj) is not _PassArg.context:
                return super().call(__obj, *args, **kwargs)
            # as Jinja's `call` gives it: the context with the variables of the loops and blocks around
            if kwargs.get("_loop_vars"):
                __self = __self.derived(kwargs["_loop_vars"])
            if kwargs.get("_block_vars"):
                __self = __self.derived(kwargs["_block_vars"])
            args = (__self, *args)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __self.environment.undefined("value was undefined because a callable raised a"
                                                " StopIteration exception")


_escape_inner = markupsafe._escape_inner  # type: ignore[attr-defined]  # markupsafe's own, in C where it can be


def _escape(value: Any) -> str:
    """What a template's `{{ value }}` writes under autoescape: `markupsafe.escape`'s text, without
    making each piece a `Markup` first (2.8 million of them on a 100-edition series). A compiled
    template only joins what its outputs give, and wraps the joined text in `Markup` itself where
    it is kept (a macro's, a `set` block's), so the type of each piece changes nothing it makes."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)  # type: ignore[no-any-return]
    if kind is Markup:  # already safe: its `__html__` is itself
        return value
    return escape(value)


class _QuickCode(CodeGenerator):
    """Jinja's code generator, reading an attribute (`value.name`, 3.4 million times on a 100-edition
    series) without a call of `Environment.getattr` when the value has it; without, through it as
    before (an item of that name, or undefined). Python's `getattr` with a default catches what
    `Environment.getattr`'s does (an AttributeError), so the value and what reading it recorded are
    the same."""

    @optimizeconst
    def visit_Getattr(self, node: Getattr, frame: Frame) -> None:
        if self.environment.is_async:  # pragma: no cover - no template renders asynchronously
            super().visit_Getattr(node, frame)
            return
        # `_o` and `_v` are set and read within this expression, a nested one's before its own
        self.write("(_v if (_v := getattr((_o := ")
        self.visit(node.node, frame)
        self.write(f"), {node.attr!r}, missing)) is not missing else environment.getattr(_o, {node.attr!r}))")


class _QuickMacro(Macro):
    """Jinja's macro, called at once when the call gives each of its arguments by position and
    nothing else (most of the 380,000 calls of a 100-edition series): what Jinja's `__call__` then
    does, without going through its handling of defaults, keywords and `caller`."""

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if kwargs or len(args) != self._argument_count or self.caller or self.catch_kwargs or self.catch_varargs \
                or (args and isinstance(args[0], EvalContext)):
            return super().__call__(*args, **kwargs)
        value = self._func(*args)  # Jinja's `_invoke`
        return Markup(value) if self._default_autoescape else value  # type: ignore[no-any-return]


class _QuickTemplate(jinja2.Template):
    """Jinja's template, its compiled code writing its outputs with `_escape` and making its macros
    `_QuickMacro`s."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: types.CodeType, globals: Any,
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        namespace = {"environment": environment, "__file__": code.co_filename}
        exec(code, namespace)
        # what its `from jinja2.runtime import escape, Macro` gave, in each of its functions
        namespace["escape"], namespace["Macro"] = _escape, _QuickMacro
        template = cls._from_namespace(environment, namespace, globals)
        template._uptodate = uptodate
        return template


class _RecordedEnvironment(jinja2.Environment):
    """Jinja's environment, recording each template a render asks for (its own, the one it extends,
    those it imports or includes) as an input of the output being made: a page that imports no
    macros does not depend on them. (Jinja asks for them on each render, from its compiled cache.)"""

    def get_template(self, name: str | jinja2.Template, parent: str | None = None,  # type: ignore[override]
                     globals: Any = None) -> jinja2.Template:
        if isinstance(name, str):
            record(f"templates/{name}")
        return super().get_template(name, parent, globals)


@functools.cache
def make_environment(templates: pathlib.Path) -> jinja2.Environment:
    """One environment for every language and build: each page brings its own `translations`,
    so compiled templates are shared, and `serve` recompiles only the templates that changed."""
    env = _RecordedEnvironment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=True, undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False)  # each build drops what changed first (`fresh`)
    env.context_class = _QuickCalls
    env.template_class = _QuickTemplate
    env.code_generator_class = _QuickCode
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
    for name in ("gettext", "_", "ngettext"):
        env.globals[name] = _one_full_stop(env.globals[name])  # type: ignore[arg-type]
    env.policies["ext.i18n.trimmed"] = True
    return env


def fresh(env: jinja2.Environment) -> jinja2.Environment:
    """The environment, for one build: the compiled templates whose file changed since they were
    compiled (in the live preview) are dropped first, once. Jinja's own `auto_reload` would look at
    each template's file again at every render, two or three times a page."""
    if env.cache is not None:
        for key, template in list(env.cache.items()):
            if not template.is_up_to_date:
                del env.cache[key]
    return env


def template_problem(error: Exception, templates: pathlib.Path) -> Problem:
    """A template mistake at its file and line, from Jinja's own error or the rewritten traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        name = error.filename or error.name or "templates"
        return Problem(Where(_relative(name, templates), error.lineno or 0),
                       f"template error: {error.message}", "fix the template at this line")
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".html") or frame.filename.endswith(".xml"):
            return Problem(Where(_relative(frame.filename, templates), frame.lineno or 0),
                           f"template error: {type(error).__name__}: {error}", "fix the template at this line")
    return Problem(Where("templates"), f"template error: {type(error).__name__}: {error}")


def _relative(filename: str, templates: pathlib.Path) -> str:
    path = pathlib.Path(filename)
    try:
        return ("templates" / path.resolve().relative_to(templates.resolve())).as_posix()
    except ValueError:
        return filename
