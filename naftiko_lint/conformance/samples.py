"""Sample arguments for a unit's inputs: one value per input, by its declared type.

The values are what makes an upstream request readable: each input gets a value no other
input has (so an input mapped to the wrong parameter shows), strings are URL- and
header-safe (they travel in paths, queries and headers unchanged), and numbers print the
same in Python and Java (`String.valueOf` of a Jackson-read Integer or Double). A declared
`pattern` is honoured: a few plain candidates first, else hypothesis' `from_regex`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import Any

from naftiko_lint.capability.model import Param


def _token(seed: int, name: str) -> str:
    return hashlib.sha256(f"{seed}:{name}".encode()).hexdigest()[:6]


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.search(pattern, text) is not None
    except re.error:
        return True  # a pattern Python cannot read constrains nothing we can honour


def _from_pattern(pattern: str, preferred: str, index: int) -> str:
    """`preferred` when it matches `pattern`, else a plain candidate that does, else the
    smallest string hypothesis finds (deterministically) for it."""
    digits = f"{index + 1}{index + 2}{index + 3}"
    for candidate in (preferred, digits, f"a{index}", preferred.upper(), "A" + digits):
        if _matches(pattern, candidate):
            return candidate
    try:
        from hypothesis import HealthCheck, find, settings
        from hypothesis import strategies as st

        found: str = find(
            st.from_regex(pattern, fullmatch=True),
            lambda text: text.isprintable() and "/" not in text,
            settings=settings(
                database=None,
                derandomize=True,
                max_examples=200,
                suppress_health_check=list(HealthCheck),
            ),
        )
        return found
    except Exception:  # no example (or no hypothesis): the plain value, reported upstream
        return preferred


def sample_value(kind: Any, name: str, index: int, seed: int = 0, pattern: Any = None) -> Any:
    """The sample of the `index`-th input, `name`, of type `kind` (the spec's type enum;
    anything else is a string)."""
    token = _token(seed, name)
    number = 101 + 7 * index + seed % 89
    if kind == "integer":
        return number
    if kind == "number":
        return number + 0.5
    if kind == "boolean":
        return index % 2 == 0
    if kind == "array":
        return [f"a{index}i1{token}", f"a{index}i2{token}"]
    if kind == "object":
        return {f"k{index}": f"o{index}{token}"}
    preferred = f"v{index}x{token}"
    if isinstance(pattern, str) and pattern:
        return _from_pattern(pattern, preferred, index)
    return preferred


def sample_arguments(params: Iterable[Param], seed: int = 0, start: int = 0) -> dict[str, Any]:
    """name -> sample for each input (the first of a repeated name wins), each distinct;
    `start` offsets the indexes, so two calls can give disjoint values."""
    out: dict[str, Any] = {}
    for param in params:
        if param.name in out:
            continue
        data = param.data if isinstance(param.data, dict) else {}
        out[param.name] = sample_value(
            data.get("type"), param.name, start + len(out), seed, data.get("pattern")
        )
    return out


def java_text(value: Any) -> str | None:
    """How the engine writes a scalar argument into a path, query or header (Java's
    `toString` of what Jackson read): None for lists and maps, which have no one form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value)
    return None


def leaves(value: Any) -> list[str]:
    """The scalar texts inside a value: a body that carries the value carries each."""
    if isinstance(value, dict):
        return [text for item in value.values() for text in leaves(item)]
    if isinstance(value, list):
        return [text for item in value for text in leaves(item)]
    text = java_text(value)
    return [] if text is None else [text]
