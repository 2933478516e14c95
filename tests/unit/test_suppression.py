"""The directive grammar is one regex; this table pins what it accepts."""

from __future__ import annotations

import pytest

from naftiko_lint import suppression


@pytest.mark.parametrize(
    ("line", "kind", "rules"),
    [
        ("# naftiko-lint: disable-next-line a", "disable-next-line", ("a",)),
        ("  #naftiko-lint:disable-line a, b-c", "disable-line", ("a", "b-c")),
        ("key: v  # naftiko-lint: disable-line x", "disable-line", ("x",)),
        ("# naftiko-lint: disable-file schema", "disable-file", ("schema",)),
        ("# naftiko-lint: disable-line", "disable-line", ()),
    ],
)
def test_directives(line: str, kind: str, rules: tuple) -> None:
    (found,) = suppression.parse(line)
    assert (found.kind, found.rules) == (kind, rules)


@pytest.mark.parametrize(
    "line",
    [
        "description: 'see # naftiko-lint: disable-line a'x",
        "url: http://x#naftiko-lint: disable-line a",
        "# naftiko-lint: disable a",
        "# naftiko-lint: enable-line a",
    ],
)
def test_non_directives(line: str) -> None:
    assert suppression.parse(line) == []


def test_next_line_skips_comments_and_blank_lines() -> None:
    (found,) = suppression.parse("# naftiko-lint: disable-next-line a\n\n# note\nkey: 1\n")
    assert found.target_line == 4
