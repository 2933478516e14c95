"""The MCP server's file and template answers (serve/mcp_files.py) and its small pure
helpers, checked without a server: PromptHandler.substitute, ResourceHandler.readStatic's
checks, the Host/Origin allow-list and the names tools are filed under."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.capability.model import Unit
from naftiko_lint.serve.mcp import allowed_hosts
from naftiko_lint.serve.mcp_files import (
    location_path,
    matches_static,
    read_static,
    render_prompt,
    substitute,
)
from naftiko_lint.serve.mcp_handlers import tool_name


@pytest.mark.parametrize(
    ("template", "arguments", "expected"),
    [
        ("Brief {{ship}} now.", {"ship": "Aurora"}, "Brief Aurora now."),
        ("{{a}}-{{a}}", {"a": "x"}, "x-x"),
        ("Missing {{ship}} stays.", {}, "Missing {{ship}} stays."),
        (
            "{{ voyage }} {{voyage-id}} {{a.b}}",
            {"voyage": "v"},
            "{{ voyage }} {{voyage-id}} {{a.b}}",
        ),
        ("no re-expansion: {{x}}", {"x": "{{y}}", "y": "boom"}, "no re-expansion: {{y}}"),
        ("dollar {{x}}", {"x": "$1 \\0"}, "dollar $1 \\0"),
        (None, {"x": "1"}, ""),
    ],
)
def test_substitute_as_prompt_handler(template: str | None, arguments: dict, expected: str) -> None:
    assert substitute(template, arguments) == expected


def test_inline_prompt_renders_each_message() -> None:
    spec = {
        "name": "brief",
        "template": [
            {"role": "user", "content": "Brief {{ship}}."},
            {"role": "assistant", "content": "On it: {{ship}} / {{port}}"},
        ],
    }
    assert render_prompt(spec, {"ship": "Aurora"}) == [
        ("user", "Brief Aurora."),
        ("assistant", "On it: Aurora / {{port}}"),
    ]


def test_location_prompt_is_one_user_message(tmp_path: Path) -> None:
    file = tmp_path / "brief.md"
    file.write_text("# Brief\nShip: {{ship}}\n", encoding="utf-8")
    spec = {"name": "brief", "location": file.as_uri()}
    assert render_prompt(spec, {"ship": "Aurora"}) == [("user", "# Brief\nShip: Aurora\n")]


def test_missing_prompt_file_is_an_io_failure(tmp_path: Path) -> None:
    spec = {"name": "brief", "location": (tmp_path / "gone.md").as_uri()}
    with pytest.raises(OSError, match="Prompt file not found for 'brief'"):
        render_prompt(spec, {})


@pytest.mark.parametrize("location", ["https://x.test/a", "relative/path", 42, "file://host/x"])
def test_a_location_that_is_no_file_uri_is_invalid(location: object) -> None:
    with pytest.raises(ValueError):
        location_path(location)


@pytest.fixture
def handbook(tmp_path: Path) -> dict:
    base = tmp_path / "handbook"
    (base / "guides").mkdir(parents=True)
    (base / "intro.md").write_text("Welcome aboard.", encoding="utf-8")
    (base / "guides" / "safety.txt").write_text("Wear a vest.", encoding="utf-8")
    (base / "notes.bin").write_bytes(b"\xff\xfe")
    (tmp_path / "secret.txt").write_text("no", encoding="utf-8")
    return {"name": "handbook", "uri": "docs://handbook", "location": base.as_uri()}


def test_static_read_of_a_file_and_its_mime_type(handbook: dict) -> None:
    found = read_static(handbook, "docs://handbook/intro.md")
    assert (found.uri, found.mime_type, found.text) == (
        "docs://handbook/intro.md",
        "text/markdown",
        "Welcome aboard.",
    )
    nested = read_static(handbook, "docs://handbook/guides/safety.txt")
    assert (nested.mime_type, nested.text) == ("text/plain", "Wear a vest.")


def test_static_read_keeps_a_declared_mime_type(handbook: dict) -> None:
    found = read_static({**handbook, "mimeType": "text/x-custom"}, "docs://handbook/intro.md")
    assert found.mime_type == "text/x-custom"


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("docs://handbook/../secret.txt", "Path traversal detected"),  # ".." is a safe segment
        ("docs://handbook/guides//safety.txt", "Invalid path segment in resource URI: "),
        ("docs://handbook/a b.md", "Invalid path segment in resource URI: a b.md"),
        ("docs://handbook/guides", "resolves to a directory"),
        ("docs://handbook", "resolves to a directory"),
    ],
)
def test_static_read_refusals_are_invalid_params(handbook: dict, uri: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace(".", r"\.")):
        read_static(handbook, uri)


def test_static_read_follows_no_link_out_of_the_folder(handbook: dict, tmp_path: Path) -> None:
    (tmp_path / "handbook" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ValueError, match="Path traversal detected"):
        read_static(handbook, "docs://handbook/escape.txt")


def test_static_read_failures_of_the_disk_are_io_errors(handbook: dict) -> None:
    with pytest.raises(OSError):
        read_static(handbook, "docs://handbook/missing.md")
    with pytest.raises(UnicodeDecodeError):  # Files.readString's MalformedInputException
        read_static(handbook, "docs://handbook/notes.bin")


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("docs://handbook", True),
        ("docs://handbook/intro.md", True),
        ("docs://handbookx/intro.md", False),
        ("docs://other", False),
    ],
)
def test_static_match_is_the_uri_or_below_it(uri: str, expected: bool) -> None:
    assert matches_static("docs://handbook", uri) is expected
    assert matches_static(None, uri) is False


def test_allowed_hosts_name_the_served_port_only() -> None:
    hosts, origins = allowed_hosts("127.0.0.1", 8123)
    assert hosts == ["127.0.0.1:8123", "localhost:8123"]
    assert origins == ["http://127.0.0.1:8123", "http://localhost:8123"]


def _tool(data: dict) -> Unit:
    return Unit("mcp-tool", ("tools", 0), data, None, [])


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"name": "get-ship"}, "get-ship"),
        ({"ref": "fleet.get-ship"}, "get-ship"),
        ({"name": "", "ref": "fleet.get-ship"}, "get-ship"),
        ({"name": "  "}, None),
        ({}, None),
    ],
)
def test_tool_name_is_its_own_or_its_functions(data: dict, expected: str | None) -> None:
    assert tool_name(_tool(data)) == expected


@pytest.mark.parametrize(
    ("line", "code"),
    [("{not json", -32700), ('"just a string"', -32600), ('{"id": 1}', -32600)],
)
def test_an_unreadable_stdio_line_gets_the_engines_error(line: str, code: int) -> None:
    import mcp_types as types

    from naftiko_lint.serve.mcp_stdio import unreadable

    with pytest.raises(Exception) as caught:
        types.jsonrpc_message_adapter.validate_json(line, by_name=False)
    reply = unreadable(caught.value).message
    assert isinstance(reply, types.JSONRPCError)
    assert (reply.id, reply.error.code) == (None, code)
