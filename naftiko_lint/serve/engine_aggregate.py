"""Aggregate functions as aggregates/AggregateFunction.doExecute runs them for a `ref`: the
caller's parameters, then the function's own `with` merged under the aggregate's namespace;
no call and no steps is a mock (its output values); steps run with the function's mappings;
a call is mapped through the function's own outputParameters. The REST and MCP callers
(exposes/rest/ResourceRestlet.executeViaAggregate, exposes/mcp/ToolHandler
.executeViaAggregate) then shape the FunctionResult."""

from __future__ import annotations

from typing import Any

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.serve.engine_params import merge_with
from naftiko_lint.serve.engine_transport import Transport
from naftiko_lint.serve.outputs import apply_output_mappings, build_mock_data
from naftiko_lint.serve.steps import Exchange, StepError, execute_steps, step_mappings


class FunctionResult:
    """AggregateFunction.doExecute's result (FunctionResult)."""

    def __init__(
        self, last: Exchange | None = None, mapped: str | None = None, mock: Any = None
    ) -> None:
        self.last, self.mapped, self.mock = last, mapped, mock


async def run_function(
    model: CapabilityModel, transport: Transport, ref: Any, parameters: dict[str, Any]
) -> FunctionResult:
    """AggregateFunction.doExecute (StepError when a step or the call fails)."""
    unit = model.function_unit(ref)
    if unit is None:
        raise StepError(f"Unknown aggregate function: {ref}")
    merged = dict(parameters)
    merge_with(unit.data.get("with"), merged, unit.namespace)
    data = unit.data
    steps = [step for _, step in unit.steps()]
    if not isinstance(data.get("call"), str) and not steps:
        return FunctionResult(mock=build_mock_data(data.get("outputParameters"), merged))
    if steps:
        result = await execute_steps(model, steps, merged, unit.namespace, transport.call)
        return FunctionResult(result.last, step_mappings(data.get("mappings"), result.outputs))
    found = await transport.call_unit(data, merged)
    if found is None:
        raise StepError(f"Invalid call for Function '{data.get('name')}': {data.get('call')}")
    mapped = None
    if found.body is not None and found.status < 1000:
        mapped = apply_output_mappings(
            found.text, data.get("outputParameters"), found.raw_format, found.raw_schema
        )
    return FunctionResult(found, mapped)
