"""The MCP checks against the built-in servers (`naftiko_lint.serve`, started as
`naftiko-lint serve --random-ports` starts them): the correctly wired MCP fixtures pass —
their only observations are the warnings that no required argument is validated, which the
engine does not do either — and the seeds' wiring defects show as observed behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from naftiko_lint.conformance.findings import MCP_REQUIRED_ACCEPTED, Observation
from naftiko_lint.conformance.mcp import check_mcp
from naftiko_lint.serve.runtime_thread import start_servers_in_thread
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

CLEAN = [
    FIXTURES / "clean" / "mcp-tools.yaml",
    FIXTURES / "clean" / "wiring-mcp-resources.yaml",
    FIXTURES / "conformance" / "items-mcp.yaml",
    FIXTURES / "conformance" / "catalogue-mcp.yaml",
]
SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))


def observe(path: Path) -> list[Observation]:
    """Every MCP observation on every mcp adapter `path` exposes, against the built-in servers."""
    servers, stop = start_servers_in_thread(str(path), random_ports=True)
    try:
        out: list[Observation] = []
        for surface in servers.surfaces:
            if surface.kind == "mcp" and surface.adapter is not None:
                out += check_mcp(
                    servers.model, surface.adapter, surface.url, servers.recorder, timeout=5.0
                )
        return out
    finally:
        stop()


@pytest.mark.parametrize("path", CLEAN, ids=lambda p: p.name)
def test_clean_fixtures_pass(path: Path) -> None:
    found = observe(path)
    assert [(o.rule, o.pointer, o.message) for o in found if o.rule != MCP_REQUIRED_ACCEPTED] == []


def test_required_arguments_are_accepted_like_the_engine() -> None:
    found = observe(FIXTURES / "clean" / "mcp-tools.yaml")
    tools = ("capability", "exposes", 0, "tools")
    # current-weather without `city` is left with no parameters at all, so the call fails
    # before anything is sent (the engine's "Unresolved template parameters"): not accepted
    assert sorted(o.pointer for o in found if o.rule == MCP_REQUIRED_ACCEPTED) == [
        (*tools, 1, "inputParameters", 0),
        (*tools, 1, "inputParameters", 1),
    ]


TOOLS = ("capability", "exposes", 1, "tools")
LITERAL, PATH, BODY = (
    "conformance-upstream-literal",
    "conformance-upstream-path",
    "conformance-upstream-body",
)
# per seed: the ids its MCP tools show, and one observation each seed must have
SEED_FINDINGS = {
    "000": ({LITERAL, PATH, BODY}, (LITERAL, (*TOOLS, 1, "with", "status"))),
    "001": ({BODY}, (BODY, (*TOOLS, 0, "with", "body"))),
    "002": ({LITERAL, PATH, BODY}, (PATH, ("capability", "consumes", 0, "resources", 0, "path"))),
    "003": ({PATH, BODY}, (BODY, (*TOOLS, 3, "with", "body"))),
}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_seeds_fail_with_their_wiring_defects(path: Path) -> None:
    rules, example = SEED_FINDINGS[path.name[:3]]
    found = observe(path)
    assert {o.rule for o in found} == rules
    assert example in {(o.rule, o.pointer) for o in found}


STATIC = """\
naftiko: 1.0.0-alpha2
info:
  label: Handbook
  description: A folder of documents as MCP resources.
capability:
  consumes:
    - type: http
      namespace: store
      baseUri: https://store.example.test
      description: The store.
      resources:
        - name: ping
          path: /ping
          operations:
            - {name: ping, method: GET}
  exposes:
    - type: mcp
      namespace: handbook
      port: 9093
      description: Handbook documents.
      tools:
        - name: ping
          description: Ping the store.
          call: store.ping
      resources:
        - name: docs
          label: Documents
          uri: docs://handbook
          description: Every document of the handbook.
          location: LOCATION
      prompts:
        - name: ask
          label: Ask the handbook
          description: A question about one topic.
          arguments:
            - {name: topic, description: The topic.}
          location: PROMPT
"""


def test_static_resources_and_file_prompts_pass(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "guides").mkdir(parents=True)
    (docs / "readme.md").write_text("# Handbook\n", encoding="utf-8")
    (docs / "guides" / "start.txt").write_text("Start here.", encoding="utf-8")
    (tmp_path / "ask.md").write_text("Tell me about {{topic}}.", encoding="utf-8")
    capability = tmp_path / "handbook.yaml"
    capability.write_text(
        STATIC.replace("LOCATION", docs.as_uri()).replace("PROMPT", (tmp_path / "ask.md").as_uri()),
        encoding="utf-8",
    )
    assert [(o.rule, o.pointer) for o in observe(capability)] == []
