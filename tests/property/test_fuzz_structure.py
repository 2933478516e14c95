"""Fuzzing (a): structurally mutated valid documents never crash the linter.

Documents generated from the bundled schemas, and the clean fixtures and seeds (some with an
injected defect of a rule), get dropped, duplicated, retyped and renamed nodes and swapped
references, are written as block YAML, flow YAML or JSON, and go through the whole pipeline:
`check_invariants` (tests/property/fuzz_strategies.py) says what must hold. The quick runs are
deterministic; `pytest -m slow` runs more examples, `scripts/fuzz.py` the long run.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from ..conftest import FIXTURES, examples
from .fuzz_strategies import BASES, STRATEGIES, _base, _defects, check_invariants

QUICK = settings(
    max_examples=examples(60),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
MEDIUM = settings(QUICK, max_examples=examples(600), derandomize=False)


@QUICK
@given(STRATEGIES["fixture_mutants"])
def test_mutated_fixtures_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@settings(QUICK, max_examples=examples(15))
@given(STRATEGIES["schema_mutants"])
def test_mutated_generated_documents_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@pytest.mark.slow
def test_every_base_document_and_its_defects_keep_the_invariant() -> None:
    """Each clean fixture and seed, and each with every defect the mutation test injects."""
    checked = 0
    for origin in BASES:
        docs = [copy.deepcopy(_base(origin))]
        for inject in _defects(origin):
            docs.append(copy.deepcopy(_base(origin)))
            inject(docs[-1])
        for doc in docs:
            check_invariants(yaml.safe_dump(doc, sort_keys=False).encode(), origin)
            checked += 1
    assert checked > 100


@pytest.mark.slow
@MEDIUM
@given(STRATEGIES["fixture_mutants"])
def test_many_mutated_fixtures_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@pytest.mark.slow
@settings(MEDIUM, max_examples=examples(200))
@given(STRATEGIES["schema_mutants"])
def test_many_mutated_generated_documents_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


# Found by fuzzing: a duplicated key whose kept (last) value is longer than the first. The
# source map located the first value, and a finding on part of the kept string was placed
# past that line's end; it now locates the kept value, where the finding is.
# (fixture, line replaced, its replacement, rule, expected ranges)
DUPLICATED_KEYS = {
    "call": (
        "mcp-tools.yaml",
        "          call: weather.current\n",
        "          call: w.c\n          call: weather.current-conditions-now\n",
        "call-unresolved",
        {(51, 25, 51, 47)},
    ),
    "forward-path": (
        "wiring-forward.yaml",
        "        - path: /store/{path}\n",
        "        - path: /store/{path}\n          path: /store/{path}/{{docId}}/{{rest}}\n",
        "forward-variable-unused",
        {(28, 31, 28, 40), (28, 41, 28, 49)},
    ),
}


@pytest.mark.parametrize("name", sorted(DUPLICATED_KEYS))
def test_a_finding_on_a_duplicated_key_stays_on_its_line(name: str) -> None:
    fixture, line, replacement, rule, expected = DUPLICATED_KEYS[name]
    origin = FIXTURES / "clean" / fixture
    text = origin.read_text(encoding="utf-8")
    assert line in text
    found = check_invariants(text.replace(line, replacement, 1).encode(), origin)
    ranges = {
        (d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column)
        for d in found
        if d.rule == rule
    }
    assert ranges == expected


def test_a_ref_without_a_function_is_reported_on_its_whole_value() -> None:
    """Found by fuzzing: `ref: <namespace>` gave the span (len + 1, len): start after end."""
    origin = FIXTURES / "clean" / "aggregates.yaml"
    text = origin.read_text(encoding="utf-8")
    assert "        - ref: ship-functions.find-ship\n" in text
    mutant = text.replace(
        "        - ref: ship-functions.find-ship\n", "        - ref: ship-functions\n", 1
    )
    found = [d for d in check_invariants(mutant.encode(), origin) if d.rule == "ref-unresolved"]
    assert [(d.range.start.line, d.range.start.column, d.range.end.column) for d in found] == [
        (47, 16, 30)
    ]
    assert "write 'ship-functions.<function>'" in found[0].message
