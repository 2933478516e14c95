"""The errors of a small JSON Schema check (a configuration, a ruleset's shape, a function's
options), with python-jsonschema imported only when there are some.

jsonschema-rs answers "valid?" in microseconds; python-jsonschema costs 100 ms to import
and is what words the messages. So jsonschema-rs decides first, and python-jsonschema runs
only on a value it finds invalid, which gives exactly the errors python-jsonschema alone
would give. Where the two could disagree the yes/no is python-jsonschema's: a schema with
`pattern`, `patternProperties` or `format` (regular expression dialects and format
checking differ), a value jsonschema-rs cannot take (a date, a non-string key), or no
jsonschema-rs at all.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from naftiko_lint.no_fetch import refuse_retrieval, registry

DRAFTS = ("7", "2020-12")
_DIALECT_KEYWORDS = frozenset(("pattern", "patternProperties", "format"))


def schema_errors(schema: dict, value: Any, draft: str = "2020-12") -> list[Any]:
    """python-jsonschema's errors of `value` (its ValidationError objects, in its order);
    [] when valid. `$ref`s are never fetched."""
    fast = _fast_validator(_key(schema), draft)
    if fast is not None:
        try:
            if fast.is_valid(value):
                return []
        except (ValueError, TypeError, OverflowError):
            pass  # a value jsonschema-rs cannot take: python-jsonschema decides
    from jsonschema import Draft7Validator, Draft202012Validator

    cls = Draft7Validator if draft == "7" else Draft202012Validator
    return list(cls(schema, registry=registry()).iter_errors(value))


def _key(schema: dict) -> str | None:
    """The schema as canonical JSON (what the compiled validators are cached by)."""
    try:
        return json.dumps(schema, sort_keys=True)
    except (TypeError, ValueError):
        return None


@cache
def _fast_validator(text: str | None, draft: str) -> Any | None:
    """jsonschema-rs's validator, or None where its yes/no is not python-jsonschema's
    (jsonschema-rs is imported here, by the first configuration or ruleset checked)."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - exercised only where the wheel is missing
        return None
    if text is None:
        return None
    schema = json.loads(text)
    if _mentions(schema, _DIALECT_KEYWORDS):
        return None
    cls = jsonschema_rs.Draft7Validator if draft == "7" else jsonschema_rs.Draft202012Validator
    try:
        return cls(schema, validate_formats=False, retriever=refuse_retrieval)
    except Exception:  # any schema it refuses is left to python-jsonschema
        return None


def _mentions(node: Any, keywords: frozenset[str]) -> bool:
    """Any of `keywords` as a key anywhere in `node` (also inside `properties`: erring on
    the side of python-jsonschema costs only time)."""
    if isinstance(node, dict):
        return any(key in keywords or _mentions(v, keywords) for key, v in node.items())
    if isinstance(node, list):
        return any(_mentions(item, keywords) for item in node)
    return False
