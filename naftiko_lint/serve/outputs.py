"""Output parameters as the engine reads and applies them: spec/OutputParameterDeserializer,
util/Resolver.resolveOutputMappings and buildMockData, util/OperationStepExecutor
.applyOutputMappings, util/Converter.convertToJson.

What the deserializer decides: `properties` is read only as a map (its keys name the
properties); `items` is the entry itself or the first of a list; a `value` starting with `$`
on an entry that has a `name` and no `mapping` is a mapping (the consumed-output form); `in`
is never read, so every output counts as a body output. Consequences worth knowing:

* an `object` output without `properties` maps to `{}` (an empty object, not null), so the
  seeds' `{type: object, mapping: $.}` outputs answer `{}` whatever the upstream sent;
* a `value` wins over `mapping` and is rendered as Mustache text (a string);
* the first output that maps to something other than null is the whole reply.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from naftiko_lint.export.mcp_java import node_text
from naftiko_lint.serve.engine_java import jackson_compact
from naftiko_lint.serve.engine_jsonpath import json_path_extract
from naftiko_lint.serve.mustache import render


class ConversionError(Exception):
    """Converter.convertToJson failed (the engine's IOException)."""


NOT_EMULATED = "naftiko-lint: not emulated: "  # how the servers' replies mark one


class NotEmulated(ConversionError):
    """A conversion the engine makes and this emulation does not (html, markdown, avro and
    protobuf): the servers answer it as "not emulated" instead of as an engine failure."""


@dataclass(frozen=True)
class OutputSpec:
    name: str | None = None
    type: str | None = None
    mapping: str | None = None
    value: str | None = None
    max_length: str | None = None
    items: OutputSpec | None = None
    values: OutputSpec | None = None
    properties: tuple[OutputSpec, ...] = field(default_factory=tuple)


def read_output(node: Any) -> OutputSpec:
    """OutputParameterDeserializer.deserializeNode for one entry (a non-map reads as empty)."""
    if not isinstance(node, dict):
        return OutputSpec()
    name = node_text(node["name"]) if "name" in node else None
    mapping = node_text(node["mapping"]) if "mapping" in node else None
    value = None
    if "value" in node:
        raw = node_text(node["value"])
        if "name" in node and raw.strip().startswith("$") and "mapping" not in node:
            mapping = raw
        else:
            value = raw
    items_node = node.get("items")
    if isinstance(items_node, list):
        items_node = items_node[0] if items_node else None
    properties: list[OutputSpec] = []
    if isinstance(node.get("properties"), dict):
        for key, child in node["properties"].items():
            spec = read_output(child)
            properties.append(spec if spec.name is not None else _named(spec, str(key)))
    return OutputSpec(
        name=name,
        type=node_text(node["type"]) if "type" in node else None,
        mapping=mapping,
        value=value,
        max_length=node_text(node["maxLength"]) if "maxLength" in node else None,
        items=read_output(items_node) if isinstance(items_node, dict) else None,
        values=read_output(node["values"]) if "values" in node else None,
        properties=tuple(properties),
    )


def _named(spec: OutputSpec, name: str) -> OutputSpec:
    from dataclasses import replace

    return replace(spec, name=name)


def read_outputs(nodes: Any) -> list[OutputSpec]:
    return [read_output(n) for n in nodes] if isinstance(nodes, list) else []


def _max_length(spec: OutputSpec, value: Any) -> Any:
    """Converter.applyMaxLengthIfNeeded: a text longer than maxLength is cut."""
    if spec.max_length is None or not isinstance(value, str):
        return value
    try:
        limit = int(spec.max_length)
    except ValueError:
        return value
    return value[:limit] if 0 <= limit < len(value) else value


def _extract(spec: OutputSpec, root: Any) -> Any:
    return _max_length(spec, json_path_extract(root, spec.mapping))


def resolve_output(spec: OutputSpec, root: Any, parameters: dict[str, Any] | None = None) -> Any:
    """Resolver.resolveOutputMappings: the mapped value (None for JSON null)."""
    if spec.value is not None:
        return render(spec.value, parameters)
    kind = (spec.type or "").lower()
    if kind == "array":
        found = json_path_extract(root, spec.mapping)
        if not isinstance(found, list):
            return None
        items = spec.items
        out: list[Any] = []
        for element in found:
            if items is None:
                out.append(element)
            elif (items.type or "").lower() == "object" and items.properties:
                out.append({p.name or "": _extract(p, element) for p in items.properties})
            elif items.mapping is not None:
                out.append(_extract(items, element))
            else:
                out.append(element)
        return out
    if kind == "object":
        if spec.values is not None and spec.mapping is not None:
            found = json_path_extract(root, spec.mapping)
            if not isinstance(found, dict):
                return None
            each = spec.values
            return {
                k: _max_length(each, json_path_extract(v, each.mapping) if each.mapping else v)
                for k, v in found.items()
            }
        result: dict[str, Any] = {}
        for prop in spec.properties:
            if prop.mapping is None and (prop.type or "").lower() == "object" and prop.properties:
                result[prop.name or ""] = resolve_output(prop, root)
            else:
                result[prop.name or ""] = _extract(prop, root)
        return result
    return _extract(spec, root)


_DELIMITERS = {"csv": ",", "tsv": "\t", "psv": "|"}
_BINARY = {"avro": "Avro", "protobuf": "Protobuf"}
NOT_EMULATED_FORMATS = frozenset({"html", "markdown", "avro", "protobuf"})


def convert_to_json(
    raw_format: str | None, text: str, *, schema: str | None = None, stream: bool = False
) -> Any:
    """Converter.convertToJson: json, yaml, xml, csv, tsv and psv are read as the engine reads
    them. `stream` picks the engine's overload: the Representation one (the REST adapter's
    mapOutputParameters) reads avro and protobuf given an `outputSchema`, the String one
    (applyOutputMappings: MCP tools, resources, aggregate functions) never does. What the
    engine itself refuses raises ConversionError with its words (an unknown label; avro or
    protobuf from a string, or without a schema); what only this emulation cannot read —
    html and markdown, avro and protobuf with their schema — raises NotEmulated."""
    kind = None if raw_format is None else raw_format.lower()
    try:
        if kind in (None, "json"):
            return json.loads(text) if text.strip() else None
        if kind == "yaml":
            import yaml

            return yaml.safe_load(text)
        if kind == "xml":
            return _xml_tree(text)
        if kind in _DELIMITERS:
            return list(csv.DictReader(io.StringIO(text), delimiter=_DELIMITERS[kind]))
    except (ValueError, ImportError) as error:
        raise ConversionError(str(error)) from error
    except ConversionError:
        raise
    except Exception as error:  # yaml's errors
        raise ConversionError(str(error)) from error
    if kind in _BINARY and not stream:
        raise ConversionError(
            f"{kind} format cannot be converted from a text string; "
            "use the Representation-based overload instead"
        )
    if kind in _BINARY and not schema:
        raise ConversionError(
            f"{_BINARY[kind]} format requires outputSchema to be specified in operation "
            "specification"
        )
    if kind in NOT_EMULATED_FORMATS:
        raise NotEmulated(
            f"outputRawFormat {kind!r} is not converted by naftiko-lint's engine emulation"
        )
    raise ConversionError(f'Unsupported "{raw_format}" format specified')


def _xml_node(element: Any) -> Any:
    """Jackson's XmlMapper.readTree for one element: attributes and child elements become
    fields (a repeated child becomes an array), text beside them goes under "", a leaf is
    its text."""
    fields: dict[str, Any] = dict(element.attrib)
    for child in element:
        value = _xml_node(child)
        if child.tag in fields:
            previous = fields[child.tag]
            fields[child.tag] = (
                [*previous, value] if isinstance(previous, list) else [previous, value]
            )
        else:
            fields[child.tag] = value
    text = (element.text or "").strip()
    if not fields:
        return text
    if text:
        fields[""] = text
    return fields


def _xml_tree(text: str) -> Any:
    import xml.etree.ElementTree as ElementTree

    if "<!DOCTYPE" in text or "<!ENTITY" in text:  # no entity expansion from an upstream
        raise ConversionError("XML with a DOCTYPE is not read here")
    return _xml_node(ElementTree.fromstring(text))


def apply_output_mappings(
    text: str | None, outputs: Any, raw_format: str | None = None, schema: str | None = None
) -> str | None:
    """OperationStepExecutor.applyOutputMappings / ResourceRestlet.mapOutputParameters: the
    first output that maps to non-null, as compact JSON; None to fall back to the raw text
    (ConversionError when the text cannot be read)."""
    specs = read_outputs(outputs)
    if not text or not specs:
        return None
    root = convert_to_json(raw_format, text, schema=schema)
    for spec in specs:
        mapped = resolve_output(spec, root)
        if mapped is not None:
            return jackson_compact(mapped)
    return None


def _mock_value(spec: OutputSpec, parameters: dict[str, Any] | None) -> Any:
    """Resolver.buildMockValue (None stands for NullNode)."""
    if spec.value is not None:
        return render(spec.value, parameters)
    kind = (spec.type or "").lower()
    if kind == "array":
        item = _mock_value(spec.items, parameters) if spec.items is not None else None
        return [] if item is None else [item]
    if kind == "object":
        out = {}
        for prop in spec.properties:
            value = _mock_value(prop, parameters)
            if value is not None:
                out[prop.name if prop.name is not None else "property"] = value
        return out or None
    return None


def build_mock_data(outputs: Any, parameters: dict[str, Any] | None) -> dict[str, Any] | None:
    """Resolver.buildMockData: an object of the outputs' values, None when empty."""
    result: dict[str, Any] = {}
    for spec in read_outputs(outputs):
        value = _mock_value(spec, parameters)
        if value is not None:
            result[spec.name if spec.name is not None else "value"] = value
    return result or None


def _has_static(spec: OutputSpec | None) -> bool:
    if spec is None:
        return False
    return (
        spec.value is not None
        or any(_has_static(p) for p in spec.properties)
        or _has_static(spec.items)
    )


def can_build_mock(outputs: Any) -> bool:
    """ResourceRestlet.canBuildMockResponse: some output (or nested one) has a value."""
    return any(_has_static(spec) for spec in read_outputs(outputs))
