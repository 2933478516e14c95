"""What the declared wiring of a unit means the upstream should receive.

For a unit (REST operation, MCP tool or resource, through `ref` its aggregate function) and
the arguments it was called with, `expected_call` works out each consumed request the
author *meant*: the consumed operation of every `call` (and call step), its method, its
path with each placeholder's value, the query and header inputs and what its body should
carry. The engine's merge is followed where it is what the author meant
(util/OperationStepExecutor.mergeWithParameters: arguments by name, then `with`), and read
generously where the engine drops a reference: a `with` value written `rest.x`, `tools.x`,
`mcp.x` or `<ns>.path.x` goes upstream as a literal (or sets nothing), yet its last
segment names the input the author meant, so that is the value expected and the literal is
what conformance looks for on the wire. `compare` (received.py) then holds the requests
the mock upstream recorded against it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation, Unit, iter_strings
from naftiko_lint.capability.placeholders import mustache_names, path_variables
from naftiko_lint.conformance.samples import java_text
from naftiko_lint.pointer import Tokens


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


UNKNOWN = _Marker("UNKNOWN")  # supplied, value not known here (a step's output)
MISSING = _Marker("MISSING")  # meant, but no argument carries it
REFERENCE_PREFIXES = frozenset({"rest", "tools", "mcp", "tool", "path", "query", "header", "body"})
_REFERENCE = re.compile(r"[A-Za-z_][\w-]*(?:\.[\w-]+)+")
_BODY_METHODS = ("POST", "PUT", "PATCH")


@dataclass(frozen=True)
class Meant:
    """What one consumed parameter should carry: the argument's `value` (or UNKNOWN /
    MISSING), where its wiring is (`pointer`: the `with` entry, else the input), and the
    reference text when it is wired as a literal (`literal`)."""

    name: str
    value: Any
    pointer: Tokens
    literal: str | None = None
    wired: bool = False  # by a `with` entry (else by name, or by the consumed input itself)

    @property
    def text(self) -> str | None:
        """The value as the engine writes it into a URL or header, when known."""
        if self.value is UNKNOWN or self.value is MISSING:
            return None
        return java_text(self.value)


@dataclass(frozen=True)
class ExpectedCall:
    call: str
    call_pointer: Tokens
    namespace: str
    operation: str
    method: str
    operation_pointer: Tokens
    path_pointer: Tokens  # the consumed resource's `path`
    base_path: str | None  # the baseUri's path ("" for none; None: not known, an import)
    resource_path: str
    # (placeholder name, what fills it, single-brace) in path order
    placeholders: tuple[tuple[str, Meant, bool], ...]
    query: tuple[Meant, ...]
    headers: tuple[Meant, ...]
    body: tuple[Meant, ...] | None  # None: no body meant
    body_pointer: Tokens
    literals: tuple[Meant, ...]
    prefix: str | None = None  # the unit's own namespace: what its references start with

    @property
    def template(self) -> str:
        return (self.base_path or "") + self.resource_path.partition("?")[0]


@dataclass(frozen=True)
class Expectation:
    unit_pointer: Tokens
    calls: tuple[ExpectedCall, ...]


def normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def lookup(arguments: dict[str, Any], name: str) -> tuple[str, Any] | None:
    """The argument `name` means: of that name, else the one spelt alike ignoring case and
    `-`/`_` (a REST path variable `session-id` meant by `rest.session_id`)."""
    if name in arguments:
        return name, arguments[name]
    alike = [key for key in arguments if normal(key) == normal(name)]
    return (alike[0], arguments[alike[0]]) if len(alike) == 1 else None


def base_path(model: CapabilityModel, namespace: str) -> str | None:
    """The path of a consumed namespace's baseUri (no trailing '/'); None for an import
    whose shared file was not read."""
    entry = model.consumes.get(namespace)
    if entry is None or (entry.imported and entry.shared is None):
        return None
    uri = str(entry.engine_data.get("baseUri"))
    match = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)", uri)
    return match.group(1).rstrip("/") if match else ""


def _render(template: str, params: dict[str, Meant]) -> Any:
    """A Mustache `with` value's meaning: the argument itself for a lone `{{x}}`, the text
    when every tag is known, else UNKNOWN."""
    names = mustache_names(template)
    lone = re.fullmatch(r"\{\{\s*([^{}\s]+)\s*\}\}", template)
    if lone:
        found = params.get(lone.group(1)) or params.get(lone.group(1).partition(".")[0])
        if found is None:
            return MISSING
        return found.value if "." not in lone.group(1) else UNKNOWN
    texts = {}
    for name in names:
        found = params.get(name)
        text = found.text if found is not None else None
        if text is None:
            return UNKNOWN
        texts[name] = text
    return re.sub(r"\{\{\s*([^{}\s]+)\s*\}\}", lambda m: texts[m.group(1)], template)


def _merge(
    params: dict[str, Meant],
    with_: dict,
    with_pointer: Tokens,
    namespace: str | None,
    arguments: dict[str, Any],
    prefixes: frozenset[str],
) -> None:
    """Apply `with` over `params` as the author meant it (see the module docstring)."""
    for key, raw in with_.items():
        pointer = (*with_pointer, key)
        if not isinstance(raw, str):
            params[key] = Meant(key, raw, pointer, wired=True)
            continue
        if namespace and raw.startswith(namespace + "."):
            name = raw[len(namespace) + 1 :]
            source = params.get(name)
            if source is not None:
                params[key] = Meant(key, source.value, pointer, wired=True)
                continue
            found = lookup(arguments, name.rsplit(".", 1)[-1])
            params[key] = Meant(key, found[1] if found else MISSING, pointer, wired=True)
        elif "{{" in raw:
            params[key] = Meant(key, _render(raw, params), pointer, wired=True)
        elif _REFERENCE.fullmatch(raw) and (
            raw.split(".")[0] in prefixes or lookup(arguments, raw.rsplit(".", 1)[-1]) is not None
        ):
            found = lookup(arguments, raw.rsplit(".", 1)[-1])
            value = found[1] if found else MISSING
            params[key] = Meant(key, value, pointer, literal=raw, wired=True)
        else:
            params[key] = Meant(key, raw, pointer, wired=True)  # a static value


def _inputs(
    operation: ConsumedOperation, params: dict[str, Meant], where: str, at: Tokens | None
) -> tuple[Meant, ...]:
    """The consumed `where` (query|header) inputs that should go out, with their values:
    op- and consumes-level only (util/Resolver.resolveInputParametersToRequest is given
    no resource-level inputs); a value template of an unknown variable is not checked.

    A consumes-level header with a `value` is set again, unrendered, after every input
    (HttpClientAdapter.setHeaders, Restlet's `Series.set`): it replaces an operation-level
    header of the same name, so only it is expected. `at` replaces the inputs' pointers for
    an imported namespace (they point into the shared file): the `call` is the node here."""
    reset = {
        p.name
        for p in operation.params
        if where == "header" == p.location
        and p.value is not None
        and operation.level(p) == "consumes"
    }
    out = []
    for param in operation.params:
        level = operation.level(param)
        if param.location != where or level == "resource":
            continue
        if param.name in reset and level != "consumes":
            continue  # superseded by the consumes-level value
        pointer = param.path if at is None else at
        if param.value is not None:
            templated = "{{" in str(param.value)
            if where == "header" and templated and level == "consumes":
                continue  # HttpClientAdapter.setHeaders resets it unrendered: a rule reports it
            value = _render(str(param.value), params) if templated else param.value
            if value is not UNKNOWN and value is not MISSING:
                out.append(Meant(param.name, value, pointer))
        elif param.name in params:
            meant = params[param.name]
            out.append(meant if meant.wired else Meant(param.name, meant.value, pointer))
    return tuple(out)


def _body(
    operation: ConsumedOperation, params: dict[str, Meant], op_pointer: Tokens
) -> tuple[tuple[Meant, ...] | None, Tokens]:
    """What the body should carry, and where to point when it does not."""
    body = operation.data.get("body")
    if body is not None:
        names = {n for _, text in iter_strings(body) for n in mustache_names(text)}
        meant = tuple(params[n] for n in sorted(names) if n in params)
        return meant, (*op_pointer, "body")
    targets = [p.name for p in operation.params if p.location == "body"]
    meant = tuple(params[n] for n in targets if n in params and params[n].wired)
    if not targets or operation.method.upper() not in _BODY_METHODS:
        return None, op_pointer
    pointer = meant[0].pointer if meant else op_pointer
    return meant, pointer


def _call(
    model: CapabilityModel,
    site: tuple[Tokens, str, dict, Tokens],
    params: dict[str, Meant],
    namespace: str | None,
    arguments: dict[str, Any],
    prefixes: frozenset[str],
) -> ExpectedCall | None:
    call_pointer, call, with_, with_pointer = site
    entry, operation = model.resolve_call(call)
    if entry is None or operation is None:
        return None  # call-unresolved: the rules report it; nothing to expect
    mine = dict(params)
    _merge(mine, with_, with_pointer, namespace, arguments, prefixes)
    local = not entry.imported
    op_pointer = operation.path if local else call_pointer
    path_pointer = (*operation.resource_pointer, "path") if local else call_pointer
    placeholders = []
    for name, _, _, single in path_variables(operation.resource_path):
        meant = mine.get(name)
        if meant is None and single:
            found = lookup({k: v.value for k, v in mine.items()}, name)
            meant = mine[found[0]] if found else None
        if meant is None:
            meant = Meant(name, MISSING, path_pointer)
        placeholders.append((name, meant, single))
    body, body_pointer = _body(operation, mine, op_pointer)
    return ExpectedCall(
        call=call,
        call_pointer=call_pointer,
        namespace=entry.namespace,
        operation=operation.name,
        method=operation.method.upper(),
        operation_pointer=op_pointer,
        path_pointer=path_pointer,
        base_path=base_path(model, entry.namespace),
        resource_path=operation.resource_path,
        placeholders=tuple(placeholders),
        query=_inputs(operation, mine, "query", None if local else call_pointer),
        headers=_inputs(operation, mine, "header", None if local else call_pointer),
        body=body,
        body_pointer=body_pointer,
        literals=tuple(m for m in mine.values() if m.literal is not None),
        prefix=namespace,
    )


def _prefixes(model: CapabilityModel) -> frozenset[str]:
    """First segments that mark a literal as a reference: the usual wrong prefixes and
    every namespace of the capability (an adapter's reference used from another)."""
    names = {a.namespace for a in model.adapters if a.namespace} | set(model.aggregates)
    return REFERENCE_PREFIXES | frozenset(names) | frozenset(model.consumes)


def expected_call(
    model: CapabilityModel, unit: Unit, arguments: dict[str, Any]
) -> Expectation | None:
    """The upstream requests `unit` called with `arguments` should make; None when it
    makes none (a mock, or a `ref` to a mock function, or nothing resolves)."""
    target = unit
    if isinstance(unit.data.get("ref"), str) and not unit.call_sites():
        target = model.function_unit(unit.data["ref"]) or unit
    params: dict[str, Meant] = {}
    for param in unit.inputs:
        if param.name in arguments and param.name not in params:
            params[param.name] = Meant(param.name, arguments[param.name], param.path)
    for name, value in arguments.items():  # e.g. a REST path variable declared nowhere
        params.setdefault(name, Meant(name, value, unit.path))
    for name in target.step_names():  # steps' outputs: supplied, values not known here
        params.setdefault(name, Meant(name, UNKNOWN, target.path))
    prefixes = _prefixes(model)
    if target is not unit and isinstance(unit.data.get("with"), dict):
        # a ref unit's own `with` is merged before the function runs (ToolHandler, and
        # ResourceRestlet.handleFromOperationSpec before executeViaAggregate)
        _merge(params, unit.data["with"], (*unit.path, "with"), unit.namespace, arguments, prefixes)
    calls = [
        found
        for site in target.call_sites()
        if (found := _call(model, site, params, target.namespace, arguments, prefixes))
    ]
    return Expectation(unit.path, tuple(calls)) if calls else None


from naftiko_lint.conformance.received import compare  # noqa: E402  (it reads the types above)

__all__ = ["Expectation", "ExpectedCall", "Meant", "compare", "expected_call"]
