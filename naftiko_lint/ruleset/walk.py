"""The direct walk of simple `given` paths, without the JSONPath library.

The shape of most `given`s: names, `[*]` and filters made of `@.a.b == 'v'` and bare
`@.a.b` terms joined by `&&` and `||`. These are walked directly: the library's general
machinery costs about 20 µs a match, and importing and compiling it costs 60 ms at start.
Wherever the walk meets a node whose matching only the library decides (a wildcard or
filter over a mapping or a string, a filter over list or string items), it raises
`Fallback` and the library evaluates the path instead, so the matches are always the
library's (tests/unit/test_paths_direct.py holds the two to the same answers).

A term means what python-jsonpath with naftiko-lint's Spectral environment makes of it
(ruleset.given): `@.a.b` names a value through mappings only (nothing, JavaScript's
`undefined`, where a step is missing or not a mapping); `==` is JavaScript's loose
equality; a bare term and each operand of `&&`/`||` is tested for JavaScript truthiness.
`&&` binds tighter than `||`, as in the library.
"""

from __future__ import annotations

import re
from typing import Any

from naftiko_lint.values import UNDEFINED, js_loose_equal, js_truthy

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_TERM = rf"@(?:\.{_NAME})+(?: == '[^'\\]*')?"
_FILTER = rf"{_TERM}(?: (?:&&|\|\|) {_TERM})*"
_STEP = re.compile(
    r"\.(?P<name>[A-Za-z_][A-Za-z0-9_-]*)|(?P<all>\[\*\])" rf"|\[\?\((?P<filter>{_FILTER})\)\]"
)
_TERM_PARTS = re.compile(rf"@((?:\.{_NAME})+)(?: == '([^'\\]*)')?")

# A term: (names, literal or None for a truthiness test); a filter: alternatives (`||`) of
# conjunctions (`&&`) of terms.
Term = tuple[tuple[str, ...], str | None]
Filter = tuple[tuple[Term, ...], ...]
Steps = tuple[tuple[str, Any], ...]


class Fallback(Exception):
    """The direct walk met a node whose matching only the library decides."""


def _term(text: str) -> Term:
    match = _TERM_PARTS.fullmatch(text)
    assert match is not None  # the step pattern admitted it
    return tuple(match[1][1:].split(".")), match[2]


def _filter(text: str) -> Filter:
    return tuple(
        tuple(_term(term) for term in alternative.split(" && "))
        for alternative in text.split(" || ")
    )


def simple_steps(source: str) -> Steps | None:
    """The steps of a path (after `$`) the walk handles, or None for the library's."""
    steps: list[tuple[str, Any]] = []
    position = 1
    while position < len(source):
        match = _STEP.match(source, position)
        if match is None:
            return None
        if match.group("name"):
            steps.append(("name", match.group("name")))
        elif match.group("all"):
            steps.append(("all", None))
        else:
            steps.append(("filter", _filter(match.group("filter"))))
        position = match.end()
    return tuple(steps)


def _value(item: dict, names: tuple[str, ...]) -> Any:
    """`@.a.b` on `item`: through mappings only, UNDEFINED where it names nothing."""
    node: Any = item
    for name in names:
        if not isinstance(node, dict) or name not in node:
            return UNDEFINED
        node = node[name]
    return node


def _holds(item: dict, where: Filter) -> bool:
    return any(
        all(
            js_truthy(_value(item, names))
            if literal is None
            else js_loose_equal(_value(item, names), literal)
            for names, literal in conjunction
        )
        for conjunction in where
    )


def walk(document: Any, steps: Steps) -> list[tuple[tuple, Any]]:
    """(path, value) of each match, in the library's order; Fallback where it must decide."""
    current: list[tuple[tuple, Any]] = [((), document)]
    for kind, arg in steps:
        following: list[tuple[tuple, Any]] = []
        for path, node in current:
            if kind == "name":
                if isinstance(node, dict):
                    if arg in node:
                        following.append(((*path, arg), node[arg]))
                elif isinstance(node, str):
                    raise Fallback
                continue
            if isinstance(node, dict | str):
                raise Fallback
            if not isinstance(node, list):
                continue
            for index, item in enumerate(node):
                if kind == "all" or (isinstance(item, dict) and _holds(item, arg)):
                    following.append(((*path, index), item))
                elif (
                    not isinstance(item, dict)
                    and item is not None
                    and not isinstance(item, bool | int | float)
                ):
                    raise Fallback  # a filter over a list or string item
        current = following
    return current
