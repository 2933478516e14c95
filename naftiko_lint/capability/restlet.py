"""What Restlet (the engine's HTTP stack, org.restlet 2.7) makes of what a capability
writes, for the lint rules and the served emulation alike: the standard headers it refuses
to send as extension headers, and how its routing `Template` reads a path pattern."""

from __future__ import annotations

# org.restlet.engine.header.HeaderUtils.STANDARD_HEADERS (HeaderConstants names), lower-cased
STANDARD_HEADERS = frozenset(
    name.lower()
    for name in (
        "Access-Control-Allow-Credentials",
        "Access-Control-Allow-Headers",
        "Access-Control-Allow-Methods",
        "Access-Control-Allow-Origin",
        "Access-Control-Expose-Headers",
        "Access-Control-Max-Age",
        "Access-Control-Request-Headers",
        "Access-Control-Request-Method",
        "Accept",
        "Accept-Charset",
        "Accept-Encoding",
        "Accept-Language",
        "Accept-Patch",
        "Accept-Ranges",
        "Age",
        "Allow",
        "Authentication-Info",
        "Authorization",
        "Cache-Control",
        "Connection",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-Location",
        "Content-MD5",
        "Content-Range",
        "Content-Type",
        "Cookie",
        "Date",
        "ETag",
        "Expect",
        "Expires",
        "From",
        "Host",
        "If-Match",
        "If-Modified-Since",
        "If-None-Match",
        "If-Range",
        "If-Unmodified-Since",
        "Last-Modified",
        "Location",
        "Max-Forwards",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "Range",
        "Referer",
        "Retry-After",
        "Server",
        "Set-Cookie",
        "Set-Cookie2",
        "User-Agent",
        "Vary",
        "Via",
        "Warning",
        "WWW-Authenticate",
    )
)

# org.restlet.data.Reference.isUnreserved: the only characters Template keeps in a name
UNRESERVED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")


def template_parts(pattern: str) -> list[tuple[str, str]]:
    """`pattern` as org.restlet.routing.Template reads it: ("text", characters) and
    ("variable", name) pieces in order. Inside `{…}` only unreserved characters make the
    name and any other one is skipped (a logged warning, an inner `{` included); an empty
    `{}` is no variable; a `}` outside a variable is skipped."""
    parts: list[tuple[str, str]] = []
    text: list[str] = []
    name: list[str] | None = None
    for char in pattern:
        if name is not None:
            if char in UNRESERVED:
                name.append(char)
            elif char == "}":
                if name:
                    if text:
                        parts.append(("text", "".join(text)))
                        text = []
                    parts.append(("variable", "".join(name)))
                name = None
        elif char == "{":
            name = []
        elif char != "}":
            text.append(char)
    if text:
        parts.append(("text", "".join(text)))
    return parts
