"""What each consumed operation's response must contain, read from the capability: the
`Need`s `synth.build` satisfies.

Three readers of an upstream body are emulated, each as the engine reads it:

* the consumed operation's own `outputParameters` (name, type, `value: $.path`): the engine
  turns a named output's `$…` value into a mapping (`spec/OutputParameterDeserializer`) and
  projects the step output through it (`util/OperationStepExecutor.resolveStepOutput`);
* the `outputParameters` of every exposed unit (REST operation, MCP tool or resource,
  aggregate function) that calls the operation, as `util/Resolver.resolveOutputMappings`
  reads them: a top-level object ignores its own `mapping` and reads each property from the
  response root; a property (or array item property) with a `mapping` takes whatever sits
  there, so that value must already have the property's declared shape; an array maps its
  `mapping` and reads its items' mappings relative to each element;
* step `mappings` (`$.step.field.sub`, split on `.`, read from the step output — projected
  when the consumed operation declares outputs) and, for a steps unit, its outputs applied to
  the last call step's response (`exposes/rest/ResourceRestlet` falls back to that).

The units come first, in model order, then `ref` units' own outputs (the engine applies
those only when the function's own map nothing), then the consumed operation's own outputs:
a unit with a `call` maps the *raw* response (ResourceRestlet.sendResponse, ToolHandler
.buildToolResult, AggregateFunction.doExecute never project it), so its outputs decide the
shape, and the consumed outputs only feed step projections — element by element when the
response is an array (resolveStepOutput), hence `each` needs. So the outputs the engine
answers with win a conflict (a consumed `forecast: {type: object, value: $.forecast}` loses
to a function reading `$.forecast` as a string; a consumed `$.imo_number` does not turn a
`$.` array response into an object). A later step reading an earlier one's output
(`{{step.field}}`, a lookup's `lookupValue`) gets a string there, or the declared type of
the consumed output it names. Lookups are not coordinated: the index step's entries are not
made to hold the looked-up value, so a lookup finds a match only when the capability's own
outputs arrange it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from naftiko_lint.capability.model import (
    CapabilityModel,
    ConsumedOperation,
    Unit,
    as_dict,
    as_list,
    iter_strings,
)
from naftiko_lint.capability.placeholders import mustache_names
from naftiko_lint.serve.synth import Need, Shape
from naftiko_lint.serve.synth_paths import Key, Placement, dotted, placement

OperationKey = tuple[str, tuple[str | int, ...]]  # (namespace, pointer of the operation)
_STATIC_TYPES = {"string": (str,), "number": (int, float), "integer": (int,), "boolean": (bool,)}


def operation_key(operation: ConsumedOperation) -> OperationKey:
    return operation.namespace, tuple(operation.path)


def needs_by_operation(model: CapabilityModel) -> dict[OperationKey, list[Need]]:
    """Every consumed operation's needs, in the order they are satisfied."""
    out: dict[OperationKey, list[Need]] = {}
    for entry in model.consumes.values():
        for operation in entry.all_operations:
            out.setdefault(operation_key(operation), [])
    later: list[Unit] = []
    for unit in model.units():
        if _is_ref_only(unit.data):
            later.append(unit)
            continue
        for operation, needs in unit_needs(model, unit):
            out.setdefault(operation_key(operation), []).extend(needs)
    for unit in later:
        function = model.function_unit(unit.data.get("ref"))
        outputs = as_list(unit.data.get("outputParameters"))
        if function is None or not outputs:
            continue
        for operation, _ in unit_needs(model, function):
            out.setdefault(operation_key(operation), []).extend(mapped(outputs))
    for entry in model.consumes.values():
        for operation in entry.all_operations:
            needs = out[operation_key(operation)]
            for output in as_list(operation.data.get("outputParameters")):
                needs += [replace(need, each=True) for need in consumed_needs(output)]
    return out


def _is_ref_only(data: dict) -> bool:
    return isinstance(data.get("ref"), str) and not data.get("call") and not data.get("steps")


def mapping_of(output: dict) -> str | None:
    """The JsonPath an output reads: the `$…` `value` of a named output without `mapping`
    (the deserializer makes it the mapping), else its `mapping` unless a `value` (static or
    templated, which takes precedence in `resolveOutputMappings`) is set."""
    value = output.get("value")
    if value is None:
        return output["mapping"] if isinstance(output.get("mapping"), str) else None
    if "name" in output and "mapping" not in output and str(value).strip().startswith("$"):
        return str(value)
    return None


def is_static(output: dict) -> bool:
    """A `value` the engine returns as text without reading the upstream."""
    return output.get("value") is not None and mapping_of(output) is None


def _need(path: str | None, shape: Shape) -> list[Need]:
    where = placement(path)
    return [] if where is None else [Need(where, shape)]


def consumed_needs(output: Any) -> list[Need]:
    """A consumed output: a value of its type where its `value` points."""
    if not isinstance(output, dict):
        return []
    return _need(mapping_of(output), conforming(output, str(output.get("name", "value"))))


def _named(properties: Any) -> list[tuple[str, dict]]:
    """(name, output) of a `properties` map (mapped form) or list (orchestrated form)."""
    if isinstance(properties, dict):
        return [(str(k), v) for k, v in properties.items() if isinstance(v, dict)]
    return [
        (o["name"], o)
        for o in as_list(properties)
        if isinstance(o, dict) and isinstance(o.get("name"), str)
    ]


def _max_length(output: dict) -> int | None:
    try:
        return int(output["maxLength"])
    except (KeyError, TypeError, ValueError):
        return None


def _constant(kind: str | None, value: Any) -> bool:
    """Whether `export/schemas` writes `value` as the output's `const`: a non-template value
    of the declared JSON type (a boolean is no number)."""
    if not isinstance(value, _STATIC_TYPES.get(str(kind), ())):
        return False
    if isinstance(value, str) and "{{" in value:
        return False
    return kind == "boolean" or not isinstance(value, bool)


def conforming(output: dict, label: str) -> Shape:
    """The shape of a value that matches the output's declared schema as the export writes
    it (`export/schemas.output_value_schema`): members by property name, items nested."""
    kind = output.get("type") if isinstance(output.get("type"), str) else None
    value = output.get("value")
    if is_static(output) and _constant(kind, value):
        return Shape(kind, label, has_const=True, const=value)
    if kind == "object":
        members = tuple(
            Need(Placement((Key(name),), False, None), conforming(child, name))
            for name, child in _named(output.get("properties"))
        )
        return Shape("object", label, members=members)
    if kind == "array":
        items = output.get("items")
        if isinstance(items, dict):
            return Shape("array", label, items=conforming(items, label))
        if isinstance(items, list):
            shape = conforming({"type": "object", "properties": items}, label)
            return Shape("array", label, items=shape)
        return Shape("array", label)
    return Shape(kind, label, _max_length(output))


def mapped(outputs: list) -> list[Need]:
    return [need for output in outputs if isinstance(output, dict) for need in mapped_one(output)]


def mapped_one(output: dict, label: str | None = None) -> list[Need]:
    """What `Resolver.resolveOutputMappings` reads from the response root for one output."""
    label = label or str(output.get("name", "value"))
    if is_static(output):
        return []  # a static or templated value: the upstream is not read
    kind = output.get("type")
    if kind == "array":
        return _need(mapping_of(output), Shape("array", label, items=_element(output, label)))
    if kind == "object":
        needs: list[Need] = []
        for name, prop in _named(output.get("properties")):
            nested = prop.get("type") == "object" and _named(prop.get("properties"))
            if mapping_of(prop) is None and nested:
                needs += mapped_one(prop, name)
            else:
                needs += _need(mapping_of(prop), conforming(prop, name))
        return needs
    return _need(mapping_of(output), conforming(output, label))


def _element(output: dict, label: str) -> Shape:
    """An array element, as the array branch of `resolveOutputMappings` reads it."""
    items = output.get("items")
    items = items[0] if isinstance(items, list) and items else items
    if not isinstance(items, dict):
        return Shape(None, label)
    props = _named(items.get("properties"))
    if items.get("type") == "object" and props:
        members = tuple(n for name, p in props for n in _need(mapping_of(p), conforming(p, name)))
        return Shape("object", label, members=members)
    where = placement(mapping_of(items))
    if where is not None and (where.steps or where.function):
        return Shape(None, label, members=(Need(where, conforming(items, label)),))
    return conforming(items, label)


def unit_needs(model: CapabilityModel, unit: Unit) -> Iterator[tuple[ConsumedOperation, list]]:
    """(operation, needs) for each call of one unit."""
    data, outputs = unit.data, as_list(unit.data.get("outputParameters"))
    if isinstance(data.get("call"), str):
        operation = model.resolve_call(data["call"])[1]
        if operation is not None:
            yield operation, mapped(outputs)
    calls: dict[str, ConsumedOperation] = {}
    last: ConsumedOperation | None = None
    for _, step in unit.steps():
        yield from _earlier_outputs_read(step, calls)
        if step.get("type") == "call" and isinstance(step.get("call"), str):
            operation = model.resolve_call(step["call"])[1]
            if operation is not None:
                calls[str(step.get("name"))] = last = operation
    for mapping in as_list(data.get("mappings")):
        value = as_dict(mapping).get("value")
        if not isinstance(value, str) or not value.startswith("$."):
            continue
        step_name, _, fields = value[2:].partition(".")
        if step_name in calls:
            shape = _target_shape(outputs, as_dict(mapping).get("targetName"))
            yield calls[step_name], _step_field(calls[step_name], fields, shape)
    if last is not None and outputs:
        yield last, mapped(outputs)


def _earlier_outputs_read(
    step: dict, calls: dict[str, ConsumedOperation]
) -> Iterator[tuple[ConsumedOperation, list]]:
    """A step reading an earlier call step's output — `{{get-ship.imo}}` in its `with`
    (the step outputs join the parameters, `addStepOutputToParameters`) or a lookup's
    `lookupValue: $.get-ship.imo` — needs a value there, or it would send an empty one."""
    read: list[str] = [
        name for _, text in iter_strings(step.get("with")) for name in mustache_names(text)
    ]
    lookup = step.get("lookupValue")
    if step.get("type") == "lookup" and isinstance(lookup, str) and lookup.startswith("$."):
        read.append(lookup[2:])
    for name in read:
        head, _, fields = name.partition(".")
        if head in calls and fields:
            yield calls[head], _step_field(calls[head], fields, Shape("string", fields))


def _target_shape(outputs: list, target: Any) -> Shape:
    """The declared shape of a mapping's `targetName` (dotted names reach into properties)."""
    if not isinstance(target, str):
        return Shape()
    found: Any = {"properties": outputs}
    for part in target.split("."):
        found = dict(_named(as_dict(found).get("properties"))).get(part)
        if found is None:
            return Shape(None, part)
    return conforming(found, target.rsplit(".", 1)[-1])


def _step_field(operation: ConsumedOperation, fields: str, shape: Shape) -> list[Need]:
    """Where a step mapping's field path reads the raw response: through the projection the
    operation's own outputs make (the first field names one of them), or directly."""
    consumed = [o for o in as_list(operation.data.get("outputParameters")) if isinstance(o, dict)]
    if not consumed:
        return [Need(Placement(dotted(fields), False, None), shape)]
    head, _, rest = fields.partition(".")
    output = next((o for o in consumed if o.get("name") == head), None)
    if output is None or (rest and output.get("type") == "object"):
        return []  # projected away (an object output projects to {}): nothing reaches it
    where = placement(mapping_of(output))
    if where is None:
        return []
    if not rest and isinstance(output.get("type"), str):
        shape = conforming(output, head)  # the consumed output says what sits there
    return [Need(Placement((*where.steps, *dotted(rest)), where.indefinite, None), shape)]
