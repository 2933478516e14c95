"""Every function naftiko-lint ships, found by walking this package (no hand-kept list):
Spectral's core set and the Naftiko checks."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

import naftiko_lint.functions as _package
from naftiko_lint.functions.api import RuleFunction


@cache
def _discovered() -> tuple[RuleFunction, ...]:
    found: list[RuleFunction] = []
    for info in sorted(
        pkgutil.walk_packages(_package.__path__, _package.__name__ + "."), key=lambda i: i.name
    ):
        if info.ispkg or info.name.rsplit(".", 1)[-1] in ("api", "builtin"):
            continue
        module = importlib.import_module(info.name)
        found.extend(item for item in vars(module).values() if isinstance(item, RuleFunction))
    return tuple(found)


def builtin_functions() -> dict[str, RuleFunction]:
    """A fresh name -> function map (callers may add their own)."""
    return {function.name: function for function in _discovered()}
