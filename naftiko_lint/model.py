"""A typed view of a capability, built once per document and shared by the rules (and,
later, the exporter and the mock servers): consumed namespaces and operations, exposed
adapters and their units, aggregates, binds.

It reads defensively: a document with schema errors still yields a model of whatever is
well-formed, so the wiring rules report alongside the structural ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]

MUSTACHE = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")
SINGLE_BRACE = re.compile(r"(?<!\{)\{([^{}]+)\}(?!\})")


def mustache_names(text: str) -> list[str]:
    return MUSTACHE.findall(text) if isinstance(text, str) else []


def path_variables(path: str) -> list[tuple[str, int, int, bool]]:
    """(name, start, end, single_brace) for every `{{x}}` and `{x}` in a path template."""
    if not isinstance(path, str):
        return []
    found = [(m.group(1).strip(), m.start(), m.end(), False) for m in MUSTACHE.finditer(path)]
    found += [(m.group(1).strip(), m.start(), m.end(), True)
              for m in SINGLE_BRACE.finditer(path)]
    return sorted(found, key=lambda item: item[1])


def as_list(node: Any) -> list:
    """`node` if it is a list, else [] — rules read documents that may be malformed."""
    return node if isinstance(node, list) else []


def as_dict(node: Any) -> dict:
    return node if isinstance(node, dict) else {}


_list = as_list


def _dicts(items: Any, base: Path) -> Iterator[tuple[Path, dict]]:
    for i, item in enumerate(_list(items)):
        if isinstance(item, dict):
            yield (*base, i), item


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


@dataclass
class Param:
    name: str
    location: str | None  # `in`
    value: Any  # None when absent
    path: Path

    @property
    def has_value(self) -> bool:
        return self.value is not None


def _params(items: Any, base: Path) -> list[Param]:
    return [Param(p["name"], p.get("in"), p.get("value"), path)
            for path, p in _dicts(items, base) if isinstance(p.get("name"), str)]


@dataclass
class ConsumedOperation:
    namespace: str
    name: str
    method: str
    resource_path: str
    path: Path  # of the operation
    resource_pointer: Path
    params: list[Param]  # consumes-, resource- and operation-level inputs
    data: dict = field(default_factory=dict)

    def parameter_names(self) -> set[str]:
        """Names its callers may pass: inputs and {{vars}} of its path, body and values."""
        names = {p.name for p in self.params}
        names |= {name for name, *_ in path_variables(self.resource_path)}
        for text in _strings(self.data.get("body")):
            names |= set(mustache_names(text))
        for param in self.params:
            names |= set(mustache_names(param.value))
        return names

    def required(self) -> list[tuple[str, str]]:
        """(name, why) of every parameter a caller must supply."""
        out: dict[str, str] = {}
        for name, *_ in path_variables(self.resource_path):
            out.setdefault(name, f"path parameter of {self.resource_path}")
        for param in self.params:
            if not param.has_value and param.location in ("path", "query", "header", "body",
                                                          "cookie"):
                out.setdefault(param.name, f"{param.location} parameter")
        return list(out.items())


@dataclass
class Resource:
    """A consumed or exposed resource: its path template, own inputs and operations."""

    template: Any  # the `path` value (a string when well-formed)
    path: Path
    data: dict
    params: list[Param]  # resource-level inputParameters
    operations: list = field(default_factory=list)  # ConsumedOperation or Unit

    def path_params(self) -> set[str]:
        return {p.name for p in self.params if p.location == "path"}


@dataclass
class ConsumesEntry:
    namespace: str
    path: Path
    data: dict
    imported: bool
    operations: dict[str, ConsumedOperation] = field(default_factory=dict)  # first wins
    all_operations: list[ConsumedOperation] = field(default_factory=list)
    resolved_from: str | None = None  # the shared file an import was read from
    resources: list[Resource] = field(default_factory=list)

    @property
    def operations_known(self) -> bool:
        return not self.imported or self.resolved_from is not None


@dataclass
class Unit:
    """Something that calls: a REST operation, MCP tool or resource, aggregate function."""

    kind: str
    path: Path
    data: dict
    adapter: Adapter | None
    inputs: list[Param]

    @property
    def input_names(self) -> set[str]:
        return {p.name for p in self.inputs}

    def own_params(self) -> list[Param]:
        """Inputs declared on the unit itself (not inherited from resource or adapter)."""
        return [p for p in self.inputs if p.path[: len(self.path)] == self.path]

    def steps(self) -> list[tuple[Path, dict]]:
        return list(_dicts(self.data.get("steps"), (*self.path, "steps")))

    def call_sites(self) -> Iterator[tuple[Path, str, dict, Path]]:
        """(path of the call value, call, with mapping, path of the with) for the unit and
        each call step."""
        if isinstance(self.data.get("call"), str):
            yield ((*self.path, "call"), self.data["call"],
                   self.data.get("with") if isinstance(self.data.get("with"), dict) else {},
                   (*self.path, "with"))
        for step_path, step in self.steps():
            if step.get("type") == "call" and isinstance(step.get("call"), str):
                with_ = step.get("with") if isinstance(step.get("with"), dict) else {}
                yield (*step_path, "call"), step["call"], with_, (*step_path, "with")


@dataclass
class Adapter:
    type: str
    namespace: str | None
    path: Path
    data: dict
    units: list[Unit] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)  # REST resources
    params: list[Param] = field(default_factory=list)  # adapter-level inputs, if any


@dataclass
class CapabilityModel:
    consumes: dict[str, ConsumesEntry] = field(default_factory=dict)
    adapters: list[Adapter] = field(default_factory=list)
    aggregates: dict[str, dict[str, tuple[Path, dict]]] = field(default_factory=dict)
    aggregate_units: list[Unit] = field(default_factory=list)
    bind_keys: set[str] = field(default_factory=set)
    bind_namespaces: set[str] = field(default_factory=set)

    def units(self) -> Iterator[Unit]:
        for adapter in self.adapters:
            yield from adapter.units
        yield from self.aggregate_units

    def resolve_call(self, call: str) -> tuple[ConsumesEntry | None, ConsumedOperation | None]:
        namespace, _, operation = call.partition(".")
        entry = self.consumes.get(namespace)
        if entry is None:
            return None, None
        return entry, entry.operations.get(operation)

    def function(self, ref: Any) -> tuple[Path, dict] | None:
        """The aggregate function a `ref` names, as (path, data)."""
        if not isinstance(ref, str):
            return None
        namespace, _, name = ref.partition(".")
        return self.aggregates.get(namespace, {}).get(name)


def _consumes(model: CapabilityModel, items: Any, base: Path,
              imported: dict[str, Any] | None = None) -> None:
    for path, entry in _dicts(items, base):
        if "location" in entry or "import" in entry:
            namespace = entry.get("as") or entry.get("import")
            if isinstance(namespace, str):
                record = model.consumes.setdefault(namespace,
                                                   ConsumesEntry(namespace, path, entry, True))
                _resolve_import(record, entry, imported or {})
            continue
        namespace = entry.get("namespace")
        if not isinstance(namespace, str):
            continue
        record = model.consumes.setdefault(namespace,
                                           ConsumesEntry(namespace, path, entry, False))
        top = _params(entry.get("inputParameters"), (*path, "inputParameters"))
        for res_path, resource in _dicts(entry.get("resources"), (*path, "resources")):
            res_params = _params(resource.get("inputParameters"),
                                 (*res_path, "inputParameters"))
            holder = Resource(resource.get("path"), res_path, resource, res_params)
            record.resources.append(holder)
            for op_path, op in _dicts(resource.get("operations"), (*res_path, "operations")):
                if not isinstance(op.get("name"), str):
                    continue
                params = top + res_params + _params(op.get("inputParameters"),
                                                    (*op_path, "inputParameters"))
                operation = ConsumedOperation(namespace, op["name"], str(op.get("method", "")),
                                              str(resource.get("path", "")), op_path, res_path,
                                              params, op)
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


def _adapter(model: CapabilityModel, path: Path, data: dict) -> None:
    adapter = Adapter(str(data.get("type")), data.get("namespace") if isinstance(
        data.get("namespace"), str) else None, path, data)
    top = _params(data.get("inputParameters"), (*path, "inputParameters"))
    adapter.params = top
    if adapter.type == "rest":
        for res_path, resource in _dicts(data.get("resources"), (*path, "resources")):
            res_params = _params(resource.get("inputParameters"),
                                 (*res_path, "inputParameters"))
            holder = Resource(resource.get("path"), res_path, resource, res_params)
            adapter.resources.append(holder)
            for op_path, op in _dicts(resource.get("operations"), (*res_path, "operations")):
                params = top + res_params + _params(op.get("inputParameters"),
                                                    (*op_path, "inputParameters"))
                unit = Unit("rest-operation", op_path, op, adapter, params)
                adapter.units.append(unit)
                holder.operations.append(unit)
    elif adapter.type == "mcp":
        for tool_path, tool in _dicts(data.get("tools"), (*path, "tools")):
            params = _params(tool.get("inputParameters"), (*tool_path, "inputParameters"))
            adapter.units.append(Unit("mcp-tool", tool_path, tool, adapter, params))
        for res_path, resource in _dicts(data.get("resources"), (*path, "resources")):
            adapter.units.append(Unit("mcp-resource", res_path, resource, adapter, []))
    model.adapters.append(adapter)


IMPORTS_KEY = "imported-documents"  # location → data, loaded by the linter


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
    for base, binds in ((("binds",), document.get("binds")),
                        (("capability", "binds"), capability.get("binds"))):
        for _, bind in _dicts(binds, base):
            if isinstance(bind.get("keys"), dict):
                model.bind_keys |= set(bind["keys"])
            if isinstance(bind.get("namespace"), str):
                model.bind_namespaces.add(bind["namespace"])
    for agg_path, aggregate in _dicts(capability.get("aggregates"),
                                      ("capability", "aggregates")):
        namespace = aggregate.get("namespace")
        functions = model.aggregates.setdefault(str(namespace), {})
        for fn_path, fn in _dicts(aggregate.get("functions"), (*agg_path, "functions")):
            if isinstance(fn.get("name"), str):
                functions.setdefault(fn["name"], (fn_path, fn))
            params = _params(fn.get("inputParameters"), (*fn_path, "inputParameters"))
            model.aggregate_units.append(Unit("aggregate-function", fn_path, fn, None, params))
    for path, adapter in _dicts(capability.get("exposes"), ("capability", "exposes")):
        _adapter(model, path, adapter)
    return model


def model_of(context: Any) -> CapabilityModel:
    """The model of the context's document, built once per document and run."""
    model = context.cache.get("capability-model")
    if model is None:
        model = build_model(context.document, context.cache.get(IMPORTS_KEY))
        context.cache["capability-model"] = model
    return model
