"""Fixes that declare what a unit uses but never declares: an input of a REST operation or
resource, of an MCP tool or of an aggregate function, and the `with` entry that passes an
input on. Pure functions from the model to Edits; the rules decide when one applies.

Engine facts: util/OperationStepExecutor.resolveInputParametersFromRequest reads a REST
request's values only for inputs declared at adapter, resource or operation level, each from
where its `in` says (util/Resolver.resolveInputParameterFromRequest: `path` the route's
attribute, `query`, `header`, `body` the JSON field of that name, or the whole body when it
has none); an MCP tool's arguments are its inputParameters (no `in`)."""

from __future__ import annotations

from typing import Any

from naftiko_lint import pointer as jp
from naftiko_lint.capability.model import CapabilityModel, Param, Resource, Unit
from naftiko_lint.capability.placeholders import path_variables
from naftiko_lint.diagnostics import Edit, Fix
from naftiko_lint.functions.naftiko.routes import route_variable
from naftiko_lint.pointer import Tokens
from naftiko_lint.suggest import closest

# The `type`s an exposed input may declare (ExposedInputParameter, McpToolInputParameter).
EXPOSED_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object"})
SCALAR_TYPES = frozenset({"string", "number", "integer", "boolean"})
# Where a REST input is read when no path variable or consumed input says (Resolver).
READS_QUERY = frozenset({"GET", "DELETE", "HEAD", "OPTIONS"})
REST_LOCATIONS = frozenset({"query", "header"})


def input_entry(
    name: str, *, location: str | None, type_: str = "string", description: str
) -> dict:
    """The inputParameters entry declaring `name` (`in` only when a location is given)."""
    entry: dict = {"name": name}
    if location is not None:
        entry["in"] = location
    entry["type"] = type_
    entry["description"] = description
    return entry


def declare_at(path: Tokens, data: dict, entry: dict, *, indexed: bool = False) -> Edit:
    """Append `entry` to the `inputParameters` of the node at `path` (whose data is `data`),
    or give it a new `inputParameters` list holding it. `indexed` appends at the list's
    length rather than at `-`: fixes of one round that append to one list with `-` all
    apply, so a declaration several findings make (a resource's path variable, which each
    of its operations may report) names its index, and only the first applies."""
    where = jp.child(jp.join(path), "inputParameters")
    items = data.get("inputParameters")
    if isinstance(items, list):
        return Edit("add", jp.child(where, len(items) if indexed else "-"), entry)
    return Edit("set", where, [entry])


def declare_input(
    unit: Unit,
    name: str,
    *,
    location: str | None,
    type_: str = "string",
    description: str,
) -> Edit:
    """The edit declaring input `name` on `unit` itself: appended to its `inputParameters`,
    or a new `inputParameters` list holding it when the unit has none."""
    entry = input_entry(name, location=location, type_=type_, description=description)
    return declare_at(unit.path, unit.data, entry)


def is_forward(resource: Resource | None) -> bool:
    """A REST resource that proxies (`forward:`): it reads no declared input."""
    return resource is not None and isinstance(resource.data.get("forward"), dict)


def passed_as(unit: Unit, name: str) -> list[tuple[str, str]]:
    """(call, with key) of every place the unit passes its input `name` on: a with value
    `<ns>.name` or `{{name}}`, or the name itself merged into a call with no such key."""
    out = []
    reference = f"{unit.namespace}.{name}"
    for _, call, with_, _ in unit.call_sites():
        keys = [
            str(key)
            for key, value in with_.items()
            if isinstance(value, str)
            and (value == reference or value.strip() == "{{" + name + "}}")
        ]
        if name not in with_:
            keys.append(name)  # merged by name (OperationStepExecutor)
        out.extend((call, key) for key in keys)
    return out


def known_type(
    model: CapabilityModel, units: list[Unit], name: str, *, scalar: bool = False
) -> str | None:
    """The type something already declares for input `name` of these units: a ref
    function's input of that name, or the consumed input it is passed to (generated files
    type their consumed inputs, which the schema does not define but a reader meant)."""
    allowed = SCALAR_TYPES if scalar else EXPOSED_TYPES
    for unit in units:
        function = model.function_unit(unit.data.get("ref"))
        for param in function.inputs if function is not None else ():
            if param.name == name and _named(param.data.get("type"), allowed):
                return str(param.data["type"])
        for call, key in passed_as(unit, name):
            operation = model.resolve_call(call)[1]
            for param in operation.params if operation is not None else ():
                if param.name == key and _named(param.data.get("type"), allowed):
                    return str(param.data["type"])
    return None


def _named(value: object, names: frozenset[str] | set[str]) -> bool:
    """Is `value` one of `names`? (A malformed document may hold a list or map there.)"""
    return isinstance(value, str) and value in names


def rest_location(unit: Unit, consumed_in: object) -> str:
    """Where a new REST input (no path variable) is read: where the consumed input it feeds
    goes when that is the query or a header, else the query of a GET/DELETE/HEAD and the
    JSON body's field of that name otherwise (an exposed `in: cookie` is read from the body:
    Resolver has no cookie case)."""
    if isinstance(consumed_in, str) and consumed_in in REST_LOCATIONS:
        return consumed_in
    method = unit.data.get("method")
    return "query" if isinstance(method, str) and method.upper() in READS_QUERY else "body"


def declare_path_variable(model: CapabilityModel, resource: Resource, name: str) -> Edit:
    """Declare the REST path variable `name` on its resource (`in: path`), typed as the
    consumed input or ref function it feeds types it (a scalar), else a string."""
    units = [u for u in resource.operations if isinstance(u, Unit)]
    type_ = known_type(model, units, name, scalar=True) or "string"
    entry = input_entry(
        name,
        location="path",
        type_=type_,
        description=f"The {name!r} variable of the path {resource.template}.",
    )
    return declare_at(resource.path, resource.data, entry, indexed=True)


def consumed_param(model: CapabilityModel, call: str, key: str) -> Param | None:
    """The consumed input `key` of the operation `call` names."""
    operation = model.resolve_call(call)[1] if call else None
    return next((p for p in operation.params if p.name == key), None) if operation else None


def route_names(resource: Resource | None) -> set[str]:
    """The names the router gives the variables of a REST resource's path."""
    if resource is None:
        return set()
    return {route_variable(name) for name, *_ in path_variables(resource.template)}


def declaration(model: CapabilityModel, unit: Unit, name: str, key: str, call: str) -> Edit | None:
    """The edit declaring input `name` of `unit`, passed on as the with key `key` to
    `call`: typed and described as that consumed input says when it does (generated files
    carry `type`/`description` there), else a string "Passed to <call> as <key>.". A REST
    path variable is declared on its resource (path-param-undeclared's repair, the same
    edit); an MCP argument for an optional query or header input says `required: false`.
    None where declaring is no repair: an MCP resource receives its uri's variables, a
    forward resource reads no input, and a ref MCP tool declaring none advertises its
    function's inputs, which one declared input would hide (McpServerAdapter)."""
    if unit.kind == "mcp-resource" or is_forward(unit.resource):
        return None
    if unit.kind == "mcp-tool" and "ref" in unit.data and not unit.own_params():
        return None
    resource = unit.resource
    if unit.kind == "rest-operation" and resource is not None and name in route_names(resource):
        return path_declaration(model, resource, name)
    param = consumed_param(model, call, key)
    data = param.data if param is not None else {}
    type_ = str(data["type"]) if _named(data.get("type"), EXPOSED_TYPES) else "string"
    described = data.get("description")
    target = call or str(unit.data.get("ref") or "the call")
    description = (
        described.strip()
        if isinstance(described, str) and described.strip()
        else f"Passed to {target} as {key}."
    )
    if unit.kind == "rest-operation":
        location = rest_location(unit, param.location if param is not None else None)
        return declare_input(unit, name, location=location, type_=type_, description=description)
    entry = input_entry(name, location=None, type_=type_, description=description)
    required = data.get("required")
    if isinstance(required, bool):
        entry["required"] = required
    elif param is not None and param.location in ("query", "header"):
        entry["required"] = False  # McpToolInputParameter.required defaults to true
    return declare_at(unit.path, unit.data, entry)


def node_at(unit: Unit, path: Tokens) -> Any:
    """The node at absolute `path` inside the unit (None when there is none)."""
    if path[: len(unit.path)] != unit.path:
        return None
    node: Any = unit.data
    for token in path[len(unit.path) :]:
        inside = (isinstance(node, dict) and token in node) or (
            isinstance(node, list) and isinstance(token, int) and 0 <= token < len(node)
        )
        if not inside:
            return None
        node = node[token]
    return node


def with_entry(unit: Unit, call_path: Tokens, key: str, value: Any) -> Edit | None:
    """Set `key: value` in the `with` of the call site whose `call` is at `call_path`
    (creating the mapping when missing); None when its `with` is no mapping."""
    site = call_path[:-1]
    holder = node_at(unit, site)
    if not isinstance(holder, dict):
        return None
    where = jp.child(jp.join(site), "with")
    current = holder.get("with")
    if current is None:
        return Edit("set", where, {key: value})
    if isinstance(current, dict):
        return Edit("set", jp.child(where, key), value)
    return None


def path_declaration(model: CapabilityModel, resource: Resource, name: str) -> Edit | None:
    """declare_path_variable, unless the resource is a forward one (it reads no input) or
    a declared path input is a case or '-'/'_' slip of `name` (one of the two names is
    wrong: a second input would hide that)."""
    units = [u for u in resource.operations if isinstance(u, Unit)]
    declared = resource.path_params() | {
        p.name for u in units for p in u.inputs if p.location == "path"
    }
    if is_forward(resource) or not units or closest(name, declared - route_names(resource), 1.0):
        return None
    return declare_path_variable(model, resource, name)


def path_variable_fix(
    model: CapabilityModel, resource: Resource, name: str, written: str
) -> Fix | None:
    """path-param-undeclared's repair: declare the variable on its resource, as its message
    says (see path_declaration); none for a name the router rewrote (the path is what is
    wrong)."""
    edit = path_declaration(model, resource, name) if name == written else None
    if edit is None:
        return None
    return Fix(safe=False, edits=(edit,), title=f"declare {name!r} (in: path) on the resource")
