"""Validate with jsonschema-rs (fast) or python-jsonschema (fallback); yield Violations.

Both report the same failing keywords at the same places because the bundled schemas
discriminate unions with if/then: a validator never explores a branch the document does
not select. A differential test holds the two backends to identical output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from naftiko_lint.schema_check.violations import Violation, instance_at, resolve_pointer

try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - exercised only where the wheel is missing
    jsonschema_rs = None


class Backend(Protocol):
    name: str

    def violations(self, data: Any) -> Iterator[Violation]: ...


class RustBackend:
    name = "jsonschema-rs"

    def __init__(self, schema: dict) -> None:
        self._schema = schema
        self._validator = jsonschema_rs.validator_for(schema)

    def violations(self, data: Any) -> Iterator[Violation]:
        if self._validator.is_valid(data):
            return
        for error in self._validator.iter_errors(data):
            schema_path = list(error.schema_path)
            path = tuple(error.instance_path)
            key = None
            if "propertyNames" in schema_path:
                cut = schema_path.index("propertyNames")
                key = getattr(error.kind, "error", None)
                key = getattr(key, "instance", None) if key is not None else None
                if key is None:
                    key = error.instance
                schema_path = schema_path[: cut + 1]
            keyword = str(schema_path[-1])
            subschema = resolve_pointer(self._schema, schema_path[:-1])
            yield Violation(keyword, path, subschema, instance_at(data, path),
                            key if isinstance(key, str) else None)


class PythonBackend:
    name = "jsonschema"

    def __init__(self, schema: dict) -> None:
        from jsonschema import Draft202012Validator

        self._validator = Draft202012Validator(schema)

    def violations(self, data: Any) -> Iterator[Violation]:
        for error in self._validator.iter_errors(data):
            path = tuple(error.absolute_path)
            key = None
            keyword = str(error.validator)
            schema = error.schema
            if "propertyNames" in error.relative_schema_path:
                # python-jsonschema reports the key against the propertyNames subschema
                key = error.instance if isinstance(error.instance, str) else None
                keyword = "propertyNames"
                schema = {"propertyNames": error.schema}
            yield Violation(keyword, path, schema, instance_at(data, path), key)


def make_backend(schema: dict, prefer: str = "auto") -> Backend:
    if prefer in ("auto", "jsonschema-rs") and jsonschema_rs is not None:
        return RustBackend(schema)
    if prefer == "jsonschema-rs":
        raise RuntimeError("jsonschema-rs is not installed")
    return PythonBackend(schema)
