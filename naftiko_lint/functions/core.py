"""Spectral's core value functions: truthy, falsy, defined, undefined, pattern,
enumeration, length, casing.

Semantics follow Spectral: a target outside a function's `input` type is skipped, not
reported; `#{{print("property")}}` in a message becomes `"name" property `.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function

UNDEFINED = object()  # a field that does not exist (JavaScript's `undefined`)


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness: empty lists and mappings are truthy."""
    if value is UNDEFINED or value is None or value is False:
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str):
        return value != ""
    return True


def js_string(value: Any) -> str:
    """JavaScript's String(value), as `"" + value` and message templates print it."""
    if value is UNDEFINED:
        return "undefined"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join("" if v is None or v is UNDEFINED else js_string(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _js_number(value: Any) -> float:
    """ToNumber for the primitives of parsed YAML (strings: JavaScript's numeric literals)."""
    if value is None or value is False:
        return 0.0
    if value is True:
        return 1.0
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if text == "":
        return 0.0
    try:
        if re.fullmatch(r"0[xX][0-9a-fA-F]+", text):
            return float(int(text, 16))
        if re.fullmatch(r"0[oO][0-7]+|0[bB][01]+", text):
            return float(int(text, 0))
        if re.fullmatch(r"[+-]?(Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)", text):
            return float(text.replace("Infinity", "inf"))
    except ValueError:
        pass
    return float("nan")


def js_loose_equal(a: Any, b: Any) -> bool:
    """JavaScript `a == b` (abstract equality) on parsed YAML values; UNDEFINED is
    `undefined`. Lists and mappings equal only themselves, or a primitive equal to their
    String() ('[8080]' == 8080)."""
    nullish = (None, UNDEFINED)
    if a in nullish or b in nullish:
        return a in nullish and b in nullish
    containers = dict | list
    if isinstance(a, containers) and isinstance(b, containers):
        return a is b
    if isinstance(a, containers):
        return js_loose_equal(js_string(a), b)
    if isinstance(b, containers):
        return js_loose_equal(a, js_string(b))
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, bool) and isinstance(b, bool):
        return a == b
    return _js_number(a) == _js_number(b)  # NaN equals nothing


def js_less_than(a: Any, b: Any) -> bool | None:
    """JavaScript's abstract relational comparison `a < b`: None when it is undefined (an
    operand converts to NaN). Lists and mappings compare as their String(); two strings
    compare as text, anything else as numbers."""
    if isinstance(a, dict | list):
        a = js_string(a)
    if isinstance(b, dict | list):
        b = js_string(b)
    if isinstance(a, str) and isinstance(b, str):
        return a < b
    left, right = _js_number(a), _js_number(b)
    if left != left or right != right:  # NaN
        return None
    return left < right


def js_compare(a: Any, operator: str, b: Any) -> bool:
    """`a < b`, `a > b`, `a <= b`, `a >= b` as JavaScript evaluates them."""
    if operator == "<":
        return js_less_than(a, b) is True
    if operator == ">":
        return js_less_than(b, a) is True
    reverse = js_less_than(*((b, a) if operator == "<=" else (a, b)))
    return reverse is False


@rule_function("truthy")
def truthy(target: Any, options: Any, ctx: FunctionContext):
    if not js_truthy(target):
        yield FunctionResult('#{{print("property")}}must be truthy')


@rule_function("falsy")
def falsy(target: Any, options: Any, ctx: FunctionContext):
    if js_truthy(target):
        yield FunctionResult('#{{print("property")}}must be falsy')


@rule_function("defined")
def defined(target: Any, options: Any, ctx: FunctionContext):
    if target is UNDEFINED:
        yield FunctionResult('#{{print("property")}}must be defined')


@rule_function("undefined")
def undefined(target: Any, options: Any, ctx: FunctionContext):
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
def pattern(target: str, options: dict, ctx: FunctionContext):
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
def enumeration(target: Any, options: dict, ctx: FunctionContext):
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


def print_value(value: Any) -> str:
    """Spectral's printValue: JSON for scalars, `Array[]` / `Object{}` for containers."""
    import json

    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, list):
        return "Array[]"
    if isinstance(value, dict):
        return "Object{}"
    return json.dumps(value, ensure_ascii=False)


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
def length(target: Any, options: dict, ctx: FunctionContext):
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
def casing(target: str, options: dict, ctx: FunctionContext):
    separator = options.get("separator") or {}
    char = separator.get("char")
    leading = separator.get("allowLeading") is True
    if len(target) == 1 and char is not None and leading and target == char:
        return
    regex = _casing_regex(options["type"], options.get("disallowDigits") is not True, char, leading)
    if not regex.match(target):
        yield FunctionResult(f"must be {options['type']} case")
