"""`with` wiring: what a surface receives must reach the call it makes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function
from naftiko_lint.model import CapabilityModel, Unit, model_of, mustache_names
from naftiko_lint.suggest import did_you_mean

WHOLE_DOCUMENT = {"type": "object"}
REFERENCE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\.([A-Za-z0-9_-]+)$")
SCREAMING = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Prefixes generators invent instead of the adapter namespace.
INVENTED_PREFIXES = frozenset({
    "rest", "tools", "tool", "mcp", "input", "inputs", "param", "params", "args",
    "arguments", "request", "req", "body", "query", "path", "header", "headers", "exposes",
    "skill", "api",
})
UNIT_NAMES = {"rest-operation": "REST operation", "mcp-tool": "MCP tool",
              "mcp-resource": "MCP resource", "aggregate-function": "aggregate function"}


def _namespaces(model: CapabilityModel) -> set[str]:
    names = set(model.consumes) | set(model.aggregates)
    return names | {a.namespace for a in model.adapters if a.namespace}


def _with_values(unit: Unit) -> Iterator[tuple[tuple, str, Any, str, dict]]:
    """(path of the with entry, key, value, call, with mapping) for every call site."""
    for _, call, with_, with_path in unit.call_sites():
        for key, value in with_.items():
            yield (*with_path, key), str(key), value, call, with_


@rule_function("with-namespace-mismatch", input=WHOLE_DOCUMENT)
def with_namespace_mismatch(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    namespaces = _namespaces(model)
    for unit in model.units():
        if unit.adapter is None or not unit.adapter.namespace:
            continue
        own = unit.adapter.namespace
        for path, key, value, call, _ in _with_values(unit):
            match = REFERENCE.match(value) if isinstance(value, str) else None
            if match is None or match.group(1) == own:
                continue
            prefix, name = match.groups()
            _, operation = model.resolve_call(call)
            known = unit.input_names | (operation.parameter_names() if operation else set())
            if prefix in INVENTED_PREFIXES or prefix in namespaces or name in known \
                    or name == key:
                yield FunctionResult(
                    f"{value!r} is passed upstream as the literal string {value!r}: a with "
                    f"reference starts with this adapter's namespace; use '{own}.{name}'",
                    path, (0, len(prefix)))


def _step_names(unit: Unit) -> set[str]:
    return {s.get("name") for _, s in unit.steps() if isinstance(s.get("name"), str)}


@rule_function("with-input-undeclared", input=WHOLE_DOCUMENT)
def with_input_undeclared(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    bind_namespaces = model.bind_namespaces
    for unit in model.units():
        own = unit.adapter.namespace if unit.adapter is not None else None
        inputs = unit.input_names
        steps = _step_names(unit)
        what = UNIT_NAMES[unit.kind]
        for path, _, value, _, _ in _with_values(unit):
            if not isinstance(value, str):
                continue
            match = REFERENCE.match(value)
            if own and match and match.group(1) == own and match.group(2) not in inputs:
                name = match.group(2)
                yield FunctionResult(
                    f"{value!r} names no input of this {what}: declare {name!r} in its "
                    f"inputParameters{did_you_mean(name, inputs)}",
                    path, (len(own) + 1, len(value)))
            for variable in mustache_names(value):
                head, _, rest = variable.partition(".")
                if head == own:
                    head = rest.split(".")[0]
                if head in inputs or head in steps or head in model.bind_keys \
                        or head in bind_namespaces or SCREAMING.match(head):
                    continue
                start = value.find("{{")
                yield FunctionResult(
                    f"'{{{{{variable}}}}}' names no input of this {what}: declare {head!r} in "
                    f"its inputParameters{did_you_mean(head, inputs | steps)}",
                    path, (start, value.find("}}", start) + 2))


@rule_function("with-key-unknown", input=WHOLE_DOCUMENT)
def with_key_unknown(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    for unit in model.units():
        for _, call, with_, with_path in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is None:
                continue
            known = operation.parameter_names()
            for key in with_:
                if str(key) not in known:
                    yield FunctionResult(
                        f"with key {key!r} is no parameter of {call!r}"
                        f"{did_you_mean(str(key), known)}; the engine ignores it",
                        (*with_path, key), key=True)


@rule_function("consumed-input-unsupplied", input=WHOLE_DOCUMENT)
def consumed_input_unsupplied(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    for unit in model.units():
        own = unit.adapter.namespace if unit.adapter is not None else None
        for call_path, call, with_, _ in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is None:
                continue
            supplied = {str(k) for k in with_} | unit.input_names
            for name, why in operation.required():
                if name in supplied:
                    continue
                source = f"{own}.{name}" if own else f"{{{{{name}}}}}"
                yield FunctionResult(
                    f"call {call!r} never supplies {name!r} ({why}): add "
                    f"'with: {{{name}: {source}}}' and declare the input "
                    f"{name!r}{did_you_mean(name, supplied)}", call_path)
