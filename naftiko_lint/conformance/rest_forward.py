"""Forward routes: one request per forwarding resource, on a method no operation of it
takes, must reach the target namespace as sent.

exposes/rest/ResourceRestlet.handleFromForwardSpec sends the same method to the target's
`baseUri` + "/" + the route's `{path}` variable (nothing when the route has none) with the
incoming entity, so a multi-segment path and a JSON body are sent and looked for at the
mock upstream. Trusted headers are not checked: which of them Restlet lets through is the
engine's business (it drops standard ones), not the capability's."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from naftiko_lint.capability.model import CapabilityModel, Resource
from naftiko_lint.conformance.expect import base_path
from naftiko_lint.conformance.findings import (
    UPSTREAM_BODY,
    UPSTREAM_MISSING,
    UPSTREAM_PATH,
    Observation,
)
from naftiko_lint.conformance.samples import sample_value
from naftiko_lint.export.surface import METHODS, Route

if TYPE_CHECKING:
    from naftiko_lint.serve.recording import RecordedRequest


def forward_target(route: Route, model: CapabilityModel) -> str | None:
    forward = route.resource.data.get("forward")
    if not isinstance(forward, dict):
        return None
    target = forward.get("targetNamespace")
    entry = model.consumes.get(target) if isinstance(target, str) else None
    return target if entry is not None and not entry.imported else None


def forward_method(route: Route) -> str | None:
    """A method the route forwards: POST when free (it carries a body), else the first."""
    taken = {str(u.data.get("method")) for u in route.operations}
    free = [m for m in METHODS if m not in taken]
    return "POST" if "POST" in free else (free[0] if free else None)


def forward_request(route: Route, seed: int) -> tuple[str, str, Any, str | None]:
    """(method, URL path, JSON body or None) of the probe, and what `{path}` carries."""
    method = forward_method(route) or "GET"
    values = {
        name: sample_value("string", name, index, seed)
        for index, name in enumerate(route.variables)
    }
    if "path" in values:
        values["path"] = f"probe/{values['path']}"
    path = route.path
    for name, value in values.items():
        path = path.replace("{" + name + "}", quote(value, safe="/"))
    body = (
        {"probe": sample_value("string", "probe", 0, seed)}
        if method in ("POST", "PUT", "PATCH")
        else None
    )
    return method, path, body, values.get("path")


def compare_forward(
    model: CapabilityModel,
    route: Route,
    target: str,
    method: str,
    probe_path: str | None,
    body: Any,
    received: list[RecordedRequest],
) -> list[Observation]:
    resource: Resource = route.resource
    forward = (*resource.path, "forward")
    base = base_path(model, target) or ""
    wanted = base + ("/" + probe_path if probe_path else "")
    got = [r for r in received if r.namespace == target and r.method == method]
    if not got:
        return [
            Observation(
                UPSTREAM_MISSING,
                (*forward, "targetNamespace"),
                f"{method} {route.path} was not forwarded to {target!r}; the upstream received "
                + (", ".join(f"{r.method} {r.path}" for r in received[:3]) or "nothing"),
            )
        ]
    request = got[0]
    out = []
    if unquote(request.path) not in (wanted, wanted or "/"):
        out.append(
            Observation(
                UPSTREAM_PATH,
                (*resource.path, "path"),
                f"{method} {route.path} was forwarded to {request.path!r}, not {wanted or '/'!r}",
            )
        )
    if body is not None:
        try:
            same = json.loads(request.body or b"null") == body
        except ValueError:
            same = False
        if not same:
            out.append(
                Observation(
                    UPSTREAM_BODY,
                    forward,
                    f"{method} {route.path} was forwarded without the request's body",
                )
            )
    return out
