"""JSONPath as the engine evaluates output mappings: util/Converter.jsonPathExtract on
Jayway json-path 2.9.0 (JacksonJsonNodeJsonProvider, default options).

* a null or empty mapping gives null; `$` and `$.` (trimmed) give the whole payload;
* a path not starting with `$` or `@` is read as `$.` + path (Jayway's PathCompiler);
* a *definite* path (names and single indices only) gives one value, and null when any step
  is missing (PathNotFoundException); an *indefinite* one (`*`, `..`, slices, unions,
  filters) gives the list of what matched, possibly empty;
* trailing functions: `length()`/`size()`, `min()`, `max()`, `avg()`, `sum()`, `stddev()`,
  `keys()`, `first()`, `last()`, `index(n)`, `concat(…)`, `append(…)`;
* a dot segment holding a blank fails in Jayway ("Use bracket notion…"), and the engine
  retries it as `['a b']` (Converter.fixJsonPathWithSpaces); here such a name simply matches;
* any other failure gives null.

Filters support `@.field` existence and comparisons (`==`, `!=`, `<`, `<=`, `>`, `>=`)
against a number, a quoted string, true, false or null; richer filters give null (a
documented gap).
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from typing import Any

_FUNCTION = re.compile(
    r"\.(length|size|min|max|avg|sum|stddev|keys|first|last|index|concat|append)\((.*)\)$"
)
_FILTER = re.compile(r"\?\(\s*@((?:\.[^\s=!<>]+)*)\s*(?:(==|!=|<=|>=|<|>)\s*(.+?))?\s*\)$")


class _NotFound(Exception):
    pass


@dataclass(frozen=True)
class _Step:
    kind: str  # "name", "names", "index", "indices", "slice", "wild", "deep", "filter"
    arg: Any = None


def _parse_bracket(inner: str) -> _Step:
    inner = inner.strip()
    if inner == "*":
        return _Step("wild")
    if inner.startswith("?"):
        match = _FILTER.match(inner)
        if match is None:
            raise ValueError(f"unsupported filter {inner!r}")
        return _Step("filter", match.groups())
    if inner[:1] in "'\"":
        names = [n.strip()[1:-1] for n in re.findall(r"\s*('[^']*'|\"[^\"]*\")\s*(?:,|$)", inner)]
        return _Step("name", names[0]) if len(names) == 1 else _Step("names", names)
    if ":" in inner:
        start, _, end = inner.partition(":")
        return _Step(
            "slice", (int(start) if start.strip() else None, int(end) if end.strip() else None)
        )
    numbers = [int(n) for n in inner.split(",")]
    return _Step("index", numbers[0]) if len(numbers) == 1 else _Step("indices", numbers)


def _parse(path: str) -> list[_Step]:
    steps: list[_Step] = []
    i = 1
    while i < len(path):
        if path.startswith("..", i):
            steps.append(_Step("deep"))
            i += 2
            if i < len(path) and path[i] == "[":
                continue
        elif path[i] == ".":
            i += 1
        if i >= len(path):
            break
        if path[i] == "[":
            depth, j = 0, i
            quote = None
            while j < len(path):
                ch = path[j]
                if quote:
                    quote = None if ch == quote else quote
                elif ch in "'\"":
                    quote = ch
                elif ch == "[":
                    depth += 1
                elif ch == "]":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= len(path):
                raise ValueError("unclosed bracket")
            steps.append(_parse_bracket(path[i + 1 : j]))
            i = j + 1
        else:
            j = i
            while j < len(path) and path[j] not in ".[":
                j += 1
            name = path[i:j]
            steps.append(_Step("wild") if name == "*" else _Step("name", name))
            i = j
    return steps


def _children(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return list(node.values())
    if isinstance(node, list):
        return list(node)
    return []


def _descendants(node: Any) -> list[Any]:
    out = [node]
    for child in _children(node):
        out.extend(_descendants(child))
    return out


def _compare(value: Any, op: str | None, literal: str | None) -> bool:
    if op is None:
        return True
    assert literal is not None
    text = literal.strip()
    if text[:1] in "'\"":
        target: Any = text[1:-1]
    elif text in ("true", "false"):
        target = text == "true"
    elif text == "null":
        target = None
    else:
        target = float(text)
    if isinstance(value, bool) or isinstance(target, bool) or target is None or value is None:
        equal = value is target
    else:
        equal = value == target
    if op in ("==", "!="):
        return equal if op == "==" else not equal
    try:
        return {
            "<": value < target,
            "<=": value <= target,
            ">": value > target,
            ">=": value >= target,
        }[op]
    except TypeError:
        return False


def _filter(node: Any, spec: tuple[str, str | None, str | None]) -> list[Any]:
    fields, op, literal = spec
    out = []
    for item in _children(node):
        value: Any = item
        found = True
        for name in [f for f in fields.split(".") if f]:
            if isinstance(value, dict) and name in value:
                value = value[name]
            else:
                found = False
                break
        if found and _compare(value, op, literal):
            out.append(item)
    return out


def _apply(step: _Step, node: Any, definite: bool) -> list[Any]:
    if step.kind == "name":
        if isinstance(node, dict) and step.arg in node:
            return [node[step.arg]]
        if definite:
            raise _NotFound(step.arg)
        return []
    if step.kind == "names":
        return [node[n] for n in step.arg if isinstance(node, dict) and n in node]
    if step.kind == "index":
        if isinstance(node, list) and -len(node) <= step.arg < len(node):
            return [node[step.arg]]
        if definite:
            raise _NotFound(step.arg)
        return []
    if step.kind == "indices":
        return [node[i] for i in step.arg if isinstance(node, list) and -len(node) <= i < len(node)]
    if step.kind == "slice":
        return list(node[step.arg[0] : step.arg[1]]) if isinstance(node, list) else []
    if step.kind == "wild":
        return _children(node)
    if step.kind == "filter":
        return _filter(node, step.arg)
    return _descendants(node)  # "deep": the following step applies to every descendant


def _numbers(value: Any) -> list[float]:
    items = value if isinstance(value, list) else [value]
    numbers = [v for v in items if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if not numbers:
        raise ValueError("Aggregation function attempted to calculate value using empty array")
    return [float(v) for v in numbers]


def _function(name: str, argument: str, value: Any) -> Any:
    if name in ("length", "size"):
        if isinstance(value, (list, dict, str)):
            return len(value)
        raise ValueError("length() of a scalar")
    if name == "min":
        return min(_numbers(value))
    if name == "max":
        return max(_numbers(value))
    if name == "sum":
        return math.fsum(_numbers(value))
    if name == "avg":
        return statistics.fmean(_numbers(value))
    if name == "stddev":
        return statistics.pstdev(_numbers(value))
    if name == "keys":
        if isinstance(value, dict):
            return list(value)
        raise ValueError("keys() of a non-object")
    items = value if isinstance(value, list) else [value]
    if name in ("first", "last", "index"):
        if not items:
            raise ValueError("empty array")
        position = 0 if name == "first" else -1 if name == "last" else int(argument)
        return items[position]
    literals = [a.strip().strip("'\"") for a in argument.split(",") if a.strip()]
    if name == "concat":
        return "".join(str(v) for v in items) + "".join(literals)
    return [*items, *literals]  # append


def _walk(steps: list[_Step], root: Any) -> Any:
    definite = all(s.kind in ("name", "index") for s in steps)
    current = [root]
    pending_deep = False
    for step in steps:
        if step.kind == "deep":
            pending_deep = True
            continue
        nodes = [d for n in current for d in _descendants(n)] if pending_deep else current
        pending_deep = False
        current = [out for n in nodes for out in _apply(step, n, definite)]
    if pending_deep:
        current = [d for n in current for d in _descendants(n)][1:]
    return current[0] if definite else current


def json_path_extract(root: Any, mapping: Any) -> Any:
    """Converter.jsonPathExtract(root, mapping) as a Python value (None for null)."""
    if not isinstance(mapping, str) or not mapping:
        return None
    text = mapping.strip()
    if text in ("$", "$."):
        return root
    if not text.startswith(("$", "@")):
        text = "$." + text
    function = _FUNCTION.search(text)
    if function is not None:
        text = text[: function.start()] or "$"
    try:
        value = _walk(_parse(text), root)
        if function is not None:
            value = _function(function.group(1), function.group(2), value)
    except (_NotFound, ValueError, TypeError, IndexError, KeyError, statistics.StatisticsError):
        return None
    return value
