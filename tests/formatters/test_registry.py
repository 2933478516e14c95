"""One registry of output formats: every format module is in it, each entry loads, and the
CLI offers exactly its names."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

import naftiko_lint.formatters as formatters
from naftiko_lint.formatters.base import Formatter

from ..conftest import console_script

FOLDER = Path(formatters.__file__).parent


def test_every_format_module_is_registered_and_loads() -> None:
    # a format module defines FORMATTER; the others (frames, sarif_rules) help one
    modules = {p.stem for p in FOLDER.glob("*.py") if "\nFORMATTER = " in p.read_text()}
    assert {name.rsplit(".", 1)[-1] for name in formatters.FORMATTERS.values()} == modules
    for name, module in formatters.FORMATTERS.items():
        loaded = formatters.load(name)
        assert issubclass(loaded, Formatter) and loaded.__module__ == module


def test_names_are_sorted_and_unknown_names_refused() -> None:
    assert formatters.names() == sorted(formatters.FORMATTERS)
    assert {"json", "text", "sarif", "github", "gitlab", "junit", "stylish"} <= set(
        formatters.names()
    )
    with pytest.raises(KeyError):
        formatters.load("xml")


def test_the_cli_offers_the_registered_names() -> None:
    proc = subprocess.run(
        [*console_script(), "check", "--format", "xml"], capture_output=True, timeout=60
    )
    assert proc.returncode == 2
    choices = ", ".join(f"'{name}'" for name in formatters.names())
    assert f"invalid choice: 'xml' (choose from {choices})" in proc.stderr.decode()
