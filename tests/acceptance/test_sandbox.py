"""No network, no execution: `check` opens no socket, starts no process, loads no native
library, fetches no `$ref` or import location, and runs no code but a configured
functionsDir's — whatever the capability, ruleset or configuration says, in every format.

The CLI runs in a subprocess under an audit hook (`sys.addaudithook`) that refuses and
records every network, process and `ctypes` event and every open of a secret file. Native
code (jsonschema-rs fetches `$ref`s over HTTP in Rust, out of the hook's sight) is caught by
pointing the proxy variables at a local listener that records each connection. A control
ruleset whose function tries all of it proves both guards fire.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import jsonschema_rs
import pytest

from naftiko_lint.formatters import FORMATTERS
from naftiko_lint.functions.api import FunctionContext
from naftiko_lint.functions.structure import schema as schema_function
from naftiko_lint.no_fetch import external_refs
from naftiko_lint.spec.backends import make_backend

from ..conftest import FIXTURES
from .test_cli import run

SANDBOX = FIXTURES / "sandbox"
RULESETS = SANDBOX / "rulesets"
CAPABILITY = FIXTURES / "clean" / "imports.yaml"
MARKER = "naftiko-sandbox-marker"  # what the hostile tags' commands would create
SECRETS = ("/etc/passwd",)  # files a check must never open (hostile refs name them)

# Runs argv lists through naftiko_lint.cli.main in one process, under an audit hook that
# records each forbidden event (case index, event, arguments) and refuses it by raising.
# A bare os.fork is allowed: it is how `check` starts its own worker processes (--jobs),
# which run no other program and inherit this hook, so what they do is guarded too.
DRIVER = r"""
import os, sys
record = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
secrets = frozenset(sys.argv[3].split(os.pathsep))
case = ["import"]
NETWORK = ("socket.", "http.client.", "ftplib.", "smtplib.", "poplib.", "imaplib.",
           "nntplib.", "telnetlib.")
PROCESS = frozenset(("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                     "os.spawn", "os.forkpty", "os.startfile", "pty.spawn",
                     "urllib.Request", "webbrowser.open"))

def guard(event, args):
    if (event.startswith(NETWORK) or event in PROCESS
            or (event == "ctypes.dlopen" and args and args[0] is not None)
            or (event == "open" and args and str(args[0]) in secrets)):
        os.write(record, f"{case[0]}\t{event}\t{args!r:.200}\n".encode())
        raise PermissionError(f"sandbox: {event} refused")

sys.addaudithook(guard)

import contextlib, io, json
from naftiko_lint.cli import main

with open(sys.argv[2], encoding="utf-8") as handle:
    cases = json.load(handle)
results = []
for index, argv in enumerate(cases):
    case[0] = str(index)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit:
            code = exit.code
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()})
with open(sys.argv[4], "w", encoding="utf-8") as handle:
    json.dump(results, handle)
"""


class Listener:
    """A local TCP server that records the first line each client sends: an HTTP proxy
    sees `GET http://host/path` or `CONNECT host:443`, a fetch aimed at it `GET /path`."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.2)
        self.port = self.server.getsockname()[1]
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.server.accept()
            except OSError:
                continue
            with client:
                client.settimeout(2)
                try:
                    line = client.recv(4096).split(b"\r\n", 1)[0]
                except OSError:
                    line = b"?"
                self.requests.append(line.decode("latin-1"))

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.server.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def _symlinked_ruleset(folder: Path) -> Path:
    """A functionsDir whose `linked.py` is a symlink to a file outside it."""
    outside = folder / "outside"
    outside.mkdir()
    (outside / "linked.py").write_text(
        f"open({MARKER!r}, 'w').close()\ndef linked(target, options, context):\n    return []\n"
    )
    functions = folder / "ruleset" / "functions"
    functions.mkdir(parents=True)
    (functions / "linked.py").symlink_to(outside / "linked.py")
    ruleset = folder / "ruleset" / "linked.yaml"
    ruleset.write_text(
        "functions: [linked]\nrules:\n  linked:\n    given: $\n    then: {function: linked}\n"
    )
    return ruleset


def _cases(tmp: Path) -> dict[str, tuple[list[str], int]]:
    """name → (arguments after `check --format F`, expected exit code)."""
    target = str(CAPABILITY)
    return {
        "inputs": (
            [str(FIXTURES / "seeds"), str(FIXTURES / "clean"), str(SANDBOX / "capabilities")],
            1,
        ),
        "schema-remote-refs": (["--ruleset", str(RULESETS / "schema-remote-refs.yaml"), target], 2),
        "schema-local-refs": (["--ruleset", str(RULESETS / "schema-local-refs.yaml"), target], 0),
        "extends-url": (["--ruleset", str(RULESETS / "extends-url.yaml"), target], 2),
        "extends-module": (["--ruleset", str(RULESETS / "extends-module.yaml"), target], 2),
        "function-names": (["--ruleset", str(RULESETS / "function-names.yaml"), target], 2),
        "ruleset-python-tag": (["--ruleset", str(RULESETS / "python-tag.yaml"), target], 2),
        "ruleset-url": (["--ruleset", "https://example.invalid/rulesets/house.yaml", target], 2),
        "config-extends-url": (
            ["--config", str(SANDBOX / "configs" / "extends-url.yaml"), target],
            2,
        ),
        "config-python-tag": (
            ["--config", str(SANDBOX / "configs" / "python-tag.yaml"), target],
            2,
        ),
        "symlinked-function": (["--ruleset", str(_symlinked_ruleset(tmp)), target], 2),
    }


@pytest.fixture(scope="module")
def sandboxed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every case in every format, then the control, in one guarded process."""
    tmp = tmp_path_factory.mktemp("sandbox")
    cases = _cases(tmp)
    runs = [
        (name, fmt, ["check", "--format", fmt, "--color", "never", *argv], code)
        for fmt in sorted(FORMATTERS)
        for name, (argv, code) in cases.items()
    ]
    control = SANDBOX / "controls" / "misbehave.yaml"
    # the folder's configuration extends the control: only --isolated keeps it out
    (tmp / ".naftiko-lint.yaml").write_text(f"extends: [{control}]\n")
    once = {
        "control": ["check", "--ruleset", str(control), str(CAPABILITY)],
        "rules-isolated": ["rules", "--isolated"],
        "rules-configured": ["rules"],
        "isolated-and-config": ["check", "--isolated", "--config", "x.yaml"],
    }
    (tmp / "cases.json").write_text(
        json.dumps([argv for _, _, argv, _ in runs] + list(once.values()))
    )
    proxy = Listener()
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        env[name] = env[name.upper()] = proxy.url
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                DRIVER,
                str(tmp / "record.txt"),
                str(tmp / "cases.json"),
                os.pathsep.join(SECRETS),
                str(tmp / "results.json"),
            ],
            cwd=tmp,
            env=env,
            capture_output=True,
            timeout=120,
        )
    finally:
        proxy.close()
    assert proc.returncode == 0, proc.stderr.decode()
    record = tmp / "record.txt"
    events: dict[int, list[str]] = {}
    for line in record.read_text().splitlines() if record.exists() else []:
        index, event, _ = line.split("\t", 2)
        events.setdefault(int(index), []).append(event)
    results = json.loads((tmp / "results.json").read_text())
    return {
        "tmp": tmp,
        "runs": runs,
        "results": results[: len(runs)],
        "events": events,
        "control": len(runs),
        "proxied": proxy.requests,
        "once": dict(zip(once, results[len(runs) :], strict=True)),
    }


def test_the_guards_catch_a_control_that_tries_everything(sandboxed: dict) -> None:
    seen = set(sandboxed["events"].get(sandboxed["control"], []))
    assert {
        "socket.getaddrinfo",
        "urllib.Request",
        "subprocess.Popen",
        "os.system",
        "ctypes.dlopen",
        "open",
    } <= seen
    # the Rust retrieval went to the proxy: the proxy guard sees native code too
    assert any("control-rust.invalid" in line for line in sandboxed["proxied"])


def test_check_opens_no_socket_and_runs_nothing_in_any_format(sandboxed: dict) -> None:
    assert set(FORMATTERS) <= {fmt for _, fmt, _, _ in sandboxed["runs"]}
    names = [run[:2] for run in sandboxed["runs"]] + list(sandboxed["once"])
    leaks = {
        names[i]: events for i, events in sandboxed["events"].items() if i != sandboxed["control"]
    }
    assert leaks == {}
    assert len(sandboxed["results"]) == len(sandboxed["runs"])
    assert [line for line in sandboxed["proxied"] if "control-rust" not in line] == []
    assert not (sandboxed["tmp"] / MARKER).exists()
    for (name, fmt, _, code), result in zip(sandboxed["runs"], sandboxed["results"], strict=False):
        assert result["code"] == code, (name, fmt, result["stderr"])
        assert "Traceback" not in result["stderr"] + result["stdout"], (name, fmt)
        assert "internal error" not in result["stderr"], (name, fmt)


def _text(sandboxed: dict, name: str) -> dict:
    for (case, fmt, _, _), result in zip(sandboxed["runs"], sandboxed["results"], strict=False):
        if case == name and fmt == "text":
            return result
    raise AssertionError(name)


def _error_lines(result: dict) -> list[str]:
    return [line for line in result["stderr"].splitlines() if line.startswith("naftiko-lint:")]


def test_remote_import_locations_are_located_warnings_never_fetched(sandboxed: dict) -> None:
    out = _text(sandboxed, "inputs")["stdout"]
    file = SANDBOX / "capabilities" / "remote-imports.yaml"
    found = [
        line
        for line in out.splitlines()
        if line.startswith(str(file)) and "[import-unresolved]" in line
    ]
    assert [line.split(": ", 1)[0].rsplit(":", 2)[1:] for line in found] == [
        ["9", "17"],
        ["13", "17"],
        ["17", "17"],
        ["21", "17"],
    ]
    assert all("is a URL, which never loads" in line for line in found)


def test_unsafe_yaml_tags_never_construct(sandboxed: dict) -> None:
    out = _text(sandboxed, "inputs")["stdout"]
    tags = SANDBOX / "capabilities" / "python-tags.yaml"
    where = [
        line.split(": ", 1)[0]
        for line in out.splitlines()
        if line.startswith(str(tags)) and "[yaml-unsafe-tag]" in line
    ]
    assert [w.rsplit(":", 2)[1] for w in where] == ["5", "6", "8", "9", "10", "11", "12", "19"]
    directive = SANDBOX / "capabilities" / "python-tag-directive.yaml"
    assert f"{directive}:6:10: error [yaml-unsafe-tag]" in out


def test_unsafe_tags_never_run_without_any_guard(cli: list[str], tmp_path: Path) -> None:
    """The marker check on its own: no audit hook to stop a command that did run."""
    proc = run(
        cli,
        "check",
        str(SANDBOX / "capabilities" / "python-tags.yaml"),
        str(SANDBOX / "capabilities" / "python-tag-directive.yaml"),
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.count(b"[yaml-unsafe-tag]") == 9
    assert not (tmp_path / MARKER).exists()


def test_schema_refs_outside_the_schema_are_load_errors(sandboxed: dict) -> None:
    lines = _error_lines(_text(sandboxed, "schema-remote-refs"))
    file = RULESETS / "schema-remote-refs.yaml"
    assert [line.split(": ", 2)[1] for line in lines] == [
        f"{file}:9:7",
        f"{file}:17:7",
        f"{file}:28:7",
    ]
    assert "schema/$ref: 'https://example.invalid/schemas/label.json'" in lines[0]
    assert "schema/properties/label/$ref: 'file:///etc/passwd'" in lines[1]
    assert "schema/allOf/0/$ref: 'label.json#/definitions/label'" in lines[2]
    assert all("never fetches references" in line for line in lines)


def test_schema_refs_inside_the_schema_resolve_offline(sandboxed: dict) -> None:
    result = _text(sandboxed, "schema-local-refs")
    assert f"{CAPABILITY}:4:10: warning [label-is-short]" in result["stdout"]


def test_rulesets_by_url_or_module_name_are_refused(sandboxed: dict) -> None:
    file = RULESETS / "extends-url.yaml"
    lines = _error_lines(_text(sandboxed, "extends-url"))
    assert [line.split(": ", 2)[1] for line in lines] == [f"{file}:3:5", f"{file}:4:6"]
    assert all("is a URL: naftiko-lint never fetches rulesets" in line for line in lines)
    lines = _error_lines(_text(sandboxed, "extends-module"))
    assert len(lines) == 3
    assert all("a package or module name is never imported" in line for line in lines)
    lines = _error_lines(_text(sandboxed, "ruleset-url"))
    assert lines == [
        "naftiko-lint: https://example.invalid/rulesets/house.yaml:1:1: ruleset "
        "is a URL: naftiko-lint never fetches rulesets, download it and name "
        "the local file"
    ]
    config = SANDBOX / "configs" / "extends-url.yaml"
    lines = _error_lines(_text(sandboxed, "config-extends-url"))
    assert [line.split(": ", 2)[1] for line in lines] == [f"{config}:3:5", f"{config}:4:6"]


def test_function_names_load_only_files_inside_functions_dir(sandboxed: dict) -> None:
    result = _text(sandboxed, "function-names")
    lines = _error_lines(result)
    file = RULESETS / "function-names.yaml"
    assert [line.split(": ", 2)[1] for line in lines] == [f"{file}:{n}:5" for n in range(5, 11)]
    assert all("is not a plain file name" in line for line in lines)
    assert "must never be loaded" not in result["stderr"]  # escape.py stayed unloaded


def test_a_symlink_out_of_functions_dir_is_refused(sandboxed: dict) -> None:
    refused, unknown = _error_lines(_text(sandboxed, "symlinked-function"))
    assert "function 'linked'" in refused and "outside functionsDir" in refused
    assert "unknown function 'linked'" in unknown  # so the rule using it does not load
    assert not (sandboxed["tmp"] / MARKER).exists()


def test_config_and_ruleset_tags_are_refused(sandboxed: dict) -> None:
    for name in ("config-python-tag", "ruleset-python-tag"):
        (line,) = _error_lines(_text(sandboxed, name))
        assert "Tag !!python/object/apply:os.system would construct a Python object" in line


# -- the JSON Schema libraries' own retrieval ------------------------------------------


@pytest.mark.parametrize("backend", ["jsonschema-rs", "jsonschema"])
def test_schema_backends_never_fetch(backend: str, listener: Listener, tmp_path: Path) -> None:
    local = tmp_path / "string.json"
    local.write_text('{"type": "string"}')
    for ref in (f"{listener.url}/remote.json", local.as_uri()):
        with pytest.raises(Exception, match=r"never fetches|Unresolvable"):
            list(make_backend({"$ref": ref}, backend).violations(1))
    assert listener.requests == []


def test_the_libraries_fetch_by_default(listener: Listener, tmp_path: Path) -> None:
    """The control for the test above: without our retriever both libraries fetch."""
    with pytest.raises(jsonschema_rs.ValidationError):
        jsonschema_rs.validator_for({"$ref": f"{listener.url}/rust.json"})
    with pytest.raises(Exception):  # noqa: B017
        jsonschema.Draft7Validator({"$ref": f"{listener.url}/python.json"}).is_valid(1)
    assert sorted(line.split()[1] for line in listener.requests) == ["/python.json", "/rust.json"]
    local = tmp_path / "string.json"
    local.write_text('{"type": "string"}')
    assert not jsonschema_rs.validator_for({"$ref": local.as_uri()}).is_valid(1)


def test_the_schema_function_never_fetches_at_run_time(listener: Listener) -> None:
    """Behind the load-time refusal: the validator it builds cannot fetch either."""
    options = {"schema": {"$ref": f"{listener.url}/late.json"}}
    with pytest.raises(Exception, match="Unresolvable"):
        list(schema_function.fn(1, options, FunctionContext({}, (), "r")))
    assert listener.requests == []
    assert schema_function.options_errors(options)


@pytest.mark.parametrize(
    ("schema", "outside"),
    [
        ({"$ref": "#/$defs/a", "$defs": {"a": {}}}, []),
        ({"$ref": "https://x.invalid/a.json"}, [("/$ref", "https://x.invalid/a.json")]),
        (
            {"properties": {"p": {"$ref": "file:///etc/passwd"}}},
            [("/properties/p/$ref", "file:///etc/passwd")],
        ),
        (
            {"$id": "https://x.invalid/root.json", "items": {"$ref": "other.json"}},
            [("/items/$ref", "other.json")],
        ),
        ({"$id": "https://x.invalid/root.json", "items": {"$ref": "root.json#/$defs/a"}}, []),
        ({"$defs": {"e": {"$id": "urn:example:e"}}, "$ref": "urn:example:e"}, []),
        ({"id": "http://x.invalid/d4", "items": {"$ref": "http://x.invalid/d4#/d"}}, []),
        ({"$ref": "http://json-schema.org/draft-07/schema#"}, []),
        (
            {"$dynamicRef": "https://x.invalid/meta#node"},
            [("/$dynamicRef", "https://x.invalid/meta#node")],
        ),
        # values, not schemas; but a property may be called `enum`
        ({"enum": [{"$ref": "https://x.invalid/a"}], "const": {"$ref": "https://x.invalid"}}, []),
        (
            {"properties": {"enum": {"$ref": "https://x.invalid/a"}}},
            [("/properties/enum/$ref", "https://x.invalid/a")],
        ),
        (True, []),
    ],
)
def test_external_refs(schema: object, outside: list) -> None:
    assert external_refs(schema) == outside


def test_isolated_ignores_the_configuration(sandboxed: dict) -> None:
    """`--isolated`: a checked folder's configuration (and so its rulesets and functions)
    is never loaded."""
    once = sandboxed["once"]
    assert once["rules-isolated"]["code"] == 0
    assert "misbehave" not in once["rules-isolated"]["stdout"]
    # the control: without --isolated the folder's configuration loads
    assert once["rules-configured"]["code"] == 0
    assert "misbehave" in once["rules-configured"]["stdout"]
    assert once["isolated-and-config"]["code"] == 2
    assert "not allowed with" in once["isolated-and-config"]["stderr"]
