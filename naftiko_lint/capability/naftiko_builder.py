"""The Naftiko 1.0 builder: reads the list-shaped document the engine of naftiko 1.0.0-alphaN
loads (`resources`, `operations`, `steps`, `tools` and `functions` are lists, and a pointer
into one names the item's index) into the capability model, defensively: a document with
schema errors still yields a model of whatever is well-formed, so the wiring rules report
alongside the structural ones. Every pointer a rule reports comes from here."""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability.model import (
    Adapter,
    CapabilityModel,
    ConsumedOperation,
    ConsumesEntry,
    Param,
    Resource,
    Unit,
    iter_dicts,
    read_params,
)
from naftiko_lint.capability.placeholders import uri_variables
from naftiko_lint.pointer import Tokens


def capability_of(document: Any) -> dict:
    """The `capability` mapping of a document, or {} when it has none (or a broken one)."""
    if isinstance(document, dict) and isinstance(document.get("capability"), dict):
        return document["capability"]
    return {}


def _steps(path: Tokens, data: dict) -> list[tuple[Tokens, dict]]:
    return list(iter_dicts(data.get("steps"), (*path, "steps")))


def _unit(
    kind: str,
    path: Tokens,
    data: dict,
    adapter: Adapter | None,
    inputs: list[Param],
    owner: str | None = None,
    resource: Resource | None = None,
) -> Unit:
    return Unit(kind, path, data, adapter, inputs, owner, resource, _steps(path, data))


def _resource(path: Tokens, data: dict) -> Resource:
    return Resource(
        data.get("path"),
        path,
        data,
        read_params(data.get("inputParameters"), (*path, "inputParameters")),
    )


def _consumes(
    model: CapabilityModel, items: Any, base: Tokens, imported: dict[str, Any] | None = None
) -> None:
    for path, entry in iter_dicts(items, base):
        if "location" in entry or "import" in entry:
            namespace = entry.get("as") or entry.get("import")
            if isinstance(namespace, str):
                record = model.consumes.setdefault(
                    namespace, ConsumesEntry(namespace, path, entry, True)
                )
                _resolve_import(record, entry, imported or {})
            continue
        namespace = entry.get("namespace")
        if not isinstance(namespace, str):
            continue
        top = read_params(entry.get("inputParameters"), (*path, "inputParameters"))
        record = model.consumes.setdefault(
            namespace, ConsumesEntry(namespace, path, entry, False, params=top)
        )
        for res_path, resource in iter_dicts(entry.get("resources"), (*path, "resources")):
            holder = _resource(res_path, resource)
            res_params = holder.params
            record.resources.append(holder)
            for op_path, op in iter_dicts(resource.get("operations"), (*res_path, "operations")):
                if not isinstance(op.get("name"), str):
                    continue
                params = (
                    top
                    + res_params
                    + read_params(op.get("inputParameters"), (*op_path, "inputParameters"))
                )
                operation = ConsumedOperation(
                    namespace,
                    op["name"],
                    str(op.get("method", "")),
                    str(resource.get("path", "")),
                    op_path,
                    res_path,
                    params,
                    op,
                )
                record.all_operations.append(operation)
                record.operations.setdefault(op["name"], operation)
                holder.operations.append(operation)


def _resolve_import(record: ConsumesEntry, entry: dict, imported: dict[str, Any]) -> None:
    """Fill an imported entry's operations from its shared file, when the linter loaded it.

    Its operations keep paths into the other file, so rules use them to resolve calls only.
    """
    shared = imported.get(str(entry.get("location")))
    if not isinstance(shared, dict):
        return
    source = CapabilityModel()
    _consumes(source, shared.get("consumes"), ("consumes",))
    original = source.consumes.get(str(entry.get("import")))
    if original is None or original.imported:
        return
    record.resolved_from = str(entry.get("location"))
    record.shared = original.data
    for operation in original.all_operations:
        operation.namespace = record.namespace
        record.all_operations.append(operation)
        record.operations.setdefault(operation.name, operation)


def _uri_inputs(path: Tokens, resource: dict) -> list[Param]:
    """An MCP resource's inputs: the `{name}` variables of its uri (it has no
    inputParameters; exposes/mcp/ResourceHandler.matchTemplate fills them)."""
    return [
        Param(name, "uri", None, (*path, "uri"))
        for name, _, _, valid in uri_variables(resource.get("uri"))
        if valid
    ]


def _adapter(model: CapabilityModel, path: Tokens, data: dict) -> None:
    adapter = Adapter(
        str(data.get("type")),
        data.get("namespace") if isinstance(data.get("namespace"), str) else None,
        path,
        data,
    )
    top = read_params(data.get("inputParameters"), (*path, "inputParameters"))
    adapter.params = top
    if adapter.type == "rest":
        for res_path, resource in iter_dicts(data.get("resources"), (*path, "resources")):
            holder = _resource(res_path, resource)
            res_params = holder.params
            adapter.resources.append(holder)
            for op_path, op in iter_dicts(resource.get("operations"), (*res_path, "operations")):
                params = (
                    top
                    + res_params
                    + read_params(op.get("inputParameters"), (*op_path, "inputParameters"))
                )
                unit = _unit("rest-operation", op_path, op, adapter, params, resource=holder)
                adapter.units.append(unit)
                holder.operations.append(unit)
    elif adapter.type == "mcp":
        for tool_path, tool in iter_dicts(data.get("tools"), (*path, "tools")):
            params = read_params(tool.get("inputParameters"), (*tool_path, "inputParameters"))
            adapter.units.append(_unit("mcp-tool", tool_path, tool, adapter, params))
        for res_path, resource in iter_dicts(data.get("resources"), (*path, "resources")):
            adapter.units.append(
                _unit("mcp-resource", res_path, resource, adapter, _uri_inputs(res_path, resource))
            )
    model.adapters.append(adapter)


def build(document: Any, imported: dict[str, Any] | None = None) -> CapabilityModel:
    """The model of a Naftiko 1.0 document; `imported` maps an import location to its
    shared file's data (absent: imports stay unresolved)."""
    model = CapabilityModel()
    if not isinstance(document, dict):
        return model
    capability = capability_of(document)
    _consumes(model, document.get("consumes"), ("consumes",))
    _consumes(model, capability.get("consumes"), ("capability", "consumes"), imported)
    for base, binds in (
        (("binds",), document.get("binds")),
        (("capability", "binds"), capability.get("binds")),
    ):
        for _, bind in iter_dicts(binds, base):
            if isinstance(bind.get("keys"), dict):
                # a YAML key such as 7 is the variable "7" to the engine (Jackson reads map
                # keys as strings); a key of another kind names no variable
                model.bind_keys |= {
                    str(key)
                    for key in bind["keys"]
                    if isinstance(key, str) or (isinstance(key, int) and not isinstance(key, bool))
                }
            if isinstance(bind.get("namespace"), str):
                model.bind_namespaces.add(bind["namespace"])
    for agg_path, aggregate in iter_dicts(
        capability.get("aggregates"), ("capability", "aggregates")
    ):
        namespace = aggregate.get("namespace")
        functions = model.aggregates.setdefault(str(namespace), {})
        for fn_path, fn in iter_dicts(aggregate.get("functions"), (*agg_path, "functions")):
            if isinstance(fn.get("name"), str):
                functions.setdefault(fn["name"], (fn_path, fn))
            params = read_params(fn.get("inputParameters"), (*fn_path, "inputParameters"))
            model.aggregate_units.append(
                _unit(
                    "aggregate-function",
                    fn_path,
                    fn,
                    None,
                    params,
                    namespace if isinstance(namespace, str) else None,
                )
            )
    for path, adapter in iter_dicts(capability.get("exposes"), ("capability", "exposes")):
        _adapter(model, path, adapter)
    return model
