"""The `mcp` command in the CLI: registered, documented in --help, and paid for only when it
runs (`check` never imports the SDK, the server package or uvicorn; the tool catalog is
plain data that imports no SDK either). Each probe is a fresh interpreter (tests/unit/
test_imports.py), reading `sys.modules`, never a time."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.unit.test_imports import SEED, _loaded

SERVER_SIDE = ("mcp", "mcp_types", "uvicorn", "starlette", "naftiko_lint.mcp_server")


def _server_side(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in SERVER_SIDE))


def test_check_never_imports_the_mcp_server() -> None:
    code, modules = _loaded("main", ["check", "--format", "json", SEED])
    assert code == 1
    assert "naftiko_lint.linter" in modules  # the positive control: check ran
    assert _server_side(modules) == []


@pytest.mark.parametrize("module", ["catalog", "resources", "prompts"])
def test_the_listed_data_imports_no_sdk(module: str) -> None:
    _, modules = _loaded(f"import naftiko_lint.mcp_server.{module}")
    assert f"naftiko_lint.mcp_server.{module}" in modules
    assert [m for m in _server_side(modules) if not m.startswith("naftiko_lint.")] == []


def test_help_lists_the_command_and_its_options() -> None:
    listed = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "run naftiko-lint's own tools as an MCP server for agents" in listed.stdout
    own = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "mcp", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert own.returncode == 0
    for option in ("--transport {stdio,http}", "--host HOST", "--port N", "--max-body-size"):
        assert option in own.stdout


def test_a_bad_port_is_a_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "mcp", "--transport", "http", "--port", "70000"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "argument --port: not a port (0-65535): 70000" in done.stderr
