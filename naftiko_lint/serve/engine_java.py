"""How the engine's Java libraries print values: `Object.toString`, Jackson's writers and
`java.net.URLEncoder`.

What reaches an upstream is text the engine made from Java objects, so the emulation has to
print them the way Java does:

* a parameter value inside a Mustache tag is `String.valueOf(value)` (JMustache's default
  formatter): a map prints as `{k=v, k2=v2}` (`AbstractMap.toString`), a list nested in it as
  `[a, b]`, a `Double` as `Double.toString` does (`1.0`, `1.0E10`), null as `null`. Maps come
  from Jackson (`ObjectMapper.treeToValue(…, Map.class)` in exposes/mcp/ProtocolDispatcher,
  `convertValue(…, Object.class)` in util/Resolver), which builds `LinkedHashMap`s: their
  order is the order the keys arrived in, which a Python dict keeps;
* a top-level list is JSON-serialised by Jackson first (util/Resolver.resolveMustacheTemplate),
  compact, the way `ObjectMapper.writeValueAsString` writes;
* mock replies are written with `writerWithDefaultPrettyPrinter()` (exposes/rest/ResourceRestlet
  .sendMockResponse): two-space object indentation, `" : "`, arrays on one line (`[ 1, 2 ]`),
  empty containers as `{ }` and `[ ]`;
* query values are `URLEncoder.encode(value, "UTF-8")` (util/Resolver
  .resolveInputParametersToRequest): space as `+`, only `A-Za-z0-9.-*_` kept.

`JsonTree` marks a value that is a Jackson `JsonNode` rather than a plain Java object: the
whole REST request body handed over as a parameter (Resolver.resolveInputParameterFromRequest
returns the root node when an `in: body` input names no field of it). Its `toString` is
compact JSON, and JMustache cannot look into it (`{{body.name}}` renders empty).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

_URL_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


@dataclass(frozen=True)
class JsonTree:
    """A Jackson `JsonNode` held as a parameter value (see the module docstring)."""

    value: Any


def java_double(number: float) -> str:
    """`Double.toString`: the shortest digits that read back as `number` (JDK 19 and later,
    the same digits as Python's `repr`), written plainly for 10^-3 <= |x| < 10^7 and as
    `d.dddE±n` otherwise."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    sign = "-" if math.copysign(1.0, number) < 0 else ""
    if number == 0:
        return sign + "0.0"
    _, digit_tuple, exponent = Decimal(repr(abs(number))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0") or "0"
    assert isinstance(exponent, int)
    point = len("".join(map(str, digit_tuple))) + exponent  # digits before the point
    if 1e-3 <= abs(number) < 1e7:
        if point <= 0:
            return f"{sign}0.{'0' * -point}{digits}"
        whole, fraction = digits[:point].ljust(point, "0"), digits[point:]
        return f"{sign}{whole}.{fraction or '0'}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{point - 1}"


def java_string(value: Any) -> str:
    """`String.valueOf(value)` for the objects Jackson makes of JSON (see the docstring)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double(value)
    if isinstance(value, JsonTree):
        return jackson_compact(value.value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{java_string(k)}={java_string(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_string(v) for v in value) + "]"
    return str(value)


def _json_string(text: str) -> str:
    """A JSON string as Jackson writes it: `"` `\\` and control characters escaped (the
    short forms for \\b \\t \\n \\f \\r, `\\u00XX` upper-case for the rest), the rest raw."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif code < 0x20:
            short = {8: "\\b", 9: "\\t", 10: "\\n", 12: "\\f", 13: "\\r"}.get(code)
            out.append(short or f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return java_double(value) if math.isfinite(value) else _json_string(java_double(value))
    if isinstance(value, JsonTree):
        return jackson_compact(value.value)
    return _json_string(str(value))


def jackson_compact(value: Any) -> str:
    """`ObjectMapper.writeValueAsString(value)`: JSON without spaces."""
    if isinstance(value, JsonTree):
        value = value.value
    if isinstance(value, dict):
        items = ",".join(f"{_json_string(str(k))}:{jackson_compact(v)}" for k, v in value.items())
        return "{" + items + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(jackson_compact(v) for v in value) + "]"
    return _scalar(value)


def jackson_pretty(value: Any, level: int = 0) -> str:
    """`writerWithDefaultPrettyPrinter().writeValueAsString(value)` (DefaultPrettyPrinter:
    objects indented by two spaces per level, arrays inline, empty containers `{ }`, `[ ]`)."""
    if isinstance(value, JsonTree):
        value = value.value
    if isinstance(value, dict):
        if not value:
            return "{ }"
        inner = "\n" + "  " * (level + 1)
        entries = [
            f"{_json_string(str(k))} : {jackson_pretty(v, level + 1)}" for k, v in value.items()
        ]
        return "{" + inner + ("," + inner).join(entries) + "\n" + "  " * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[ ]"
        return "[ " + ", ".join(jackson_pretty(v, level) for v in value) + " ]"
    return _scalar(value)


def url_encode(text: str) -> str:
    """`URLEncoder.encode(text, "UTF-8")`: form encoding, space as '+'."""
    out: list[str] = []
    for byte in text.encode("utf-8", "surrogatepass"):
        if byte in _URL_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)
