"""The whole-number option values every command parses (argparse `type=` callables): one
wording for every command's usage errors."""

from __future__ import annotations

import argparse


def integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None


def non_negative(text: str) -> int:
    value = integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def positive(text: str) -> int:
    value = integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def port(text: str) -> int:
    """A TCP port to listen on, 1-65535."""
    return _port(text, 1)


def port_or_any(text: str) -> int:
    """A TCP port, or 0: any free one."""
    return _port(text, 0)


def _port(text: str, low: int) -> int:
    value = integer(text)
    if not low <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port ({low}-65535): {text}")
    return value
