"""Validate with jsonschema-rs (fast) or python-jsonschema (fallback); yield Violations.

Both report the same failing keywords at the same places because the bundled schemas
discriminate unions with if/then: a validator never explores a branch the document does
not select. A differential test holds the two backends to identical output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from naftiko_lint import pointer as jp
from naftiko_lint.no_fetch import refuse_retrieval, registry
from naftiko_lint.spec.violations import Violation, instance_at, resolve_pointer


def _rust() -> Any | None:
    """The jsonschema-rs module (imported by the first schema compiled: a run answered
    from the cache never pays for it), or None where it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - exercised only where the wheel is missing
        return None
    return jsonschema_rs


# Past this many errors a document is a flood: jsonschema-rs's iter_errors builds every error
# (with its instance) before yielding the first, 45 µs and kilobytes apiece, so a flood is read
# from `evaluate()` instead, which is four times cheaper but reports the failing keywords
# inside a oneOf/anyOf branch rather than the oneOf/anyOf itself; those are left out.
FLOOD_ERRORS = 2_000


class Backend(Protocol):
    name: str

    def violations(self, data: Any, limit: int | None = None) -> Iterator[Violation]: ...


class RustBackend:
    name = "jsonschema-rs"

    def __init__(self, schema: dict) -> None:
        self._schema = schema
        # its default retriever would fetch a `$ref` over HTTP or from a file:// path
        rust = _rust()
        if rust is None:
            raise RuntimeError("jsonschema-rs is not installed")
        self._validator = rust.validator_for(schema, retriever=refuse_retrieval)

    def violations(self, data: Any, limit: int | None = None) -> Iterator[Violation]:
        if self._validator.is_valid(data):
            return
        if _nodes_at_most(data, FLOOD_ERRORS):
            # a document this small cannot flood (an error is about a node, a few at most
            # per node): its errors are read directly, without the flood checks' walk and
            # evaluate() (which builds the annotations of every node: four times the
            # errors' cost on a typical file)
            yield from self._errors(data)
            return
        if limit is not None:
            # A flood is found on the document with every list cut to its first
            # PRUNED_ITEMS items: no bundled schema has maxItems, uniqueItems or contains,
            # so its errors are errors of the whole document, in the same places; when
            # they already pass the limit, the whole document is never evaluated.
            items = PRUNED_ITEMS
            pruned = _pruned(data, items)
            while pruned is not data:
                errors = self._validator.evaluate(pruned).errors()
                if len(errors) > max(limit, FLOOD_ERRORS):
                    yield from self._flood(pruned, errors)
                    return
                items *= 4
                pruned = _pruned(data, items)
        evaluated = self._validator.evaluate(data).errors()
        if len(evaluated) > FLOOD_ERRORS:
            yield from self._flood(data, evaluated)
            return
        yield from self._errors(data)

    def _errors(self, data: Any) -> Iterator[Violation]:
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
            yield Violation(
                keyword,
                path,
                subschema,
                instance_at(data, path),
                key if isinstance(key, str) else None,
            )

    def _flood(self, data: Any, errors: list[dict]) -> Iterator[Violation]:
        for error in errors:
            fragment = str(error.get("absoluteKeywordLocation", "")).partition("#")[2]
            tokens = jp.split(fragment) if fragment.startswith("/") else []
            if not tokens or "oneOf" in tokens or "anyOf" in tokens or "propertyNames" in tokens:
                continue
            path = _typed_path(data, str(error.get("instanceLocation", "")))
            if path is None:
                continue
            yield Violation(
                tokens[-1],
                path,
                resolve_pointer(self._schema, tokens[:-1]),
                instance_at(data, path),
            )


PRUNED_ITEMS = 500


def _nodes_at_most(data: Any, cap: int) -> bool:
    """Does `data` hold at most `cap` nodes (containers and scalars)? Stops counting past it."""
    count, stack = 0, [data]
    while stack:
        node = stack.pop()
        count += 1
        if isinstance(node, dict):
            count += len(node)
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
        elif isinstance(node, list):
            count += len(node)
            stack.extend(v for v in node if isinstance(v, dict | list))
        if count > cap:
            return False
    return True


def _pruned(node: Any, size: int) -> Any:
    """`node` with every list longer than `size` cut to its first `size` items; the same
    object where nothing under it was cut."""
    if isinstance(node, dict):
        changed = False
        out = {}
        for key, value in node.items():
            kept = _pruned(value, size) if isinstance(value, dict | list) else value
            changed = changed or kept is not value
            out[key] = kept
        return out if changed else node
    if isinstance(node, list):
        head = node[:size] if len(node) > size else node
        items = [_pruned(v, size) if isinstance(v, dict | list) else v for v in head]
        if head is node and all(a is b for a, b in zip(items, node, strict=True)):
            return node
        return items
    return node


def _typed_path(data: Any, pointer: str) -> tuple[str | int, ...] | None:
    """An instance pointer as a path whose list indices are ints; None if it names nothing."""
    found = jp.walk(data, jp.split(pointer))
    return None if found is None else found[0]


class PythonBackend:
    name = "jsonschema"

    def __init__(self, schema: dict) -> None:
        from jsonschema import Draft202012Validator

        self._validator = Draft202012Validator(schema, registry=registry())

    def violations(self, data: Any, limit: int | None = None) -> Iterator[Violation]:
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
    if prefer in ("auto", "jsonschema-rs") and _rust() is not None:
        return RustBackend(schema)
    if prefer == "jsonschema-rs":
        raise RuntimeError("jsonschema-rs is not installed")
    return PythonBackend(schema)
