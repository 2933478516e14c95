"""A capability's REST adapter as an OpenAPI 3.1 (or 3.0) document.

`export_openapi(capability, expose, spec_version, openapi_version) -> (document, notes)`:
a plain dict whose keys are in OpenAPI's conventional order (so YAML and JSON dumps are
readable and stable), and the lines saying what could not be mapped. Routes, inputs,
responses and security follow the engine; see `surface`, `responses` and `security`."""

from __future__ import annotations

import re
from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel, Param, Unit
from naftiko_lint.capability.stage import Capability
from naftiko_lint.export import openapi30
from naftiko_lint.export.responses import ERROR_RESPONSE, PASSED_THROUGH, success
from naftiko_lint.export.schemas import is_required, param_schema
from naftiko_lint.export.security import security
from naftiko_lint.export.surface import METHODS, Route, choose_adapter, request_inputs, routes

ERROR_REF = {"$ref": "#/components/responses/Error"}
_WHOLE_BODY = ("$", "$.")
_DOTTED = re.compile(r"\$\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)")


def _info(data: dict, adapter: Adapter, spec_version: str) -> dict:
    """Title, description and version: `info.version` when a capability carries one,
    else the Naftiko spec version it declares."""
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    out: dict[str, Any] = {"title": str(info.get("label") or adapter.namespace or "capability")}
    if isinstance(info.get("description"), str):
        out["description"] = info["description"]
    version = info.get("version")
    out["version"] = str(version) if isinstance(version, (str, int, float)) else spec_version
    return out


def _servers(adapter: Adapter, notes: list[str]) -> list[dict]:
    """`http://ADDRESS:PORT`; without an address the engine listens on every interface,
    so `localhost` is where a local caller reaches it."""
    address = adapter.data.get("address")
    host = address if isinstance(address, str) and address else "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # IPv6
    port = adapter.data.get("port")
    if not isinstance(port, int) or isinstance(port, bool):
        notes.append(f"adapter {adapter.namespace!r}: no valid port; the server has none")
        return [{"url": f"http://{host}"}]
    return [{"url": f"http://{host}:{port}"}]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


class _Ids:
    """Unique operationIds in document order: the name, else method + path; a repeat gets
    `-2`, `-3`, … (deterministic: the first keeps the plain id)."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, wanted: str) -> str:
        chosen, n = wanted, 1
        while chosen in self.used:
            n += 1
            chosen = f"{wanted}-{n}"
        self.used.add(chosen)
        return chosen


def _parameter(param: Param, location: str, where: str, notes: list[str]) -> dict:
    out: dict[str, Any] = {"name": param.name, "in": location}
    schema = param_schema(param.data, f"{where} input {param.name!r}", notes)
    if "description" in schema:
        out["description"] = schema.pop("description")
    if location == "path" or is_required(param.data):
        out["required"] = True
    out["schema"] = schema
    return out


def _path_parameters(route: Route, inputs: list[Param], where: str, notes: list[str]) -> list:
    declared = {p.name: p for p in inputs if p.location == "path"}
    out = []
    for name in route.variables:
        if name in declared:
            out.append(_parameter(declared[name], "path", where, notes))
            continue
        notes.append(f"{route.path}: path variable {name!r} is not a declared input (any value)")
        out.append({"name": name, "in": "path", "required": True, "schema": {}})
    for name in declared:
        if name not in route.variables:
            notes.append(f"{route.path}: path input {name!r} is not in the path (not exported)")
    return out


def _request_body(inputs: list[Param], where: str, notes: list[str]) -> dict | None:
    """A JSON body from `in: body` inputs (`Resolver.resolveInputParameterFromRequest`): an
    input reads the field of its name, or the JsonPath of its `value` (`$` is the body)."""
    body = [p for p in inputs if p.location == "body"]
    if not body:
        return None
    whole = [p for p in body if str(p.data.get("value", "")).strip() in _WHOLE_BODY]
    if len(body) == 1 and whole:
        schema = param_schema(body[0].data, f"{where} input {body[0].name!r}", notes)
    else:
        schema = {"type": "object", "properties": {}}
        for param in body:
            value = param.data.get("value")
            match = _DOTTED.fullmatch(str(value).strip()) if value is not None else None
            if value is not None and match is None:
                notes.append(f"{where}: body input {param.name!r} reads {value!r} (not mapped)")
                continue
            fields = match.group(1).split(".") if match else [param.name]
            node = schema
            for field in fields[:-1]:
                node = node["properties"].setdefault(field, {"type": "object", "properties": {}})
            node["properties"].setdefault(
                fields[-1], param_schema(param.data, f"{where} input {param.name!r}", notes)
            )
    return {"content": {"application/json": {"schema": schema}}}


def _operation(
    unit: Unit, route: Route, tag: str | None, ids: _Ids, model: CapabilityModel, notes: list[str]
) -> dict:
    method = str(unit.data["method"])
    where = f"{method} {route.path}"
    out: dict[str, Any] = {}
    if tag:
        out["tags"] = [tag]
    label, description = unit.data.get("label"), unit.data.get("description")
    if isinstance(label, str):
        out["summary"] = label
    if isinstance(description, str):
        out["description"] = description
    name = unit.data.get("name")
    wanted = name if isinstance(name, str) else _slug(f"{method} {route.path}")
    out["operationId"] = ids.take(wanted)
    inputs = request_inputs(unit)
    parameters = _path_parameters(route, inputs, where, notes)
    for param in inputs:
        if param.location in ("query", "header", "cookie"):
            parameters.append(_parameter(param, param.location, where, notes))
        elif param.location not in ("path", "body"):
            notes.append(f"{where}: input {param.name!r} in {param.location!r} is not exported")
    if parameters:
        out["parameters"] = parameters
    body = _request_body(inputs, where, notes)
    if body is not None:
        out["requestBody"] = body
    out["responses"] = {**success(unit.data, model, where, notes), "default": ERROR_REF}
    return out


def _forward(
    route: Route,
    taken: set[str],
    tag: str | None,
    ids: _Ids,
    model: CapabilityModel,
    notes: list[str],
) -> dict[str, dict]:
    """The methods no operation takes, forwarded (`ResourceRestlet.handleFromForwardSpec`):
    to the target's `baseUri` + `/{path}` (a multi-segment variable) with the request's
    body and its trusted headers; a catch-all, so its schemas are any value."""
    forward = route.resource.data.get("forward")
    if not isinstance(forward, dict):
        return {}
    target = forward.get("targetNamespace")
    if target not in model.consumes:
        notes.append(f"{route.path}: forward target {target!r} is not consumed (answers 404)")
    headers = [h for h in forward.get("trustedHeaders") or [] if isinstance(h, str)]
    rest = (
        "the rest of the path: the {path} variable, several segments"
        if "path" in route.variables
        else "no path"
    )
    described = f"Forwarded to the consumed namespace {target!r} (its baseUri + {rest})."
    if headers:
        described += f" Trusted headers passed through: {', '.join(headers)}."
    out = {}
    for method in METHODS:
        if method in taken:
            continue
        operation: dict[str, Any] = {"tags": [tag]} if tag else {}
        operation["summary"] = f"Forward to {target}"
        operation["description"] = described
        operation["operationId"] = ids.take(_slug(f"forward {method} {route.path}"))
        if route.variables:
            operation["parameters"] = [
                {"name": v, "in": "path", "required": True, "schema": {"type": "string"}}
                for v in route.variables
            ]
        if method in ("POST", "PUT", "PATCH"):
            operation["requestBody"] = {"content": {"*/*": {"schema": {}}}}
        operation["responses"] = {"2XX": PASSED_THROUGH, "default": ERROR_REF}
        out[method.lower()] = operation
    return out


def _tag(route: Route) -> tuple[str | None, dict | None]:
    data = route.resource.data
    name = data.get("name") if isinstance(data.get("name"), str) else None
    if name is None:
        return None, None
    tag: dict[str, Any] = {"name": name}
    if isinstance(data.get("description"), str):
        tag["description"] = data["description"]
    return name, tag


def _paths(adapter: Adapter, model: CapabilityModel, notes: list[str]) -> tuple[dict, list]:
    ids, paths, tags = _Ids(), {}, []
    for route in routes(adapter, notes):
        tag, tag_object = _tag(route)
        if tag_object is not None and all(t["name"] != tag for t in tags):
            tags.append(tag_object)
        item: dict[str, Any] = {}
        if isinstance(route.resource.data.get("label"), str):
            item["summary"] = route.resource.data["label"]
        if isinstance(route.resource.data.get("description"), str):
            item["description"] = route.resource.data["description"]
        operations = {
            str(u.data["method"]).lower(): _operation(u, route, tag, ids, model, notes)
            for u in route.operations
        }
        taken = {str(u.data["method"]) for u in route.operations}
        operations.update(_forward(route, taken, tag, ids, model, notes))
        item.update(sorted(operations.items(), key=lambda kv: METHODS.index(kv[0].upper())))
        paths[route.path] = item
    return paths, tags


def export_openapi(
    capability: Capability,
    expose: str | None = None,
    spec_version: str = "",
    openapi_version: str = "3.1",
) -> tuple[dict, list[str]]:
    """The OpenAPI document of the chosen REST adapter, and notes on what was not mapped
    (SurfaceError when no adapter can be chosen)."""
    model = capability.model
    data = capability.data if isinstance(capability.data, dict) else {}
    adapter = choose_adapter(model, expose)
    notes: list[str] = []
    version = spec_version or str(data.get("naftiko", ""))
    paths, tags = _paths(adapter, model, notes)
    info_tags = (data.get("info") or {}).get("tags") if isinstance(data.get("info"), dict) else None
    for name in info_tags if isinstance(info_tags, list) else []:
        if isinstance(name, str) and all(t["name"] != name for t in tags):
            tags.append({"name": name})
    schemes, requirement = security(adapter.data.get("authentication"), notes)
    components: dict[str, Any] = {"responses": {"Error": ERROR_RESPONSE}}
    if schemes:
        components["securitySchemes"] = schemes
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": _info(data, adapter, version),
        "servers": _servers(adapter, notes),
        "paths": paths,
        "components": components,
    }
    if requirement:
        document["security"] = requirement
    if tags:
        document["tags"] = tags
    if openapi_version == "3.0":
        document = openapi30.downgrade(document)
    return document, list(dict.fromkeys(notes))  # one line per thing, in order
