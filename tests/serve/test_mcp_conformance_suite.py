"""The MCP servers `serve` starts pass the official MCP conformance suite's generic server
scenarios (`@modelcontextprotocol/conformance`, `conformance server --url … --scenario …`),
judged by the suite's own verdict: its exit status and every check in its checks.json.

The suite is a Node package (it needs Node >= 22, which the npm package `node@22`
provides). NAFTIKO_LINT_MCP_CONFORMANCE names it: either the npm prefix both packages
were installed into (`npm install --prefix DIR node@22 @modelcontextprotocol/conformance`)
or an executable launcher taking the suite's arguments. The test is skipped only when the
variable is unset; set but unusable, it fails."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.test_mcp_server import FIXTURES, MCP_TOOLS, mcp_url, served

pytestmark = pytest.mark.slow

ENV = "NAFTIKO_LINT_MCP_CONFORMANCE"
SCENARIOS = (
    "server-initialize",
    "ping",
    "tools-list",
    "resources-list",
    "prompts-list",
    "dns-rebinding-protection",
)
CAPABILITIES = {
    "catalog": FIXTURES / "serve" / "mcp-catalog.yaml",  # tools, resources and prompts
    "tools-only": MCP_TOOLS,  # no resources or prompts declared
}
NODE = Path("node_modules", "node", "bin", "node")
SUITE = Path("node_modules", "@modelcontextprotocol", "conformance", "dist", "index.js")


def suite_command() -> list[str]:
    value = os.environ.get(ENV)
    if not value:
        pytest.skip(f"{ENV} is not set (see .ci/run for how CI installs the suite)")
    path = Path(value)
    if path.is_dir():
        node, suite = path / NODE, path / SUITE
        if not (node.is_file() and suite.is_file()):
            pytest.fail(f"{ENV}={value}: no {NODE} and {SUITE} there")
        return [str(node), str(suite)]
    if path.is_file() and os.access(path, os.X_OK):
        return [str(path)]
    pytest.fail(f"{ENV}={value} is neither an npm prefix nor an executable launcher")


@pytest.fixture(scope="module")
def suite() -> list[str]:
    return suite_command()


@pytest.fixture(scope="module", params=sorted(CAPABILITIES))
def url(suite: list[str], request: pytest.FixtureRequest) -> Iterator[str]:
    with served(CAPABILITIES[request.param]) as servers:
        yield mcp_url(servers)


def run_scenario(
    suite: list[str], url: str, scenario: str, out: Path
) -> tuple[int, str, list[dict[str, Any]]]:
    done = subprocess.run(
        [*suite, "server", "--url", url, "--scenario", scenario, "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    checks: list[dict[str, Any]] = []
    for found in sorted(out.rglob("checks.json")):
        checks += json.loads(found.read_text(encoding="utf-8"))
    return done.returncode, done.stdout + done.stderr, checks


def assert_scenario_passes(suite: list[str], url: str, scenario: str, out: Path) -> None:
    """The suite's verdict on `scenario` against `url`: exit status 0 and every check a
    success (and checks written at all)."""
    status, output, checks = run_scenario(suite, url, scenario, out)
    failed = [c for c in checks if c.get("status") != "SUCCESS"]
    assert status == 0, output
    assert checks, output  # the suite ran its checks and wrote them
    assert failed == [], output


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_passes(suite: list[str], url: str, scenario: str, tmp_path: Path) -> None:
    assert_scenario_passes(suite, url, scenario, tmp_path)


def test_the_verdict_is_read_not_assumed(suite: list[str], url: str, tmp_path: Path) -> None:
    """A scenario these servers cannot pass (it calls a tool named `test_simple_text`,
    which no capability here declares) comes back failed, so a pass above is the suite's."""
    status, output, checks = run_scenario(suite, url, "tools-call-simple-text", tmp_path)
    assert status != 0, output
    assert any(c.get("status") == "FAILURE" for c in checks), output
