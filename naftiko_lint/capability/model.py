"""The capability model's types: consumed namespaces, operations and resources, exposed
adapters with their units, aggregates and binds, and the queries rules ask of them.

The types know no document shape: a builder (capability/build.py) fills them, and every
path they hold is the pointer the builder recorded."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from naftiko_lint.capability.placeholders import mustache_names, path_variables
from naftiko_lint.pointer import Tokens


def as_list(node: Any) -> list:
    """`node` if it is a list, else [] — rules read documents that may be malformed."""
    return node if isinstance(node, list) else []


def as_dict(node: Any) -> dict:
    return node if isinstance(node, dict) else {}


def iter_dicts(items: Any, base: Tokens) -> Iterator[tuple[Tokens, dict]]:
    for i, item in enumerate(as_list(items)):
        if isinstance(item, dict):
            yield (*base, i), item


def iter_strings(node: Any, path: Tokens = (), needle: str = "") -> Iterator[tuple[Tokens, str]]:
    """(path, text) of every string in a document or part of one (holding `needle`, when
    given), in document order. One generator walks the whole tree with a stack of the
    containers it is inside (nested generators would re-yield each string once per level:
    a deep document paid its depth for every string)."""
    if isinstance(node, str):
        if needle in node:
            yield path, node
        return
    if isinstance(node, dict):
        top: Any = iter(node.items())
    elif isinstance(node, list):
        top = enumerate(node)
    else:
        return
    stack: list[tuple[Tokens, Any]] = [(path, top)]
    while stack:
        base, items = stack[-1]
        for key, value in items:
            if isinstance(value, str):
                if needle in value:
                    yield (*base, key), value
            elif isinstance(value, dict):
                stack.append(((*base, key), iter(value.items())))
                break
            elif isinstance(value, list):
                stack.append(((*base, key), enumerate(value)))
                break
        else:
            stack.pop()


def unit_name(data: Any) -> str | None:
    """A unit's name; a `ref` unit without one inherits its function's name."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("name"), str):
        return data["name"]
    ref = data.get("ref")
    return ref.partition(".")[2] if isinstance(ref, str) else None


@dataclass
class Param:
    name: str
    location: str | None  # `in`
    value: Any  # None when absent
    path: Tokens
    data: dict = field(default_factory=dict)  # the whole entry (`required`, `type`, …)

    @property
    def has_value(self) -> bool:
        return self.value is not None


def read_params(items: Any, base: Tokens) -> list[Param]:
    return [
        Param(p["name"], p.get("in"), p.get("value"), path, p)
        for path, p in iter_dicts(items, base)
        if isinstance(p.get("name"), str)
    ]


@dataclass
class ConsumedOperation:
    namespace: str
    name: str
    method: str
    resource_path: str
    path: Tokens  # of the operation
    resource_pointer: Tokens
    params: list[Param]  # consumes-, resource- and operation-level inputs
    data: dict = field(default_factory=dict)
    _names: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def parameter_names(self) -> frozenset[str]:
        """Names its callers may pass: inputs and {{vars}} of its path, body and values. A
        compound `{{a.b}}` reads the field `b` of the parameter `a` (JMustache), so `a` counts.
        Worked out once: every call of the operation asks."""
        if self._names is None:
            self._names = self._parameter_names()
        return self._names

    def _parameter_names(self) -> frozenset[str]:
        names = {p.name for p in self.params}
        names |= {name for name, *_ in path_variables(self.resource_path)}
        templated: set[str] = set()
        for _, text in iter_strings(self.data.get("body")):
            templated |= set(mustache_names(text))
        for param in self.params:
            templated |= set(mustache_names(param.value))
        return frozenset(names | templated | {name.partition(".")[0] for name in templated})

    def level(self, param: Param) -> str:
        """Where one of its inputs is declared: 'operation', 'resource' or 'consumes'."""
        for level, base in (("operation", self.path), ("resource", self.resource_pointer)):
            if param.path[: len(base)] == base:
                return level
        return "consumes"


@dataclass
class Resource:
    """A consumed or exposed resource: its path template, own inputs and operations."""

    template: Any  # the `path` value (a string when well-formed)
    path: Tokens
    data: dict
    params: list[Param]  # resource-level inputParameters
    operations: list = field(default_factory=list)  # ConsumedOperation or Unit

    def path_params(self) -> set[str]:
        return {p.name for p in self.params if p.location == "path"}


@dataclass
class ConsumesEntry:
    namespace: str
    path: Tokens
    data: dict
    imported: bool
    operations: dict[str, ConsumedOperation] = field(default_factory=dict)  # first wins
    all_operations: list[ConsumedOperation] = field(default_factory=list)
    resolved_from: str | None = None  # the shared file an import was read from
    shared: dict | None = None  # an import's entry in that file (the engine copies it whole)
    resources: list[Resource] = field(default_factory=list)
    params: list[Param] = field(default_factory=list)  # consumes-level inputParameters

    @property
    def engine_data(self) -> dict:
        """The entry as the engine holds it once imports are resolved: an import's shared
        entry (consumes/ConsumesImportResolver copies it whole), else the entry itself."""
        return self.shared if self.shared is not None else self.data

    @property
    def operations_known(self) -> bool:
        return not self.imported or self.resolved_from is not None


@dataclass
class Unit:
    """Something that calls: a REST operation, MCP tool or resource, aggregate function."""

    kind: str
    path: Tokens
    data: dict
    adapter: Adapter | None
    inputs: list[Param]
    owner: str | None = None  # an aggregate function's aggregate namespace
    resource: Resource | None = None  # a REST operation's resource
    step_nodes: list[tuple[Tokens, dict]] = field(default_factory=list)  # (path, step), in order
    _sites: list | None = field(default=None, repr=False, compare=False)

    @property
    def namespace(self) -> str | None:
        """The prefix of its with references: its adapter's namespace, or its aggregate's."""
        return self.adapter.namespace if self.adapter is not None else self.owner

    @property
    def input_names(self) -> set[str]:
        return {p.name for p in self.inputs}

    def own_params(self) -> list[Param]:
        """Inputs declared on the unit itself (not inherited from resource or adapter)."""
        return [p for p in self.inputs if p.path[: len(self.path)] == self.path]

    def steps(self) -> list[tuple[Tokens, dict]]:
        """(path, step) of each step, as the builder read them."""
        return list(self.step_nodes)

    def step_names(self) -> set[str]:
        return {s["name"] for _, s in self.step_nodes if isinstance(s.get("name"), str)}

    def call_sites(self) -> list[tuple[Tokens, str, dict, Tokens]]:
        """(path of the call value, call, with mapping, path of the with) for the unit and
        each call step; computed once (many rules ask)."""
        if self._sites is None:
            self._sites = list(self._find_call_sites())
        return self._sites

    def _find_call_sites(self) -> Iterator[tuple[Tokens, str, dict, Tokens]]:
        if isinstance(self.data.get("call"), str):
            yield (
                (*self.path, "call"),
                self.data["call"],
                self.data.get("with") if isinstance(self.data.get("with"), dict) else {},
                (*self.path, "with"),
            )
        for step_path, step in self.steps():
            if step.get("type") == "call" and isinstance(step.get("call"), str):
                with_ = step.get("with") if isinstance(step.get("with"), dict) else {}
                yield (*step_path, "call"), step["call"], with_, (*step_path, "with")


@dataclass
class Adapter:
    type: str
    namespace: str | None
    path: Tokens
    data: dict
    units: list[Unit] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)  # REST resources
    params: list[Param] = field(default_factory=list)  # adapter-level inputs, if any


@dataclass
class CapabilityModel:
    consumes: dict[str, ConsumesEntry] = field(default_factory=dict)
    adapters: list[Adapter] = field(default_factory=list)
    aggregates: dict[str, dict[str, tuple[Tokens, dict]]] = field(default_factory=dict)
    aggregate_units: list[Unit] = field(default_factory=list)
    bind_keys: set[str] = field(default_factory=set)
    bind_namespaces: set[str] = field(default_factory=set)
    # answers to queries rules repeat, computed once per model (see functions' helpers)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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

    def function(self, ref: Any) -> tuple[Tokens, dict] | None:
        """The aggregate function a `ref` names, as (path, data)."""
        if not isinstance(ref, str):
            return None
        namespace, _, name = ref.partition(".")
        return self.aggregates.get(namespace, {}).get(name)

    def function_unit(self, ref: Any) -> Unit | None:
        """The aggregate function a `ref` names, as the unit the builder made of it."""
        function = self.function(ref)
        if function is None:
            return None
        return next((u for u in self.aggregate_units if u.path == function[0]), None)
