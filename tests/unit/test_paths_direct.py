"""The direct walk of simple `given` paths finds exactly what the JSONPath library finds."""

from __future__ import annotations

from dataclasses import replace

import pytest
import yaml

from naftiko_lint.config import Config
from naftiko_lint.document.loading import parse_document
from naftiko_lint.plan import build_plan
from naftiko_lint.ruleset.given import compile_path

from ..conftest import FIXTURES
from ..rules.patches import load_cases

GIVENS = sorted(
    {g for rule in build_plan(Config()).engine.ruleset.rules.values() for g in rule.given}
)
DIRECT = [g for g in GIVENS if compile_path(g).steps is not None]
DOCUMENTS = sorted(p for p in FIXTURES.rglob("*.y*ml") if "hostile" not in p.parts)
ODD = [  # shapes where the walk must defer to the library or skip nodes as it does
    {"capability": {"exposes": {"a": {"type": "mcp", "tools": [{"description": "x"}]}}}},
    {
        "capability": {
            "exposes": [
                1,
                None,
                True,
                "mcp",
                ["mcp"],
                {"type": ["mcp"]},
                {"type": "mcp", "tools": "text"},
                {"type": "mcp"},
            ]
        }
    },
    {"capability": {"consumes": "text"}},
    {"capability": [{"consumes": []}]},
    {"capability": {"consumes": [{"type": "http", "resources": {"r": {"path": "/x"}}}]}},
]


def _documents() -> list:
    out = []
    for path in DOCUMENTS:
        doc = parse_document(str(path), path.read_bytes())
        if doc.usable:
            out.append(pytest.param(doc.data, id=str(path.relative_to(FIXTURES))))
    for case in load_cases():  # the rule cases' patched and inline documents
        if "name" in case.entry:
            doc = parse_document(case.location, case.text())
            if doc.usable:
                out.append(pytest.param(doc.data, id=f"case-{case.name}"))
    return out + [pytest.param(d, id=f"odd-{i}") for i, d in enumerate(ODD)]


def test_most_default_givens_are_walked_directly() -> None:
    assert len(DIRECT) >= len(GIVENS) // 2


@pytest.mark.parametrize("document", _documents())
def test_direct_walk_equals_the_library(document: object) -> None:
    for given in DIRECT:
        compiled = compile_path(given)
        library = replace(compiled, steps=None)
        assert compiled.find(document) == library.find(document), given


def test_a_generated_shape() -> None:
    text = yaml.safe_dump(
        {
            "capability": {
                "exposes": [{"type": "mcp", "tools": [{"description": f"t{i}"} for i in range(5)]}]
            }
        }
    )
    document = yaml.safe_load(text)
    compiled = compile_path("$.capability.exposes[?(@.type == 'mcp')].tools[*].description")
    assert [m.value for m in compiled.find(document)] == [f"t{i}" for i in range(5)]
    assert compiled.find(document)[0].path == (
        "capability",
        "exposes",
        0,
        "tools",
        0,
        "description",
    )
