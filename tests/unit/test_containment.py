"""Contained failures: a rule function (custom or built-in) or a pipeline stage that raises
becomes one `internal-error` diagnostic; every other rule and file still reports; exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from naftiko_lint.linter import LintOptions
from naftiko_lint.runner import lint_paths
from naftiko_lint.spec import schema as schema_check

from ..acceptance.test_cli import run

CAPABILITY = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: {label}\n  description: Orders.\n"
    "capability:\n  consumes:\n    - type: http\n      namespace: orders\n"
    "      baseUri: https://orders.test\n      description: The order service.\n"
)
BOOM = (
    "def boom(target, options, context):\n"
    "    if isinstance(target, str) and target.startswith('B'):\n"
    "        raise ValueError(f'cannot judge {target!r}')\n"
    "    return []\n"
)
RULESET = (
    "functions: [boom]\nrules:\n"
    "  label-boom:\n    description: Labels judged by a function that raises.\n"
    "    severity: warning\n    given: $.info.label\n    then: {function: boom}\n"
    "  info-tags:\n    description: Info has tags.\n    severity: warning\n"
    "    given: $.info\n    then: {field: tags, function: truthy}\n"
)
INTERNAL = (
    "error [internal-error] rule 'label-boom': function 'boom' raised ValueError: "
    "cannot judge 'Boom' (naftiko-lint explain internal-error says how to report it; "
    "--debug prints the traceback)"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "functions").mkdir()
    (tmp_path / "functions" / "boom.py").write_text(BOOM)
    (tmp_path / "ruleset.yaml").write_text(RULESET)
    (tmp_path / "a.yaml").write_text(CAPABILITY.format(label="Boom"))
    (tmp_path / "b.yaml").write_text(CAPABILITY.format(label="Fine"))
    return tmp_path


def test_a_raising_custom_function_is_one_located_internal_error(
    cli: list[str], project: Path
) -> None:
    proc = run(cli, "check", "--ruleset", "ruleset.yaml", "a.yaml", "b.yaml", cwd=project)
    assert proc.returncode == 2 and proc.stderr == b""
    assert proc.stdout.decode().splitlines() == [
        "a.yaml:2:1: warning [info-tags] Info has tags.",
        f"a.yaml:3:10: {INTERNAL}",
        "b.yaml:2:1: warning [info-tags] Info has tags.",
        "1 error, 2 warnings in 2 files",
    ]


@pytest.mark.parametrize("how", [("--debug",), ()], ids=["flag", "environment"])
def test_debug_prints_the_traceback(cli: list[str], project: Path, how: tuple[str, ...]) -> None:
    proc = run(
        cli,
        "check",
        *how,
        "--ruleset",
        "ruleset.yaml",
        "a.yaml",
        cwd=project,
        env={} if how else {"NAFTIKO_LINT_DEBUG": "1"},
    )
    stderr = proc.stderr.decode()
    assert proc.returncode == 2
    assert stderr.startswith(
        "a.yaml: rule 'label-boom': function 'boom' raised ValueError: "
        "cannot judge 'Boom'\nTraceback (most recent call last):\n"
    )
    assert 'boom.py", line 3, in boom' in stderr
    assert stderr.rstrip().endswith("ValueError: cannot judge 'Boom'")
    assert INTERNAL in proc.stdout.decode()


def test_a_raising_builtin_function_is_reported_once_per_rule(
    cli: list[str], tmp_path: Path
) -> None:
    """`pattern` compiles its regular expression when it runs: a bad one raises on every
    node it is given; one internal-error at the first, counting the others."""
    (tmp_path / "ruleset.yaml").write_text(
        "rules:\n  bad-pattern:\n    severity: warning\n    given: $.info.*\n"
        "    then: {function: pattern, functionOptions: {match: '('}}\n"
        "  info-tags:\n    severity: warning\n    given: $.info\n"
        "    then: {field: tags, function: truthy}\n"
    )
    (tmp_path / "a.yaml").write_text(CAPABILITY.format(label="Orders"))
    proc = run(
        cli, "check", "--format", "json", "--ruleset", "ruleset.yaml", "a.yaml", cwd=tmp_path
    )
    report = json.loads(proc.stdout)
    assert proc.returncode == 2 and proc.stderr == b""
    internal = [d for d in report["diagnostics"] if d["rule"] == "internal-error"]
    assert [(d["pointer"], d["severity"], d["range"]["start"]) for d in internal] == [
        ("/info/label", "error", {"line": 3, "column": 10})
    ]
    assert internal[0]["message"].startswith(
        "rule 'bad-pattern': function 'pattern' raised re.error: missing ), unterminated "
        "subpattern at position 0 (and on 1 more node) ("
    )
    assert [d["rule"] for d in report["diagnostics"]].count("info-tags") == 1
    assert report["errors"] == []


def test_a_raising_stage_is_one_internal_error_at_the_file_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No real file makes a stage raise, so the schema stage is made to raise here; the
    rules stage and the other files still report."""

    def broken(*args: object, **kwargs: object) -> list:
        raise RuntimeError("schema backend exploded")

    monkeypatch.setattr(schema_check, "check", broken)
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(CAPABILITY.format(label="Orders"))
    result = lint_paths(
        [str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")], LintOptions(discover_config=False)
    )
    internal = [d for d in result.diagnostics if d.rule == "internal-error"]
    assert [(Path(d.path).name, d.range.start.line, d.range.start.column) for d in internal] == [
        ("a.yaml", 1, 1),
        ("b.yaml", 1, 1),
    ]
    assert internal[0].message.startswith(
        "the schema stage raised RuntimeError: schema backend exploded ("
    )
    assert {d.rule for d in result.diagnostics} - {"internal-error"}, "the rules still ran"
    assert len(result.files) == 2 and result.errors == [] and result.internal_errors == 2
    assert "RuntimeError: schema backend exploded" in result.tracebacks[0]


def test_a_raising_stage_through_the_command_line(tmp_path: Path) -> None:
    """The same through `main`, in a subprocess: exit 2, no traceback without --debug."""
    (tmp_path / "a.yaml").write_text(CAPABILITY.format(label="Orders"))
    script = (
        "import sys\nfrom naftiko_lint.spec import schema as schema_check\n"
        "def broken(*a, **k):\n    raise KeyError('boom')\n"
        "schema_check.check = broken\nfrom naftiko_lint.cli import main\n"
        "raise SystemExit(main(sys.argv[1:]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "check", "a.yaml"],
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr == b""
    assert (
        proc.stdout.decode()
        .splitlines()[0]
        .startswith("a.yaml:1:1: error [internal-error] the schema stage raised KeyError: 'boom' (")
    )


def test_explain_internal_error(cli: list[str]) -> None:
    proc = run(cli, "explain", "internal-error")
    text = proc.stdout.decode()
    assert proc.returncode == 0 and proc.stderr == b""
    assert text.startswith("internal-error  (error, built-in)\n")
    assert "--debug" in text and "NAFTIKO_LINT_DEBUG=1" in text and "report it" in text
