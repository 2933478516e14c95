"""The four real seeds: the schema deviations the spec notes list for each, and nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from naftiko_lint.results import LintResult

from collections import Counter
from pathlib import Path

import pytest

from naftiko_lint import pointer as jp
from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.text import TextFormatter
from naftiko_lint.linter import LintOptions, lint_source
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES, REPO

# From the spec notes (section 6): A = consumed input parameters with extra keys,
# B = `description` on the rest adapter, C = object outputs without properties,
# D = resource names that are not kebab-case.
EXPECTED = {
    "000_6f3d6f5dce8cee89.yaml": {"A": 4, "B": 1, "C": 8, "D": 0},
    "001_3b724ad6c0282b03.yaml": {"A": 1, "B": 1, "C": 2, "D": 1},
    "002_ebe19b2030c3657d.yaml": {"A": 18, "B": 1, "C": 12, "D": 0},
    "003_87e5be75c14015e1.yaml": {"A": 5, "B": 1, "C": 10, "D": 1},
}


# Defects the notes list for each seed, counted per rule: every `with` value uses an
# invented rest./tools. prefix; single-brace consumed placeholders; undeclared exposed path
# variables; 000's getsession/stopsession never pass sessionId (REST and MCP); 001's
# templated host; 003's doubled /api base path; every seed's {{env.…}} qualified bind
# reference; 003's PATCH tool marked idempotent (an info: verify); and every consumed
# POST/PUT/PATCH operation whose `in: body` input has no `body` template, so nothing is sent
# (notes §7: request bodies come only from `body`). The GET tools' `destructive: false` /
# `idempotent: true` beside `readOnly: true` agree with it and are not reported.
WIRING = {
    "000_6f3d6f5dce8cee89.yaml": {
        "with-namespace-mismatch": 8,
        "consumed-path-single-brace": 1,
        "consumed-input-unsupplied": 4,
        "path-param-undeclared": 1,
        "bind-qualified-reference": 1,
        "consumed-body-unsent": 1,
        "consumed-header-dropped": 1,  # its apikey key is Authorization
    },
    "001_3b724ad6c0282b03.yaml": {
        "with-namespace-mismatch": 2,
        "baseuri-placeholder": 1,
        "bind-qualified-reference": 1,
        "consumed-body-unsent": 1,
    },
    "002_ebe19b2030c3657d.yaml": {
        "with-namespace-mismatch": 36,
        "consumed-path-single-brace": 5,
        "path-param-undeclared": 5,
        "bind-qualified-reference": 1,
        "consumed-body-unsent": 3,
    },
    "003_87e5be75c14015e1.yaml": {
        "with-namespace-mismatch": 10,
        "base-path-doubled": 2,
        "consumed-path-single-brace": 1,
        "path-param-undeclared": 1,
        "bind-qualified-reference": 1,
        "mcp-idempotent-mismatch": 1,
        "consumed-body-unsent": 2,
    },
}


def _classify(diagnostics) -> Counter:
    kinds: Counter = Counter()
    params = set()
    for d in diagnostics:
        if d.rule == "schema-unknown-property" and "ConsumedInputParameter" in d.message:
            params.add(jp.parent(d.pointer))
        elif (
            d.rule == "schema-unknown-property"
            and "'description'" in d.message
            and "ExposesRest" in d.message
        ):
            kinds["B"] += 1
        elif d.rule == "schema" and "has type 'object' but no 'properties'" in d.message:
            kinds["C"] += 1
        elif d.rule == "schema" and d.pointer.endswith("/name") and "kebab-case" in d.message:
            kinds["D"] += 1
        elif not d.rule.startswith("schema"):
            kinds[d.rule] += 1
        else:
            kinds["unexpected: " + d.message] += 1
    kinds["A"] = len(params)
    return kinds


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seed_findings_match_the_notes(name: str) -> None:
    path: Path = FIXTURES / "seeds" / name
    _, diagnostics = lint_source(name, path.read_bytes(), LintOptions())
    kinds = _classify(diagnostics)
    assert {k: kinds[k] for k in "ABCD"} == EXPECTED[name]
    assert [k for k in kinds if k.startswith("unexpected")] == []
    wiring = {k: v for k, v in kinds.items() if k not in "ABCD" and v}
    assert wiring == WIRING[name]


def test_seeds_golden_text_output() -> None:
    result = lint_paths([str(FIXTURES / "seeds")], LintOptions())
    text = TextFormatter(FormatOptions()).format(result)
    text = text.replace(str(FIXTURES / "seeds"), "fixtures/seeds")
    assert text == (REPO / "tests" / "golden" / "seeds.txt").read_text()


def test_readme_shows_the_current_seed_output() -> None:
    name = "001_3b724ad6c0282b03.yaml"
    _, diagnostics = lint_source(
        f"fixtures/seeds/{name}", (FIXTURES / "seeds" / name).read_bytes(), LintOptions()
    )
    readme = (REPO / "README.md").read_text()
    for line in TextFormatter(FormatOptions()).format(_result_of(diagnostics)).splitlines():
        assert line in readme


def _result_of(diagnostics: list) -> LintResult:
    from naftiko_lint.results import FileReport, LintResult

    return LintResult(files=[FileReport("x", "1.0.0-alpha2")], diagnostics=diagnostics)
