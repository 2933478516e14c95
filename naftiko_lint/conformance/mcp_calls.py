"""`tools/call` on every advertised tool, and what reached the mock upstream because of it.

Each call carries sample arguments for the tool's declared inputs; the requests the mock
upstream recorded while it ran are compared with what the declared wiring means it should
send (conformance/expect.py), which turns a wiring defect into observed behaviour. The
engine answers a failing tool with an `isError` result (ProtocolDispatcher.handleToolsCall
catches the exception) and keeps JSON-RPC errors for bad parameters (-32602) and internal
faults: only the latter is a server error here. A call missing a required argument shows
how the implementation handles it; the engine (ToolHandler.handleToolCall) validates no
argument, so acceptance is a warning, never a failure."""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel, Param, Unit
from naftiko_lint.conformance import expect
from naftiko_lint.conformance.findings import MCP_REQUIRED_ACCEPTED as REQUIRED_ACCEPTED
from naftiko_lint.conformance.findings import SERVER_ERROR, UNREACHABLE, Observation
from naftiko_lint.conformance.mcp_listing import tool_inputs, tool_units
from naftiko_lint.conformance.mcp_session import McpProbe, RpcError, Unreachable
from naftiko_lint.conformance.samples import sample_arguments
from naftiko_lint.serve.recording import Recorder


def _required(param: Param) -> bool:
    """McpToolInputParameter.required defaults to true (only `false` makes it optional)."""
    return param.data.get("required") is not False


async def _call(
    probe: McpProbe, name: str, arguments: dict[str, Any], unit: Unit
) -> tuple[dict[str, Any] | None, list[Observation]]:
    try:
        return await probe.call_tool(name, arguments), []
    except RpcError as error:
        return None, [
            Observation(
                SERVER_ERROR,
                unit.path,
                f"tools/call {name!r} failed with {error}; the engine answers a failing "
                "tool with an isError result",
            )
        ]
    except Unreachable as error:  # this call stalled; the next ones may still be answered
        return None, [Observation(UNREACHABLE, unit.path, f"tools/call {name!r}: {error}")]


async def check_tool(
    probe: McpProbe,
    model: CapabilityModel,
    unit: Unit,
    name: str,
    recorder: Recorder,
    seed: int,
) -> list[Observation]:
    """One call with every argument, then one per required argument left out."""
    inputs = tool_inputs(model, unit)
    arguments = sample_arguments(inputs, seed)
    mark = recorder.mark()
    result, out = await _call(probe, name, arguments, unit)
    received = recorder.since(mark)
    if result is not None:
        expectation = expect.expected_call(model, unit, arguments)
        if expectation is not None:
            out += expect.compare(expectation, received)
    for param in inputs:
        if not _required(param) or param.name not in arguments:
            continue
        partial = {k: v for k, v in arguments.items() if k != param.name}
        mark = recorder.mark()
        result, errors = await _call(probe, name, partial, unit)
        reached = bool(recorder.since(mark))  # an isError after the upstream call: accepted
        if errors or result is None or (result.get("isError") is True and not reached):
            continue  # rejected: a server may validate more than the engine does
        out.append(
            Observation(
                REQUIRED_ACCEPTED,
                param.path,
                f"tools/call {name!r} without its required argument {param.name!r} was "
                "accepted; nothing checks required inputs (the engine validates none), so "
                "make it `required: false` or handle it being absent",
            )
        )
    return out


async def check_calls(
    probe: McpProbe,
    model: CapabilityModel,
    adapter: Adapter,
    advertised: set[str],
    recorder: Recorder,
    seed: int,
) -> list[Observation]:
    """Every declared tool the server advertises, in declaration order."""
    out: list[Observation] = []
    for name, unit in tool_units(adapter).items():
        if name in advertised:
            out += await check_tool(probe, model, unit, name, recorder, seed)
    return out
