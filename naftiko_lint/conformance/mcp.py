"""MCP conformance: drive one `mcp` adapter's server with the official SDK client.

In order: initialize, `tools/list` against `export mcp-tools`, `tools/call` on every tool
(upstream requests compared with the declared wiring, required arguments left out one at a
time), resources, prompts. The server may be the built-in one (naftiko_lint.serve.mcp) or
any implementation the user runs, the Naftiko engine included (its MCP adapter is
exposes/mcp/McpServerAdapter + ProtocolDispatcher); the mock upstream plays the consumed
APIs either way. Each request is bounded by `timeout` and the whole run by `max_time`, so a
server that stalls ends the run with an observation instead of a hang."""

from __future__ import annotations

import anyio
import httpx2
from mcp.shared.exceptions import MCPError

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.conformance.findings import MCP_INITIALIZE as INITIALIZE
from naftiko_lint.conformance.findings import MCP_TOOLS_LIST as TOOLS_LIST
from naftiko_lint.conformance.findings import UNREACHABLE, Observation, unique
from naftiko_lint.conformance.mcp_calls import check_calls
from naftiko_lint.conformance.mcp_catalog import check_resources
from naftiko_lint.conformance.mcp_listing import compare_tools
from naftiko_lint.conformance.mcp_prompts import check_prompts
from naftiko_lint.conformance.mcp_session import RpcError, Unreachable, connect, describe, innermost
from naftiko_lint.export.mcp_errors import McpSurfaceError
from naftiko_lint.export.mcp_tools import tools
from naftiko_lint.serve.recording import Recorder

# What a server that is down, slow, not MCP or dropping the connection makes the client raise
TRANSPORT_ERRORS = (RpcError, Unreachable, TimeoutError, OSError, httpx2.HTTPError, MCPError)


async def _checks(
    model: CapabilityModel,
    adapter: Adapter,
    url: str,
    recorder: Recorder,
    seed: int,
    timeout: float,
    out: list[Observation],
) -> None:
    """Append to `out` as it goes, so what was observed before a failure is kept."""
    try:
        expected = tools(adapter, model)
    except McpSurfaceError as error:
        expected = []
        out.append(
            Observation(
                TOOLS_LIST, (*adapter.path, "tools"), f"the tools cannot be exported: {error}"
            )
        )
    initialized = False
    try:
        async with connect(url, timeout) as probe:
            initialized = True
            try:
                served = await probe.listing("tools/list", "tools")
            except RpcError as error:
                out.append(
                    Observation(
                        TOOLS_LIST, (*adapter.path, "tools"), f"tools/list failed with {error}"
                    )
                )
                served = []
            out.extend(compare_tools(model, adapter, expected, served))
            advertised = {t.get("name") for t in served if isinstance(t, dict)}
            out.extend(await check_calls(probe, model, adapter, advertised, recorder, seed))
            out.extend(await check_resources(probe, model, adapter, recorder, seed))
            out.extend(await check_prompts(probe, adapter))
    except BaseException as error:  # transport errors arrive wrapped in exception groups
        inner = innermost(error)
        if not isinstance(inner, TRANSPORT_ERRORS):
            raise  # a cancellation, or a fault of the checks themselves: not the server's
        out.append(_failure(adapter, url, inner, initialized, timeout))


def _failure(
    adapter: Adapter, url: str, error: BaseException, initialized: bool, timeout: float
) -> Observation:
    if isinstance(error, RpcError) and not initialized:
        return Observation(
            INITIALIZE,
            adapter.path,
            f"{url} answered initialize but not as an MCP server ({error}); serve MCP "
            "Streamable HTTP at that URL",
        )
    if isinstance(error, (Unreachable, TimeoutError)):
        text = str(error) or f"no answer within {timeout:g} s"
    else:
        text = describe(error)
    stage = "during the checks" if initialized else "on initialize"
    return Observation(
        UNREACHABLE,
        adapter.path,
        f"the MCP server at {url} failed {stage}: {text}; start it and check the URL",
    )


async def check_mcp_async(
    model: CapabilityModel,
    adapter: Adapter,
    url: str,
    recorder: Recorder,
    *,
    seed: int = 0,
    timeout: float = 10.0,
    max_time: float | None = None,
) -> list[Observation]:
    out: list[Observation] = []
    limit = max_time if max_time is not None else 60 * timeout
    with anyio.move_on_after(limit) as scope:
        await _checks(model, adapter, url, recorder, seed, timeout, out)
    if scope.cancelled_caught:
        out.append(
            Observation(
                UNREACHABLE,
                adapter.path,
                f"the MCP checks of {url} did not finish within {limit:g} s; "
                "the rest was not checked",
            )
        )
    return unique(out)  # one defect seen by several calls is reported once


def check_mcp(
    model: CapabilityModel,
    adapter: Adapter,
    url: str,
    recorder: Recorder,
    *,
    seed: int = 0,
    timeout: float = 10.0,
    max_time: float | None = None,
) -> list[Observation]:
    """Every observation on the `mcp` adapter served at `url` (its Streamable HTTP endpoint,
    e.g. http://127.0.0.1:9090/mcp). Synchronous: it runs its own event loop, so call it
    from a thread without one (check_mcp_async is the coroutine)."""
    result: list[Observation] = []

    async def run() -> None:
        result.extend(
            await check_mcp_async(
                model, adapter, url, recorder, seed=seed, timeout=timeout, max_time=max_time
            )
        )

    anyio.run(run)
    return result


__all__ = ["check_mcp", "check_mcp_async"]
