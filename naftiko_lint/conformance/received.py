"""What the mock upstream received, held against what the wiring meant (`expect.py`).

Each expected call takes the first recorded request of its namespace and method whose
path has the shape of the consumed path (the baseUri's path + the resource path, every
placeholder one segment, empty included); then each placeholder's segment, each query and
header input and the body are read against their meaning. One defect gives one
observation: a literal reference seen on the wire is reported as such, not also as a
wrong value.

Headers are read as the engine's HTTP stack writes them (serve/engine_restlet.py):
Restlet's HeaderUtils.addExtensionHeaders drops a standard header (Accept, Authorization,
Content-Type, User-Agent, ...) set as an input parameter and writes its own, and the
Content-Type it writes is the entity's media type with a charset ("application/json;
charset=UTF-8"). So a declared Content-Type of the same media type is met whatever its
parameters; any other difference in a standard header is still reported (the value the
capability declares never reaches the API), with why and what to declare instead."""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

from naftiko_lint.capability.placeholders import path_variables
from naftiko_lint.conformance.expect import MISSING, UNKNOWN, Expectation, ExpectedCall, Meant
from naftiko_lint.conformance.findings import (
    UPSTREAM_BODY,
    UPSTREAM_INPUT,
    UPSTREAM_LITERAL,
    UPSTREAM_MISSING,
    UPSTREAM_PATH,
    Observation,
)
from naftiko_lint.conformance.samples import leaves
from naftiko_lint.serve.engine_restlet import STANDARD_HEADERS

if TYPE_CHECKING:
    from naftiko_lint.serve.recording import RecordedRequest


def _pattern(call: ExpectedCall, dropped: frozenset[int] = frozenset()) -> re.Pattern[str]:
    """The consumed path as a regex, one group per placeholder (placeholders whose index
    is in `dropped` are left out with their segment: an implementation that drops one)."""
    template = call.resource_path.partition("?")[0]
    parts, end = [], 0
    for index, (_, start, stop, _) in enumerate(path_variables(template)):
        literal = template[end:start]
        if index in dropped:
            literal = literal[:-1] if literal.endswith("/") else literal
            parts.append(re.escape(literal))
        else:
            parts.append(re.escape(literal) + "([^/]*)")
        end = stop
    parts.append(re.escape(template[end:]))
    head = ".*?" if call.base_path is None else re.escape(call.base_path)
    return re.compile(head + "".join(parts))


def _segments(path: str) -> str:
    return "/".join(unquote(part) for part in path.split("/"))


def _find(
    call: ExpectedCall, pool: list[RecordedRequest]
) -> tuple[RecordedRequest | None, re.Match[str] | None, frozenset[int]]:
    """The request that answers `call`: of its shape, else of its shape less some
    placeholder segments (reported as a path defect), else none."""
    candidates = [r for r in pool if r.namespace == call.namespace and r.method == call.method]
    count = len(call.placeholders)
    for size in range(0, min(count, 4) + 1):
        for dropped in itertools.combinations(range(count), size):
            pattern = _pattern(call, frozenset(dropped))
            for request in candidates:
                match = pattern.fullmatch(_segments(request.path))
                if match:
                    return request, match, frozenset(dropped)
    return None, None, frozenset()


def _where(meant: Meant, call: ExpectedCall) -> tuple[str | int, ...]:
    return meant.pointer if meant.wired else call.path_pointer


def _path(
    call: ExpectedCall, match: re.Match[str], dropped: frozenset[int], seen: set[str]
) -> list:
    out = []
    groups = iter(match.groups())
    for index, (name, meant, single) in enumerate(call.placeholders):
        if index in dropped:
            out.append(
                Observation(
                    UPSTREAM_PATH,
                    _where(meant, call),
                    f"the upstream path {match.group(0)!r} has no segment for placeholder "
                    f"{name!r} of {call.template!r}; send the input in its place",
                )
            )
            continue
        segment = next(groups)
        if meant.name in seen:
            continue
        if "{" in segment or "}" in segment:
            fix = f"write it {{{{{name}}}}}" if single else "wire its input in 'with'"
            out.append(
                Observation(
                    UPSTREAM_PATH,
                    call.path_pointer,
                    f"the upstream path {match.group(0)!r} carries the placeholder "
                    f"{segment!r} unfilled; {fix}",
                )
            )
            continue
        if segment == "":
            out.append(
                Observation(
                    UPSTREAM_PATH,
                    _where(meant, call),
                    f"the upstream path {match.group(0)!r} has an empty segment for "
                    f"{{{{{name}}}}}: no input fills it; wire one in 'with'",
                )
            )
        elif meant.text is not None and segment != meant.text:
            out.append(
                Observation(
                    UPSTREAM_PATH,
                    _where(meant, call),
                    f"the upstream path segment for {{{{{name}}}}} is {segment!r}, "
                    f"not the input's value {meant.text!r}; wire the right input",
                )
            )
    return out


def _carried(request: RecordedRequest) -> list[str]:
    """Every text the request carries: path segments, query values, header values, body."""
    texts = [unquote(part) for part in request.path.split("/")]
    texts += [value for _, value in request.query] + [value for _, value in request.headers]
    texts.append(request.body.decode("utf-8", "replace"))
    return texts


def _literals(call: ExpectedCall, request: RecordedRequest) -> tuple[list, set[str]]:
    out, seen = [], set()
    texts = _carried(request)
    for meant in call.literals:
        literal = meant.literal or ""
        if any(literal in text for text in texts):
            seen.add(meant.name)
            out.append(
                Observation(
                    UPSTREAM_LITERAL,
                    meant.pointer,
                    f"the upstream received the literal string {literal!r} for {meant.name!r}; "
                    f"reference the input as {_reference(call, literal)!r}",
                )
            )
    return out, seen


def _reference(call: ExpectedCall, literal: str) -> str:
    """How the literal is written as a reference the engine resolves: the unit's own
    namespace, a dot and the input's name."""
    return f"{call.prefix or '<adapter-namespace>'}.{literal.rsplit('.', 1)[-1]}"


def _media_type(value: str) -> str:
    return value.partition(";")[0].strip().lower()


def _same(where: str, name: str, got: str, meant: str) -> bool:
    """Whether a received value is the meant one; a Content-Type by its media type."""
    if got == meant:
        return True
    return (
        where == "header"
        and name.lower() == "content-type"
        and (_media_type(got) == _media_type(meant))
    )


_INSTEAD = {
    "authorization": "declare the consumes' `authentication` (bearer or basic) instead",
    "content-type": (
        "the body's type sets it: a string `body` goes as JSON, a `body: {type: xml, data: ...}` "
        "(or formUrlEncoded, sparql) as that type"
    ),
}


def _dropped(where: str, name: str) -> str:
    """Why a standard header never arrives as declared, and what to do (else "")."""
    if where != "header" or name.lower() not in STANDARD_HEADERS:
        return ""
    instead = _INSTEAD.get(name.lower(), "remove the input (the engine cannot send it)")
    return (
        f"; the engine's HTTP client (Restlet) drops the standard header {name!r} set as an "
        f"input parameter and writes its own; {instead}"
    )


def _inputs(
    where: str, meants: tuple[Meant, ...], values: dict[str, list[str]], seen: set[str]
) -> list[Observation]:
    out = []
    for meant in meants:
        if meant.name in seen or meant.value is MISSING:
            continue
        found = values.get(meant.name.lower() if where == "header" else meant.name) or []
        text = meant.text
        why = _dropped(where, meant.name)
        if not found:
            out.append(
                Observation(
                    UPSTREAM_INPUT,
                    meant.pointer,
                    f"the upstream request has no {where} {meant.name!r}; it should carry "
                    + (f"{text!r}" if text is not None else "the input's value")
                    + why,
                )
            )
        elif meant.value is not UNKNOWN and text is not None:
            if any(_same(where, meant.name, got, text) for got in found):
                continue
            fix = why or ("; wire the right input" if meant.wired else "")
            out.append(
                Observation(
                    UPSTREAM_INPUT,
                    meant.pointer,
                    f"the upstream {where} {meant.name!r} is {found[0]!r}, not {text!r}{fix}",
                )
            )
    return out


def _body(call: ExpectedCall, request: RecordedRequest, seen: set[str]) -> list[Observation]:
    if call.body is None:
        return []
    text = request.body.decode("utf-8", "replace")
    if not text.strip():
        return [
            Observation(
                UPSTREAM_BODY,
                call.body_pointer,
                f"{call.method} {call.template} reached the upstream with no body; declare the "
                "consumed operation's 'body' (an 'in: body' input or a 'with' entry sends none)",
            )
        ]
    out = []
    for meant in call.body:
        if meant.name in seen or meant.value in (MISSING, UNKNOWN):
            continue
        missing = [leaf for leaf in leaves(meant.value) if leaf not in text]
        if missing:
            out.append(
                Observation(
                    UPSTREAM_BODY,
                    meant.pointer,
                    f"the upstream body does not carry {meant.name!r} ({missing[0]!r} is "
                    "absent); wire the input the body template names",
                )
            )
    return out


def _one(call: ExpectedCall, pool: list[RecordedRequest]) -> list[Observation]:
    request, match, dropped = _find(call, pool)
    if request is None or match is None:
        got = [f"{r.method} {r.path}" for r in pool if r.namespace == call.namespace]
        return [
            Observation(
                UPSTREAM_MISSING,
                call.call_pointer,
                f"{call.call!r} never reached the upstream as {call.method} {call.template}"
                + (f" (it received {', '.join(got[:3])})" if got else " (it received nothing)"),
            )
        ]
    pool.remove(request)
    out, seen = _literals(call, request)
    out += _path(call, match, dropped, seen)
    query: dict[str, list[str]] = {}
    for key, value in request.query:
        query.setdefault(key, []).append(value)
    headers: dict[str, list[str]] = {}
    for key, value in request.headers:
        headers.setdefault(key.lower(), []).append(value)
    out += _inputs("query", call.query, query, seen)
    out += _inputs("header", call.headers, headers, seen)
    out += _body(call, request, seen)
    return out


def compare(expectation: Expectation, received: list[RecordedRequest]) -> list[Observation]:
    """Observations of every way `received` (what the mock upstream recorded during one
    call of the unit) falls short of `expectation`; [] when it conforms."""
    pool = list(received)
    out: list[Observation] = []
    for call in expectation.calls:
        out += _one(call, pool)
    return list(dict.fromkeys(out))
