"""The capability stage as rule functions see it: a model rule finds the same with the stage
as without it (the one fallback loads the document once per context), and the builder, not
the rules, reads the document's shape."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from naftiko_lint.capability import build_model
from naftiko_lint.capability.stage import load
from naftiko_lint.functions.api import FunctionContext, FunctionResult, capability_for
from naftiko_lint.functions.builtin import builtin_functions

from ..conftest import FIXTURES

SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))
CONSISTENCY = yaml.safe_load((FIXTURES.parent / "rules" / "naftiko-consistency.yaml").read_text())
MODEL_FUNCTIONS = sorted({rule["then"]["function"] for rule in CONSISTENCY["rules"].values()})


def _run(name: str, data: object, capability: object = None) -> list[FunctionResult]:
    function = builtin_functions()[name]
    ctx = FunctionContext(data, (), name, capability=capability)
    return list(function.fn(data, None, ctx) or ())


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_model_rules_find_the_same_with_and_without_the_stage(seed: Path) -> None:
    data = yaml.safe_load(seed.read_text())
    staged = load(data, seed)
    found = {name: _run(name, data, staged) for name in MODEL_FUNCTIONS}
    assert any(found.values())  # every seed has consistency findings
    for name in MODEL_FUNCTIONS:
        assert _run(name, data) == found[name], name


def test_the_fallback_loads_once_per_context_and_resolves_no_import(tmp_path: Path) -> None:
    data = {
        "naftiko": "1.0.0-alpha2",
        "capability": {"consumes": [{"location": "./missing.yaml", "import": "crew"}]},
    }
    ctx = FunctionContext(data, (), "import-unresolved")
    first = capability_for(ctx)
    assert first.data is data and first.file is None and first.imports == {}
    assert capability_for(ctx) is first
    # without a file there is no folder to resolve against: nothing to report
    assert _run("import-unresolved", data) == []
    file = tmp_path / "cap.yaml"
    [finding] = _run("import-unresolved", data, load(data, file))
    assert finding.path == ("capability", "consumes", 0, "location")
    assert "names no file" in finding.message


def test_rules_read_steps_and_params_from_the_model_not_the_document() -> None:
    data = {
        "consumes": [
            {
                "namespace": "crew",
                "inputParameters": [{"name": "Authorization", "in": "header", "value": "x"}],
                "resources": [{"path": "/crew", "operations": [{"name": "list"}]}],
            }
        ],
        "capability": {
            "exposes": [
                {
                    "type": "mcp",
                    "namespace": "tools",
                    "tools": [
                        {
                            "name": "t",
                            "steps": [
                                {"name": "a", "type": "call", "call": "crew.list"},
                                {"name": "a", "type": "call", "call": "crew.list"},
                            ],
                        }
                    ],
                }
            ]
        },
    }
    model = build_model(data)
    [unit] = model.units()
    assert [path for path, _ in unit.steps()] == [
        ("capability", "exposes", 0, "tools", 0, "steps", i) for i in (0, 1)
    ]
    assert [p.path for p in model.consumes["crew"].params] == [
        ("consumes", 0, "inputParameters", 0)
    ]
    capability = load(data, None)
    [repeat] = _run("duplicate-name", data, capability)
    assert repeat.path == ("capability", "exposes", 0, "tools", 0, "steps", 1, "name")
    # the rule asks the builder's model: a model without steps has no step to repeat
    for unit in capability.model.units():
        unit.step_nodes.clear()
    assert _run("duplicate-name", data, capability) == []
