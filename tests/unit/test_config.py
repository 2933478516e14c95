"""Configuration files, found upward from each checked file, as the CLI uses them."""

from __future__ import annotations

import json
import multiprocessing
import pickle
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from naftiko_lint.config import Config, load_config
from naftiko_lint.errors import ConfigError
from naftiko_lint.plan import build_plan

from ..acceptance.test_cli import GOOD, run

UNKNOWN_KEY = GOOD.replace("  tags: [orders]\n", "  tags: [orders]\n  owner: me\n")
NO_TAGS = GOOD.replace("  tags: [orders]\n", "")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "caps").mkdir()
    (tmp_path / "caps" / "a.yaml").write_text(UNKNOWN_KEY)
    (tmp_path / "caps" / "generated").mkdir()
    (tmp_path / "caps" / "generated" / "b.yaml").write_text(UNKNOWN_KEY)
    return tmp_path


def _rules(proc: subprocess.CompletedProcess) -> list[str]:
    return [d["rule"] for d in json.loads(proc.stdout)["diagnostics"]]


def test_no_configuration_uses_defaults(cli: list[str], project: Path) -> None:
    proc = run(cli, "check", "--format", "json", ".", cwd=project)
    assert _rules(proc) == ["schema-unknown-property"] * 2
    assert proc.returncode == 0  # warnings only


def test_yaml_configuration_found_upward(cli: list[str], project: Path) -> None:
    (project / ".naftiko-lint.yaml").write_text(
        "rules:\n  schema-unknown-property: error\nexclude: ['**/generated/**']\n"
    )
    proc = run(cli, "check", "--format", "json", "caps", cwd=project)
    report = json.loads(proc.stdout)
    assert [f["path"] for f in report["files"]] == ["caps/a.yaml"]
    assert [(d["rule"], d["severity"]) for d in report["diagnostics"]] == [
        ("schema-unknown-property", "error")
    ]
    assert proc.returncode == 1


def test_explicit_files_ignore_excludes(cli: list[str], project: Path) -> None:
    (project / ".naftiko-lint.yaml").write_text("exclude: ['**/generated/**']\n")
    proc = run(cli, "check", "--format", "json", "caps/generated/b.yaml", cwd=project)
    assert len(json.loads(proc.stdout)["files"]) == 1


def test_include_globs(cli: list[str], project: Path) -> None:
    (project / ".naftiko-lint.yaml").write_text("include: ['caps/generated/*']\n")
    proc = run(cli, "check", "--format", "json", ".", cwd=project)
    assert [Path(f["path"]).name for f in json.loads(proc.stdout)["files"]] == ["b.yaml"]


def test_pyproject_table_and_fail_on(cli: list[str], project: Path) -> None:
    (project / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.naftiko-lint]\nfail-on = 'warning'\n"
        "rules = { naftiko-info-tags = 'off' }\n"
    )
    (project / "caps" / "c.yaml").write_text(NO_TAGS)
    proc = run(cli, "check", "--format", "json", "caps/c.yaml", "caps/a.yaml", cwd=project)
    assert _rules(proc) == ["schema-unknown-property"]
    assert proc.returncode == 1  # fail-on: warning from the configuration
    override = run(cli, "check", "--fail-on", "error", "caps/a.yaml", cwd=project)
    assert override.returncode == 0


@pytest.mark.parametrize(
    "header", ["[tool.naftiko-lint", "[tool.naftiko-lint]]", "[tool.naftiko-lint.rules"]
)
def test_broken_pyproject_header_is_reported(cli: list[str], project: Path, header: str) -> None:
    (project / "pyproject.toml").write_text(
        f"[project]\nname = 'x'\n\n{header}\nfail-on = 'warning'\n"
    )
    proc = run(cli, "check", "caps/a.yaml", cwd=project)
    assert proc.returncode == 2
    assert b"pyproject.toml:4:" in proc.stderr and b"invalid TOML" in proc.stderr


def test_turning_rules_off_and_the_default_ruleset_off(cli: list[str], project: Path) -> None:
    (project / "caps" / "c.yaml").write_text(NO_TAGS)
    assert "naftiko-info-tags" in _rules(
        run(cli, "check", "--format", "json", "caps/c.yaml", cwd=project)
    )
    (project / ".naftiko-lint.yaml").write_text("extends: [[naftiko-lint:default, 'off']]\n")
    assert _rules(run(cli, "check", "--format", "json", "caps/c.yaml", cwd=project)) == []


def test_config_extends_a_house_ruleset(cli: list[str], project: Path) -> None:
    (project / "house.yaml").write_text(
        "rules:\n  house-port:\n    severity: error\n    given: $.capability.consumes[*]\n"
        "    then: {field: baseUri, function: pattern, functionOptions: {match: '^https://"
        "internal'}}\n"
    )
    (project / ".naftiko-lint.yaml").write_text("extends: [./house.yaml]\n")
    proc = run(cli, "check", "--format", "json", "caps/a.yaml", cwd=project)
    assert "house-port" in _rules(proc)
    listing = run(cli, "rules", "--format", "json", cwd=project)
    entries = {e["id"]: e for e in json.loads(listing.stdout)}
    assert entries["house-port"]["source"] == "house.yaml"
    assert entries["naftiko-info-tags"]["source"] == "naftiko.yaml"
    assert entries["schema"]["source"] == "built-in"


def test_ruleset_option_replaces_configured_rulesets(cli: list[str], project: Path) -> None:
    (project / "only.yaml").write_text(
        "rules:\n  only-rule:\n    given: $.info\n    then: {field: owner, function: falsy}\n"
    )
    proc = run(
        cli, "check", "--format", "json", "--ruleset", "only.yaml", "caps/a.yaml", cwd=project
    )
    assert sorted(_rules(proc)) == ["only-rule", "schema-unknown-property"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rulez: {}\n", ".naftiko-lint.yaml:1:1: unknown key 'rulez'; did you mean 'rules'?"),
        (
            "rules:\n  schema-unknwn-property: off\n",
            ".naftiko-lint.yaml:2:3: unknown rule 'schema-unknwn-property'; did you mean "
            "'schema-unknown-property'?",
        ),
        ("fail-on: sometimes\n", ".naftiko-lint.yaml:1:1: /fail-on: 'sometimes' is not one of"),
        ("rules: [\n", ".naftiko-lint.yaml:2:1:"),
    ],
)
def test_bad_configuration_is_exit_2_with_location(
    cli: list[str], project: Path, text: str, expected: str
) -> None:
    (project / ".naftiko-lint.yaml").write_text(text)
    proc = run(cli, "check", "caps/a.yaml", cwd=project)
    assert proc.returncode == 2
    assert expected in proc.stderr.decode()
    assert b"Traceback" not in proc.stderr


def test_bad_ruleset_is_exit_2_with_location(cli: list[str], project: Path) -> None:
    (project / "bad.yaml").write_text("rules:\n  r:\n    given: $\n    then: {function: nope}\n")
    proc = run(cli, "check", "--ruleset", "bad.yaml", "caps/a.yaml", cwd=project)
    assert proc.returncode == 2
    assert "bad.yaml:4:12: rule 'r': unknown function 'nope'" in proc.stderr.decode()


def test_explicit_config_option(cli: list[str], project: Path) -> None:
    (project / "strict.yaml").write_text("rules:\n  schema-unknown-property: error\n")
    proc = run(cli, "check", "--config", "strict.yaml", "caps/a.yaml", cwd=project)
    assert proc.returncode == 1


def test_explain_and_rules(cli: list[str]) -> None:
    proc = run(cli, "explain", "schema-unknown-property")
    text = proc.stdout.decode()
    assert proc.returncode == 0
    for heading in ("What it does", "Why it matters", "Example", "Use instead", "Options"):
        assert heading in text
    unknown = run(cli, "explain", "schema-unknwn-property")
    assert unknown.returncode == 2
    assert b"did you mean 'schema-unknown-property'?" in unknown.stderr
    listing = run(cli, "rules").stdout.decode().splitlines()
    assert any(line.startswith("naftiko-namespaces-unique") for line in listing)


HOUSE = (
    "rules:\n  house-port:\n    severity: error\n    given: $.capability.consumes[*]\n"
    "    then: {field: baseUri, function: pattern, functionOptions: {match: '^https://x'}}\n"
)


def _yaml_config(folder: Path) -> Path:
    (folder / "house.yaml").write_text(HOUSE)
    (folder / ".naftiko-lint.yaml").write_text(
        "extends: [./house.yaml]\nrules:\n  schema-unknown-property: error\n"
        "  house-prt: off\ninclude: ['caps/**']\nexclude: ['**/generated/**']\n"
        "fail-on: warning\n"
    )
    return folder / ".naftiko-lint.yaml"


def _pyproject_config(folder: Path) -> Path:
    (folder / "house.yaml").write_text(HOUSE)
    (folder / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.naftiko-lint]\nextends = ['./house.yaml']\n"
        "fail-on = 'warning'\n\n[tool.naftiko-lint.rules]\nhouse-prt = 'off'\n"
    )
    return folder / "pyproject.toml"


def _plan_in_worker(config: Config) -> tuple[bool, list[str]]:
    """Run in a spawned process: the Config came through pickle; build its plan there."""
    try:
        plan = build_plan(config)
    except ConfigError as error:
        return False, [str(problem) for problem in error.problems]
    return True, sorted(plan.engine.ruleset.rules)


@pytest.mark.parametrize("write", [_yaml_config, _pyproject_config])
def test_config_is_plain_data_that_pickles(tmp_path: Path, write: Callable[[Path], Path]) -> None:
    config = load_config(write(tmp_path))
    copy = pickle.loads(pickle.dumps(config))
    assert copy == config
    assert copy.locate("/rules/house-prt") == config.locate("/rules/house-prt") is not None
    assert copy.selects(tmp_path / "caps" / "a.yaml") == config.selects(
        tmp_path / "caps" / "a.yaml"
    )


@pytest.mark.parametrize(
    ("write", "where"),
    [(_yaml_config, ".naftiko-lint.yaml:4:3"), (_pyproject_config, "pyproject.toml:9:1")],
)
def test_a_spawned_worker_builds_the_plan_from_a_config(
    tmp_path: Path, write: Callable[[Path], Path], where: str
) -> None:
    """The unknown rule id is placed in the worker exactly as in the parent process."""
    config = load_config(write(tmp_path))
    with pytest.raises(ConfigError) as parent:
        build_plan(config)
    fixed = Config(**{**vars(config), "rules": {}, "positions": {}})
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        failed, problems = pool.apply(_plan_in_worker, (config,))
        built, rules = pool.apply(_plan_in_worker, (fixed,))
    assert not failed
    assert problems == [str(p) for p in parent.value.problems]
    assert problems[0].startswith(str(tmp_path / where) + ": unknown rule 'house-prt'")
    assert built and "house-port" in rules
