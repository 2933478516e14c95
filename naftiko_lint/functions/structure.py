"""Spectral's core structure functions: alphabetical, xor, or, schema, typedEnum."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from naftiko_lint.functions.api import FunctionContext, FunctionResult, rule_function
from naftiko_lint.no_fetch import external_refs, registry
from naftiko_lint.values import json_type, print_value


def _as_number(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip() or 0)
    except ValueError:
        return math.nan


def _compare(a: Any, b: Any) -> int:
    """Spectral's ordering: numerically where both read as numbers, else by locale."""
    a_num = isinstance(a, int | float) and not isinstance(a, bool)
    b_num = isinstance(b, int | float) and not isinstance(b, bool)
    if (a_num or math.isnan(_as_number(a))) and (b_num or not math.isnan(_as_number(b))):
        difference = _as_number(a) - _as_number(b)
        if math.isnan(difference):
            return -1  # JavaScript: min(1, max(-1, NaN)) is NaN, which is never >= 1
        return int(max(-1, min(1, difference)))
    if not isinstance(a, str) or not isinstance(b, str):
        return 0
    return _locale_compare(a, b)


def _collation_key(text: str) -> tuple:
    # An approximation of ICU's root collation for the ASCII range: letters compare
    # without case first, then lower case before upper case.
    return (text.casefold(), tuple(ch.isupper() for ch in text))


def _locale_compare(a: str, b: str) -> int:
    ka, kb = _collation_key(a), _collation_key(b)
    return (ka > kb) - (ka < kb)


@rule_function(
    "alphabetical",
    input={"type": ["object", "array"]},
    options={
        "type": ["object", "null"],
        "additionalProperties": False,
        "properties": {"keyedBy": {"type": "string"}},
    },
)
def alphabetical(
    target: Any, options: dict | None, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    items = list(target) if isinstance(target, list) else list(target.keys())
    if len(items) < 2:
        return
    keyed_by = (options or {}).get("keyedBy")
    if keyed_by is not None:
        if not all(isinstance(item, dict) for item in items):
            yield FunctionResult('#{{print("property")}}must be an object')
            return
        items = [item.get(keyed_by) for item in items]
    if not all(json_type(i) in ("string", "integer", "number") for i in items):
        yield FunctionResult(
            '#{{print("property")}}must be one of the allowed types: number, string'
        )
        return
    for i in range(len(items) - 1):
        if _compare(items[i], items[i + 1]) >= 1:
            if keyed_by is not None:
                yield FunctionResult("properties must follow the alphabetical order")
            else:
                where = i if isinstance(target, list) else items[i]
                yield FunctionResult(
                    f"{print_value(items[i])} must be placed after {print_value(items[i + 1])}",
                    (*ctx.path, where),
                )
            return


_PROPERTIES_OPTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["properties"],
    "properties": {"properties": {"type": "array", "items": {"type": "string"}, "minItems": 2}},
}


def _none_defined(properties: list[str]) -> str:
    if len(properties) > 4:
        short = '" or "'.join(properties[:3])
        return (
            f'At least one of "{short}" or {len(properties) - 3} other properties must be defined'
        )
    quoted = '" or "'.join(properties)
    return f'At least one of "{quoted}" must be defined'


@rule_function("xor", input={"type": "object"}, options=_PROPERTIES_OPTION)
def xor(target: dict, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    properties = options["properties"]
    present = [key for key in target if key in properties]
    if not present:
        yield FunctionResult(_none_defined(properties))
    if len(present) > 1:
        joined = '" and "'.join(present)
        yield FunctionResult(f'Just one of "{joined}" must be defined')


@rule_function("or", input={"type": "object"}, options=_PROPERTIES_OPTION)
def or_(target: dict, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    properties = options["properties"]
    if not any(key in properties for key in target):
        yield FunctionResult(_none_defined(properties))


_DIALECTS = {
    "draft4": "http://json-schema.org/draft-04/schema#",
    "draft6": "http://json-schema.org/draft-06/schema#",
    "draft7": "http://json-schema.org/draft-07/schema#",
    "draft2019-09": "https://json-schema.org/draft/2019-09/schema",
    "draft2020-12": "https://json-schema.org/draft/2020-12/schema",
}


def _schema_validator(schema: dict, dialect: str) -> Any:
    from jsonschema import validators  # imported only by a ruleset that runs `schema`

    if dialect != "auto":
        cls = validators.validator_for({"$schema": _DIALECTS[dialect]})
    else:
        cls = validators.validator_for(schema, default=validators.Draft7Validator)
    return cls(schema, registry=registry())  # a $ref outside the schema is never fetched


def _schema_refs(options: dict) -> list[str]:
    """A `$ref` the schema does not hold is refused when the ruleset loads."""
    return [
        f"schema{where}: {ref!r} points outside this schema, and naftiko-lint never "
        "fetches references (no HTTP, no files): put the schema under $defs and refer "
        "to it as '#/$defs/…'"
        for where, ref in external_refs(options["schema"])
    ]


@rule_function(
    "schema",
    options={
        "type": "object",
        "additionalProperties": False,
        "required": ["schema"],
        "properties": {
            "schema": {"type": ["object", "boolean"]},
            "dialect": {"enum": ["auto", *_DIALECTS]},
            "allErrors": {"type": "boolean"},
        },
    },
    check_options=_schema_refs,
)
def schema(target: Any, options: dict, ctx: FunctionContext) -> Iterator[FunctionResult]:
    from naftiko_lint.functions.core import UNDEFINED

    if target is UNDEFINED:
        yield FunctionResult('#{{print("property")}}must exist')
        return
    validator = _schema_validator(options["schema"], options.get("dialect", "auto"))
    errors = sorted(validator.iter_errors(target), key=lambda e: list(e.absolute_path))
    if not options.get("allErrors"):
        errors = errors[:1]
    for error in errors:
        yield FunctionResult(error.message, (*ctx.path, *error.absolute_path))


def _enum_value_type(value: Any, integers: bool) -> str:
    kind = json_type(value)
    if kind == "integer" and not integers:
        return "number"
    if kind == "number" and integers and float(value).is_integer():
        return "integer"
    return kind


@rule_function(
    "typedEnum",
    input={
        "type": "object",
        "required": ["enum", "type"],
        "properties": {
            "enum": {"type": "array"},
            "type": {"oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]},
        },
    },
)
def typed_enum(target: dict, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    wanted = target["type"]
    names = wanted if isinstance(wanted, list) else [wanted]
    integers = "integer" in names
    for i, value in enumerate(target["enum"]):
        if _enum_value_type(value, integers) not in names:
            shown = ",".join(wanted) if isinstance(wanted, list) else wanted
            yield FunctionResult(
                f'Enum value {print_value(value)} must be "{shown}".', (*ctx.path, "enum", i)
            )
