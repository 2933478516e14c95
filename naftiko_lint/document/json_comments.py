"""Find `//` and `/* */` comments in a JSON-looking file (JSONC habits).

The engine reads every capability file with Jackson's YAML parser, and in YAML a `//` is no
comment: it starts or continues a plain scalar, so the comment becomes part of a key or a
value (`// the version "naftiko"` as one key), or breaks the parse.
"""

from __future__ import annotations

from naftiko_lint.diagnostics import Position, Range

_OPENERS = "{[,"


def first_comment(text: str) -> Range | None:
    """The first `//` or `/*` outside quotes that starts a token (after `{`, `[`, `,` or at a
    line's start), in a document whose first character is `{` or `[`; else None."""
    stripped = text.lstrip()
    if stripped[:1] not in ("{", "["):
        return None
    line, column = 1, 1
    previous = "\n"  # the last character outside blanks
    quote = ""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
                column += 1
            elif char == quote:
                quote = ""
                previous = char
        elif char in "\"'":
            quote = char
        elif (
            char == "/"
            and text[i + 1 : i + 2] in ("/", "*")
            and (previous in _OPENERS or previous == "\n")
        ):
            return Range(Position(line, column), Position(line, column + 2))
        elif char not in " \t\r":
            previous = char
        if char == "\n":
            line, column = line + 1, 1
            if not quote:
                previous = "\n"
        else:
            column += 1
        i += 1
    return None
