"""Paths: both sides of every template, base paths and routes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function
from naftiko_lint.model import MUSTACHE, SINGLE_BRACE, model_of, path_variables
from naftiko_lint.suggest import did_you_mean

WHOLE_DOCUMENT = {"type": "object"}
ENGINE_REWRITABLE = re.compile(r"^\w+$")  # the engine rewrites {{\w+}} for its router


def _dicts(items: Any) -> Iterator[tuple[int, dict]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            yield i, item


def _consumed_resources(ctx: FunctionContext):
    for entry in model_of(ctx).consumes.values():
        if not entry.imported:
            for i, resource in _dicts(entry.data.get("resources")):
                yield entry, (*entry.path, "resources", i), resource


def _rest_resources(ctx: FunctionContext):
    for adapter in model_of(ctx).adapters:
        if adapter.type == "rest":
            for i, resource in _dicts(adapter.data.get("resources")):
                yield adapter, (*adapter.path, "resources", i), resource


@rule_function("consumed-path-single-brace", input=WHOLE_DOCUMENT)
def consumed_path_single_brace(document: Any, options: Any, ctx: FunctionContext):
    for _, base, resource in _consumed_resources(ctx):
        path = resource.get("path")
        for name, start, end, single in path_variables(path):
            if single:
                yield FunctionResult(
                    f"'{{{name}}}' in consumed path {path!r} is never filled (the engine "
                    f"substitutes only '{{{{{name}}}}}'); the request would carry a literal "
                    f"'{{{name}}}'; write '{{{{{name}}}}}'", (*base, "path"), (start, end))


@rule_function("baseuri-placeholder", input=WHOLE_DOCUMENT)
def baseuri_placeholder(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    for entry in model.consumes.values():
        uri = entry.data.get("baseUri")
        if entry.imported or not isinstance(uri, str):
            continue
        where = (*entry.path, "baseUri")
        for match in SINGLE_BRACE.finditer(uri):
            yield FunctionResult(f"baseUri placeholder {match.group(0)!r} is never filled: "
                                 "nothing substitutes variables in a baseUri's host or path; "
                                 "write the real value, or a bound {{VARIABLE}}", where,
                                 match.span())
        for match in MUSTACHE.finditer(uri):
            name = match.group(1)
            if name not in model.bind_keys:
                yield FunctionResult(f"baseUri variable {match.group(0)!r} is bound by no "
                                     f"binds[].keys{did_you_mean(name, model.bind_keys)}; "
                                     "declare it in binds", where, match.span())


def _path_inputs(*holders: Any) -> set[str]:
    """Names of the `in: path` inputs of the given mappings."""
    found: set[str] = set()
    for holder in holders:
        for param in (holder.get("inputParameters") or []) if isinstance(holder, dict) else []:
            if isinstance(param, dict) and param.get("in") == "path" \
                    and isinstance(param.get("name"), str):
                found.add(param["name"])
    return found


def _inherited_inputs(ctx: FunctionContext, op: dict) -> set[str]:
    """A `ref` operation inherits its aggregate function's inputs."""
    ref = op.get("ref")
    if not isinstance(ref, str):
        return set()
    namespace, _, name = ref.partition(".")
    found = model_of(ctx).aggregates.get(namespace, {}).get(name)
    if found is None:
        return set()
    return {p.get("name") for p in found[1].get("inputParameters") or []
            if isinstance(p, dict)}


@rule_function("path-param-undeclared", input=WHOLE_DOCUMENT)
def path_param_undeclared(document: Any, options: Any, ctx: FunctionContext):
    for adapter, base, resource in _rest_resources(ctx):
        path = resource.get("path")
        shared = _path_inputs(adapter.data, resource)
        operations = [op for _, op in _dicts(resource.get("operations"))]
        for name, start, end, single in path_variables(path):
            if not single and not ENGINE_REWRITABLE.match(name):
                yield FunctionResult(
                    f"'{{{{{name}}}}}' cannot be routed: the engine rewrites only "
                    f"'{{{{name}}}}' made of letters, digits and '_'; write '{{{name}}}' or "
                    f"'{{{{{name.replace('-', '_')}}}}}'", (*base, "path"), (start, end))
                continue
            if name in shared:
                continue
            missing = [op for op in operations if name not in _path_inputs(op)
                       and name not in _inherited_inputs(ctx, op)]
            if operations and not missing:
                continue
            declared = shared | {n for op in operations for n in _path_inputs(op)}
            declared |= _referenced_names(operations)
            yield FunctionResult(
                f"path variable {name!r} of {path!r} has no 'in: path' input, so its value "
                f"never arrives; declare it in the resource's inputParameters"
                f"{did_you_mean(name, declared)}", (*base, "path"), (start, end))


def _referenced_names(operations: list[dict]) -> set[str]:
    """Input names the operations' with mappings refer to (`ns.name`): likely spellings."""
    names = set()
    for op in operations:
        with_ = op.get("with") if isinstance(op.get("with"), dict) else {}
        for value in with_.values():
            if isinstance(value, str) and "." in value:
                names.add(value.rsplit(".", 1)[1])
    return names


@rule_function("path-param-unused", input=WHOLE_DOCUMENT)
def path_param_unused(document: Any, options: Any, ctx: FunctionContext):
    resources = [(base, resource) for _, base, resource in _consumed_resources(ctx)]
    resources += [(base, resource) for _, base, resource in _rest_resources(ctx)]
    for base, resource in resources:
        names = {name for name, *_ in path_variables(resource.get("path"))}
        holders = [(base, resource)] + [((*base, "operations", i), op)
                                        for i, op in _dicts(resource.get("operations"))]
        for holder_path, holder in holders:
            for j, param in _dicts(holder.get("inputParameters")):
                name = param.get("name")
                if param.get("in") == "path" and isinstance(name, str) and name not in names:
                    yield FunctionResult(
                        f"path input {name!r} does not appear in {resource.get('path')!r}"
                        f"{did_you_mean(name, names)}; add '{{{{{name}}}}}' to the path or "
                        "change 'in'", (*holder_path, "inputParameters", j, "name"))


@rule_function("base-path-doubled", input=WHOLE_DOCUMENT)
def base_path_doubled(document: Any, options: Any, ctx: FunctionContext):
    for entry, base, resource in _consumed_resources(ctx):
        uri, path = entry.data.get("baseUri"), resource.get("path")
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
                (*base, "path"), (max(start - 1, 0), start + len(segment)))


def _route(path: str) -> str:
    normal = MUSTACHE.sub("{}", path)
    normal = SINGLE_BRACE.sub("{}", normal)
    return normal.rstrip("/") or "/"


@rule_function("duplicate-route", input=WHOLE_DOCUMENT)
def duplicate_route(document: Any, options: Any, ctx: FunctionContext):
    for adapter in model_of(ctx).adapters:
        if adapter.type != "rest":
            continue
        seen: dict[tuple[str, str], tuple] = {}
        for i, resource in _dicts(adapter.data.get("resources")):
            path = resource.get("path")
            if not isinstance(path, str):
                continue
            for j, op in _dicts(resource.get("operations")):
                method = str(op.get("method", "")).upper()
                where = (*adapter.path, "resources", i, "operations", j, "method")
                key = (method, _route(path))
                if key in seen:
                    yield FunctionResult(f"{method} {path} repeats the route defined at "
                                         "{{related-line}}; the router serves only one of them",
                                         where, related=seen[key])
                else:
                    seen[key] = where
