"""One sample request per exposed REST operation, as a client of the exported OpenAPI
would send it.

Inputs follow what the engine reads (`export/surface.request_inputs`, i.e.
util/Resolver.resolveInputParameterFromRequest): path variables from the route, query and
header inputs by name, body inputs as fields of a JSON object (an input whose `value` is a
JsonPath sits at that path; `$` is the whole body). Cookie inputs are not sent: the engine
has no cookie case and would read the body instead. A route variable no input declares
still needs a value in the URL; it gets a sample too, and the arguments list it under its
name (what a `with` reference spelt like it meant)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from naftiko_lint.capability.model import Param, Unit
from naftiko_lint.conformance.samples import java_text, sample_arguments, sample_value
from naftiko_lint.export.surface import Route, request_inputs

_VARIABLE = re.compile(r"\{([^{}]+)\}")
_DOTTED = re.compile(r"\$\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)")


@dataclass(frozen=True)
class SampleRequest:
    method: str
    path: str  # the route path with its variables filled, URL-encoded
    query: tuple[tuple[str, str], ...]
    headers: tuple[tuple[str, str], ...]
    body: Any | None  # JSON, or None for no body
    arguments: dict[str, Any] = field(default_factory=dict)  # what each input was sent as


def _place(body: dict, param: Param, value: Any) -> Any:
    """Put `value` where the engine reads `param` from a JSON body; the new body."""
    raw = param.data.get("value")
    text = str(raw).strip() if raw is not None else ""
    if text in ("$", "$."):
        return value
    match = _DOTTED.fullmatch(text)
    fields = match.group(1).split(".") if match else [param.name]
    node = body
    for name in fields[:-1]:
        node = node.setdefault(name, {})
        if not isinstance(node, dict):
            return body
    node[fields[-1]] = value
    return body


def sample_request(route: Route, unit: Unit, seed: int = 0) -> SampleRequest:
    """The request that exercises `unit` (an operation of `route`) with sample inputs."""
    inputs = [p for p in request_inputs(unit) if p.location != "cookie"]
    arguments = sample_arguments(inputs, seed)
    declared = {p.name for p in inputs if p.location == "path"}
    for index, name in enumerate(route.variables):
        if name not in declared:
            arguments[name] = sample_value("string", name, len(arguments) + index, seed)

    def filled(match: re.Match[str]) -> str:
        value = arguments.get(match.group(1))
        return quote(java_text(value) or "", safe="")

    path = _VARIABLE.sub(filled, route.path)
    query, headers = [], []
    body: Any = None
    for param in inputs:
        value = arguments[param.name]
        if param.location in ("query", "header"):
            text = java_text(value)
            if text is None:  # a list or map travels as one text: its first value, say
                text = java_text(value[0]) if isinstance(value, list) and value else "x"
                arguments[param.name] = text  # what the engine reads back
            (query if param.location == "query" else headers).append((param.name, text))
        elif param.location == "body":
            body = _place(body if isinstance(body, dict) else {}, param, value)
    method = str(unit.data.get("method"))
    return SampleRequest(method, path, tuple(query), tuple(headers), body, arguments)
