"""Wiring messages whose fix must be safe to follow: no sibling path variable or invented
prefix offered as a spelling, both steps named where an input is also missing."""

from __future__ import annotations

from naftiko_lint.linter import LintOptions, lint_source

from ..conftest import FIXTURES


def _messages(fixture: str, rule: str) -> list[str]:
    path = FIXTURES / fixture
    _, diagnostics = lint_source(fixture, path.read_bytes(), LintOptions(), file=path)
    return [d.message for d in diagnostics if d.rule == rule]


def test_no_sibling_path_variable_is_suggested() -> None:
    fixture = "rules/path-param-undeclared-siblings.fail.yaml"
    for rule in ("path-param-undeclared", "with-input-undeclared"):
        messages = _messages(fixture, rule)
        assert messages and all("did you mean" not in m for m in messages), messages


def test_invented_prefix_is_never_suggested() -> None:
    for rule in ("with-input-undeclared", "with-namespace-mismatch"):
        for fixture in (
            "rules/with-namespace-mismatch-segments.fail.yaml",
            "rules/with-input-undeclared-segments.fail.yaml",
        ):
            assert all(
                "did you mean 'rest'" not in m and "did you mean 'tools'" not in m
                for m in _messages(fixture, rule)
            )


def test_namespace_fix_names_both_steps_when_the_input_is_missing() -> None:
    messages = _messages(
        "rules/with-namespace-mismatch-segments.fail.yaml", "with-namespace-mismatch"
    )
    client = [m for m in messages if "client_id" in m]
    assert client and "and declare 'client_id'" in client[0]
    pipeline = [m for m in messages if "rest.path.pipeline" in m]
    assert pipeline and "declare" not in pipeline[0]  # 'pipeline' is declared already


def test_unsupplied_fix_keeps_the_exposed_spelling() -> None:
    [message] = _messages(
        "rules/consumed-input-unsupplied-case.fail.yaml", "consumed-input-unsupplied"
    )
    assert "session-api.sessionid" in message and "'sessionId' in its" not in message


def test_mcp_resource_fix_is_the_uri() -> None:
    messages = _messages("rules/with-input-undeclared-segments.fail.yaml", "with-input-undeclared")
    resource = [m for m in messages if "MCP resource" in m]
    assert resource and all("inputParameters" not in m for m in resource)
