"""The templates of benchmarks/corpus.py: vocabulary, defect rates, and the writers of the
consumes, REST and MCP parts of a capability.

The shapes follow fixtures/clean/ (what a correct file holds) and fixtures/seeds/ (what real
generated files get wrong); each writer takes the file's Draw, so the same index always gives
the same file and a clean file never draws a defect.
"""

from __future__ import annotations

import random
from typing import Any

NOUNS = [
    ("orders", "order"),
    ("invoices", "invoice"),
    ("ships", "ship"),
    ("tickets", "ticket"),
    ("accounts", "account"),
    ("payments", "payment"),
    ("shipments", "shipment"),
    ("products", "product"),
    ("customers", "customer"),
    ("sessions", "session"),
    ("projects", "project"),
    ("tasks", "task"),
    ("teams", "team"),
    ("alerts", "alert"),
    ("reports", "report"),
    ("devices", "device"),
    ("sensors", "sensor"),
    ("bookings", "booking"),
    ("vessels", "vessel"),
    ("voyages", "voyage"),
    ("members", "member"),
    ("contracts", "contract"),
]
QUERY = ["status", "owner", "region", "since", "tag", "sort", "limit", "offset"]
FIELDS = ["name", "title", "amount", "currency", "owner", "priority", "note", "email", "region"]
SERVICES = ["fleet", "billing", "crm", "ops", "desk", "ledger", "ports", "crew"]
HINTS = {
    "GET": {"readOnly": True},
    "POST": {"readOnly": False, "destructive": False, "idempotent": False},
    "PUT": {"readOnly": False, "destructive": False, "idempotent": True},
    "DELETE": {"readOnly": False, "destructive": True, "idempotent": True},
}
# a defect's chance at each place it can occur, in a defective file
RATES = {
    "with-namespace": 0.5,
    "single-brace": 0.5,
    "path-undeclared": 0.3,
    "input-keys": 0.4,
    "rest-description": 0.5,
    "hints": 0.25,
    "qualified-bind": 0.5,
    "body-unsent": 0.4,
    "object-output": 0.3,
    "call-typo": 0.05,
    "insecure": 0.15,
}


class Draw:
    """The file's random choices, and whether a defect lands at a given place."""

    def __init__(self, kind: str, seed: int, index: int) -> None:
        self.rng = random.Random(f"{kind}:{seed}:{index}")
        self.defective = kind == "defective"

    def defect(self, name: str) -> bool:
        return self.defective and self.rng.random() < RATES[name]


def _inputs(names: list[str], where: str, draw: Draw) -> list[dict[str, Any]]:
    """Consumed inputs; generated files often copy the exposed shape (unknown keys)."""
    extra = draw.defect("input-keys")
    out: list[dict[str, Any]] = []
    for name in names:
        item: dict[str, Any] = {"name": name, "in": where}
        if extra:
            item.update(type="string", description=f"The {name}.", required=where == "path")
        out.append(item)
    return out


def consumed(space: dict[str, Any], draw: Draw, binds: list[dict[str, Any]]) -> dict[str, Any]:
    rng, ns = draw.rng, space["ns"]
    scheme = "http" if draw.defect("insecure") else "https"
    entry: dict[str, Any] = {
        "type": "http",
        "namespace": ns,
        "baseUri": f"{scheme}://{ns}.api.test/v{rng.randint(1, 3)}",
        "description": f"The {ns} service.",
    }
    if rng.random() < 0.5:
        key = ns.upper().replace("-", "_") + "_TOKEN"
        bound = f"{ns}-secrets"
        binds.append(
            {"namespace": bound, "description": f"Credentials of {ns}.", "keys": {key: key}}
        )
        ref = f"{bound}.{key}" if draw.defect("qualified-bind") else key
        entry["authentication"] = {"type": "bearer", "token": "{{" + ref + "}}"}
    resources = []
    for res in space["resources"]:
        brace = "{{{}}}" if draw.defect("single-brace") else "{{{{{}}}}}"
        path = "/" + res["plural"] + "".join("/" + brace.format(v) for v in res["vars"])
        ops = []
        for op in res["ops"]:
            item: dict[str, Any] = {"name": op["name"], "method": op["method"]}
            if op["query"]:
                item["inputParameters"] = _inputs(op["query"], "query", draw)
            if op["body"] and draw.defect("body-unsent"):
                item["inputParameters"] = _inputs(["body"], "body", draw)
                op["body"] = ["body"]
            elif op["body"]:
                item["body"] = {"type": "json", "data": {f: "{{" + f + "}}" for f in op["body"]}}
            if op.get("links"):
                item["outputParameters"] = [
                    {
                        "name": op["links"],
                        "type": "array",
                        "value": "$." + op["links"].replace("-", "_"),
                    }
                ]
            ops.append(item)
        resource: dict[str, Any] = {"name": res["name"], "path": path}
        if res["vars"] and rng.random() < 0.5:
            resource["inputParameters"] = _inputs(res["vars"], "path", draw)
        resources.append({**resource, "operations": ops})
    entry["resources"] = resources
    return entry


def _with(names: list[str], own: str, other: str, draw: Draw, mustache: bool) -> dict[str, str]:
    prefix = other if draw.defect("with-namespace") else own
    return {n: _mustache(n) if mustache else f"{prefix}.{n}" for n in names}


def _call(op: dict[str, Any], draw: Draw) -> str:
    name = op["name"]
    return f"{op['ns']}.{name[:-1] if draw.defect('call-typo') else name}"


def _output(op: dict[str, Any], draw: Draw) -> list[dict[str, Any]]:
    if draw.defect("object-output"):
        return [{"type": "object", "mapping": "$."}]
    props = {"id": {"type": "string", "mapping": "$.id"}}
    props.update({f: {"type": "string", "mapping": f"$.{f}"} for f in draw.rng.sample(FIELDS, 2)})
    return [{"type": "object", "properties": props}]


def _param(name: str, where: str | None) -> dict[str, Any]:
    item: dict[str, Any] = {"name": name, "type": "string", "description": f"The {name}."}
    return {"name": name, "in": where, **item} if where else item


def rest_adapter(spaces: list[dict[str, Any]], api: str, draw: Draw) -> dict[str, Any]:
    adapter: dict[str, Any] = {"type": "rest", "namespace": api, "port": 8080}
    if draw.defect("rest-description"):
        adapter["description"] = f"REST adapter of {api}."
    resources = []
    for res in (r for s in spaces for r in s["resources"]):
        path = "/" + res["plural"] + "".join("/{" + v + "}" for v in res["vars"])
        resource: dict[str, Any] = {
            "path": path,
            "name": res["name"],
            "description": f"The {res['name']} resource.",
        }
        if res["vars"] and not draw.defect("path-undeclared"):
            resource["inputParameters"] = [_param(v, "path") for v in res["vars"]]
        ops = []
        for op in res["ops"]:
            inputs = [_param(q, "query") for q in op["query"]]
            inputs += [_param(f, "body") for f in op["body"]]
            item: dict[str, Any] = {
                "method": op["method"],
                "name": op["name"],
                "description": f"{op['name'].replace('-', ' ').capitalize()}.",
            }
            if inputs:
                item["inputParameters"] = inputs
            item["call"] = _call(op, draw)
            wired = res["vars"] + op["query"] + op["body"]
            if wired:
                item["with"] = _with(wired, api, "rest", draw, False)
            if op["method"] == "GET":
                item["outputParameters"] = _output(op, draw)
            ops.append(item)
        resources.append({**resource, "operations": ops})
    adapter["resources"] = resources
    return adapter


def _hints(method: str, draw: Draw) -> dict[str, Any]:
    hints = dict(HINTS[method])
    if draw.defect("hints"):
        flip = {
            "GET": "readOnly",
            "POST": "idempotent",
            "PUT": "idempotent",
            "DELETE": "destructive",
        }
        hints[flip[method]] = not hints[flip[method]]
    return hints


def steps_tool(get: dict[str, Any], lst: dict[str, Any], var: str, draw: Draw) -> dict[str, Any]:
    """An orchestrated tool: read one item, list another resource, join them (steps.yaml)."""
    inputs = [var, *lst["query"]]
    return {
        "name": f"{get['name']}-with-{lst['name']}",
        "description": f"{get['name']} joined with {lst['name']}.",
        "hints": {"readOnly": True},
        "inputParameters": [_param(n, None) for n in inputs],
        "steps": [
            {
                "type": "call",
                "name": get["name"],
                "call": f"{get['ns']}.{get['name']}",
                "with": {var: _mustache(var)},
            },
            {
                "type": "call",
                "name": lst["name"],
                "call": f"{lst['ns']}.{lst['name']}",
                "with": {q: _mustache(q) for q in lst["query"]},
            },
            {
                "type": "lookup",
                "name": "joined",
                "index": lst["name"],
                "match": "id",
                "lookupValue": f"$.{get['name']}.{get['links']}",
                "outputParameters": ["name"],
            },
        ],
        "mappings": [{"targetName": "names", "value": "$.joined.name"}],
        "outputParameters": [
            {"name": "names", "type": "array", "items": [{"name": "name", "type": "string"}]}
        ],
    }


def mcp_adapter(spaces: list[dict[str, Any]], tools_ns: str, draw: Draw) -> dict[str, Any]:
    rng = draw.rng
    tools, resources = [], []
    for res in (r for s in spaces for r in s["resources"]):
        for op in res["ops"]:
            wired = res["vars"] + op["query"] + op["body"]
            tool: dict[str, Any] = {
                "name": op["name"],
                "description": f"{op['name'].replace('-', ' ').capitalize()}.",
                "hints": _hints(op["method"], draw),
            }
            if wired:
                tool["inputParameters"] = [_param(n, None) for n in wired]
            tool["call"] = _call(op, draw)
            if wired:
                tool["with"] = _with(wired, tools_ns, "tools", draw, rng.random() < 0.2)
            tools.append(tool)
            if op["method"] == "GET" and res["vars"] and rng.random() < 0.3:
                resources.append(
                    {
                        "name": f"{res['one']}-doc",
                        "label": res["one"].capitalize(),
                        "uri": f"data://{res['plural']}/{{{res['vars'][0]}}}",
                        "description": f"One {res['one']}; the id arrives from the uri.",
                        "mimeType": "application/json",
                        "call": _call(op, draw),
                    }
                )
    adapter: dict[str, Any] = {
        "type": "mcp",
        "namespace": tools_ns,
        "port": 9090,
        "description": f"Tools of {tools_ns}.",
        "tools": tools,
    }
    if resources:
        adapter["resources"] = resources
    return adapter


def _mustache(name: str) -> str:
    return "{{" + name + "}}"
