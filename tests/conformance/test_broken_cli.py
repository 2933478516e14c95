"""`naftiko-lint conformance CAP --rest-url/--mcp-url URL --upstream-port N`, the user's way
of driving an implementation, catches each deliberately broken server of
fixtures/conformance/ with the right diagnostic (exit 1), and passes the same program
without its defect (exit 0; warnings allowed). Real processes on loopback ports."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conformance.broken_servers import free_port, running
from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow

REST = ("items_rest_server.py", "items-rest.yaml", "--rest-url", "")
MCP = ("items_mcp_server.py", "items-mcp.yaml", "--mcp-url", "/mcp")
CASES = [
    (REST, "none", set()),
    (REST, "drop-path", {"conformance-upstream-path"}),
    (REST, "bad-schema", {"conformance-response-schema"}),
    (MCP, "none", set()),
    (MCP, "annotations", {"conformance-mcp-annotations"}),
    (MCP, "drop-argument", {"conformance-upstream-input"}),
]


@pytest.mark.parametrize(
    ("surface", "defect", "expected"),
    CASES,
    ids=[f"{'rest' if c[0] is REST else 'mcp'}-{c[1]}" for c in CASES],
)
def test_conformance_cli_catches_the_broken_implementation(
    surface: tuple[str, str, str, str], defect: str, expected: set[str]
) -> None:
    program, capability, flag, endpoint = surface
    upstream_port = free_port()
    with running(program, f"http://127.0.0.1:{upstream_port}", defect) as url:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "naftiko_lint",
                "conformance",
                str(FIXTURES / "conformance" / capability),
                flag,
                url + endpoint,
                "--upstream-port",
                str(upstream_port),
                "--max-examples",
                "5",
                "--timeout",
                "5",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            cwd=REPO,
            timeout=120,
        )
    report = json.loads(done.stdout)
    errors = {d["rule"] for d in report["diagnostics"] if d["severity"] == "error"}
    assert errors == expected, done.stdout
    assert done.returncode == (1 if expected else 0), done.stderr
