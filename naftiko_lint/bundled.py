"""Locate the bundled data folders (`schemas/`, `rules/`).

In a wheel they are package data under `naftiko_lint/_data/`; in a source checkout or an
editable install they are the repository's top-level folders.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_dir(name: str) -> Path:
    packaged = resources.files("naftiko_lint") / "_data" / name
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / name
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"bundled data folder {name!r} is missing from this installation")


def schemas_dir() -> Path:
    return data_dir("schemas")


def rules_dir() -> Path:
    return data_dir("rules")
