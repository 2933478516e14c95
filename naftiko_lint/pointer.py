"""JSON Pointer (RFC 6901) helpers."""

from __future__ import annotations

from collections.abc import Iterable


def escape(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join(parts: Iterable[str | int]) -> str:
    """Build a pointer from path parts: ("a", 0, "b") -> "/a/0/b"."""
    return "".join("/" + escape(p) for p in parts)


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
