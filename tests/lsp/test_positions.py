"""Positions between the linter (1-based lines, code-point columns, after a BOM) and the LSP
(0-based, UTF-16 / UTF-8 / UTF-32 code units), and the edits that replace changed lines."""

from __future__ import annotations

import pytest
from lsprotocol import types

from naftiko_lint.diagnostics import Position
from naftiko_lint.lsp.actions import line_edit
from naftiko_lint.lsp.positions import UTF8, UTF16, UTF32, TextLines

TEXT = "a: 1\nlabel: '😀é x'\r\nz: 2\rlast"


@pytest.mark.parametrize(
    ("encoding", "character"),
    [(UTF16, 12), (UTF8, 15), (UTF32, 11)],  # before the "x": 😀 is 2/4/1 units, é 1/2/1
)
def test_a_column_after_astral_and_accented_characters(encoding: str, character: int) -> None:
    lines = TextLines(TEXT, encoding)
    ours = Position(2, 12)  # the "x": code points 1-based
    assert lines.to_lsp(ours) == types.Position(line=1, character=character)
    assert lines.from_lsp(types.Position(line=1, character=character)) == ours


def test_cr_and_crlf_end_lines_as_the_lsp_counts_them() -> None:
    lines = TextLines(TEXT)
    assert lines.to_lsp(Position(4, 2)) == types.Position(line=3, character=1)
    assert lines.end() == types.Position(line=3, character=4)


def test_a_position_inside_a_surrogate_pair_is_that_character() -> None:
    lines = TextLines(TEXT, UTF16)
    assert lines.from_lsp(types.Position(line=1, character=9)) == Position(2, 9)  # on 😀


def test_columns_count_after_a_byte_order_mark_the_editor_keeps() -> None:
    lines = TextLines("\ufeffnaftiko: x\n")
    assert lines.to_lsp(Position(1, 1)) == types.Position(line=0, character=1)
    assert lines.from_lsp(types.Position(line=0, character=1)) == Position(1, 1)


def test_positions_past_the_text_are_clamped() -> None:
    lines = TextLines("a: 1\n")
    assert lines.to_lsp(Position(9, 9)) == types.Position(line=1, character=0)
    assert lines.from_lsp(types.Position(line=99, character=99)) == Position(2, 1)


@pytest.mark.parametrize(
    ("old", "new", "start", "end", "replacement"),
    [
        ("a\nb\nc\n", "a\nB\nc\n", (1, 0), (2, 0), "B\n"),
        ("a\nb\nc", "a\nb\nC", (2, 0), (2, 1), "C"),
        ("a\r\nb\r\n", "a\r\nb\r\nc\r\n", (2, 0), (2, 0), "c\r\n"),
        ("a\nb\n", "b\n", (0, 0), (1, 0), ""),
    ],
)
def test_an_edit_replaces_only_the_changed_lines(
    old: str, new: str, start: tuple, end: tuple, replacement: str
) -> None:
    edit = line_edit(old, new, TextLines(old))
    got = (edit.range.start.line, edit.range.start.character)
    assert (got, (edit.range.end.line, edit.range.end.character)) == (start, end)
    assert edit.new_text == replacement
