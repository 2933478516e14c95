"""The shipped hook (.pre-commit-hooks.yaml) under real pre-commit and a real `git commit`:
a bad capability blocks the commit, a bad one the configuration excludes does not (pre-commit
names every staged file; --force-exclude applies the `exclude`), and fixing the bad file lets
the commit through. The hook is installed from a snapshot of this checkout's working tree,
at a commit, exactly as a user's `.pre-commit-config.yaml` names a `rev`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow

GOOD = FIXTURES / "clean" / "rest-inputs.yaml"  # no finding under the default rules
BAD = FIXTURES / "input" / "yaml-duplicate-key.fail.yaml"


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout.strip()


def _snapshot(target: Path, env: dict[str, str]) -> str:
    """This checkout's working tree (tracked and new files, not ignored ones) as a one-commit
    repository; its commit id."""
    listed = _git("ls-files", "-co", "--exclude-standard", "-z", cwd=REPO, env=env)
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    _git("init", "-q", cwd=target, env=env)
    _git("add", "-A", cwd=target, env=env)
    _git("commit", "-q", "-m", "snapshot", cwd=target, env=env)
    return _git("rev-parse", "HEAD", cwd=target, env=env)


def test_a_commit_is_blocked_by_the_bad_file_only(tmp_path: Path) -> None:
    pre_commit = Path(sys.executable).with_name("pre-commit")
    if shutil.which("git") is None or not pre_commit.exists():
        pytest.skip("git or pre-commit is not installed (pip install '.[test]')")
    env = {
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    rev = _snapshot(hooks, env)
    work = tmp_path / "work"
    (work / "generated").mkdir(parents=True)
    _git("init", "-q", cwd=work, env=env)
    (work / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks.as_uri()}\n    rev: {rev}\n"
        "    hooks:\n      - id: naftiko-lint\n"
    )
    (work / ".naftiko-lint.yaml").write_text("exclude: ['generated/**']\n")
    (work / "good.yaml").write_bytes(GOOD.read_bytes())
    (work / "bad.yaml").write_bytes(BAD.read_bytes())
    (work / "generated" / "bad.yaml").write_bytes(BAD.read_bytes())
    installed = subprocess.run(
        [str(pre_commit), "install"], cwd=work, env=env, capture_output=True, text=True
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _git("add", "-A", cwd=work, env=env)

    def commit() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", "commit", "-m", "capabilities"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    blocked = commit()
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert "bad.yaml:5:3: error [yaml-duplicate-key]" in output
    assert "generated/bad.yaml" not in output  # excluded by the configuration
    assert "good.yaml:" not in output
    with pytest.raises(subprocess.CalledProcessError):
        _git("rev-parse", "--verify", "HEAD", cwd=work, env=env)  # nothing was committed

    (work / "bad.yaml").write_bytes(GOOD.read_bytes())
    _git("add", "bad.yaml", cwd=work, env=env)
    allowed = commit()
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    committed = _git("ls-tree", "-r", "--name-only", "HEAD", cwd=work, env=env).split("\n")
    assert "generated/bad.yaml" in committed and "bad.yaml" in committed
