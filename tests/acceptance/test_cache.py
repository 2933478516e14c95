"""`check` with its result cache, as a user runs it: a rerun prints exactly what a run
without the cache prints, `--no-cache` reads and writes nothing, `--cache-dir` and
NAFTIKO_LINT_CACHE_DIR choose the folder, a corrupt cache is a note, never a failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import FIXTURES
from .test_cli import run

FOLDER = ".naftiko-lint-cache"


@pytest.fixture(autouse=True)
def _default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the default folder: no NAFTIKO_LINT_CACHE_DIR (conftest sets
    one for every other test)."""
    monkeypatch.delenv("NAFTIKO_LINT_CACHE_DIR", raising=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root / "clean")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    return root


def outputs(cli: list[str], project: Path, *args: str, env: dict | None = None) -> list:
    """(exit code, stdout, stderr) of a JSON and a text run."""
    found = []
    for form in ("json", "text"):
        proc = run(cli, "check", ".", "--format", form, *args, cwd=project, env=env)
        found.append((proc.returncode, proc.stdout, proc.stderr))
    return found


def test_a_cached_rerun_prints_the_same_bytes(cli: list[str], project: Path) -> None:
    uncached = outputs(cli, project, "--no-cache")
    assert not (project / FOLDER).exists()  # --no-cache writes nothing
    assert outputs(cli, project) == uncached  # the first run fills the cache
    assert sorted(p.name for p in (project / FOLDER).iterdir())[:2] == [
        ".gitignore",
        "CACHEDIR.TAG",
    ]
    assert outputs(cli, project) == uncached  # the rerun reads it
    steps = project / "clean" / "steps.yaml"
    steps.write_text(steps.read_text() + "unknown-top-level-key: 1\n")
    shared = project / "clean" / "shared" / "crew-api.yaml"
    shared.write_text(shared.read_text().replace("namespace:", "namespace: x\n  other:", 1))
    (project / ".naftiko-lint.yaml").write_text("rules:\n  naftiko-info-tags: off\n")
    changed = outputs(cli, project, "--no-cache")
    assert changed != uncached
    assert outputs(cli, project) == changed
    assert outputs(cli, project) == changed


def test_cache_dir_and_its_environment_variable(
    cli: list[str], project: Path, tmp_path: Path
) -> None:
    uncached = outputs(cli, project, "--no-cache")
    assert outputs(cli, project, "--cache-dir", str(tmp_path / "a")) == uncached
    assert list((tmp_path / "a").glob("*.cache"))
    env = {"NAFTIKO_LINT_CACHE_DIR": str(tmp_path / "b")}
    assert outputs(cli, project, env=env) == uncached
    assert list((tmp_path / "b").glob("*.cache"))
    assert not (project / FOLDER).exists()


def test_a_corrupt_cache_is_a_note(cli: list[str], project: Path) -> None:
    uncached = outputs(cli, project, "--no-cache")
    outputs(cli, project)
    for file in (project / FOLDER).glob("*.cache"):
        file.write_bytes(file.read_bytes()[:100])
    (code, stdout, stderr), *_ = outputs(cli, project)
    assert (code, stdout) == uncached[0][:2]
    assert b"cache ignored: " in stderr and b"Traceback" not in stderr
    assert outputs(cli, project) == uncached  # rewritten whole


def test_standard_input_is_never_cached(cli: list[str], project: Path) -> None:
    text = (project / "seeds").glob("*.yaml").__next__().read_bytes()
    proc = run(cli, "check", "-", "--stdin-filename", "x.yaml", cwd=project, stdin=text)
    assert proc.returncode == 1
    assert not (project / FOLDER).exists()


def test_outcomes_from_worker_processes_are_cached_and_replayed(
    cli: list[str], project: Path
) -> None:
    """Workers send their files' findings already formatted and encoded for the cache:
    stored from there, they replay exactly, in one process or in workers again."""
    uncached = outputs(cli, project, "--no-cache", "--jobs", "1")
    assert outputs(cli, project, "--jobs", "2") == uncached  # filled from the workers
    assert outputs(cli, project, "--jobs", "1") == uncached  # replayed in this process
    assert outputs(cli, project, "--jobs", "2") == uncached
