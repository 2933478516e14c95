"""The REST adapter's router, as the engine builds it.

`exposes/rest/RestServerAdapter` attaches one Restlet route per exposed resource, in
document order, with the pattern `Adapter.toUriTemplate(path)`: `{{x}}` becomes `{x}` when x
is a word (`\\{\\{(\\w+)\\}\\}`), nothing else changes. The Restlet router (`new Router()`)
then matches with `Template.MODE_EQUALS` against the request's undecoded path without its
query, takes the FIRST route that matches and answers 404 (no body) when none does. So
`/x` and `/x/` are two routes, `/items/{id}` and `/items/{key}` are one pattern (the first
resource answers for every method) and a path without its leading '/' is never reached.

How Restlet's `Template` reads a pattern decides the rest, and is reproduced here: inside
`{…}` only unreserved characters (letters, digits, `-._~`) make the variable's name and any
other character is skipped with a warning, a `}` outside a variable is skipped too. So the
unrewritten `{{voyage-id}}` still reads as the variable `voyage-id` (and `{{ x }}` as `x`):
the route matches, and an `in: path` input named `voyage-id` receives the segment. Each
variable matches one or more URI path characters of one segment (`Variable.TYPE_URI_SEGMENT`,
required); `RestServerAdapter` types `path` as `TYPE_URI_PATH`, which also matches '/'. A
variable used twice must match the same text twice (a back-reference). Values are kept
undecoded, as `Template.parse` puts them in the request attributes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from naftiko_lint.capability.model import Adapter, Resource
from naftiko_lint.capability.restlet import template_parts

_REWRITE = re.compile(r"\{\{([A-Za-z0-9_]+)\}\}")  # Java's \w is ASCII
_PCT = r"%[0-9A-Fa-f]{2}"
_PCHAR = r"[A-Za-z0-9\-._~!$&'()*+,;=:@]|" + _PCT
SEGMENT = f"(?:{_PCHAR})+"
URI_PATH = f"(?:{_PCHAR}|/)+"


def to_uri_template(path: str) -> str:
    """`Adapter.toUriTemplate`: `{{word}}` → `{word}`, everything else as written."""
    return _REWRITE.sub(r"{\1}", path)


def template_regex(pattern: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The regex Restlet's `Template` compiles from `pattern`, and its variables in order."""
    out: list[str] = []
    names: list[str] = []
    groups: dict[str, str] = {}
    for kind, text in template_parts(pattern):
        if kind == "text":
            out.append(re.escape(text))
        elif text in groups:  # a variable used twice matches the same text twice
            out.append(f"(?P={groups[text]})")
        else:
            groups[text] = f"v{len(names)}"
            names.append(text)
            out.append(f"(?P<{groups[text]}>{URI_PATH if text == 'path' else SEGMENT})")
    return re.compile("".join(out)), tuple(names)


@dataclass(frozen=True)
class Route:
    """One attached resource: the engine's pattern, its regex and variables."""

    resource: Resource
    pattern: str
    regex: re.Pattern[str]
    variables: tuple[str, ...]

    def match(self, raw_path: str) -> dict[str, str] | None:
        found = self.regex.fullmatch(raw_path)
        if found is None:
            return None
        return {var: found.group(f"v{i}") for i, var in enumerate(self.variables)}


@dataclass(frozen=True)
class Router:
    """The routes of one REST adapter, in document order; the first match wins."""

    routes: tuple[Route, ...]

    def match(self, raw_path: str) -> tuple[Route, dict[str, str]] | None:
        for route in self.routes:
            values = route.match(raw_path)
            if values is not None:
                return route, values
        return None


def build_router(adapter: Adapter) -> Router:
    """The router of `adapter`; a resource whose `path` is not a string gets no route (the
    engine's load would fail on it, the lint reports it)."""
    routes = []
    for resource in adapter.resources:
        if isinstance(resource.template, str):
            pattern = to_uri_template(resource.template)
            regex, variables = template_regex(pattern)
            routes.append(Route(resource, pattern, regex, variables))
    return Router(tuple(routes))


def route_notes(adapter: Adapter) -> list[str]:
    """What a user should know about the adapter's routes before sending requests: resources
    no request can reach."""
    notes = []
    seen: dict[str, str] = {}
    for resource in adapter.resources:
        where = "/" + "/".join(str(t) for t in resource.path)
        if not isinstance(resource.template, str):
            notes.append(f"the resource at {where} has no path: it gets no route")
            continue
        regex = template_regex(to_uri_template(resource.template))[0].pattern
        if not resource.template.startswith("/"):
            notes.append(
                f"resource path {resource.template!r} does not start with '/': no request "
                "reaches it"
            )
        elif regex in seen:
            notes.append(
                f"resource {resource.template!r} is unreachable: {seen[regex]!r} matches "
                "its requests first, for every method"
            )
        else:
            seen[regex] = resource.template
    return notes
