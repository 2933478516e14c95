"""Build the capability model from a document, defensively: a document with schema errors
still yields a model of whatever is well-formed, so the wiring rules report alongside the
structural ones."""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability.model import (
    Adapter,
    CapabilityModel,
    ConsumedOperation,
    ConsumesEntry,
    Param,
    Path,
    Resource,
    Unit,
    iter_dicts,
    read_params,
)
from naftiko_lint.capability.placeholders import uri_variables


def _resource(path: Path, data: dict) -> Resource:
    return Resource(
        data.get("path"),
        path,
        data,
        read_params(data.get("inputParameters"), (*path, "inputParameters")),
    )


def _consumes(
    model: CapabilityModel, items: Any, base: Path, imported: dict[str, Any] | None = None
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
        record = model.consumes.setdefault(namespace, ConsumesEntry(namespace, path, entry, False))
        top = read_params(entry.get("inputParameters"), (*path, "inputParameters"))
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
    for operation in original.all_operations:
        operation.namespace = record.namespace
        record.all_operations.append(operation)
        record.operations.setdefault(operation.name, operation)


def _uri_inputs(path: Path, resource: dict) -> list[Param]:
    """An MCP resource's inputs: the `{name}` variables of its uri (it has no
    inputParameters; exposes/mcp/ResourceHandler.matchTemplate fills them)."""
    return [
        Param(name, "uri", None, (*path, "uri"))
        for name, _, _, valid in uri_variables(resource.get("uri"))
        if valid
    ]


def _adapter(model: CapabilityModel, path: Path, data: dict) -> None:
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
                unit = Unit("rest-operation", op_path, op, adapter, params, resource=holder)
                adapter.units.append(unit)
                holder.operations.append(unit)
    elif adapter.type == "mcp":
        for tool_path, tool in iter_dicts(data.get("tools"), (*path, "tools")):
            params = read_params(tool.get("inputParameters"), (*tool_path, "inputParameters"))
            adapter.units.append(Unit("mcp-tool", tool_path, tool, adapter, params))
        for res_path, resource in iter_dicts(data.get("resources"), (*path, "resources")):
            adapter.units.append(
                Unit("mcp-resource", res_path, resource, adapter, _uri_inputs(res_path, resource))
            )
    model.adapters.append(adapter)


IMPORTS_KEY = "imported-documents"  # location → data, loaded by the linter
IMPORT_OUTCOMES_KEY = "import-outcomes"  # location → imports.ImportOutcome, every location


def capability_of(document: Any) -> dict:
    """The `capability` mapping of a document, or {} when it has none (or a broken one)."""
    if isinstance(document, dict) and isinstance(document.get("capability"), dict):
        return document["capability"]
    return {}


def build_model(document: Any, imported: dict[str, Any] | None = None) -> CapabilityModel:
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
                model.bind_keys |= set(bind["keys"])
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
                Unit(
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


def model_of(context: Any) -> CapabilityModel:
    """The model of the context's document, built once per document and run."""
    model = context.cache.get("capability-model")
    if model is None:
        model = build_model(context.document, context.cache.get(IMPORTS_KEY))
        context.cache["capability-model"] = model
    return model
