"""Wiring messages whose fix must be safe to follow: no sibling path variable or invented
prefix offered as a spelling, both steps named where an input is also missing."""

from __future__ import annotations

from naftiko_lint.linter import LintOptions, lint_source

from .patches import case_named


def _messages(case: str, rule: str) -> list[str]:
    """The messages `rule` gives on the rule case named `case` (tests/cases/)."""
    display, raw, file = case_named(case).source()
    _, diagnostics = lint_source(display, raw, LintOptions(), file=file)
    return [d.message for d in diagnostics if d.rule == rule]


def test_no_sibling_path_variable_is_suggested() -> None:
    for rule in ("path-param-undeclared", "with-input-undeclared"):
        messages = _messages("path-param-undeclared-siblings", rule)
        assert messages and all("did you mean" not in m for m in messages), messages


def test_invented_prefix_is_never_suggested() -> None:
    for rule in ("with-input-undeclared", "with-namespace-mismatch"):
        for case in (
            "with-namespace-mismatch-segments",
            "with-input-undeclared-segments",
        ):
            assert all(
                "did you mean 'rest'" not in m and "did you mean 'tools'" not in m
                for m in _messages(case, rule)
            )


def test_namespace_fix_names_both_steps_when_the_input_is_missing() -> None:
    messages = _messages("with-namespace-mismatch-segments", "with-namespace-mismatch")
    client = [m for m in messages if "client_id" in m]
    assert client and "and declare 'client_id'" in client[0]
    pipeline = [m for m in messages if "rest.path.pipeline" in m]
    assert pipeline and "declare" not in pipeline[0]  # 'pipeline' is declared already


def test_unsupplied_fix_keeps_the_exposed_spelling() -> None:
    [message] = _messages("consumed-input-unsupplied-case", "consumed-input-unsupplied")
    assert "session-api.sessionid" in message and "'sessionId' in its" not in message


def test_mcp_resource_fix_is_the_uri() -> None:
    messages = _messages("with-input-undeclared-segments", "with-input-undeclared")
    resource = [m for m in messages if "MCP resource" in m]
    assert resource and all("inputParameters" not in m for m in resource)
