"""What an exposed REST operation answers, as the engine builds it
(`exposes/rest/ResourceRestlet`).

* `call` with `outputParameters`: the first body output that maps is the whole response
  (`mapOutputParameters`), as JSON; without outputs the upstream's entity passes through,
  with the upstream's status (so the success status is a `2XX` range, not a number).
* `steps` with `mappings`: a JSON object of the named outputs, status 200.
* mock (outputs only): a JSON object of the outputs by name (`Resolver.buildMockData`).
* `ref`: the aggregate function's mode, read from the function.
* errors: plain text — 400 when parameters cannot be resolved or a call is malformed,
  404 when no operation of the resource takes the method, 500 when the upstream call,
  the steps or the output mapping fail; 401/403 from authentication, 501 for an
  authentication type the REST server does not implement."""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.export.schemas import output_schema, output_value_schema

ERROR_RESPONSE = {
    "description": (
        "An error, as plain text: 400 when the request's parameters cannot be resolved, 404 "
        "when no operation of the resource takes the method, 500 when the upstream call or "
        "the output mapping fails; 401 or 403 when authentication fails."
    ),
    "content": {"text/plain": {"schema": {"type": "string"}}},
}
PASSED_THROUGH = {
    "description": "The upstream's response, passed through with its status.",
    "content": {"*/*": {"schema": {}}},
}


def _json(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body_outputs(outputs: list) -> list[dict]:
    return [
        o for o in outputs if isinstance(o, dict) and str(o.get("in", "body")).lower() == "body"
    ]


def _mapped(outputs: list, where: str, notes: list[str]) -> dict:
    """The first body output that maps is the response; several may: any of them."""
    schemas = [output_value_schema(o, where, notes) for o in _body_outputs(outputs)]
    if not schemas:
        return {}
    return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}


def success(
    data: dict, model: CapabilityModel, where: str, notes: list[str]
) -> dict[str, dict[str, Any]]:
    """The success responses of one operation (or function) `data`, by status."""
    if isinstance(data.get("ref"), str) and not data.get("call") and not data.get("steps"):
        function = model.function(data["ref"])
        if function is None:
            notes.append(f"{where}: ref {data['ref']!r} names no aggregate function")
            return {"2XX": PASSED_THROUGH}
        own = data.get("outputParameters")
        merged = dict(function[1], **({"outputParameters": own} if own else {}))
        return success({k: v for k, v in merged.items() if k != "ref"}, model, where, notes)
    outputs = data.get("outputParameters") if isinstance(data.get("outputParameters"), list) else []
    if data.get("call") is not None:
        if not outputs:
            return {"2XX": PASSED_THROUGH}
        return {"2XX": _json("The mapped output.", _mapped(outputs, where, notes))}
    if data.get("steps") is not None:
        if data.get("mappings") and outputs:
            mapped = output_schema(outputs, where, notes, values="none")  # never reads `value`
            return {"200": _json("The mapped outputs.", mapped)}
        if outputs:
            return {"2XX": _json("The last step's mapped output.", _mapped(outputs, where, notes))}
        return {"2XX": PASSED_THROUGH}
    if outputs:
        return {
            "200": _json("The mock outputs.", output_schema(outputs, where, notes)),
            "204": {"description": "No output could be built."},
        }
    notes.append(f"{where}: no call, steps, ref or outputs; only errors are exported")
    return {}
