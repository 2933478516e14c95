"""The public API (`naftiko_lint`): each name on real files, against what the CLI reports."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

import naftiko_lint
from naftiko_lint import (
    Diagnostic,
    LintOptions,
    LintResult,
    Severity,
    explain,
    lint_paths,
    lint_text,
    list_rules,
)
from naftiko_lint.errors import ConfigError
from naftiko_lint.results import report_to_dict

from ..conftest import FIXTURES, console_script

SEEDS = FIXTURES / "seeds"
SEED = SEEDS / "001_3b724ad6c0282b03.yaml"
CAPABILITY = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: Orders\n  description: Order lookups\n"
    "  tags: [orders]\ncapability:\n  consumes:\n    - type: http\n      namespace: orders\n"
    "      baseUri: https://orders.test\n      description: The order service.\n"
)
DUPLICATE = CAPABILITY.replace("  label: Orders\n", "  label: A\n  label: B\n")


def _cli_json(*args: str, cwd: Path | None = None) -> dict:
    proc = subprocess.run(
        [*console_script(), "check", "--format", "json", *args],
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )
    return json.loads(proc.stdout)


def test_version_and_names() -> None:
    assert naftiko_lint.__version__ == "0.1.0"
    assert set(naftiko_lint.__all__) <= set(dir(naftiko_lint))
    assert Severity.ERROR > Severity.WARNING and Diagnostic.__name__ == "Diagnostic"
    with pytest.raises(AttributeError, match="no attribute 'lint'"):
        naftiko_lint.lint  # noqa: B018


def test_lint_paths_is_what_check_reports() -> None:
    result = lint_paths([SEEDS])  # a Path is accepted
    assert isinstance(result, LintResult)
    assert (result.count(Severity.ERROR), result.count(Severity.WARNING)) == (116, 87)
    assert report_to_dict(result) == _cli_json(str(SEEDS))


def test_lint_paths_takes_options() -> None:
    result = lint_paths([str(SEED)], LintOptions(max_findings=2))
    rules = [d.rule for d in result.diagnostics]
    assert len(rules) == 3 and rules.count("too-many-findings") == 1


def test_lint_paths_reports_a_missing_path_as_an_error(tmp_path: Path) -> None:
    result = lint_paths([tmp_path / "nope.yaml"])
    assert result.diagnostics == [] and result.not_checked == [str(tmp_path / "nope.yaml")]
    assert [e.message for e in result.errors] == ["no such file or directory"]


def test_lint_text_matches_the_file_on_disk() -> None:
    diagnostics = lint_text(SEED.read_text(encoding="utf-8"), str(SEED))
    assert diagnostics == lint_paths([str(SEED)]).diagnostics
    assert diagnostics and all(d.path == str(SEED) for d in diagnostics)


def test_lint_text_default_path_and_a_duplicate_key() -> None:
    assert lint_text(CAPABILITY) == []
    [found] = lint_text(DUPLICATE)
    assert (found.path, found.rule, found.pointer) == (
        "<text>",
        "yaml-duplicate-key",
        "/info/label",
    )
    assert (found.range.start.line, found.range.start.column) == (4, 3)


def test_lint_text_finds_the_configuration_from_its_path(tmp_path: Path) -> None:
    (tmp_path / "caps").mkdir()
    (tmp_path / "caps" / ".naftiko-lint.yaml").write_text("rules:\n  yaml-duplicate-key: warning\n")
    [found] = lint_text(DUPLICATE, str(tmp_path / "caps" / "orders.yaml"))
    assert found.severity == Severity.WARNING
    [isolated] = lint_text(
        DUPLICATE, str(tmp_path / "caps" / "orders.yaml"), LintOptions(discover_config=False)
    )
    assert isolated.severity == Severity.ERROR


def test_lint_text_resolves_imports_against_its_path() -> None:
    clean = FIXTURES / "clean" / "imports.yaml"
    text = clean.read_text(encoding="utf-8")
    assert lint_text(text, str(clean)) == []
    elsewhere = {d.rule for d in lint_text(text, "/nonexistent/imports.yaml")}
    assert "import-unresolved" in elsewhere


def test_lint_text_never_raises_for_what_the_text_holds() -> None:
    [found] = lint_text("naftiko: 1.0.0-alpha2\ninfo: \udc80\n")
    assert found.rule == "yaml-encoding"
    assert [d.rule for d in lint_text("")] == ["yaml-empty"]


def test_lint_text_raises_for_a_broken_configuration(tmp_path: Path) -> None:
    (tmp_path / ".naftiko-lint.yaml").write_text("rules: [\n")
    with pytest.raises(ConfigError):
        lint_text(CAPABILITY, str(tmp_path / "a.yaml"))


def test_explain_is_the_explain_command() -> None:
    page = explain("internal-error")
    assert page is not None and page.startswith("internal-error  (error, built-in)\n")
    proc = subprocess.run(
        [*console_script(), "explain", "yaml-duplicate-key"], capture_output=True, timeout=60
    )
    assert explain("yaml-duplicate-key") == proc.stdout.decode()
    assert explain("no-such-rule") is None


def test_list_rules_is_the_rules_command() -> None:
    proc = subprocess.run(
        [*console_script(), "rules", "--format", "json"], capture_output=True, timeout=60
    )
    assert [e.as_dict() for e in list_rules()] == json.loads(proc.stdout)


def test_list_rules_with_rules_turned_off(tmp_path: Path) -> None:
    config = tmp_path / "lint.yaml"
    config.write_text("rules:\n  yaml-duplicate-key: off\n")
    active = {e.id for e in list_rules(LintOptions(config_file=config))}
    everything = {e.id: e for e in list_rules(LintOptions(config_file=config), include_off=True)}
    assert "yaml-duplicate-key" not in active
    assert everything["yaml-duplicate-key"].severity_label == "off"
    assert active < set(everything)
