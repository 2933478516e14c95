"""Is a text a JSONPath python-jsonpath compiles? Simple shapes are answered without it.

Most paths a capability holds (`$.data.items[0].id`, `$.crew[*]`) are names, indices and
wildcards, which the library's lexer always accepts; only the others import the library
(60 ms at start) and ask it. tests/unit/test_cold_paths.py holds the shortcut to the
library's answer.
"""

from __future__ import annotations

import re

_SIMPLE = re.compile(r"\$(?:\.[A-Za-z_][A-Za-z0-9_-]*|\.\*|\[\*\]|\[[0-9]+\])*")


def jsonpath_syntax_error(text: str) -> str | None:
    """The first line of python-jsonpath's error for `text`, or None when it compiles."""
    if _SIMPLE.fullmatch(text):
        return None
    import jsonpath

    try:
        jsonpath.compile(text)
    except jsonpath.JSONPathError as error:
        return str(error).splitlines()[0]
    return None
