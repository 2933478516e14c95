"""Resources and prompts of the MCP server `serve` starts: listed as `export mcp-tools`
lists them, read and rendered as the engine's ResourceHandler and PromptHandler do —
static `location` folders from this machine's disk, call-backed resources through the
engine emulation (a `{name}` of the uri is an input), prompts with their arguments."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.test_mcp_server import FIXTURES, error, exported, mcp_url, result, served

pytestmark = pytest.mark.slow

CATALOG = FIXTURES / "serve" / "mcp-catalog.yaml"


def _with_files(tmp: Path) -> Path:
    """The catalog fixture plus what needs absolute paths: a static folder resource and
    a prompt read from a file."""
    handbook = tmp / "handbook"
    (handbook / "guides").mkdir(parents=True)
    (handbook / "intro.md").write_text("Welcome aboard.", encoding="utf-8")
    (handbook / "guides" / "safety.txt").write_text("Wear a vest.", encoding="utf-8")
    (tmp / "secret.txt").write_text("not for you", encoding="utf-8")
    (tmp / "captain.md").write_text("Captain of {{ship}}: report.", encoding="utf-8")
    static = (
        "        - name: handbook\n"
        "          label: Handbook\n"
        "          uri: docs://handbook\n"
        "          description: The crew handbook.\n"
        f"          location: {handbook.as_uri()}\n"
    )
    prompt = (
        "        - name: captain-file\n"
        "          label: Captain from a file\n"
        "          description: A prompt kept in a file.\n"
        "          arguments:\n"
        "            - {name: ship, description: Ship name.}\n"
        f"          location: {(tmp / 'captain.md').as_uri()}\n"
        "        - name: lost-file\n"
        "          label: Lost\n"
        "          description: A prompt whose file is gone.\n"
        f"          location: {(tmp / 'gone.md').as_uri()}\n"
    )
    text = CATALOG.read_text(encoding="utf-8").replace(
        "      prompts:\n", static + "      prompts:\n"
    )
    path = tmp / "catalog.yaml"
    path.write_text(text + prompt, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Path]]:
    path = _with_files(tmp_path_factory.mktemp("catalog"))
    with served(path) as servers:
        yield servers, path


def test_capabilities_advertise_resources_and_prompts(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    init = result(
        mcp_url(servers),
        "initialize",
        {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "0"},
        },
    )
    assert init["capabilities"] == {"tools": {}, "resources": {}, "prompts": {}}


def test_lists_are_the_export_exactly(catalog: tuple[Any, Path]) -> None:
    servers, path = catalog
    url, expected = mcp_url(servers), exported(path)
    assert result(url, "resources/list")["resources"] == expected["resources"]
    assert (
        result(url, "resources/templates/list")["resourceTemplates"]
        == expected["resourceTemplates"]
    )
    assert result(url, "prompts/list")["prompts"] == expected["prompts"]
    listed = [r["uri"] for r in expected["resources"]]
    assert listed == [
        "data://fleet/ships",
        "docs://handbook/guides/safety.txt",
        "docs://handbook/intro.md",
    ]


def test_static_files_are_read_from_the_folder(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    answer = result(mcp_url(servers), "resources/read", {"uri": "docs://handbook/intro.md"})
    assert answer == {
        "contents": [
            {
                "uri": "docs://handbook/intro.md",
                "mimeType": "text/markdown",
                "text": "Welcome aboard.",
            }
        ]
    }


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        ("docs://handbook/../secret.txt", -32602),  # containment
        ("docs://handbook/guides", -32602),  # a folder
        ("docs://handbook/missing.md", -32603),  # the disk fails: an IOException
        ("docs://elsewhere/intro.md", -32602),  # no resource matches
    ],
)
def test_static_refusals_are_engine_errors(catalog: tuple[Any, Path], uri: str, code: int) -> None:
    servers, _ = catalog
    assert error(mcp_url(servers), "resources/read", {"uri": uri})["code"] == code


def test_a_call_resource_reaches_the_upstream(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    mark = servers.recorder.mark()
    answer = result(mcp_url(servers), "resources/read", {"uri": "data://fleet/ships"})
    (content,) = answer["contents"]
    assert (content["uri"], content["mimeType"]) == ("data://fleet/ships", "application/json")
    json.loads(content["text"])
    (request,) = servers.recorder.since(mark)
    assert (request.method, request.path, request.query) == ("GET", "/v2/ships", ())


def test_a_uri_variable_is_an_input(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    mark = servers.recorder.mark()
    answer = result(mcp_url(servers), "resources/read", {"uri": "data://fleet/ships/IMO-42"})
    (content,) = answer["contents"]
    assert content["mimeType"] == "application/json"  # readDynamic's default
    (request,) = servers.recorder.since(mark)
    assert (request.path, request.operation) == ("/v2/ships/IMO-42", "get-ship")
    assert set(json.loads(content["text"])) == {"name"}  # the declared output only


def test_prompts_render_their_arguments(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    url = mcp_url(servers)
    brief = result(url, "prompts/get", {"name": "brief-captain", "arguments": {"ship": "Aurora"}})
    assert brief == {
        "messages": [
            {
                "role": "user",
                "content": {
                    "type": "text",
                    "text": "Write a voyage briefing for Aurora bound for {{port}}.",
                },
            }
        ]
    }
    daily = result(url, "prompts/get", {"name": "daily-report"})
    assert [m["role"] for m in daily["messages"]] == ["user", "assistant"]
    from_file = result(url, "prompts/get", {"name": "captain-file", "arguments": {"ship": "Vega"}})
    assert from_file["messages"] == [
        {"role": "user", "content": {"type": "text", "text": "Captain of Vega: report."}}
    ]


def test_prompt_failures_are_engine_errors(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    url = mcp_url(servers)
    assert error(url, "prompts/get", {"name": "nope"}) == {
        "code": -32602,
        "message": "Invalid params: Unknown prompt: nope",
    }
    lost = error(url, "prompts/get", {"name": "lost-file"})
    assert lost["code"] == -32603
    assert "Prompt file not found for 'lost-file'" in lost["message"]


def test_a_mock_tool_answers_without_the_upstream(catalog: tuple[Any, Path]) -> None:
    servers, _ = catalog
    mark = servers.recorder.mark()
    answer = result(mcp_url(servers), "tools/call", {"name": "fleet-motto"})
    assert answer == {
        "content": [{"type": "text", "text": '{"motto":"Steady as she goes"}'}],
        "isError": False,
    }
    assert servers.recorder.since(mark) == []


def test_wiring_mcp_resources_fixture(tmp_path: Path) -> None:
    """fixtures/clean/wiring-mcp-resources.yaml: a renamed uri variable goes upstream
    through `with` (`voyage_id: voyage-tools.id`, `detail: '{{leg}}'`)."""
    path = FIXTURES / "clean" / "wiring-mcp-resources.yaml"
    with served(path) as servers:
        url = mcp_url(servers)
        assert (
            result(url, "resources/templates/list")["resourceTemplates"]
            == exported(path)["resourceTemplates"]
        )
        mark = servers.recorder.mark()
        result(url, "resources/read", {"uri": "data://voyages/V7/legs/3"})
        (request,) = servers.recorder.since(mark)
        assert request.path == "/legs/3"
        assert dict(request.query) == {"voyage_id": "V7", "detail": "3"}
