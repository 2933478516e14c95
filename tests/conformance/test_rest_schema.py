"""Property-based REST checks (schemathesis, from the exported OpenAPI): the built-in
servers conform for a correctly wired capability; a broken implementation's 5xx and its
body off the documented schema are reported at the operation concerned."""

from __future__ import annotations

import sys

import pytest

from naftiko_lint.conformance.findings import RESPONSE_SCHEMA, SERVER_ERROR
from naftiko_lint.conformance.rest_schema import available, check_schema
from naftiko_lint.export.openapi import export_openapi
from naftiko_lint.export.source import read_source
from naftiko_lint.export.surface import choose_adapter
from naftiko_lint.serve.runtime_thread import start_servers_in_thread
from tests.conformance.test_rest import OPS, ORDERS, broken_surface

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.version_info < (3, 11), reason="schemathesis needs Python 3.11"),
]


def _surface() -> tuple:
    source = read_source(str(ORDERS))
    assert source.capability is not None
    document, _ = export_openapi(source.capability)
    return document, choose_adapter(source.capability.model, None)


def test_the_built_in_servers_conform_to_their_exported_openapi() -> None:
    assert available() is None
    document, adapter = _surface()
    servers, stop = start_servers_in_thread(str(ORDERS), random_ports=True, timeout=5)
    try:
        url = next(s.url for s in servers.surfaces if s.kind == "rest")
        found, notes = check_schema(document, adapter, url, max_examples=10, max_time=60)
    finally:
        stop()
    assert found == []
    assert notes == []


def test_a_broken_implementation_fails_the_generated_requests() -> None:
    with broken_surface() as (_, adapter, url, _, document):
        found, _ = check_schema(document, adapter, url, max_examples=10, max_time=60)
    rules = {(o.rule, o.pointer) for o in found}
    assert (SERVER_ERROR, (*OPS, 0, "operations", 0)) in rules
    assert (RESPONSE_SCHEMA, (*OPS, 1, "operations", 0, "outputParameters")) in rules


def test_the_run_time_cap_stops_generation() -> None:
    document, adapter = _surface()
    found, notes = check_schema(document, adapter, "http://127.0.0.1:9", max_time=0.0)
    assert found == []
    assert any("run-time cap" in note for note in notes)
