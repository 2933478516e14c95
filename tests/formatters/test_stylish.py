"""The stylish formatter on real files: the findings of each file under its path, each with
its code frame (carets under the right cells), the fix it carries, then the summary; and
the CLI's default on a terminal (a real pseudo-terminal) while pipes keep `text`."""

from __future__ import annotations

import os
import pty
import re
import subprocess
from pathlib import Path

import pytest

from naftiko_lint.formatters.base import FormatOptions
from naftiko_lint.formatters.stylish import StylishFormatter
from naftiko_lint.linter import LintOptions
from naftiko_lint.runner import lint_paths

from ..conftest import FIXTURES, console_script

DATA = Path(__file__).parent / "data" / "stylish"
ESCAPE = re.compile(r"\033\[[0-9;]*m")
DUP = (
    "  4:3  error    yaml-duplicate-key  Duplicate key 'label' (first defined on line 3); "
    "YAML loaders keep only the last value\n"
)
DUP_FRAME = (
    "    3 |   label: A\n  > 4 |   label: B\n      |   ^^^^^\n"
    "    5 |   description: Order lookups\n"
)


@pytest.fixture
def data(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(DATA)  # paths are reported as named: relative to here
    return DATA


def _chunk(name: str, source: bool = True, **options: bool) -> str:
    """The stylish chunk of one data file, as the CLI makes it (its text read as UTF-8)."""
    result = lint_paths([name], LintOptions())
    text = (DATA / name).read_bytes().decode("utf-8") if source else None
    return StylishFormatter(FormatOptions(**options)).chunk(result.diagnostics, text)


def _run(*args: str, cwd: Path = DATA) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*console_script(), "check", "--no-cache", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_ascii_frame_has_context_gutter_and_carets_under_the_range(data: Path) -> None:
    assert _chunk("ascii.yaml") == f"ascii.yaml\n{DUP}{DUP_FRAME}\n"


def test_crlf_lines_are_framed_like_lf_ones(data: Path) -> None:
    chunk = _chunk("crlf.yaml")
    assert chunk == f"crlf.yaml\n{DUP}{DUP_FRAME}\n" and "\r" not in chunk


def test_wide_characters_take_two_cells(data: Path) -> None:
    chunk = _chunk("wide.yaml").splitlines()
    line = "  > 3 |   label: {名前: 注文, label: B, label: C}"
    assert chunk[3:6] == [
        line,
        "      |          " + "^" * 32,
        "    4 |   description: Order lookups",
    ]
    # the duplicate 'label' is column 29: 28 code points before it, 4 of them wide (2 cells)
    assert chunk[9:11] == [line, "      | " + " " * 32 + "^^^^^"]


def test_a_tab_reaches_the_next_stop_and_combining_marks_take_no_cell(data: Path) -> None:
    chunk = _chunk("tab.yaml").splitlines()
    # 31 code points before the duplicate: a tab at cell 14 (to 16), e and two marks (1 cell)
    assert chunk[9:11] == [
        '  > 3 |   label: {x: "  e\u0301\u0323", label: B, label: C}',
        "      | " + " " * 30 + "^^^^^",
    ]
    assert chunk[7].startswith("  3:32  error    yaml-duplicate-key")


def test_a_range_over_lines_is_underlined_on_its_first_and_last(data: Path) -> None:
    assert _chunk("span.yaml") == (
        "span.yaml\n"
        "  8:7  error    schema  consumes[0] is missing required property 'baseUri'\n"
        "     7 |   consumes:\n"
        "  >  8 |     - type: http\n"
        "       |       ^^^^^^^^^^\n"
        "  >  9 |       namespace: orders\n"
        "  > 10 |       description: The order service.\n"
        "       |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "\n"
    )


def test_a_block_over_many_lines_shows_its_first_line_and_where_it_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(FIXTURES / "input")
    name = "yaml-duplicate-key.fail.yaml"
    result = lint_paths([name], LintOptions())
    source = (FIXTURES / "input" / name).read_text(encoding="utf-8")
    chunk = StylishFormatter(FormatOptions()).chunk(result.diagnostics, source)
    assert chunk.endswith(
        "  8:7  warning  naftiko-consumes-description  Every consumed API should have a "
        "description.\n"
        "    7 |   consumes:\n"
        "  > 8 |     - type: http\n"
        "      |       ^^^^^^^^^^\n"
        "      | ... through line 16\n"
        "\n"
    )


def test_a_range_at_the_end_of_the_file_marks_the_end(data: Path) -> None:
    assert _chunk("eof.yaml").splitlines()[1:] == [
        "  12:15  error    yaml-syntax  Did not find expected ',' or ']' (while parsing a flow "
        "sequence started at line 12, column 10)",
        "    11 |       description: The order service.",
        "  > 12 |   extra: [a, b",
        "       |               ^",
        "",
    ]


def test_a_long_line_is_cut_around_the_range(data: Path) -> None:
    lines = _chunk("long.yaml").splitlines()
    whole, dup = lines[3], lines[9]
    # the mapping starts in the window and runs past its right edge
    assert whole.startswith("  > 4 |   tags: {k0: 0, k1: 1,") and whole.endswith(", ...")
    assert lines[4] == "      |         " + "^" * (len(whole) - len("  > 4 |   tags: ") - 3)
    # the duplicate key far right: the line is cut on both sides, the carets follow it
    assert dup.startswith("  > 4 | ... ") and dup.endswith("...") and len(dup) <= 120
    assert lines[10] == "      | " + " " * (dup.index("label: C") - 8) + "^^^^^"
    assert lines[7].startswith("  4:360  error    yaml-duplicate-key")


def test_control_characters_are_drawn_not_sent(data: Path) -> None:
    chunk = _chunk("control.yaml")
    assert "\033" not in chunk
    assert "  > 1 | naftiko: \u241b[31m1.0.0-alpha2\n" in chunk


def test_a_fix_shows_what_it_writes(data: Path) -> None:
    assert _chunk("fix.yaml").splitlines()[3:] == [
        "  >  9 |       namespace: order service",
        "       |                  ^^^^^^^^^^^^^",
        "    10 |       baseUri: https://orders.test",
        "       = fix (unsafe): replace with 'order-service'",
        "",
    ]


def test_without_the_source_the_findings_stand_alone(data: Path) -> None:
    assert _chunk("ascii.yaml", source=False) == f"ascii.yaml\n{DUP}\n"


def test_a_file_the_cli_cannot_read_again_as_utf8_has_no_frame() -> None:
    proc = _run("--format", "stylish", "latin1.yaml", "ascii.yaml")
    assert proc.stdout == (
        f"ascii.yaml\n{DUP}{DUP_FRAME}\n"
        "latin1.yaml\n"
        "  5:22  error    yaml-encoding  Invalid UTF-8 (byte 0xff at offset 71); save the file "
        "as UTF-8\n\n"
        "2 errors, 0 warnings in 2 files\n"
    )
    assert proc.returncode == 1


def test_colour_only_when_asked_and_it_changes_nothing_else(data: Path) -> None:
    plain = _chunk("fix.yaml")
    coloured = _chunk("fix.yaml", color=True)
    assert "\033" not in plain and "\033[31m" in coloured
    assert ESCAPE.sub("", coloured) == plain


def test_quiet_drops_the_summary_and_statistics_is_the_text_table() -> None:
    names = ["ascii.yaml", "fix.yaml", "wide.yaml"]
    full = _run("--format", "stylish", *names).stdout
    ending = "\n\n1 fixable with `--fix --unsafe-fixes`\n4 errors, 0 warnings in 3 files\n"
    assert full.endswith(ending)
    quiet = _run("--format", "stylish", "--quiet", *names).stdout
    assert quiet == full.removesuffix(ending) + "\n\n"
    stylish = _run("--format", "stylish", "--statistics", *names).stdout
    text = _run("--format", "text", "--statistics", *names).stdout
    table = text.splitlines()[-3:]  # two rules, then the summary
    assert table[:2] == ["     2  error    schema", "     2  error    yaml-duplicate-key"]
    assert stylish.splitlines()[-4:] == [*table[:2], ending.split("\n")[2], table[2]]


def test_several_files_at_once_group_under_their_paths(data: Path) -> None:
    result = lint_paths(["ascii.yaml", "span.yaml"], LintOptions())
    text = StylishFormatter(FormatOptions()).format(result)
    assert text.startswith(f"ascii.yaml\n{DUP}\nspan.yaml\n  8:7  error    schema  ")
    assert text.endswith("\n\n2 errors, 0 warnings in 2 files\n")


@pytest.mark.parametrize("color", ["never", "always"])
def test_jobs_2_writes_what_jobs_1_writes(color: str) -> None:
    seeds = str(FIXTURES / "seeds")
    one = _run("--format", "stylish", "--color", color, "--jobs", "1", seeds)
    two = _run("--format", "stylish", "--color", color, "--jobs", "2", seeds)
    assert one.stdout == two.stdout and one.returncode == two.returncode == 1
    assert ESCAPE.sub("", one.stdout).endswith("\n116 errors, 87 warnings, 1 info in 4 files\n")
    assert ESCAPE.sub("", one.stdout).count("\n  > ") >= 203  # a frame under every finding


def _on_a_terminal(*args: str) -> str:
    """What the CLI writes when its standard output is a pseudo-terminal."""
    leader, follower = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    with subprocess.Popen(
        [*console_script(), "check", "--no-cache", *args],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        cwd=DATA,
        env=env,
    ) as proc:
        os.close(follower)
        output = bytearray()
        while True:
            try:
                block = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not block:
                break
            output += block
        proc.wait(timeout=120)
    os.close(leader)
    return output.decode("utf-8").replace("\r\n", "\n")


def test_stylish_is_the_default_on_a_terminal_and_text_on_a_pipe() -> None:
    shown = _on_a_terminal("ascii.yaml")
    assert "\033[" in shown  # --color auto: a terminal gets colour
    assert ESCAPE.sub("", shown) == f"ascii.yaml\n{DUP}{DUP_FRAME}\n1 error, 0 warnings in 1 file\n"
    piped = _run("ascii.yaml").stdout
    assert piped == (
        "ascii.yaml:4:3: error [yaml-duplicate-key] Duplicate key 'label' (first defined on "
        "line 3); YAML loaders keep only the last value\n1 error, 0 warnings in 1 file\n"
    )
