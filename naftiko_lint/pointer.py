"""JSON Pointer (RFC 6901) helpers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# A JSON location as its keys and indexes, ('capability', 'exposes', 0); a *path* is a file.
Tokens = tuple[str | int, ...]


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(parts: Iterable[str | int]) -> str:
    """Build a pointer from path parts: ("a", 0, "b") -> "/a/0/b"."""
    tokens = [p if isinstance(p, str) else str(p) for p in parts]
    if not tokens:
        return ""
    joined = "/".join(tokens)
    if "~" in joined or joined.count("/") != len(tokens) - 1:  # a token to escape
        return "".join("/" + escape(t) for t in tokens)
    return "/" + joined


def child(pointer: str, token: str | int) -> str:
    return f"{pointer}/{escape(token)}"


def split(pointer: str) -> list[str]:
    """Split a pointer into unescaped tokens; "" is the whole document."""
    if pointer == "":
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"JSON pointer must start with '/': {pointer!r}")
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer[1:].split("/")]


def parent(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


def walk(data: Any, tokens: Iterable[str]) -> tuple[tuple[str | int, ...], Any] | None:
    """Follow unescaped tokens from `data`: the path (list indices as ints) and the value
    they name, or None when a token names nothing."""
    path: list[str | int] = []
    for token in tokens:
        if isinstance(data, dict) and token in data:
            path.append(token)
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            path.append(int(token))
            data = data[int(token)]
        else:
            return None
    return tuple(path), data
