"""The replies of the engine's REST adapter, from exposes/rest/ResourceRestlet: statuses,
bodies and media types exactly as sendResponse, sendMockResponse and the error branches of
handleFromOperationSpec / executeViaAggregate / handleFromForwardSpec write them.

* a call answered by the upstream keeps the upstream's status; with outputParameters the body
  is the first output that maps to non-null, as compact JSON (`application/json`), else the
  upstream's own body and media type; a body the mapping cannot read answers 500 "Failed to
  map output parameters: …";
* a mock answers 200 with the pretty-printed object of the output values, or 204 when none;
* "Invalid call format", an unresolved template or a missing apikey placement answer 400
  with the engine's message (text/plain); a failing step 500 "Error while handling an HTTP
  client call\\n\\n" + the Java exception;
* an upstream answer with an empty body counts as no entity (passed through, never mapped);
* the Restlet client reports a refused or broken connection as status 1000/1001, which no
  HTTP server can send: it is answered 502 with the connector's words (a divergence);
* a conversion the emulation does not make (`outputs.NotEmulated`: html, markdown, avro and
  protobuf upstreams) is answered 501 with a text starting `NOT_EMULATED`, never as an
  engine failure: the engine would convert it, so an error there would be ours. The engine
  never answers 501, and `naftiko-lint conformance` turns that reply into a note when it
  runs these servers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from naftiko_lint.serve.engine_java import jackson_compact, jackson_pretty
from naftiko_lint.serve.mustache import MustacheError
from naftiko_lint.serve.outputs import (
    NOT_EMULATED,
    ConversionError,
    NotEmulated,
    build_mock_data,
    convert_to_json,
    read_outputs,
    resolve_output,
)
from naftiko_lint.serve.steps import Exchange

TEXT = "text/plain"
JSON = "application/json"
UNHANDLED = "Unable to handle the request. Please check the capability specification."
NOT_EMULATED_STATUS = 501


@dataclass(frozen=True)
class Reply:
    """What the engine's REST adapter answers (ResourceRestlet)."""

    status: int
    body: bytes
    media_type: str | None


def text_reply(status: int, text: str) -> Reply:
    return Reply(status, text.encode("utf-8"), TEXT)


def not_emulated_reply(error: NotEmulated) -> Reply:
    """The marked reply of a conversion this emulation does not make."""
    return text_reply(NOT_EMULATED_STATUS, f"{NOT_EMULATED}{error}")


def raw_reply(exchange: Exchange) -> Reply:
    """The upstream's answer passed through (`response.setEntity(clientResponse.getEntity())`)."""
    if exchange.status >= 1000:
        detail = f" ({exchange.detail})" if exchange.detail else ""
        return text_reply(502, f"Connector error {exchange.status}: {exchange.reason}{detail}")
    body = exchange.body or b""
    return Reply(exchange.status, body, exchange.media_type if body else None)


def send_response(outputs: Any, exchange: Exchange) -> Reply:
    """sendResponse / mapOutputParameters."""
    if exchange.status >= 1000 or not read_outputs(outputs) or not exchange.body:
        return raw_reply(exchange)
    try:
        root = convert_to_json(
            exchange.raw_format, exchange.text or "", schema=exchange.raw_schema, stream=True
        )
        for spec in read_outputs(outputs):
            mapped = resolve_output(spec, root)
            if mapped is not None:
                return Reply(exchange.status, jackson_compact(mapped).encode("utf-8"), JSON)
    except NotEmulated as error:
        return not_emulated_reply(error)
    except (ConversionError, MustacheError) as error:
        return text_reply(500, f"Failed to map output parameters: {error}")
    return raw_reply(exchange)


def mock_reply(outputs: Any, parameters: dict[str, Any]) -> Reply:
    """sendMockResponse."""
    try:
        mock = build_mock_data(outputs, parameters)
    except MustacheError as error:
        return text_reply(500, f"Error building mock response: {error}")
    if mock is None:
        return Reply(204, b"", None)
    return Reply(200, jackson_pretty(mock).encode("utf-8"), JSON)


def mock_object_reply(mock: dict[str, Any]) -> Reply:
    """executeViaAggregate's mock branch (pretty-printed, 200)."""
    return Reply(200, jackson_pretty(mock).encode("utf-8"), JSON)
