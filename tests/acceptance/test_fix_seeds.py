"""`check --fix --unsafe-fixes` on the four real seeds, with comments added to them first:
every finding that has a fix is gone, nothing new appears, the comments survive, a second
run changes nothing, and the change is the committed golden diff
(tests/golden/fix/<seed>.diff; NAFTIKO_LINT_UPDATE_GOLDEN=1 rewrites them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

SEEDS = sorted(p.name for p in (FIXTURES / "seeds").glob("*.yaml"))
GOLDEN = REPO / "tests" / "golden" / "fix"
COMMENTS = (
    "# kept: a comment before the document",
    "# kept: a comment inside the capability",
    "# kept: a trailing comment",
)


def _commented(text: str) -> str:
    """The seed with a leading, an indented and a trailing comment."""
    lines = text.splitlines(keepends=True)
    out = [COMMENTS[0] + "\n"]
    for line in lines:
        if line.startswith("capability:"):
            out.append(f"capability:  {COMMENTS[2]}\n")
            out.append(f"  {COMMENTS[1]}\n")
        else:
            out.append(line)
    return "".join(out)


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "naftiko_lint", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _report(path: Path) -> list[dict]:
    proc = _cli("check", "--no-cache", "--format", "json", path.name, cwd=path.parent)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)["diagnostics"]


@pytest.mark.parametrize("name", SEEDS)
def test_unsafe_fixing_a_seed_leaves_only_what_cannot_be_inferred(
    name: str, tmp_path: Path
) -> None:
    original = _commented((FIXTURES / "seeds" / name).read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(original, encoding="utf-8")
    before = _report(path)
    assert any("fix" in d for d in before)

    diff = _cli("check", "--no-cache", "--diff", "--unsafe-fixes", name, cwd=tmp_path)
    assert diff.returncode == 1, diff.stderr
    assert path.read_text(encoding="utf-8") == original  # --diff writes nothing

    fixed = _cli("check", "--no-cache", "--fix", "--unsafe-fixes", name, cwd=tmp_path)
    assert fixed.returncode in (0, 1), fixed.stderr
    text = path.read_text(encoding="utf-8")
    assert text != original
    for comment in COMMENTS:
        assert comment in text
    after = _report(path)
    assert [d for d in after if "fix" in d] == []
    # nothing new: no rule finds more than before (a message may change as the file does:
    # a path fixed to {{x}} changes what an unsupplied-input finding says about it)
    assert Counter(d["rule"] for d in after) <= Counter(d["rule"] for d in before)

    again = _cli("check", "--no-cache", "--fix", "--unsafe-fixes", name, cwd=tmp_path)
    assert again.returncode in (0, 1), again.stderr
    assert path.read_text(encoding="utf-8") == text  # a second --fix is a no-op

    golden = GOLDEN / f"{Path(name).stem}.diff"
    if os.environ.get("NAFTIKO_LINT_UPDATE_GOLDEN"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        golden.write_text(diff.stdout, encoding="utf-8")
    assert diff.stdout == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SEEDS)
def test_safe_fixing_changes_only_what_keeps_the_meaning(name: str, tmp_path: Path) -> None:
    original = _commented((FIXTURES / "seeds" / name).read_text(encoding="utf-8"))
    path = tmp_path / name
    path.write_text(original, encoding="utf-8")
    before = _report(path)
    fixed = _cli("check", "--no-cache", "--fix", name, cwd=tmp_path)
    assert fixed.returncode in (0, 1), fixed.stderr
    after = _report(path)
    safe = [d for d in after if d.get("fix", {}).get("safe")]
    assert safe == []  # every safe fix was applied
    # unsafe fixes were not: their findings are still there
    unsafe = Counter(d["rule"] for d in before if "fix" in d and not d["fix"]["safe"])
    assert unsafe <= Counter(d["rule"] for d in after)
    assert Counter(d["rule"] for d in after) <= Counter(d["rule"] for d in before)
