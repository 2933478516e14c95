"""Turn a Violation into a finding a person can act on: what, where, and how to fix it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.diagnostics import Finding, Fix
from naftiko_lint.pointer import Tokens
from naftiko_lint.spec.violations import Violation
from naftiko_lint.suggest import closest, did_you_mean
from naftiko_lint.values import json_type

SCHEMA = "schema"
UNKNOWN_PROPERTY = "schema-unknown-property"


def _fix(replacement: str | None) -> Fix | None:
    return (
        None
        if replacement is None
        else Fix(replacement, safe=False, title=f"rename to {replacement!r}")
    )


def _named(pointer: str, misspelled: str | None) -> tuple[str, ...]:
    """The related node of a finding that names a misspelled key (it explains that key)."""
    return () if misspelled is None else (jp.child(pointer, misspelled),)


def where(path: Tokens) -> str:
    """A readable name for a node: `exposes[0]`, `info`, `the document`."""
    if not path:
        return "the document"
    tokens = list(path)
    index = ""
    while tokens and isinstance(tokens[-1], int):
        index = f"[{tokens.pop()}]" + index
    return f"{tokens[-1]}{index}" if tokens else f"item{index}"


_KINDS = {
    "null": "null",
    "boolean": "a boolean",
    "integer": "a number",
    "number": "a number",
    "string": "a string",
    "array": "a list",
    "object": "a mapping",
}


def _kind(value: Any) -> str:
    return _KINDS.get(json_type(value), type(value).__name__)


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return _kind(value)
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        # an integer of thousands of digits or a float past 1.8e308 (see loader_exact)
        return "too long to hold (thousands of digits or beyond ±1.8e308)"
    text = (
        repr(value)
        if isinstance(value, str)
        else str(value).lower()
        if isinstance(value, bool)
        else str(value)
    )
    return text if len(text) <= 60 else text[:57] + "..."


def _quoted_list(items: list[Any]) -> str:
    return ", ".join(f"'{i}'" if isinstance(i, str) else str(i) for i in items)


def _alternatives(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _misspelling(instance: Any, schema: dict, wanted: list[str]) -> tuple[str, str] | None:
    """An unknown key of `instance` that looks like one of the `wanted` properties."""
    if not isinstance(instance, dict):
        return None
    defined = schema.get("properties", {})
    unknown = [k for k in instance if isinstance(k, str) and k not in defined]
    for prop in wanted:
        near = closest(prop, unknown)
        if near is not None:
            return prop, near
    return None


_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


# -- one function per keyword ----------------------------------------------------------


def _required(v: Violation) -> Iterator[Finding]:
    missing = [
        p
        for p in v.schema.get("required", [])
        if isinstance(v.instance, dict) and p not in v.instance
    ]
    title = v.schema.get("title", "")
    for prop in missing:
        target = jp.join(v.path)
        special = _OUTPUT_REQUIRED.get((title, prop))
        if special is not None:
            yield Finding(SCHEMA, special.format(where=where(v.path)), target, True)
            continue
        options = ""
        enum = v.schema.get("properties", {}).get(prop, {}).get("enum")
        if enum:
            options = f" (one of {_quoted_list(enum)})"
        typo = _misspelling(v.instance, v.schema, [prop])
        hint = f"; is '{typo[1]}' a misspelling of it?" if typo else ""
        yield Finding(
            SCHEMA,
            f"{where(v.path)} is missing required property '{prop}'{options}{hint}",
            target,
            True,
            fix=_fix(typo[0] if typo else None),
            related=_named(target, typo[1] if typo else None),
        )


_OUTPUT_REQUIRED = {
    (
        "MappedOutputObject",
        "properties",
    ): "{where} has type 'object' but no 'properties': an object output needs a map of "
    "name → output parameter (to return the whole response, drop outputParameters "
    "instead of mapping '$.')",
    (
        "MappedOutputArray",
        "items",
    ): "{where} has type 'array' but no 'items': an array output needs one output "
    "parameter describing each element",
    (
        "OrchestratedOutputObject",
        "properties",
    ): "{where} has type 'object' but no 'properties': an object output of an "
    "orchestrated unit needs a map of name → output parameter",
    (
        "OrchestratedOutputArray",
        "items",
    ): "{where} has type 'array' but no 'items': an array output of an orchestrated unit "
    "needs a list of output parameters describing each element",
}


def _additional(v: Violation) -> Iterator[Finding]:
    if not isinstance(v.instance, dict):
        return
    allowed = list(v.schema.get("properties", {}))
    owner = "at the top level" if not v.path else f"for {v.schema.get('title', 'this object')}"
    for key in v.instance:
        if key in allowed:
            continue
        best = closest(str(key), allowed)
        hint = f"; did you mean '{best}'?" if best else ""
        listing = f"; allowed: {', '.join(allowed)}" if not hint and len(allowed) <= 8 else ""
        yield Finding(
            UNKNOWN_PROPERTY,
            f"Property '{key}' is not defined {owner} in spec {{version}}{hint}{listing}",
            jp.join((*v.path, key)),
            True,
            fix=_fix(best),
        )


def _type(v: Violation) -> Iterator[Finding]:
    expected = v.schema.get("type")
    names = [expected] if isinstance(expected, str) else list(expected or [])
    want = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
    yield Finding(
        SCHEMA,
        f"{where(v.path)} must be {want}, not {_kind(v.instance)}"
        f"{'' if isinstance(v.instance, dict | list) else ' ' + _show(v.instance)}",
        jp.join(v.path),
    )


def _enum(v: Violation) -> Iterator[Finding]:
    options = list(v.schema.get("enum", []))
    hint = did_you_mean(str(v.instance), [str(o) for o in options])
    label = "type" if v.path and v.path[-1] == "type" else "value"
    owner = where(v.path[:-1]) if label == "type" else where(v.path)
    text = (
        f"Unknown {owner} type {_show(v.instance)}"
        if label == "type"
        else f"{where(v.path)} is {_show(v.instance)}"
    )
    yield Finding(
        SCHEMA,
        f"{text}; expected one of {_quoted_list(options)}{hint}",
        jp.join(v.path),
        fix=_fix(closest(str(v.instance), map(str, options))),
    )


def _const(v: Violation) -> Iterator[Finding]:
    expected = v.schema.get("const")
    if v.path == ("naftiko",):
        yield Finding(
            SCHEMA,
            f"The document declares {_show(v.instance)} but is checked against spec {expected!r}",
            jp.join(v.path),
            fix=_fix(str(expected)),
        )
        return
    yield Finding(
        SCHEMA,
        f"{where(v.path)} must be {_show(expected)}, not {_show(v.instance)}",
        jp.join(v.path),
    )


def _kebab(value: str) -> str:
    return re.sub(r"[^a-zA-Z0-9-]+", "-", value).strip("-")


def _pattern(v: Violation) -> Iterator[Finding]:
    form = v.schema.get("description", "").rstrip(".")
    form = form[:1].lower() + form[1:] if form else "the pattern"
    suggestion = None
    if v.schema.get("pattern") == "^[a-zA-Z0-9-]+$" and isinstance(v.instance, str):
        suggestion = _kebab(v.instance) or None
    hint = f"; did you mean '{suggestion}'?" if suggestion else ""
    yield Finding(
        SCHEMA,
        f"{where(v.path)} {_show(v.instance)} is not valid: expected "
        f"{form} (pattern {v.schema.get('pattern')}){hint}",
        jp.join(v.path),
        fix=_fix(suggestion),
    )


def _property_names(v: Violation) -> Iterator[Finding]:
    key = v.key or "?"
    rule = v.schema.get("propertyNames", {})
    pattern = rule.get("pattern", "")
    form = (
        "SCREAMING_SNAKE_CASE (A-Z, 0-9 and _)"
        if pattern == "^[A-Z][A-Z0-9_]*$"
        else f"names matching {pattern}"
    )
    fixed = re.sub(r"[^A-Za-z0-9]+", "_", key).upper() if "A-Z" in pattern else None
    hint = f"; did you mean '{fixed}'?" if fixed and fixed != key else ""
    yield Finding(
        SCHEMA,
        f"Key '{key}' in {where(v.path)} is not valid: expected {form}{hint}",
        jp.join((*v.path, key)),
        True,
        fix=_fix(fixed),
    )


def _bounds(v: Violation) -> Iterator[Finding]:
    low, high = v.schema.get("minimum"), v.schema.get("maximum")
    if low is None:
        expected = f"at most {high}"
    elif high is None:
        expected = f"at least {low}"
    else:
        expected = f"{low}..{high}"
    yield Finding(
        SCHEMA,
        f"{where(v.path)} {_show(v.instance)} is out of range: expected {expected}",
        jp.join(v.path),
    )


def _min_items(v: Violation) -> Iterator[Finding]:
    yield Finding(
        SCHEMA,
        f"{where(v.path)} must not be empty (at least "
        f"{v.schema.get('minItems')} item); remove the key or add an entry",
        jp.join(v.path),
        True,
    )


def _length(v: Violation) -> Iterator[Finding]:
    if (
        "maxLength" in v.schema
        and isinstance(v.instance, str)
        and len(v.instance) > v.schema["maxLength"]
    ):
        yield Finding(
            SCHEMA,
            f"{where(v.path)} is {len(v.instance)} characters long; the "
            f"limit is {v.schema['maxLength']}",
            jp.join(v.path),
        )
    else:
        yield Finding(SCHEMA, f"{where(v.path)} must not be empty", jp.join(v.path))


def _min_properties(v: Violation) -> Iterator[Finding]:
    yield Finding(
        SCHEMA,
        f"{where(v.path)} must have at least {v.schema['minProperties']} entry",
        jp.join(v.path),
        True,
    )


def _branches_required(schema: dict, keyword: str) -> list[str] | None:
    names = []
    for branch in schema.get(keyword, []):
        if set(branch) != {"required"} or len(branch["required"]) != 1:
            return None
        names.append(branch["required"][0])
    return names


def _any_of(v: Violation) -> Iterator[Finding]:
    names = _branches_required(v.schema, "anyOf")
    if names:
        typo = _misspelling(v.instance, v.schema, names)
        hint = f"; is '{typo[1]}' a misspelling of '{typo[0]}'?" if typo else ""
        yield Finding(
            SCHEMA,
            f"{where(v.path)} needs at least one of {_alternatives(names)}{hint}",
            jp.join(v.path),
            True,
            fix=_fix(typo[0] if typo else None),
            related=_named(jp.join(v.path), typo[1] if typo else None),
        )
    else:
        yield Finding(
            SCHEMA, f"{where(v.path)} matches none of the allowed forms", jp.join(v.path), True
        )


def _one_of(v: Violation) -> Iterator[Finding]:
    names = _branches_required(v.schema, "oneOf")
    present = [n for n in names or [] if isinstance(v.instance, dict) and n in v.instance]
    state = "has both" if len(present) > 1 else "has neither"
    typo = _misspelling(v.instance, v.schema, names or []) if not present else None
    if typo:
        state += f" (is '{typo[1]}' a misspelling of '{typo[0]}'?)"
    misspelled = typo[1] if typo else None
    if names and v.schema.get("title") == "MappedOutputScalar":
        kind = v.instance.get("type") if isinstance(v.instance, dict) else "scalar"
        yield Finding(
            SCHEMA,
            f"{where(v.path)} has type {kind!r} and needs exactly one of "
            f"'mapping' (a JsonPath into the response) or 'value' (a static value); "
            f"it {state}",
            jp.join(v.path),
            True,
            related=_named(jp.join(v.path), misspelled),
        )
    elif names and not v.path:
        yield Finding(
            SCHEMA,
            "The document needs exactly one of 'capability' (an adapter "
            f"document) or 'consumes' (a shared consumer file); it {state}",
            "",
            related=_named("", misspelled),
        )
    elif names:
        yield Finding(
            SCHEMA,
            f"{where(v.path)} needs exactly one of {_alternatives(names)}; it {state}",
            jp.join(v.path),
            True,
            related=_named(jp.join(v.path), misspelled),
        )
    else:
        yield Finding(
            SCHEMA, f"{where(v.path)} matches none of the allowed forms", jp.join(v.path), True
        )


def _generic(v: Violation) -> Iterator[Finding]:
    yield Finding(SCHEMA, f"{where(v.path)} violates '{v.keyword}'", jp.join(v.path))


HANDLERS: dict[str, Callable[[Violation], Iterator[Finding]]] = {
    "required": _required,
    "additionalProperties": _additional,
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "propertyNames": _property_names,
    "minimum": _bounds,
    "maximum": _bounds,
    "minItems": _min_items,
    "maxLength": _length,
    "minLength": _length,
    "minProperties": _min_properties,
    "anyOf": _any_of,
    "oneOf": _one_of,
}


def findings(violation: Violation, version: str) -> Iterator[Finding]:
    for finding in HANDLERS.get(violation.keyword, _generic)(violation):
        if "{version}" in finding.message:
            finding = replace(finding, message=finding.message.replace("{version}", version))
        yield finding
