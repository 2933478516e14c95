"""The four seeds against the built-in servers: their wiring defects show as observed
behaviour — literal references on the wire, unfilled placeholders in upstream paths, POSTs
with no body — each at the capability node to fix (ids and pointers, not wording)."""

from __future__ import annotations

import pytest

from naftiko_lint.conformance.findings import UPSTREAM_BODY, UPSTREAM_LITERAL, UPSTREAM_PATH
from naftiko_lint.conformance.runner import Options, run_conformance
from tests.conftest import FIXTURES

SEEDS = FIXTURES / "seeds"
REST_OPS = ("capability", "exposes", 0, "resources")
CONSUMED = ("capability", "consumes", 0, "resources")

EXPECTED = {
    "000_6f3d6f5dce8cee89.yaml": {
        (UPSTREAM_LITERAL, (*REST_OPS, 0, "operations", 1, "with", "status")),
        (UPSTREAM_LITERAL, ("capability", "exposes", 1, "tools", 1, "with", "limit")),
        (UPSTREAM_PATH, (*CONSUMED, 1, "path")),
        (UPSTREAM_BODY, (*REST_OPS, 0, "operations", 0, "with", "body")),
        (UPSTREAM_BODY, ("capability", "exposes", 1, "tools", 0, "with", "body")),
    },
    "001_3b724ad6c0282b03.yaml": {
        (UPSTREAM_BODY, (*REST_OPS, 0, "operations", 0, "with", "body")),
        (UPSTREAM_BODY, ("capability", "exposes", 1, "tools", 0, "with", "body")),
    },
    "002_ebe19b2030c3657d.yaml": {
        (UPSTREAM_LITERAL, (*REST_OPS, 0, "operations", 0, "with", "userId")),
        (UPSTREAM_PATH, (*CONSUMED, 0, "path")),
        (UPSTREAM_PATH, (*CONSUMED, 1, "path")),
        (UPSTREAM_BODY, (*REST_OPS, 0, "operations", 1, "with", "body")),
    },
    "003_87e5be75c14015e1.yaml": {
        (UPSTREAM_PATH, (*CONSUMED, 1, "path")),
        (UPSTREAM_BODY, (*REST_OPS, 0, "operations", 1, "with", "body")),
        (UPSTREAM_BODY, (*REST_OPS, 1, "operations", 1, "with", "body")),
    },
}
# what each seed may show besides: only the wiring rules (its MCP tools have no inputs, so
# no required argument can be left out)
ALLOWED = {UPSTREAM_BODY, UPSTREAM_LITERAL, UPSTREAM_PATH}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_seed_fails_with_its_wiring_defects(name: str) -> None:
    outcome = run_conformance(str(SEEDS / name), Options(max_examples=0, timeout=5, max_time=60))
    found = {(o.rule, o.pointer) for o in outcome.observations}
    assert EXPECTED[name] <= found
    assert {rule for rule, _ in found} <= ALLOWED
