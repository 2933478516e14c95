"""`tools/call` on every advertised tool, and what reached the mock upstream because of it.

Each call carries sample arguments for the tool's declared inputs; the requests the mock
upstream recorded while it ran are compared with what the declared wiring means it should
send (conformance/expect.py), which turns a wiring defect into observed behaviour.

What the engine answers a failing call (exposes/mcp/ProtocolDispatcher.handleToolsCall): an
IllegalArgumentException out of ToolHandler — a call it cannot resolve, a request it cannot
build (an apikey without a placement, a parameter it cannot resolve) — is the JSON-RPC error
-32602 "Invalid params: …"; any other exception is an `isError` result "Error: …"; -32603
is for requests it cannot dispatch at all. So every JSON-RPC error to a tools/call with
well-formed arguments is a call that really fails: a server error, worded after its code.

A call missing a required argument shows how the implementation handles it; the engine
(ToolHandler.handleToolCall) validates no argument, so acceptance is a warning, never a
failure. An `isError` result whose text starts serve/outputs.NOT_EMULATED is the built-in
engine emulation saying it cannot convert that upstream format: it is returned as a
NOT_EMULATED_NOTE observation, which the runner turns into a note (its own servers) or
drops (a server it does not know), never into a finding."""

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

NOT_EMULATED_NOTE = "not-emulated"  # no rule: the runner's note about an unconverted format


def _required(param: Param) -> bool:
    """McpToolInputParameter.required defaults to true (only `false` makes it optional)."""
    return param.data.get("required") is not False


async def _call(
    probe: McpProbe, name: str, arguments: dict[str, Any], unit: Unit
) -> tuple[dict[str, Any] | None, list[Observation]]:
    try:
        return await probe.call_tool(name, arguments), []
    except RpcError as error:
        return None, [Observation(SERVER_ERROR, unit.path, _rpc_failure(name, error))]
    except Unreachable as error:  # this call stalled; the next ones may still be answered
        return None, [Observation(UNREACHABLE, unit.path, f"tools/call {name!r}: {error}")]


def _rpc_failure(name: str, error: RpcError) -> str:
    """What a JSON-RPC error to a tools/call means, after what the engine answers with it."""
    if error.code == -32602:
        return (
            f"tools/call {name!r} failed with {error}: the engine answers -32602 when the "
            "tool's handler throws IllegalArgumentException (a call it cannot resolve or a "
            "request it cannot build from the declared wiring), so fix what the message names"
        )
    return (
        f"tools/call {name!r} failed with {error}; the engine answers a tool that fails "
        "while it runs with an isError result ('Error: …') and keeps -32603 for requests it "
        "cannot dispatch"
    )


def _not_emulated(result: dict[str, Any] | None) -> str | None:
    """The reason of a built-in server's "not emulated" result, else None."""
    from naftiko_lint.serve.outputs import NOT_EMULATED

    if not isinstance(result, dict) or result.get("isError") is not True:
        return None
    content = result.get("content")
    first = content[0] if isinstance(content, list) and content else None
    text = first.get("text") if isinstance(first, dict) else None
    if not isinstance(text, str) or not text.startswith(NOT_EMULATED):
        return None
    return text[len(NOT_EMULATED) :].strip().splitlines()[0]


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
    reason = _not_emulated(result)
    if reason is not None:
        out.append(
            Observation(NOT_EMULATED_NOTE, unit.path, f"tools/call {name!r} not checked: {reason}")
        )
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
