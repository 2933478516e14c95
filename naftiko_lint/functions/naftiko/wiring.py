"""`with` wiring: what a surface receives must reach the call it makes.

The engine's facts (io.naftiko.engine): `util/OperationStepExecutor.mergeWithParameters` and
`exposes/mcp/ToolHandler.resolveWithValue` take a string starting with the unit's own
namespace and a '.' as the name of an argument (nothing is set when it is absent) and render
anything else as a Mustache template (`util/Resolver.resolveMustacheTemplate`, missing
variables render as ""); `findClientRequestFor` fills the consumed path and inputs from the
merged parameters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from naftiko_lint.capability import (
    MUSTACHE,
    CapabilityModel,
    ConsumedOperation,
    Unit,
    iter_strings,
    mustache_names,
    path_variables,
)
from naftiko_lint.capability.placeholders import uri_variable_name
from naftiko_lint.capability.stage import Capability
from naftiko_lint.diagnostics import Fix, Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.naftiko.fixes_rewrite import with_reference_fix
from naftiko_lint.functions.naftiko.fixes_wiring import (
    declare_and_supply_fix,
    prefix_fix,
    retemplated,
    spelling_fix,
    supply_fix,
    undeclared_fix,
)
from naftiko_lint.suggest import closest, did_you_mean

WHOLE_DOCUMENT = {"type": "object"}
# `ns.name`, and the three-segment slips `ns.path.name` / `rest.query.name`.
REFERENCE = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)$")
SCREAMING = re.compile(r"^[A-Z][A-Z0-9_]*$")
# Prefixes generators invent instead of the adapter namespace.
INVENTED_PREFIXES = frozenset(
    {
        "rest",
        "tools",
        "tool",
        "mcp",
        "input",
        "inputs",
        "param",
        "params",
        "args",
        "arguments",
        "request",
        "req",
        "body",
        "query",
        "path",
        "header",
        "headers",
        "exposes",
        "skill",
        "api",
    }
)
UNIT_NAMES = {
    "rest-operation": "REST operation",
    "mcp-tool": "MCP tool",
    "mcp-resource": "MCP resource",
    "aggregate-function": "aggregate function",
}


def _namespaces(model: CapabilityModel) -> set[str]:
    names = set(model.consumes) | set(model.aggregates)
    return names | {a.namespace for a in model.adapters if a.namespace}


def with_values(unit: Unit) -> Iterator[tuple[tuple, str, Any, str, dict]]:
    """(path of the with entry, key, value, call, with mapping) for every call site, and for
    the `with` of a ref or mock unit (merged before the dispatch; its call is "")."""
    sites = list(unit.call_sites())
    own = unit.data.get("with")
    if isinstance(own, dict) and not isinstance(unit.data.get("call"), str):
        sites.append(((*unit.path, "with"), "", own, (*unit.path, "with")))
    for _, call, with_, with_path in sites:
        for key, value in with_.items():
            yield (*with_path, key), str(key), value, call, with_


def unit_inputs(model: CapabilityModel, unit: Unit) -> set[str]:
    """The argument names a unit receives: its inputs, and for a ref MCP tool its function's
    (McpServerAdapter advertises them when the tool declares none, and ToolHandler passes
    every argument on). A ref REST operation receives only its REST-side inputs:
    OperationStepExecutor.resolveInputParametersFromRequest reads no function's."""
    if unit.kind != "mcp-tool":
        return unit.input_names
    function = model.function_unit(unit.data.get("ref"))
    return unit.input_names | (function.input_names if function is not None else set())


def declare_fix(unit: Unit, name: str, location: str | None = None) -> str:
    """How to give a unit the input `name`: an MCP resource's inputs are its uri's {vars}."""
    if unit.kind == "mcp-resource":
        uri = unit.data.get("uri") if isinstance(unit.data.get("uri"), str) else ""
        fixed = uri_variable_name(name)
        if fixed != name:
            return (
                f"a uri variable is letters, digits and '_' only: write '{{{fixed}}}' in "
                f"its uri and reference {fixed!r}"
            )
        if "{{" + name + "}}" in uri:
            return f"write '{{{name}}}' instead of '{{{{{name}}}}}' in its uri"
        return f"add '{{{name}}}' to its uri"
    where = f" (in: {location})" if location else ""
    return f"declare {name!r}{where} in its inputParameters"


def _candidates(names: Iterable[str]) -> set[str]:
    """Spellings a "did you mean" may propose: never an invented prefix."""
    return {n for n in names if n not in INVENTED_PREFIXES}


@model_rule("with-namespace-mismatch")
def with_namespace_mismatch(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    namespaces = _namespaces(model)
    for unit in model.units():
        own = unit.namespace
        if not own:
            continue
        inputs = unit_inputs(model, unit)
        owner = "aggregate" if unit.kind == "aggregate-function" else "adapter"
        for path, key, value, call, _ in with_values(unit):
            match = REFERENCE.match(value) if isinstance(value, str) else None
            if match is None or match.group(1) == own:
                continue
            prefix, rest = match.groups()
            name = rest.rsplit(".", 1)[-1]
            _, operation = model.resolve_call(call)
            known = inputs | (operation.parameter_names() if operation else set())
            if prefix in INVENTED_PREFIXES or prefix in namespaces or name in known or name == key:
                spelled, missing = own_spelling(unit, name, inputs)
                fix = f"use '{own}.{spelled}'{missing}"
                yield FunctionResult(
                    f"{value!r} is passed upstream as the literal string {value!r}: a with "
                    f"reference starts with this {owner}'s namespace; {fix}",
                    path,
                    (0, len(value) - len(name) - 1),
                    fix=with_reference_fix(
                        model, unit, path, key, value, call, spelled, declared=not missing
                    ),
                )


@model_rule("with-input-undeclared")
def with_input_undeclared(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    bind_namespaces = model.bind_namespaces
    for unit in model.units():
        own = unit.namespace
        inputs = unit_inputs(model, unit)
        steps = unit.step_names()
        what = UNIT_NAMES[unit.kind]
        for path, key, value, call, _ in with_values(unit):
            if not isinstance(value, str):
                continue
            match = REFERENCE.match(value)
            if own and match and match.group(1) == own:
                rest = match.group(2)
                name = rest.rsplit(".", 1)[-1]
                if "." in rest:
                    fix = "" if name in inputs else f" and {declare_fix(unit, name)}"
                    # the argument still arrives under its own name when the key is that name
                    arrives = key == name and name in inputs
                    yield FunctionResult(
                        f"{value!r} looks up an argument named {rest!r}, which no input can "
                        f"be (input names have no '.'), so the engine drops this with entry; "
                        f"write '{own}.{name}'{fix}",
                        path,
                        (len(own) + 1, len(value)),
                        severity=Severity.WARNING if arrives else None,
                        fix=undeclared_fix(
                            model,
                            unit,
                            path,
                            key,
                            call,
                            old=value,
                            new=f"{own}.{name}",
                            declare=None if name in inputs else name,
                            safe=True,
                        ),
                    )
                elif name not in inputs:
                    siblings = rest_path_variables(unit)
                    others = inputs - siblings if name in siblings else inputs
                    spelled, missing = own_spelling(unit, name, inputs)
                    proposal = did_you_mean(name, _candidates(others))
                    advice = (  # a slip of a path variable: only its spelling receives it
                        f"use '{own}.{spelled}'{missing}"
                        if spelled != name and missing
                        else f"{declare_fix(unit, name)}{proposal}"
                    )
                    yield FunctionResult(
                        f"{value!r} names no input of this {what}: {advice}",
                        path,
                        (len(own) + 1, len(value)),
                        fix=spelling_fix(
                            model,
                            unit,
                            path,
                            key,
                            call,
                            old=value,
                            wanted=name,
                            spelled=spelled,
                            new=f"{own}.{spelled}",
                            missing=bool(missing),
                            proposed=bool(proposal),
                        ),
                    )
            for variable in mustache_names(value):
                head, dot, rest = variable.partition(".")
                if (
                    head in inputs
                    or head in steps
                    or head in model.bind_keys
                    or head in bind_namespaces
                    or SCREAMING.match(head)
                ):
                    continue
                start = value.find("{{")
                span = (start, value.find("}}", start) + 2)
                if dot and (head == own or head in INVENTED_PREFIXES):
                    # a template looks `head` up as a parameter: nothing of that name exists
                    first = rest.split(".")[0]
                    known = first in inputs | steps
                    proposal = "" if known else did_you_mean(first, _candidates(inputs | steps))
                    fix = "" if known else f" and {declare_fix(unit, first)}{proposal}"
                    yield FunctionResult(
                        f"'{{{{{variable}}}}}' renders empty: a template names an argument by "
                        f"its bare name, and there is no {head!r} parameter; write "
                        f"'{{{{{rest}}}}}'{fix}",
                        path,
                        span,
                        fix=prefix_fix(
                            model, unit, path, key, call, value, variable, known, bool(proposal)
                        ),
                    )
                    continue
                proposal = did_you_mean(head, _candidates(inputs | steps))
                spelled, missing = own_spelling(unit, head, inputs)
                yield FunctionResult(
                    f"'{{{{{variable}}}}}' names no input of this {what}: "
                    f"{declare_fix(unit, head)}{proposal}",
                    path,
                    span,
                    fix=None
                    if dot
                    else spelling_fix(
                        model,
                        unit,
                        path,
                        key,
                        call,
                        old=value,
                        wanted=head,
                        spelled=spelled,
                        new=retemplated(value, head, spelled),
                        missing=bool(missing),
                        proposed=bool(proposal),
                    ),
                )


@model_rule("with-key-unknown")
def with_key_unknown(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for unit in model.units():
        for _, call, with_, with_path in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is None:
                continue
            known = operation.parameter_names()
            plain = {name for name in known if "." not in name}  # with keys have no '.'
            for key in with_:
                if str(key) not in known:
                    yield FunctionResult(
                        f"with key {key!r} is no parameter of {call!r}"
                        f"{did_you_mean(str(key), plain)}; the engine ignores it",
                        (*with_path, key),
                        key=True,
                    )


def is_bound(model: CapabilityModel, name: str) -> bool:
    """`{{NAME}}` is a bind variable (judged by the bind rules), not a call parameter."""
    return (
        name in model.bind_keys
        or name in model.bind_namespaces
        or SCREAMING.match(name) is not None
    )


def supplied(
    model: CapabilityModel, unit: Unit, with_: dict, operation: ConsumedOperation
) -> set[str]:
    """Parameter names present when a call site renders its operation's templates: the with
    keys, the unit's own with keys (OperationStepExecutor.executeCallStep starts each step from
    them), the unit's arguments (merged by name), earlier steps' outputs, the consumed inputs
    that carry a value (`Resolver.resolveInputParametersToRequest` puts them in the map),
    and for an aggregate function what its ref callers pass."""
    names = {str(k) for k in with_} | unit_inputs(model, unit) | unit.step_names()
    if isinstance(unit.data.get("with"), dict):  # merged before the steps run, feeds each one
        names |= {str(k) for k in unit.data["with"]}
    names |= {p.name for p in operation.params if p.has_value and operation.level(p) != "resource"}
    return names | ref_caller_names(model, unit)


def ref_caller_names(model: CapabilityModel, unit: Unit) -> set[str]:
    """What the `ref` callers of an aggregate function pass it: their arguments and `with`
    keys, merged before dispatch (ToolHandler.executeViaAggregate, ResourceRestlet)."""
    if unit.kind != "aggregate-function":
        return set()
    by_ref = model.memo.get("ref-caller-names")
    if by_ref is None:  # every ref once, not every unit for every function
        by_ref = model.memo["ref-caller-names"] = {}
        for caller in model.units():
            ref = caller.data.get("ref")
            if isinstance(ref, str):
                names = by_ref.setdefault(ref, set())
                names |= caller.input_names
                if isinstance(caller.data.get("with"), dict):
                    names |= {str(k) for k in caller.data["with"]}
    return set(by_ref.get(f"{unit.owner}.{unit.data.get('name')}", ()))


def rest_path_variables(unit: Unit) -> set[str]:
    """The path variables of a REST operation's resource."""
    if unit.adapter is None or unit.resource is None:
        return set()
    return {name for name, *_ in path_variables(unit.resource.template)}


def own_spelling(unit: Unit, name: str, inputs: set[str]) -> tuple[str, str]:
    """The unit's own spelling of `name` (an input or REST path variable differing only in
    case or '-'/'_', so a fix adds no slip), and ' and declare …' when it is no input yet."""
    path_vars = rest_path_variables(unit)
    spelled = name if name in inputs | path_vars else closest(name, inputs | path_vars, 1.0) or name
    if spelled in inputs:
        return spelled, ""
    return spelled, " and " + declare_fix(unit, spelled, "path" if spelled in path_vars else None)


def _source_fix(unit: Unit, name: str, inputs: set[str]) -> str:
    """'add with: {…}' for a missing parameter, in the unit's own spelling of it."""
    source, missing = own_spelling(unit, name, inputs)
    own = unit.namespace
    reference = f"{own}.{source}" if own else f"{{{{{source}}}}}"
    return f"add 'with: {{{name}: {reference}}}'{missing}"


def _supply(
    model: CapabilityModel, unit: Unit, call: str, call_path: tuple, name: str, inputs: set[str]
) -> Fix | None:
    """_source_fix's with entry as a fix, in the unit's own spelling of the input; when the
    unit has no such input yet, together with its declaration, as the message says (none
    where declaring is no repair: see fixes_declare.declaration)."""
    source, missing = own_spelling(unit, name, inputs)
    if not missing:
        return supply_fix(unit, call_path, name, source)
    return declare_and_supply_fix(model, unit, call, call_path, name, source)


@model_rule("consumed-input-unsupplied")
def consumed_input_unsupplied(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for unit in model.units():
        inputs = unit_inputs(model, unit)
        for call_path, call, with_, _ in unit.call_sites():
            _, operation = model.resolve_call(call)
            if operation is None:
                continue
            have = supplied(model, unit, with_, operation)
            yield from _path_unsupplied(model, unit, call, call_path, operation, have, inputs)
            yield from _inputs_unsupplied(model, unit, call, call_path, operation, have, inputs)
            yield from _body_unsupplied(model, unit, call, call_path, operation, have, inputs)


def _path_unsupplied(
    model: CapabilityModel,
    unit: Unit,
    call: str,
    call_path: tuple,
    operation: ConsumedOperation,
    have: set[str],
    inputs: set[str],
) -> Iterator[FunctionResult]:
    """A path placeholder nothing fills renders as an empty segment (`/ships/`); when the
    call site passes no parameter at all, the engine leaves the template as written and fails
    the call (`OperationStepExecutor.findClientRequestFor` renders the URI before it adds the
    consumed inputs' values, and `Resolver.resolveMustacheTemplate` skips an empty map)."""
    variables = {name for name, *_ in path_variables(operation.resource_path)}
    own_values = {p.name for p in operation.params if p.has_value}
    if have - own_values:
        effect = "so it renders as an empty segment"
    else:
        effect = (
            "so the call fails ('Unresolved template parameters in URI': with no "
            "parameter at all the engine leaves the template unrendered)"
        )
    single = {name for name, _, _, brace in path_variables(operation.resource_path) if brace}
    for name in dict.fromkeys(name for name, *_ in path_variables(operation.resource_path)):
        if name in have:
            continue
        # `{x}` is no template: it is sent as written whatever is supplied
        why = (
            (f"and '{{{name}}}' goes upstream as written (only '{{{{{name}}}}}' is substituted)")
            if name in single
            else effect
        )
        yield FunctionResult(
            f"call {call!r} never supplies {name!r} (path parameter of "
            f"{operation.resource_path}), {why}: "
            f"{_source_fix(unit, name, inputs)}{did_you_mean(name, have - variables)}",
            call_path,
            fix=_supply(model, unit, call, call_path, name, inputs),
        )


def _inputs_unsupplied(
    model: CapabilityModel,
    unit: Unit,
    call: str,
    call_path: tuple,
    operation: ConsumedOperation,
    have: set[str],
    inputs: set[str],
) -> Iterator[FunctionResult]:
    """Query and header inputs: unset ones are omitted (said only when marked required);
    a `{{x}}` value nothing fills is sent empty (`x=`)."""
    for param in operation.params:
        level = operation.level(param)
        if level == "resource" or param.location not in ("query", "header"):
            continue  # consumed-resource-input-ignored / the body and cookie rules
        if isinstance(param.value, str):
            if level == "consumes" and param.location == "header" and "{{" in param.value:
                continue  # consumed-header-unrendered: sent raw whatever is supplied
            for variable in dict.fromkeys(mustache_names(param.value)):
                head = variable.split(".")[0]
                if head in have or is_bound(model, head):
                    continue
                yield FunctionResult(
                    f"call {call!r} never supplies {head!r}, so {param.location} "
                    f"{param.name!r} ({param.value!r}) is sent empty: "
                    f"{_source_fix(unit, head, inputs)}",
                    call_path,
                    severity=Severity.WARNING,
                    fix=_supply(model, unit, call, call_path, head, inputs),
                )
        elif param.data.get("required") is True and param.name not in have:
            yield FunctionResult(
                f"call {call!r} never supplies {param.name!r} ({param.location} parameter "
                f"marked required), so it is not sent: {_source_fix(unit, param.name, inputs)}",
                call_path,
                severity=Severity.WARNING,
                fix=_supply(model, unit, call, call_path, param.name, inputs),
            )


def _quoted(text: str, start: int, end: int) -> bool:
    return text[start - 1 : start] == '"' and text[end : end + 1] == '"'


def _body_unsupplied(
    model: CapabilityModel,
    unit: Unit,
    call: str,
    call_path: tuple,
    operation: ConsumedOperation,
    have: set[str],
    inputs: set[str],
) -> Iterator[FunctionResult]:
    """A `{{x}}` of the body nothing supplies renders as ""; unquoted in a string body it
    leaves invalid JSON. A prefix such as `{{tools.x}}` is looked up as a parameter `tools`."""
    body = operation.data.get("body")
    texts = (
        [body]
        if isinstance(body, str)
        else [t for _, t in iter_strings(body.get("data") if isinstance(body, dict) else None)]
    )
    seen: set[str] = set()
    for text in texts:
        for match in MUSTACHE.finditer(text):
            variable = match.group(1)
            head, dot, rest = variable.partition(".")
            if head in have or is_bound(model, head) or variable in seen:
                continue
            seen.add(variable)
            raw = isinstance(body, str) and not _quoted(text, match.start(), match.end())
            fix = None
            if dot and head in INVENTED_PREFIXES:
                first = rest.split(".")[0]
                why = (
                    f"there is no {head!r} parameter (with keys and arguments are "
                    f"referenced by their bare name); write '{{{{{rest}}}}}'"
                )
                if first not in have:
                    why += ", " + _source_fix(unit, first, inputs)
            else:
                why = _source_fix(unit, head, inputs)
                fix = _supply(model, unit, call, call_path, head, inputs)
            yield FunctionResult(
                f"'{{{{{variable}}}}}' in the body of {call!r} renders empty"
                f"{', leaving invalid JSON' if raw else ''}: {why}",
                call_path,
                severity=None if raw else Severity.WARNING,
                fix=fix,
            )
