"""The deliberately broken REST implementation (fixtures/conformance/items_rest_server.py)
is caught with the right id by the REST checks, driven over real HTTP against the mock
upstream; the same program without its defect passes."""

from __future__ import annotations

import pytest

from naftiko_lint.capability.stage import Capability
from naftiko_lint.conformance.findings import RESPONSE_SCHEMA, UPSTREAM_PATH, Observation
from naftiko_lint.conformance.rest import check_rest
from naftiko_lint.export.openapi import export_openapi
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.recording import Recorder
from naftiko_lint.serve.upstream import serve_upstream_in_thread
from tests.conformance.broken_servers import running
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

CAP = FIXTURES / "conformance" / "items-rest.yaml"
OPERATION = ("capability", "exposes", 0, "resources", 0, "operations", 0)


@pytest.fixture(scope="module")
def capability() -> Capability:
    loaded = read_source(str(CAP)).capability
    assert loaded is not None
    return loaded


def _observe(capability: Capability, defect: str) -> list[Observation]:
    model = capability.model
    adapter = next(a for a in model.adapters if a.type == "rest")
    document, _ = export_openapi(capability)
    recorder = Recorder()
    root, stop = serve_upstream_in_thread(model, recorder)
    try:
        with running("items_rest_server.py", root, defect) as url:
            return check_rest(model, adapter, url, recorder, timeout=5.0, document=document)
    finally:
        stop()


def test_the_correct_implementation_passes(capability: Capability) -> None:
    assert _observe(capability, "none") == []


def test_a_dropped_path_parameter_is_caught_at_the_consumed_path(capability: Capability) -> None:
    found = _observe(capability, "drop-path")
    assert {o.rule for o in found} == {UPSTREAM_PATH}
    # at the `with` entry that should fill {{id}}, or at the consumed path holding it
    assert {o.pointer for o in found} <= {
        (*OPERATION, "with", "id"),
        ("capability", "consumes", 0, "resources", 0, "path"),
    }


def test_a_body_off_its_schema_is_caught_at_the_outputs(capability: Capability) -> None:
    found = _observe(capability, "bad-schema")
    assert {o.rule for o in found} == {RESPONSE_SCHEMA}
    assert all(o.pointer[: len(OPERATION)] == OPERATION for o in found)
