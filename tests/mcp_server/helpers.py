"""Shared by the tests of `naftiko-lint mcp`: the seeds and clean files they use, and the
CLI's own answers (run in-process through `naftiko_lint.cli.main`) to compare with."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import FIXTURES, REPO

SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))
SEED = SEEDS[0]
REST = FIXTURES / "clean" / "steps.yaml"  # a rest and an mcp adapter
MCP_ONLY = FIXTURES / "clean" / "mcp-tools.yaml"  # an mcp adapter only


def relative(path: Path) -> str:
    return str(path.relative_to(REPO))


def cli_output(argv: list[str], capfd: Any, tmp_path: Path) -> tuple[int, str]:
    """`naftiko-lint ARGV` in this process: its exit code and what it wrote to -o FILE."""
    from naftiko_lint.cli import main

    out = tmp_path / "cli-output"
    code = main([*argv, "-o", str(out)])
    capfd.readouterr()
    return code, out.read_text(encoding="utf-8") if out.exists() else ""


def check_json(path: str, capfd: Any, tmp_path: Path) -> dict[str, Any]:
    """The report `naftiko-lint check PATH --format json` writes."""
    code, text = cli_output(["check", path, "--format", "json", "--no-cache"], capfd, tmp_path)
    assert code in (0, 1), text
    return json.loads(text)
