"""The tool functions on their own (no MCP): each answers as the CLI command it stands for
does on the same input, and refuses what it cannot do with a message, not an exception."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from naftiko_lint.linter import LintOptions
from naftiko_lint.mcp_server import tools, tools_export, tools_fix
from naftiko_lint.mcp_server.subject import ToolFailure, subject_of
from tests.mcp_server.helpers import MCP_ONLY, REST, SEED, SEEDS, check_json, cli_output, relative

OPTIONS = LintOptions()


def test_lint_of_a_path_is_the_check_json_report(capfd: Any, tmp_path: Path) -> None:
    outcome = tools.lint({"path": relative(SEED)}, OPTIONS)
    assert not outcome.is_error
    assert outcome.structured == check_json(relative(SEED), capfd, tmp_path)
    assert outcome.structured["summary"]["error"] > 0  # the seeds are broken on purpose
    assert outcome.text.endswith("in 1 file\n")  # the text format's summary line


def test_lint_of_a_folder_is_the_check_json_report(capfd: Any, tmp_path: Path) -> None:
    folder = relative(SEED.parent)
    outcome = tools.lint({"path": folder, "format": "json"}, OPTIONS)
    assert outcome.structured == check_json(folder, capfd, tmp_path)
    assert [f["path"] for f in outcome.structured["files"]] == [relative(s) for s in SEEDS]
    assert json.loads(outcome.text) == outcome.structured  # format json: the same report


def test_text_with_a_path_is_linted_as_that_file() -> None:
    from_disk = tools.lint({"path": relative(SEED)}, OPTIONS)
    sent = tools.lint({"text": SEED.read_text(encoding="utf-8"), "path": relative(SEED)}, OPTIONS)
    assert sent.structured == from_disk.structured


def test_text_without_a_path_is_reported_as_text() -> None:
    outcome = tools.lint({"text": "naftiko: 1.0.0-alpha2\n"}, OPTIONS)
    assert {f["path"] for f in outcome.structured["files"]} == {"<text>"}
    assert {d["path"] for d in outcome.structured["diagnostics"]} == {"<text>"}
    assert outcome.structured["files"][0]["spec_version"] == "1.0.0-alpha2"


def test_binary_text_is_a_yaml_encoding_error_as_check_reports_it() -> None:
    outcome = tools.lint({"text": "\x00\x01\x02 not yaml"}, OPTIONS)
    assert not outcome.is_error
    rules = [d["rule"] for d in outcome.structured["diagnostics"]]
    assert rules == ["yaml-encoding"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "gitlab", "junit", "stylish"])
def test_every_check_format_renders(fmt: str) -> None:
    outcome = tools.lint({"path": relative(SEED), "format": fmt}, OPTIONS)
    assert "schema" in outcome.text or "yaml" in outcome.text or fmt == "junit"
    assert SEED.name in outcome.text


def test_a_missing_path_is_refused_with_its_name() -> None:
    with pytest.raises(ToolFailure, match=r"no/such\.yaml: no such file or folder"):
        tools.lint({"path": "no/such.yaml"}, OPTIONS)


def test_neither_text_nor_path_is_refused() -> None:
    with pytest.raises(ToolFailure, match="give `text`"):
        tools.lint({}, OPTIONS)


def test_standard_input_is_never_read() -> None:
    with pytest.raises(ToolFailure, match="standard input"):
        tools.lint({"path": "-"}, OPTIONS)


def test_text_over_the_file_size_limit_is_refused() -> None:
    from naftiko_lint.document.loading import MAX_FILE_BYTES

    with pytest.raises(ToolFailure, match=f"over the {MAX_FILE_BYTES}-byte limit"):
        subject_of({"text": "a" * (MAX_FILE_BYTES + 1)}, folder_ok=True)
    assert subject_of({"text": "é" * 3}, folder_ok=True, max_bytes=6).raw == "ééé".encode()
    with pytest.raises(ToolFailure, match="7 bytes, over the 6-byte limit"):
        subject_of({"text": "ééé!"}, folder_ok=True, max_bytes=6)


def test_explain_rule_is_the_explain_page(capfd: Any) -> None:
    from naftiko_lint.cli import main

    assert main(["explain", "call-unresolved"]) == 0
    page = capfd.readouterr().out
    outcome = tools.explain_rule({"rule": "call-unresolved"}, OPTIONS)
    assert outcome.text == page
    assert outcome.structured is not None
    assert outcome.structured["page"] == page
    assert outcome.structured["severity"] == "error"


def test_an_unknown_rule_suggests_the_closest() -> None:
    with pytest.raises(
        ToolFailure, match="unknown rule 'call-unresolvd'; did you mean 'call-unresolved'"
    ):
        tools.explain_rule({"rule": "call-unresolvd"}, OPTIONS)


def test_list_rules_is_the_rules_json(capfd: Any) -> None:
    from naftiko_lint.cli import main

    assert main(["rules", "--format", "json"]) == 0
    listed = json.loads(capfd.readouterr().out)
    outcome = tools.list_rules({}, OPTIONS)
    assert outcome.structured == {"rules": listed}
    assert outcome.text.endswith(f"\n{len(listed)} rules\n")
    with_off = tools.list_rules({"include_off": True}, OPTIONS).structured
    assert with_off is not None and len(with_off["rules"]) >= len(listed)


@pytest.mark.parametrize(
    ("kind", "argv", "arguments"),
    [
        ("openapi", [], {}),
        (
            "openapi",
            ["--openapi-version", "3.0", "--format", "json"],
            {"openapi_version": "3.0", "format": "json"},
        ),
        ("mcp-tools", [], {}),
        ("mcp-tools", ["--format", "yaml"], {"format": "yaml"}),
    ],
)
def test_export_is_the_cli_export(
    kind: str, argv: list[str], arguments: dict[str, Any], capfd: Any, tmp_path: Path
) -> None:
    code, expected = cli_output(["export", kind, relative(REST), *argv], capfd, tmp_path)
    assert code == 0
    function = tools_export.export_openapi if kind == "openapi" else tools_export.export_mcp_tools
    from_path = function({"path": relative(REST), **arguments}, OPTIONS)
    from_text = function(
        {"text": REST.read_text(encoding="utf-8"), "path": relative(REST), **arguments}, OPTIONS
    )
    assert from_path.text == expected
    assert from_text.structured == from_path.structured
    assert from_path.structured is not None and from_path.structured["text"] == expected


def test_export_without_the_surface_is_refused_as_the_cli_does() -> None:
    with pytest.raises(ToolFailure, match="exposes no rest adapter"):
        tools_export.export_openapi({"path": relative(MCP_ONLY)}, OPTIONS)
    with pytest.raises(ToolFailure, match="not a capability document"):
        tools_export.export_mcp_tools({"text": "\x00binary"}, OPTIONS)
    with pytest.raises(ToolFailure, match="is a folder"):
        tools_export.export_mcp_tools({"path": relative(SEED.parent)}, OPTIONS)


def test_fix_returns_the_fixed_text_and_writes_nothing(tmp_path: Path) -> None:
    from naftiko_lint.fix.api import fix_text

    copy = tmp_path / SEED.name
    shutil.copy(SEED, copy)
    original = copy.read_text(encoding="utf-8")
    expected = fix_text(original, str(copy))
    outcome = tools_fix.fix({"path": str(copy)}, OPTIONS)
    result = outcome.structured
    assert result is not None and expected.changed
    assert result["fixed"] == expected.fixed and result["diff"] == expected.diff()
    assert result["changed"] and not result["written"]
    assert len(result["applied"]) == len(expected.applied) > 0
    assert copy.read_text(encoding="utf-8") == original
    assert result["diff"] in outcome.text


def test_fix_writes_only_when_asked(tmp_path: Path) -> None:
    copy = tmp_path / SEED.name
    shutil.copy(SEED, copy)
    outcome = tools_fix.fix({"path": str(copy), "write": True}, OPTIONS)
    assert outcome.structured is not None and outcome.structured["written"]
    assert copy.read_text(encoding="utf-8") == outcome.structured["fixed"]
    again = tools_fix.fix({"path": str(copy), "write": True}, OPTIONS).structured
    assert again is not None and not again["changed"] and not again["written"]


def test_fix_of_text_never_writes() -> None:
    with pytest.raises(ToolFailure, match="send `path` without `text`"):
        tools_fix.fix({"text": "a: 1\n", "path": relative(SEED), "write": True}, OPTIONS)
    with pytest.raises(ToolFailure, match="needs the `path`"):
        tools_fix.fix({"write": True}, OPTIONS)
    outcome = tools_fix.fix(
        {"text": SEED.read_text(encoding="utf-8"), "path": relative(SEED)}, OPTIONS
    )
    assert outcome.structured is not None and outcome.structured["changed"]


def test_fix_refuses_binary_text() -> None:
    with pytest.raises(ToolFailure, match="not UTF-8"):
        tools_fix.fix({"text": "\udcff"}, OPTIONS)


def test_a_folder_without_capabilities_says_so(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a capability\n", encoding="utf-8")
    outcome = tools.lint({"path": str(tmp_path)}, OPTIONS)
    assert outcome.structured is not None and outcome.structured["files"] == []
    assert outcome.text.startswith(f"no file was checked: {tmp_path} holds no capability file")


def test_a_fifo_is_never_opened(tmp_path: Path) -> None:
    """Named, a FIFO is a tool error (check: exit 2); in a folder it is skipped, as check
    skips it, and the other files are checked."""
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "ok.yaml").write_text("naftiko: 1.0.0-alpha2\n", encoding="utf-8")
    with pytest.raises(ToolFailure, match=r"pipe\.yaml: not a regular file \(a FIFO\)"):
        tools.lint({"path": str(tmp_path / "pipe.yaml")}, OPTIONS)
    report = tools.lint({"path": str(tmp_path)}, OPTIONS).structured
    assert report is not None
    assert [f["path"] for f in report["files"]] == [str(tmp_path / "ok.yaml")]
    assert [s["path"] for s in report["skipped"]] == [str(tmp_path / "pipe.yaml")]


def test_fix_of_only_some_rules(tmp_path: Path) -> None:
    everything = tools_fix.fix({"path": relative(SEED)}, OPTIONS).structured
    assert everything is not None
    fixed_rules = sorted({d["rule"] for d in everything["applied"]})
    one = tools_fix.fix({"path": relative(SEED), "rules": fixed_rules[:1]}, OPTIONS).structured
    assert one is not None and one["applied"]
    assert {d["rule"] for d in one["applied"]} == set(fixed_rules[:1])
    with pytest.raises(ToolFailure, match="unknown rule 'call-unresolvd' in `rules`; did you"):
        tools_fix.fix({"path": relative(SEED), "rules": ["call-unresolvd"]}, OPTIONS)


def test_fix_refuses_to_rewrite_broken_yaml() -> None:
    outcome = tools_fix.fix({"text": "naftiko: [1.0.0\ninfo: {\n"}, OPTIONS)
    result = outcome.structured
    assert result is not None and not outcome.is_error
    assert result["refused"] and not result["changed"] and result["diff"] == ""
    assert outcome.text.startswith("<text>: nothing fixed: ")


def test_a_file_changed_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    from naftiko_lint.mcp_server.subject import Subject

    target = tmp_path / "cap.yaml"
    target.write_text("saved by an editor\n", encoding="utf-8")
    with pytest.raises(ToolFailure, match="changed while it was being fixed; nothing was written"):
        tools_fix._write(Subject(str(target), None), "what was fixed\n", "fixed\n")
    assert target.read_text(encoding="utf-8") == "saved by an editor\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cap.yaml"]


def test_a_written_fix_keeps_the_line_ends(tmp_path: Path) -> None:
    copy = tmp_path / SEED.name
    copy.write_bytes(SEED.read_bytes().replace(b"\n", b"\r\n"))
    result = tools_fix.fix({"path": str(copy), "write": True}, OPTIONS).structured
    assert result is not None and result["written"]
    written = copy.read_bytes()
    assert written.count(b"\n") == written.count(b"\r\n") > 0


def test_isolated_keeps_a_folders_configuration_out_of_an_export(tmp_path: Path) -> None:
    """A configuration beside the file that cannot be loaded fails the export; the
    server's --isolated options (discover_config=False) never read it."""
    shutil.copy(REST, tmp_path / REST.name)
    (tmp_path / ".naftiko-lint.yaml").write_text("rules: [not a mapping\n", encoding="utf-8")
    arguments = {"path": str(tmp_path / REST.name)}
    from naftiko_lint.errors import ConfigError

    with pytest.raises(ConfigError):
        tools_export.export_openapi(arguments, OPTIONS)
    isolated = tools_export.export_openapi(arguments, LintOptions(discover_config=False))
    assert isolated.structured is not None and isolated.structured["document"]["openapi"]


def test_lint_takes_a_glob_as_check_does(capfd: Any, tmp_path: Path) -> None:
    pattern = relative(SEED.parent) + "/*.yaml"
    outcome = tools.lint({"path": pattern}, OPTIONS)
    assert outcome.structured == check_json(pattern, capfd, tmp_path)
    with pytest.raises(ToolFailure, match=r"no/\*\.yaml: no file or folder matches this pattern"):
        tools.lint({"path": "no/*.yaml"}, OPTIONS)
