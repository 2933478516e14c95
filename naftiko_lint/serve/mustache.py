"""Mustache rendering as the engine does it: util/Resolver.resolveMustacheTemplate on
JMustache 1.16 (`escapeHTML(false)`, `defaultValue("")`).

What decides the text that reaches an upstream:

* with no parameters at all (null or an empty map) the template comes back **untouched**,
  `{{x}}` included: that is why the engine's "Unresolved template parameters" checks fire
  only for a call with no parameters;
* otherwise a missing or null variable renders as the empty string;
* a top-level list (a `java.util.Collection`) is JSON-serialised by Jackson before rendering;
  every other value prints as `String.valueOf` does (engine_java.java_string): maps as
  `{k=v}`, numbers as Java prints them;
* `{{a.b}}` walks into the map `a` (JMustache's compound keys), never into a list or a
  whole-body `JsonTree`;
* sections `{{#x}}…{{/x}}` and inverted sections `{{^x}}…{{/x}}` follow JMustache's
  truthiness (null, missing, false and empty lists are false; an empty string and 0 are
  true); `{{{x}}}` and `{{&x}}` are the same as `{{x}}` (nothing is escaped anyway);
  comments render nothing.

JMustache throws on templates it cannot parse (an unclosed section, a stray close tag, an
empty tag) and on partials (no template loader is configured); those raise `MustacheError`
here, and nothing else ever escapes `render`. Not modelled: delimiter changes (`{{=<% %>=}}`,
which raise `MustacheError`), the standalone-line trimming of section tags, and the `-first` /
`-last` / `-index` pseudo-variables.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from naftiko_lint.serve.engine_java import JsonTree, jackson_compact, java_string

_MISSING = object()


class MustacheError(Exception):
    """A template JMustache refuses (MustacheParseException / MustacheException)."""


@dataclass(frozen=True)
class _Tag:
    kind: str  # "var", "section", "inverted"
    name: str
    children: tuple[Any, ...] = ()


def _parse(template: str) -> list[Any]:
    """The template as a tree of text (str) and _Tag nodes."""
    root: list[Any] = []
    stack: list[tuple[str, str, list[Any]]] = [("", "", root)]
    pos = 0
    while True:
        start = template.find("{{", pos)
        if start < 0:
            stack[-1][2].append(template[pos:])
            break
        triple = template.startswith("{{{", start)
        close = "}}}" if triple else "}}"
        end = template.find(close, start + (3 if triple else 2))
        if end < 0:  # JMustache keeps an unterminated tag as text
            stack[-1][2].append(template[pos:])
            break
        stack[-1][2].append(template[pos:start])
        raw = template[start + (3 if triple else 2) : end].strip()
        pos = end + len(close)
        if not raw:
            raise MustacheError(f"Invalid empty tag at offset {start}")
        sigil, name = raw[0], raw[1:].strip()
        if triple:
            stack[-1][2].append(_Tag("var", raw))
        elif sigil == "!":
            continue
        elif sigil in "#^":
            if not name:
                raise MustacheError(f"Section tag without a name at offset {start}")
            stack.append(("section" if sigil == "#" else "inverted", name, []))
        elif sigil == "/":
            kind, open_name, children = stack[-1]
            if len(stack) == 1 or open_name != name:
                raise MustacheError(f"Section close tag {name!r} with no matching open tag")
            stack.pop()
            stack[-1][2].append(_Tag(kind, open_name, tuple(children)))
        elif sigil == ">":
            raise MustacheError(f"Partial {name!r}: template loading is not configured")
        elif sigil == "=":
            raise MustacheError("Delimiter changes are not supported")
        elif sigil == "&":
            stack[-1][2].append(_Tag("var", name))
        else:
            stack[-1][2].append(_Tag("var", raw))
    if len(stack) > 1:
        raise MustacheError(f"Section {stack[-1][1]!r} is not closed")
    return root


def _fetch(context: Any, name: str) -> Any:
    if isinstance(context, Mapping) and name in context:
        return context[name]
    return _MISSING


def _lookup(stack: list[Any], name: str) -> Any:
    if name in (".", "this"):
        return stack[-1]
    for context in reversed(stack):  # a key spelt with its dots wins (JMustache tries it first)
        value = _fetch(context, name)
        if value is not _MISSING:
            return value
    first, *rest = name.split(".")
    value = _MISSING
    for context in reversed(stack):
        value = _fetch(context, first)
        if value is not _MISSING:
            break
    for component in rest:
        if value is _MISSING or value is None:
            return _MISSING
        value = _fetch(value, component)
    return value


def _truthy(value: Any) -> bool:
    if value is _MISSING or value is None or value is False:
        return False
    if isinstance(value, (list, tuple)):
        return bool(value)
    if isinstance(value, JsonTree) and isinstance(value.value, (list, dict)):
        return bool(value.value)
    return True


def _items(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, JsonTree) and isinstance(value.value, list):
        return [JsonTree(v) for v in value.value]
    if isinstance(value, JsonTree) and isinstance(value.value, dict):
        return [JsonTree(v) for v in value.value.values()]
    return [value]


def _execute(nodes: list[Any] | tuple[Any, ...], stack: list[Any], out: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        value = _lookup(stack, node.name)
        if node.kind == "var":
            if value is not _MISSING and value is not None:
                out.append(java_string(value))
        elif node.kind == "section":
            if _truthy(value):
                for item in _items(value):
                    _execute(node.children, [*stack, item], out)
        elif not _truthy(value):
            _execute(node.children, stack, out)


def render(template: str | None, parameters: Mapping[str, Any] | None) -> str | None:
    """`Resolver.resolveMustacheTemplate(template, parameters)` (see the module docstring)."""
    if template is None or not parameters:
        return template
    serialized = {
        key: jackson_compact(value) if isinstance(value, (list, tuple)) else value
        for key, value in parameters.items()
    }
    out: list[str] = []
    try:
        _execute(_parse(template), [serialized], out)
    except RecursionError as error:  # pathologically nested sections
        raise MustacheError("Template nests too deeply") from error
    return "".join(out)


def has_tag(text: str) -> bool:
    """The engine's test for a template it left unresolved: `{{` and `}}` both present."""
    return "{{" in text and "}}" in text
