"""A cold `check` imports only what it runs: python-jsonschema only to word the errors of an
invalid configuration or ruleset, python-jsonpath only for a `given` path the direct walk
does not take. Each case runs the real CLI in a fresh interpreter and reads `sys.modules`
(a structural check, never a time)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import FIXTURES, REPO

PROBE = r"""
import contextlib, io, json, sys
from naftiko_lint.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(json.loads(sys.argv[1]))
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _check(folder: Path, *argv: str) -> tuple[int, str, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(["check", *argv])],
        cwd=folder,
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)},
    )
    report = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    return report["code"], report["out"], set(report["modules"])


def _loaded(modules: set[str], package: str) -> bool:
    return any(name == package or name.startswith(package + ".") for name in modules)


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    """A clean capability with outputParameters, steps and every adapter type, alone in a
    folder with no configuration (so the default configuration and ruleset apply)."""
    shutil.copy(FIXTURES / "clean" / "steps.yaml", tmp_path / "steps.yaml")
    return tmp_path


def test_a_clean_check_never_imports_python_jsonschema(clean: Path) -> None:
    code, out, modules = _check(clean, "steps.yaml")
    assert (code, out) == (0, "0 errors, 0 warnings in 1 file\n")
    assert _loaded(modules, "jsonschema_rs")  # the positive control: the schema was checked
    assert not _loaded(modules, "jsonschema")
    assert not _loaded(modules, "referencing")
    assert not _loaded(modules, "tomllib")


def test_a_clean_check_never_imports_python_jsonpath(clean: Path) -> None:
    code, _, modules = _check(clean, "steps.yaml")
    assert code == 0
    assert not _loaded(modules, "jsonpath")
    assert not _loaded(modules, "regex")


def test_an_invalid_configuration_imports_python_jsonschema_for_its_message(clean: Path) -> None:
    (clean / ".naftiko-lint.yaml").write_text("rules: {}\nfail-onn: warning\n", encoding="utf-8")
    code, _, modules = _check(clean, "--format", "json", "steps.yaml")
    assert code == 2
    assert _loaded(modules, "jsonschema")


def test_a_valid_configuration_and_ruleset_are_checked_without_it(clean: Path) -> None:
    (clean / "house.yaml").write_text(
        "extends: [[naftiko-lint:default, all]]\n"
        "rules:\n"
        "  house-label:\n"
        "    given: \"$.capability.exposes[?(@.type == 'mcp' && @.transport)]\"\n"
        "    then: {field: namespace, function: truthy}\n",
        encoding="utf-8",
    )
    (clean / ".naftiko-lint.yaml").write_text(
        "extends: [./house.yaml]\nrules: {naftiko-info-tags: warn}\n", encoding="utf-8"
    )
    code, _, modules = _check(clean, "steps.yaml")
    assert code == 0
    assert not _loaded(modules, "jsonschema")


def test_a_given_the_walk_does_not_take_imports_python_jsonpath(clean: Path) -> None:
    (clean / "house.yaml").write_text(
        "rules:\n"
        "  port-low:\n"
        '    given: "$.capability.exposes[?(@.port < 1024)]"\n'
        "    then: {field: port, function: falsy}\n",
        encoding="utf-8",
    )
    code, _, modules = _check(clean, "--ruleset", "house.yaml", "steps.yaml")
    assert code in (0, 1)
    assert _loaded(modules, "jsonpath")
