"""Texts the import writes into YAML files, through ruamel.yaml's round trip, so that the site's
own reader (PyYAML, YAML 1.1) reads back exactly what was written: `yaml()` and `dump` write in
the project's layout, `Imported` marks a one-line text that is quoted only where it must be,
`in_quotes` and `block` choose a style, `flow` and `flow_list` write `{…}` and `[…]`."""

from __future__ import annotations

import functools
import io
import re
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import RoundTripEmitter
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString


class Imported(str):
    """A one-line text the import writes (a title, room, track, description, id): plain only where the
    site's own reader would read it back as the same text."""


class _Representer(RoundTripRepresenter):
    def represent_imported(self, data: Imported) -> Any:
        return self.represent_scalar("tag:yaml.org,2002:str", data)  # the value itself reaches the emitter


_Representer.add_representer(Imported, _Representer.represent_imported)


class _Emitter(RoundTripEmitter):
    """ruamel writes YAML 1.2, where `yes`, `1:30` and `{en: :0}` are plain texts; the site reads
    YAML 1.1 with PyYAML, where they are a boolean, the number 90 and an error. An imported text
    that ruamel would write plain is written in double quotes unless PyYAML reads it back the same
    in that place (a flow `{…}`/`[…]` or a block)."""

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        value = self.event.value
        if style == "" and isinstance(value, Imported) and not _reads_back(str(value), bool(self.flow_level)):
            return '"'
        return style


# Plain texts that no YAML 1.1 reader can split or misread (what they mean is left to the resolver):
# a letter or digit first, then no ": " or " #" (no ':' or '#' at all), no line break, no space at the
# end; and in flow, none of ",[]{}" (which end a plain text there) nor '?' (which PyYAML's own,
# pure-Python scanner also stops at, although libyaml does not).
_SAFE_IN_BLOCK = re.compile(r"[^\W_][\w .,;!?()\[\]{}/'\"+&*%@-]*(?<! )")
_SAFE_IN_FLOW = re.compile(r"[^\W_][\w .;!()/'\"+&*%@-]*(?<! )")
_RESOLVER = pyyaml.resolver.Resolver()
# the site reads with libyaml when PyYAML has it, else with PyYAML's own scanner: both must agree
_LOADERS = tuple(dict.fromkeys((pyyaml.SafeLoader, getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader))))


@functools.lru_cache(maxsize=1024)
def _reads_back(text: str, flow: bool) -> bool:
    """Whether PyYAML gives back `text` written plain as a value: in a flow mapping and a flow list,
    or in a block mapping."""
    if (_SAFE_IN_FLOW if flow else _SAFE_IN_BLOCK).fullmatch(text):
        return _RESOLVER.resolve(pyyaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    if flow and any(char in ",[]{}?" for char in text):  # never plain there: no need to ask
        return False
    snippet, expected = ((f"k: {{k: {text}}}\nl: [{text}]\n", {"k": {"k": text}, "l": [text]}) if flow
                         else (f"k: {text}\n", {"k": text}))
    for loader in _LOADERS:
        try:
            if pyyaml.load(snippet, Loader=loader) != expected:
                return False
        except (pyyaml.YAMLError, ValueError, OverflowError):  # e.g. 2030-02-30, a date that is none
            return False
    return True


def yaml() -> YAML:
    """The round-trip reader and writer, in the project's layout (lists indented under their key)."""
    handler = YAML()
    handler.Representer = _Representer
    handler.Emitter = _Emitter
    handler.preserve_quotes = True
    handler.indent(mapping=2, sequence=4, offset=2)
    handler.width = 4096
    return handler


def dump(data: Any) -> str:
    stream = io.StringIO()
    yaml().dump(data, stream)
    return stream.getvalue()


def flow(data: dict[str, Any]) -> CommentedMap:
    node = CommentedMap(data)
    node.fa.set_flow_style()
    return node


def flow_list(items: list[Any]) -> CommentedSeq:
    node = CommentedSeq(items)
    node.fa.set_flow_style()
    return node


def in_quotes(text: str) -> str:
    return DoubleQuotedScalarString(text)


def block(text: str) -> str:
    return LiteralScalarString(text) if "\n" in text else Imported(text)
