"""What the wiring means the upstream should receive, held against requests built by hand
(no server): each defect gives its rule at its node, and a faithful request gives none."""

from __future__ import annotations

import json
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
