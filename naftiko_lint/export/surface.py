"""The REST surface as the engine builds it: which adapter, which routes answer, which
inputs a request can carry.

Routing follows `exposes/rest/RestServerAdapter`: one Restlet route per resource, in
document order, its path passed through `ServerAdapter.toUriTemplate` (`{{x}}` → `{x}`);
the router matches the whole path and the first resource of a template wins for every
method (`/items/{id}` and `/items/{key}` are one template), so a later duplicate is
unreachable. Inputs follow `util/Resolver.resolveInputParameterFromRequest`: an input whose
`value` does not start with `$` is a fixed value, never read from the request."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from naftiko_lint.capability.model import Adapter, CapabilityModel, Param, Resource, Unit

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")  # the spec's HttpMethod enum
_SPLIT = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}|\{([^{}]+)\}")


class SurfaceError(Exception):
    """The REST surface cannot be chosen or built; `code` is the exit code (1: the
    capability's fault, with its diagnostics; 2: the command line's)."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Route:
    """One reachable resource: its OpenAPI path, variables and operations."""

    path: str  # OpenAPI syntax
    variables: list[str]
    resource: Resource
    operations: list[Unit] = field(default_factory=list)  # first of each method


def rest_adapters(model: CapabilityModel) -> list[Adapter]:
    return [a for a in model.adapters if a.type == "rest"]


def choose_adapter(model: CapabilityModel, expose: str | None) -> Adapter:
    """The REST adapter to export: the only one, or the one `expose` names."""
    adapters = rest_adapters(model)
    names = [str(a.namespace) for a in adapters]
    if not adapters:
        raise SurfaceError("the capability exposes no rest adapter")
    if expose is not None:
        chosen = [a for a in adapters if a.namespace == expose]
        if not chosen:
            raise SurfaceError(
                f"--expose {expose!r} names no rest adapter; choose one of: {', '.join(names)}", 2
            )
        return chosen[0]
    if len(adapters) > 1:
        raise SurfaceError(
            f"the capability exposes {len(adapters)} rest adapters; choose one with "
            f"--expose: {', '.join(names)}",
            2,
        )
    return adapters[0]


def openapi_path(template: str) -> str:
    """A resource path in OpenAPI syntax: `{{x}}` → `{x}`, `{x}` kept, a leading '/'."""
    path = _SPLIT.sub(lambda m: "{" + (m.group(1) or m.group(2)).strip() + "}", template)
    return path if path.startswith("/") else "/" + path


def route_key(path: str) -> str:
    """A path with its variables erased: two paths with one key are one route."""
    return _SPLIT.sub("{}", path)


def routes(adapter: Adapter, notes: list[str]) -> list[Route]:
    """The reachable resources of `adapter`, in document order (notes for the rest)."""
    out: list[Route] = []
    seen: dict[str, str] = {}
    for resource in adapter.resources:
        if not isinstance(resource.template, str):
            notes.append(f"a resource at {_at(resource)} has no path and is not exported")
            continue
        path = openapi_path(resource.template)
        key = route_key(path)
        if key in seen:
            notes.append(
                f"resource {resource.template!r} is unreachable (the engine routes "
                f"{seen[key]!r} first) and is not exported"
            )
            continue
        seen[key] = resource.template
        variables = [m.group(1) or m.group(2) for m in _SPLIT.finditer(path)]
        if len(set(variables)) < len(variables):
            notes.append(f"path {path!r} repeats a variable: one parameter is exported")
        route = Route(path, list(dict.fromkeys(variables)), resource)
        methods: set[str] = set()
        for unit in resource.operations:
            method = unit.data.get("method")
            if method in methods:
                notes.append(f"{method} {path}: a second operation is never reached (skipped)")
            elif method in METHODS:
                methods.add(method)
                route.operations.append(unit)
            else:
                notes.append(f"{path}: an operation with method {method!r} is not exported")
        out.append(route)
    return out


def _at(resource: Resource) -> str:
    return "/" + "/".join(str(t) for t in resource.path)


def request_inputs(unit: Unit) -> list[Param]:
    """The inputs a request carries, adapter then resource then operation (a later level's
    name overrides), without fixed-value inputs (the engine never reads those)."""
    chosen: dict[str, Param] = {}
    for param in unit.inputs:
        value = param.data.get("value")
        if value is not None and not str(value).strip().startswith("$"):
            chosen.pop(param.name, None)
            continue
        chosen.pop(param.name, None)
        chosen[param.name] = param
    return list(chosen.values())
