"""The OpenAPI 3.0 spelling of a 3.1 document the exporter made.

3.0 schemas are an extended subset of JSON Schema draft 4, not 2020-12: a type array
becomes one `type` plus `nullable: true` (or `anyOf` for several types), `const` becomes a
one-value `enum`, a schema's `examples` list becomes one `example`, and `{}` stays the
any-value schema. 3.0 has no `2XX`-style problem (ranges exist since 3.0), no
`jsonSchemaDialect`, `webhooks` or `info.summary` (none are written here)."""

from __future__ import annotations

from typing import Any

_SCHEMA_MAPS = ("properties", "patternProperties")
_SCHEMA_LISTS = ("anyOf", "oneOf", "allOf")


def schema_30(schema: Any) -> Any:
    """One JSON Schema in the 3.0 dialect (recursively)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, list):
            kinds = [k for k in value if k != "null"]
            if len(kinds) == 1:
                out["type"] = kinds[0]
            elif kinds:
                out["anyOf"] = [{"type": k} for k in kinds]
            if "null" in value:
                out["nullable"] = True
        elif key == "const":
            out["enum"] = [value]
        elif key == "examples" and isinstance(value, list):
            if value:
                out["example"] = value[0]
        elif key in _SCHEMA_MAPS and isinstance(value, dict):
            out[key] = {name: schema_30(child) for name, child in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [schema_30(child) for child in value]
        elif key in ("items", "additionalProperties", "not"):
            out[key] = schema_30(value)
        else:
            out[key] = value
    return out


def _content(content: Any) -> Any:
    if not isinstance(content, dict):
        return content
    return {
        media: {**body, "schema": schema_30(body["schema"])} if "schema" in body else body
        for media, body in content.items()
    }


def _operation(operation: dict) -> dict:
    out = dict(operation)
    if "parameters" in out:
        out["parameters"] = [
            {**p, "schema": schema_30(p["schema"])} if "schema" in p else p
            for p in out["parameters"]
        ]
    if "requestBody" in out and "content" in out["requestBody"]:
        out["requestBody"] = {
            **out["requestBody"],
            "content": _content(out["requestBody"]["content"]),
        }
    if "responses" in out:
        out["responses"] = {
            code: {**r, "content": _content(r["content"])} if "content" in r else r
            for code, r in out["responses"].items()
        }
    return out


def downgrade(document: dict) -> dict:
    """`document` (3.1, as exported) in OpenAPI 3.0.3."""
    out = dict(document, openapi="3.0.3")
    out["paths"] = {
        path: {
            k: _operation(v) if isinstance(v, dict) and "responses" in v else v
            for k, v in item.items()
        }
        for path, item in document.get("paths", {}).items()
    }
    components = dict(document.get("components", {}))
    if "responses" in components:
        components["responses"] = {
            name: {**r, "content": _content(r["content"])} if "content" in r else r
            for name, r in components["responses"].items()
        }
    out["components"] = components
    return out
