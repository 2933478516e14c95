"""Authentication on a REST adapter, checked before routing as the engine's chain does.

`exposes/ServerAdapter.buildServerChain` wraps the router in a filter chosen by the
adapter's `authentication.type`:
* `bearer` / `apikey`: `exposes/ServerAuthenticationRestlet`. The expected secret is the
  declared value rendered with the environment variables its `{{NAME}}` tags name (only
  names declared in the root `binds` keys, when there are any); a blank bearer token or
  apikey `key` lets nobody in. The bearer token sent is the Authorization header's value
  after its scheme (Restlet's `ChallengeResponse.getRawValue()`, whatever the scheme);
  apikey `placement` defaults to `header` here (unlike the client side). A mismatch is
  401 `Unauthorized` (text/plain).
* `basic`: Restlet's `ChallengeAuthenticator` (HTTP Basic, realm "naftiko"), username and
  password rendered with the bind variables taken from the environment; a mismatch is
  401 with `WWW-Authenticate: Basic realm="naftiko"` and no body.
* `oauth2`: `exposes/OAuth2AuthenticationRestlet`. A request without a bearer token is 401
  `Unauthorized` with a `Bearer` challenge, as there; a token is NOT validated (the engine
  fetches the authorization server's keys, which a local mock cannot reach): any token passes.
* `digest`: not emulated; every request passes (the runtime prints a note).
* any other type: 501 `Unsupported REST server authentication type: X`."""

from __future__ import annotations

import base64
import binascii
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_ENV_TAG = re.compile(
    r"\{\{\s*([A-Za-z0-9_\-]+)\s*\}\}"
)  # ServerAuthenticationRestlet.ENV_MUSTACHE
_TAG = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NOT_EMULATED = {
    "digest": "digest authentication is not emulated: every request passes",
    "oauth2": "oauth2 tokens are not validated (no authorization server here): "
    "a request needs a bearer token, any token passes",
}


@dataclass(frozen=True)
class Denial:
    """The answer to a request the adapter's authentication refuses."""

    status: int
    body: bytes
    media_type: str | None
    headers: tuple[tuple[str, str], ...] = ()


def _render(template: str, variables: Mapping[str, str]) -> str:
    """`Resolver.resolveMustacheTemplate` for secrets: each `{{name}}` becomes its value or
    nothing (JMustache with `defaultValue("")`)."""
    return _TAG.sub(lambda m: variables.get(m.group(1), ""), template)


def _secret(raw: Any, allowed: frozenset[str], environ: Mapping[str, str]) -> str | None:
    """`ServerAuthenticationRestlet.resolveSecretTemplate`."""
    if raw is None:
        return None
    text = str(raw)
    found = {}
    for name in _ENV_TAG.findall(text):
        if allowed and name not in allowed:
            continue
        if name in environ:
            found[name] = environ[name]
    return _render(text, found)


def _challenge_secret(raw: Any, allowed: frozenset[str], environ: Mapping[str, str]) -> str | None:
    """`ServerAdapter.resolveTemplate`: every bind variable set in the environment."""
    if raw is None:
        return None
    text = str(raw)
    found = {}
    if "{{" in text and "}}" in text:
        found = {name: environ[name] for name in allowed if name in environ}
    return _render(text, found)


def _same(expected: str | None, actual: str | None) -> bool:
    if expected is None or actual is None:
        return False
    return hmac.compare_digest(expected.encode(), actual.encode())


def _first(headers: tuple[tuple[str, str], ...], name: str) -> str | None:
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


def _raw_credentials(headers: tuple[tuple[str, str], ...]) -> str | None:
    """What Restlet's `ChallengeResponse.getRawValue()` holds: the Authorization value after
    its scheme, or the `Bearer ` fallback both bearer filters read."""
    authorization = _first(headers, "authorization")
    if authorization is None:
        return None
    scheme, _, rest = authorization.strip().partition(" ")
    if scheme and rest.strip():
        return rest.strip()
    if authorization[:7].lower() == "bearer ":
        return authorization[7:].strip()
    return None


_UNAUTHORIZED = Denial(401, b"Unauthorized", "text/plain")


def check(
    auth: Any,
    headers: tuple[tuple[str, str], ...],
    query: tuple[tuple[str, str | None], ...],
    allowed: frozenset[str],
    environ: Mapping[str, str],
) -> Denial | None:
    """None when `auth` (the adapter's `authentication`) lets the request in."""
    if not isinstance(auth, dict) or auth.get("type") is None:
        return None
    kind = auth["type"]
    if kind == "bearer":
        expected = _secret(auth.get("token"), allowed, environ)
        if expected is None or not expected.strip():
            return _UNAUTHORIZED
        return None if _same(expected, _raw_credentials(headers)) else _UNAUTHORIZED
    if kind == "apikey":
        key = _secret(auth.get("key"), allowed, environ)
        value = _secret(auth.get("value"), allowed, environ)
        if key is None or not key.strip() or value is None:
            return _UNAUTHORIZED
        placement = auth.get("placement") or "header"
        if str(placement).lower() == "query":
            actual = next((v for k, v in query if k == key), None)
        else:
            actual = _first(headers, key)
        return None if _same(value, actual) else _UNAUTHORIZED
    if kind == "basic":
        return _basic(auth, headers, allowed, environ)
    if kind == "oauth2":
        if _raw_credentials(headers) is None:
            return Denial(401, b"Unauthorized", "text/plain", (("www-authenticate", "Bearer"),))
        return None
    if kind == "digest":
        return None
    message = f"Unsupported REST server authentication type: {kind}"
    return Denial(501, message.encode(), "text/plain")


def _basic(
    auth: dict,
    headers: tuple[tuple[str, str], ...],
    allowed: frozenset[str],
    environ: Mapping[str, str],
) -> Denial | None:
    refused = Denial(401, b"", None, (("www-authenticate", 'Basic realm="naftiko"'),))
    username = _challenge_secret(auth.get("username"), allowed, environ)
    password = _challenge_secret(auth.get("password"), allowed, environ)
    authorization = _first(headers, "authorization") or ""
    scheme, _, encoded = authorization.strip().partition(" ")
    if scheme.lower() != "basic":
        return refused
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return refused
    identifier, colon, secret = decoded.partition(":")
    if not colon:
        return refused
    ok = _same(username, identifier) & _same(password, secret)
    return None if ok else refused
