"""Validate a document against its spec version's bundled JSON Schema."""

from __future__ import annotations

import base64
import datetime
import json
from functools import cache
from typing import Any

from naftiko_lint.diagnostics import Finding
from naftiko_lint.spec import versions
from naftiko_lint.spec.backends import Backend, make_backend
from naftiko_lint.spec.messages import SCHEMA, UNKNOWN_PROPERTY, findings


@cache
def load_schema(version: str) -> dict:
    spec = versions.get(version)
    if spec is None:
        raise KeyError(version)
    return json.loads(spec.schema_file.read_text(encoding="utf-8"))


@cache
def backend_for(version: str, prefer: str = "auto") -> Backend:
    """Compiled once per process and version."""
    return make_backend(load_schema(version), prefer)


def jsonable(value: Any) -> Any:
    """Data from the exact YAML path may hold dates, bytes, sets and non-string keys."""
    if isinstance(value, dict):
        return {k if isinstance(k, str) else _key(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return str(key).lower()
    return "null" if key is None else str(key)


def check(
    data: Any,
    version: str,
    *,
    pure_json: bool = False,
    prefer: str = "auto",
    limit: int | None = None,
) -> list[Finding]:
    """All schema findings for `data`, one per root cause, in document order; with `limit`,
    collecting stops once more than `limit` are found."""
    instance = data if pure_json else jsonable(data)
    seen: set[tuple[str, str, str]] = set()
    out: list[Finding] = []
    for violation in backend_for(version, prefer).violations(instance, limit):
        for finding in findings(violation, version):
            key = (finding.rule, finding.pointer, finding.message)
            if key not in seen:
                seen.add(key)
                out.append(finding)
        if limit is not None and len(out) > limit:
            break
    return _one_per_root_cause(out)


def _one_per_root_cause(found: list[Finding]) -> list[Finding]:
    """A misspelled required key is one mistake: keep the error that names both spellings,
    drop the unknown-property warning on the misspelled key."""
    explained = {r for f in found if f.rule == SCHEMA for r in f.related}
    return [f for f in found if not (f.rule == UNKNOWN_PROPERTY and f.pointer in explained)]
