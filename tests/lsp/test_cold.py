"""`check` never imports the language server's packages (pygls, lsprotocol)."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import FIXTURES, REPO

PROBE = r"""
import contextlib, io, json, sys
from naftiko_lint.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    code = main(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_check_imports_neither_pygls_nor_lsprotocol() -> None:
    seed = FIXTURES / "seeds" / "001_3b724ad6c0282b03.yaml"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(["check", "--no-cache", str(seed)])],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["code"] == 1  # the seed was checked (it is broken on purpose)
    roots = {name.split(".")[0] for name in report["modules"]}
    assert "naftiko_lint" in roots
    assert not roots & {"pygls", "lsprotocol", "cattrs"}
