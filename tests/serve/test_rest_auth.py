"""REST adapter authentication as `ServerAuthenticationRestlet` and Restlet's Basic
`ChallengeAuthenticator` check it (serve/rest_auth.py)."""

from __future__ import annotations

import base64

import pytest

from naftiko_lint.serve.rest_auth import check

ENV = {"API_TOKEN": "s3cret", "API_KEY": "k-1", "USER": "ann", "PASS": "pw"}
ALLOWED = frozenset(ENV)


def basic(user: str, password: str) -> tuple[str, str]:
    return ("Authorization", "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode())


@pytest.mark.parametrize(
    ("auth", "headers", "query", "status"),
    [
        (None, (), (), None),
        (
            {"type": "bearer", "token": "{{API_TOKEN}}"},
            (("Authorization", "Bearer s3cret"),),
            (),
            None,
        ),
        (
            {"type": "bearer", "token": "{{API_TOKEN}}"},
            (("authorization", "bearer s3cret"),),
            (),
            None,
        ),
        (
            {"type": "bearer", "token": "{{API_TOKEN}}"},
            (("Authorization", "Bearer nope"),),
            (),
            401,
        ),
        ({"type": "bearer", "token": "{{API_TOKEN}}"}, (), (), 401),
        # the raw value after any scheme counts (Restlet's ChallengeResponse.getRawValue)
        (
            {"type": "bearer", "token": "{{API_TOKEN}}"},
            (("Authorization", "Token s3cret"),),
            (),
            None,
        ),
        ({"type": "bearer", "token": "{{ UNSET }}"}, (("Authorization", "Bearer "),), (), 401),
        ({"type": "bearer", "token": "literal"}, (("Authorization", "Bearer literal"),), (), None),
        ({"type": "apikey", "key": "X-Key", "value": "{{API_KEY}}"}, (("x-key", "k-1"),), (), None),
        ({"type": "apikey", "key": "X-Key", "value": "{{API_KEY}}"}, (("x-key", "k-2"),), (), 401),
        (
            {"type": "apikey", "key": "X-Key", "value": "{{API_KEY}}", "placement": "query"},
            (),
            (("X-Key", "k-1"),),
            None,
        ),
        (
            {"type": "apikey", "key": "X-Key", "value": "{{API_KEY}}", "placement": "query"},
            (("X-Key", "k-1"),),
            (),
            401,
        ),
        ({"type": "apikey", "value": "{{API_KEY}}"}, (("x-key", "k-1"),), (), 401),  # no key
        (
            {"type": "basic", "username": "{{USER}}", "password": "{{PASS}}"},
            (basic("ann", "pw"),),
            (),
            None,
        ),
        (
            {"type": "basic", "username": "{{USER}}", "password": "{{PASS}}"},
            (basic("ann", "no"),),
            (),
            401,
        ),
        (
            {"type": "basic", "username": "{{USER}}", "password": "{{PASS}}"},
            (("Authorization", "Basic !!"),),
            (),
            401,
        ),
        ({"type": "basic", "username": "ann", "password": "pw"}, (basic("ann", "pw"),), (), None),
        ({"type": "oauth2", "authorizationServerUri": "https://as.test"}, (), (), 401),
        (
            {"type": "oauth2", "authorizationServerUri": "https://as.test"},
            (("Authorization", "Bearer any"),),
            (),
            None,
        ),
        ({"type": "digest", "username": "a", "password": "b"}, (), (), None),  # not emulated
        ({"type": "kerberos"}, (), (), 501),
    ],
)
def test_check(auth, headers, query, status) -> None:
    denial = check(auth, headers, query, ALLOWED, ENV)
    assert (denial.status if denial else None) == status


def test_a_bearer_secret_reads_only_variables_declared_in_binds() -> None:
    auth = {"type": "bearer", "token": "{{API_TOKEN}}"}
    sent = (("Authorization", "Bearer s3cret"),)
    assert check(auth, sent, (), frozenset({"OTHER"}), ENV).status == 401  # renders blank
    assert check(auth, sent, (), frozenset(), ENV) is None  # no binds: any variable


def test_denials_carry_the_engine_answers() -> None:
    bearer = check({"type": "bearer", "token": "x"}, (), (), ALLOWED, ENV)
    assert (bearer.body, bearer.media_type) == (b"Unauthorized", "text/plain")
    refused = check({"type": "basic", "username": "a", "password": "b"}, (), (), ALLOWED, ENV)
    assert refused.headers == (("www-authenticate", 'Basic realm="naftiko"'),)
    unsupported = check({"type": "kerberos"}, (), (), ALLOWED, ENV)
    assert unsupported.body == b"Unsupported REST server authentication type: kerberos"
