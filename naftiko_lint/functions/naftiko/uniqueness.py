"""Names and ports that must not collide."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from naftiko_lint.capability import CapabilityModel, as_list, capability_of, model_of, unit_name
from naftiko_lint.functions.api import FunctionContext, FunctionResult, rule_function

WHOLE_DOCUMENT = {"type": "object"}
Path = tuple


def _repeats(entries: Iterable[tuple[Any, Path]], message: str) -> Iterator[FunctionResult]:
    """Report every repeat of a key; `message` is formatted with {name}."""
    first: dict[Any, Path] = {}
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


def _named(items: Any, base: Path, field: str = "name") -> Iterator[tuple[Any, Path]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict) and isinstance(item.get(field), str):
            yield item[field], (*base, i, field)


def _consumes_names(model: CapabilityModel) -> Iterator[FunctionResult]:
    for entry in model.consumes.values():
        if entry.imported:
            continue
        yield from _repeats(
            _named(entry.data.get("resources"), (*entry.path, "resources")),
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


def _param_repeats(holder: dict, base: Path) -> Iterator[FunctionResult]:
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
            for i, tool in enumerate(as_list(data.get("tools"))):
                if not isinstance(tool, dict):
                    continue
                name = unit_name(tool)
                if name is not None:
                    field = "name" if isinstance(tool.get("name"), str) else "ref"
                    tools.append((name, (*base, "tools", i, field)))
            yield from _repeats(tools, "tool name {name!r} repeats in this MCP adapter")
            yield from _repeats(
                _named(data.get("resources"), (*base, "resources")),
                "MCP resource name {name!r} repeats",
            )
            yield from _repeats(
                _named(data.get("resources"), (*base, "resources"), "uri"),
                "MCP resource URI {name!r} repeats",
            )
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


@rule_function("duplicate-name", input=WHOLE_DOCUMENT)
def duplicate_name(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    yield from _consumes_names(model)
    yield from _adapter_names(model)
    capability = capability_of(document)
    for i, aggregate in enumerate(as_list(capability.get("aggregates"))):
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


@rule_function("duplicate-namespace", input=WHOLE_DOCUMENT)
def duplicate_namespace(document: Any, options: Any, ctx: FunctionContext):
    capability = capability_of(document)
    entries: list[tuple[Any, Path]] = []
    for base, items in (
        (("consumes",), document.get("consumes")),
        (("capability", "consumes"), capability.get("consumes")),
    ):
        for i, entry in enumerate(items if isinstance(items, list) else []):
            if not isinstance(entry, dict):
                continue
            for field in ("namespace", "as") if "location" not in entry else ("as", "import"):
                if isinstance(entry.get(field), str):
                    entries.append((entry[field], (*base, i, field)))
                    break
    entries += list(_named(capability.get("exposes"), ("capability", "exposes"), "namespace"))
    entries += list(_named(document.get("binds"), ("binds",), "namespace"))
    entries += list(_named(capability.get("binds"), ("capability", "binds"), "namespace"))
    entries += list(_named(capability.get("aggregates"), ("capability", "aggregates"), "namespace"))
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


@rule_function("port-conflict", input=WHOLE_DOCUMENT)
def port_conflict(document: Any, options: Any, ctx: FunctionContext):
    seen: list[tuple[str, Any, Path]] = []
    for adapter in model_of(ctx).adapters:
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
