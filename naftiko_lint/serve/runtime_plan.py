"""What `serve` will start for a capability, decided before any socket is opened, and when
it refuses to start.

It refuses (ServeError, one line, exit 2) only when the engine itself could not route:
* the file is no usable capability document (the runtime checks that, before planning);
* nothing to serve: no `rest` or `mcp` adapter (with --stdio: no `mcp` adapter), after
  --expose;
* an adapter to serve on its declared port has no usable `port` (an integer 1-65535; Jackson
  reads "8080" as 8080), or its port plus --port-offset leaves that range — with
  --random-ports the declared ports are not used, so they are not needed either;
* two served adapters, or an adapter and --upstream-port, on one port (the engine's second
  server would fail to bind);
* --expose names no served adapter, or --stdio finds several mcp adapters and no --expose;
* the engine would refuse to load the capability at all: a consumed `baseUri` ending with
  '/' (`spec/consumes/http/HttpClientSpec` throws "baseUri must not end with a trailing
  slash" while the document is read).
An mcp adapter declaring `transport: stdio` has no port: without --stdio it is served over
http on a free port (its tools, resources and prompts do not depend on the transport), so
every adapter can be driven by conformance. Everything else — schema errors, unreachable or
odd routes, skill and control adapters — is served as declared, with a note."""

from __future__ import annotations

from dataclasses import dataclass

from naftiko_lint.capability.model import Adapter, CapabilityModel
from naftiko_lint.serve.rest_auth import NOT_EMULATED
from naftiko_lint.serve.rest_routes import route_notes


class ServeError(Exception):
    """`serve` cannot start: the message is the one line the CLI prints (exit 2)."""


@dataclass(frozen=True)
class Planned:
    """One adapter to start: `port` 0 means any free port."""

    kind: str  # "rest" | "mcp"
    adapter: Adapter
    label: str  # "rest adapter 'orders-api'"
    port: int


@dataclass(frozen=True)
class Plan:
    servers: tuple[Planned, ...]  # on HTTP
    stdio: Planned | None  # the mcp adapter run on stdio
    notes: tuple[str, ...]


def label(adapter: Adapter) -> str:
    name = adapter.namespace or "/" + "/".join(str(t) for t in adapter.path)
    return f"{adapter.type} adapter '{name}'"


def transport(adapter: Adapter) -> str:
    value = adapter.data.get("transport")
    return value if isinstance(value, str) else "http"


def declared_port(adapter: Adapter) -> int | None:
    """The adapter's `port` as the engine's loader reads it, or None when unusable."""
    port = adapter.data.get("port")
    if isinstance(port, str) and port.strip().isdigit():
        port = int(port.strip())
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        return None
    return port


def _port(adapter: Adapter, offset: int) -> int:
    port = declared_port(adapter)
    if port is None:
        raise ServeError(
            f"{label(adapter)} has no usable port ({adapter.data.get('port')!r}); "
            "fix it or choose --random-ports"
        )
    if not 1 <= port + offset <= 65535:
        raise ServeError(
            f"port {port} of {label(adapter)} with --port-offset {offset} is out of range"
        )
    return port + offset


def _chosen(model: CapabilityModel, expose: str | None, kinds: tuple[str, ...]) -> list[Adapter]:
    adapters = [a for a in model.adapters if a.type in kinds]
    if expose is None:
        return adapters
    chosen = [a for a in adapters if a.namespace == expose]
    if not chosen:
        names = ", ".join(str(a.namespace) for a in adapters) or "none"
        raise ServeError(f"--expose {expose!r} names no {' or '.join(kinds)} adapter ({names})")
    return chosen


def _notes(model: CapabilityModel, served: list[Adapter]) -> list[str]:
    notes = []
    for adapter in model.adapters:
        if adapter.type in ("skill", "control"):
            notes.append(f"{label(adapter)} is not served (it executes nothing)")
    for adapter in served:
        if adapter.type == "rest":
            notes += [f"{label(adapter)}: {note}" for note in route_notes(adapter)]
        auth = adapter.data.get("authentication")
        kind = auth.get("type") if isinstance(auth, dict) else None
        if isinstance(kind, str) and kind in NOT_EMULATED and adapter.type == "rest":
            notes.append(f"{label(adapter)}: {NOT_EMULATED[kind]}")
    return notes


def _refused_at_load(model: CapabilityModel) -> None:
    """ServeError when the engine's reader throws on the capability (see the docstring)."""
    for entry in model.consumes.values():
        base = entry.engine_data.get("baseUri")  # a shared file's entry is read the same way
        if isinstance(base, str) and base.endswith("/"):
            raise ServeError(
                f"the engine refuses to load this capability: consumes {entry.namespace!r} "
                f"has baseUri {base!r}, which ends with '/' (HttpClientSpec); remove the "
                "trailing slash"
            )


def plan(
    model: CapabilityModel,
    *,
    port_offset: int = 0,
    random_ports: bool = False,
    stdio: bool = False,
    expose: str | None = None,
    upstream_port: int | None = None,
) -> Plan:
    """The servers to start for `model` (ServeError when it cannot be served)."""
    _refused_at_load(model)
    if stdio:
        candidates = _chosen(model, expose, ("mcp",))
        if not candidates:
            raise ServeError("nothing to serve on stdio: the capability exposes no mcp adapter")
        if len(candidates) > 1:
            names = ", ".join(str(a.namespace) for a in candidates)
            raise ServeError(f"several mcp adapters; choose one with --expose: {names}")
        chosen = candidates[0]
        return Plan((), Planned("mcp", chosen, label(chosen), 0), tuple(_notes(model, [chosen])))
    served = _chosen(model, expose, ("rest", "mcp"))
    if not served:
        raise ServeError("nothing to serve: the capability exposes no rest or mcp adapter")
    notes = []
    planned = []
    owners: dict[int, str] = {}
    if upstream_port is not None and upstream_port != 0:
        owners[upstream_port] = "the mock upstream (--upstream-port)"
    for adapter in served:
        over_stdio = adapter.type == "mcp" and transport(adapter) == "stdio"
        if over_stdio:
            notes.append(
                f"{label(adapter)} declares stdio: served over http on a free port "
                f"(`serve --stdio --expose {adapter.namespace}` runs it on stdio)"
            )
        port = 0 if random_ports or over_stdio else _port(adapter, port_offset)
        if port and port in owners:
            raise ServeError(
                f"{owners[port]} and {label(adapter)} both use port {port}; "
                "choose --port-offset N or --random-ports"
            )
        if port:
            owners[port] = label(adapter)
        planned.append(Planned(adapter.type, adapter, label(adapter), port))
    return Plan(tuple(planned), None, tuple(notes + _notes(model, served)))
