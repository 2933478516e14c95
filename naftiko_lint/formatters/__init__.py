"""Output formats: one module each, chosen by name from one registry."""

from __future__ import annotations

from naftiko_lint.formatters.base import Formatter
from naftiko_lint.formatters.json import JsonFormatter
from naftiko_lint.formatters.text import TextFormatter

FORMATTERS: dict[str, type[Formatter]] = {
    "text": TextFormatter,
    "json": JsonFormatter,
}

__all__ = ["FORMATTERS", "Formatter"]
