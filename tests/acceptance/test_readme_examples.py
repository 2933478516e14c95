"""The command output README.md shows is what the tool prints today
(scripts/readme_examples.py regenerates it; this runs it in --check mode)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import REPO


def test_the_readme_examples_are_what_the_tool_prints() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- output: naftiko-lint ") >= 4  # the examples are marked
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_a_stale_example_is_found(tmp_path: Path) -> None:
    stale = tmp_path / "README.md"
    stale.write_text(
        "<!-- output: naftiko-lint versions -->\n```\nno such version\n```\n", encoding="utf-8"
    )
    script = str(REPO / "scripts" / "readme_examples.py")
    check = [sys.executable, script, "--check", "--readme", str(stale)]
    done = subprocess.run(check, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1 and "-no such version" in done.stdout
    subprocess.run([sys.executable, script, "--readme", str(stale)], check=True, timeout=120)
    assert "1.0.0-alpha2" in stale.read_text(encoding="utf-8")
    assert subprocess.run(check, capture_output=True, timeout=120, check=False).returncode == 0
