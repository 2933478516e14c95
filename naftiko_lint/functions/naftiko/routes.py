"""Exposed REST routes as the Restlet router reads them: variable names and templates.

exposes/rest/RestServerAdapter attaches each resource's `Adapter.toUriTemplate(path)` to
one `new Router()`; toUriTemplate rewrites only `{{\\w+}}` to `{x}`, and
org.restlet.routing.Template compiles whatever is left (see route_variable)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint.capability.restlet import UNRESERVED, template_parts
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule

WHOLE_DOCUMENT = {"type": "object"}


def route_variable(name: str) -> str:
    """The name the router gives a path variable. Adapter.toUriTemplate rewrites only
    `{{\\w+}}` to `{x}`, but org.restlet.routing.Template reads any other `{{x-y}}` the same
    way: inside `{…}` it keeps unreserved characters, skips every other one (a logged
    warning, the inner `{` included) and skips a stray `}`. So `{{voyage-id}}` routes as
    `voyage-id`, and `{{a:b}}` as `ab`."""
    return "".join(char for char in name if char in UNRESERVED)


def _route(path: str) -> str:
    """The template the Restlet router matches, variables anonymised as Template reads them:
    `{x}`, `{{x}}` and `{{a-b}}` are each one variable `{}` (see route_variable), an empty
    `{}` and a stray `}` match nothing; no trailing-slash folding (MODE_EQUALS)."""
    return "".join("{}" if kind == "variable" else text for kind, text in template_parts(path))


@model_rule("duplicate-route")
def duplicate_route(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    """The router (RestServerAdapter: new Router(), exact matching, first match) hands every
    request on a template to the first resource attached with it, whatever the method; that
    resource picks its first operation with the method (ResourceRestlet)."""
    for adapter in capability.model.adapters:
        seen: dict[str, tuple] = {}
        for resource in adapter.resources:
            if not isinstance(resource.template, str):
                continue
            where = (*resource.path, "path")
            route = _route(resource.template)
            if route in seen:
                yield FunctionResult(
                    f"path {resource.template!r} is the route of the resource "
                    "at {{related-line}}, which receives every request on it "
                    "(whatever the method), so this resource is unreachable; "
                    "merge its operations into that resource",
                    where,
                    related=seen[route],
                )
                continue
            seen[route] = where
            methods: dict[str, tuple] = {}
            for unit in resource.operations:
                method = str(unit.data.get("method", "")).upper()
                where = (*unit.path, "method")
                if method in methods:
                    yield FunctionResult(
                        f"{method} repeats in this resource (first at "
                        "{{related-line}}); requests go to the first one only",
                        where,
                        related=methods[method],
                    )
                elif method:
                    methods[method] = where
