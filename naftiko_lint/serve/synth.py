"""Synthesise the JSON body a consumed operation answers, so that every output the capability
declares on it finds a value of its declared type.

What must be found is worked out by `synth_needs` (a list of `Need`s: a JsonPath and the
`Shape` of the value it must reach); this module builds one document that satisfies them, in
order. Placing is additive: a need creates the objects and arrays on its way and keeps what an
earlier need put there when the types agree; when they disagree (one output wants `$.data` to
be a string, another reads `$.data.id`) the earlier need wins and the later is left unserved,
which is what the capability's own contradiction would do to the engine too.

Values are deterministic: a `random.Random` seeded from the `--seed` and a SHA-256 digest of
the namespace and operation name (never Python's salted `hash`), consumed in the needs' order,
so the same capability and seed give the same bytes in every process. Strings carry the name
of the output they are for (`"status-3fa2c1"`), cut to a declared `maxLength`; `integer` and
`number` differ (a number has a fractional part); arrays hold one to three items.

The document is JSON data; `synth_formats` writes it in the consumed operation's
`outputRawFormat` (the engine reads the body after that format, util/Converter
.convertToJson)."""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from naftiko_lint.serve.synth_paths import Every, Index, Key, Placement, Step


class _Missing:
    """Nothing placed here yet (distinct from a JSON null)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class Shape:
    """The value a need must find: its declared type (None: any value), a constant when the
    capability fixes one, members an object must hold, the shape of an array's items."""

    type: str | None = None
    label: str = "value"
    max_length: int | None = None
    has_const: bool = False
    const: Any = None
    members: tuple[Need, ...] = ()
    items: Shape | None = None


@dataclass(frozen=True)
class Need:
    """`shape` must be found at `placement` (relative to the document, or to the object or
    array element whose `members` hold it). An `each` need is read from every element when
    the document is an array, and from the document otherwise: a consumed operation's own
    outputs, which util/OperationStepExecutor.resolveStepOutput applies to each element of
    an array response instead of to its root."""

    placement: Placement
    shape: Shape
    each: bool = False


ANY = Shape()
_NUMBERS = {"min", "max", "avg", "sum", "stddev"}


def rng_for(seed: int, namespace: str, operation: str) -> random.Random:
    """The generator of one operation's body: stable across processes and platforms."""
    digest = hashlib.sha256(f"{seed}\0{namespace}\0{operation}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def build(needs: list[Need], rng: random.Random) -> Any:
    """One document satisfying `needs` in order (`{}` when there are none)."""
    document: Any = MISSING
    for need in needs:
        if need.each and isinstance(document, list):
            document = [place(element, need, rng) for element in document]
        else:
            document = place(document, need, rng)
    return {} if document is MISSING else _settle(document, rng)


def encode(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def place(value: Any, need: Need, rng: random.Random) -> Any:
    """`value` with `need` satisfied inside it (created when MISSING)."""
    where = need.placement
    return _put(value, where.steps, _target(where, need.shape), rng)


def _target(where: Placement, shape: Shape) -> Shape:
    """What must sit at the path's end: a trailing function reads the node before it (an
    array for `length()` or `first()`, numbers for `sum()`, an object for `keys()`), and an
    indefinite path answers an array of matches, so each match is one of its items (and a
    function after an indefinite path reads that array: `$.cargo[*].weight.max()` wants
    each weight a number)."""
    if where.indefinite and where.function is not None:
        if where.function in _NUMBERS:
            return Shape("number", shape.label)
        return shape if where.function in ("first", "last", "index") else ANY
    if where.function in ("length", "size"):
        return Shape("array", shape.label)
    if where.function in _NUMBERS:
        return Shape("array", shape.label, items=Shape("number", shape.label))
    if where.function == "keys":
        return Shape("object", shape.label)
    if where.function in ("first", "last", "index"):
        return Shape("array", shape.label, items=shape)
    if where.indefinite and shape.type == "array":
        return shape.items or ANY
    return shape


def _put(value: Any, steps: tuple[Step, ...], shape: Shape, rng: random.Random) -> Any:
    if not steps:
        return _ensure(value, shape, rng)
    step, rest = steps[0], steps[1:]
    if isinstance(step, Key):
        value = {} if value is MISSING else value
        if isinstance(value, dict):
            value[step.name] = _put(value.get(step.name, MISSING), rest, shape, rng)
        return value
    if isinstance(step, Index):
        value = [] if value is MISSING else value
        if isinstance(value, list):
            wanted = step.index + 1 if step.index >= 0 else -step.index
            value.extend([MISSING] * (wanted - len(value)))
            for i, element in enumerate(value):  # the others alike, so none stays missing
                value[i] = _put(element, rest, shape, rng)
        return value
    assert isinstance(step, Every)
    value = [MISSING] * rng.randint(1, 3) if value is MISSING else value
    if isinstance(value, list):
        for i, element in enumerate(value):
            value[i] = _put(element, rest, shape, rng)
    elif isinstance(value, dict):
        for key, member in value.items():
            value[key] = _put(member, rest, shape, rng)
    return value


def _ensure(value: Any, shape: Shape, rng: random.Random) -> Any:
    """`value` made to have `shape`: created when missing, kept (and completed) when its type
    agrees, left alone when it does not (an earlier need put something else there)."""
    if value is MISSING and shape.type is None and shape.members:
        for member in shape.members:  # the members' paths decide the container
            value = place(value, member, rng)
        return value
    if value is MISSING:
        value = fresh(shape, rng)
    elif not compatible(value, shape):
        return value
    if isinstance(value, dict):
        for member in shape.members:
            value = place(value, member, rng)
    elif isinstance(value, list):
        for i, element in enumerate(value):
            value[i] = _ensure(element, shape.items or ANY, rng)
    return value


def _settle(value: Any, rng: random.Random) -> Any:
    """Replace whatever stayed MISSING (an array's filler no need reached) by a string."""
    if value is MISSING:
        return fresh(ANY, rng)
    if isinstance(value, dict):
        return {key: _settle(member, rng) for key, member in value.items()}
    if isinstance(value, list):
        return [_settle(element, rng) for element in value]
    return value


def compatible(value: Any, shape: Shape) -> bool:
    """Whether an existing value already has the shape's JSON type."""
    kind = shape.type
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    return True


def fresh(shape: Shape, rng: random.Random) -> Any:
    """A new value of the shape's type (containers empty, to be filled by `_ensure`)."""
    if shape.has_const:
        return json.loads(json.dumps(shape.const))
    kind = shape.type
    if kind == "integer":
        return rng.randint(1, 1000)
    if kind == "number":
        return rng.randint(0, 999) + rng.randint(1, 99) / 100
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "object":
        return {}
    if kind == "array":
        return [MISSING] * rng.randint(1, 3)
    text = f"{shape.label}-{rng.getrandbits(24):06x}"
    return text if shape.max_length is None else text[: max(shape.max_length, 0)]
