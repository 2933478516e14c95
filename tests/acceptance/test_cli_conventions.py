"""The command line behaves as the linters people already use (ruff, Spectral, yamllint):
-V, no prefix abbreviations, "did you mean `check`", --select/--ignore by id or prefix,
--show-files, --force-exclude, .gitignore, quoted globs, "nothing was checked", --fail-on
warn, --statistics, a --help that documents every option, progress only on a terminal."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from naftiko_lint import __version__
from naftiko_lint.cli import build_parser, command
from naftiko_lint.cli.progress import Progress

from ..conftest import FIXTURES, REPO
from .test_cli import run

SEEDS = FIXTURES / "seeds"
SEED = SEEDS / "001_3b724ad6c0282b03.yaml"  # errors, warnings (schema-unknown-property)
CLEAN = FIXTURES / "clean" / "rest-inputs.yaml"


def _summary(proc: subprocess.CompletedProcess) -> dict[str, int]:
    return json.loads(proc.stdout)["summary"]


def _rules(proc: subprocess.CompletedProcess) -> set[str]:
    return {d["rule"] for d in json.loads(proc.stdout)["diagnostics"]}


def test_version_short_and_long(cli: list[str]) -> None:
    for flag in ("-V", "--version"):
        proc = run(cli, flag)
        assert proc.returncode == 0
        assert proc.stdout.decode() == f"naftiko-lint {__version__}\n"


@pytest.mark.parametrize("abbreviated", ["--stat", "--out=report.txt", "--fail=warning"])
def test_no_prefix_abbreviations(cli: list[str], abbreviated: str) -> None:
    proc = run(cli, "check", abbreviated, str(SEED))
    assert proc.returncode == 2
    assert b"unrecognized arguments" in proc.stderr


def test_lint_is_not_a_command_but_check_is_suggested(cli: list[str]) -> None:
    proc = run(cli, "lint", str(SEED))
    assert proc.returncode == 2
    assert "did you mean `check`?" in proc.stderr.decode()
    assert proc.stdout == b""


def test_a_bare_path_suggests_check(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "caps").mkdir()
    proc = run(cli, "caps/", cwd=tmp_path)
    assert proc.returncode == 2
    assert "did you mean `check caps/`?" in proc.stderr.decode()


def test_a_misspelled_command_gets_the_closest(cli: list[str]) -> None:
    proc = run(cli, "explian", "schema")
    assert proc.returncode == 2
    assert "did you mean 'explain'?" in proc.stderr.decode()


def test_fail_on_warn_is_warning(cli: list[str], tmp_path: Path) -> None:
    warned = tmp_path / "warned.yaml"  # one schema-unknown-property warning, nothing else
    warned.write_text(CLEAN.read_text().replace("\ninfo:\n", "\ninfo:\n  colour: blue\n", 1))
    assert run(cli, "check", str(warned)).returncode == 0
    for level in ("warn", "warning"):
        assert run(cli, "check", str(warned), "--fail-on", level).returncode == 1


def test_select_by_prefix_and_ignore_by_id(cli: list[str]) -> None:
    everything = run(cli, "check", "--format", "json", str(SEEDS))
    assert {"schema", "schema-unknown-property", "with-namespace-mismatch"} <= _rules(everything)
    schema = run(cli, "check", "--format", "json", "--select", "schema", str(SEEDS))
    assert _rules(schema) == {"schema", "schema-unknown-property"}
    assert _summary(schema)["error"] == 34 and _summary(schema)["warning"] == 80
    narrowed = run(
        cli, "check", "--format", "json", "--select", "schema",
        "--ignore", "schema-unknown-property", str(SEEDS),
    )  # fmt: skip
    assert _rules(narrowed) == {"schema"}
    extended = run(
        cli, "check", "--format", "json", "--select", "schema",
        "--extend-select", "base-path-doubled,baseuri-placeholder", str(SEEDS),
    )  # fmt: skip
    assert _rules(extended) == {"schema", "schema-unknown-property", "base-path-doubled",
                                "baseuri-placeholder"}  # fmt: skip
    ignored = run(cli, "check", "--format", "json", "--ignore", "schema", str(SEEDS))
    assert not _rules(ignored) & {"schema", "schema-unknown-property"}
    assert _summary(ignored)["error"] == 116 - 34


def test_the_command_line_selection_overrides_the_configuration(
    cli: list[str], tmp_path: Path
) -> None:
    (tmp_path / ".naftiko-lint.yaml").write_text("rules:\n  schema-unknown-property: off\n")
    (tmp_path / "a.yaml").write_bytes(SEED.read_bytes())
    configured = run(cli, "check", "--format", "json", "a.yaml", cwd=tmp_path)
    assert "schema-unknown-property" not in _rules(configured)
    selected = run(
        cli, "check", "--format", "json", "--select", "schema-unknown-property", "a.yaml",
        cwd=tmp_path,
    )  # fmt: skip
    assert _rules(selected) == {"schema-unknown-property"}
    assert _summary(selected)["warning"] == 4


@pytest.mark.parametrize(
    ("option", "pattern", "hint"),
    [
        ("--select", "schema-unknown-prop", "did you mean 'schema-unknown-property'?"),
        ("--ignore", "yaml-duplicate-keys", "did you mean 'yaml-duplicate-key'?"),
        ("--extend-select", "sch", "no rule has this id or prefix"),
    ],
)
def test_an_unknown_rule_or_prefix_is_a_usage_error(
    cli: list[str], option: str, pattern: str, hint: str
) -> None:
    proc = run(cli, "check", option, pattern, str(SEED))
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert f"{option} {pattern}: " in proc.stderr.decode()
    assert hint in proc.stderr.decode()


def test_show_files_lists_what_would_be_checked(cli: list[str], tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    (tmp_path / "seeds" / "compose.yaml").write_text("services: {}\n")  # no `naftiko` key
    proc = run(cli, "check", "--show-files", "seeds", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    expected = sorted(f"seeds/{p.name}" for p in SEEDS.glob("*.yaml"))
    assert proc.stdout.decode().splitlines() == expected
    missing = run(cli, "check", "--show-files", "seeds", "nope.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    assert missing.stdout.decode().splitlines() == expected
    assert b"nope.yaml" in missing.stderr


def _excluding_project(tmp_path: Path) -> Path:
    (tmp_path / "generated").mkdir(parents=True)
    (tmp_path / ".naftiko-lint.yaml").write_text("exclude: ['generated/**']\n")
    (tmp_path / "generated" / "bad.yaml").write_bytes(SEED.read_bytes())
    (tmp_path / "good.yaml").write_bytes(CLEAN.read_bytes())
    return tmp_path


def test_force_exclude_applies_the_exclude_to_named_files(cli: list[str], tmp_path: Path) -> None:
    project = _excluding_project(tmp_path)
    named = ("good.yaml", "generated/bad.yaml")
    assert run(cli, "check", *named, cwd=project).returncode == 1  # named: checked
    forced = run(cli, "check", "--force-exclude", "--format", "json", *named, cwd=project)
    assert forced.returncode == 0, forced.stdout
    assert [f["path"] for f in json.loads(forced.stdout)["files"]] == ["good.yaml"]
    only_excluded = run(cli, "check", "--force-exclude", "generated/bad.yaml", cwd=project)
    assert only_excluded.returncode == 0  # a hook given only excluded files passes
    assert b"warning" not in only_excluded.stderr


def test_nothing_checked_is_a_warning_and_exit_2(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    empty = run(cli, "check", "empty", cwd=tmp_path)
    assert empty.returncode == 2
    assert b"warning: no file was checked" in empty.stderr
    project = _excluding_project(tmp_path / "p")
    excluded = run(cli, "check", "generated", cwd=project)  # every file excluded
    assert excluded.returncode == 2
    assert b"warning: no file was checked" in excluded.stderr
    typo = run(cli, "check", "goood.yaml", cwd=project)
    assert typo.returncode == 2
    assert b"goood.yaml" in typo.stderr


def test_a_quoted_glob_is_expanded(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / "caps" / "deep").mkdir(parents=True)
    (tmp_path / "caps" / "a.yaml").write_bytes(CLEAN.read_bytes())
    (tmp_path / "caps" / "deep" / "b.yaml").write_bytes(SEED.read_bytes())
    (tmp_path / "caps" / "deep" / "compose.yaml").write_text("services: {}\n")
    shown = run(cli, "check", "--show-files", "caps/**/*.yaml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.decode().splitlines() == ["caps/a.yaml", "caps/deep/b.yaml"]
    checked = run(cli, "check", "--format", "json", "caps/*/*.yaml", cwd=tmp_path)
    assert [f["path"] for f in json.loads(checked.stdout)["files"]] == ["caps/deep/b.yaml"]
    none = run(cli, "check", "caps/**/*.json", cwd=tmp_path)
    assert none.returncode == 2
    assert b"caps/**/*.json: no file or folder matches this pattern" in none.stderr


def _git_project(tmp_path: Path) -> Path:
    """A work tree whose ignore files use each part of gitignore(5)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("top.yaml", "a/x.yaml", "a/y.yaml", "a/gen/g.yaml", "b/k.yaml",
                 "b/drop.yaml", "c/c.yaml", "d/z.yaml"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(CLEAN.read_bytes())
    (tmp_path / ".gitignore").write_text("gen/\n*.yaml\n!top.yaml\n!/b/*.yaml\nd\n")
    (tmp_path / "a" / ".gitignore").write_text("!y.yaml\n")  # a deeper file overrides
    (tmp_path / "b" / ".gitignore").write_text("/drop.yaml\n")  # anchored to its folder
    (tmp_path / ".git" / "info" / "exclude").write_text("c/\n")
    return tmp_path


def test_walking_respects_gitignore_as_git_does(cli: list[str], tmp_path: Path) -> None:
    project = _git_project(tmp_path)
    listed = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"],
        cwd=project, capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    shown = run(cli, "check", "--show-files", ".", cwd=project)
    assert shown.returncode == 0, shown.stderr
    assert sorted(shown.stdout.decode().splitlines()) == sorted(
        name for name in listed if name.endswith(".yaml")
    )
    assert set(shown.stdout.decode().split()) == {"top.yaml", "a/y.yaml", "b/k.yaml"}
    everything = run(cli, "check", "--show-files", "--no-respect-gitignore", ".", cwd=project)
    assert len(everything.stdout.decode().split()) == 8
    named = run(cli, "check", "--show-files", "a/x.yaml", cwd=project)
    assert named.stdout.decode().split() == ["a/x.yaml"]  # a named file is always checked


def test_a_gitignore_outside_a_work_tree_means_nothing(cli: list[str], tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.yaml\n")
    (tmp_path / "a.yaml").write_bytes(CLEAN.read_bytes())
    assert run(cli, "check", "--show-files", ".", cwd=tmp_path).stdout == b"a.yaml\n"


def test_statistics_alone_or_quiet_prints_only_the_table(cli: list[str]) -> None:
    for extra in ((), ("--quiet",)):
        proc = run(cli, "check", "--statistics", *extra, str(SEEDS))
        lines = proc.stdout.decode().splitlines()
        assert "    34  error    schema" in lines
        assert not any(str(SEEDS.name) in line for line in lines), lines[:3]
        assert lines[-1].startswith("116 errors") == (extra == ())


def test_help_documents_every_option_with_examples_and_exit_codes(cli: list[str]) -> None:
    parser = build_parser()
    sub = parser._subparsers._group_actions[0]  # type: ignore[union-attr]
    check = sub._name_parser_map["check"]
    command("check").load().add_arguments("check", check)
    for chosen in (parser, check):
        undocumented = [
            action.option_strings or [action.dest]
            for action in chosen._actions
            if not action.help or action.help == "==SUPPRESS=="
        ]
        assert undocumented == [], chosen.prog
    check_help = run(cli, "check", "--help").stdout.decode()
    assert "examples:" in check_help and "exit codes:" in check_help
    for option in ("--select", "--ignore", "--show-files", "--force-exclude",
                   "--no-respect-gitignore", "--fail-on", "--debug"):  # fmt: skip
        assert option in check_help
    main_help = run(cli, "--help").stdout.decode()
    assert "examples:" in main_help and "exit codes:" in main_help and "-V, --version" in main_help


def test_progress_is_drawn_only_on_a_terminal(tmp_path: Path) -> None:
    main, other = os.openpty()
    with open(other, "w", encoding="utf-8") as terminal:
        shown = Progress(10, terminal)
        shown.start -= 3  # a run that has taken 3 seconds so far
        shown.advance()
        assert shown.shown
        shown.finish()
    written = os.read(main, 1000).decode()
    os.close(main)
    assert "checked 1/10 files" in written and written.endswith("\r\033[K")
    with open(tmp_path / "log", "w", encoding="utf-8") as log:  # a CI log, a pipe
        hidden = Progress(10, log)
        hidden.start -= 3
        hidden.advance()
        hidden.finish()
    assert (tmp_path / "log").read_text() == ""


def _ci_commands(name: str) -> tuple[list[list[str]], object]:
    text = (REPO / "docs" / "ci" / name).read_text()
    data = yaml.safe_load(text)
    lines = re.findall(r"^\s*(?:- |run: )(naftiko-lint check .*)$", text, re.MULTILINE)
    return [shlex.split(line) for line in lines], data


def test_the_ci_examples_run_and_write_what_they_upload(cli: list[str], tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "caps")
    github, workflow = _ci_commands("github-actions.yml")
    gitlab, pipeline = _ci_commands("gitlab-ci.yml")
    assert len(github) == 1 and len(gitlab) == 1
    steps = workflow["jobs"]["lint"]["steps"]  # type: ignore[index]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    report = pipeline["naftiko-lint"]["artifacts"]["reports"]["codequality"]  # type: ignore[index]
    for args, written in ((github[0], upload["with"]["sarif_file"]), (gitlab[0], report)):
        proc = run(cli, *args[1:], cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr  # the seeds have errors: the job fails
        document = json.loads((tmp_path / written).read_text())
        findings = document["runs"][0]["results"] if "runs" in document else document
        assert len(findings) == 116 + 87 + 1
    assert b"::error file=caps/" in run(cli, *github[0][1:], cwd=tmp_path).stdout
