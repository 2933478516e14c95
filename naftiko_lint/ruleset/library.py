"""python-jsonpath in Spectral's dialect, for the `given` paths the direct walk
(ruleset.walk) does not handle. Imported only when such a path is compiled: the library
and the regular expressions of its lexer cost about 60 ms at start."""

from __future__ import annotations

from functools import cache
from typing import Any

import jsonpath

from naftiko_lint.values import UNDEFINED, js_compare, js_loose_equal, js_truthy

JSONPathError = jsonpath.JSONPathError


def _filter_value(value: Any) -> Any:
    """A filter operand as JavaScript sees it: one node is its value, none `undefined`."""
    if isinstance(value, jsonpath.NodeList):
        if len(value) == 0:
            return UNDEFINED
        return value[0].obj if len(value) == 1 else list(value.values())
    return UNDEFINED if value is jsonpath.UNDEFINED else value


class _SpectralEnvironment(jsonpath.JSONPathEnvironment):
    """Filters as Spectral evaluates them (nimma compiles them to JavaScript): `==` and
    `!=` are JavaScript's loose equality ('8080' == 8080, ['rest'] == 'rest'), `<`, `>`, `<=`
    and `>=` its relational comparison ('1' > 0, '0x10' > 15), and a bare
    `@.x` or an `&&` operand is tested for JavaScript truthiness (0, '', null are false;
    [] and {} are true)."""

    def is_truthy(self, obj: object) -> bool:
        if isinstance(obj, jsonpath.NodeList) and len(obj) > 1:
            return True
        return js_truthy(_filter_value(obj))

    def _eq(self, left: object, right: object) -> bool:
        return js_loose_equal(_filter_value(left), _filter_value(right))

    def compare(self, left: object, operator: str, right: object) -> bool:
        if operator in ("<", ">", "<=", ">="):  # JavaScript's coercions ('1' > 0, [1] > 0)
            return js_compare(_filter_value(left), operator, _filter_value(right))
        return super().compare(left, operator, right)


@cache
def environment() -> jsonpath.JSONPathEnvironment:
    """One environment per process (its lexer compiles large regular expressions)."""
    return _SpectralEnvironment()


def compile_query(source: str) -> Any:
    """The library's compiled query; raises JSONPathError."""
    return environment().compile(source)
