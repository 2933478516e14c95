"""Coverage-guided fuzzing of the loader and the whole pipeline with atheris (libFuzzer).

    pip install atheris
    mkdir -p /tmp/corpus && cp fixtures/clean/*.yaml fixtures/seeds/*.yaml /tmp/corpus/
    python scripts/atheris_loader.py /tmp/corpus -runs=100000 -max_len=4096

Each input goes through `check_invariants` (tests/property/fuzz_strategies.py):
`lint_source` returns diagnostics inside the file, twice the same, and the fast and exact
loaders agree. A break
raises, and libFuzzer writes the input to `crash-<sha1>` in the working directory; add it to
`REGRESSIONS` in tests/property/test_fuzz_input.py once fixed. libFuzzer writes new inputs into the
first corpus folder, so never point it at `fixtures/`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["naftiko_lint"]):
    from tests.property.fuzz_strategies import check_invariants


def one_input(data: bytes) -> None:
    check_invariants(data)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
