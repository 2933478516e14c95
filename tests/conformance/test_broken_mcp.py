"""The deliberately broken MCP implementation (fixtures/conformance/items_mcp_server.py, on
the real `mcp` SDK) is caught with the right ids by the MCP checks, driven by the real SDK
client against the mock upstream; the same program without its defect passes."""

from __future__ import annotations

import pytest

from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.conformance.findings import (
    MCP_ANNOTATIONS,
    MCP_PROMPTS,
    MCP_REQUIRED_ACCEPTED,
    MCP_RESOURCES,
    UPSTREAM_INPUT,
    Observation,
)
from naftiko_lint.conformance.mcp import check_mcp
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.recording import Recorder
from naftiko_lint.serve.upstream import serve_upstream_in_thread
from tests.conformance.broken_servers import running
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

CAP = FIXTURES / "conformance" / "items-mcp.yaml"
GET_ITEM = ("capability", "exposes", 0, "tools", 0)


@pytest.fixture(scope="module")
def model() -> CapabilityModel:
    return read_source(str(CAP)).capability.model


def _observe(model: CapabilityModel, defect: str) -> list[Observation]:
    adapter = next(a for a in model.adapters if a.type == "mcp")
    recorder = Recorder()
    root, stop = serve_upstream_in_thread(model, recorder)
    try:
        with running("items_mcp_server.py", root, defect) as url:
            return check_mcp(model, adapter, url + "/mcp", recorder, seed=0, timeout=5.0)
    finally:
        stop()


def _errors(observations: list[Observation]) -> list[tuple[str, tuple]]:
    return [(o.rule, o.pointer) for o in observations if o.rule != MCP_REQUIRED_ACCEPTED]


def test_the_correct_implementation_passes(model: CapabilityModel) -> None:
    observations = _observe(model, "none")
    assert _errors(observations) == []
    # it validates no arguments, like the engine: a warning at each required input
    assert {o.pointer for o in observations} == {
        (*GET_ITEM, "inputParameters", 0),
        ("capability", "exposes", 0, "tools", 1, "inputParameters", 0),
    }


def test_wrong_annotations_are_caught_at_the_hint(model: CapabilityModel) -> None:
    assert _errors(_observe(model, "annotations")) == [
        (MCP_ANNOTATIONS, (*GET_ITEM, "hints", "readOnly"))
    ]


def test_a_dropped_argument_is_caught(model: CapabilityModel) -> None:
    found = _errors(_observe(model, "drop-argument"))
    assert found and {rule for rule, _ in found} == {UPSTREAM_INPUT}


CATALOGUE = FIXTURES / "conformance" / "catalogue-mcp.yaml"
CATALOGUE_ADAPTER = ("capability", "exposes", 0)


@pytest.mark.parametrize(
    ("defect", "expected"),
    [
        ("none", []),
        (
            "resource",
            [(MCP_RESOURCES, (*CATALOGUE_ADAPTER, "resources", 1, "mimeType"))],
        ),
        ("prompt", [(MCP_PROMPTS, (*CATALOGUE_ADAPTER, "prompts", 0, "template"))]),
    ],
)
def test_resource_and_prompt_defects_are_caught(
    defect: str, expected: list[tuple[str, tuple]]
) -> None:
    model = read_source(str(CATALOGUE)).capability.model
    adapter = next(a for a in model.adapters if a.type == "mcp")
    recorder = Recorder()
    root, stop = serve_upstream_in_thread(model, recorder)
    try:
        with running("catalogue_mcp_server.py", root, defect) as url:
            found = check_mcp(model, adapter, url + "/mcp", recorder, timeout=5.0)
    finally:
        stop()
    assert _errors(found) == expected
