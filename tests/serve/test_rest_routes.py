"""The REST router as the engine's Restlet router matches (serve/rest_routes.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.capability.build import build_model
from naftiko_lint.serve.rest_routes import (
    Router,
    build_router,
    route_notes,
    template_regex,
    to_uri_template,
)


def router_for(*paths: str) -> Router:
    document = {
        "naftiko": "1.0.0-alpha2",
        "capability": {
            "exposes": [
                {
                    "type": "rest",
                    "namespace": "api",
                    "port": 8080,
                    "resources": [
                        {"path": p, "name": f"r{i}", "operations": [{"method": "GET"}]}
                        for i, p in enumerate(paths)
                    ],
                }
            ]
        },
    }
    return build_router(build_model(document).adapters[0])


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("/items/{{id}}", "/items/{id}"),
        ("/items/{id}", "/items/{id}"),
        ("/a/{{voyage-id}}", "/a/{{voyage-id}}"),  # \w+ only: not rewritten
        ("/a/{{ x }}", "/a/{{ x }}"),
        ("/{{a}}/{{b_c}}", "/{a}/{b_c}"),
    ],
)
def test_to_uri_template(path: str, pattern: str) -> None:
    assert to_uri_template(path) == pattern


@pytest.mark.parametrize(
    ("pattern", "variables"),
    [
        ("/items/{id}", ("id",)),
        ("/a/{{voyage-id}}", ("voyage-id",)),  # Restlet skips the extra braces
        ("/a/{{ x }}", ("x",)),
        ("/a/{}", ()),
        ("/a/{x}/{x}", ("x",)),
        ("/a/{x.y~z}", ("x.y~z",)),
    ],
)
def test_template_variables(pattern: str, variables: tuple[str, ...]) -> None:
    assert template_regex(pattern)[1] == variables


@pytest.mark.parametrize(
    ("paths", "request_path", "index", "values"),
    [
        (["/x"], "/x", 0, {}),
        (["/x"], "/x/", None, None),  # exact matching, no trailing-slash rule
        (["/x/"], "/x", None, None),
        (["/x", "/x/"], "/x/", 1, {}),
        (["/items/{id}"], "/items/42", 0, {"id": "42"}),
        (["/items/{id}"], "/items/", None, None),  # a variable needs one character
        (["/items/{id}"], "/items/4/2", None, None),  # one segment
        (["/items/{id}"], "/items/a%20b", 0, {"id": "a%20b"}),  # undecoded
        (["/items/{id}"], "/items/a%2Fb", 0, {"id": "a%2Fb"}),
        (["/items/{id}"], "/items/a%zz", None, None),
        (["/items/{id}", "/items/{key}"], "/items/1", 0, {"id": "1"}),  # first wins
        (["/items/{{id}}", "/items/{key}"], "/items/1", 0, {"id": "1"}),
        (["/v/{{voyage-id}}"], "/v/7", 0, {"voyage-id": "7"}),
        (["/s/{path}"], "/s/a/b/c", 0, {"path": "a/b/c"}),  # RestServerAdapter: TYPE_URI_PATH
        (["/s/{{path}}"], "/s/a/b", 0, {"path": "a/b"}),
        (["/s/{path}"], "/s/", None, None),
        (["/l/{id}/{path}"], "/l/1/x/y", 0, {"id": "1", "path": "x/y"}),
        (["/a/{x}/b/{x}"], "/a/1/b/1", 0, {"x": "1"}),
        (["/a/{x}/b/{x}"], "/a/1/b/2", None, None),
        (["items"], "/items", None, None),  # no leading '/': never reached
        (["/a.b"], "/aXb", None, None),  # literals are literal
        (["/q"], "/q", 0, {}),
    ],
)
def test_matching(paths, request_path, index, values) -> None:
    found = router_for(*paths).match(request_path)
    if index is None:
        assert found is None
    else:
        route, got = found
        assert route.resource.template == paths[index]
        assert got == values


def test_a_resource_without_a_string_path_gets_no_route() -> None:
    document = {
        "capability": {
            "exposes": [
                {"type": "rest", "namespace": "api", "resources": [{"path": 5}, {"path": "/ok"}]}
            ]
        }
    }
    router = build_router(build_model(document).adapters[0])
    assert [r.pattern for r in router.routes] == ["/ok"]


def test_route_notes_name_the_resources_no_request_reaches() -> None:
    document = {
        "capability": {
            "exposes": [
                {
                    "type": "rest",
                    "namespace": "api",
                    "resources": [
                        {"path": "/items/{{id}}"},
                        {"path": "/items/{key}"},
                        {"path": "items"},
                        {"path": "/ok"},
                        {"name": "no-path"},
                    ],
                }
            ]
        }
    }
    notes = route_notes(build_model(document).adapters[0])
    assert len(notes) == 3
    assert "'/items/{key}' is unreachable: '/items/{{id}}'" in notes[0]
    assert "'items' does not start with '/'" in notes[1]
    assert "/capability/exposes/0/resources/4 has no path" in notes[2]


_NAMES = st.text(alphabet="abcXYZ09_-.~", min_size=1, max_size=6)
_PCHARS = st.text(alphabet="abZ09-._~!$&'()*+,;=:@", min_size=1, max_size=6) | st.sampled_from(
    ["%20", "a%2Fb", "%C3%A9"]
)


@given(
    st.lists(
        st.one_of(
            st.tuples(st.just("lit"), st.text(alphabet="abc-_.", min_size=1, max_size=4)),
            st.tuples(st.just("var"), _NAMES),
        ),
        min_size=1,
        max_size=4,
    ),
    st.data(),
)
def test_a_filled_template_matches_and_gives_back_its_values(segments, data) -> None:
    pattern_parts, path_parts, expected = [], [], {}
    for kind, text in segments:
        if kind == "lit":
            pattern_parts.append(text)
            path_parts.append(text)
        else:
            value = expected.get(text) or data.draw(_PCHARS)
            if text == "path":
                value = value + "/" + data.draw(_PCHARS)
            expected[text] = value
            pattern_parts.append("{" + text + "}")
            path_parts.append(value)
    regex, variables = template_regex("/" + "/".join(pattern_parts))
    found = regex.fullmatch("/" + "/".join(path_parts))
    assert found is not None
    assert {v: found.group(f"v{i}") for i, v in enumerate(variables)} == expected
