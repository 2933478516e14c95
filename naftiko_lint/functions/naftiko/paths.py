"""Paths: both sides of every template, base paths and routes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from naftiko_lint.capability import (
    MUSTACHE,
    SINGLE_BRACE,
    CapabilityModel,
    ConsumesEntry,
    Resource,
    Unit,
    iter_strings,
    mustache_names,
    path_variables,
)
from naftiko_lint.capability.placeholders import uri_variable_name, uri_variables
from naftiko_lint.capability.stage import Capability
from naftiko_lint.diagnostics import Severity
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.naftiko.fixes_declare import path_variable_fix
from naftiko_lint.functions.naftiko.fixes_rewrite import single_brace_fix
from naftiko_lint.functions.naftiko.routes import route_variable
from naftiko_lint.suggest import did_you_mean

WHOLE_DOCUMENT = {"type": "object"}


def _consumed_resources(model: CapabilityModel) -> Iterator[tuple[ConsumesEntry, Resource]]:
    for entry in model.consumes.values():
        if not entry.imported:  # a shared file's resources are checked with that file
            for resource in entry.resources:
                yield entry, resource


def _rest_resources(model: CapabilityModel) -> Iterator[Resource]:
    for adapter in model.adapters:
        if adapter.type == "rest":
            yield from adapter.resources


@model_rule("consumed-path-single-brace")
def consumed_path_single_brace(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for _, resource in _consumed_resources(capability.model):
        path = resource.template
        for name, start, end, single in path_variables(path):
            if single:
                yield FunctionResult(
                    f"'{{{name}}}' in consumed path {path!r} is never filled (the engine "
                    f"substitutes only '{{{{{name}}}}}'); the request would carry a literal "
                    f"'{{{name}}}'; write '{{{{{name}}}}}'",
                    (*resource.path, "path"),
                    (start, end),
                    fix=single_brace_fix(resource.path, path, name),
                )


@model_rule("baseuri-placeholder")
def baseuri_placeholder(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for entry in model.consumes.values():
        uri = entry.data.get("baseUri")
        if entry.imported or not isinstance(uri, str):
            continue
        where = (*entry.path, "baseUri")
        for match in SINGLE_BRACE.finditer(uri):
            yield FunctionResult(
                f"baseUri placeholder {match.group(0)!r} is never filled: "
                "nothing substitutes variables in a baseUri's host or path; "
                "write the real value, or a bound {{VARIABLE}}",
                where,
                match.span(),
            )
        for match in MUSTACHE.finditer(uri):
            name = match.group(1)
            if name.partition(".")[2] in model.bind_keys:
                continue  # {{env.KEY}}: bind-qualified-reference reports it at this span
            if name not in model.bind_keys:
                yield FunctionResult(
                    f"baseUri variable {match.group(0)!r} is bound by no "
                    f"binds[].keys{did_you_mean(name, model.bind_keys)}; "
                    "declare it in binds",
                    where,
                    match.span(),
                )


def _declares(unit: Unit, name: str) -> bool:
    """A REST operation receives `name` as a path input: its adapter's, resource's or own.
    Never its `ref` function's: util/OperationStepExecutor.resolveInputParametersFromRequest
    reads only the REST side's inputParameters, aggregates/AggregateRefResolver lends a ref
    operation its name and description only (every release with aggregates: the copy of the
    function's inputs was dropped before 1.0.0-alpha2), and
    ResourceRestlet.executeViaAggregate hands the function that map as it is."""
    return any(p.name == name and p.location == "path" for p in unit.inputs)


def _referenced_names(units: list[Unit]) -> set[str]:
    """Input names the operations' with mappings refer to (`ns.name`): likely spellings."""
    names = set()
    for unit in units:
        for _, _, with_, _ in unit.call_sites():
            names |= {
                v.rsplit(".", 1)[1] for v in with_.values() if isinstance(v, str) and "." in v
            }
    return names


@model_rule("path-param-undeclared")
def path_param_undeclared(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    for resource in _rest_resources(model):
        path, units = resource.template, resource.operations
        forward = isinstance(resource.data.get("forward"), dict)
        siblings = {route_variable(name) for name, *_ in path_variables(path)}
        for written, start, end, _ in path_variables(path):
            name = route_variable(written)
            if forward and (name == "path" or not units):
                continue  # forwarded as {path}, or reported by forward-variable-unused
            if name in resource.path_params() or (
                units and all(_declares(unit, name) for unit in units)
            ):
                continue
            declared = resource.path_params() | {
                p.name for u in units for p in u.inputs if p.location == "path"
            }
            declared = (declared | _referenced_names(units)) - siblings
            yield FunctionResult(
                f"path variable {name!r} of {path!r} has no 'in: path' input, so its value "
                f"never arrives{_why_not(model, units, name, written)}; declare it in the "
                f"resource's inputParameters{did_you_mean(name, declared)}",
                (*resource.path, "path"),
                (start, end),
                severity=Severity.WARNING if _unread(model, units, name) else None,
                fix=path_variable_fix(model, resource, name, written),
            )


def _unread(model: CapabilityModel, units: list[Unit], name: str) -> bool:
    """Every operation missing the input is a `ref` whose function never reads `name`:
    the request still works, so a warning (aggregate-basic.yaml of the engine's tests has
    such a POST, which only checks the name and description it inherits)."""
    missing = [u for u in units if not _declares(u, name)]
    functions = [model.function_unit(u.data.get("ref")) for u in missing]
    return bool(missing) and all(f is not None and not _reads(model, f, name) for f in functions)


def _reads(model: CapabilityModel, function: Unit, name: str) -> bool:
    """An aggregate function uses its parameter `name`: a with value or output template
    names it ('{{name}}', 'namespace.name'), or an operation it calls takes it by name
    (OperationStepExecutor fills the consumed templates from the merged parameters)."""
    texts = [text for _, text in iter_strings(function.data.get("with"))]
    texts += [text for _, text in iter_strings(function.data.get("outputParameters"))]
    for _, call, with_, _ in function.call_sites():
        texts += [text for _, text in iter_strings(with_)]
        operation = model.resolve_call(call)[1]
        if operation is None or (name in operation.parameter_names() and name not in with_):
            return True  # an unknown operation: assume it does
    reference = f"{function.owner}.{name}"
    return any(
        text.strip() == reference or any(n.partition(".")[0] == name for n in mustache_names(text))
        for text in texts
    )


def _why_not(model: CapabilityModel, units: list[Unit], name: str, written: str) -> str:
    """What a reader may have expected to supply the value, and why it does not."""
    if name != written:
        return f" (the router names '{written}' {name!r}: it keeps only letters, digits, '-._~')"
    refs = [u for u in units if not _declares(u, name)]
    function = model.function_unit(refs[0].data.get("ref")) if refs else None
    if function is not None and name in function.input_names:
        return (
            f" (the function {refs[0].data['ref']!r} declares {name!r}, but a ref operation "
            "receives only the REST side's inputs)"
        )
    return ""


def _forward_resources(model: CapabilityModel) -> Iterator[tuple[Resource, str]]:
    for resource in _rest_resources(model):
        forward = resource.data.get("forward")
        if isinstance(forward, dict) and isinstance(resource.template, str):
            yield resource, str(forward.get("targetNamespace", ""))


@model_rule("forward-variable-unused")
def forward_variable_unused(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """exposes/rest/ResourceRestlet.handleFromForwardSpec forwards baseUri + '/' + {path}
    and reads no other route variable."""
    for resource, target in _forward_resources(capability.model):
        if resource.operations:
            continue  # the operations may use the other variables
        path = resource.template
        for name, start, end, _ in path_variables(path):
            if route_variable(name) == "path":
                continue
            yield FunctionResult(
                f"path variable {name!r} of forward route {path!r} is matched but never "
                f"forwarded: the engine sends only the {{path}} part to {target!r}; drop "
                f"{path[start:end]!r} or make it part of {{path}}",
                (*resource.path, "path"),
                (start, end),
            )


@model_rule("forward-path-missing")
def forward_path_missing(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """RestServerAdapter types a multi-segment {path} variable on every route; without it
    the forward handler sends every request to the bare baseUri."""
    for resource, target in _forward_resources(capability.model):
        path = resource.template
        names = {route_variable(name) for name, *_ in path_variables(path)}
        if "path" not in names:
            stem = path.split("{", 1)[0].rstrip("/")
            suggestion = stem + "/{path}"
            yield FunctionResult(
                f"forward route {path!r} has no {{path}} variable, so every request goes to "
                f"the bare baseUri of {target!r}; write {suggestion!r} to forward sub-paths",
                (*resource.path, "path"),
            )


@model_rule("mcp-resource-uri-variable")
def mcp_resource_uri_variable(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """exposes/mcp/ResourceHandler.matchTemplate matches only `{name}` of letters, digits
    and '_', each one path segment."""
    for adapter in capability.model.adapters:
        for unit in adapter.units:
            uri = unit.data.get("uri")
            if unit.kind != "mcp-resource" or "location" in unit.data:
                continue  # a static resource's uri is a plain prefix
            for name, start, end, valid in uri_variables(uri):
                if valid:
                    continue
                fixed = uri_variable_name(name)
                written = uri[start:end]
                if written.startswith("{{"):  # the inner {name} matches, the outer braces stay
                    effect = (
                        "so the resource answers only uris that keep the outer braces "
                        "literally ('{…}')"
                    )
                else:
                    effect = (
                        f"so the resource answers only that literal uri and never receives {name!r}"
                    )
                yield FunctionResult(
                    f"{written!r} in uri {uri!r} is no variable (the engine matches only "
                    f"{{name}} of letters, digits and '_'), {effect}; write '{{{fixed}}}'",
                    (*unit.path, "uri"),
                    (start, end),
                )


@model_rule("path-param-unused")
def path_param_unused(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    resources = [r for _, r in _consumed_resources(model)] + list(_rest_resources(model))
    for resource in resources:
        names = {name for name, *_ in path_variables(resource.template)}
        params = list(resource.params)
        for operation in resource.operations:
            own = (
                operation.own_params()
                if isinstance(operation, Unit)
                else [
                    p for p in operation.params if p.path[: len(operation.path)] == operation.path
                ]
            )
            params.extend(own)
        for param in params:
            if param.location == "path" and param.name not in names:
                yield FunctionResult(
                    f"path input {param.name!r} does not appear in {resource.template!r}"
                    f"{did_you_mean(param.name, names)}; add '{{{{{param.name}}}}}' to the "
                    "path or change 'in'",
                    (*param.path, "name"),
                )


@model_rule("base-path-doubled")
def base_path_doubled(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for entry, resource in _consumed_resources(capability.model):
        uri, path = entry.data.get("baseUri"), resource.template
        if not isinstance(uri, str) or not isinstance(path, str):
            continue
        try:
            base_segments = [s for s in urlsplit(uri).path.split("/") if s]
        except ValueError:
            continue
        path_segments = [s for s in path.split("/") if s]
        if base_segments and path_segments and base_segments[-1] == path_segments[0]:
            segment = path_segments[0]
            start = path.find(segment)
            yield FunctionResult(
                f"baseUri {uri!r} already ends with '/{segment}', so requests go to "
                f"'/{segment}/{segment}…'; drop '/{segment}' from the path or the baseUri",
                (*resource.path, "path"),
                (max(start - 1, 0), start + len(segment)),
            )
