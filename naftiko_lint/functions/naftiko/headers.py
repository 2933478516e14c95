"""Consumed headers Restlet refuses: a standard HTTP header set as an input never leaves.

The engine puts every consumed header on `Request.getHeaders()`: header inputs through
`util/Resolver.resolveInputParametersToRequest` (`getHeaders().set`), consumes-level ones
again through `consumes/http/HttpClientAdapter.setHeaders`, an apikey credential with
`placement: header` through `HttpClientAdapter.setChallengeResponse` (`getHeaders().add`).
Restlet's client connector writes that series through
`org.restlet.engine.header.HeaderUtils.addExtensionHeaders`, which skips every name of its
`STANDARD_HEADERS` set (compared in any case) with the warning "Addition of the standard
header … is not allowed. Please use the equivalent property in the Restlet API."; the
engine sets few of those properties: the body's media type (`OperationStepExecutor`:
`setEntity(body, application/json|x-www-form-urlencoded|xml|sparql-query)`) and a
challenge response for basic, digest and bearer authentication. Restlet writes its own
`Accept: */*`, `User-Agent` and `Host`, and a `Cookie` only from a cookie list the engine
never fills."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from naftiko_lint.capability import ConsumesEntry, Param
from naftiko_lint.capability.restlet import STANDARD_HEADERS
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule

WHOLE_DOCUMENT = {"type": "object"}
# What goes out instead, and the way to get what the input meant, for the names people use
INSTEAD = {
    "accept": "Restlet sends its own 'Accept: */*'; the upstream answers its default format",
    "content-type": (
        "the engine sets Content-Type from the operation's body (application/json, or the "
        "media type of body type formUrlEncoded, xml or sparql); drop it"
    ),
    "authorization": (
        "declare authentication (type: bearer, basic or digest) on the consumes entry: "
        "Restlet writes that Authorization header itself"
    ),
    "user-agent": "Restlet sends its own User-Agent; drop it",
    "host": "Restlet sends the Host of the request URL; drop it",
    "cookie": (
        "the engine can send no cookie at all; pass the value as a query or non-standard "
        "header if the upstream accepts one"
    ),
}
OTHERWISE = "drop it, or use a non-standard header if the upstream accepts one"


def _header_inputs(entry: ConsumesEntry) -> Iterator[Param]:
    """Each header input the engine applies, once: consumes-level and operation-level ones
    (resource-level inputs are never applied: consumed-resource-input-ignored)."""
    yield from (p for p in entry.params if p.location == "header")
    for resource in entry.resources:
        for operation in resource.operations:
            own = [p for p in operation.params if operation.level(p) == "operation"]
            yield from (p for p in own if p.location == "header")


def _apikey_header(entry: ConsumesEntry) -> str | None:
    auth = entry.data.get("authentication")
    if not isinstance(auth, dict) or auth.get("type") != "apikey":
        return None
    key = auth.get("key")
    if auth.get("placement") != "header" or not isinstance(key, str):
        return None
    return key


@model_rule("consumed-header-dropped")
def consumed_header_dropped(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for entry in capability.model.consumes.values():
        if entry.imported:  # a shared file's inputs are checked with that file
            continue
        for param in _header_inputs(entry):
            name = param.name.strip()
            if name.lower() in STANDARD_HEADERS:
                yield FunctionResult(
                    f"header input {name!r} is never sent: Restlet drops a standard HTTP "
                    f"header set as an input; {INSTEAD.get(name.lower(), OTHERWISE)}",
                    (*param.path, "name"),
                )
        key = _apikey_header(entry)
        if key is not None and key.strip().lower() in STANDARD_HEADERS:
            fix = (
                INSTEAD["authorization"]
                if key.strip().lower() == "authorization"
                else OTHERWISE.replace("drop it", "choose another key")
            )
            yield FunctionResult(
                f"apikey header {key!r} is never sent, so the upstream gets no credential: "
                f"Restlet drops a standard HTTP header set this way; {fix}",
                (*entry.path, "authentication", "key"),
            )
