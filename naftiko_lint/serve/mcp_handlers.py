"""The MCP methods of one `mcp` adapter, answered as the engine answers them, as handlers
for the `mcp` SDK's low-level server.

Ground truth: exposes/mcp/ProtocolDispatcher (the result envelopes and error codes),
ToolHandler (tools by name in a ConcurrentHashMap, so a repeated name serves the last
one), ResourceHandler (the first declared resource that matches a uri serves it) and
PromptHandler. The lists are the ones `naftiko-lint export mcp-tools` writes
(export/mcp_tools.py, export/mcp_resources.py), so what is served is what is exported.

ProtocolDispatcher answers an IllegalArgumentException with -32602 "Invalid params: …",
another exception from a tool with an `isError` result "Error: …", and another exception
from a resource or prompt with -32603 "Internal error: …". Handlers return plain dicts:
the SDK copies them to the wire after checking them against its own result models."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import mcp_types as types
from mcp.shared.exceptions import MCPError

from naftiko_lint.capability.model import Adapter, CapabilityModel, Unit, as_list
from naftiko_lint.export.mcp_java import is_blank, string_field
from naftiko_lint.export.mcp_resources import prompts, resource_templates, resources
from naftiko_lint.export.mcp_tools import tools
from naftiko_lint.serve.engine import Engine, match_template
from naftiko_lint.serve.mcp_files import matches_static, read_static, render_prompt

ENGINE_VERSION = "1.0.0"  # ProtocolDispatcher.handleInitialize: serverInfo.version
ENGINE_PROTOCOL_VERSION = "2025-11-25"  # ProtocolDispatcher.MCP_PROTOCOL_VERSION


def invalid_params(message: str) -> MCPError:
    return MCPError(code=types.INVALID_PARAMS, message=f"Invalid params: {message}")


def internal_error(message: str) -> MCPError:
    return MCPError(code=types.INTERNAL_ERROR, message=f"Internal error: {message}")


def _reason(error: BaseException) -> str:
    """Java's `getMessage()`: the exception's text (an OSError's with its file name)."""
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    return str(error)


def tool_name(unit: Unit) -> str | None:
    """The name ToolHandler files a tool under: its own, or for a `ref` tool without
    one, its function's (AggregateRefResolver fills it in before the handler is built)."""
    name = string_field(unit.data.get("name"))
    if is_blank(name) and isinstance(unit.data.get("ref"), str):
        name = unit.data["ref"].partition(".")[2]
    return None if is_blank(name) else str(name)


def error_result(text: str) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": text}], "isError": True}


@dataclass
class McpSurface:
    """Everything one adapter answers; built once, as McpServerAdapter builds its tool
    list when it starts (a capability whose tools cannot be listed fails here)."""

    adapter: Adapter
    model: CapabilityModel
    engine: Engine
    tool_list: list[dict] = field(init=False)
    by_name: dict[str, Unit] = field(init=False)

    def __post_init__(self) -> None:
        self.tool_list = tools(self.adapter, self.model)
        self.by_name = {}
        for unit in self.adapter.units:
            name = tool_name(unit) if unit.kind == "mcp-tool" else None
            if name is not None:
                self.by_name[name] = unit  # ConcurrentHashMap.put: the last one wins
        resources(self.adapter, [])  # a resource without uri or name fails at start
        resource_templates(self.adapter)
        prompts(self.adapter)

    # -- initialize -------------------------------------------------------------------

    @property
    def name(self) -> str:
        return str(self.adapter.namespace)

    @property
    def instructions(self) -> str | None:
        return string_field(self.adapter.data.get("description"))

    @property
    def has_resources(self) -> bool:
        return bool(as_list(self.adapter.data.get("resources")))

    @property
    def has_prompts(self) -> bool:
        return bool(as_list(self.adapter.data.get("prompts")))

    def capabilities(self) -> types.ServerCapabilities:
        """handleInitialize: `tools` always, `resources` and `prompts` only when the
        adapter declares some, each an empty object."""
        return types.ServerCapabilities(
            tools=types.ToolsCapability(),
            resources=types.ResourcesCapability() if self.has_resources else None,
            prompts=types.PromptsCapability() if self.has_prompts else None,
        )

    # -- tools ------------------------------------------------------------------------

    async def list_tools(self, ctx: Any, params: Any) -> dict[str, Any]:
        return {"tools": self.tool_list}

    async def call_tool(self, ctx: Any, params: types.CallToolRequestParams) -> dict[str, Any]:
        """handleToolsCall: no argument is checked against the inputSchema (the engine
        checks none); an unknown tool is -32602; any failure is an `isError` result."""
        unit = self.by_name.get(params.name)
        if unit is None:
            raise invalid_params(f"Unknown tool: {params.name}")
        arguments = dict(params.arguments) if params.arguments is not None else {}
        try:
            result = await self.engine.tool(unit, arguments)
        except ValueError as error:
            raise invalid_params(_reason(error)) from error
        except Exception as error:  # the engine answers every failure
            return error_result(f"Error: {_reason(error)}")
        out: dict[str, Any] = {
            "content": [{"type": "text", "text": result.text}],
            "isError": bool(result.is_error),
        }
        if result.structured is not None:
            out["structuredContent"] = result.structured
        return out

    # -- resources --------------------------------------------------------------------

    def _resource_units(self) -> list[Unit]:
        """The adapter's resources in declaration order (ResourceHandler's list)."""
        return [u for u in self.adapter.units if u.kind == "mcp-resource"]

    async def list_resources(self, ctx: Any, params: Any) -> dict[str, Any]:
        try:
            return {"resources": resources(self.adapter, [])}
        except Exception as error:
            raise internal_error(_reason(error)) from error

    async def list_resource_templates(self, ctx: Any, params: Any) -> dict[str, Any]:
        return {"resourceTemplates": resource_templates(self.adapter)}

    async def read_resource(
        self, ctx: Any, params: types.ReadResourceRequestParams
    ) -> dict[str, Any]:
        """handleResourcesRead: the first resource that matches `uri` (a static one by
        prefix, a dynamic one exactly or by its `{name}` template) reads it."""
        uri = str(params.uri)
        if uri == "":
            raise invalid_params("uri is required")
        try:
            content = await self._read(uri)
        except MCPError:
            raise
        except ValueError as error:
            raise invalid_params(_reason(error)) from error
        except Exception as error:
            raise internal_error(_reason(error)) from error
        return {"contents": [content]}

    async def _read(self, uri: str) -> dict[str, Any]:
        for unit in self._resource_units():
            spec = unit.data
            spec_uri = spec.get("uri") if isinstance(spec.get("uri"), str) else None
            if spec.get("location") is not None:
                if matches_static(spec_uri, uri):
                    found = read_static(spec, uri)
                    return _contents(found.uri, found.mime_type, found.text)
            elif match_template(spec_uri, uri) is not None:
                result = await self.engine.resource(unit, uri)
                return _contents(result.uri, result.mime_type, result.text)
        raise ValueError(f"Unknown resource URI: {uri}")

    # -- prompts ----------------------------------------------------------------------

    async def list_prompts(self, ctx: Any, params: Any) -> dict[str, Any]:
        return {"prompts": prompts(self.adapter)}

    async def get_prompt(self, ctx: Any, params: types.GetPromptRequestParams) -> dict[str, Any]:
        """handlePromptsGet: the prompt rendered with its arguments (null ones dropped,
        as PromptHandler.toStringMap drops them)."""
        if params.name == "":
            raise invalid_params("name is required")
        spec = self._prompt(params.name)
        if spec is None:
            raise invalid_params(f"Unknown prompt: {params.name}")
        arguments = {k: str(v) for k, v in (params.arguments or {}).items() if v is not None}
        try:
            messages = render_prompt(spec, arguments)
        except ValueError as error:
            raise invalid_params(_reason(error)) from error
        except Exception as error:
            raise internal_error(_reason(error)) from error
        return {
            "messages": [
                {"role": role, "content": {"type": "text", "text": text}} for role, text in messages
            ]
        }

    def _prompt(self, name: str) -> dict | None:
        found = None
        for spec in as_list(self.adapter.data.get("prompts")):
            if isinstance(spec, dict) and string_field(spec.get("name")) == name:
                found = spec  # PromptHandler's map: the last one of a name wins
        return found


def _contents(uri: str, mime_type: str | None, text: str) -> dict[str, Any]:
    out: dict[str, Any] = {"uri": uri}
    if mime_type is not None:
        out["mimeType"] = mime_type
    out["text"] = text
    return out
