"""Fuzzing (b): random bytes, random YAML-ish text and random JSON never crash the linter.

`check_invariants` (tests/property/fuzz_strategies.py) says what must hold. The regression inputs
below are the shrunk examples earlier fuzz runs found, each with what the linter says now.
The quick runs are deterministic; `pytest -m slow` runs more; `pytest -m fuzz_long` (or
`python scripts/fuzz.py --examples 100000`) the long run.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..acceptance.test_cli import run
from ..conftest import examples
from .fuzz_strategies import STRATEGIES, check_invariants

QUICK = settings(
    max_examples=examples(120),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
MEDIUM = settings(QUICK, max_examples=examples(1500), derandomize=False)

# (input, [(rule, start line, start column, end line, end column)]) found by fuzzing
REGRESSIONS = {
    # libyaml puts the end of a text without a final break on a line of its own
    "unclosed-flow-at-eof": (b"[", [("yaml-syntax", 1, 2, 1, 2)]),
    "node-ends-at-eof": (b"naftiko:\n-\n-\n-\n-  &a []", [("unknown-version", 2, 1, 5, 9)]),
    "block-scalar-at-eof": (
        b"naftiko: 1.0.0-alpha2\nyes: |",
        [("schema", 1, 1, 2, 7), ("schema-unknown-property", 2, 1, 2, 4)],
    ),
    # LS is a line break to PyYAML, text to rapidyaml: the loaders read different data
    "line-separator-alone": ("\u2028".encode(), [("yaml-empty", 1, 1, 1, 1)]),
    # NEL shifted every PyYAML line number below it
    "next-line-before-alias-loop": (b"\xc2\x85&a [*a, *a]\n", [("yaml-too-deep", 1, 2, 1, 13)]),
    # a key-less entry rapidyaml accepts and PyYAML refuses: a crash locating it
    "keyless-flow-entry": (
        b'{"naftiko": "1.0.0-alpha2", "x",: null}',
        [("yaml-syntax", 1, 33, 1, 33)],
    ),
    "empty-block-key": (b"a: 1\n: x\n", [("yaml-syntax", 2, 1, 2, 1)]),
    # a surrogate escape became a string no UTF-8 encoder takes: a crash in the schema stage
    "surrogate-escape": (
        b'{"naftiko": "1.0.0-alpha2", "\\ud95d\\udea1": null}',
        [("yaml-syntax", 1, 32, 1, 32)],
    ),
    # the byte-order mark counted as a column
    "bom-then-invalid-utf8": (b"\xef\xbb\xbfX\x81", [("yaml-encoding", 1, 2, 1, 3)]),
    "cr-lines-then-nul": (b"\r\x00*a\n", [("yaml-encoding", 2, 1, 2, 1)]),
    # str.splitlines ends a line at NEL too: the suppression pointed past the file's end
    "next-line-before-suppression": (
        b"-\nnaftiko\xc2\x85naftiko:\n-\n-\n-  *a\n"
        b"# naftiko-lint: disable-next-line schema-unknown-property",
        [("yaml-syntax", 2, 9, 2, 9), ("unused-suppression", 6, 1, 6, 1)],
    ),
    # rapidyaml kept a line break the file does not end in: the loaders read different data
    "block-scalar-without-final-break": (b"-  |\n  naftiko", [("yaml-not-mapping", 1, 1, 1, 1)]),
    # PyYAML's bool constructor raises KeyError on a bad `!!bool` value: a crash
    "bad-bool-tag": (b"!!bool naftiko\n", [("yaml-syntax", 1, 1, 1, 15)]),
    "bad-bool-tag-key": (b"? !!bool x\n: 1\n", [("yaml-syntax", 1, 1, 3, 1)]),
    # rapidyaml kept a line break at the end of a plain scalar spanning lines in a flow
    # mapping ('null// c\n'); PyYAML reads 'null// c'
    "plain-scalar-spanning-lines-in-flow": (
        b'{\n "naftiko": "1.0.0-alpha2",\n "action": null// c\n\n}',
        [("schema", 1, 1, 5, 2), ("schema-unknown-property", 3, 2, 3, 10)],
    ),
    # a wrong `!!int` value is a construction error, not a number too long to hold
    "bad-int-tag": (b"!!int x\n", [("yaml-syntax", 1, 1, 1, 8)]),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_fuzz_regressions(name: str) -> None:
    raw, expected = REGRESSIONS[name]
    found = check_invariants(raw)
    assert [
        (d.rule, d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column)
        for d in found
    ] == expected


@QUICK
@given(STRATEGIES["yamlish"])
def test_random_yaml_keeps_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@QUICK
@given(STRATEGIES["random_json"])
def test_random_json_keeps_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@settings(QUICK, max_examples=examples(200))
@given(STRATEGIES["random_bytes"])
def test_random_bytes_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


def _check_cli(cli: list[str], folder: Path) -> None:
    """Text and JSON reports on every fuzz input in `folder`, each named: no traceback, exit
    code 0 or 1, every file reported."""
    names = sorted(p.name for p in folder.iterdir())
    text = run(cli, "check", *names, cwd=folder)
    assert text.returncode in (0, 1), text.stderr
    assert b"Traceback" not in text.stderr + text.stdout
    report = run(cli, "check", "--format", "json", *names, cwd=folder)
    assert report.returncode == text.returncode, report.stderr
    assert b"Traceback" not in report.stderr
    assert [f["path"] for f in json.loads(report.stdout)["files"]] == names


def test_cli_reports_fuzz_regressions(cli: list[str], tmp_path: Path) -> None:
    for name, (raw, _) in REGRESSIONS.items():
        (tmp_path / f"{name}.yaml").write_bytes(raw)
    _check_cli(cli, tmp_path)


@pytest.mark.slow
@settings(MEDIUM, max_examples=examples(10))
@given(
    st.lists(
        st.one_of(STRATEGIES["yamlish"], STRATEGIES["random_json"], STRATEGIES["random_bytes"]),
        min_size=1,
        max_size=8,
    )
)
def test_cli_reports_random_inputs(
    cli: list[str], tmp_path_factory: pytest.TempPathFactory, samples: list
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    for i, (raw, _) in enumerate(samples):
        (folder / f"f{i}.yaml").write_bytes(raw)
    _check_cli(cli, folder)


@pytest.mark.slow
@MEDIUM
@given(STRATEGIES["yamlish"])
def test_much_random_yaml_keeps_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@pytest.mark.slow
@MEDIUM
@given(STRATEGIES["random_json"])
def test_much_random_json_keeps_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@pytest.mark.slow
@MEDIUM
@given(STRATEGIES["random_bytes"])
def test_many_random_bytes_keep_the_invariant(sample: tuple) -> None:
    check_invariants(*sample)


@pytest.mark.fuzz_long
def test_long_fuzz_run() -> None:
    """NAFTIKO_FUZZ_EXAMPLES examples (default 100,000) over every strategy."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import fuzz

    examples = int(os.environ.get("NAFTIKO_FUZZ_EXAMPLES", "100000"))
    assert fuzz.main(["--examples", str(examples)]) == 0
