"""How the engine emulation reaches an upstream: the pure request of client_request sent
with httpx, the way the engine's Restlet `Client.handle` sends it
(util/OperationStepExecutor.HandlingContext.handle).

The request goes to the base URL that replaces the namespace's baseUri (`upstreams`, from
serve/upstream.upstream_bases); a namespace without one is never contacted and answers as a
refused connection. Redirects are not followed (`Client.handle` does not follow them), no
proxy is taken from the environment, every request has a timeout. The path and query go out
as built — Restlet does not encode a Reference, so `/sessions/{sessionId}` reaches the
upstream with its braces — except for bytes a request line cannot carry. A transport
failure is what the Restlet client reports: status 1000 (connection) or 1001
(communication), with no entity.

The engine's URL is the text baseUri + resource path (OperationStepExecutor
.findClientRequestFor), so a path without its leading `/` under a baseUri without a path
(`http://localhost:8080` + `api/users`) runs into the authority: `localhost:8080api`, a port
Restlet's Reference cannot parse, or another host. That request never reaches the declared
upstream, so it is answered as a refused connection (1000) saying why, not sent to the mock
upstream at a path no real server would see.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from naftiko_lint.capability.model import CapabilityModel, ConsumedOperation, ConsumesEntry
from naftiko_lint.serve.client_request import ClientRequest, build_client_request
from naftiko_lint.serve.steps import Exchange, StepError

_REQUEST_LINE_SAFE = frozenset(range(0x21, 0x7F))


def split_target(url: str) -> tuple[str, str]:
    """(origin, request-target) of a URL the way Restlet writes it: the path and query as
    built, unencoded (`{sessionId}` stays `{sessionId}`), except for bytes a request line
    cannot carry (spaces, controls, non-ASCII), which are percent-encoded."""
    scheme, _, rest = url.partition("://")
    host, slash, tail = rest.partition("/")
    raw = (slash + tail) or "/"
    if raw.startswith("?"):
        raw = "/" + raw
    target = "".join(
        chr(b) if b in _REQUEST_LINE_SAFE else f"%{b:02X}"
        for b in raw.encode("utf-8", "surrogatepass")
    )
    return f"{scheme}://{host}", target


def misjoined(entry: ConsumesEntry, operation: ConsumedOperation) -> str | None:
    """Why baseUri + resource path leaves the baseUri's host and port, or None."""
    base = entry.engine_data.get("baseUri")
    path = operation.resource_path if isinstance(operation.resource_path, str) else ""
    if not isinstance(base, str) or "{{" in base or not path or path[0] in "/?#":
        return None
    declared, joined = urlsplit(base).netloc, urlsplit(base + path).netloc
    if not declared or joined == declared:
        return None
    return (
        f"resource path {path!r} lacks its leading '/': the engine sends to "
        f"{base + path!r}, off the baseUri's host {declared!r}"
    )


class Transport:
    """The consumed calls of one engine: build, send, answer as an Exchange."""

    def __init__(
        self, model: CapabilityModel, upstreams: Mapping[str, str], *, timeout: float = 10.0
    ) -> None:
        self.model = model
        self.upstreams = dict(upstreams)
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def send(self, request: ClientRequest, operation: Any) -> Exchange:
        """Send one built request; a transport failure is Restlet's connector status."""
        base = self.upstreams.get(request.namespace)
        if base is None:
            return Exchange(
                operation, request.method, request.url, 1000, "Connection Error", None, None
            )
        origin, target = split_target(request.url)
        headers = [(name, value.strip()) for name, value in request.headers]
        try:
            response = await self._client.request(
                request.method,
                origin + "/",
                headers=headers,
                content=request.body,
                extensions={"target": target.encode("ascii")},
            )
        except httpx.ConnectError:
            return Exchange(
                operation, request.method, request.url, 1000, "Connection Error", None, None
            )
        except (httpx.HTTPError, ValueError) as error:
            detail = f"{type(error).__name__}: {error}"
            return Exchange(
                operation,
                request.method,
                request.url,
                1001,
                "Communication Error",
                None,
                None,
                detail,
            )
        return Exchange(
            operation,
            request.method,
            request.url,
            response.status_code,
            response.reason_phrase,
            response.content,
            response.headers.get("content-type"),
        )

    async def call(self, namespace: str, name: str, parameters: dict[str, Any]) -> Exchange | None:
        """findClientRequestFor(namespace, name, parameters) then handle(): None when the
        namespace or operation is unknown; StepError when the request cannot be built."""
        entry = self.model.consumes.get(namespace)
        operation = entry.operations.get(name) if entry is not None else None
        if operation is None:
            return None
        request = build_client_request(
            self.model, operation, parameters, base=self.upstreams.get(namespace, "")
        )
        if request.error is not None:
            raise StepError(request.error, request.error_kind or "internal")
        assert entry is not None
        why = misjoined(entry, operation)
        if why is not None:
            return Exchange(
                operation, request.method, request.url, 1000, "Connection Error", None, None, why
            )
        return await self.send(request, operation)

    async def call_unit(self, data: dict[str, Any], parameters: dict[str, Any]) -> Exchange | None:
        call = data.get("call")
        tokens = call.split(".") if isinstance(call, str) else []
        if len(tokens) != 2:
            return None
        return await self.call(tokens[0], tokens[1], parameters)
