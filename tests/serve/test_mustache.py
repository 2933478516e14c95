"""Mustache as util/Resolver.resolveMustacheTemplate renders it (JMustache, defaultValue "")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.serve.engine_java import JsonTree, jackson_pretty, java_double, url_encode
from naftiko_lint.serve.mustache import MustacheError, has_tag, render

CASES = [
    # (template, parameters, expected)
    ("/ships/{{imo}}", {"imo": "9321483"}, "/ships/9321483"),
    ("/ships/{{imo}}", {"other": "x"}, "/ships/"),  # missing: empty segment
    ("/ships/{{imo}}", {}, "/ships/{{imo}}"),  # no parameters at all: untouched
    ("/ships/{{ imo }}", {"imo": "1"}, "/ships/1"),  # the tag is trimmed
    ("/sessions/{sessionId}", {"sessionId": "7"}, "/sessions/{sessionId}"),  # single brace
    ("rest.body", {"x": "1"}, "rest.body"),  # no tag: literal
    ("{{n}}", {"n": None}, ""),  # null renders as the default
    ("{{n}}", {"n": 42}, "42"),
    ("{{n}}", {"n": 1.0}, "1.0"),
    ("{{n}}", {"n": 1e10}, "1.0E10"),
    ("{{b}}", {"b": True}, "true"),
    ("{{l}}", {"l": ["a", "b"]}, '["a","b"]'),  # a top-level list is JSON
    ("{{m}}", {"m": {"a": 1, "b": ["x", "y"]}}, "{a=1, b=[x, y]}"),  # a map is Java's toString
    ("{{m}}", {"m": {"a": {"c": None}}}, "{a={c=null}}"),
    ("{{t}}", {"t": JsonTree({"a": [1, "x"]})}, '{"a":[1,"x"]}'),  # a whole body is JSON
    ("{{m.a}}", {"m": {"a": "deep"}}, "deep"),  # compound keys walk maps
    ("{{m.z}}", {"m": {"a": "deep"}}, ""),
    ("{{t.a}}", {"t": JsonTree({"a": 1})}, ""),  # never into a JSON node
    ("{{{x}}}", {"x": "<&>"}, "<&>"),  # nothing is escaped
    ("{{&x}}", {"x": '"q"'}, '"q"'),
    ('{"a": "{{x}}"}', {"x": 'say "hi"'}, '{"a": "say "hi""}'),  # no JSON escaping either
    ("{{! a comment }}x", {"x": 1}, "x"),
    ("{{#on}}yes{{/on}}", {"on": True}, "yes"),
    ("{{#on}}yes{{/on}}", {"on": False}, ""),
    ("{{#on}}yes{{/on}}", {"x": 1}, ""),
    ("{{^on}}no{{/on}}", {"x": 1}, "no"),
    ("{{#m}}{{a}}{{/m}}", {"m": {"a": "in"}}, "in"),
    ("{{#m}}[{{.}}]{{/m}}", {"m": {"z": [1, 2]}}, "[{z=[1, 2]}]"),
    ("{{#e}}x{{/e}}", {"e": ""}, "x"),  # an empty string is true in JMustache
    ("open {{x", {"x": 1}, "open {{x"),  # an unterminated tag is text
]


@pytest.mark.parametrize(("template", "parameters", "expected"), CASES)
def test_render(template: str, parameters: dict, expected: str) -> None:
    assert render(template, parameters) == expected


@pytest.mark.parametrize(
    "template", ["{{}}", "{{#a}}x", "x{{/a}}", "{{#a}}x{{/b}}", "{{> part}}", "{{=<% %>=}}"]
)
def test_templates_jmustache_refuses(template: str) -> None:
    with pytest.raises(MustacheError):
        render(template, {"a": 1})


def test_none_template_and_no_parameters() -> None:
    assert render(None, {"a": 1}) is None
    assert render("{{a}}", None) == "{{a}}"


def test_has_tag_is_the_engines_unresolved_check() -> None:
    assert has_tag("/x/{{a}}")
    assert not has_tag("/x/{a}")
    assert has_tag("}}{{")  # the engine only asks for both pairs


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@given(st.text(), st.dictionaries(st.text(max_size=8), _values, max_size=4))
def test_render_raises_nothing_but_mustache_errors(template: str, parameters: dict) -> None:
    try:
        out = render(template, parameters)
    except MustacheError:
        return
    assert isinstance(out, str)


@given(st.text().filter(lambda t: "{{" not in t), st.dictionaries(st.text(), st.text(), min_size=1))
def test_text_without_tags_is_sent_verbatim(template: str, parameters: dict) -> None:
    assert render(template, parameters) == template


@given(st.text(alphabet=st.characters(blacklist_characters="{}"), min_size=1), st.text())
def test_a_filled_variable_is_its_value(name: str, value: str) -> None:
    name = name.strip()
    if not name or name[0] in "#^/!>=&." or "." in name:
        return
    assert render("{{" + name + "}}", {name: value}) == value


@pytest.mark.parametrize(
    ("number", "text"),
    [(1.0, "1.0"), (0.1, "0.1"), (100.0, "100.0"), (1e7, "1.0E7"), (1.5e10, "1.5E10"),
     (0.001, "0.001"), (0.0001, "1.0E-4"), (-2.5, "-2.5"), (12345678.9, "1.23456789E7"),
     (-0.0, "-0.0"), (3.14e-5, "3.14E-5")],
)  # fmt: skip
def test_java_double(number: float, text: str) -> None:
    assert java_double(number) == text


def test_url_encoder_and_pretty_printer() -> None:
    assert url_encode("a b~*._-é/&=") == "a+b%7E*._-%C3%A9%2F%26%3D"
    assert jackson_pretty({"a": [{"b": 1}, {}], "c": {"d": []}}) == (
        '{\n  "a" : [ {\n    "b" : 1\n  }, { } ],\n  "c" : {\n    "d" : [ ]\n  }\n}'
    )
