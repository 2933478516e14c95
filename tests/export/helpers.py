"""Shared by the export tests: the fixture files with a REST adapter, and the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from naftiko_lint.capability.stage import load
from naftiko_lint.document.loading import parse_document
from naftiko_lint.export.surface import rest_adapters

from ..conftest import FIXTURES, REPO

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted((FIXTURES / "seeds").glob("*.yaml"))


def rest_fixtures() -> list[tuple[Path, str | None]]:
    """(file, namespace) of every REST adapter of every fixture that is a capability."""
    out = []
    for path in sorted(FIXTURES.rglob("*.yaml")):
        doc = parse_document(str(path), path.read_bytes())
        if doc.usable:
            out += [(path, a.namespace) for a in rest_adapters(load(doc.data, path).model)]
    return out


def export(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """`naftiko-lint export ARGS`, run as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "export", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
