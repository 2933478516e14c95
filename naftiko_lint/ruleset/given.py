"""JSONPath for `given`: python-jsonpath, plus the Spectral dialect around it.

Added around the library: alias references (`#Alias` and `#Alias.more`), the postfix key
selector (`$.paths.*~` selects property names), and `@property` in filters (python-jsonpath
spells the current key `#`). Compiled paths and their matches are cached.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import jsonpath

from naftiko_lint.values import UNDEFINED, js_compare, js_loose_equal, js_truthy


class PathError(ValueError):
    """A `given` path that cannot be compiled; the message says why."""


@dataclass(frozen=True)
class Match:
    path: tuple[str | int, ...]
    value: Any
    is_key: bool = False  # the match is the property name at `path`, not its value


# The shape of most `given`s: names, `[*]` and `[?(@.k == 'v' || …)]` filters. These are
# walked directly (the library's general machinery costs about 20 µs a match); wherever the
# walk meets something else (a wildcard or filter over a mapping or a string), the library
# evaluates the path instead, so the matches are always the library's.
_SIMPLE_STEP = re.compile(
    r"\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<all>\[\*\])"
    r"|\[\?\((?P<filter>@\.[A-Za-z_][A-Za-z0-9_]* == '[^'\\]*'"
    r"(?: \|\| @\.[A-Za-z_][A-Za-z0-9_]* == '[^'\\]*')*)\)\]"
)
_FILTER_TERM = re.compile(r"@\.([A-Za-z_][A-Za-z0-9_]*) == '([^'\\]*)'")


class _Fallback(Exception):
    """The direct walk met a node whose matching only the library decides."""


def _simple_steps(source: str) -> tuple | None:
    steps: list[tuple[str, Any]] = []
    position = 1
    while position < len(source):
        match = _SIMPLE_STEP.match(source, position)
        if match is None:
            return None
        if match.group("name"):
            steps.append(("name", match.group("name")))
        elif match.group("all"):
            steps.append(("all", None))
        else:
            steps.append(("filter", tuple(_FILTER_TERM.findall(match.group("filter")))))
        position = match.end()
    return tuple(steps)


def _walk(document: Any, steps: tuple) -> list[Match]:
    current: list[tuple[tuple, Any]] = [((), document)]
    for kind, arg in steps:
        following: list[tuple[tuple, Any]] = []
        for path, node in current:
            if kind == "name":
                if isinstance(node, dict):
                    if arg in node:
                        following.append(((*path, arg), node[arg]))
                elif isinstance(node, str):
                    raise _Fallback
                continue
            if isinstance(node, dict | str):
                raise _Fallback
            if not isinstance(node, list):
                continue
            for index, item in enumerate(node):
                if kind == "all" or (
                    isinstance(item, dict)
                    and any(js_loose_equal(item.get(key, UNDEFINED), value) for key, value in arg)
                ):
                    following.append(((*path, index), item))
                elif (
                    not isinstance(item, dict)
                    and item is not None
                    and not isinstance(item, bool | int | float)
                ):
                    raise _Fallback  # a filter over a list or string item
        current = following
    return [Match(path, value) for path, value in current]


@dataclass(frozen=True)
class CompiledPath:
    text: str
    query: Any
    keys: bool  # postfix `~`
    steps: tuple | None = None  # the direct walk, for simple paths

    def find(self, document: Any) -> list[Match]:
        if self.steps is not None and not self.keys:
            try:
                return _walk(document, self.steps)
            except _Fallback:
                pass
        out = []
        for found in self.query.finditer(document):
            parts = tuple(found.parts)
            if self.keys:
                if not parts:
                    continue
                out.append(Match(parts, parts[-1], True))
            else:
                out.append(Match(parts, found.obj))
        return out


_UNSUPPORTED = re.compile(
    r"@(parent|parentProperty|path|root)\b|\.(startsWith|endsWith|match|"
    r"includes|indexOf|length)\s*\("
)


def expand_aliases(given: str, aliases: Mapping[str, list[str]], depth: int = 0) -> list[str]:
    """`#Name.rest` → each of the alias's paths followed by `.rest`."""
    if not given.startswith("#"):
        return [given]
    if depth > 16:
        raise PathError(f"aliases refer to each other in a loop at {given!r}")
    match = re.match(r"#([A-Za-z0-9_-]+)(.*)$", given, re.DOTALL)
    if match is None:
        raise PathError(f"malformed alias reference {given!r}")
    name, rest = match.groups()
    if name not in aliases:
        raise PathError(f"unknown alias #{name}")
    out = []
    for target in aliases[name]:
        for expanded in expand_aliases(target, aliases, depth + 1):
            out.append(expanded + rest)
    return out


def _filter_value(value: Any) -> Any:
    """A filter operand as JavaScript sees it: one node is its value, none `undefined`."""
    if isinstance(value, jsonpath.NodeList):
        if len(value) == 0:
            return UNDEFINED
        return value[0].obj if len(value) == 1 else list(value.values())
    return UNDEFINED if value is jsonpath.UNDEFINED else value


class _SpectralEnvironment(jsonpath.JSONPathEnvironment):
    """Filters as Spectral evaluates them (nimma compiles them to JavaScript): `==` and
    `!=` are JavaScript's loose equality ('8080' == 8080, ['rest'] == 'rest'), `<`, `>`, `<=`
    and `>=` its relational comparison ('1' > 0, '0x10' > 15), and a bare
    `@.x` or an `&&` operand is tested for JavaScript truthiness (0, '', null are false;
    [] and {} are true)."""

    def is_truthy(self, obj: object) -> bool:
        if isinstance(obj, jsonpath.NodeList) and len(obj) > 1:
            return True
        return js_truthy(_filter_value(obj))

    def _eq(self, left: object, right: object) -> bool:
        return js_loose_equal(_filter_value(left), _filter_value(right))

    def compare(self, left: object, operator: str, right: object) -> bool:
        if operator in ("<", ">", "<=", ">="):  # JavaScript's coercions ('1' > 0, [1] > 0)
            return js_compare(_filter_value(left), operator, _filter_value(right))
        return super().compare(left, operator, right)


_ENVIRONMENT = _SpectralEnvironment()


@lru_cache(maxsize=2048)
def compile_path(text: str) -> CompiledPath:
    source = text.strip()
    if not source.startswith("$"):
        raise PathError(f"JSONPath must start with '$': {text!r}")
    if _UNSUPPORTED.search(source):
        raise PathError(f"JavaScript expressions in filters are not supported: {text!r}")
    keys = source.endswith("~") and not source.endswith("[~]")
    if keys:
        source = source[:-1]
    source = source.replace("@property", "#")
    try:
        query = _ENVIRONMENT.compile(source)
    except jsonpath.JSONPathError as error:
        first = str(error).splitlines()[0]
        raise PathError(f"invalid JSONPath {text!r}: {first}") from None
    return CompiledPath(text, query, keys, _simple_steps(source))


class MatchCache:
    """Matches of each distinct path on one document: every path walks it once."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self._matches: dict[str, list[Match]] = {}

    def find(self, text: str) -> list[Match]:
        cached = self._matches.get(text)
        if cached is None:
            cached = compile_path(text).find(self.document)
            self._matches[text] = cached
        return cached
