"""What each face imports: the cheap commands never load the check pipeline.

Each case runs a command's code path in a fresh interpreter (`main([...])` in-process) and
then reads `sys.modules`. It asserts which modules are absent, never a time: times vary
with the machine, a module that is not imported costs nothing anywhere."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ..conftest import FIXTURES, REPO

# The check pipeline: third-party validators and parsers, and our own stages.
PIPELINE = (
    "jsonschema",
    "jsonschema_rs",
    "jsonpath",  # python-jsonpath
    "ryml",  # rapidyaml
    "yaml",
    "naftiko_lint.capability",
    "naftiko_lint.config",
    "naftiko_lint.document",
    "naftiko_lint.functions",
    "naftiko_lint.linter",
    "naftiko_lint.plan",
    "naftiko_lint.ruleset",
    "naftiko_lint.runner",
    "naftiko_lint.spec.schema",
)
SEED = str(FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml")

PROBE = r"""
import contextlib, io, json, sys
code = sys.argv[1]
argv = json.loads(sys.argv[2])
if code == "main":
    from naftiko_lint.cli import main
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            result = main(argv)
        except SystemExit as exit:  # --help
            result = exit.code
else:
    exec(code)
    result = 0
print(json.dumps({"code": result, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


def _loaded(code: str, argv: list[str] | None = None) -> tuple[int, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, code, json.dumps(argv or [])],
        cwd=REPO,
        capture_output=True,
        timeout=60,
    )
    report = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def _pipeline_in(modules: set[str]) -> list[str]:
    return sorted(
        name for name in modules if any(name == p or name.startswith(p + ".") for p in PIPELINE)
    )


@pytest.mark.parametrize(
    "argv",
    [["versions"], ["schema", "--spec-version", "1.0.0-alpha2"], ["--help"], ["schema", "--help"]],
    ids=["versions", "schema", "help", "schema-help"],
)
def test_cheap_commands_never_import_the_pipeline(argv: list[str]) -> None:
    code, modules = _loaded("main", argv)
    assert code == 0
    assert _pipeline_in(modules) == []
    assert "naftiko_lint.cli.check" not in modules and "naftiko_lint.cli.rules" not in modules


def test_check_imports_the_pipeline_and_only_its_format() -> None:
    """The positive control: the names above are what `check` really loads, so their
    absence elsewhere means something. Only the chosen formatter is imported."""
    code, modules = _loaded("main", ["check", "--format", "text", SEED])
    assert code == 1
    assert set(_pipeline_in(modules)) >= {"jsonschema_rs", "ryml", "naftiko_lint.linter"}
    assert "naftiko_lint.formatters.text" in modules
    assert "naftiko_lint.formatters.json" not in modules
    assert "naftiko_lint.cli.spec" not in modules


def test_import_naftiko_lint_is_cheap() -> None:
    _, modules = _loaded("import naftiko_lint")
    assert sorted(m for m in modules if m.startswith("naftiko_lint")) == ["naftiko_lint"]


def test_public_names_resolve_on_use() -> None:
    _, modules = _loaded("import naftiko_lint; naftiko_lint.Severity")
    assert "naftiko_lint.diagnostics" in modules
    assert _pipeline_in(modules) == []


def test_the_cli_module_and_the_format_registry_import_nothing_heavy() -> None:
    _, modules = _loaded("import naftiko_lint.cli, naftiko_lint.formatters")
    assert _pipeline_in(modules) == []
    assert [m for m in modules if m.startswith("naftiko_lint.formatters.")] == []
    assert [m for m in modules if m.startswith("naftiko_lint.cli.")] == ["naftiko_lint.cli.output"]


def test_formatters_import_results_never_the_linter() -> None:
    _, modules = _loaded("import naftiko_lint.formatters.text, naftiko_lint.formatters.json")
    assert "naftiko_lint.results" in modules
    assert _pipeline_in(modules) == []


def test_every_command_module_is_registered_and_complete() -> None:
    """No hand-kept registry goes unchecked: each cli module with a `run` is in COMMANDS,
    and every registered module offers both halves of the command contract."""
    from importlib import import_module

    import naftiko_lint.cli as cli

    folder = REPO / "naftiko_lint" / "cli"
    with_run = {
        f"naftiko_lint.cli.{p.stem}"
        for p in folder.glob("*.py")
        if p.stem != "__init__" and "\ndef run(" in p.read_text(encoding="utf-8")
    }
    assert {c.module for c in cli.COMMANDS} == with_run
    assert len({c.name for c in cli.COMMANDS}) == len(cli.COMMANDS)
    for module in with_run:
        loaded = import_module(module)
        assert callable(loaded.add_arguments) and callable(loaded.run)
