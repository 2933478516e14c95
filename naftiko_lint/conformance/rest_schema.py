"""Property-based REST conformance with schemathesis: requests generated from the OpenAPI
the capability exports (`export/openapi.export_openapi`), sent to the REST URL, and held to
three of schemathesis' checks: no 5xx (not_a_server_error), a documented status
(status_code_conformance) and a body on its documented schema
(response_schema_conformance). Each failure becomes an observation at the exposed
operation it concerns (its `outputParameters` for a schema failure).

schemathesis needs Python 3.11 and is imported only here, when this runs; on an older
Python (or without it) `check_schema` returns a note instead. Generation is bounded:
`max_examples` per operation, hypothesis' deadline off (a slow upstream is not a
failure here), no shrinking (the first failing case is enough to point at the node), no
example database (runs are reproducible from `seed`), and a wall-clock cap across
operations."""

from __future__ import annotations

import sys
import time
from typing import Any

from naftiko_lint.capability.model import Adapter, Unit
from naftiko_lint.conformance.findings import (
    RESPONSE_SCHEMA,
    SERVER_ERROR,
    STATUS_UNDOCUMENTED,
    Observation,
)
from naftiko_lint.conformance.rest_response import outputs_pointer
from naftiko_lint.export.surface import routes
from naftiko_lint.pointer import Tokens


def available() -> str | None:
    """None when schemathesis can run here, else why not (one line)."""
    if sys.version_info < (3, 11):
        return "schemathesis needs Python 3.11 or later: property-based REST checks skipped"
    try:
        import schemathesis  # noqa: F401
    except ImportError:
        return "schemathesis is not installed (pip install 'naftiko-lint[serve]'): skipped"
    return None


def _units(adapter: Adapter) -> dict[tuple[str, str], Unit]:
    """(OpenAPI path, method) -> the exposed operation it documents."""
    return {
        (route.path, str(unit.data.get("method")).upper()): unit
        for route in routes(adapter, [])
        for unit in route.operations
    }


def _rule(failure: Any) -> str | None:
    from schemathesis.core.failures import ServerError
    from schemathesis.openapi.checks import JsonSchemaError, UndefinedStatusCode

    if isinstance(failure, ServerError):
        return SERVER_ERROR
    if isinstance(failure, UndefinedStatusCode):
        return STATUS_UNDOCUMENTED
    if isinstance(failure, JsonSchemaError):
        return RESPONSE_SCHEMA
    return None


def _observe(failure: Any, unit: Unit, label: str) -> Observation | None:
    rule = _rule(failure)
    if rule is None:
        return None
    pointer: Tokens = (
        outputs_pointer(unit.path, unit.data) if rule == RESPONSE_SCHEMA else unit.path
    )
    detail = (getattr(failure, "title", None) or type(failure).__name__).rstrip(".")
    message = str(getattr(failure, "message", "") or "").strip().splitlines()
    first = message[0][:200] if message else ""
    return Observation(
        rule,
        pointer,
        f"{label}: {detail} on a generated request" + (f" ({first})" if first else ""),
    )


def _failures(error: BaseException) -> list[Any]:
    """The schemathesis failures inside what `validate_response` raised."""
    from schemathesis.core.failures import Failure, FailureGroup

    if isinstance(error, FailureGroup):
        return [e for e in error.exceptions if isinstance(e, Failure)]
    return [error] if isinstance(error, Failure) else []


def _one_case(
    unit: Unit, label: str, url: str, timeout: float, deadline: float, out: list[Observation]
) -> Any:
    """The test body for one operation: call, validate, keep the first failure per rule."""
    from schemathesis.checks import (
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]
    seen: set[str] = set()

    def one(case: Any) -> None:
        if time.monotonic() > deadline:
            return
        try:
            response = case.call(base_url=url.rstrip("/"), timeout=timeout)
        except Exception:  # transport: the routing checks report the surface
            return
        try:
            case.validate_response(response, checks=checks)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # a FailureGroup is a BaseExceptionGroup
            for failure in _failures(error):
                found = _observe(failure, unit, label)
                if found is not None and found.rule not in seen:
                    seen.add(found.rule)
                    out.append(found)

    return one


def check_schema(
    document: dict,
    adapter: Adapter,
    url: str,
    *,
    max_examples: int = 20,
    timeout: float = 10.0,
    max_time: float = 30.0,
    seed: int = 0,
) -> tuple[list[Observation], list[str]]:
    """Observations from generated requests against `url`, and notes (skips, caps)."""
    missing = available()
    if missing is not None:
        return [], [missing]
    import schemathesis
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    schema = schemathesis.openapi.from_dict(document)
    units = _units(adapter)
    out: list[Observation] = []
    notes: list[str] = []
    deadline = time.monotonic() + max_time
    for result in schema.get_all_operations():
        operation = result.ok()
        unit = units.get((operation.path, operation.method.upper()))
        if unit is None:  # a forwarded method: anything passes through
            continue
        if time.monotonic() > deadline:
            notes.append(f"the run-time cap ({max_time:g} s) stopped the generated REST requests")
            break
        label = f"{operation.method.upper()} {operation.path}"
        one = _one_case(unit, label, url, timeout, deadline, out)
        test = settings(
            max_examples=max_examples,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )(fixed_seed(seed)(given(case=operation.as_strategy())(one)))
        try:
            test()
        except Exception as error:  # a strategy schemathesis cannot build, say
            notes.append(f"{label}: generated requests skipped ({type(error).__name__})")
    return out, notes
