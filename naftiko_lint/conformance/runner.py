"""One conformance run: stand up (or reach) the surfaces, drive each, collect observations.

Without URLs the run starts the built-in servers itself (`serve/runtime_thread`, random
ports, one mock upstream); with `--rest-url` / `--mcp-url` it starts only the mock upstream
(on `--upstream-port`, else a free port) and drives the implementation at those URLs, which
must send its consumed calls to that upstream (`<upstream>/<namespace><baseUri path>`).
Every surface is bounded: per-request timeouts, and a run-time cap after which the
surfaces not yet driven are reported as notes, not checked.

On its own servers, what the engine emulation marks as not emulated (an upstream format it
cannot convert: html, markdown, avro, protobuf; serve/outputs.NotEmulated) is a note on
stderr, and nothing is reported at that operation — not even by schemathesis, whose
generated requests meet the same reply: the engine would convert it, so a finding there
would be naftiko-lint's limitation, not the capability's. With URLs the implementation is
someone else's and its answers are taken as they are."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.conformance.findings import Observation, unique
from naftiko_lint.pointer import Tokens

Progress = Callable[[str], None]


class ConformanceError(Exception):
    """The run cannot start (a usage or capability problem): one line, exit 2."""


@dataclass(frozen=True)
class Options:
    rest_url: str | None = None
    mcp_url: str | None = None
    expose: str | None = None
    own: bool = False  # set by run_conformance: the servers are naftiko-lint's own
    upstream_port: int | None = None
    seed: int = 0
    max_examples: int = 20
    timeout: float = 10.0
    max_time: float = 120.0
    schema: bool = True  # run the schemathesis checks (when available)


@dataclass
class Outcome:
    observations: list[Observation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    spec_version: str | None = None


def _pick(model: CapabilityModel, kind: str, expose: str | None) -> Adapter:
    adapters = [a for a in model.adapters if a.type == kind]
    if expose is not None:
        chosen = [a for a in adapters if a.namespace == expose]
        if chosen:
            return chosen[0]
    names = ", ".join(str(a.namespace) for a in adapters) or "none"
    if len(adapters) == 1 and expose is None:
        return adapters[0]
    if not adapters:
        raise ConformanceError(f"the capability exposes no {kind} adapter to check")
    raise ConformanceError(f"choose the {kind} adapter to check with --expose ({names})")


def _rest(
    capability: Any,
    adapter: Adapter,
    url: str,
    recorder: Any,
    options: Options,
    outcome: Outcome,
    deadline: float,
    say: Progress,
) -> None:
    from naftiko_lint.conformance.rest import Unchecked, check_rest
    from naftiko_lint.export.openapi import export_openapi

    document, _ = export_openapi(capability, adapter.namespace)
    say(f"rest {adapter.namespace} at {url}: routing checks")
    unchecked: list[Unchecked] | None = [] if options.own else None
    found = check_rest(
        capability.model,
        adapter,
        url,
        recorder,
        seed=options.seed,
        timeout=options.timeout,
        document=document,
        unchecked=unchecked,
    )
    skipped = [u.pointer for u in unchecked or []]
    outcome.notes += [f"rest {adapter.namespace}: {u.message}" for u in unchecked or []]
    outcome.observations += found
    unreachable = any(o.rule.endswith("unreachable") for o in found)
    if not options.schema or unreachable or options.max_examples == 0:
        return
    from naftiko_lint.conformance.rest_schema import check_schema

    left = deadline - time.monotonic()
    if left <= 0:
        outcome.notes.append(
            f"rest {adapter.namespace}: the run-time cap left no time for schemathesis"
        )
        return
    say(f"rest {adapter.namespace} at {url}: generated requests (schemathesis)")
    observations, notes = check_schema(
        document,
        adapter,
        url,
        max_examples=options.max_examples,
        timeout=options.timeout,
        max_time=left,
        seed=options.seed,
    )
    seen = {(o.rule, o.pointer) for o in found}  # the routing checks said it already
    outcome.observations += [
        o
        for o in observations
        if (o.rule, o.pointer) not in seen and not _under(o.pointer, skipped)
    ]
    outcome.notes += notes


def _under(pointer: Tokens, roots: list[Tokens]) -> bool:
    return any(tuple(pointer[: len(root)]) == tuple(root) for root in roots)


def _mcp(
    model: CapabilityModel,
    adapter: Adapter,
    url: str,
    recorder: Any,
    options: Options,
    outcome: Outcome,
    deadline: float,
    say: Progress,
) -> None:
    from naftiko_lint.conformance.mcp import check_mcp
    from naftiko_lint.conformance.mcp_calls import NOT_EMULATED_NOTE

    say(f"mcp {adapter.namespace} at {url}")
    left = max(1.0, deadline - time.monotonic())
    found = check_mcp(
        model, adapter, url, recorder, seed=options.seed, timeout=options.timeout, max_time=left
    )
    notes = [o for o in found if o.rule == NOT_EMULATED_NOTE]
    if options.own:
        outcome.notes += [f"mcp {adapter.namespace}: {o.message}" for o in notes]
    outcome.observations += [o for o in found if o.rule != NOT_EMULATED_NOTE]


def _drive(
    capability: Any,
    surfaces: list[tuple[str, Adapter, str]],
    recorder: Any,
    options: Options,
    outcome: Outcome,
    say: Progress,
) -> None:
    deadline = time.monotonic() + options.max_time
    for kind, adapter, url in surfaces:
        if time.monotonic() > deadline:
            outcome.notes.append(
                f"the run-time cap ({options.max_time:g} s) was reached: "
                f"{kind} {adapter.namespace} was not checked"
            )
            continue
        if kind == "rest":
            _rest(capability, adapter, url, recorder, options, outcome, deadline, say)
        else:
            _mcp(capability.model, adapter, url, recorder, options, outcome, deadline, say)


def _own_servers(
    path: str, capability: Any, options: Options, outcome: Outcome, say: Progress
) -> None:
    from naftiko_lint.serve.runtime_plan import ServeError
    from naftiko_lint.serve.runtime_thread import start_servers_in_thread

    try:
        servers, stop = start_servers_in_thread(
            path,
            random_ports=True,
            seed=options.seed,
            expose=options.expose,
            timeout=options.timeout,
            upstream_port=options.upstream_port,
        )
    except ServeError as error:
        raise ConformanceError(str(error)) from None
    try:
        outcome.notes += [f"serve: {note}" for note in servers.notes]
        by_path = {tuple(a.path): a for a in capability.model.adapters}
        surfaces = []
        for surface in servers.surfaces:
            if surface.kind in ("rest", "mcp") and surface.url != "stdio" and surface.adapter:
                adapter = by_path.get(tuple(surface.adapter.path), surface.adapter)
                surfaces.append((surface.kind, adapter, surface.url))
        _drive(capability, surfaces, servers.recorder, options, outcome, say)
    finally:
        stop()


def _given_urls(capability: Any, options: Options, outcome: Outcome, say: Progress) -> None:
    from naftiko_lint.serve.recording import Recorder
    from naftiko_lint.serve.upstream import serve_upstream_in_thread

    model = capability.model
    surfaces = []
    if options.rest_url:
        surfaces.append(("rest", _pick(model, "rest", options.expose), options.rest_url))
    if options.mcp_url:
        surfaces.append(("mcp", _pick(model, "mcp", options.expose), options.mcp_url))
    recorder = Recorder()
    try:
        root, stop = serve_upstream_in_thread(
            model, recorder, options.seed, port=options.upstream_port or 0
        )
    except OSError as error:
        raise ConformanceError(f"the mock upstream cannot start: {error}") from None
    try:
        say(f"mock upstream at {root} (each consumed namespace under /<namespace>)")
        _drive(capability, surfaces, recorder, options, outcome, say)
    finally:
        stop()


def run_conformance(path: str, options: Options, say: Progress | None = None) -> Outcome:
    """The observations of one run on the capability at `path` (ConformanceError when it
    cannot run; OSError when the file cannot be read)."""
    from naftiko_lint.export.source import read_source

    source = read_source(path)
    if source.capability is None:
        raise ConformanceError(f"{path}: not a capability document (naftiko-lint check shows why)")
    outcome = Outcome(spec_version=source.version)
    speak: Progress = say or (lambda _line: None)
    if options.rest_url or options.mcp_url:
        _given_urls(source.capability, replace(options, own=False), outcome, speak)
    else:
        _own_servers(path, source.capability, replace(options, own=True), outcome, speak)
    outcome.observations = unique(outcome.observations)
    return outcome
