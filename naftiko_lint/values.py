"""JSON values as Spectral sees them: JavaScript's `undefined`, truthiness, String(),
abstract equality and comparison, printValue, and JSON Schema type names."""

from __future__ import annotations

import json
import re
from typing import Any

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


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "undefined"


def print_value(value: Any) -> str:
    """Spectral's printValue: JSON for scalars, `Array[]` / `Object{}` for containers."""
    if value is UNDEFINED:
        return "undefined"
    if isinstance(value, list):
        return "Array[]"
    if isinstance(value, dict):
        return "Object{}"
    return json.dumps(value, ensure_ascii=False)
