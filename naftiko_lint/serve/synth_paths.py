"""A JsonPath read as directions for *placing* a value, not for finding one.

The engine reads output `mapping`s (and consumed outputs' `$…` values) with Jayway 2.9.0
(`util/Converter.jsonPathExtract`): `$` and `$.` are the whole payload, a space inside a dot
segment is retried as `['a b']`, trailing functions (`length()`, `min()` …) apply to the node
before them, and an *indefinite* path (a wildcard, a deep scan, a slice) yields an array of
every match. The mock upstream needs the inverse: where must a value sit so that the path
finds it. This module turns the common shapes into steps; a path it cannot invert (filters,
unions, `concat()`) gives None and is left unserved, which conformance then reports as the
mapping finding nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Key:
    name: str  # an object member


@dataclass(frozen=True)
class Index:
    index: int  # an array position; negative counts from the end, as Jayway does


@dataclass(frozen=True)
class Every:
    """A wildcard or slice: every element (the path becomes indefinite)."""


Step = Key | Index | Every


@dataclass(frozen=True)
class Placement:
    steps: tuple[Step, ...]
    indefinite: bool  # Jayway answers an array of the matches
    function: str | None  # a trailing function such as "length", applied to the target


# Functions whose argument is the node before them; the others (concat, append) take
# arguments and are not inverted.
FUNCTIONS = frozenset(
    {"length", "size", "min", "max", "avg", "sum", "stddev", "keys", "first", "last", "index"}
)
_NAME = re.compile(r"[^.\[\]]+")
_BRACKET = re.compile(
    r"\[\s*(?:'((?:[^'\\]|\\.)*)'"  # ['name']
    r'|"((?:[^"\\]|\\.)*)"'  # ["name"]
    r"|(-?\d+)"  # [3], [-1]
    r"|(\*)"  # [*]
    r"|(-?\d*:-?\d*(?::-?\d+)?))\s*\]"  # [1:3], a slice
)
_FUNCTION = re.compile(r"\.([A-Za-z]+)\(\)$")


def placement(path: object) -> Placement | None:
    """The steps that lead to where `path` reads, or None when it cannot be inverted."""
    if not isinstance(path, str):
        return None
    text = path.strip()
    if not text.startswith("$"):
        return None
    function = None
    match = _FUNCTION.search(text)
    if match is not None:
        if match.group(1) not in FUNCTIONS:
            return None
        function, text = match.group(1), text[: match.start()]
    if text in ("$", "$."):
        return Placement((), False, function)
    steps: list[Step] = []
    indefinite = False
    at = 1
    while at < len(text):
        if text.startswith("..", at):
            indefinite = True  # a deep scan: placing the member at this level satisfies it
            at += 2
            if text.startswith("[", at):
                continue
        elif text[at] == ".":
            at += 1
        elif text[at] != "[":
            return None
        if text.startswith("*", at):
            steps.append(Every())
            indefinite, at = True, at + 1
            continue
        if text.startswith("[", at):
            bracket = _BRACKET.match(text, at)
            if bracket is None:
                return None  # a filter, a union, or malformed
            quoted = bracket.group(1) if bracket.group(1) is not None else bracket.group(2)
            if quoted is not None:
                steps.append(Key(re.sub(r"\\(.)", r"\1", quoted)))
            elif bracket.group(3) is not None:
                steps.append(Index(int(bracket.group(3))))
            else:
                steps.append(Every())
                indefinite = True
            at = bracket.end()
            continue
        name = _NAME.match(text, at)
        if name is None or "(" in name.group(0):
            return None  # a function with arguments, or one in the middle
        steps.append(Key(name.group(0).strip()))
        at = name.end()
    return Placement(tuple(steps), indefinite, function)


def dotted(fields: str) -> tuple[Step, ...]:
    """A step mapping's field path (`util/OperationStepExecutor.resolveJsonPathFromStepContext`
    splits it on `.`: no brackets, functions or wildcards) as placement steps."""
    return tuple(Key(part) for part in fields.split(".")) if fields else ()
