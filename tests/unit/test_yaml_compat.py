"""The candidate scan's look-ahead is only a speed-up: it finds exactly what the pattern
without it finds."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.document import yaml_compat

WITHOUT_LOOKAHEAD = re.compile(
    yaml_compat.CANDIDATE_JSON_STRING.pattern.replace("(?=[yYnNtTfFoO~<=!&*\\-+.0-9])", "", 1)
)
WORDS = ["yes", "No", "TRUE", "off", "~", "null", "<<", "=", "!", "&", "*", "-1", "+.5", "0x1f",
         "2001-12-14", "1:20", ".inf", "name", "", "a b", 'q"', "é", "1_000"]  # fmt: skip


def test_the_look_ahead_is_in_the_pattern() -> None:
    assert WITHOUT_LOOKAHEAD.pattern != yaml_compat.CANDIDATE_JSON_STRING.pattern


@given(st.recursive(st.sampled_from(WORDS) | st.text(max_size=8) | st.integers(),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(WORDS) | st.text(max_size=5), inner,
                                      max_size=4)))  # fmt: skip
def test_the_scan_finds_what_the_plain_pattern_finds(value: object) -> None:
    text = json.dumps(value, ensure_ascii=False)
    found = yaml_compat.CANDIDATE_JSON_STRING.findall(text)
    assert found == WITHOUT_LOOKAHEAD.findall(text)
