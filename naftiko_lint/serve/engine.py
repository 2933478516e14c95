"""The engine emulation: what the Naftiko engine sends upstream and answers for one REST
operation, forward route, MCP tool call or MCP resource read.

Each method follows one engine class: `rest` is exposes/rest/ResourceRestlet
.handleFromOperationSpec (with executeViaAggregate), `forward` handleFromForwardSpec, `tool`
exposes/mcp/ToolHandler.doHandleToolCall, `resource` exposes/mcp/ResourceHandler.readDynamic,
and a `ref` runs aggregates/AggregateFunction.doExecute. The request of a consumed call is
built by the pure client_request.build_client_request and sent with httpx to the base URL
that replaces the namespace's baseUri (`upstreams`, from serve/upstream.upstream_bases);
redirects are not followed (the engine's Restlet `Client.handle` does not) and no proxy is
taken from the environment. A namespace with no base URL is never contacted: it answers as a
refused connection.

Failures are answered as the engine answers them (REST statuses and texts in engine_rest,
MCP results in tool_results). Where the engine lets an exception escape to the MCP
dispatcher, this raises `EngineInvalid` (a ValueError: the engine's IllegalArgumentException,
JSON-RPC -32602 "Invalid params: …") or `EngineFailure` (anything else: an `isError` result
"Error: …" for tools, -32603 for resources).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from naftiko_lint.capability.model import CapabilityModel, Resource, Unit
from naftiko_lint.serve.client_request import build_forward_request
from naftiko_lint.serve.engine_aggregate import run_function
from naftiko_lint.serve.engine_java import jackson_compact
from naftiko_lint.serve.engine_params import merge_with, tool_parameters
from naftiko_lint.serve.engine_rest import (
    UNHANDLED,
    Reply,
    mock_object_reply,
    mock_reply,
    not_emulated_reply,
    raw_reply,
    send_response,
    text_reply,
)
from naftiko_lint.serve.engine_transport import Transport
from naftiko_lint.serve.mustache import MustacheError
from naftiko_lint.serve.outputs import NOT_EMULATED, ConversionError, NotEmulated, can_build_mock
from naftiko_lint.serve.steps import StepError, execute_steps, step_mappings
from naftiko_lint.serve.tool_results import (
    NO_ADAPTER,
    ResourceResult,
    ToolResult,
    build_tool_result,
    match_template,
    mock_tool_result,
    not_emulated_result,
    resource_text,
)

__all__ = [
    "Engine",
    "EngineFailure",
    "EngineInvalid",
    "Reply",
    "ResourceResult",
    "ToolResult",
    "match_template",
]


class EngineInvalid(ValueError):
    """The engine threw IllegalArgumentException out of the handler."""


class EngineFailure(RuntimeError):
    """The engine threw another exception out of the handler."""


def _steps(unit: Unit) -> list[dict[str, Any]]:
    return [step for _, step in unit.steps()]


class Engine:
    def __init__(
        self, model: CapabilityModel, upstreams: Mapping[str, str], *, timeout: float = 10.0
    ) -> None:
        self.model = model
        self.transport = Transport(model, upstreams, timeout=timeout)
        self.call = self.transport.call

    async def aclose(self) -> None:
        await self.transport.aclose()

    # -- REST ----------------------------------------------------------------------------

    async def rest(self, unit: Unit, parameters: dict[str, Any]) -> Reply:
        """handleFromOperationSpec for `unit` (already chosen by method)."""
        data = unit.data
        params = dict(parameters)
        merge_with(data.get("with"), params, unit.namespace)
        outputs = data.get("outputParameters")
        if data.get("ref") is not None:
            return await self._rest_ref(unit, params)
        if data.get("call") is not None:
            try:
                found = await self.transport.call_unit(data, params)
            except StepError as error:
                if error.kind != "invalid":
                    raise EngineFailure(str(error)) from error
                return text_reply(400, f"Error resolving request parameters: {error}")
            if found is not None:
                return send_response(outputs, found)
            if can_build_mock(outputs):
                return mock_reply(outputs, params)
            return text_reply(400, f"Invalid call format: {data.get('call')}")
        try:
            result = await execute_steps(
                self.model, _steps(unit), params, unit.namespace, self.call
            )
            mapped = step_mappings(data.get("mappings"), result.outputs)
        except StepError as error:
            if error.kind == "invalid":
                return text_reply(400, str(error))
            return text_reply(500, f"Error while handling an HTTP client call\n\n{error.java()}")
        except MustacheError as error:
            return text_reply(500, f"Error while handling an HTTP client call\n\n{error}")
        if mapped is not None:
            return Reply(200, mapped.encode("utf-8"), "application/json")
        if result.last is not None:
            return send_response(outputs, result.last)
        if can_build_mock(outputs):
            return mock_reply(outputs, params)
        return text_reply(404, UNHANDLED)

    async def _rest_ref(self, unit: Unit, params: dict[str, Any]) -> Reply:
        """executeViaAggregate (REST)."""
        try:
            result = await run_function(self.model, self.transport, unit.data.get("ref"), params)
        except StepError as error:
            if error.kind == "invalid":
                return text_reply(400, str(error))
            return text_reply(500, f"Error in aggregate function call\n\n{error.java()}")
        except MustacheError as error:
            return text_reply(500, f"Error in aggregate function call\n\n{error}")
        except NotEmulated as error:
            return not_emulated_reply(error)
        except ConversionError as error:  # the function's own mapping: an IOException
            return text_reply(
                500, f"Error in aggregate function call\n\njava.io.IOException: {error}"
            )
        if result.mock is not None:
            return mock_object_reply(result.mock)
        if result.mapped is not None:
            return Reply(200, result.mapped.encode("utf-8"), "application/json")
        if result.last is not None:
            return send_response(unit.data.get("outputParameters"), result.last)
        return text_reply(500, f"No result from aggregate function: {unit.data.get('ref')}")

    async def forward(
        self,
        resource: Resource,
        method: str,
        path_var: str | None,
        headers: list[tuple[str, str]],
        body: bytes,
    ) -> Reply:
        """handleFromForwardSpec."""
        spec = resource.data.get("forward")
        spec = spec if isinstance(spec, dict) else {}
        namespace = spec.get("targetNamespace")
        if not isinstance(namespace, str) or namespace not in self.model.consumes:
            return text_reply(404, UNHANDLED)
        trusted = spec.get("trustedHeaders")
        request = build_forward_request(
            self.model,
            namespace,
            method,
            path_var,
            headers,
            body,
            [str(t) for t in trusted] if isinstance(trusted, list) else [],
            base=self.transport.upstreams.get(namespace, ""),
        )
        if request.error is not None:
            return text_reply(500, f"Error while handling an HTTP client call\n\n{request.error}")
        exchange = await self.transport.send(request, None)
        return raw_reply(exchange)

    # -- MCP -----------------------------------------------------------------------------

    async def tool(self, unit: Unit, arguments: dict[str, Any]) -> ToolResult:
        """ToolHandler.doHandleToolCall (EngineInvalid / EngineFailure: see the docstring)."""
        data = unit.data
        try:
            params = tool_parameters(data.get("with"), arguments, unit.namespace)
        except MustacheError as error:
            raise EngineFailure(str(error)) from error
        outputs = data.get("outputParameters")
        if data.get("ref") is not None:
            return await self._tool_ref(unit, params)
        steps = _steps(unit)
        if data.get("call") is None and not steps:
            try:
                return mock_tool_result(outputs, params)
            except MustacheError as error:
                raise EngineFailure(str(error)) from error
        try:
            if steps:
                result = await execute_steps(self.model, steps, params, unit.namespace, self.call)
                mapped = step_mappings(data.get("mappings"), result.outputs)
                if mapped is not None:
                    return ToolResult(mapped, False)
                return build_tool_result(outputs, result.last)
            found = await self.transport.call_unit(data, params)
        except StepError as error:
            if error.kind == "invalid":
                raise EngineInvalid(str(error)) from error
            return ToolResult(f"Error during HTTP client call: {error}", True)
        except Exception as error:  # the engine answers every failure
            return ToolResult(f"Error during HTTP client call: {error}", True)
        if found is None:
            raise EngineInvalid(f"Invalid call for Tool '{data.get('name')}': {data.get('call')}")
        try:
            return build_tool_result(outputs, found)
        except Exception as error:  # escapes to the dispatcher: "Error: …"
            raise EngineFailure(str(error)) from error

    async def _tool_ref(self, unit: Unit, params: dict[str, Any]) -> ToolResult:
        """ToolHandler.executeViaAggregate."""
        try:
            result = await run_function(self.model, self.transport, unit.data.get("ref"), params)
            if result.mock is not None:
                return ToolResult(jackson_compact(result.mock), False)
            if result.mapped is not None:
                return ToolResult(result.mapped, False)
            if result.last is None:
                return ToolResult(NO_ADAPTER, True)
            return build_tool_result(unit.data.get("outputParameters"), result.last)
        except StepError as error:
            if error.kind == "invalid":
                raise EngineInvalid(str(error)) from error
            return ToolResult(f"Error during aggregate function call: {error}", True)
        except NotEmulated as error:
            return not_emulated_result(error)
        except Exception as error:
            return ToolResult(f"Error during aggregate function call: {error}", True)

    async def resource(self, unit: Unit, uri: str) -> ResourceResult:
        """ResourceHandler.readDynamic for a `call` / `steps` resource."""
        data = unit.data
        name = data.get("name")
        variables = match_template(data.get("uri"), uri)
        if variables is None:
            raise EngineInvalid(f"Unknown resource URI: {uri}")
        params: dict[str, Any] = dict(variables)
        try:
            merge_with(data.get("with"), params, unit.namespace)
            if isinstance(data.get("call"), str):
                found = await self.transport.call_unit(data, params)
                if found is None:
                    raise StepError(f"Invalid call for Resource '{name}': {data.get('call')}")
            elif _steps(unit):
                result = await execute_steps(
                    self.model, _steps(unit), params, unit.namespace, self.call
                )
                found = result.last
            else:
                raise StepError(f"Resource '{name}' has neither call nor steps defined")
            text = resource_text(data.get("outputParameters"), found)
        except StepError as error:
            if error.kind == "invalid":
                raise EngineInvalid(str(error)) from error
            raise EngineFailure(str(error)) from error
        except NotEmulated as error:
            raise EngineFailure(f"{NOT_EMULATED}{error}") from error
        except Exception as error:  # the dispatcher's -32603
            raise EngineFailure(str(error)) from error
        mime = data.get("mimeType")
        return ResourceResult(uri, mime if isinstance(mime, str) else "application/json", text)
