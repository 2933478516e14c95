"""JSON Schema (2020-12, as OpenAPI 3.1 and MCP use it) from declared inputs and outputs.

The public API is two functions, shared by the OpenAPI and MCP exports:

* `input_schema(params, required_by_default=False) -> dict`: an object schema with one
  property per named input (`type`, `description`, `pattern`); `required` lists the inputs
  the capability marks required. Exposed REST inputs have no `required` key, so nothing is
  required by default; MCP tool inputs default to required (`required_by_default=True`:
  every input whose `required` is not `false`).
* `output_schema(outputs) -> dict`: the schema of one output parameter (`properties` and
  `items` nested), or of a list of outputs as the engine returns it when it builds an object
  of them by name (`Resolver.buildMockData`: an unnamed output is the field `value`).

What the capability leaves undefined (no type, an unknown type) becomes `{}`, the loosest
honest schema; `notes`, when given, receives one line per thing that could not be mapped.

A `const` is claimed only where the engine surely answers an output's `value` verbatim.
spec/OutputParameterDeserializer reads `value` as text (`asText()`), and reads it as a
JsonPath `mapping` instead when the entry itself has a `name`, the value starts with `$` and
there is no `mapping` (the consumed-output form). util/Resolver then writes a value as a JSON
*string* (a text node), and only in some places (`values`):

* `"all"`: a mock answer (`Resolver.buildMockData`/`buildMockValue`) writes every value,
  nested ones included, rendered as Mustache;
* `"top"`: a mapped answer (`Resolver.resolveOutputMappings`, called without parameters)
  writes a top-level output's value unrendered, but reads only `mapping` for the members of
  an object and for array items, so a nested value answers null;
* `"none"`: an orchestrated answer is built from `mappings`; outputs' values are not read.

So a `const` is only ever a string, only on a `type: string` output (a number or boolean
`value` is answered as text, which the declared type then reports), never for a template."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from naftiko_lint.export.mcp_java import node_text

TYPES = ("string", "number", "integer", "boolean", "array", "object")
Values = Literal["all", "top", "none"]  # where the engine writes `value`s (module docstring)


def type_schema(declared: Any, where: str = "", notes: list[str] | None = None) -> dict:
    """`{"type": declared}` for a JSON Schema type, else `{}` (and a note saying where)."""
    if declared in TYPES:
        return {"type": declared}
    if notes is not None:
        shown = "no type" if declared is None else f"type {declared!r}"
        notes.append(f"{where}: {shown}, exported as any value")
    return {}


def param_schema(param: dict, where: str = "", notes: list[str] | None = None) -> dict:
    """One input's schema: its type, description and pattern, as declared."""
    schema = type_schema(param.get("type"), where, notes)
    if isinstance(param.get("description"), str):
        schema["description"] = param["description"]
    if isinstance(param.get("pattern"), str):
        schema["pattern"] = param["pattern"]
    return schema


def is_required(param: dict, required_by_default: bool = False) -> bool:
    """Whether an input is required: MCP's `required` defaults to true (only `false` makes
    an input optional); an exposed REST input has no such key, so only `true` counts."""
    value = param.get("required", required_by_default)
    return value is not False if required_by_default else value is True


def input_schema(
    params: Iterable[dict],
    required_by_default: bool = False,
    where: str = "",
    notes: list[str] | None = None,
) -> dict:
    """An object schema of named inputs, in declaration order (the first of a name wins)."""
    properties: dict[str, dict] = {}
    required: list[str] = []
    for param in params:
        name = param.get("name")
        if not isinstance(name, str) or name in properties:
            continue
        properties[name] = param_schema(param, f"{where} input {name!r}", notes)
        if is_required(param, required_by_default):
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


def _constant(output: dict, values: Values) -> dict:
    """`{"const": text}` when the engine answers this output's `value` as that very text
    (see the module docstring), else `{}`."""
    value = output.get("value")
    if values == "none" or output.get("type") != "string" or value is None:
        return {}
    if isinstance(value, (dict, list)):
        return {}
    text = node_text(value)
    if "{{" in text:
        return {}  # rendered at run time (or, mapped, answered unrendered): not claimed
    if "name" in output and text.strip().startswith("$") and "mapping" not in output:
        return {}  # OutputParameterDeserializer reads it as a mapping
    return {"const": text}


def _named(items: Any) -> list[tuple[str, dict]]:
    """(name, output) of the outputs a `properties` holds: a map (name → output) in the
    mapped form, a list of named outputs in the orchestrated form."""
    if isinstance(items, dict):
        return [(str(k), v) for k, v in items.items() if isinstance(v, dict)]
    if isinstance(items, list):
        return [
            (o["name"], o) for o in items if isinstance(o, dict) and isinstance(o.get("name"), str)
        ]
    return []


def output_value_schema(
    output: dict, where: str = "", notes: list[str] | None = None, *, values: Values = "top"
) -> dict:
    """The schema of one output parameter, its `properties` and `items` nested; `values`
    says where the engine answers `value`s (default: a mapped answer's top-level output)."""
    schema = type_schema(output.get("type"), where, notes)
    if isinstance(output.get("description"), str):
        schema["description"] = output["description"]
    schema.update(_constant(output, values))
    inner: Values = "all" if values == "all" else "none"
    if output.get("type") == "object" and "properties" in output:
        schema["properties"] = {
            name: output_value_schema(child, f"{where}.{name}", notes, values=inner)
            for name, child in _named(output["properties"])
        }
    items = output.get("items")
    if output.get("type") == "array" and isinstance(items, dict):
        schema["items"] = output_value_schema(items, f"{where}[]", notes, values=inner)
    elif output.get("type") == "array" and isinstance(items, list):
        schema["items"] = {
            "type": "object",
            "properties": {
                name: output_value_schema(child, f"{where}[].{name}", notes, values=inner)
                for name, child in _named(items)
            },
        }
    return schema


def output_schema(
    outputs: Any, where: str = "", notes: list[str] | None = None, *, values: Values = "all"
) -> dict:
    """One output's schema (a dict), or the object a list of outputs makes by name; `values`
    defaults to a mock answer's (`Resolver.buildMockData`), the usual object by name."""
    if isinstance(outputs, dict):
        return output_value_schema(outputs, where, notes, values=values)
    properties: dict[str, dict] = {}
    for output in outputs if isinstance(outputs, list) else []:
        if isinstance(output, dict):
            name = output.get("name") if isinstance(output.get("name"), str) else "value"
            schema = output_value_schema(output, f"{where}.{name}", notes, values=values)
            properties.setdefault(name, schema)
    return {"type": "object", "properties": properties}
