"""What the wiring means the upstream should receive, held against requests built by hand
(no server): each defect gives its rule at its node, and a faithful request gives none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from naftiko_lint.capability.model import CapabilityModel, Unit
from naftiko_lint.conformance import expect
from naftiko_lint.conformance.findings import (
    UPSTREAM_BODY,
    UPSTREAM_INPUT,
    UPSTREAM_LITERAL,
    UPSTREAM_MISSING,
    UPSTREAM_PATH,
)
from naftiko_lint.conformance.samples import sample_arguments, sample_value
from naftiko_lint.export.source import read_source
from naftiko_lint.serve.recording import RecordedRequest
from tests.conftest import FIXTURES

SEED0 = FIXTURES / "seeds" / "000_6f3d6f5dce8cee89.yaml"
ORDERS = FIXTURES / "clean" / "rest-inputs.yaml"
REST0 = ("capability", "exposes", 0, "resources")


def _model(path: Any) -> CapabilityModel:
    source = read_source(str(path))
    assert source.capability is not None
    return source.capability.model


def _unit(model: CapabilityModel, name: str, kind: str = "rest-operation") -> Unit:
    return next(u for u in model.units() if u.kind == kind and u.data.get("name") == name)


def _request(
    namespace: str,
    method: str,
    path: str,
    query: tuple[tuple[str, str], ...] = (),
    headers: tuple[tuple[str, str], ...] = (),
    body: bytes = b"",
) -> RecordedRequest:
    return RecordedRequest(namespace, method, path, query, headers, body, None)


def _found(model: CapabilityModel, unit: Unit, args: dict, received: list) -> list[tuple]:
    expectation = expect.expected_call(model, unit, args)
    assert expectation is not None
    return [(o.rule, o.pointer) for o in expect.compare(expectation, received)]


@pytest.fixture(scope="module")
def seed0() -> CapabilityModel:
    return _model(SEED0)


@pytest.fixture(scope="module")
def orders() -> CapabilityModel:
    return _model(ORDERS)


def test_a_literal_reference_on_the_wire_is_reported_at_its_with_entry(
    seed0: CapabilityModel,
) -> None:
    unit = _unit(seed0, "listsessions")
    sent = (("status", "rest.status"), ("limit", "rest.limit"), ("offset", "rest.offset"))
    found = _found(seed0, unit, {}, [_request("optimize-sessions", "GET", "/sessions", sent)])
    op = (*REST0, 0, "operations", 1, "with")
    assert found == [
        (UPSTREAM_LITERAL, (*op, "status")),
        (UPSTREAM_LITERAL, (*op, "limit")),
        (UPSTREAM_LITERAL, (*op, "offset")),
    ]


def test_an_unfilled_single_brace_placeholder_is_reported_at_the_consumed_path(
    seed0: CapabilityModel,
) -> None:
    unit = _unit(seed0, "getsession")
    received = [_request("optimize-sessions", "GET", "/sessions/%7BsessionId%7D")]
    found = _found(seed0, unit, {"sessionid": "v0"}, received)
    assert found == [(UPSTREAM_PATH, ("capability", "consumes", 0, "resources", 1, "path"))]


def test_a_post_without_body_is_reported_at_the_with_entry_meant_for_it(
    seed0: CapabilityModel,
) -> None:
    unit = _unit(seed0, "createsession")
    found = _found(seed0, unit, {}, [_request("optimize-sessions", "POST", "/sessions")])
    assert found == [(UPSTREAM_BODY, (*REST0, 0, "operations", 0, "with", "body"))]


def test_the_mcp_tool_reference_is_read_the_same_way(seed0: CapabilityModel) -> None:
    unit = _unit(seed0, "prisma-create-recording-session", "mcp-tool")
    found = _found(seed0, unit, {}, [_request("optimize-sessions", "POST", "/sessions")])
    assert found == [(UPSTREAM_BODY, ("capability", "exposes", 1, "tools", 0, "with", "body"))]


def test_nothing_received_is_an_upstream_missing_at_the_call(orders: CapabilityModel) -> None:
    unit = _unit(orders, "get-order")
    found = _found(orders, unit, {"orderId": "o1"}, [_request("orders", "DELETE", "/v2/orders/o1")])
    assert found == [(UPSTREAM_MISSING, (*REST0, 1, "operations", 0, "call"))]


def test_faithful_requests_give_nothing(orders: CapabilityModel) -> None:
    get = _unit(orders, "get-order")
    assert (
        _found(orders, get, {"orderId": "o-1"}, [_request("orders", "GET", "/v2/orders/o-1")]) == []
    )
    listing = _unit(orders, "list-orders")
    sent = (("status", "open"), ("limit", "50"))
    assert (
        _found(orders, listing, {"status": "open"}, [_request("orders", "GET", "/v2/orders", sent)])
        == []
    )
    create = _unit(orders, "create-order")
    args = {"sku": "s-9", "quantity": 108, "Idempotency-Key": "k-1"}
    body = json.dumps({"sku": "s-9", "quantity": "108"}).encode()
    request = _request("orders", "POST", "/v2/orders", (), (("idempotency-key", "k-1"),), body)
    assert _found(orders, create, args, [request]) == []


def test_a_path_segment_with_another_value_or_empty_or_dropped(orders: CapabilityModel) -> None:
    unit = _unit(orders, "get-order")
    wired = (*REST0, 1, "operations", 0, "with", "orderId")
    args = {"orderId": "o-1"}
    assert _found(orders, unit, args, [_request("orders", "GET", "/v2/orders/o-2")]) == [
        (UPSTREAM_PATH, wired)
    ]
    assert _found(orders, unit, args, [_request("orders", "GET", "/v2/orders/")]) == [
        (UPSTREAM_PATH, wired)
    ]
    assert _found(orders, unit, args, [_request("orders", "GET", "/v2/orders")]) == [
        (UPSTREAM_PATH, wired)
    ]


def test_a_query_or_header_input_missing_or_swapped(orders: CapabilityModel) -> None:
    listing = _unit(orders, "list-orders")
    status = (*REST0, 0, "operations", 0, "with", "status")
    limit = ("capability", "consumes", 0, "resources", 0, "operations", 0, "inputParameters", 1)
    found = _found(orders, listing, {"status": "open"}, [_request("orders", "GET", "/v2/orders")])
    assert found == [(UPSTREAM_INPUT, status), (UPSTREAM_INPUT, limit)]
    sent = (("status", "closed"), ("limit", "50"))
    found = _found(
        orders, listing, {"status": "open"}, [_request("orders", "GET", "/v2/orders", sent)]
    )
    assert found == [(UPSTREAM_INPUT, status)]
    create = _unit(orders, "create-order")
    args = {"sku": "s-9", "quantity": 108, "Idempotency-Key": "k-1"}
    body = json.dumps({"sku": "s-9", "quantity": "108"}).encode()
    request = _request("orders", "POST", "/v2/orders", (), (("idempotency-key", "k-2"),), body)
    assert _found(orders, create, args, [request]) == [
        (UPSTREAM_INPUT, (*REST0, 0, "operations", 1, "with", "Idempotency-Key"))
    ]


def test_a_body_without_the_input_meant_for_it(orders: CapabilityModel) -> None:
    create = _unit(orders, "create-order")
    args = {"sku": "s-9", "quantity": 108, "Idempotency-Key": "k-1"}
    body = json.dumps({"sku": "s-9", "quantity": ""}).encode()
    request = _request("orders", "POST", "/v2/orders", (), (("idempotency-key", "k-1"),), body)
    assert _found(orders, create, args, [request]) == [
        (UPSTREAM_BODY, (*REST0, 0, "operations", 1, "with", "quantity"))
    ]


def test_steps_expect_each_call_in_order() -> None:
    model = _model(FIXTURES / "clean" / "steps.yaml")
    unit = _unit(model, "ship-crew")
    expectation = expect.expected_call(model, unit, {"imo": "9321483"})
    assert expectation is not None
    assert [(c.namespace, c.operation) for c in expectation.calls] == [
        ("registry", "get-ship"),
        ("people", "list-crew"),
    ]
    received = [
        _request("registry", "GET", "/ships/9321483"),
        _request("people", "GET", "/crew"),
    ]
    assert expect.compare(expectation, received) == []
    assert [o.rule for o in expect.compare(expectation, received[:1])] == [UPSTREAM_MISSING]


def test_a_ref_unit_expects_its_function_call_with_its_own_with_merged_first() -> None:
    model = _model(FIXTURES / "clean" / "hygiene-ref-mock-with.yaml")
    unit = _unit(model, "north-quay-berths", "mcp-tool")
    expectation = expect.expected_call(model, unit, {"area": "south"})
    assert expectation is not None
    (call,) = expectation.calls
    assert call.call_pointer == ("capability", "aggregates", 0, "functions", 0, "call")
    assert call.placeholders[0][1].value == "north-quay"
    assert (
        expect.compare(expectation, [_request("harbour", "GET", "/areas/north-quay/berths")]) == []
    )


def test_a_mock_unit_expects_no_call() -> None:
    model = _model(FIXTURES / "clean" / "hygiene-ref-mock-with.yaml")
    assert expect.expected_call(model, _unit(model, "desk-greeting", "mcp-tool"), {}) is None


def test_samples_are_distinct_typed_and_url_safe() -> None:
    model = _model(ORDERS)
    unit = _unit(model, "create-order")
    args = sample_arguments(unit.inputs, seed=3)
    assert isinstance(args["quantity"], int)
    texts = [str(v) for v in args.values()]
    assert len(set(texts)) == len(texts)
    assert all(t.replace("-", "").isalnum() for t in texts)
    assert sample_value("string", "code", 0, 0, "^[A-Z]{3}$").isupper()
    assert sample_value("string", "code", 0, 0, "^[A-Z]{3}-[0-9]{2}$")[3] == "-"
    assert sample_arguments(unit.inputs, seed=3) == args  # deterministic


HEADERS = FIXTURES / "conformance" / "wire-headers.yaml"
RECORDS_INPUTS = ("capability", "consumes", 0, "inputParameters")
JSON_BODY = b'{"title": "t-1"}'


@pytest.fixture(scope="module")
def desk() -> CapabilityModel:
    return _model(HEADERS)


def _observed(model: CapabilityModel, unit: Unit, args: dict, received: list) -> list:
    expectation = expect.expected_call(model, unit, args)
    assert expectation is not None
    return expect.compare(expectation, received)


def test_a_content_type_of_the_declared_media_type_conforms(desk: CapabilityModel) -> None:
    """Restlet writes the entity's Content-Type with a charset; the consumes-level X-Client
    is set again after the operation's own (HttpClientAdapter.setHeaders)."""
    unit = _unit(desk, "file-record")
    headers = (("content-type", "application/json; charset=UTF-8"), ("x-client", "desk"))
    sent = [_request("records", "POST", "/v2/records", (), headers, JSON_BODY)]
    assert _found(desk, unit, {"title": "t-1"}, sent) == []
    other = (("content-type", "application/xml; charset=UTF-8"), ("x-client", "desk"))
    (found,) = _observed(
        desk,
        unit,
        {"title": "t-1"},
        [_request("records", "POST", "/v2/records", (), other, JSON_BODY)],
    )
    assert (found.rule, found.pointer) == (UPSTREAM_INPUT, (*RECORDS_INPUTS, 0))
    assert "Restlet" in found.message and "body's type sets it" in found.message


def test_a_standard_header_restlet_drops_is_reported_saying_why(desk: CapabilityModel) -> None:
    unit = _unit(desk, "get-item")
    (found,) = _observed(
        desk, unit, {"id": "7"}, [_request("archive", "GET", "/items/7", (), (("accept", "*/*"),))]
    )
    assert found.rule == UPSTREAM_INPUT
    assert found.pointer == ("capability", "consumes", 1, "inputParameters", 0)
    assert found.message == (
        "the upstream header 'Accept' is '*/*', not 'application/xml'; the engine's HTTP "
        "client (Restlet) drops the standard header 'Accept' set as an input parameter and "
        "writes its own; remove the input (the engine cannot send it)"
    )
    (missing,) = _observed(desk, unit, {"id": "7"}, [_request("archive", "GET", "/items/7")])
    assert missing.message.startswith("the upstream request has no header 'Accept'")
    assert "drops the standard header 'Accept'" in missing.message


SHARED_DESK = """\
naftiko: 1.0.0-alpha3
info: {label: Shared desk, description: The desk API shared by capabilities.}
consumes:
  - type: http
    namespace: desk
    baseUri: https://desk.example.test/api
    inputParameters:
      - {name: Desk-Version, in: header, value: '2026-01'}
    resources:
      - name: ticket
        path: /tickets/{{ticket}}
        operations:
          - {name: get-ticket, method: GET}
"""
IMPORTER = """\
naftiko: 1.0.0-alpha3
info: {label: Tickets, description: Read desk tickets.}
capability:
  consumes:
    - {location: ./shared-desk.yaml, import: desk}
  exposes:
    - type: mcp
      namespace: ticket-tools
      transport: stdio
      tools:
        - name: ticket
          description: Read a ticket.
          inputParameters:
            - {name: ticket, type: string, description: The ticket id.}
          call: desk.get-ticket
          with: {ticket: ticket-tools.ticket}
"""


def test_an_imported_input_is_located_at_the_call_not_in_the_shared_file(
    tmp_path: Path,
) -> None:
    (tmp_path / "shared-desk.yaml").write_text(SHARED_DESK, encoding="utf-8")
    (tmp_path / "tickets.yaml").write_text(IMPORTER, encoding="utf-8")
    model = _model(tmp_path / "tickets.yaml")
    unit = _unit(model, "ticket", "mcp-tool")
    call = ("capability", "exposes", 0, "tools", 0, "call")
    sent = (("desk-version", "2026-01"),)
    assert (
        _found(
            model, unit, {"ticket": "t9"}, [_request("desk", "GET", "/api/tickets/t9", (), sent)]
        )
        == []
    )
    assert _found(model, unit, {"ticket": "t9"}, [_request("desk", "GET", "/api/tickets/t9")]) == [
        (UPSTREAM_INPUT, call)
    ]


@pytest.mark.slow
def test_conformance_on_the_headers_fixture_reports_only_the_dropped_accept() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "conformance", str(HEADERS), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    found = [(d["rule"], d["pointer"]) for d in report["diagnostics"]]
    assert found == [(UPSTREAM_INPUT, "/capability/consumes/1/inputParameters/0")]
