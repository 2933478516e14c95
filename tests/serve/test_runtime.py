"""What `serve` starts and when it refuses (serve/runtime_plan.py, serve/ports.py), and the
runtime starting real servers on loopback ports (serve/runtime.py)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from naftiko_lint.capability.build import build_model
from naftiko_lint.capability.model import CapabilityModel
from naftiko_lint.serve.ports import Wanted, open_all, open_listener
from naftiko_lint.serve.runtime import root_bind_keys
from naftiko_lint.serve.runtime_plan import ServeError, plan

REPO = Path(__file__).resolve().parents[2]
CLEAN = REPO / "fixtures" / "clean"
SEEDS = REPO / "fixtures" / "seeds"


def rest(namespace: str, port: Any = 8080, **extra: Any) -> dict:
    return {"type": "rest", "namespace": namespace, "port": port, "resources": [], **extra}


def mcp(namespace: str, port: Any = 9090, **extra: Any) -> dict:
    return {"type": "mcp", "namespace": namespace, "port": port, "tools": [], **extra}


def model(*exposes: dict) -> CapabilityModel:
    return build_model({"naftiko": "1.0.0-alpha2", "capability": {"exposes": list(exposes)}})


def test_every_rest_and_http_mcp_adapter_on_its_port_plus_the_offset() -> None:
    chosen = plan(model(rest("a", 8080), mcp("b", 9090)), port_offset=10)
    assert [(p.kind, p.adapter.namespace, p.port) for p in chosen.servers] == [
        ("rest", "a", 8090),
        ("mcp", "b", 9100),
    ]
    assert chosen.stdio is None


def test_random_ports_ignore_the_declared_ones() -> None:
    chosen = plan(model(rest("a", None), rest("b", 8080), rest("c", 8080)), random_ports=True)
    assert [p.port for p in chosen.servers] == [0, 0, 0]


@pytest.mark.parametrize("port", [None, 0, 70000, "x", True, -1])
def test_an_adapter_without_a_usable_port_is_refused(port: Any) -> None:
    with pytest.raises(ServeError, match="rest adapter 'a' has no usable port"):
        plan(model(rest("a", port)))


def test_a_string_port_reads_as_jackson_reads_it() -> None:
    assert plan(model(rest("a", "8081"))).servers[0].port == 8081


def test_an_offset_past_65535_is_refused() -> None:
    with pytest.raises(ServeError, match="out of range"):
        plan(model(rest("a", 65000)), port_offset=1000)


def test_two_adapters_on_one_port_are_refused() -> None:
    with pytest.raises(ServeError, match="rest adapter 'a' and mcp adapter 'b' both use port 8080"):
        plan(model(rest("a", 8080), mcp("b", 8080)))
    with pytest.raises(ServeError, match="upstream"):
        plan(model(rest("a", 8080)), upstream_port=8080)


def test_nothing_to_serve_is_refused() -> None:
    with pytest.raises(ServeError, match="nothing to serve"):
        plan(model())
    with pytest.raises(ServeError, match="nothing to serve"):
        plan(model({"type": "skill", "namespace": "s", "port": 1, "skills": []}))


@pytest.mark.parametrize("base", ["https://api.test/v1/", "https://api.test/"])
def test_a_base_uri_the_engine_refuses_to_load_is_refused(base: str) -> None:
    consumes = [{"type": "http", "namespace": "backend", "baseUri": base, "resources": []}]
    document = {"naftiko": "1.0.0-alpha2", "capability": {"exposes": [rest("a")]}}
    document["capability"]["consumes"] = consumes
    with pytest.raises(ServeError, match=r"refuses to load .* 'backend' .* ends with '/'"):
        plan(build_model(document))
    consumes[0]["baseUri"] = base.rstrip("/")
    assert plan(build_model(document)).servers[0].port == 8080


def test_a_stdio_mcp_adapter_is_served_over_http_on_a_free_port_with_a_note() -> None:
    chosen = plan(model(rest("a"), mcp("b", None, transport="stdio")))
    assert [(p.adapter.namespace, p.port) for p in chosen.servers] == [("a", 8080), ("b", 0)]
    assert any("--stdio --expose b" in note for note in chosen.notes)


def test_expose_chooses_one_adapter() -> None:
    chosen = plan(model(rest("a", 8080), rest("b", 8080)), expose="b")
    assert [p.adapter.namespace for p in chosen.servers] == ["b"]
    with pytest.raises(ServeError, match="--expose 'z' names no rest or mcp adapter"):
        plan(model(rest("a")), expose="z")


def test_stdio_runs_the_single_or_the_exposed_mcp_adapter() -> None:
    chosen = plan(model(rest("a"), mcp("b")), stdio=True)
    assert chosen.servers == () and chosen.stdio.adapter.namespace == "b"
    two = model(mcp("b"), mcp("c", 9091, transport="stdio"))
    with pytest.raises(ServeError, match="choose one with --expose: b, c"):
        plan(two, stdio=True)
    assert plan(two, stdio=True, expose="c").stdio.adapter.namespace == "c"
    with pytest.raises(ServeError, match="no mcp adapter"):
        plan(model(rest("a")), stdio=True)


def test_notes_for_what_is_not_emulated() -> None:
    chosen = plan(
        model(rest("a", authentication={"type": "digest"}), {"type": "control", "port": 1})
    )
    assert any("digest" in note for note in chosen.notes)
    assert any("control adapter" in note for note in chosen.notes)


@pytest.mark.parametrize("path", sorted(CLEAN.glob("*.yaml")) + sorted(SEEDS.glob("*.yaml")))
def test_the_fixtures_can_be_planned(path: Path) -> None:
    from naftiko_lint.export.source import read_source

    source = read_source(str(path))
    plan(source.capability.model, random_ports=True)


def test_root_bind_keys_only() -> None:
    data = {"binds": [{"keys": {"A": "a"}}], "capability": {"binds": [{"keys": {"B": "b"}}]}}
    assert root_bind_keys(data) == {"A"}


def test_a_port_in_use_fails_with_one_line_and_closes_what_it_opened() -> None:
    holder = open_listener(Wanted(0, "first"))
    taken = holder.getsockname()[1]
    try:
        free = socket.socket()
        free.bind(("127.0.0.1", 0))
        spare = free.getsockname()[1]
        free.close()
        with pytest.raises(ServeError) as error:
            open_all([Wanted(spare, "the mock upstream"), Wanted(taken, "rest adapter 'a'")])
        assert str(error.value) == (
            f"port {taken} (rest adapter 'a') is in use; choose --port-offset N or --random-ports"
        )
        again = open_listener(Wanted(spare, "again"))  # the first socket was closed
        again.close()
    finally:
        holder.close()


def test_listeners_bind_loopback_only() -> None:
    sock = open_listener(Wanted(0, "x"))
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


@pytest.mark.parametrize("host", ["127.0.0.2", "::1"])
def test_a_listener_binds_the_host_it_is_given(host: str) -> None:
    if ":" in host and not socket.has_ipv6:
        pytest.skip("no IPv6 here")
    try:
        sock = open_listener(Wanted(0, f"x on {host}"), host)
    except ServeError as error:
        if ":" in host and "cannot be opened" in str(error):
            pytest.skip(f"::1 cannot be bound here: {error}")
        raise
    try:
        assert sock.getsockname()[0] == host and sock.getblocking() is False
        port = sock.getsockname()[1]
        with pytest.raises(ServeError) as taken:
            open_listener(Wanted(port, f"x on {host}", "choose another"), host)
        assert str(taken.value) == f"port {port} (x on {host}) is in use; choose another"
    finally:
        sock.close()


def test_a_refusal_is_raised_in_the_callers_thread(tmp_path: Path) -> None:
    from naftiko_lint.serve.runtime import start_servers_in_thread

    path = tmp_path / "empty.yaml"
    path.write_text("naftiko: 1.0.0-alpha2\ncapability: {exposes: []}\n", encoding="utf-8")
    with pytest.raises(ServeError, match="nothing to serve"):
        start_servers_in_thread(str(path), random_ports=True)


def test_a_stdio_session_that_fails_is_the_reported_failure(tmp_path: Path) -> None:
    import asyncio

    from naftiko_lint.serve.runtime import Servers

    async def session(error: BaseException | None) -> str | None:
        async def run() -> None:
            if error is not None:
                raise error

        servers = Servers(str(tmp_path / "unused.yaml"))
        servers._stdio_task = asyncio.create_task(run())
        await asyncio.wait([servers._stdio_task])
        return servers.failure()

    assert asyncio.run(session(None)) is None  # end of input: no failure
    assert asyncio.run(session(ServeError("mcp adapter 'x' cannot be served"))) == (
        "mcp adapter 'x' cannot be served"
    )
    assert asyncio.run(session(OSError("pipe closed"))) == (
        "the stdio session failed: OSError: pipe closed"
    )


@pytest.mark.slow
def test_upstream_url_sends_consumed_calls_to_another_runs_upstream() -> None:
    import httpx

    from naftiko_lint.serve.runtime import start_servers_in_thread

    forward = str(CLEAN / "wiring-forward.yaml")
    first, stop_first = start_servers_in_thread(forward, random_ports=True)
    try:
        root = first.surfaces[0].url.removesuffix("/documents/v1")
        second, stop_second = start_servers_in_thread(
            forward, random_ports=True, upstream_url=root + "/"
        )
        try:
            assert second.surfaces[0].url == first.surfaces[0].url  # no upstream of its own
            assert len(second.surfaces) == len(first.surfaces)
            rest = next(s.url for s in second.surfaces if s.kind == "rest")
            mark = first.recorder.mark()
            response = httpx.get(rest + "/store/documents/5", trust_env=False, timeout=10)
            assert response.status_code == 200
            assert [r.path for r in first.recorder.since(mark)] == ["/v1/documents/5"]
            assert second.recorder.all() == []
        finally:
            stop_second()
    finally:
        stop_first()


_ANY = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 70000) | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
_ADAPTER = st.fixed_dictionaries(
    {"type": st.sampled_from(["rest", "mcp", "skill", "control", "other"])},
    optional={
        "namespace": st.text(alphabet="ab-", max_size=3) | _ANY,
        "port": st.integers(-1, 70000) | _ANY,
        "transport": st.sampled_from(["http", "stdio"]) | _ANY,
        "authentication": st.fixed_dictionaries({"type": _ANY}) | _ANY,
        "resources": st.lists(
            st.fixed_dictionaries({}, optional={"path": _ANY, "forward": _ANY}), max_size=3
        )
        | _ANY,
    },
)


@given(
    st.lists(_ADAPTER, max_size=3),
    st.integers(-100, 100),
    st.booleans(),
    st.booleans(),
    st.none() | st.text(alphabet="ab-", max_size=3),
)
def test_planning_any_document_either_plans_or_refuses(
    exposes: list, offset: int, random_ports: bool, stdio: bool, expose: str | None
) -> None:
    from naftiko_lint.serve.rest_routes import build_router, route_notes

    built = model(*exposes)
    for adapter in built.adapters:
        build_router(adapter)
        route_notes(adapter)
    try:
        chosen = plan(
            built, port_offset=offset, random_ports=random_ports, stdio=stdio, expose=expose
        )
    except ServeError:
        return
    ports_used = [p.port for p in chosen.servers if p.port]
    assert len(ports_used) == len(set(ports_used))
    assert all(1 <= port <= 65535 for port in ports_used)
