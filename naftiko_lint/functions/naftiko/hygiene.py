"""What the schema reports badly: mixed unit modes and JsonPath that does not parse."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jsonpath

from naftiko_lint.functions import FunctionContext, FunctionResult, rule_function
from naftiko_lint.model import Unit, as_dict, as_list, model_of

WHOLE_DOCUMENT = {"type": "object"}


@rule_function("unit-mode-mixed", input=WHOLE_DOCUMENT)
def unit_mode_mixed(document: Any, options: Any, ctx: FunctionContext):
    for unit in model_of(ctx).units():
        data = unit.data
        if "call" in data and "steps" in data:
            yield FunctionResult("this unit has both 'call' and 'steps'; a unit is either a "
                                 "simple call or an orchestration: keep one",
                                 (*unit.path, "steps"), key=True)
        if "with" in data and "call" not in data:
            yield FunctionResult("'with' without 'call' is ignored: with maps inputs to the "
                                 "called operation (steps take their own with)",
                                 (*unit.path, "with"), key=True)
        if "mappings" in data and "steps" not in data:
            yield FunctionResult("'mappings' without 'steps' is ignored: mappings copy step "
                                 "outputs", (*unit.path, "mappings"), key=True)


def jsonpath_problem(text: str) -> str | None:
    """Why `text` is no JsonPath in the engine's (Jayway) dialect, or None."""
    if not text.startswith("$"):
        return "a JsonPath starts with '$'"
    if text in ("$", "$."):
        return None  # the whole payload
    try:
        jsonpath.compile(text)
    except jsonpath.JSONPathError as error:
        return str(error).splitlines()[0]
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
    for step_path, step in unit.steps():
        if step.get("type") == "lookup" and "lookupValue" in step:
            yield (*step_path, "lookupValue"), step["lookupValue"]
    for i, mapping in enumerate(as_list(unit.data.get("mappings"))):
        if isinstance(mapping, dict) and "value" in mapping:
            yield (*unit.path, "mappings", i, "value"), mapping["value"]


@rule_function("jsonpath-invalid", input=WHOLE_DOCUMENT)
def jsonpath_invalid(document: Any, options: Any, ctx: FunctionContext):
    model = model_of(ctx)
    found: list[tuple[tuple, Any]] = []
    for entry in model.consumes.values():
        for operation in entry.all_operations if not entry.imported else []:
            outputs = operation.data.get("outputParameters")
            for i, output in enumerate(outputs if isinstance(outputs, list) else []):
                if isinstance(output, dict) and "value" in output:
                    found.append(((*operation.path, "outputParameters", i, "value"),
                                  output["value"]))
    for unit in model.units():
        found.extend(_unit_paths(unit))
    for path, value in found:
        if isinstance(value, str):
            problem = jsonpath_problem(value)
            if problem is not None:
                yield FunctionResult(f"{value!r} is no valid JsonPath: {problem}", path)
