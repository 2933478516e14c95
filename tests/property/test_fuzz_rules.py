"""Bad input never crashes a rule: every node of realistic documents, replaced by values of
the wrong type, must lint without an exception."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from naftiko_lint.config import Config
from naftiko_lint.document.loading import parse_document
from naftiko_lint.linter import LintOptions, lint_document
from naftiko_lint.plan import build_plan

from ..conftest import FIXTURES

WRONG = [None, 1.5, True, "", [], [1, "a"], {}, [{"m": True}], "{{", "{x}", "$["]
DOCUMENTS = [
    *sorted((FIXTURES / "clean").glob("*.yaml")),
    FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml",
    FIXTURES / "schema" / "valid-1.0.0-alpha2.yaml",
]


def _paths(node: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    children = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else []
    )
    for key, value in children:
        yield from _paths(value, (*path, key))


@pytest.mark.slow
@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_wrong_types_never_crash_a_rule(path: Path) -> None:
    plan = build_plan(Config())
    original = yaml.safe_load(path.read_text())
    checked = 0
    for where in list(_paths(original))[1:]:
        for value in WRONG:
            mutant = copy.deepcopy(original)
            node = mutant
            for token in where[:-1]:
                node = node[token]
            node[where[-1]] = copy.deepcopy(value)
            document = parse_document("m.yaml", yaml.safe_dump(mutant).encode())
            found = lint_document(document, LintOptions(), plan)
            # a rule that raises is contained as one internal-error diagnostic
            assert [d.message for d in found if d.rule == "internal-error"] == [], where
            checked += 1
    assert checked > 100
