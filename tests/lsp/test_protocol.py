"""Raw JSON-RPC over the server's stdio: a malformed message, a change to a document never
opened, then a request: the request is answered, and the server ends when its input does."""

from __future__ import annotations

import json
import subprocess
import sys

from ..conftest import REPO


def _frame(body: bytes) -> bytes:
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def _message(payload: dict) -> bytes:
    return _frame(json.dumps(payload).encode())


def _replies(out: bytes) -> list[dict]:
    found = []
    for chunk in out.split(b"Content-Length: ")[1:]:
        body = chunk.split(b"\r\n\r\n", 1)[1]
        found.append(json.loads(body))
    return found


def test_the_server_survives_malformed_messages_and_exits_at_end_of_input() -> None:
    hover = {
        "textDocument": {"uri": "file:///nowhere.yaml"},
        "position": {"line": 0, "character": 0},
    }
    stdin = b"".join(
        [
            _message(
                {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}
            ),
            _frame(b"{not json}"),
            _message(
                {
                    "jsonrpc": "2.0",
                    "method": "textDocument/didChange",
                    "params": {
                        "textDocument": {"uri": "file:///nowhere.yaml", "version": 2},
                        "contentChanges": [{"text": "naftiko: 1"}],
                    },
                }
            ),
            _message({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": hover}),
        ]
    )
    proc = subprocess.run(
        [sys.executable, "-m", "naftiko_lint", "lsp"],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        timeout=60,
    )
    replies = {r.get("id"): r for r in _replies(proc.stdout) if "id" in r}
    assert replies[1]["result"]["serverInfo"]["name"] == "naftiko-lint"
    assert replies[2] == {"id": 2, "jsonrpc": "2.0", "result": None}
    assert not [r for r in _replies(proc.stdout) if r.get("method") == "window/showMessage"]
    assert proc.returncode == 0
