"""`check` with its result cache, as a user runs it: a rerun prints exactly what a run
without the cache prints, `--no-cache` reads and writes nothing, `--cache-dir` and
NAFTIKO_LINT_CACHE_DIR choose the folder, a corrupt cache is a note, never a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_cli import run

FOLDER = ".naftiko-lint-cache"


@pytest.fixture(autouse=True)
def _default_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests are about the default folder: no NAFTIKO_LINT_CACHE_DIR (conftest sets
    one for every other test)."""
    monkeypatch.delenv("NAFTIKO_LINT_CACHE_DIR", raising=False)


def outputs(cli: list[str], copied: Path, *args: str, env: dict | None = None) -> list:
    """(exit code, stdout, stderr) of a JSON and a text run."""
    found = []
    for form in ("json", "text"):
        proc = run(cli, "check", ".", "--format", form, *args, cwd=copied, env=env)
        found.append((proc.returncode, proc.stdout, proc.stderr))
    return found


def test_a_cached_rerun_prints_the_same_bytes(cli: list[str], copied: Path) -> None:
    uncached = outputs(cli, copied, "--no-cache")
    assert not (copied / FOLDER).exists()  # --no-cache writes nothing
    assert outputs(cli, copied) == uncached  # the first run fills the cache
    names = {p.name for p in (copied / FOLDER).iterdir()}
    assert {".gitignore", "CACHEDIR.TAG"} < names and any(n.endswith(".cache") for n in names)
    assert outputs(cli, copied) == uncached  # the rerun reads it
    steps = copied / "clean" / "steps.yaml"
    steps.write_text(steps.read_text() + "unknown-top-level-key: 1\n")
    shared = copied / "clean" / "shared" / "crew-api.yaml"
    shared.write_text(shared.read_text().replace("namespace:", "namespace: x\n  other:", 1))
    (copied / ".naftiko-lint.yaml").write_text("rules:\n  naftiko-info-tags: off\n")
    changed = outputs(cli, copied, "--no-cache")
    assert changed != uncached
    assert outputs(cli, copied) == changed
    assert outputs(cli, copied) == changed


def test_cache_dir_and_its_environment_variable(
    cli: list[str], copied: Path, tmp_path: Path
) -> None:
    uncached = outputs(cli, copied, "--no-cache")
    assert outputs(cli, copied, "--cache-dir", str(tmp_path / "a")) == uncached
    assert list((tmp_path / "a").glob("*.cache"))
    env = {"NAFTIKO_LINT_CACHE_DIR": str(tmp_path / "b")}
    assert outputs(cli, copied, env=env) == uncached
    assert list((tmp_path / "b").glob("*.cache"))
    assert not (copied / FOLDER).exists()


def test_a_corrupt_cache_is_a_note(cli: list[str], copied: Path) -> None:
    uncached = outputs(cli, copied, "--no-cache")
    outputs(cli, copied)
    for file in (copied / FOLDER).glob("*.cache"):
        file.write_bytes(file.read_bytes()[:100])
    (code, stdout, stderr), *_ = outputs(cli, copied)
    assert (code, stdout) == uncached[0][:2]
    assert b"cache ignored: " in stderr and b"Traceback" not in stderr
    assert outputs(cli, copied) == uncached  # rewritten whole


def test_standard_input_is_never_cached(cli: list[str], copied: Path) -> None:
    text = (copied / "seeds").glob("*.yaml").__next__().read_bytes()
    proc = run(cli, "check", "-", "--stdin-filename", "x.yaml", cwd=copied, stdin=text)
    assert proc.returncode == 1
    assert not (copied / FOLDER).exists()


def test_outcomes_from_worker_processes_are_cached_and_replayed(
    cli: list[str], copied: Path
) -> None:
    """Workers send their files' findings already formatted and encoded for the cache:
    stored from there, they replay exactly, in one process or in workers again."""
    uncached = outputs(cli, copied, "--no-cache", "--jobs", "1")
    assert outputs(cli, copied, "--jobs", "2") == uncached  # filled from the workers
    assert outputs(cli, copied, "--jobs", "1") == uncached  # replayed in this process
    assert outputs(cli, copied, "--jobs", "2") == uncached
