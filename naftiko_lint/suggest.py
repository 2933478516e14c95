""" "Did you mean": the closest candidate by case, '-'/'_' spelling, then edit distance."""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from functools import lru_cache

# Past this many candidates no suggestion is made: a capability never has that many names
# of one kind, and comparing every unresolved name with every candidate would make a huge
# broken file quadratic.
MAX_CANDIDATES = 256


def _fold(text: str) -> str:
    return text.lower().replace("_", "-")


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.75) -> str | None:
    if isinstance(candidates, Collection) and len(candidates) > MAX_CANDIDATES:
        return None
    options = tuple(c for c in candidates if isinstance(c, str))
    if len(options) > MAX_CANDIDATES:
        return None
    return _closest(str(word), options, cutoff)


@lru_cache(maxsize=256)
def _folded(candidates: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_fold(c) for c in candidates)


@lru_cache(maxsize=4096)
def _closest(word: str, candidates: tuple[str, ...], cutoff: float) -> str | None:
    lowered, folded_word = word.lower(), _fold(word)
    pairs = [(c, f) for c, f in zip(candidates, _folded(candidates), strict=True) if c != word]
    if not pairs:
        return None
    for candidate, _ in pairs:
        if candidate.lower() == lowered:
            return candidate
    for candidate, folded in pairs:
        if folded == folded_word:
            return candidate
    # difflib's ratio is at most 2·min(a, b)/(a + b): candidates whose length alone keeps
    # them under the cutoff cannot match, and skipping them changes no result
    size = len(folded_word)
    near = [f for _, f in pairs if 2 * min(size, len(f)) >= cutoff * (size + len(f))]
    matches = difflib.get_close_matches(folded_word, near, n=1, cutoff=cutoff) if near else []
    if not matches:
        return None
    return next(c for c, f in pairs if f == matches[0])


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A message suffix like "; did you mean 'description'?" or ""."""
    best = closest(word, candidates)
    return f"; did you mean '{best}'?" if best else ""
