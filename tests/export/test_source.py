"""export/source.read_source: a capability read as `check` reads it, from its file or from
bytes that stand for it (the MCP server's sent text), with the options it is given."""

from __future__ import annotations

from pathlib import Path

from naftiko_lint.export.source import read_source
from naftiko_lint.linter import LintOptions
from naftiko_lint.ruleset import docs

INVALID = (docs.load_doc("call-unresolved") or {})["invalid"]


def _rules(source: object) -> list[str]:
    return [d.rule for d in source.diagnostics]  # type: ignore[attr-defined]


def test_the_file_is_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "orders.yaml"
    path.write_text(INVALID, encoding="utf-8")
    source = read_source(str(path))
    assert source.display == str(path) and source.capability is not None
    assert source.version == "1.0.0-alpha2"
    assert "call-unresolved" in _rules(source)
    assert [d.rule for d in source.errors] == ["call-unresolved"]  # a warning is no error


def test_bytes_stand_for_the_file_and_its_folder_decides_the_configuration(
    tmp_path: Path,
) -> None:
    (tmp_path / ".naftiko-lint.yaml").write_text(
        "rules:\n  call-unresolved: off\n", encoding="utf-8"
    )
    path = tmp_path / "not-on-disk.yaml"
    source = read_source(str(path), INVALID.encode("utf-8"))
    assert source.capability is not None and not path.exists()
    assert "call-unresolved" not in _rules(source)
    isolated = read_source(str(path), INVALID.encode("utf-8"), LintOptions(discover_config=False))
    assert "call-unresolved" in _rules(isolated)


def test_the_options_size_limit_applies(tmp_path: Path) -> None:
    raw = INVALID.encode("utf-8")
    source = read_source(str(tmp_path / "big.yaml"), raw, LintOptions(max_file_bytes=100))
    assert source.capability is None
    assert _rules(source) == ["file-too-large"]
