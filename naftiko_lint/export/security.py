"""An exposed adapter's `authentication` as OpenAPI security schemes.

The mapping follows what the engine checks on each request
(`exposes/ServerAdapter.buildServerChain`):
`basic` and `digest` are Restlet challenge authenticators (HTTP schemes); `bearer` and
`apikey` go through `exposes/ServerAuthenticationRestlet` (a bearer token in
`Authorization`; an API key in the header, or the query when `placement: query`: header is
the engine's default); `oauth2` through `exposes/OAuth2AuthenticationRestlet`, a resource
server validating bearer tokens issued by `authorizationServerUri` (whose metadata it reads
at `/.well-known/oauth-authorization-server`, then `/.well-known/openid-configuration`),
requiring every scope listed."""

from __future__ import annotations

from typing import Any

SCHEME_NAMES = {
    "bearer": "bearerAuth",
    "basic": "basicAuth",
    "digest": "digestAuth",
    "apikey": "apiKeyAuth",
    "oauth2": "oauth2",
}


def _oauth2(auth: dict, notes: list[str]) -> dict:
    """An OAuth 2 scheme: the capability names the authorization server, never the flow a
    client uses; the client-credentials flow is the one a token endpoint alone describes.
    Without `tokenEndpoint` the server's own address stands in, and a note says so."""
    server = auth.get("authorizationServerUri")
    scopes = [s for s in auth.get("scopes") or [] if isinstance(s, str)]
    token_url = auth.get("tokenEndpoint")
    if not isinstance(token_url, str):
        token_url = server if isinstance(server, str) else ""
        notes.append(
            "oauth2: no tokenEndpoint is declared; the flow's tokenUrl is the authorization "
            "server's address (clients discover the real endpoint from its metadata)"
        )
    described = f"Bearer tokens issued by {server}" if isinstance(server, str) else "Bearer tokens"
    if isinstance(auth.get("resource"), str):
        described += f" for the resource {auth['resource']}"
    if isinstance(auth.get("audience"), str):
        described += f" (audience {auth['audience']})"
    return {
        "type": "oauth2",
        "description": described + "; every listed scope is required.",
        "flows": {
            "clientCredentials": {
                "tokenUrl": token_url,
                "scopes": {scope: f"the {scope} scope" for scope in scopes},
            }
        },
    }


def security(auth: Any, notes: list[str]) -> tuple[dict[str, dict], list[dict[str, list[str]]]]:
    """(components.securitySchemes, the document's `security`) of an authentication block;
    both empty without one (or for a type no scheme describes, with a note)."""
    if not isinstance(auth, dict):
        return {}, []
    kind = auth.get("type")
    scheme: dict[str, Any]
    if kind in ("bearer", "basic", "digest"):
        scheme = {"type": "http", "scheme": kind}
    elif kind == "apikey":
        placement = (
            auth.get("placement") if auth.get("placement") in ("header", "query") else "header"
        )
        key = auth.get("key")
        if not isinstance(key, str) or not key:
            notes.append(
                "apikey: no key name is declared, so the engine refuses every request "
                "(ServerAuthenticationRestlet); no security scheme is exported"
            )
            return {}, []
        if "{{" in key:
            notes.append(f"apikey: the key name {key!r} is a template resolved at run time")
        scheme = {"type": "apiKey", "in": placement, "name": key}
    elif kind == "oauth2":
        scheme = _oauth2(auth, notes)
    else:
        notes.append(f"authentication type {kind!r} has no OpenAPI security scheme")
        return {}, []
    name = SCHEME_NAMES[str(kind)]
    scopes = list(scheme["flows"]["clientCredentials"]["scopes"]) if kind == "oauth2" else []
    return {name: scheme}, [{name: scopes}]
