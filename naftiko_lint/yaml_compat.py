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

# Every implicit resolver is keyed by the scalar's first character (plus the empty scalar).
_FIRST_CHARS = "".join(
    sorted(ch for ch in Resolver.yaml_implicit_resolvers if ch is not None)
)

# JSON string literals without escapes that start like a non-string YAML 1.1 scalar.
CANDIDATE_JSON_STRING = re.compile(r'"([' + re.escape(_FIRST_CHARS) + r'][^"\\\n]{0,63})"')


def implicit_tag(text: str) -> str:
    """The tag PyYAML gives to `text` written as a plain scalar."""
    return _RESOLVER.resolve(ScalarNode, text, (True, False))


def plain_would_not_be_string(text: str) -> bool:
    return implicit_tag(text) != STR_TAG


def unquoted_occurrence(source: str, text: str) -> bool:
    """True if `text` stands in `source` somewhere not wrapped in quotes.

    Conservative: a hit inside a longer plain scalar or a comment also counts, and case is
    ignored (rapidyaml writes `.Inf` as `.inf`).
    """
    pattern = r"(?<![\w'\"\-.])" + re.escape(text) + r"(?![\w'\"\-.])"
    return re.search(pattern, source, re.IGNORECASE) is not None
