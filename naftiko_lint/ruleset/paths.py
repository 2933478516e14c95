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

from naftiko_lint.functions.core import UNDEFINED, js_compare, js_loose_equal, js_truthy


class PathError(ValueError):
    """A `given` path that cannot be compiled; the message says why."""


@dataclass(frozen=True)
class Match:
    path: tuple[str | int, ...]
    value: Any
    is_key: bool = False  # the match is the property name at `path`, not its value


@dataclass(frozen=True)
class CompiledPath:
    text: str
    query: Any
    keys: bool  # postfix `~`

    def find(self, document: Any) -> list[Match]:
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


_UNSUPPORTED = re.compile(r"@(parent|parentProperty|path|root)\b|\.(startsWith|endsWith|match|"
                          r"includes|indexOf|length)\s*\(")


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
    return CompiledPath(text, query, keys)


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
