"""Resource and prompt comparison without a server: listings matched by key, prompts
rendered as exposes/mcp/PromptHandler renders them."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from naftiko_lint.capability.model import Adapter, Unit
from naftiko_lint.conformance.findings import MCP_PROMPTS, MCP_RESOURCES
from naftiko_lint.conformance.mcp_catalog import _static_text, compare_listing
from naftiko_lint.conformance.mcp_prompts import _rendered
from naftiko_lint.export.mcp_resources import prompts, resources
from naftiko_lint.export.source import read_source
from tests.conftest import FIXTURES

CAP = FIXTURES / "conformance" / "catalogue-mcp.yaml"
ADAPTER = ("capability", "exposes", 0)


@pytest.fixture(scope="module")
def adapter() -> Adapter:
    model = read_source(str(CAP)).capability.model
    return next(a for a in model.adapters if a.type == "mcp")


def _where(adapter) -> dict[str, tuple]:
    return {u.data["name"]: u.path for u in adapter.units if u.kind == "mcp-resource"}


def test_resource_listing_differences_are_located(adapter: Adapter) -> None:
    want = resources(adapter, [])
    base = (*ADAPTER, "resources")
    assert (
        compare_listing(
            MCP_RESOURCES, "resource", "uri", want, copy.deepcopy(want), _where(adapter), base
        )
        == []
    )
    served = copy.deepcopy(want)
    served[0]["title"] = "Index"
    served.append({"uri": "data://other", "name": "other"})
    found = compare_listing(MCP_RESOURCES, "resource", "uri", want, served, _where(adapter), base)
    assert [(o.rule, o.pointer) for o in found] == [
        (MCP_RESOURCES, (*ADAPTER, "resources", 0)),
        (MCP_RESOURCES, base),
    ]
    missing = compare_listing(MCP_RESOURCES, "resource", "uri", want, [], _where(adapter), base)
    assert [o.pointer for o in missing] == [(*ADAPTER, "resources", 0)]


def test_prompts_are_matched_by_name_not_position(adapter: Adapter) -> None:
    want = prompts(adapter)
    where = {"describe-item": (*ADAPTER, "prompts", 0), "summarise": (*ADAPTER, "prompts", 1)}
    served = list(reversed(copy.deepcopy(want)))
    assert (
        compare_listing(MCP_PROMPTS, "prompt", "name", want, served, where, (*ADAPTER, "prompts"))
        == []
    )
    served[1]["arguments"][1]["required"] = True
    found = compare_listing(
        MCP_PROMPTS, "prompt", "name", want, served, where, (*ADAPTER, "prompts")
    )
    assert [o.pointer for o in found] == [(*ADAPTER, "prompts", 0)]


def test_inline_prompts_render_like_the_engine(adapter: Adapter) -> None:
    spec = adapter.data["prompts"][0]
    assert _rendered(spec, {"item_id": "42"}) == [
        ("user", "Describe item 42 in a {{tone}} tone."),  # an unknown placeholder stays
        ("assistant", "I will read item 42 first."),
    ]


def test_file_prompts_and_static_resources_read_the_file(tmp_path: Path) -> None:
    (tmp_path / "ask.md").write_text("Ask about {{topic}}.", encoding="utf-8")
    spec = {"name": "ask", "location": (tmp_path / "ask.md").as_uri()}
    assert _rendered(spec, {"topic": "ships"}) == [("user", "Ask about ships.")]
    assert _rendered({"location": (tmp_path / "none.md").as_uri()}, {}) is None
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("alpha", encoding="utf-8")

    data = {"uri": "docs://d", "location": (tmp_path / "docs").as_uri()}
    unit = Unit("mcp-resource", (), data, None, [])
    assert _static_text(unit, "docs://d/a.txt") == "alpha"
    assert _static_text(unit, "docs://d/b.txt") is None
