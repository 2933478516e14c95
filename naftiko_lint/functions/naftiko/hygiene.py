"""What the schema reports badly: mixed unit modes and JsonPath that does not parse."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from naftiko_lint.capability import Unit, as_dict, as_list
from naftiko_lint.capability.stage import Capability
from naftiko_lint.functions.api import FunctionContext, FunctionResult, model_rule
from naftiko_lint.functions.jsonpath_syntax import jsonpath_syntax_error

WHOLE_DOCUMENT = {"type": "object"}


@model_rule("unit-mode-mixed")
def unit_mode_mixed(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    for unit in capability.model.units():
        data = unit.data
        if "call" in data and "steps" in data:
            yield FunctionResult(
                "this unit has both 'call' and 'steps'; a unit is either a "
                "simple call or an orchestration: keep one",
                (*unit.path, "steps"),
                key=True,
            )
        if "mappings" in data and "steps" not in data:
            yield FunctionResult(
                "'mappings' without 'steps' is ignored: mappings copy step outputs",
                (*unit.path, "mappings"),
                key=True,
            )


# Jayway 2.9.0 path functions (util/Converter.jsonPathExtract evaluates with Jayway)
JAYWAY_FUNCTION = re.compile(
    r"\.(length|size|min|max|avg|sum|stddev|keys|first|last|index|concat|append)\((.*)\)$"
)


def _quote_spaced_segments(text: str) -> str:
    """`$.a b.c` → `$['a b'].c`, as Jayway retries a dot segment holding a space."""
    out, depth, i = [], 0, 0
    while i < len(text):
        char = text[i]
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "." and depth == 0:
            end = i + 1
            while end < len(text) and text[end] not in ".[(":
                end += 1
            segment = text[i + 1 : end]
            if " " in segment.strip() and "'" not in segment:
                out.append(f"['{segment}']")
                i = end
                continue
        out.append(char)
        i += 1
    return "".join(out)


def jsonpath_problem(text: str) -> str | None:
    """Why `text` is no JsonPath in the engine's (Jayway) dialect, or None."""
    if not text.startswith("$"):
        return "a JsonPath starts with '$'"
    function = JAYWAY_FUNCTION.search(text)
    if function is not None:
        text = text[: function.start()]  # a trailing path function applies to what precedes
    if text in ("$", "$."):
        return None  # the whole payload
    return jsonpath_syntax_error(_quote_spaced_segments(text))


STEP_PATH_SEGMENT = re.compile(r"^[^\[\]()*?@]+$")


def step_path_problem(text: str) -> str | None:
    """Why `text` is no step reference: the engine reads `$.step.a.b` by splitting on '.'
    (OperationStepExecutor.resolveJsonPathFromStepContext), no Jayway."""
    if not text.startswith("$."):
        return "a step reference is '$.<step>.<field>…'"
    bad = [s for s in text[2:].split(".") if not STEP_PATH_SEGMENT.match(s)]
    if bad:
        return (
            f"segment {bad[0]!r} is read as a plain field name: step references are split "
            "on '.', so brackets, filters, wildcards and functions are not evaluated"
        )
    return None


def _mapped(outputs: Any, base: tuple) -> Iterator[tuple[tuple, Any]]:
    for i, output in enumerate(outputs if isinstance(outputs, list) else []):
        yield from _mapped_one(output, (*base, i))


def _mapped_one(output: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if not isinstance(output, dict):
        return
    if "mapping" in output:
        yield (*path, "mapping"), output["mapping"]
    for name, child in as_dict(output.get("properties")).items():
        yield from _mapped_one(child, (*path, "properties", name))
    if isinstance(output.get("items"), dict):
        yield from _mapped_one(output["items"], (*path, "items"))


def _unit_paths(unit: Unit) -> Iterator[tuple[tuple, Any]]:
    if "call" in unit.data or "steps" not in unit.data:
        yield from _mapped(unit.data.get("outputParameters"), (*unit.path, "outputParameters"))


def _step_paths(unit: Unit) -> Iterator[tuple[tuple, Any]]:
    for step_path, step in unit.steps():
        value = step.get("lookupValue")
        if step.get("type") == "lookup" and isinstance(value, str) and value.startswith("$"):
            yield (*step_path, "lookupValue"), value  # otherwise a template or a literal
    for i, mapping in enumerate(as_list(unit.data.get("mappings"))):
        if isinstance(mapping, dict) and "value" in mapping:
            yield (*unit.path, "mappings", i, "value"), mapping["value"]


@model_rule("jsonpath-invalid")
def jsonpath_invalid(
    capability: Capability, options: Any, ctx: FunctionContext
) -> Iterator[FunctionResult]:
    model = capability.model
    found: list[tuple[tuple, Any]] = []
    for entry in model.consumes.values():
        for operation in entry.all_operations if not entry.imported else []:
            outputs = operation.data.get("outputParameters")
            for i, output in enumerate(outputs if isinstance(outputs, list) else []):
                if isinstance(output, dict) and "value" in output:
                    found.append(
                        ((*operation.path, "outputParameters", i, "value"), output["value"])
                    )
    for unit in model.units():
        found.extend(_unit_paths(unit))
        if unit.kind == "rest-operation":  # body inputs extracted by Resolver with Jayway
            found.extend(
                ((*p.path, "value"), p.value)
                for p in unit.inputs
                if p.location in ("body", None)
                and isinstance(p.value, str)
                and p.value.strip().startswith("$")
            )
    found = list(dict(found).items())  # an inherited input once
    for path, value in found:
        if isinstance(value, str):
            problem = jsonpath_problem(value)
            if problem is not None:
                yield FunctionResult(f"{value!r} is no valid JsonPath: {problem}", path)
    for unit in model.units():
        for path, value in _step_paths(unit):
            problem = step_path_problem(value) if isinstance(value, str) else None
            if problem is not None:
                yield FunctionResult(f"{value!r} is no valid step reference: {problem}", path)
