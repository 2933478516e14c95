"""A REST response held against the exported OpenAPI: is its status documented, and does
its body validate against the schema documented for that status and media type?

The OpenAPI document is the one `naftiko-lint export openapi` writes
(`export/openapi.export_openapi`), so this checks the implementation against the same
description the capability gives its clients. Statuses are looked up as OpenAPI does: the
exact code, then its range (`2XX`), then `default`."""

from __future__ import annotations

import json
from typing import Any

from naftiko_lint.pointer import Tokens


def documented(operation: dict, status: int) -> dict | None:
    """The response object `operation` documents for `status`, or None."""
    responses = operation.get("responses") if isinstance(operation.get("responses"), dict) else {}
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if isinstance(responses.get(key), dict):
            return responses[key]
    return None


def _schema(response: dict, media_type: str | None) -> dict | None:
    content = response.get("content") if isinstance(response.get("content"), dict) else {}
    base = (media_type or "").split(";")[0].strip().lower()
    kind = base.split("/")[0] + "/*" if "/" in base else ""
    for key in (base, kind, "*/*"):
        if key and isinstance(content.get(key), dict):
            schema = content[key].get("schema")
            return schema if isinstance(schema, dict) else {}
    return None


def schema_errors(
    document: dict, response: dict, media_type: str | None, body: bytes
) -> list[str] | None:
    """Why `body` is off the documented schema ([] when it conforms); None when the
    response documents no schema for `media_type` (nothing to hold it against)."""
    schema = _schema(response, media_type)
    if schema is None or not schema:
        return None
    base = (media_type or "").split(";")[0].strip().lower()
    if not (base.endswith("json") or base.endswith("+json")):
        return None if schema.get("type") != "string" else []
    try:
        value: Any = json.loads(body.decode("utf-8")) if body.strip() else None
    except (UnicodeDecodeError, ValueError):
        return ["the body is not JSON"]
    from jsonschema import Draft202012Validator

    # the schema as the root, beside the document's components, so its `#/components/…`
    # references resolve
    root = {"components": document.get("components", {}), "allOf": [schema]}
    validator = Draft202012Validator(root)
    return [_describe(error.absolute_path, error.message) for error in validator.iter_errors(value)]


def _describe(path: Any, message: str) -> str:
    where = "/".join(str(token) for token in path)
    return f"at /{where}: {message}" if where else message


def outputs_pointer(unit_path: Tokens, data: dict) -> Tokens:
    """Where a response defect points: the unit's outputParameters, else the unit."""
    return (*unit_path, "outputParameters") if "outputParameters" in data else unit_path
