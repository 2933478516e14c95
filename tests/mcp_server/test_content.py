"""The resources and prompts of `naftiko-lint mcp`, driven in-process by the official SDK
client: the schemas are what `naftiko-lint schema` prints, the rule pages carry `explain`'s
sections with the configured severity, an unknown URI or prompt is the protocol error
the spec asks for, and the skeleton the write-capability prompt shows lints clean."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

import naftiko_lint
from naftiko_lint.linter import LintOptions
from naftiko_lint.mcp_server.catalog import BY_NAME
from naftiko_lint.ruleset import docs
from naftiko_lint.spec import versions

T = TypeVar("T")
LATEST = versions.LATEST.name


def with_client(work: Callable[[Any], Awaitable[T]], options: LintOptions | None = None) -> T:
    from mcp import Client

    from naftiko_lint.mcp_server.server import build_server

    async def main() -> T:
        async with Client(build_server(options or LintOptions())) as client:
            return await work(client)

    return asyncio.run(main())


def refused(work: Callable[[Any], Awaitable[Any]]) -> Any:
    """The MCPError `work` raises."""
    from mcp.shared.exceptions import MCPError

    async def catch(client: Any) -> MCPError:
        with pytest.raises(MCPError) as raised:
            await work(client)
        return raised.value

    return with_client(catch)


def read(uri: str, options: LintOptions | None = None) -> Any:
    return with_client(lambda client: client.read_resource(uri), options)


def prompt(name: str, arguments: dict[str, str]) -> str:
    result = with_client(lambda client: client.get_prompt(name, arguments))
    [message] = result.messages
    assert message.role == "user"
    return message.content.text


def fenced_yaml(text: str) -> list[str]:
    return re.findall(r"^(`{3,})yaml\n(.*?)\n\1$", text, flags=re.S | re.M)


def test_every_schema_and_rule_page_is_listed() -> None:
    listed = with_client(lambda client: client.list_resources()).resources
    schemas = [f"naftiko-lint://schema/{name}" for name in versions.known_names()]
    rules = [f"naftiko-lint://rules/{e.id}" for e in naftiko_lint.list_rules(include_off=True)]
    assert [r.uri for r in listed] == schemas + rules
    assert {r.mime_type for r in listed[: len(schemas)]} == {"application/schema+json"}
    assert {r.mime_type for r in listed[len(schemas) :]} == {"text/markdown"}
    assert all(r.name and r.title and r.description for r in listed)
    by_uri = {r.uri: r for r in listed}
    assert "(the latest)" in by_uri[f"naftiko-lint://schema/{LATEST}"].description
    assert by_uri["naftiko-lint://rules/call-unresolved"].name == "call-unresolved"


def test_the_parameterised_forms_are_templates() -> None:
    listed = with_client(lambda client: client.list_resource_templates()).resource_templates
    assert [(t.uri_template, t.mime_type) for t in listed] == [
        ("naftiko-lint://schema/{version}", "application/schema+json"),
        ("naftiko-lint://rules/{rule}", "text/markdown"),
    ]


@pytest.mark.parametrize("version", versions.known_names())
def test_a_schema_reads_as_the_schema_command_prints_it(version: str, capsys: Any) -> None:
    from naftiko_lint.cli import main

    assert main(["schema", "--spec-version", version]) == 0
    printed = capsys.readouterr().out
    [contents] = read(f"naftiko-lint://schema/{version}").contents
    assert contents.uri == f"naftiko-lint://schema/{version}"
    assert contents.mime_type == "application/schema+json"
    assert contents.text == printed
    assert json.loads(contents.text)["properties"]["naftiko"]["const"] == version


def test_a_rule_page_has_the_explain_sections_in_markdown() -> None:
    [contents] = read("naftiko-lint://rules/with-namespace-mismatch").contents
    page = contents.text
    assert contents.mime_type == "text/markdown"
    assert page.startswith("# with-namespace-mismatch\n")
    headings = re.findall(r"^## (.+)$", page, flags=re.M)
    shown = (naftiko_lint.explain("with-namespace-mismatch") or "").splitlines()
    explained = [line for line in shown[1:] if line[:1] not in ("", " ") and ":" not in line]
    assert headings == explained
    assert headings[:4] == ["What it does", "Why it matters", "Example", "Use instead"]
    doc = docs.load_doc("with-namespace-mismatch") or {}
    [invalid, valid] = [body for _, body in fenced_yaml(page)]
    assert (invalid, valid) == (doc["invalid"].rstrip(), doc["valid"].rstrip())


def test_a_rule_page_shows_the_configured_severity(tmp_path: Path) -> None:
    config = tmp_path / ".naftiko-lint.yaml"
    config.write_text("rules:\n  call-unresolved: warning\n", encoding="utf-8")
    options = LintOptions(config_file=config)
    [contents] = read("naftiko-lint://rules/call-unresolved", options).contents
    assert "Severity: **warning**" in contents.text
    [default] = read("naftiko-lint://rules/call-unresolved").contents
    assert "Severity: **error**" in default.text


@pytest.mark.parametrize(
    ("uri", "said"),
    [
        ("naftiko-lint://rules/call-unresolve", "; did you mean 'naftiko-lint://rules/call"),
        ("naftiko-lint://schema/1.0.0-alpha9", "did you mean 'naftiko-lint://schema/1.0.0-alpha"),
        ("file:///etc/passwd", "resources are naftiko-lint://schema/<version> and"),
    ],
)
def test_an_unknown_resource_is_invalid_params_naming_the_uri(uri: str, said: str) -> None:
    error = refused(lambda client: client.read_resource(uri))
    assert error.code == -32602
    assert error.message.startswith(f"Unknown resource: {uri}")
    assert said in error.message
    assert error.data == {"uri": uri}


def test_the_prompts_are_listed_with_their_arguments() -> None:
    listed = with_client(lambda client: client.list_prompts()).prompts
    assert [p.name for p in listed] == ["write-capability", "fix-capability"]
    assert all(p.title and p.description for p in listed)
    arguments = {p.name: [(a.name, a.required) for a in p.arguments] for p in listed}
    assert arguments == {
        "write-capability": [("api", True), ("surfaces", False)],
        "fix-capability": [("path", False), ("text", False)],
    }


@pytest.mark.parametrize(
    ("surfaces", "types"),
    [(None, ["rest", "mcp"]), ("REST", ["rest"]), ("an MCP server", ["mcp"]), ("both", None)],
)
def test_write_capability_shows_a_skeleton_that_lints_clean(
    surfaces: str | None, types: list[str] | None
) -> None:
    arguments = {"api": "The shop's order API, https://api.shop.test/v1"}
    if surfaces is not None:
        arguments["surfaces"] = surfaces
    text = prompt("write-capability", arguments)
    assert "The shop's order API, https://api.shop.test/v1" in text
    [(_, skeleton)] = fenced_yaml(text)
    assert naftiko_lint.lint_text(skeleton + "\n", "orders.yaml") == []
    declared = re.findall(r"^    - type: (\w+)$", skeleton, flags=re.M)
    assert declared == ["http", *(types or ["rest", "mcp"])]
    assert f'naftiko: "{LATEST}"' in skeleton


def test_the_prompts_name_what_the_server_offers() -> None:
    written = prompt("write-capability", {"api": "Orders"})
    fixing = prompt("fix-capability", {"path": "caps/orders.yaml"})
    for text in (written, fixing):
        for tool in re.findall(r"`(lint|fix|explain_rule)`", text):
            assert tool in BY_NAME
        assert "`lint`" in text and "`fix`" in text and "`explain_rule`" in text
    [uri] = set(re.findall(r"naftiko-lint://schema/[\w.-]+", written))
    assert read(uri).contents[0].mime_type == "application/schema+json"
    assert "naftiko-lint://rules/<rule id>" in written and "naftiko-lint://rules/" in fixing
    assert '`{"path": "caps/orders.yaml"}`' in fixing and "`write: true`" in fixing


def test_fix_capability_quotes_sent_text_in_a_longer_fence() -> None:
    text = "naftiko: 1.0.0-alpha3\ninfo:\n  description: |\n    ```\n    code\n    ```\n"
    shown = prompt("fix-capability", {"text": text})
    [(fence, body)] = fenced_yaml(shown)
    assert fence == "````" and body == text.rstrip()
    assert "write: true" not in shown


@pytest.mark.parametrize(
    ("name", "arguments", "said"),
    [
        ("write-capabilities", {}, "Unknown prompt: write-capabilities (prompts: write-"),
        ("write-capability", {}, "write-capability: api is required"),
        ("write-capability", {"api": "x", "surfaces": "skill"}, "names neither rest nor mcp"),
        ("write-capability", {"api": "x", "format": "y"}, "unknown argument 'format'"),
        ("fix-capability", {}, "give `path`"),
        ("fix-capability", {"path": "a.yaml", "text": "b"}, "not both"),
    ],
)
def test_an_unusable_prompt_request_is_invalid_params(
    name: str, arguments: dict[str, str], said: str
) -> None:
    error = refused(lambda client: client.get_prompt(name, arguments))
    assert error.code == -32602
    assert said in error.message


def test_a_broken_configuration_is_an_internal_error_saying_what_is_wrong(
    tmp_path: Path,
) -> None:
    from mcp.shared.exceptions import MCPError

    config = tmp_path / "broken.yaml"
    config.write_text("rules: [1, 2\n", encoding="utf-8")

    async def work(client: Any) -> tuple[MCPError, Any]:
        with pytest.raises(MCPError) as raised:
            await client.list_resources()
        schema = await client.read_resource(f"naftiko-lint://schema/{LATEST}")
        return raised.value, schema

    error, schema = with_client(work, LintOptions(config_file=config))
    assert error.code == -32603 and error.message.startswith(f"{config}:2:1: ")
    assert schema.contents[0].mime_type == "application/schema+json"  # needs no rules
