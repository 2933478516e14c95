""""Did you mean": the closest candidate by case, '-'/'_' spelling, then edit distance."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import lru_cache


def _fold(text: str) -> str:
    return text.lower().replace("_", "-")


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    return _closest(str(word), tuple(c for c in candidates if isinstance(c, str)), cutoff)


@lru_cache(maxsize=4096)
def _closest(word: str, candidates: tuple[str, ...], cutoff: float) -> str | None:
    options = [c for c in candidates if c != word]
    if not options:
        return None
    for candidate in options:
        if candidate.lower() == word.lower():
            return candidate
    for candidate in options:
        if _fold(candidate) == _fold(word):
            return candidate
    matches = difflib.get_close_matches(_fold(word), [_fold(c) for c in options], n=1,
                                        cutoff=cutoff)
    if not matches:
        return None
    return next(c for c in options if _fold(c) == matches[0])


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A message suffix like "; did you mean 'description'?" or ""."""
    best = closest(word, candidates)
    return f"; did you mean '{best}'?" if best else ""
