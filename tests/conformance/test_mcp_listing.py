"""tools/list comparison: each difference from `export mcp-tools` is one observation, at the
capability node that decides it (no server: served lists are built from the export)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.conformance.findings import MCP_ANNOTATIONS, MCP_TOOLS_LIST
from naftiko_lint.conformance.mcp_listing import compare_tools, tool_inputs
from naftiko_lint.export.mcp_tools import tools
from naftiko_lint.export.source import read_source
from tests.conftest import FIXTURES

CAP = FIXTURES / "conformance" / "items-mcp.yaml"
TOOL0 = ("capability", "exposes", 0, "tools", 0)


Surface = tuple[CapabilityModel, Adapter, list[dict]]


@pytest.fixture(scope="module")
def surface() -> Surface:
    model = read_source(str(CAP)).capability.model
    adapter = next(a for a in model.adapters if a.type == "mcp")
    return model, adapter, tools(adapter, model)


def _found(surface: Surface, served: list[Any]) -> list[tuple[str, tuple]]:
    model, adapter, expected = surface
    return [(o.rule, o.pointer) for o in compare_tools(model, adapter, expected, served)]


def test_the_export_itself_passes(surface: Surface) -> None:
    assert _found(surface, copy.deepcopy(surface[2])) == []


def test_key_order_and_required_order_are_not_differences(surface: Surface) -> None:
    served = copy.deepcopy(surface[2])
    schema = served[0]["inputSchema"]
    served[0]["inputSchema"] = {"required": schema["required"], **schema}
    served.reverse()
    assert _found(surface, served) == []


def test_written_out_defaults_are_no_annotation_difference(surface: Surface) -> None:
    served = copy.deepcopy(surface[2])
    served[1]["annotations"]["openWorldHint"] = True  # MCP's default, unset in the hints
    assert _found(surface, served) == []


def test_a_flipped_hint_is_reported_at_that_hint(surface: Surface) -> None:
    served = copy.deepcopy(surface[2])
    served[0]["annotations"]["readOnlyHint"] = False
    assert _found(surface, served) == [(MCP_ANNOTATIONS, (*TOOL0, "hints", "readOnly"))]


def test_a_hint_the_tool_does_not_set_is_reported_at_its_hints(surface: Surface) -> None:
    served = copy.deepcopy(surface[2])
    served[0]["annotations"]["destructiveHint"] = False
    assert _found(surface, served) == [(MCP_ANNOTATIONS, (*TOOL0, "hints"))]


def test_missing_and_extra_tools(surface: Surface) -> None:
    served = [*copy.deepcopy(surface[2])[1:], {"name": "extra", "inputSchema": {"type": "object"}}]
    assert _found(surface, served) == [
        (MCP_TOOLS_LIST, TOOL0),
        (MCP_TOOLS_LIST, ("capability", "exposes", 0, "tools")),
    ]


@pytest.mark.parametrize(
    ("edit", "pointer"),
    [
        (lambda t: t.pop("title"), (*TOOL0, "label")),
        (lambda t: t.update(description="Other."), (*TOOL0, "description")),
        (lambda t: t["inputSchema"]["properties"].pop("lang"), (*TOOL0, "inputParameters", 1)),
        (
            lambda t: t["inputSchema"]["properties"]["id"].update(type="integer"),
            (*TOOL0, "inputParameters", 0),
        ),
        (lambda t: t["inputSchema"]["required"].append("lang"), (*TOOL0, "inputParameters", 1)),
        (
            lambda t: t["inputSchema"]["properties"].update(q={"type": "string"}),
            (*TOOL0, "inputParameters"),
        ),
    ],
)
def test_each_tool_field_difference_is_located(
    surface: Surface, edit: Callable[[dict], Any], pointer: tuple
) -> None:
    served = copy.deepcopy(surface[2])
    edit(served[0])
    assert (MCP_TOOLS_LIST, pointer) in _found(surface, served)
    assert all(rule == MCP_TOOLS_LIST for rule, _ in _found(surface, served))


def test_a_ref_tool_advertises_its_functions_inputs() -> None:
    model = read_source(str(FIXTURES / "clean" / "aggregates.yaml")).capability.model
    adapter = next(a for a in model.adapters if a.type == "mcp")
    refs = [u for u in adapter.units if u.kind == "mcp-tool" and "ref" in u.data and not u.inputs]
    for unit in refs:
        function = model.function_unit(unit.data["ref"])
        assert tool_inputs(model, unit) == function.inputs
    expected = tools(adapter, model)
    assert compare_tools(model, adapter, expected, copy.deepcopy(expected)) == []
