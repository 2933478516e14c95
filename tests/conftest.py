from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CASES = Path(__file__).resolve().parent / "cases"

# Hypothesis profiles: `dev` (the default) for a desk run, `ci` with four times its examples,
# chosen when CI is set (GitHub Actions and most CI services set it) or by
# HYPOTHESIS_PROFILE=ci|dev. Counts written in the tests are per WRITTEN_FOR examples: a test
# passes its count through `examples()`, which scales it by the profile (dev runs half of it,
# ci twice), so the counts stay relative to each other.
WRITTEN_FOR = 100
settings.register_profile("dev", max_examples=WRITTEN_FOR // 2, deadline=None)
settings.register_profile("ci", max_examples=WRITTEN_FOR * 2, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def examples(count: int) -> int:
    """`count` scaled by the active profile (half on dev, twice on ci), at least 1."""
    return max(1, count * settings().max_examples // WRITTEN_FOR)


def console_script() -> list[str]:
    """The installed `naftiko-lint` console script (next to this interpreter if present)."""
    beside = Path(sys.executable).with_name("naftiko-lint")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("naftiko-lint")
    if found is None:
        pytest.fail("the naftiko-lint console script is not installed; run `pip install .`")
    return [found]


@pytest.fixture(scope="session")
def cli() -> list[str]:
    return console_script()


@pytest.fixture(autouse=True)
def _own_result_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test's `check` runs (in process or as subprocesses, which inherit the
    environment) start with a cache of their own, never the repository's folder; tests of
    the cache itself name theirs with --cache-dir."""
    monkeypatch.setenv("NAFTIKO_LINT_CACHE_DIR", str(tmp_path_factory.mktemp("result-cache")))


@pytest.fixture
def copied(tmp_path: Path) -> Path:
    """Copies of the clean fixtures (importers and their shared files) and the seeds, in
    a folder of their own: for tests that change files between runs (the cache's)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "clean", root / "clean")
    shutil.copytree(FIXTURES / "seeds", root / "seeds")
    return root
