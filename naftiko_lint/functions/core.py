"""Spectral's core value functions: truthy, falsy, defined, undefined, pattern,
enumeration, length, casing.

Semantics follow Spectral: a target outside a function's `input` type is skipped, not
reported; `#{{print("property")}}` in a message becomes `"name" property `.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from naftiko_lint.functions.api import FunctionContext, FunctionResult, rule_function
from naftiko_lint.values import (
    UNDEFINED,
    js_truthy,
    print_value,
)


@rule_function("truthy")
def truthy(target: Any, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    if not js_truthy(target):
        yield FunctionResult('#{{print("property")}}must be truthy')


@rule_function("falsy")
def falsy(target: Any, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    if js_truthy(target):
        yield FunctionResult('#{{print("property")}}must be falsy')


@rule_function("defined")
def defined(target: Any, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    if target is UNDEFINED:
        yield FunctionResult('#{{print("property")}}must be defined')


@rule_function("undefined")
def undefined(target: Any, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    if target is not UNDEFINED:
        yield FunctionResult('#{{print("property")}}must be undefined')


_SLASHED = re.compile(r"^/(.+)/([a-z]*)$", re.DOTALL)
_FLAGS = {"i": re.IGNORECASE, "m": re.MULTILINE, "s": re.DOTALL, "u": 0, "g": 0, "y": 0}


@lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> re.Pattern[str]:
    """A Spectral pattern: `/source/flags` or a bare source (JavaScript-style)."""
    slashed = _SLASHED.match(pattern)
    flags = 0
    if slashed:
        pattern, letters = slashed.groups()
        for letter in letters:
            flags |= _FLAGS.get(letter, 0)
    return re.compile(pattern, flags)


_PATTERN_OPTION = {"type": "string"}


@rule_function(
    "pattern",
    input={"type": "string"},
    options={
        "type": "object",
        "additionalProperties": False,
        "properties": {"match": _PATTERN_OPTION, "notMatch": _PATTERN_OPTION},
    },
)
def pattern(target: str, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    options = options or {}
    if "match" in options and not compile_regex(options["match"]).search(target):
        yield FunctionResult(f'#{{{{print("value")}}}} must match the pattern "{options["match"]}"')
    if "notMatch" in options and compile_regex(options["notMatch"]).search(target):
        yield FunctionResult(
            f'#{{{{print("value")}}}} must not match the pattern "{options["notMatch"]}"'
        )


@rule_function(
    "enumeration",
    input={"type": ["string", "number", "null", "boolean"]},
    options={
        "type": "object",
        "additionalProperties": False,
        "required": ["values"],
        "properties": {
            "values": {"type": "array", "items": {"type": ["string", "number", "null", "boolean"]}}
        },
    },
)
def enumeration(target: Any, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    values = options["values"]
    if not any(
        (target == v and type(target) is type(v)) or _same_number(target, v) for v in values
    ):
        allowed = ", ".join(print_value(v) for v in values)
        yield FunctionResult(
            f'#{{{{print("value")}}}} must be equal to one of the allowed values: {allowed}'
        )


def _same_number(a: Any, b: Any) -> bool:
    numbers = (int, float)
    return (
        isinstance(a, numbers)
        and isinstance(b, numbers)
        and not isinstance(a, bool)
        and not isinstance(b, bool)
        and a == b
    )


@rule_function(
    "length",
    input={"type": ["array", "object", "string", "number"]},
    options={
        "type": "object",
        "additionalProperties": False,
        "minProperties": 1,
        "properties": {"min": {"type": "number"}, "max": {"type": "number"}},
    },
)
def length(target: Any, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    size = target if isinstance(target, int | float) else len(target)
    if "min" in options and size < options["min"]:
        yield FunctionResult(
            f'#{{{{print("property")}}}}must be longer than {print_value(options["min"])}'
        )
    if "max" in options and size > options["max"]:
        yield FunctionResult(
            f'#{{{{print("property")}}}}must be shorter than {print_value(options["max"])}'
        )


_CASES = {
    "flat": "[a-z][a-z{d}]*",
    "camel": "[a-z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*",
    "pascal": "[A-Z][a-z{d}]*(?:[A-Z{d}](?:[a-z{d}]+|$))*",
    "kebab": "[a-z][a-z{d}]*(?:-[a-z{d}]+)*",
    "cobol": "[A-Z][A-Z{d}]*(?:-[A-Z{d}]+)*",
    "snake": "[a-z][a-z{d}]*(?:_[a-z{d}]+)*",
    "macro": "[A-Z][A-Z{d}]*(?:_[A-Z{d}]+)*",
}


@lru_cache(maxsize=256)
def _casing_regex(kind: str, digits: bool, separator: str | None, leading: bool) -> re.Pattern[str]:
    word = _CASES[kind].replace("{d}", "0-9" if digits else "")
    if separator is None:
        return re.compile(f"^{word}\\Z")
    sep = f"[{re.escape(separator)}]"
    lead = f"{sep}?" if leading else ""
    return re.compile(f"^{lead}{word}(?:{sep}{word})*\\Z")


@rule_function(
    "casing",
    input={"type": "string", "minLength": 1},
    options={
        "type": "object",
        "additionalProperties": False,
        "required": ["type"],
        "properties": {
            "type": {"enum": list(_CASES)},
            "disallowDigits": {"type": "boolean"},
            "separator": {
                "type": "object",
                "required": ["char"],
                "additionalProperties": False,
                "properties": {
                    "char": {"type": "string", "maxLength": 1},
                    "allowLeading": {"type": "boolean"},
                },
            },
        },
    },
)
def casing(target: str, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    separator = options.get("separator") or {}
    char = separator.get("char")
    leading = separator.get("allowLeading") is True
    if len(target) == 1 and char is not None and leading and target == char:
        return
    regex = _casing_regex(options["type"], options.get("disallowDigits") is not True, char, leading)
    if not regex.match(target):
        yield FunctionResult(f"must be {options['type']} case")
