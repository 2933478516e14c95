"""`naftiko-lint mcp --transport http` passes the official MCP conformance suite's generic
server scenarios that apply to it, judged by the suite's own verdict (its exit status and
every check in its checks.json), run as tests/serve/test_mcp_conformance_suite.py runs
them for `serve` (NAFTIKO_LINT_MCP_CONFORMANCE names the suite; skipped when unset): the
same generic scenarios as the servers of `serve` pass, resources-list and prompts-list
among them. The negative control runs a scenario this server cannot pass (it calls a
tool named `test_simple_text`, which naftiko-lint does not have) and reads its failure,
so a pass above is the suite's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.mcp_server.test_transports import http_server
from tests.serve.test_mcp_conformance_suite import (
    SCENARIOS,
    assert_scenario_passes,
    run_scenario,
    suite_command,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def suite() -> list[str]:
    return suite_command()


@pytest.fixture(scope="module")
def url(suite: list[str]) -> Iterator[str]:
    with http_server() as (_, address):
        yield address


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_scenario_passes(suite: list[str], url: str, scenario: str, tmp_path: Path) -> None:
    assert_scenario_passes(suite, url, scenario, tmp_path)


def test_the_verdict_is_read_not_assumed(suite: list[str], url: str, tmp_path: Path) -> None:
    """A scenario for a tool the server does not have fails, as the suite says."""
    status, output, checks = run_scenario(suite, url, "tools-call-simple-text", tmp_path)
    assert status != 0, output
    failures = [c for c in checks if c.get("status") == "FAILURE"]
    assert failures, output
    assert any("test_simple_text" in str(c.get("errorMessage")) for c in failures), output
