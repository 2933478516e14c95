"""The request the engine sends for one consumed operation, built without sending it.

`build_client_request` follows util/OperationStepExecutor.findClientRequestFor(namespace,
operation, parameters) step by step, on the parameter map the caller has already merged
(`with` included):

1. the URI is `baseUri + resource path`, rendered with Mustache (mustache.render: a missing
   `{{x}}` leaves an empty segment; with no parameters at all nothing is rendered, and the
   engine fails with "Unresolved template parameters in URI"). A single-brace `{x}` is text;
2. consumes-level then operation-level inputs (util/Resolver.resolveInputParametersToRequest;
   resource-level inputs are never applied): the value is the rendered `value`, else the
   parameter of the same name; null, or text still holding `{{`, is skipped; the value is
   written back into the parameter map (so it feeds the body); only `header` and `query`
   inputs are sent (query values URL-encoded, names not), so `body`, `cookie`, `path` and
   `environment` inputs send nothing (environment variables are not read here);
3. the body comes only from the operation's `body`: a string is a Mustache template; a
   `{type, data}` body has its `data` JSON-serialised first, whatever the type, then rendered
   (media type from `type`: formUrlEncoded, xml, sparql, else JSON); a body still holding a
   tag fails ("Unresolved template parameters in body");
4. authentication (consumes/http/HttpClientAdapter.setChallengeResponse): bearer sends
   `Authorization: Bearer <token>`; basic sends the password as Java prints a `char[]`
   (`[C@<hash>`: the engine calls `getPassword().toString()`), so never the password; apikey
   adds a header or appends `key=value` raw to the query, and without `placement` fails;
   digest needs the server's challenge first and sends nothing preemptively;
5. consumes-level header inputs with a `value` are set again, unrendered
   (HttpClientAdapter.setHeaders);
6. Restlet then refuses extension headers that are standard HTTP headers (`Authorization`,
   `Content-Type`, `Accept`, …: org.restlet.engine.header.HeaderUtils.addExtensionHeaders
   logs "Addition of the standard header … is not allowed" and drops them), so an apikey in
   `Authorization` never leaves the engine. They are listed in `dropped_headers`.

A failure is returned, not raised: `error` holds the engine's message and `error_kind` says
whether the engine throws IllegalArgumentException ("invalid": REST 400, MCP -32602) or
another runtime exception ("internal": REST 500)."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation, Param
from naftiko_lint.export.mcp_java import hashmap_order, jackson_text
from naftiko_lint.serve.engine_java import jackson_compact, java_string, url_encode
from naftiko_lint.serve.engine_restlet import Draft, finish_headers
from naftiko_lint.serve.mustache import MustacheError, has_tag, render

# what `char[].toString()` prints: the type and an identity hash, never the characters (the
# real hash changes with every run; a fixed one keeps recordings reproducible)
CHAR_ARRAY_TEXT = "[C@1b6d3586"
_MEDIA = {"formurlencoded": "application/x-www-form-urlencoded", "xml": "application/xml"}


@dataclass(frozen=True)
class ClientRequest:
    namespace: str
    operation: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes | None = None
    error: str | None = None
    error_kind: str | None = None  # "invalid" | "internal"
    dropped_headers: tuple[str, ...] = ()


def key_set(parameters: Mapping[str, Any]) -> str:
    """`HashMap.keySet().toString()`: what the engine's error messages list."""
    keys = [str(k) for k in parameters]
    ordered = hashmap_order(keys) if len(keys) <= 12 else keys
    return "[" + ", ".join(ordered) + "]"


def _fail(operation: ConsumedOperation, url: str, message: str, kind: str) -> ClientRequest:
    return ClientRequest(
        operation.namespace, operation.name, operation.method, url, error=message, error_kind=kind
    )


def _input_value(param: Param, parameters: dict[str, Any]) -> Any:
    """Resolver.resolveInputParametersToRequest's value for one input (None: skip it)."""
    if param.value is not None:
        value: Any = render(jackson_text(param.value), parameters)
    elif isinstance(param.data.get("template"), str):
        value = render(param.data["template"], parameters)
    elif param.name in parameters:
        value = parameters[param.name]
    else:
        return None
    if value is None or (isinstance(value, str) and "{{" in value):
        return None
    return value


def _apply_inputs(draft: Draft, params: list[Param], parameters: dict[str, Any]) -> None:
    for param in params:
        try:
            value = _input_value(param, parameters)
        except MustacheError:
            continue  # the engine logs the resolution error and skips the input
        if value is None:
            continue
        parameters[param.name] = value
        where = (param.location or "body").lower()
        if where == "header":
            draft.set_header(param.name, java_string(value))
        elif where == "query":
            draft.add_query(param.name, url_encode(java_string(value)))


def _body(operation: ConsumedOperation, parameters: dict[str, Any]) -> tuple[str, str] | None:
    spec = operation.data.get("body")
    if spec is None:
        return None
    media = "application/json"
    if isinstance(spec, str):
        text = render(spec, parameters)
    elif isinstance(spec, dict):
        kind = java_string(spec.get("type", "json")).lower()
        text = render(jackson_compact(spec.get("data")), parameters)
        media = _MEDIA.get(kind, "application/sparql-query" if kind == "sparql" else media)
    else:
        raise TypeError(f"java.lang.ClassCastException: {type(spec).__name__} body")
    assert text is not None
    return text, media


def _authenticate(auth: Any, draft: Draft, parameters: dict[str, Any]) -> str | None:
    """The `Authorization` value a challenge response makes (None: none), after adding any
    apikey header or query (ValueError: the engine's IllegalArgumentException)."""
    if not isinstance(auth, dict):
        return None
    kind = auth.get("type")
    if kind == "bearer":
        return "Bearer " + java_string(render(jackson_text(auth.get("token")), parameters))
    if kind == "basic":
        user = render(jackson_text(auth.get("username")), parameters)
        token = f"{'' if user is None else user}:{CHAR_ARRAY_TEXT}"
        return "Basic " + base64.b64encode(token.encode()).decode()
    if kind == "apikey":
        key = render(jackson_text(auth.get("key")), parameters)
        value = render(jackson_text(auth.get("value")), parameters)
        placement = auth.get("placement")
        if placement is None:
            raise ValueError(
                "Placement is required for apikey authentication (expected: header or query)"
            )
        if key is None:
            raise TypeError("java.lang.NullPointerException: apikey without key")
        if placement == "header":
            draft.headers.append((key, java_string(value)))
        elif placement == "query":
            draft.add_query(key, java_string(value))
    return None


def build_client_request(
    model: CapabilityModel,
    operation: ConsumedOperation,
    parameters: Mapping[str, Any],
    *,
    base: str | None = None,
) -> ClientRequest:
    """What findClientRequestFor(namespace, operation, parameters) sends (see the module
    docstring); `base` replaces the consumes' baseUri (the mock upstream's base URL)."""
    params = dict(parameters)
    entry = model.consumes.get(operation.namespace)
    # the consumes-level inputs as the operation holds them: for an imported namespace they
    # come from the shared file (ConsumesImportResolver copies the whole entry), which the
    # importer's own entry does not list
    consumes_params = [p for p in operation.params if operation.level(p) == "consumes"]
    base_uri = java_string(entry.engine_data.get("baseUri")) if entry is not None else ""
    path = operation.resource_path if isinstance(operation.resource_path, str) else ""
    try:
        engine_uri = render(base_uri + path, params) or ""
        if has_tag(engine_uri):
            message = (
                f"Unresolved template parameters in URI: {engine_uri}. "
                f"Available parameters: {key_set(params)}"
            )
            return _fail(operation, engine_uri, message, "invalid")
        url = (render(base_uri, params) or "") if base is None else base
        draft = Draft(url + (render(path, params) or ""))
        _apply_inputs(draft, consumes_params, params)
        _apply_inputs(
            draft, [p for p in operation.params if operation.level(p) == "operation"], params
        )
        body = _body(operation, params)
        if body is not None and has_tag(body[0]):
            message = (
                f"Unresolved template parameters in body: {body[0]}. "
                f"Available parameters: {key_set(params)}"
            )
            return _fail(operation, draft.url, message, "invalid")
        authorization = _authenticate(
            entry.engine_data.get("authentication") if entry else None, draft, params
        )
    except ValueError as error:
        return _fail(operation, base_uri + path, str(error), "invalid")
    except (MustacheError, TypeError) as error:
        return _fail(operation, base_uri + path, f"{type(error).__name__}: {error}", "internal")
    _reset_headers(draft, consumes_params)
    headers, dropped = finish_headers(draft, authorization, None if body is None else body[1])
    return ClientRequest(
        operation.namespace,
        operation.name,
        operation.method,
        draft.url,
        headers,
        None if body is None else body[0].encode("utf-8"),
        dropped_headers=dropped,
    )


def _reset_headers(draft: Draft, params: list[Param]) -> None:
    """HttpClientAdapter.setHeaders: consumes-level header values, set unrendered."""
    for param in params:
        if (param.location or "").lower() == "header" and param.value is not None:
            draft.set_header(param.name, jackson_text(param.value) or "")


def build_forward_request(
    model: CapabilityModel,
    namespace: str,
    method: str,
    path: str | None,
    incoming: list[tuple[str, str]],
    body: bytes,
    trusted: list[str],
    *,
    base: str,
) -> ClientRequest:
    """What ResourceRestlet.handleFromForwardSpec sends: `baseUri + "/" + {path}` with the
    incoming method and body, the trusted headers copied (first value, any case), the
    consumes-level inputs applied to an empty parameter map (so only static values are
    sent), the consumes' authentication — or, without one, the caller's own Authorization —
    and the consumes-level header values. `error` is the message of a failure (the engine
    answers 500 for every one)."""
    entry = model.consumes.get(namespace)
    draft = Draft(base + ("/" + path if path else ""))
    lowered = [(n.lower(), v) for n, v in incoming]
    for name in trusted:
        value = next((v for n, v in lowered if n == str(name).lower()), None)
        if value is not None:
            draft.headers.append((str(name), value))
    params: dict[str, Any] = {}
    params_in = entry.params if entry is not None else []
    auth = entry.engine_data.get("authentication") if entry is not None else None
    try:
        _apply_inputs(draft, params_in, params)
        authorization = _authenticate(auth, draft, params)
    except ValueError as error:
        return ClientRequest(
            namespace,
            "",
            method,
            draft.url,
            error=f"java.lang.IllegalArgumentException: {error}",
            error_kind="internal",
        )
    except (MustacheError, TypeError) as error:
        return ClientRequest(
            namespace,
            "",
            method,
            draft.url,
            error=f"{type(error).__name__}: {error}",
            error_kind="internal",
        )
    if not isinstance(auth, dict):
        authorization = next((v for n, v in lowered if n == "authorization"), None)
    _reset_headers(draft, params_in)
    content_type = next((v for n, v in lowered if n == "content-type"), None) if body else None
    headers, dropped = finish_headers(draft, authorization, None)
    if content_type is not None:
        headers = (*headers, ("content-type", content_type))
    return ClientRequest(
        namespace, "", method, draft.url, headers, body or None, dropped_headers=dropped
    )
