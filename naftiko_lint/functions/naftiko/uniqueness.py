"""Names and ports that must not collide."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from naftiko_lint.capability import CapabilityModel, as_list, capability_of, unit_name
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.pointer import Tokens

WHOLE_DOCUMENT = {"type": "object"}


def _repeats(entries: Iterable[tuple[Any, Tokens]], message: str) -> Iterator[FunctionResult]:
    """Report every repeat of a key; `message` is formatted with {name}."""
    first: dict[Any, Tokens] = {}
    for key, where in entries:
        if key is None:
            continue
        if key in first:
            name = key if isinstance(key, str) else key[0]
            yield FunctionResult(
                message.format(name=name) + " (first at {{related-line}})",
                where,
                related=first[key],
            )
        else:
            first[key] = where


def _named(items: Any, base: Tokens, field: str = "name") -> Iterator[tuple[Any, Tokens]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get(field), str):
            yield item[field], (*base, i, field)


def _consumes_names(model: CapabilityModel) -> Iterator[FunctionResult]:
    for entry in model.consumes.values():
        if entry.imported:
            continue
        own = [r for r in entry.resources if r.path[: len(entry.path)] == entry.path]
        yield from _repeats(
            _field_of((r.data, r.path) for r in own),
            "resource name {name!r} repeats in this consumes entry",
        )
        operations = ((op.name, (*op.path, "name")) for op in entry.all_operations)
        yield from _repeats(
            operations,
            f"operation {{name!r}} repeats in namespace "
            f"{entry.namespace!r}: calls resolve to the first one only",
        )
        for resource in entry.resources:
            yield from _param_repeats(resource.data, resource.path)
            for op in resource.operations:
                yield from _param_repeats(op.data, op.path)


def _field_of(
    nodes: Iterable[tuple[dict, Tokens]], field: str = "name"
) -> Iterator[tuple[Any, Tokens]]:
    """(value, pointer) of the string `field` of each (data, path) the model holds."""
    for data, path in nodes:
        if isinstance(data.get(field), str):
            yield data[field], (*path, field)


def _param_repeats(holder: dict, base: Tokens) -> Iterator[FunctionResult]:
    params = holder.get("inputParameters")
    entries = []
    for i, param in enumerate(params if isinstance(params, list) else []):
        if isinstance(param, dict) and isinstance(param.get("name"), str):
            location = param.get("in") if isinstance(param.get("in"), str) else None
            entries.append(((param["name"], location), (*base, "inputParameters", i, "name")))
    yield from _repeats(entries, "input parameter {name!r} repeats with the same 'in'")


def _adapter_names(model: CapabilityModel) -> Iterator[FunctionResult]:
    for adapter in model.adapters:
        data, base = adapter.data, adapter.path
        if adapter.type == "mcp":
            tools = []
            for unit in adapter.units:
                name = unit_name(unit.data) if unit.kind == "mcp-tool" else None
                if name is not None:
                    field = "name" if isinstance(unit.data.get("name"), str) else "ref"
                    tools.append((name, (*unit.path, field)))
            yield from _repeats(tools, "tool name {name!r} repeats in this MCP adapter")
            resources = [(u.data, u.path) for u in adapter.units if u.kind == "mcp-resource"]
            yield from _repeats(_field_of(resources), "MCP resource name {name!r} repeats")
            yield from _repeats(_field_of(resources, "uri"), "MCP resource URI {name!r} repeats")
            yield from _repeats(
                _named(data.get("prompts"), (*base, "prompts")), "MCP prompt name {name!r} repeats"
            )
        if adapter.type == "skill":
            yield from _repeats(
                _named(data.get("skills"), (*base, "skills")),
                "skill name {name!r} repeats in this skill adapter",
            )
        for unit in adapter.units:
            yield from _param_repeats(unit.data, unit.path)
        for resource in adapter.resources:
            yield from _param_repeats(resource.data, resource.path)


@model_rule("duplicate-name")
def duplicate_name(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    yield from _consumes_names(model)
    yield from _adapter_names(model)
    for i, aggregate in enumerate(as_list(capability_of(capability.data).get("aggregates"))):
        if isinstance(aggregate, dict):
            yield from _repeats(
                _named(aggregate.get("functions"), ("capability", "aggregates", i, "functions")),
                "function name {name!r} repeats in this aggregate",
            )
    for unit in model.units():
        steps = (
            (s.get("name"), (*p, "name")) for p, s in unit.steps() if isinstance(s.get("name"), str)
        )
        yield from _repeats(steps, "step name {name!r} repeats in this steps list")


@model_rule("duplicate-namespace")
def duplicate_namespace(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    document = capability.data
    section = capability_of(document)
    entries: list[tuple[Any, Tokens]] = []
    for base, items in (
        (("consumes",), document.get("consumes")),
        (("capability", "consumes"), section.get("consumes")),
    ):
        for i, entry in enumerate(items if isinstance(items, list) else []):
            if not isinstance(entry, dict):
                continue
            for field in ("namespace", "as") if "location" not in entry else ("as", "import"):
                if isinstance(entry.get(field), str):
                    entries.append((entry[field], (*base, i, field)))
                    break
    entries += list(_named(section.get("exposes"), ("capability", "exposes"), "namespace"))
    entries += list(_named(document.get("binds"), ("binds",), "namespace"))
    entries += list(_named(section.get("binds"), ("capability", "binds"), "namespace"))
    entries += list(_named(section.get("aggregates"), ("capability", "aggregates"), "namespace"))
    yield from _repeats(
        entries,
        "namespace {name!r} is already used: calls, with references "
        "and binds could not tell them apart",
    )


ANY_ADDRESS = "*"


def _address(value: Any) -> str:
    if not isinstance(value, str) or value in ("0.0.0.0", "::", "[::]", ""):
        return ANY_ADDRESS
    return "127.0.0.1" if value == "localhost" else value


@model_rule("port-conflict")
def port_conflict(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    seen: list[tuple[str, Any, Tokens]] = []
    for adapter in capability.model.adapters:
        data = adapter.data
        port = data.get("port")
        if not isinstance(port, int) or (
            adapter.type == "mcp" and data.get("transport") == "stdio"
        ):
            continue
        address = _address(data.get("address"))
        where = (*adapter.path, "port")
        for other_address, other_port, other_where in seen:
            if other_port == port and (
                ANY_ADDRESS in (address, other_address) or other_address == address
            ):
                yield FunctionResult(
                    f"port {port} is already taken by the adapter at "
                    "{{related-line}}; one of the two servers cannot start",
                    where,
                    related=other_where,
                )
                break
        seen.append((address, port, where))
