"""Python equivalents of the official Naftiko Spectral functions (naftiko/framework,
src/main/resources/rules/functions/*.js): unique-namespaces, control-port-validation,
aggregate-semantics-consistency and script-defaults-required. Each runs on the whole
document (`given: $`) and gives the JavaScript function's results: same paths, same
messages, same JavaScript truthiness and strict equality (`===`), line for line.
The differential test runs both through Spectral's CLI and naftiko-lint and compares them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint.functions.api import FunctionContext, FunctionResult, rule_function
from naftiko_lint.pointer import Tokens
from naftiko_lint.values import UNDEFINED, js_string, js_truthy


def _get(node: Any, key: str) -> Any:
    """`node.key` in JavaScript: undefined unless `node` is an object having `key`."""
    return node.get(key, UNDEFINED) if isinstance(node, dict) else UNDEFINED


def _is_object(value: Any) -> bool:
    """`value && typeof value === "object"` (an array is an object too)."""
    return isinstance(value, dict | list)


def _array(value: Any) -> list:
    """`Array.isArray(value) ? value : []`."""
    return value if isinstance(value, list) else []


def _capability(doc: Any) -> Any:
    capability = _get(doc, "capability")
    return capability if _is_object(capability) else {}


def strict_equal(a: Any, b: Any) -> bool:
    """JavaScript `a === b` on parsed YAML values."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a == b  # NaN != NaN, as in JavaScript
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if a is UNDEFINED or a is None or b is UNDEFINED or b is None:
        return a is b
    return a is b  # objects and arrays: identity


# -- unique-namespaces.js ------------------------------------------------------------------


@rule_function("unique-namespaces", input={"type": "object"})
def unique_namespaces(doc: dict, options: Any, ctx: FunctionContext) -> Iterator[FunctionResult]:
    seen: dict[str, tuple[Tokens, str]] = {}
    capability = _capability(doc)
    lists = [
        (("consumes",), doc, "adapter"),
        (("capability", "consumes"), capability, "adapter"),
        (("capability", "exposes"), capability, "adapter"),
        (("binds",), doc, "bind"),
        (("capability", "binds"), capability, "bind"),
    ]
    for base, owner, kind in lists:
        for i, item in enumerate(_array(_get(owner, base[-1]))):
            # `item && item.namespace`: a falsy item is itself the value (never a name)
            value = _get(item, "namespace") if js_truthy(item) else item
            if not isinstance(value, str) or len(value) == 0:
                continue
            path = (*base, i, "namespace")
            prior = seen.get(value)
            if prior is None:
                seen[value] = (path, kind)
                continue
            scope = kind if prior[1] == kind else "adapter and bind"
            yield FunctionResult(
                f"Namespace '{value}' is already used at {'/'.join(map(str, prior[0]))}. "
                f"Namespaces must be globally unique across {scope} entries.",
                path,
            )


# -- control-port-validation.js --------------------------------------------------------


@rule_function("control-port-validation", input={"type": "object"})
def control_port_validation(
    doc: dict, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    exposes = _array(_get(_capability(doc), "exposes"))
    controls: list[tuple[int, Any]] = []
    business: list[tuple[int, Any, Any]] = []
    for i, adapter in enumerate(exposes):
        if not js_truthy(adapter):
            continue
        if strict_equal(_get(adapter, "type"), "control"):
            controls.append((i, _get(adapter, "port")))
        elif js_truthy(_get(adapter, "port")):  # port 0, "" or false is no port
            business.append((i, _get(adapter, "type"), _get(adapter, "port")))
    for index, _ in controls[1:]:
        yield FunctionResult(
            "Only one control adapter is allowed per capability. Found duplicate at "
            f"exposes[{index}].",
            ("capability", "exposes", index, "type"),
        )
    for index, port in controls:  # every control adapter, the duplicates too
        for other, kind, other_port in business:
            if strict_equal(port, other_port):
                yield FunctionResult(
                    f"Control port {js_string(port)} conflicts with {js_string(kind)} adapter "
                    f"at exposes[{other}]. Use a dedicated port for the control adapter.",
                    ("capability", "exposes", index, "port"),
                )


# -- aggregate-semantics-consistency.js ------------------------------------------------


def _function_index(aggregates: list) -> dict[str, Any]:
    index: dict[str, Any] = {}
    for agg in aggregates:
        namespace = _get(agg, "namespace")
        if not js_truthy(agg) or not isinstance(namespace, str):
            continue
        for fn in _array(_get(agg, "functions")):
            name = _get(fn, "name")
            if not js_truthy(fn) or not isinstance(name, str):
                continue
            semantics = _get(fn, "semantics")
            index[f"{namespace}.{name}"] = semantics if _is_object(semantics) else None
    return index  # a later function of the same key replaces an earlier one (Map.set)


@rule_function("aggregate-semantics-consistency", input={"type": "object"})
def aggregate_semantics_consistency(
    doc: dict, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    capability = _capability(doc)
    aggregates = _array(_get(capability, "aggregates"))
    if not aggregates:
        return
    index = _function_index(aggregates)
    for e, adapter in enumerate(_array(_get(capability, "exposes"))):
        if not _is_object(adapter):
            continue
        kind = _get(adapter, "type")
        if strict_equal(kind, "mcp"):
            yield from _check_tools(adapter, e, index)
        elif strict_equal(kind, "rest"):
            yield from _check_operations(adapter, e, index)


def _is(value: Any, expected: bool) -> bool:
    return isinstance(value, bool) and value is expected


def _check_tools(adapter: Any, e: int, index: dict[str, Any]) -> Iterator[FunctionResult]:
    for t, tool in enumerate(_array(_get(adapter, "tools"))):
        ref = _get(tool, "ref")
        if not js_truthy(tool) or not isinstance(ref, str):
            continue
        semantics = index.get(ref)
        if semantics is None:  # no such function, or no semantics object
            continue
        hints = _get(tool, "hints")
        if not _is_object(hints):
            continue
        base = ("capability", "exposes", e, "tools", t, "hints")
        safe, idempotent = _get(semantics, "safe"), _get(semantics, "idempotent")
        read_only, destructive = _get(hints, "readOnly"), _get(hints, "destructive")
        hinted_idempotent = _get(hints, "idempotent")
        if _is(safe, True) and _is(read_only, False):
            yield FunctionResult(
                f"Function '{ref}' has semantics.safe=true but tool hints set readOnly=false. "
                "Safe functions should be read-only.",
                (*base, "readOnly"),
            )
        if _is(safe, False) and _is(read_only, True):
            yield FunctionResult(
                f"Function '{ref}' has semantics.safe=false but tool hints set readOnly=true. "
                "Unsafe functions should not be read-only.",
                (*base, "readOnly"),
            )
        if _is(safe, True) and _is(destructive, True):
            yield FunctionResult(
                f"Function '{ref}' has semantics.safe=true but tool hints set "
                "destructive=true. Safe functions should not be destructive.",
                (*base, "destructive"),
            )
        if _is(idempotent, True) and _is(hinted_idempotent, False):
            yield FunctionResult(
                f"Function '{ref}' has semantics.idempotent=true but tool hints set "
                "idempotent=false.",
                (*base, "idempotent"),
            )
        if _is(idempotent, False) and _is(hinted_idempotent, True):
            yield FunctionResult(
                f"Function '{ref}' has semantics.idempotent=false but tool hints set "
                "idempotent=true.",
                (*base, "idempotent"),
            )


def _check_operations(adapter: Any, e: int, index: dict[str, Any]) -> Iterator[FunctionResult]:
    for r, resource in enumerate(_array(_get(adapter, "resources"))):
        if not _is_object(resource):
            continue
        for o, op in enumerate(_array(_get(resource, "operations"))):
            ref, method = _get(op, "ref"), _get(op, "method")
            # an operation with no method, or a non-string one, is skipped
            if not js_truthy(op) or not isinstance(ref, str) or not isinstance(method, str):
                continue
            semantics = index.get(ref)
            if semantics is None:
                continue
            method = method.upper()
            path = ("capability", "exposes", e, "resources", r, "operations", o, "method")
            if _is(_get(semantics, "safe"), True) and method != "GET":
                yield FunctionResult(
                    f"Function '{ref}' has semantics.safe=true but REST operation uses "
                    f"{method}. Safe functions should use GET.",
                    path,
                )
            if _is(_get(semantics, "safe"), False) and method == "GET":
                yield FunctionResult(
                    f"Function '{ref}' has semantics.safe=false but REST operation uses GET. "
                    "Unsafe functions should not use GET.",
                    path,
                )
            if _is(_get(semantics, "idempotent"), True) and method == "POST":
                yield FunctionResult(
                    f"Function '{ref}' has semantics.idempotent=true but REST operation uses "
                    "POST. POST is not idempotent by convention.",
                    path,
                )


# -- script-defaults-required.js -------------------------------------------------------


def _filled(value: Any) -> bool:
    """`typeof value === "string" && value.trim().length > 0`."""
    return isinstance(value, str) and value.strip().strip("\ufeff").strip() != ""


def _steps_of(unit: Any) -> list:
    return _array(_get(unit, "steps"))


def _script_steps(capability: Any, exposes: list) -> list[tuple[Any, Tokens]]:
    sources: list[tuple[Any, Tokens]] = []
    for e, adapter in enumerate(exposes):
        if not js_truthy(adapter):
            continue
        kind = _get(adapter, "type")
        tools, resources = _get(adapter, "tools"), _get(adapter, "resources")
        if strict_equal(kind, "mcp") and isinstance(tools, list):
            for t, tool in enumerate(tools):
                for s, step in enumerate(_steps_of(tool)):
                    sources.append((step, ("capability", "exposes", e, "tools", t, "steps", s)))
        if strict_equal(kind, "rest") and isinstance(resources, list):
            for r, resource in enumerate(resources):
                for o, op in enumerate(_array(_get(resource, "operations"))):
                    for s, step in enumerate(_steps_of(op)):
                        sources.append(
                            (
                                step,
                                (
                                    "capability",
                                    "exposes",
                                    e,
                                    "resources",
                                    r,
                                    "operations",
                                    o,
                                    "steps",
                                    s,
                                ),
                            )
                        )
    for a, agg in enumerate(_array(_get(capability, "aggregates"))):
        for f, fn in enumerate(_array(_get(agg, "functions"))):
            for s, step in enumerate(_steps_of(fn)):
                sources.append((step, ("capability", "aggregates", a, "functions", f, "steps", s)))
    return sources


@rule_function("script-defaults-required", input={"type": "object"})
def script_defaults_required(
    doc: dict, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    capability = _capability(doc)
    exposes = _array(_get(capability, "exposes"))
    has_location = has_language = False
    for adapter in exposes:
        management = _get(adapter, "management")
        # the first control adapter whose management.scripting is truthy supplies defaults
        if (
            js_truthy(adapter)
            and strict_equal(_get(adapter, "type"), "control")
            and js_truthy(management)
            and js_truthy(_get(management, "scripting"))
        ):
            scripting = _get(management, "scripting")
            has_location = _filled(_get(scripting, "defaultLocation"))
            has_language = _filled(_get(scripting, "defaultLanguage"))
            break
    if has_location and has_language:
        return
    # on a null tool, resource, operation, aggregate or function the JavaScript function
    # throws a TypeError and Spectral stops the whole run (exit 2); here the item is skipped
    # (the schema reports it) and every other step is still checked
    for step, path in _script_steps(capability, exposes):
        if not js_truthy(step) or not strict_equal(_get(step, "type"), "script"):
            continue
        name = _get(step, "name")
        shown = js_string(name) if js_truthy(name) else "unnamed"
        if not js_truthy(_get(step, "location")) and not has_location:
            yield FunctionResult(
                f"Script step '{shown}' omits 'location' and no "
                "'management.scripting.defaultLocation' is configured. Add 'location' to "
                "this step or set a 'defaultLocation' on the control adapter.",
                (*path, "location"),
            )
        if not js_truthy(_get(step, "language")) and not has_language:
            yield FunctionResult(
                f"Script step '{shown}' omits 'language' and no "
                "'management.scripting.defaultLanguage' is configured. Add 'language' to "
                "this step or set a 'defaultLanguage' on the control adapter.",
                (*path, "language"),
            )
