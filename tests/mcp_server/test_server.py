"""The SDK server of `naftiko-lint mcp`, driven in-process by the official SDK client
(`mcp.Client(server)`): what it lists, and how a call answers, fails and is refused. The
client checks every structured result against the tool's output schema itself."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import jsonschema
import pytest

from naftiko_lint.linter import LintOptions
from naftiko_lint.mcp_server.catalog import TOOLS
from tests.mcp_server.helpers import REST, SEED, check_json, cli_output, relative

T = TypeVar("T")
NAMES = ["lint", "explain_rule", "list_rules", "fix", "export_openapi", "export_mcp_tools"]


def with_client(work: Callable[[Any], Awaitable[T]]) -> T:
    from mcp import Client

    from naftiko_lint.mcp_server.server import build_server

    async def main() -> T:
        async with Client(build_server(LintOptions())) as client:
            return await work(client)

    return asyncio.run(main())


def call(name: str, arguments: dict[str, Any]) -> Any:
    return with_client(lambda client: client.call_tool(name, arguments))


def test_the_tools_are_listed_with_schemas_and_hints() -> None:
    listed = with_client(lambda client: client.list_tools()).tools
    assert [tool.name for tool in listed] == NAMES
    for tool in listed:
        jsonschema.Draft202012Validator.check_schema(tool.input_schema)
        jsonschema.Draft202012Validator.check_schema(tool.output_schema)
        assert tool.input_schema["type"] == tool.output_schema["type"] == "object"
        assert tool.description and len(tool.description) > 80
        hints = tool.annotations
        assert hints is not None and hints.open_world_hint is False
        assert hints.idempotent_hint is True
        if tool.name == "fix":  # it writes the file when asked: neither read-only nor additive
            assert (hints.read_only_hint, hints.destructive_hint) == (False, True)
        else:
            assert (hints.read_only_hint, hints.destructive_hint) == (True, False)


def test_tools_resources_and_prompts_are_declared() -> None:
    async def work(client: Any) -> Any:
        return client.server_capabilities

    declared = with_client(work)
    assert declared.tools is not None
    assert declared.resources is not None and declared.resources.subscribe is False
    assert declared.prompts is not None
    assert declared.logging is None and declared.completions is None


def test_the_catalog_and_the_listing_agree() -> None:
    listed = {tool.name: tool for tool in with_client(lambda client: client.list_tools()).tools}
    for spec in TOOLS:
        tool = listed[spec.name]
        assert tool.input_schema == spec.input_schema
        assert tool.output_schema == spec.output_schema
        wire = tool.annotations.model_dump(by_alias=True, exclude_none=True)
        assert wire == {"title": spec.title, **spec.annotations}


def test_lint_answers_the_check_json_report(capfd: Any, tmp_path: Path) -> None:
    result = call("lint", {"path": relative(SEED)})
    assert not result.is_error
    assert result.structured_content == check_json(relative(SEED), capfd, tmp_path)
    assert result.content[0].text.endswith("in 1 file\n")


def test_explain_rule_answers_the_page() -> None:
    result = call("explain_rule", {"rule": "call-unresolved"})
    assert not result.is_error
    assert result.structured_content["rule"] == "call-unresolved"
    assert result.content[0].text == result.structured_content["page"]


def test_fix_answers_the_fixed_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = call("fix", {"text": text, "path": relative(SEED)})
    assert not result.is_error
    assert result.structured_content["changed"] and not result.structured_content["written"]
    assert result.structured_content["diff"].startswith("--- ")


def test_export_answers_the_cli_export(capfd: Any, tmp_path: Path) -> None:
    code, expected = cli_output(["export", "openapi", relative(REST)], capfd, tmp_path)
    assert code == 0
    result = call("export_openapi", {"path": relative(REST)})
    assert result.content[0].text == expected == result.structured_content["text"]


def test_an_unknown_tool_is_a_protocol_error() -> None:
    from mcp.shared.exceptions import MCPError

    async def work(client: Any) -> MCPError:
        with pytest.raises(MCPError) as raised:
            await client.call_tool("lnt", {"path": "x"})
        return raised.value

    error = with_client(work)
    assert error.code == -32602
    assert error.message.startswith("Unknown tool: lnt (tools: lint, explain_rule")


@pytest.mark.parametrize(
    ("name", "arguments", "said"),
    [
        ("lint", {"path": 3}, 'path: 3 is not of type "string"'),
        ("lint", {"pth": "a.yaml"}, "'pth' was unexpected"),
        ("lint", {"path": "a.yaml", "format": "xml"}, "format: "),
        ("explain_rule", {}, '"rule" is a required property'),
        ("fix", {"path": "a.yaml", "write": "yes"}, 'write: "yes" is not of type "boolean"'),
        ("export_openapi", {"path": "a.yaml", "openapi_version": "2.0"}, "openapi_version"),
    ],
)
def test_arguments_against_the_schema_are_a_tool_error(
    name: str, arguments: dict[str, Any], said: str
) -> None:
    result = call(name, arguments)
    assert result.is_error and result.structured_content is None
    assert result.content[0].text.startswith(f"invalid arguments for {name}: ")
    assert said in result.content[0].text


def test_a_missing_path_is_a_tool_error() -> None:
    result = call("lint", {"path": "no/such/caps"})
    assert result.is_error
    assert "no/such/caps: no such file or folder" in result.content[0].text


def test_binary_text_is_linted_and_not_exported() -> None:
    linted = call("lint", {"text": "\x00\x01binary"})
    assert not linted.is_error
    assert [d["rule"] for d in linted.structured_content["diagnostics"]] == ["yaml-encoding"]
    exported = call("export_mcp_tools", {"text": "\x00\x01binary"})
    assert exported.is_error and "not a capability document" in exported.content[0].text


def test_an_unknown_rule_is_a_tool_error_with_a_suggestion() -> None:
    result = call("explain_rule", {"rule": "call-unresolvd"})
    assert result.is_error
    assert "did you mean 'call-unresolved'?" in result.content[0].text
