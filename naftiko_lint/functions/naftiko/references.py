"""References: everything that names something else must find it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from naftiko_lint.capability import CapabilityModel, Unit, as_list, unit_name
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.suggest import did_you_mean

WHOLE_DOCUMENT = {"type": "object"}


def _calls(model: CapabilityModel) -> Iterator[tuple[Unit, tuple, str]]:
    for unit in model.units():
        for call_path, call, _, _ in unit.call_sites():
            yield unit, call_path, call


@model_rule("call-unresolved")
def call_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for _, call_path, call in _calls(model):
        namespace, dot, operation = call.partition(".")
        if not dot:
            continue  # the schema reports a malformed call
        entry = model.consumes.get(namespace)
        if entry is None:
            hint = did_you_mean(namespace, model.consumes)
            yield FunctionResult(
                f"call {call!r} names no consumed namespace {namespace!r}{hint}",
                call_path,
                (0, len(namespace)),
            )
        elif entry.operations_known and operation not in entry.operations:
            hint = did_you_mean(operation, entry.operations)
            yield FunctionResult(
                f"call {call!r} names no operation of {namespace!r}{hint}",
                call_path,
                (len(namespace) + 1, len(call)),
            )


def _ref_units(model: CapabilityModel) -> list[tuple[Unit, tuple]]:
    return [
        (unit, (*unit.path, "ref"))
        for unit in model.units()
        if isinstance(unit.data.get("ref"), str)
    ]


@model_rule("ref-unresolved")
def ref_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for unit, ref_path in _ref_units(model):
        ref = unit.data["ref"]
        if unit.kind == "aggregate-function":
            yield FunctionResult(
                f"aggregate function uses ref {ref!r}; functions cannot "
                "reference other functions (refs do not chain)",
                ref_path,
            )
            continue
        namespace, _, name = ref.partition(".")
        functions = model.aggregates.get(namespace)
        if functions is None:
            yield FunctionResult(
                f"ref {ref!r} names no aggregate namespace {namespace!r}"
                f"{did_you_mean(namespace, model.aggregates)}",
                ref_path,
                (0, len(namespace)),
            )
        elif not name:  # `ref: <namespace>` alone
            yield FunctionResult(
                f"ref {ref!r} names the aggregate namespace but no function "
                f"of it; write '{namespace}.<function>'",
                ref_path,
            )
        elif name not in functions:
            yield FunctionResult(
                f"ref {ref!r} names no function of {namespace!r}{did_you_mean(name, functions)}",
                ref_path,
                (len(namespace) + 1, len(ref)),
            )


@model_rule("forward-target-unresolved")
def forward_target_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for adapter in model.adapters:
        for resource in adapter.resources:
            forward = resource.data.get("forward")
            target = forward.get("targetNamespace") if isinstance(forward, dict) else None
            if isinstance(target, str) and target not in model.consumes:
                yield FunctionResult(
                    f"forward.targetNamespace {target!r} names no consumed namespace"
                    f"{did_you_mean(target, model.consumes)}",
                    (*resource.path, "forward", "targetNamespace"),
                )


def _actions(adapter: Any) -> set[str]:
    """Operation and tool names of an adapter's units (MCP resources are not actions)."""
    names = {unit_name(unit.data) for unit in adapter.units if unit.kind != "mcp-resource"}
    return {n for n in names if n}


@model_rule("skill-source-unresolved")
def skill_source_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    sources = {a.namespace: a for a in model.adapters if a.type in ("rest", "mcp") and a.namespace}
    for adapter in model.adapters:
        if adapter.type != "skill":
            continue
        for i, skill in enumerate(as_list(adapter.data.get("skills"))):
            for j, tool in enumerate(
                as_list(skill.get("tools")) if isinstance(skill, dict) else []
            ):
                source = tool.get("from") if isinstance(tool, dict) else None
                if not isinstance(source, dict):
                    continue
                base = (*adapter.path, "skills", i, "tools", j, "from")
                namespace, action = source.get("sourceNamespace"), source.get("action")
                if not isinstance(namespace, str):
                    continue
                if namespace not in sources:
                    yield FunctionResult(
                        f"sourceNamespace {namespace!r} names no REST or MCP "
                        f"adapter{did_you_mean(namespace, sources)}",
                        (*base, "sourceNamespace"),
                    )
                elif isinstance(action, str) and action not in _actions(sources[namespace]):
                    actions = _actions(sources[namespace])
                    yield FunctionResult(
                        f"action {action!r} is no operation or tool of "
                        f"{namespace!r}{did_you_mean(action, actions)}",
                        (*base, "action"),
                    )


_STEP_ROOT = re.compile(r"^\$\.([A-Za-z0-9_-]+)")


@model_rule("step-reference-unresolved")
def step_reference_unresolved(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for unit in model.units():
        steps = unit.steps()
        if not steps:
            continue
        names = [s.get("name") for _, s in steps if isinstance(s.get("name"), str)]
        for index, (path, step) in enumerate(steps):
            if step.get("type") != "lookup" or not isinstance(step.get("index"), str):
                continue
            earlier = [s.get("name") for _, s in steps[:index] if s.get("type") == "call"]
            if step["index"] not in earlier:
                later = (
                    " (it comes later; lookups read earlier steps)"
                    if step["index"] in names
                    else did_you_mean(step["index"], earlier)
                )
                yield FunctionResult(
                    f"lookup index {step['index']!r} names no earlier call step{later}",
                    (*path, "index"),
                )
        yield from _mappings(unit, names, steps)


def _mappings(unit: Unit, names: list, steps: list) -> Iterator[FunctionResult]:
    outputs = {
        p.get("name")
        for p in as_list(unit.data.get("outputParameters"))
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    }
    step_inputs = {key for _, s in steps if isinstance(s.get("with"), dict) for key in s["with"]}
    for i, mapping in enumerate(as_list(unit.data.get("mappings"))):
        if not isinstance(mapping, dict):
            continue
        base = (*unit.path, "mappings", i)
        value = mapping.get("value")
        root = _STEP_ROOT.match(value) if isinstance(value, str) else None
        if root and root.group(1) not in names:
            yield FunctionResult(
                f"mapping value {value!r} reads step {root.group(1)!r}, which "
                f"does not exist{did_you_mean(root.group(1), names)}",
                (*base, "value"),
                (2, 2 + len(root.group(1))),
            )
        target = mapping.get("targetName")
        if isinstance(target, str):
            head = target.split(".")[0]
            if head not in outputs and head not in step_inputs:
                yield FunctionResult(
                    f"targetName {target!r} matches no output parameter or "
                    f"step input{did_you_mean(head, outputs | step_inputs)}",
                    (*base, "targetName"),
                )
