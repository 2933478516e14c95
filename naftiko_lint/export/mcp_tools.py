"""capability -> what its MCP adapter advertises: the results of `tools/list`,
`resources/list`, `resources/templates/list` and `prompts/list`, as the engine builds them.

Ground truth is the engine (naftiko/framework, io.naftiko.engine.exposes.mcp):
McpServerAdapter.buildMcpTool builds each tool, ProtocolDispatcher writes the lists, and
aggregates/AggregateRefResolver fills in what a `ref` tool inherits before either runs.
Key order, omissions and defaults follow what those classes write, so an export can be
committed and diffed against a running server's answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel, as_list
from naftiko_lint.export.mcp_errors import McpChoiceError, McpSurfaceError
from naftiko_lint.export.mcp_hints import annotations
from naftiko_lint.export.mcp_java import hashmap_order, is_blank, node_text, string_field
from naftiko_lint.export.mcp_resources import prompts, resource_templates, resources

__all__ = ["McpChoiceError", "McpSurfaceError", "choose_adapter", "export", "tool_lists"]


@dataclass
class McpExport:
    lists: dict[str, list[dict]]
    notes: list[str] = field(default_factory=list)  # what could not be mapped exactly


def mcp_adapters(model: CapabilityModel) -> list[Adapter]:
    return [a for a in model.adapters if a.type == "mcp"]


def choose_adapter(model: CapabilityModel, expose: str | None) -> Adapter:
    """The `mcp` adapter to export: the only one, or the one whose namespace is `expose`.
    An McpChoiceError (a ValueError) names the choices (the CLI makes it a usage error)."""
    adapters = mcp_adapters(model)
    names = ", ".join(str(a.namespace) for a in adapters)
    if expose is not None:
        for adapter in adapters:
            if adapter.namespace == expose:
                return adapter
        if not adapters:
            raise McpSurfaceError("the capability exposes no mcp adapter")
        raise McpChoiceError(
            f"--expose {expose}: no mcp adapter has that namespace; choose one of: {names}"
        )
    if len(adapters) == 1:
        return adapters[0]
    if not adapters:
        raise McpSurfaceError("the capability exposes no mcp adapter")
    raise McpChoiceError(
        f"the capability exposes {len(adapters)} mcp adapters; choose one with --expose: {names}"
    )


def _functions(model: CapabilityModel) -> dict[str, dict]:
    """`aggNs.fnName` -> function, failing as AggregateRefResolver.buildFunctionMap does on
    a repeated key."""
    functions: dict[str, dict] = {}
    for unit in model.aggregate_units:
        key = f"{node_text(unit.owner)}.{node_text(unit.data.get('name'))}"
        if key in functions:
            raise McpSurfaceError(f"aggregate function {key!r} is declared twice")
        functions[key] = unit.data
    return functions


def _function(functions: dict[str, dict], tool: dict, where: str) -> dict | None:
    ref = tool.get("ref")
    if ref is None:
        return None
    function = functions.get(node_text(ref))
    if function is None:
        raise McpSurfaceError(f"{where}: ref {ref!r} names no aggregate function")
    return function


def input_schema(params: Any, where: str) -> dict:
    """The tool's `inputSchema` (McpServerAdapter.buildMcpTool): each input's `type`
    (default "string") and `description`, in a HashMap (so "description" is written before
    "type"); `required` lists every input whose `required` is not the boolean false.
    McpSchema.JsonSchema is NON_ABSENT: no inputs -> just {"type": "object"}."""
    properties: dict[str, dict] = {}
    required: list[str] = []
    for i, param in enumerate(as_list(params)):
        entry = param if isinstance(param, dict) else {}
        if "name" not in entry:  # a null map key: Jackson cannot write the list
            raise McpSurfaceError(f"{where}: input parameter {i} has no name")
        name = node_text(entry["name"])
        prop = {"type": node_text(entry["type"]) if "type" in entry else "string"}
        if "description" in entry:
            prop["description"] = node_text(entry["description"])
        properties[name] = {key: prop[key] for key in hashmap_order(list(prop))}
        if entry.get("required") is not False:
            required.append(name)
    schema: dict[str, Any] = {"type": "object"}
    if properties:
        schema["properties"] = properties
    if required:
        schema["required"] = required
    return schema


@dataclass
class _Tool:
    """A tool after AggregateRefResolver.resolveMcpToolRef: what it inherited resolved."""

    name: str
    data: dict
    function: dict | None  # its `ref` target
    description: str | None
    params: Any  # its inputParameters, else its function's


def _resolve(data: dict, functions: dict[str, dict]) -> _Tool | None:
    """The tool as McpServerAdapter sees it, or None when it is skipped (no name)."""
    where = f"tool {data.get('name') or data.get('ref')!r}"
    function = _function(functions, data, where) if functions else None
    name = string_field(data.get("name"))
    description = string_field(data.get("description"))
    if function is not None:  # a null or empty name or description is inherited
        name = name or string_field(function.get("name"))
        description = description or string_field(function.get("description"))
    if is_blank(name):
        return None
    params = data.get("inputParameters")
    if not as_list(params) and data.get("ref") is not None:  # buildMcpTool's fallback
        if function is None:
            raise McpSurfaceError(f"{where}: ref {data['ref']!r} names no aggregate function")
        params = function.get("inputParameters")
    return _Tool(str(name), data, function, description, params)


def tools(adapter: Adapter, model: CapabilityModel) -> list[dict]:
    """`tools/list`: the adapter's tools in declaration order, a tool without a (possibly
    inherited) name skipped as the engine skips it. Keys in ProtocolDispatcher's order:
    name, title, description, inputSchema, annotations."""
    functions = _functions(model) if model.aggregate_units else {}
    resolved = [
        tool
        for unit in adapter.units
        if unit.kind == "mcp-tool" and (tool := _resolve(unit.data, functions)) is not None
    ]
    titles: dict[str, str] = {}  # McpServerAdapter.toolLabels: by name, the last label wins
    for tool in resolved:
        label = string_field(tool.data.get("label"))
        if label is not None:
            titles[tool.name] = label
    out = []
    for tool in resolved:
        entry: dict[str, Any] = {"name": tool.name}
        if tool.name in titles:
            entry["title"] = titles[tool.name]
        if tool.description is not None:
            entry["description"] = tool.description
        entry["inputSchema"] = input_schema(tool.params, f"tool {tool.name!r}")
        found = annotations(tool.data, tool.function)
        if found is not None:
            entry["annotations"] = found
        out.append(entry)
    return out


def export(capability: Any, expose: str | None = None) -> McpExport:
    """The four lists of one mcp adapter and the notes on what could not be mapped."""
    model: CapabilityModel = capability.model
    adapter = choose_adapter(model, expose)
    notes: list[str] = []
    lists = {
        "tools": tools(adapter, model),
        "resources": resources(adapter, notes),
        "resourceTemplates": resource_templates(adapter),
        "prompts": prompts(adapter),
    }
    return McpExport(lists, notes)


def tool_lists(capability: Any, expose: str | None = None) -> dict[str, list[dict]]:
    """`{"tools", "resources", "resourceTemplates", "prompts"}` as the engine lists them
    for the adapter `expose` chooses (see choose_adapter)."""
    return export(capability, expose).lists
