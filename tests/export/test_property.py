"""Random REST capabilities export documents the validator accepts, in which every
reachable path, method and request parameter reappears."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate

from naftiko_lint.capability.stage import load
from naftiko_lint.export.openapi import export_openapi
from naftiko_lint.export.surface import openapi_path, route_key

from ..conftest import examples

NAMES = st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True)
TYPES = st.sampled_from(["string", "number", "integer", "boolean", "array", "object"])
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@st.composite
def output(draw: st.DrawFn, depth: int = 0) -> dict:
    kind = draw(
        st.sampled_from(["string", "number", "boolean", "object", "array"][: 3 + 2 * (depth < 2)])
    )
    out: dict = {"type": kind, "mapping": "$.x"}
    if kind == "object":
        out["properties"] = draw(st.dictionaries(NAMES, output(depth + 1), max_size=3))
    elif kind == "array":
        out["items"] = draw(output(depth + 1))
    return out


@st.composite
def resource(draw: st.DrawFn) -> dict:
    segments = draw(
        st.lists(st.tuples(NAMES, st.booleans(), st.booleans()), min_size=1, max_size=4)
    )
    variables = []
    parts = []
    for name, is_var, double in segments:
        if is_var and name not in variables:
            variables.append(name)
            parts.append("{{" + name + "}}" if double else "{" + name + "}")
        else:
            parts.append(name)
    inputs = [
        {"name": v, "in": "path", "type": draw(TYPES), "description": "d"}
        for v in variables
        if draw(st.booleans())
    ]
    extra = draw(
        st.lists(
            st.tuples(NAMES, st.sampled_from(["query", "header", "cookie", "body"]), TYPES),
            max_size=4,
        )
    )
    taken = set(variables)
    for name, where, kind in extra:
        if name not in taken:
            taken.add(name)
            inputs.append({"name": name, "in": where, "type": kind, "description": "d"})
    methods = draw(st.lists(st.sampled_from(METHODS), min_size=1, max_size=3, unique=True))
    operations = [
        {
            "method": m,
            "call": "up.op",
            **({"inputParameters": inputs} if inputs else {}),
            "outputParameters": draw(st.lists(output(), max_size=2)),
        }
        for m in methods
    ]
    return {"path": "/" + "/".join(parts), "operations": operations}


@settings(max_examples=examples(50), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(resource(), min_size=1, max_size=4), st.sampled_from(["3.1", "3.0"]))
def test_random_capabilities_export_and_round_trip(resources: list[dict], version: str) -> None:
    data = {
        "naftiko": "1.0.0-alpha3",
        "capability": {
            "consumes": [
                {
                    "type": "http",
                    "namespace": "up",
                    "baseUri": "https://up.test",
                    "resources": [
                        {"name": "r", "path": "/r", "operations": [{"name": "op", "method": "GET"}]}
                    ],
                }
            ],
            "exposes": [{"type": "rest", "namespace": "api", "port": 8080, "resources": resources}],
        },
    }
    document, _ = export_openapi(load(data, None), None, "", version)
    validate(document)
    seen: set[str] = set()
    for res in resources:
        path = openapi_path(res["path"])
        if route_key(path) in seen:
            assert path not in document["paths"] or document["paths"][path] is not None
            continue
        seen.add(route_key(path))
        item = document["paths"][path]
        for operation in res["operations"]:
            exported = item[operation["method"].lower()]
            params = {(p["name"], p["in"]) for p in exported.get("parameters", [])}
            declared = operation.get("inputParameters", [])
            wanted = {(p["name"], p["in"]) for p in declared if p["in"] not in ("path", "body")}
            wanted |= {(v, "path") for v in path.replace("}", "{").split("{")[1::2]}
            assert params == wanted
            body = {p["name"] for p in declared if p["in"] == "body"}
            if body:
                schema = exported["requestBody"]["content"]["application/json"]["schema"]
                assert set(schema["properties"]) == body
    assert len(document["paths"]) == len(seen)
