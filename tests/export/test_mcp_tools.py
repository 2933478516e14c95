"""`export mcp-tools`: the lists an MCP adapter advertises, checked against the official
`mcp` SDK types, the engine's own hint tests, Java's collection orders, golden files for
the four seeds, and the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from mcp import types

from naftiko_lint.capability.stage import Capability, load
from naftiko_lint.document.loading import parse_document
from naftiko_lint.export.mcp_java import (
    concurrent_hashmap_order,
    hashmap_order,
    string_hash,
)
from naftiko_lint.export.mcp_tools import (
    McpChoiceError,
    McpSurfaceError,
    export,
    mcp_adapters,
    tool_lists,
)

from ..conftest import FIXTURES
from .helpers import GOLDEN, SEEDS
from .helpers import export as run_export

DATA = Path(__file__).parent / "mcp_data"
MIRROR = Path("/work/.mirror/naftiko+framework/repo")


API = """\
  consumes:
  - type: http
    namespace: api
    baseUri: http://localhost:1
    resources:
    - name: r
      path: /r
      operations:
      - {name: get, method: GET}
"""


def capability_of(path: Path) -> Capability:
    doc = parse_document(str(path), path.read_bytes())
    return load(doc.data, path)


def capability_from(text: str, tmp_path: Path) -> Capability:
    path = tmp_path / "capability.yaml"
    path.write_text(text, encoding="utf-8")
    return capability_of(path)


def mcp_fixtures() -> list[tuple[Path, str | None]]:
    """(file, namespace) of every mcp adapter of every fixture and test capability."""
    out = []
    for path in [*sorted(FIXTURES.rglob("*.yaml")), *sorted(DATA.glob("*.yaml"))]:
        raw = path.read_bytes()
        if b"mcp" not in raw:
            continue
        doc = parse_document(str(path), raw)
        if isinstance(doc.data, dict) and "naftiko" in doc.data:
            out += [(path, a.namespace) for a in mcp_adapters(load(doc.data, path).model)]
    return out


def assert_valid_lists(lists: dict) -> None:
    """Each list validates as the SDK's result type and dumps back to exactly what was
    exported (no key the SDK does not know, no value it had to coerce); every inputSchema
    is a valid JSON Schema of an object."""
    results = (
        ("tools", types.ListToolsResult),
        ("resources", types.ListResourcesResult),
        ("resourceTemplates", types.ListResourceTemplatesResult),
        ("prompts", types.ListPromptsResult),
    )
    assert list(lists) == [key for key, _ in results]
    for key, result in results:
        model = result.model_validate({key: lists[key]})
        dumped = model.model_dump(by_alias=True, exclude_unset=True, mode="json")
        assert dumped == {key: lists[key]}
    for tool in lists["tools"]:
        types.Tool.model_validate(tool)
        jsonschema.Draft202012Validator.check_schema(tool["inputSchema"])
        assert tool["inputSchema"]["type"] == "object"
    for resource in lists["resources"]:
        types.Resource.model_validate(resource)
    for template in lists["resourceTemplates"]:
        types.ResourceTemplate.model_validate(template)
    for prompt in lists["prompts"]:
        types.Prompt.model_validate(prompt)


MCP_FIXTURES = mcp_fixtures()


def test_the_fixtures_cover_every_kind_of_entry() -> None:
    assert len(MCP_FIXTURES) >= 15
    seen = {
        key
        for path, ns in MCP_FIXTURES
        for key, v in tool_lists(capability_of(path), ns).items()
        if v
    }
    assert seen == {"tools", "resources", "resourceTemplates", "prompts"}


@pytest.mark.parametrize(("path", "namespace"), MCP_FIXTURES, ids=lambda v: getattr(v, "name", v))
def test_every_fixture_exports_lists_the_mcp_sdk_accepts(path: Path, namespace: str) -> None:
    assert_valid_lists(tool_lists(capability_of(path), namespace))


def mirror_examples() -> list[str]:
    if not MIRROR.is_dir() or shutil.which("git") is None:
        return []
    names = subprocess.run(
        ["git", "--git-dir", str(MIRROR), "ls-tree", "-r", "HEAD", "--name-only"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [n for n in names if n.endswith((".yaml", ".yml"))]


def test_the_framework_examples_export_lists_the_mcp_sdk_accepts(tmp_path: Path) -> None:
    """Every capability file of the engine's repository with an mcp adapter the engine can
    start (an unknown ref is refused, as the engine refuses it)."""
    names = mirror_examples()
    if not names:
        pytest.skip("no naftiko/framework mirror on this machine")
    exported = refused = 0
    for name in names:
        text = subprocess.run(
            ["git", "--git-dir", str(MIRROR), "show", f"HEAD:{name}"],
            capture_output=True,
            check=True,
        ).stdout
        if b"type: mcp" not in text and b'type: "mcp"' not in text:
            continue
        path = tmp_path / name.replace("/", "_")
        path.write_bytes(text)
        capability = capability_of(path)
        for adapter in mcp_adapters(capability.model):
            try:
                lists = tool_lists(capability, adapter.namespace)
            except McpSurfaceError:
                refused += 1
                continue
            assert_valid_lists(lists)
            exported += 1
    assert exported >= 20
    assert refused <= 3


# the engine's McpToolHintsIntegrationTest.toolsListShouldIncludeAnnotationsInWireFormat
def test_hints_become_annotations_as_the_engine_writes_them() -> None:
    tools = tool_lists(capability_of(DATA / "hints-capability.yaml"))["tools"]
    assert [t["name"] for t in tools] == ["read-data", "delete-record", "no-hints-tool"]
    read, delete, plain = tools
    assert read["title"] == "Read Data"
    assert read["annotations"] == {
        "title": "Read Data",
        "readOnlyHint": True,
        "openWorldHint": True,
    }
    assert "title" not in delete
    assert delete["annotations"] == {
        "readOnlyHint": False,
        "destructiveHint": True,
        "idempotentHint": True,
        "openWorldHint": False,
    }
    assert "annotations" not in plain
    assert delete["inputSchema"] == {
        "type": "object",
        "properties": {
            "record-id": {"description": "ID of the record to delete", "type": "string"}
        },
        "required": ["record-id"],
    }
    assert plain["inputSchema"] == {"type": "object"}


# the engine's AggregateIntegrationTest: semantics -> hints, a tool's own hints winning
def test_ref_tools_merge_derived_hints_with_their_own() -> None:
    tools = {
        t["name"]: t
        for t in tool_lists(capability_of(DATA / "aggregate-hints-override.yaml"))["tools"]
    }
    assert list(tools) == ["read-items", "read-items-open", "delete-item", "plain-tool"]
    derived = {"readOnlyHint": True, "destructiveHint": False, "idempotentHint": True}
    assert tools["read-items"]["annotations"] == derived
    assert tools["read-items-open"]["annotations"] == {**derived, "openWorldHint": True}
    assert tools["delete-item"]["annotations"] == {
        "readOnlyHint": False,
        "destructiveHint": True,
        "idempotentHint": True,
        "openWorldHint": False,
    }
    assert "annotations" not in tools["plain-tool"]
    # a ref tool without inputs takes its function's (all required: no `required: false`)
    assert tools["delete-item"]["inputSchema"]["required"] == ["item-id"]


HINT_CASES = [
    ("label: Label Only\n", None, {"title": "Label Only"}),
    ("", None, None),
    ("hints: {readOnly: true, destructive: false, idempotent: true, openWorld: false}\n"
     "label: Test Title\n", None,
     {"title": "Test Title", "readOnlyHint": True, "destructiveHint": False,
      "idempotentHint": True, "openWorldHint": False}),
    ("hints: {}\n", None, None),  # hints with no value set: an empty object is left out
    ("", "{cacheable: true}", None),  # cacheable has no MCP equivalent
    ("", "{safe: false}", {"readOnlyHint": False}),
    ("hints: {readOnly: true}\n", "{safe: false, idempotent: false}",
     {"readOnlyHint": True, "idempotentHint": False}),
]  # fmt: skip


@pytest.mark.parametrize(("tool_extra", "semantics", "expected"), HINT_CASES)
def test_annotation_cases(
    tool_extra: str, semantics: str | None, expected: dict | None, tmp_path: Path
) -> None:
    fn_semantics = f"          semantics: {semantics}\n" if semantics else ""
    ref = "        ref: fns.fn\n" if semantics else "        call: api.get\n"
    text = (
        "naftiko: 1.0.0-alpha2\ncapability:\n"
        "  aggregates:\n  - label: F\n    namespace: fns\n    functions:\n"
        "        - name: fn\n          description: A function.\n"
        + fn_semantics
        + "          call: api.get\n"
        "  exposes:\n  - type: mcp\n    namespace: m\n    port: 9000\n    tools:\n"
        "      - name: t\n        description: A tool.\n"
        + ref
        + "".join(f"        {line}\n" for line in tool_extra.splitlines())
        + API
    )
    tool = tool_lists(capability_from(text, tmp_path))["tools"][0]
    if expected is None:
        assert "annotations" not in tool
    else:
        assert tool["annotations"] == expected
    assert_valid_lists(tool_lists(capability_from(text, tmp_path)))


def test_every_kind_of_entry(tmp_path: Path) -> None:
    lists = tool_lists(capability_of(DATA / "surfaces.yaml"))
    find, ships, plain = lists["tools"]
    # a ref tool without name, description or inputs inherits all three from its function
    assert find == {
        "name": "find-berth",
        "description": "Find a free berth for a ship.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "length": {"description": "Ship length in metres.", "type": "number"},
                "draft": {"type": "number"},
            },
            "required": ["length"],
        },
    }
    assert ships["inputSchema"]["required"] == ["limit"]  # flag says required: false
    assert ships["annotations"] == {"title": "List ships"}
    assert list(plain) == ["name", "description", "inputSchema"]
    # resources/list titles a resource with its name when it has no label; templates do not
    assert lists["resources"] == [
        {
            "uri": "data://tides/today",
            "name": "tide-table",
            "title": "tide-table",
            "description": "Today's tides.",
            "mimeType": "application/json",
        },
        {"uri": "data://berths/plan", "name": "berth-plan", "title": "berth-plan"},
    ]
    assert lists["resourceTemplates"] == [
        {
            "uriTemplate": "data://ships/{imo}",
            "name": "ship",
            "title": "Ship",
            "description": "One ship.",
        }
    ]
    prompts = {p["name"]: p for p in lists["prompts"]}
    assert [p["name"] for p in lists["prompts"]] == concurrent_hashmap_order(
        ["welcome", "berth-request", "pilot"]
    )
    assert prompts["welcome"]["arguments"] == [
        {
            "name": "ship",
            "title": "Ship name",
            "description": "The ship to greet.",
            "required": True,
        },
        {"name": "tone", "required": False},
    ]
    assert "arguments" not in prompts["pilot"]


def test_static_resources_list_the_files_of_their_folder(tmp_path: Path) -> None:
    folder = tmp_path / "handbook"
    (folder / "deck").mkdir(parents=True)
    (folder / "b.md").write_text("# b")
    (folder / "deck" / "a.json").write_text("{}")
    (folder / "c.bin").write_bytes(b"\0")
    text = (
        "naftiko: 1.0.0-alpha2\ncapability:\n  exposes:\n  - type: mcp\n    namespace: m\n"
        "    port: 9000\n    tools:\n    - name: t\n      description: T.\n      call: api.get\n"
        "    resources:\n    - name: handbook\n      label: Handbook\n"
        "      description: The handbook.\n"
        f"      uri: docs://handbook\n      location: {folder.as_uri()}\n" + API
    )
    result = export(capability_from(text, tmp_path))
    assert [(r["uri"], r["mimeType"]) for r in result.lists["resources"]] == [
        ("docs://handbook/b.md", "text/markdown"),
        ("docs://handbook/c.bin", "application/octet-stream"),
        ("docs://handbook/deck/a.json", "application/json"),
    ]
    assert all(r["title"] == "Handbook" for r in result.lists["resources"])
    assert any("3 file(s) listed" in note for note in result.notes)
    assert_valid_lists(result.lists)
    (folder / "b.md").unlink()
    shutil.rmtree(folder)
    gone = export(capability_from(text, tmp_path))
    assert gone.lists["resources"] == []
    assert any("cannot be read here" in note for note in gone.notes)


TWO_ADAPTERS = (
    """\
naftiko: 1.0.0-alpha2
capability:
  exposes:
  - type: mcp
    namespace: first
    port: 9000
    tools:
    - {name: a, description: A., ref: nowhere.fn}
  - type: mcp
    namespace: second
    port: 9001
    tools:
    - {name: b, description: B., call: api.get}
"""
    + API
)


def test_the_adapter_is_chosen_by_namespace(tmp_path: Path) -> None:
    capability = capability_from(TWO_ADAPTERS, tmp_path)
    with pytest.raises(ValueError, match="choose one with --expose: first, second"):
        tool_lists(capability)
    with pytest.raises(McpChoiceError, match="choose one of: first, second") as raised:
        tool_lists(capability, "third")
    assert raised.value.code == 2
    assert [t["name"] for t in tool_lists(capability, "second")["tools"]] == ["b"]
    # a ref to no function: the engine refuses to start, so nothing is exported (exit 1)
    with pytest.raises(McpSurfaceError, match=r"nowhere\.fn") as refused:
        tool_lists(capability, "first")
    assert refused.value.code == 1


def test_a_capability_without_an_mcp_adapter_cannot_be_exported() -> None:
    """As for REST: the capability lacks the surface (exit 1, with its diagnostics)."""
    with pytest.raises(McpSurfaceError, match="no mcp adapter") as refused:
        tool_lists(capability_of(FIXTURES / "clean" / "rest-inputs.yaml"))
    assert refused.value.code == 1


def test_java_string_hash_and_map_orders() -> None:
    # String.hashCode values every Java programmer can check
    assert string_hash("") == 0
    assert string_hash("hello") == 99162322
    assert string_hash("Aa") == string_hash("BB") == 2112
    assert string_hash("description") == -1724546052 & 0xFFFFFFFF
    # buckets 9 and 12 of 16: HashMap writes "description" before "type"
    assert hashmap_order(["type", "description"]) == ["description", "type"]
    assert concurrent_hashmap_order(["b", "a", "b"]) == ["a", "b"]


@pytest.mark.slow
def test_map_orders_match_a_real_jvm() -> None:
    """The orders computed for random name sets, against a JVM's ConcurrentHashMap and
    HashMap (table growth included); skipped where no `java` is installed."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("no java on this machine")
    import random
    import string

    rnd = random.Random(15)
    sets = []
    for _ in range(300):
        alphabet = rnd.choice([string.ascii_lowercase + "-", "ab", "Aa BB"])
        names = [
            "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 10)))
            for _ in range(rnd.randint(0, 40))
        ]
        sets.append(list(dict.fromkeys(names)))
    stdin = "".join("\t".join(names) + "\n" for names in sets)
    out = subprocess.run(
        [java, str(DATA / "JavaOrders.java")],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.splitlines()
    assert len(out) == len(sets)
    for names, line in zip(sets, out, strict=True):
        concurrent, plain = (part.split("\t") if part else [] for part in line.split("\x01"))
        assert concurrent_hashmap_order(names) == concurrent
        if len(names) <= 12:
            assert hashmap_order(names) == plain


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_golden(seed: Path) -> None:
    """The CLI's export of each seed, byte for byte (reviewed by hand once)."""
    result = run_export("mcp-tools", str(seed.relative_to(FIXTURES.parent)))
    assert result.returncode == 0, result.stderr
    golden = GOLDEN / f"{seed.stem}.mcp.json"
    assert result.stdout == golden.read_text(encoding="utf-8")
    assert_valid_lists(json.loads(result.stdout))


def test_cli_lists_the_choices_with_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text(TWO_ADAPTERS, encoding="utf-8")
    result = run_export("mcp-tools", str(path))
    assert result.returncode == 2
    assert "first, second" in result.stderr
    assert result.stdout == ""
    chosen = run_export("mcp-tools", str(path), "--expose", "second")
    assert chosen.returncode == 0, chosen.stderr
    assert [t["name"] for t in json.loads(chosen.stdout)["tools"]] == ["b"]
