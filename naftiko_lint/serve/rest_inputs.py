"""The request-scoped parameter map a REST operation starts from, read from the request as
`util/OperationStepExecutor.resolveInputParametersFromRequest` and
`util/Resolver.resolveInputParameterFromRequest` read it.

The inputs declared on the adapter, then the resource, then the operation are read in turn;
a later level's value replaces an earlier one, an input that yields nothing leaves the map as
it was. For each input:
* a `value` that does not start with `$` (after Java's `trim`) is a fixed value, whatever `in`
  says — the request is not read;
* `path`: the route's template variable of that name, undecoded (`Template.parse`);
* `query`: the first decoded value of that name (`Form.getFirstValue`; `?x` gives nothing,
  `?x=` the empty string);
* `header`: the first value of that name, any case;
* `environment`: the process environment variable of that name;
* `body`, no `in`, or anything else (`cookie` included: the switch's `default`): the JSON
  body, read once and treated as absent when it is not JSON. A `$…` value is a JsonPath
  into it; otherwise the field of the input's name; otherwise the whole body.
Strings come out as strings, other JSON as plain values (Jackson's `convertValue` to Java
maps, lists, numbers), except the whole body, which stays a JSON node (`JsonTree`,
serve/engine_java.py: Mustache renders it as JSON, not as a Java map). JsonPath is the
engine's Jayway dialect (serve/engine_jsonpath.py, `Converter.jsonPathExtract`)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from naftiko_lint.capability.model import Param
from naftiko_lint.serve.engine_java import JsonTree
from naftiko_lint.serve.engine_jsonpath import json_path_extract

_MALFORMED_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class RestRequest:
    """What `resolveInputParameterFromRequest` reads from one request."""

    path_values: Mapping[str, str] = field(default_factory=dict)  # template variables, undecoded
    query: tuple[tuple[str, str | None], ...] = ()  # decoded; None for `?x` with no '='
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


_ABSENT = object()


def parse_query(raw: str) -> tuple[tuple[str, str | None], ...]:
    """A query string as Restlet's `Form` reads it: `&`-separated pairs, `+` and `%XX`
    decoded as UTF-8; a pair with a malformed escape is dropped (URLDecoder throws)."""
    pairs: list[tuple[str, str | None]] = []
    for part in raw.split("&"):
        if not part:
            continue
        name, eq, value = part.partition("=")
        if _MALFORMED_ESCAPE.search(part):
            continue
        pairs.append((unquote_plus(name), unquote_plus(value) if eq else None))
    return tuple(pairs)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(body: bytes) -> Any:
    """The body as Jackson's `readTree` reads it: its first JSON value (trailing content is
    ignored), `_ABSENT` when empty or not JSON (NaN and Infinity are not JSON to Jackson)."""
    if not body:
        return _ABSENT
    text = body.decode("utf-8", "replace")  # Java's reader replaces malformed bytes
    try:
        decoder = json.JSONDecoder(parse_constant=_reject_constant)
        start = len(text) - len(text.lstrip(" \t\r\n"))
        if start == len(text):
            return _ABSENT
        value, _ = decoder.raw_decode(text, start)
    except ValueError:  # JSONDecodeError, or NaN/Infinity
        return _ABSENT
    return value


def java_trim(text: str) -> str:
    """Java's `String.trim`: strips characters up to U+0020 at both ends."""
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def as_java_string(value: Any) -> str:
    """A YAML scalar bound to a Java String field (Jackson's scalar coercion)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _from_body(param: Param, root: Any) -> Any:
    if root is _ABSENT:
        return None
    template = param.data.get("value", param.data.get("template"))
    if template is not None and java_trim(as_java_string(template)).startswith("$"):
        return json_path_extract(root, java_trim(as_java_string(template)))
    if isinstance(root, dict) and param.name in root:
        return root[param.name]  # a JSON null yields nothing
    return JsonTree(root)


def resolve_input(
    param: Param,
    request: RestRequest,
    root: Any,
    environ: Mapping[str, str],
) -> Any:
    """One input's value from the request, or None (`resolveInputParameterFromRequest`)."""
    value = param.data.get("value")
    if value is not None and not java_trim(as_java_string(value)).startswith("$"):
        return as_java_string(value)
    where = param.location.lower() if isinstance(param.location, str) else "body"
    if where == "path":
        return request.path_values.get(param.name)
    if where == "query":
        return next((v for k, v in request.query if k == param.name), None)
    if where == "header":
        wanted = param.name.lower()
        return next((v for k, v in request.headers if k.lower() == wanted), None)
    if where == "environment":
        return environ.get(param.name)
    return _from_body(param, root)


def resolve_inputs(
    params: Iterable[Param],
    request: RestRequest,
    *,
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """The parameter map of one request: `params` in the unit's order (adapter, resource,
    operation; `Unit.inputs`), later values replacing earlier ones; `environ` defaults to
    the process environment."""
    env = os.environ if environ is None else environ
    root = read_json(request.body)
    out: dict[str, Any] = {}
    for param in params:
        value = resolve_input(param, request, root, env)
        if value is not None:
            out[param.name] = value
    return out
