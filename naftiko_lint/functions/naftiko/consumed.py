"""The consumed side of a call: what the engine really puts on the wire.

Engine facts (io.naftiko.engine): `util/OperationStepExecutor.findClientRequestFor` builds a
request body only from the operation's `body`; `util/Resolver.resolveInputParametersToRequest`
sends only `header` and `query` inputs, of the consumes and operation levels (resource-level
inputs are never applied); `consumes/http/HttpClientAdapter.setHeaders` re-sets consumes-level
headers to their raw `value`; `Resolver.resolveMustacheTemplate` JSON-serialises lists only, so
a map renders as Java's `{k=v}`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.capability import (
    MUSTACHE,
    CapabilityModel,
    ConsumedOperation,
    Param,
    Unit,
    iter_strings,
    mustache_names,
)
from naftiko_lint.capability.stage import Capability
from naftiko_lint.diagnostics import Edit, Fix, Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.naftiko.wiring import REFERENCE

WHOLE_DOCUMENT = {"type": "object"}
SENDS_BODY = frozenset({"POST", "PUT", "PATCH"})


def _own_operations(model: CapabilityModel) -> Iterator[ConsumedOperation]:
    """Operations declared in this document (an import's are checked in its shared file)."""
    for entry in model.consumes.values():
        if not entry.imported:
            yield from entry.all_operations


def _by_input(
    model: CapabilityModel,
    location: str,
    operations: Iterator[ConsumedOperation] | None = None,
) -> dict[tuple, tuple[Param, list[ConsumedOperation]]]:
    """Each input `in: location` once (a consumes-level one serves every operation), with the
    operations it belongs to."""
    found: dict[tuple, tuple[Param, list[ConsumedOperation]]] = {}
    for operation in operations if operations is not None else _own_operations(model):
        for param in operation.params:
            if param.location == location:
                found.setdefault(param.path, (param, []))[1].append(operation)
    return found


def _callers(
    model: CapabilityModel, operation: ConsumedOperation
) -> Iterator[tuple[Unit, tuple, dict]]:
    for unit in model.units():
        for call_path, call, with_, _ in unit.call_sites():
            if model.resolve_call(call)[1] is operation:
                yield unit, call_path, with_


def _supplier(model: CapabilityModel, unit: Unit, with_: dict, name: str) -> Param | None:
    """The unit input whose value reaches parameter `name` whole, if one does."""
    value = with_.get(name)
    source = name
    if isinstance(value, str):
        match = REFERENCE.match(value)
        names = mustache_names(value)
        if match and match.group(1) == unit.namespace:
            source = match.group(2)
        elif len(names) == 1 and value.strip() == "{{" + names[0] + "}}":
            source = names[0]
        else:
            return None
    elif value is not None:
        return None
    return next((p for p in unit.inputs if p.name == source), None)


def _body_fix(model: CapabilityModel, operation: ConsumedOperation, name: str) -> str:
    """`body: '{{x}}'` forwards valid JSON only for a list, a JSON string, or a REST body that
    arrives whole; anything else needs a template naming the fields. Callers that pass the
    input in different forms get the advice that suits them all."""
    advice = {
        _caller_body_fix(_supplier(model, unit, with_, name), unit, name)
        for unit, _, with_ in _callers(model, operation)
    } - {None}
    if len(advice) == 1:
        return advice.pop()
    if not advice:
        return _named_fields(name)
    return (
        f"{_named_fields(name)} (its callers pass {name!r} in different forms, so "
        f"body: '{{{{{name}}}}}' would send valid JSON for some of them only)"
    )


def _caller_body_fix(param: Param | None, unit: Unit, name: str) -> str | None:
    """The advice for one caller; None when its input's type says nothing."""
    kind = param.data.get("type") if param else None
    if kind == "array":
        return f"body: '{{{{{name}}}}}' (a list is sent as JSON)"
    if kind == "object" and unit.kind == "rest-operation" and param.location == "body":
        return f"body: '{{{{{name}}}}}' (the REST request body passes through whole)"
    if kind == "object":  # a map: name its fields, {{name.field}} reads one
        return (
            f"a body template naming its fields, such as body: {{type: json, data: "
            f"{{field: '{{{{{name}.field}}}}'}}}}"
        )
    if kind == "string":
        return (
            f"{_named_fields(name)} (or body: '{{{{{name}}}}}' when {name!r} holds a JSON document)"
        )
    return None


def _named_fields(name: str) -> str:
    field = "field" if name == "body" else name
    return (
        f"a body template naming the fields, such as body: {{type: json, data: "
        f"{{{field}: '{{{{{field}}}}}'}}}}"
    )


@model_rule("consumed-body-unsent")
def consumed_body_unsent(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    unsent = (op for op in _own_operations(model) if op.data.get("body") is None)
    for param, operations in _by_input(model, "body", unsent).values():
        names = ", ".join(repr(op.name) for op in operations)
        methods = {op.method.upper() for op in operations}
        have = "has" if len(operations) == 1 else "have"
        yield FunctionResult(
            f"input {param.name!r} is 'in: body' but {names} {have} no body, so nothing is "
            f"sent (the engine builds a request body only from 'body'; a with key cannot "
            f"make one); add {_body_fix(model, operations[0], param.name)}",
            (*param.path, "in"),
            severity=None if methods & SENDS_BODY else Severity.WARNING,
            fix=_passthrough_fix(model, operations, param.name),
        )


def _arrives_as_json(unit: Unit, param: Param | None) -> bool:
    """What the input renders as in `{{x}}` is JSON: a list (Resolver serialises lists), or
    a REST body input read whole (no JsonPath `value`: the request's JSON node itself)."""
    if param is None:
        return False
    kind = param.data.get("type")
    if kind == "array":
        return True
    return (
        kind == "object"
        and unit.kind == "rest-operation"
        and param.location == "body"
        and param.value is None
    )


def _passthrough_fix(
    model: CapabilityModel, operations: list[ConsumedOperation], name: str
) -> Fix | None:
    """`body: '{{name}}'` on each operation, only when every call of them passes JSON whole
    (see _arrives_as_json): an MCP object argument would go out as '{k=v}', a string may or
    may not hold JSON, and an untyped one is unknown, so those get no fix."""
    callers = [(u, w) for op in operations for u, _, w in _callers(model, op)]
    if not callers or not all(
        _arrives_as_json(u, _supplier(model, u, w, name)) for u, w in callers
    ):
        return None
    body = "{{" + name + "}}"
    edits = tuple(Edit("set", jp.join((*op.path, "body")), body) for op in operations)
    return Fix(safe=False, edits=edits, title=f"send {body!r} as the request body")


@model_rule("consumed-cookie-unsent")
def consumed_cookie_unsent(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """A `Cookie` header input is no way out either: Restlet drops that standard header
    (consumed-header-dropped) and writes Cookie only from a cookie list the engine never fills."""
    model = capability.model
    for param, _ in _by_input(model, "cookie").values():
        yield FunctionResult(
            f"input {param.name!r} is 'in: cookie', which the engine never sends (only header "
            f"and query inputs reach the request, and a Cookie header is dropped too); pass "
            f"it as a query or non-standard header input if the upstream accepts one",
            (*param.path, "in"),
        )


@model_rule("consumed-resource-input-ignored")
def consumed_resource_input_ignored(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for entry in model.consumes.values():
        if entry.imported:
            continue
        for resource in entry.resources:
            for param in resource.params:
                if param.location in ("query", "header"):
                    yield FunctionResult(
                        f"resource-level input {param.name!r} (in: {param.location}) is never "
                        f"sent: the engine applies only consumes-level and operation-level "
                        f"inputs; move it to the inputParameters of each operation",
                        (*param.path, "in"),
                    )


@model_rule("consumed-header-unrendered")
def consumed_header_unrendered(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for entry in model.consumes.values():
        if entry.imported:
            continue
        for i, param in enumerate(_consumes_params(entry.data)):
            if (
                param.get("in") == "header"
                and isinstance(param.get("value"), str)
                and "{{" in param["value"]
            ):
                yield FunctionResult(
                    f"consumes-level header {param.get('name')!r} goes out as the raw text "
                    f"{param['value']!r}: the engine re-sets consumes-level headers unrendered; "
                    f"move it to the operations' inputParameters, or use authentication for "
                    f"a credential",
                    (*entry.path, "inputParameters", i, "value"),
                )


def _consumes_params(data: dict) -> list[dict]:
    items = data.get("inputParameters")
    return [p if isinstance(p, dict) else {} for p in items] if isinstance(items, list) else []


@model_rule("consumed-body-object-unserialised")
def consumed_body_object_unserialised(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """An MCP argument is a map; substituted whole into a body it renders as `{k=v}`."""
    model = capability.model
    for unit in model.units():
        if unit.kind not in ("mcp-tool", "aggregate-function"):
            continue
        for call_path, call, with_, _ in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is None:
                continue
            seen: set[str] = set()
            for _, text in iter_strings(operation.data.get("body")):
                for match in MUSTACHE.finditer(text):
                    name = match.group(1)
                    param = _supplier(model, unit, with_, name)
                    if name in seen or param is None or param.data.get("type") != "object":
                        continue
                    seen.add(name)
                    yield FunctionResult(
                        f"'{{{{{name}}}}}' in the body of {call!r} receives the object argument "
                        f"{param.name!r}, which renders as Java's '{{k=v}}', not JSON; name "
                        f"its fields in the body, such as '{{{{{name}.field}}}}'",
                        call_path,
                    )
