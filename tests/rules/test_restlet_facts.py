"""The Restlet facts the lint rules share with the served engine emulation stay one fact:
both read them from capability/restlet.py, and these tests hold what each side derives
from it equal."""

from __future__ import annotations

import pytest

from naftiko_lint.functions.naftiko.headers import STANDARD_HEADERS
from naftiko_lint.functions.naftiko.routes import _route, route_variable
from naftiko_lint.serve import engine_restlet
from naftiko_lint.serve.rest_routes import template_regex, to_uri_template


def test_the_dropped_headers_are_the_ones_the_emulation_drops() -> None:
    assert STANDARD_HEADERS is engine_restlet.STANDARD_HEADERS  # one list, not two copies


@pytest.mark.parametrize(
    ("written", "routed"),
    [("id", "id"), ("voyage-id", "voyage-id"), ("a.b", "a.b"), ("a:b", "ab"), ("x~y", "x~y")],
)
def test_a_route_variable_keeps_the_unreserved_characters(written: str, routed: str) -> None:
    _, names = template_regex(to_uri_template("/v/{{" + written + "}}"))
    assert route_variable(written) == routed == names[0]


PATHS = [
    "/tickets/{id}",
    "/tickets/{{id}}",
    "/tickets/{{ticket-id}}",
    "/tickets/{ticketId}/notes",
    "/tickets/{{ticket-id}}/notes",
    "/tickets",
    "/tickets/",
    "/tickets/{}",
    "/tickets/x}",
]


@pytest.mark.parametrize("first", PATHS)
@pytest.mark.parametrize("second", PATHS)
def test_two_paths_share_a_route_exactly_when_the_router_compiles_one_pattern(
    first: str, second: str
) -> None:
    def compiled(path: str) -> str:
        return template_regex(to_uri_template(path))[0].pattern.replace("v0", "v")

    assert (_route(first) == _route(second)) == (compiled(first) == compiled(second))
