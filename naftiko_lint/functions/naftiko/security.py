"""No secret in the file; complete authentication; no plain http to remote hosts."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from naftiko_lint.capability import ConsumesEntry, Param, capability_of
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule

WHOLE_DOCUMENT = {"type": "object"}
SECRET_FIELDS = {
    "bearer": ("token",),
    "basic": ("password",),
    "digest": ("password",),
    "apikey": ("value",),
}
REQUIRED_FIELDS = {
    "bearer": ("token",),
    "apikey": ("key", "value", "placement"),
    "basic": ("username", "password"),
    "digest": ("username", "password"),
}
CREDENTIAL_HEADER = re.compile(
    r"^(proxy-)?authorization$|^(x-)?api-?key$|^x-(auth|access)-token$|^x-(goog|amz)-.*key",
    re.IGNORECASE,
)


def _authentications(document: Any) -> Iterator[tuple[tuple, dict, str]]:
    """(path, authentication mapping, namespace) of every authentication block."""
    capability = capability_of(document)
    for base, items in (
        (("consumes",), document.get("consumes")),
        (("capability", "consumes"), capability.get("consumes")),
        (("capability", "exposes"), capability.get("exposes")),
    ):
        for i, entry in enumerate(items if isinstance(items, list) else []):
            if isinstance(entry, dict) and isinstance(entry.get("authentication"), dict):
                yield (
                    (*base, i, "authentication"),
                    entry["authentication"],
                    str(entry.get("namespace") or "service"),
                )


def _literal(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != "" and "{{" not in value


def _variable(namespace: str, field: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", f"{namespace}_{field}".upper()).strip("_")


@model_rule("secret-literal")
def secret_literal(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for path, auth, namespace in _authentications(capability.data):
        for field in SECRET_FIELDS.get(str(auth.get("type")), ()):
            if _literal(auth.get(field)):
                var = _variable(namespace, "token" if field == "value" else field)
                yield FunctionResult(
                    f"authentication {field} is a literal secret in the file; "
                    f"bind it and write '{{{{{var}}}}}'",
                    (*path, field),
                )
    for entry in capability.model.consumes.values():
        for param in _header_params(entry):
            if CREDENTIAL_HEADER.search(param.name) and _literal(param.value):
                var = _variable(entry.namespace, param.name)
                yield FunctionResult(
                    f"header {param.name!r} carries a literal credential; "
                    f"bind it as {var} and {_header_fix(entry, param, var)}",
                    (*param.path, "value"),
                )


def _header_fix(entry: ConsumesEntry, param: Param, var: str) -> str:
    """Where a bound credential header is really sent: an operation-level header value is
    rendered (Resolver.resolveInputParametersToRequest); a consumes-level one is re-set to
    its raw text (HttpClientAdapter.setHeaders), so there it moves to `authentication`, whose
    values are rendered (HttpClientAdapter.setChallengeResponse)."""
    if param.path[: len(entry.path) + 1] != (*entry.path, "inputParameters"):
        return f"write '{{{{{var}}}}}'"
    if isinstance(entry.data.get("authentication"), dict):  # one authentication per entry
        return (
            f"declare it on each operation instead, with value '{{{{{var}}}}}' (a "
            "consumes-level header goes out unrendered, so '{{…}}' there would be sent "
            "as text)"
        )
    value = str(param.value)
    if param.name.lower() == "authorization" and value.lower().startswith("bearer "):
        auth = f"{{type: bearer, token: '{{{{{var}}}}}'}}"
    else:
        auth = f"{{type: apikey, key: {param.name}, value: '{{{{{var}}}}}', placement: header}}"
    return (
        f"send it with authentication: {auth} (a consumes-level header goes out "
        "unrendered, so '{{…}}' there would be sent as text)"
    )


def _header_params(entry: ConsumesEntry) -> Iterator[Param]:
    """Each header input of a consumes entry once, at whichever level it is declared (an
    imported entry's inputs are its shared file's business)."""
    if entry.imported:
        return
    params = list(entry.params)
    for resource in entry.resources:
        params += resource.params
        for op in resource.operations:  # its own inputs: the others are listed above
            params += [p for p in op.params if op.level(p) == "operation"]
    for param in params:
        if param.location == "header":
            yield param


@model_rule("auth-incomplete")
def auth_incomplete(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for path, auth, _ in _authentications(capability.data):
        kind = str(auth.get("type"))
        missing = [f for f in REQUIRED_FIELDS.get(kind, ()) if f not in auth]
        if not missing:
            continue
        listing = ", ".join(f"'{m}'" for m in missing)
        if kind == "apikey" and "placement" in missing:
            # HttpClientAdapter.setChallengeResponse throws before sending
            yield FunctionResult(
                f"apikey authentication without {listing}: every call fails "
                "('Placement is required for apikey authentication': REST "
                "400, MCP error -32602); add placement: header or query"
                + (" and the missing fields" if len(missing) > 1 else ""),
                path,
                key=True,
            )
        else:
            # HttpClientAdapter.setChallengeResponse builds the credential from null fields:
            # an apikey under a null name (`?null=…` in a query), a bearer header without a
            # token, basic/digest failing on a null password
            yield FunctionResult(
                f"{kind} authentication without {listing}: the engine sends "
                "no usable credential (the call fails or the upstream cannot "
                f"read it); add {listing}",
                path,
                key=True,
            )


def _loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@model_rule("insecure-base-uri")
def insecure_base_uri(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for entry in capability.model.consumes.values():
        uri = entry.data.get("baseUri")
        if not isinstance(uri, str) or not uri.lower().startswith("http://"):
            continue
        try:
            host = urlsplit(uri).hostname or ""
        except ValueError:
            continue
        if not _loopback(host):
            yield FunctionResult(
                f"baseUri {uri!r} sends requests (and credentials) in clear "
                f"text to {host!r}; use https://",
                (*entry.path, "baseUri"),
                (0, len("http://")),
            )
