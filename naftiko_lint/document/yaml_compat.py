"""What PyYAML's safe loader would make of a plain scalar.

The fast loader gets its data from rapidyaml, which resolves plain scalars by YAML 1.2
rules; naftiko-lint promises the values of PyYAML's safe loader (YAML 1.1). This module
asks PyYAML's own resolver, so the two can never drift apart.
"""

from __future__ import annotations

import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"

_RESOLVER = Resolver()

# JSON string literals (no escapes) that PyYAML might resolve to a non-string when written
# plain: the YAML 1.1 bool/null words, merge/value keys, the one-character `yaml` tags, and
# anything starting like a number or timestamp. A superset; `implicit_tag` decides. The
# look-ahead (the alternatives' first characters) rejects most quotes at once: 3x faster.
CANDIDATE_JSON_STRING = re.compile(
    r'"(?=[yYnNtTfFoO~<=!&*\-+.0-9])((?:[yY]es|YES|[nN]o|NO|[tT]rue|TRUE|[fF]alse|FALSE|[oO]n|ON|[oO]ff|OFF'
    r'|~|[nN]ull|NULL|<<|=|[!&*])|[-+.0-9][\w:.+\- ]{0,63})"'
)


def implicit_tag(text: str) -> str:
    """The tag PyYAML gives to `text` written as a plain scalar."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False))


def plain_would_not_be_string(text: str) -> bool:
    return implicit_tag(text) != STR_TAG


_QUOTE_OR_WORD = frozenset("'\"-._")


def _boundary(ch: str) -> bool:
    return not (ch.isalnum() or ch in _QUOTE_OR_WORD)


def unquoted_occurrence(folded_source: str, text: str) -> bool:
    """True if `text` stands in the source somewhere not wrapped in quotes.

    `folded_source` is the source in `str.casefold()` form: rapidyaml writes `.Inf` as
    `.inf`, so case is ignored. Conservative: a hit inside a longer plain scalar or a
    comment also counts.
    """
    needle = text.casefold()
    if not needle:
        return False
    start = folded_source.find(needle)
    while start != -1:
        end = start + len(needle)
        before = folded_source[start - 1] if start else " "
        after = folded_source[end] if end < len(folded_source) else " "
        if _boundary(before) and _boundary(after):
            return True
        start = folded_source.find(needle, start + 1)
    return False
