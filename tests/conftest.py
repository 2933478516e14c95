from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
CASES = Path(__file__).resolve().parent / "cases"


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
