"""JSONPath for `given`: python-jsonpath, plus the Spectral dialect around it.

Added around the library: alias references (`#Alias` and `#Alias.more`), the postfix key
selector (`$.paths.*~` selects property names), and `@property` in filters (python-jsonpath
spells the current key `#`). Compiled paths and their matches are cached.

Simple paths (ruleset.walk) are walked directly and the library is imported and compiled
only for the others, or where the walk meets a node only the library decides: a run whose
paths are all simple never imports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from naftiko_lint.ruleset.walk import Fallback, Steps, simple_steps, walk


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
    source: str  # what the library compiles: without a postfix `~`, `@property` as `#`
    keys: bool  # postfix `~`
    steps: Steps | None = None  # the direct walk, for simple paths

    @cached_property
    def query(self) -> Any:
        """The library's query, compiled on first use."""
        from naftiko_lint.ruleset.library import JSONPathError, compile_query

        try:
            return compile_query(self.source)
        except JSONPathError as error:
            first = str(error).splitlines()[0]
            raise PathError(f"invalid JSONPath {self.text!r}: {first}") from None

    def find(self, document: Any) -> list[Match]:
        found = self._walked(document)
        if found is None:
            found = [(tuple(match.parts), match.obj) for match in self.query.finditer(document)]
        if self.keys:
            return [Match(parts, parts[-1], True) for parts, _ in found if parts]
        return [Match(parts, value) for parts, value in found]

    def _walked(self, document: Any) -> list[tuple[tuple, Any]] | None:
        """The direct walk's matches; None where the library must decide."""
        if self.steps is None:
            return None
        try:
            return walk(document, self.steps)
        except Fallback:
            return None


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
    compiled = CompiledPath(text, source, keys, simple_steps(source))
    if compiled.steps is None:
        compiled.query  # noqa: B018 - compiled now: an invalid path is a load error
    return compiled


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
