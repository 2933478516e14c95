"""One lint of an editor buffer: what lint_text gives, the imports it read, and one
diagnostic instead of an exception for a configuration that cannot be read."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import naftiko_lint
from naftiko_lint.lsp.linting import is_capability, lint_buffer

from ..conftest import FIXTURES


def test_a_buffer_is_linted_as_lint_text_lints_it() -> None:
    seed = FIXTURES / "seeds" / "003_87e5be75c14015e1.yaml"
    text = seed.read_text(encoding="utf-8")
    outcome = lint_buffer(text, str(seed))
    assert list(outcome.diagnostics) == naftiko_lint.lint_text(text, str(seed))
    assert outcome.diagnostics and outcome.inputs == ()


def test_the_imports_read_are_recorded(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "clean" / "shared", tmp_path / "shared")
    text = (FIXTURES / "clean" / "imports.yaml").read_text(encoding="utf-8")
    outcome = lint_buffer(text, str(tmp_path / "imports.yaml"))
    assert outcome.diagnostics == ()
    assert outcome.inputs == (str((tmp_path / "shared" / "crew-api.yaml").resolve()),)


def test_a_broken_configuration_is_one_diagnostic(tmp_path: Path) -> None:
    (tmp_path / ".naftiko-lint.yaml").write_text("rules: [not, a, mapping]\n", encoding="utf-8")
    outcome = lint_buffer("naftiko: 1.0.0-alpha2\n", str(tmp_path / "cap.yaml"))
    assert [(d.rule, d.range.start.line) for d in outcome.diagnostics] == [("config-error", 1)]
    assert ".naftiko-lint.yaml" in outcome.diagnostics[0].message


def test_only_a_top_level_naftiko_key_makes_a_capability() -> None:
    assert is_capability("# c\nnaftiko: 1.0.0-alpha2\n")
    assert is_capability('\ufeff{"naftiko": "1.0.0-alpha2"}')
    assert not is_capability("services:\n  naftiko: 1\n")
    assert not is_capability('{"properties": {"naftiko": {}}}')


def test_a_large_buffer_leaves_nothing_frozen() -> None:
    """The loader freezes the heap after a large file (good for one `check`); a server that
    lints such a file on every change must not keep its garbage frozen for good."""
    text = (FIXTURES / "clean" / "imports.yaml").read_text(encoding="utf-8")
    large = text + "".join(f"# {n} {'x' * 80}\n" for n in range(15_000))
    assert len(large.encode()) > 1_000_000  # past the loader's freeze threshold
    outcome = lint_buffer(large, "/nonexistent/large.yaml")
    assert outcome.document is not None and outcome.document.usable
    assert gc.get_freeze_count() == 0
