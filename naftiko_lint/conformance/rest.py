"""REST routing conformance: every reachable exposed operation is called once with sample
inputs, and what the mock upstream received is held against the declared wiring.

Routes are the engine's (`export/surface.routes`: RestServerAdapter's router, first
resource of a template wins). Each request is answered before the next is sent, so the
requests the upstream recorded between a mark and the answer are the ones that request
caused (exposes/rest/ResourceRestlet calls the upstream while it handles the request).
Besides the wiring: a 5xx answer is a server error; a status the exported OpenAPI does not
document, or a body off its documented schema, is reported at the operation. A forwarding
resource is probed once on a method no operation takes (conformance/rest_forward.py).

When the servers are naftiko-lint's own (`trust_markers`), a 501 whose text starts
serve/outputs.NOT_EMULATED is the engine emulation saying it cannot convert that upstream
format (html, markdown, avro, protobuf): the engine would, so it is an `Unchecked` (a note
for the run), not a server error, and the operation's response is not checked further. Any
other server answering that is reported as usual."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from naftiko_lint.capability.model import Adapter, CapabilityModel, Unit
from naftiko_lint.conformance import expect
from naftiko_lint.conformance.findings import (
    RESPONSE_SCHEMA,
    SERVER_ERROR,
    STATUS_UNDOCUMENTED,
    UNREACHABLE,
    UPSTREAM_MISSING,
    Observation,
)
from naftiko_lint.conformance.rest_forward import (
    compare_forward,
    forward_method,
    forward_request,
    forward_target,
)
from naftiko_lint.conformance.rest_request import SampleRequest, sample_request
from naftiko_lint.conformance.rest_response import documented, outputs_pointer, schema_errors
from naftiko_lint.export.surface import routes
from naftiko_lint.pointer import Tokens

if TYPE_CHECKING:
    import httpx

    from naftiko_lint.serve.recording import Recorder


class Unreachable(Exception):
    """The REST surface did not answer (refused, timed out, not HTTP)."""


@dataclass(frozen=True)
class Unchecked:
    """An operation the built-in servers answered as not emulated: a note, not a finding."""

    pointer: Tokens
    message: str


def not_emulated(response: httpx.Response) -> str | None:
    """The reason of a built-in server's "not emulated" reply, else None."""
    from naftiko_lint.serve.engine_rest import NOT_EMULATED_STATUS
    from naftiko_lint.serve.outputs import NOT_EMULATED

    if response.status_code != NOT_EMULATED_STATUS or not response.text.startswith(NOT_EMULATED):
        return None
    return response.text[len(NOT_EMULATED) :].strip().splitlines()[0]


def _send(client: httpx.Client, url: str, request: SampleRequest) -> httpx.Response:
    import httpx

    kwargs: dict[str, Any] = {"params": list(request.query), "headers": list(request.headers)}
    if request.body is not None:
        kwargs["json"] = request.body
    try:
        return client.request(request.method, url.rstrip("/") + request.path, **kwargs)
    except httpx.HTTPError as error:
        raise Unreachable(f"{type(error).__name__}: {error}") from error


def _response(
    unit: Unit, operation: dict | None, document: dict | None, response: httpx.Response
) -> list[Observation]:
    where = f"{unit.data.get('method')} {unit.data.get('name') or ''}".strip()
    if response.status_code >= 500:
        text = response.text.strip().splitlines()[0][:160] if response.text.strip() else ""
        return [
            Observation(
                SERVER_ERROR,
                unit.path,
                f"{where} answered {response.status_code} to a request with sample inputs"
                + (f" ({text!r})" if text else ""),
            )
        ]
    if operation is None or document is None:
        return []
    declared = documented(operation, response.status_code)
    if declared is None:
        return [
            Observation(
                STATUS_UNDOCUMENTED,
                unit.path,
                f"{where} answered {response.status_code}, which the exported OpenAPI does "
                "not document for it",
            )
        ]
    errors = schema_errors(
        document, declared, response.headers.get("content-type"), response.content
    )
    if errors:
        return [
            Observation(
                RESPONSE_SCHEMA,
                outputs_pointer(unit.path, unit.data),
                f"{where} answered a {response.status_code} body off its documented schema: "
                f"{errors[0]}",
            )
        ]
    return []


def _explained(found: list[Observation], response: httpx.Response) -> list[Observation]:
    """A call that never reached the upstream, with what the operation answered instead."""
    if response.is_success:
        return found
    text = response.text.strip().splitlines()[0][:160] if response.text.strip() else ""
    answered = f"; the operation answered {response.status_code}" + (f": {text}" if text else "")
    return [
        replace(o, message=o.message + answered) if o.rule == UPSTREAM_MISSING else o for o in found
    ]


def check_rest(
    model: CapabilityModel,
    adapter: Adapter,
    url: str,
    recorder: Recorder,
    *,
    seed: int = 0,
    timeout: float = 10.0,
    document: dict | None = None,
    progress: Callable[[str], None] | None = None,
    unchecked: list[Unchecked] | None = None,
) -> list[Observation]:
    """Observations of the REST surface of `adapter` served at `url`; `document` is the
    exported OpenAPI (None: statuses and bodies are not checked). With `unchecked` (the
    servers are naftiko-lint's own), "not emulated" replies are collected there instead of
    being reported."""
    import httpx

    out: list[Observation] = []
    paths = document.get("paths", {}) if isinstance(document, dict) else {}
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for route in routes(adapter, []):
            for unit in route.operations:
                request = sample_request(route, unit, seed)
                mark = recorder.mark()
                try:
                    response = _send(client, url, request)
                except Unreachable as error:
                    message = f"the REST surface at {url} does not answer ({error})"
                    return [*out, Observation(UNREACHABLE, adapter.path, message)]
                received = recorder.since(mark)
                if progress is not None:
                    progress(f"{request.method} {request.path} -> {response.status_code}")
                operation = (paths.get(route.path) or {}).get(request.method.lower())
                reason = not_emulated(response) if unchecked is not None else None
                if unchecked is not None and reason is not None:
                    where = f"{request.method} {route.path}"
                    unchecked.append(Unchecked(unit.path, f"{where} not checked: {reason}"))
                else:
                    out += _response(unit, operation, document, response)
                expectation = expect.expected_call(model, unit, request.arguments)
                if expectation is not None:
                    out += _explained(expect.compare(expectation, received), response)
            target = forward_target(route, model)
            if target is None or forward_method(route) is None:
                continue
            method, path, body, carried = forward_request(route, seed)
            mark = recorder.mark()
            try:
                response = _send(client, url, SampleRequest(method, path, (), (), body))
            except Unreachable as error:
                message = f"the REST surface at {url} does not answer ({error})"
                return [*out, Observation(UNREACHABLE, adapter.path, message)]
            if progress is not None:
                progress(f"{method} {path} (forwarded) -> {response.status_code}")
            received = recorder.since(mark)
            out += compare_forward(model, route, target, method, carried, body, received)
    return list(dict.fromkeys(out))
