"""The real Spectral CLI, for the differential tests: found through $NAFTIKO_LINT_SPECTRAL
(set by .ci/run, which installs it from the npm registry) or on PATH; without it the tests
skip locally and fail under CI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest


def executable() -> str:
    found = os.environ.get("NAFTIKO_LINT_SPECTRAL") or shutil.which("spectral")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("CI must provide @stoplight/spectral-cli (see .ci/run)")
    reason = (
        "node is not installed"
        if shutil.which("node") is None
        else "@stoplight/spectral-cli is not installed (npm install @stoplight/spectral-cli)"
    )
    pytest.skip(reason)


def lint(files: list[Path], ruleset: Path, cwd: Path) -> list[dict[str, Any]]:
    """Spectral's JSON results for `files` under `ruleset`."""
    proc = subprocess.run(
        [executable(), "lint", *map(str, files), "-r", str(ruleset), "-f", "json", "--quiet"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout or "[]")
