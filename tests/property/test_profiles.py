"""The Hypothesis profile follows the environment: CI runs four times the examples of a desk
run (twice the counts written in the tests, against half), and HYPOTHESIS_PROFILE overrides
either way (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ..conftest import REPO

PROBE = "from tests.conftest import examples; from hypothesis import settings; " + (
    "print(settings().max_examples, examples(120))"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "50 60"),
        ({"CI": "true"}, "200 240"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "50 60"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "200 240"),
    ],
)
def test_profile_is_chosen_from_the_environment(env: dict[str, str], expected: str) -> None:
    base = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=REPO,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == expected.split()
