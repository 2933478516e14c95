"""Write schemas/naftiko-<version>.schema.json for every supported spec version.

    python scripts/generate_schemas.py

The structure is written by us from the published Naftiko specification (see the notes in
shared/docs); one builder makes the final 1.0.0-alpha2 structure, 1.0.0-alpha3 differs only
in the version constant, and 1.0.0-alpha1 lacks what the alpha2 window added (aggregates and
`ref`, the control adapter, oauth2, script steps, mock tools and functions, authentication on
MCP adapters, the loosened step-mapping target, the imported-consumes description).
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "schemas"
BASE_ID = "https://naftiko-lint.dev/schemas/naftiko-{version}.schema.json"

KEBAB = "^[a-zA-Z0-9-]+$"
IDENT = "^[a-zA-Z0-9-_*]+$"
VAR = "^[A-Z][A-Z0-9_]*$"
SCALARS = ["string", "number", "boolean"]


def d(text: str, **schema) -> dict:
    return {"description": text, **schema}


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def obj(text: str, props: dict, required: list[str] | None = None, **extra) -> dict:
    out = {"description": text, "type": "object", "properties": props}
    if required:
        out["required"] = required
    out.update(extra)
    out.setdefault("additionalProperties", False)
    return out


def arr(text: str, items: dict, min_items: int = 1) -> dict:
    return {"description": text, "type": "array", "items": items, "minItems": min_items}


def discriminate(text: str, prop: str, mapping: dict[str, str]) -> dict:
    """A union chosen by the value of `prop`: only the selected branch is ever validated.

    Written with if/then rather than oneOf, so every validator (and every editor) reports
    the errors of the one branch the document means, and an unknown value once.
    """
    return {
        "description": text,
        "type": "object",
        "required": [prop],
        "properties": {prop: {"enum": list(mapping)}},
        "allOf": [
            {
                "if": {"properties": {prop: {"const": value}}, "required": [prop]},
                "then": ref(target),
            }
            for value, target in mapping.items()
        ],
    }


def by_mode(unit: dict, outputs: dict[str, str]) -> dict:
    """Type a unit's outputParameters by its mode: call → mapped, steps → orchestrated,
    neither (and no ref) → mock."""
    rules = []
    for mode, target in outputs.items():
        if mode == "mock":
            condition = {
                "not": {
                    "anyOf": [
                        {"required": ["call"]},
                        {"required": ["steps"]},
                        {"required": ["ref"]},
                    ]
                }
            }
        else:
            condition = {"required": [mode]}
        rules.append(
            {"if": condition, "then": {"properties": {"outputParameters": {"items": ref(target)}}}}
        )
    unit["allOf"] = unit.get("allOf", []) + rules
    return unit


def build(version: str, alpha2: bool) -> dict:
    defs: dict[str, dict] = {}
    defs["Namespace"] = d(
        "A kebab-case namespace: letters, digits and '-'.", type="string", pattern=KEBAB
    )
    defs["Name"] = d("A kebab-case name: letters, digits and '-'.", type="string", pattern=KEBAB)
    defs["Identifier"] = d(
        "A parameter name: letters, digits, '-', '_' or '*'.", type="string", pattern=IDENT
    )
    defs["Port"] = d("A TCP port number from 1 to 65535.", type="integer", minimum=1, maximum=65535)
    defs["Address"] = d("A host name, IPv4 or IPv6 address to bind.", type="string", minLength=1)
    defs["FileUri"] = d(
        "A file:/// URI of a local folder or file.", type="string", pattern="^file:///"
    )
    defs["CallReference"] = d(
        "'<consumes-namespace>.<operation-name>'.",
        type="string",
        pattern=r"^[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$",
    )
    defs["JsonPath"] = d("A JsonPath expression starting with '$'.", type="string", pattern=r"^\$")
    defs["HttpMethod"] = d("An HTTP method.", enum=["GET", "POST", "PUT", "PATCH", "DELETE"])
    defs["WithMap"] = d(
        "Values passed to the called operation: '<exposes-namespace>.<input>', a Mustache "
        "template such as '{{name}}', or a static value.",
        type="object",
        additionalProperties={"type": ["string", "number", "boolean"]},
    )
    defs["Info"] = obj(
        "Descriptive metadata of the capability.",
        {
            "label": d("Display name.", type="string"),
            "description": d("What the capability does.", type="string"),
            "tags": d("Keywords.", type="array", items={"type": "string"}),
            "created": d(
                "Creation date, YYYY-MM-DD.", type="string", pattern=r"^\d{4}-\d{2}-\d{2}$"
            ),
            "modified": d(
                "Last modification date, YYYY-MM-DD.", type="string", pattern=r"^\d{4}-\d{2}-\d{2}$"
            ),
            "stakeholders": arr("People responsible for the capability.", ref("Stakeholder")),
        },
        ["label", "description"],
    )
    defs["Stakeholder"] = obj(
        "A person with a role in the capability.",
        {
            "role": d("The person's role.", type="string"),
            "fullName": d("The person's full name.", type="string"),
            "email": d("The person's e-mail address.", type="string"),
        },
        ["role", "fullName"],
    )
    defs["Bind"] = obj(
        "Variables injected from a provider (env, file, vault…).",
        {
            "namespace": ref("Namespace"),
            "description": d("What the variables are for.", type="string"),
            "location": d(
                "Provider URI with a scheme; omit for runtime/environment injection.",
                type="string",
                pattern="^[a-zA-Z][a-zA-Z0-9+.-]*://",
            ),
            "keys": d(
                "Variable name (SCREAMING_SNAKE_CASE) → key in the provider.",
                type="object",
                minProperties=1,
                propertyNames={"pattern": VAR},
                additionalProperties={"type": "string", "pattern": "^[a-zA-Z0-9-_*]+$"},
            ),
        },
        ["namespace", "keys"],
    )

    auth_types = {
        "basic": (
            {
                "username": d("User name.", type="string"),
                "password": d("Password, normally a {{VAR}} reference.", type="string"),
            }
        ),
        "apikey": (
            {
                "key": d("Header or query parameter name.", type="string"),
                "value": d("API key, normally a {{VAR}} reference.", type="string"),
                "placement": d("Where the key goes.", enum=["header", "query"]),
            }
        ),
        "bearer": ({"token": d("Bearer token, normally a {{VAR}} reference.", type="string")}),
        "digest": (
            {
                "username": d("User name.", type="string"),
                "password": d("Password, normally a {{VAR}} reference.", type="string"),
            }
        ),
    }
    if alpha2:
        auth_types["oauth2"] = {
            "authorizationServerUri": d("The authorization server.", type="string"),
            "resource": d("This resource server's identifier.", type="string"),
            "scopes": d("Scopes required.", type="array", items={"type": "string"}),
            "audience": d("Expected token audience.", type="string"),
            "tokenEndpoint": d("Token endpoint URI.", type="string"),
            "tokenValidation": d("How tokens are validated.", enum=["jwks", "introspection"]),
        }
    for kind, props in auth_types.items():
        name = f"Authentication{kind.capitalize()}"
        required = ["type"] + (["authorizationServerUri", "resource"] if kind == "oauth2" else [])
        defs[name] = obj(f"{kind} authentication.", {"type": {"const": kind}, **props}, required)
    defs["Authentication"] = discriminate(
        "Authentication, chosen by 'type'.",
        "type",
        {kind: f"Authentication{kind.capitalize()}" for kind in auth_types},
    )

    defs["ConsumedInputParameter"] = obj(
        "A parameter sent to the consumed API.",
        {
            "name": ref("Identifier"),
            "in": d(
                "Where the parameter goes.",
                enum=["query", "header", "path", "cookie", "body", "environment"],
            ),
            "value": d("Static value, Mustache template or {{VAR}} reference.", type="string"),
        },
        ["name", "in"],
    )
    defs["ConsumedOutputParameter"] = obj(
        "A value extracted from the consumed response.",
        {
            "name": ref("Identifier"),
            "type": d("The value's type.", enum=["string", "number", "boolean", "object", "array"]),
            "value": ref("JsonPath"),
        },
        ["name", "type", "value"],
    )
    body_variants = {
        "json": "RequestBodyJson",
        "text": "RequestBodyText",
        "xml": "RequestBodyText",
        "sparql": "RequestBodyText",
        "formUrlEncoded": "RequestBodyForm",
        "multipartForm": "RequestBodyMultipart",
    }
    defs["RequestBodyJson"] = obj(
        "A JSON body.",
        {"type": {"const": "json"}, "data": d("Body data.", type=["string", "object", "array"])},
        ["type", "data"],
    )
    defs["RequestBodyText"] = obj(
        "A text, XML or SPARQL body.",
        {"type": {"enum": ["text", "xml", "sparql"]}, "data": d("Body text.", type="string")},
        ["type", "data"],
    )
    defs["RequestBodyForm"] = obj(
        "A form URL-encoded body.",
        {"type": {"const": "formUrlEncoded"}, "data": d("Fields.", type=["string", "object"])},
        ["type", "data"],
    )
    defs["RequestBodyMultipart"] = obj(
        "A multipart form body.",
        {
            "type": {"const": "multipartForm"},
            "data": arr(
                "Parts.",
                obj(
                    "One part.",
                    {
                        "name": d("Part name.", type="string"),
                        "value": d("Part value.", type="string"),
                        "filename": d("File name.", type="string"),
                        "contentType": d("Content type.", type="string"),
                    },
                    ["name", "value"],
                ),
            ),
        },
        ["type", "data"],
    )
    defs["RequestBody"] = d(
        "The request body of a consumed operation: a raw string, or a mapping chosen by 'type'.",
        type=["string", "object"],
        **{"if": {"type": "object"}, "then": discriminate("A typed body.", "type", body_variants)},
    )
    defs["ConsumedHttpOperation"] = obj(
        "An operation of a consumed HTTP resource.",
        {
            "name": ref("Name"),
            "method": ref("HttpMethod"),
            "label": d("Display name.", type="string"),
            "description": d("What the operation does.", type="string"),
            "inputParameters": arr("Parameters of this operation.", ref("ConsumedInputParameter")),
            "outputRawFormat": d(
                "Format of the raw response.",
                enum=[
                    "json",
                    "xml",
                    "avro",
                    "protobuf",
                    "csv",
                    "tsv",
                    "psv",
                    "yaml",
                    "html",
                    "markdown",
                ],
            ),
            "outputSchema": d(
                "Schema path, CSS selector or heading prefix for the raw format.", type="string"
            ),
            "outputParameters": arr(
                "Values extracted from the response.", ref("ConsumedOutputParameter")
            ),
            "body": ref("RequestBody"),
        },
        ["name", "method"],
    )
    defs["ConsumedHttpResource"] = obj(
        "A resource (path) of a consumed HTTP API.",
        {
            "name": ref("Name"),
            "path": d("Path appended to baseUri; parameters are written {{name}}.", type="string"),
            "label": d("Display name.", type="string"),
            "description": d("What the resource is.", type="string"),
            "inputParameters": arr("Parameters of every operation.", ref("ConsumedInputParameter")),
            "operations": arr("Operations of the resource.", ref("ConsumedHttpOperation")),
        },
        ["name", "path", "operations"],
    )
    defs["ConsumesHttp"] = obj(
        "An HTTP API the capability consumes.",
        {
            "type": {"const": "http"},
            "namespace": ref("Namespace"),
            "baseUri": d(
                "Scheme, host and optional base path; no '{' in the path.",
                type="string",
                pattern="^https?://[^/]+(/[^{]*)?$",
            ),
            "description": d("What the API is.", type="string"),
            "inputParameters": arr("Parameters of every operation.", ref("ConsumedInputParameter")),
            "authentication": ref("Authentication"),
            "resources": arr("Resources of the API.", ref("ConsumedHttpResource")),
        },
        ["type", "namespace", "baseUri"],
    )
    imported_props = {
        "location": d("Path or URI of the shared consumes file.", type="string"),
        "import": ref("Namespace") | {"description": "Namespace imported from that file."},
        "as": ref("Namespace") | {"description": "Local alias of the imported namespace."},
    }
    if alpha2:
        imported_props["description"] = d("What the import is for.", type="string")
    defs["ImportedConsumesHttp"] = obj(
        "A consumes entry imported from a shared file.", imported_props, ["location", "import"]
    )
    defs["Consumes"] = d(
        "A consumed API: declared here (with 'type') or imported (with 'location').",
        type="object",
        **{
            "if": {"required": ["type"]},
            "then": discriminate("A declared consumed API.", "type", {"http": "ConsumesHttp"}),
            "else": ref("ImportedConsumesHttp"),
        },
    )

    defs["ExposedInputParameter"] = obj(
        "An input of an exposed REST unit.",
        {
            "name": ref("Identifier"),
            "in": d("Where the input is read.", enum=["query", "header", "path", "cookie", "body"]),
            "type": d(
                "The input's type.",
                enum=["string", "number", "integer", "boolean", "array", "object"],
            ),
            "description": d("What the input is.", type="string"),
            "pattern": d("A regular expression the value must match.", type="string"),
            "value": d("A default or fixed value.", type=["string", "number", "boolean"]),
        },
        ["name", "in", "type", "description"],
    )
    defs["McpToolInputParameter"] = obj(
        "An argument of an MCP tool or aggregate function.",
        {
            "name": ref("Identifier"),
            "type": d(
                "The argument's type.",
                enum=["string", "number", "integer", "boolean", "array", "object"],
            ),
            "description": d("What the argument is.", type="string"),
            "required": d("Whether the argument is required (default true).", type="boolean"),
        },
        ["name", "type", "description"],
    )
    mapped_common = {
        "name": ref("Identifier"),
        "mapping": ref("JsonPath") | {"description": "JsonPath selecting the value."},
        "value": d("Static value or Mustache template.", type=["string", "number", "boolean"]),
    }
    defs["MappedOutputParameter"] = discriminate(
        "An output of a simple unit, chosen by 'type'.",
        "type",
        {
            "string": "MappedOutputScalar",
            "number": "MappedOutputScalar",
            "boolean": "MappedOutputScalar",
            "object": "MappedOutputObject",
            "array": "MappedOutputArray",
        },
    )
    defs["MappedOutputScalar"] = obj(
        "A string, number or boolean output: exactly one of 'mapping' or 'value'.",
        {**mapped_common, "type": {"enum": SCALARS}},
        ["type"],
        oneOf=[{"required": ["mapping"]}, {"required": ["value"]}],
    )
    defs["MappedOutputObject"] = obj(
        "An object output: 'properties' is required.",
        {
            **mapped_common,
            "type": {"const": "object"},
            "properties": d(
                "Name → output.", type="object", additionalProperties=ref("MappedOutputParameter")
            ),
        },
        ["type", "properties"],
    )
    defs["MappedOutputArray"] = obj(
        "An array output: 'items' is required.",
        {**mapped_common, "type": {"const": "array"}, "items": ref("MappedOutputParameter")},
        ["type", "items"],
    )
    orchestrated_common = {
        "name": ref("Identifier"),
        "description": d("What the output is.", type="string"),
    }
    defs["OrchestratedOutputParameter"] = discriminate(
        "An output of an orchestrated unit, chosen by 'type'.",
        "type",
        {
            "string": "OrchestratedOutputScalar",
            "number": "OrchestratedOutputScalar",
            "boolean": "OrchestratedOutputScalar",
            "object": "OrchestratedOutputObject",
            "array": "OrchestratedOutputArray",
        },
    )
    defs["OrchestratedOutputScalar"] = obj(
        "A string, number or boolean output of an orchestrated unit.",
        {**orchestrated_common, "type": {"enum": SCALARS}},
        ["name", "type"],
    )
    defs["OrchestratedOutputObject"] = obj(
        "An object output of an orchestrated unit: 'properties' is required.",
        {
            **orchestrated_common,
            "type": {"const": "object"},
            "properties": d(
                "Name → output.",
                type="object",
                additionalProperties=ref("OrchestratedOutputParameter"),
            ),
        },
        ["name", "type", "properties"],
    )
    defs["OrchestratedOutputArray"] = obj(
        "An array output of an orchestrated unit: 'items' is required.",
        {
            **orchestrated_common,
            "type": {"const": "array"},
            "items": arr("Item outputs of an array.", ref("OrchestratedOutputParameter")),
        },
        ["name", "type", "items"],
    )
    defs["MockOutputParameter"] = obj(
        "A static output of a mock tool or function.",
        {
            "name": ref("Identifier"),
            "type": {"enum": SCALARS},
            "value": d("The value returned.", type=["string", "number", "boolean"]),
        },
        ["name", "type", "value"],
    )

    step_refs = ["StepCall", "StepLookup"] + (["StepScript"] if alpha2 else [])
    defs["StepCall"] = obj(
        "A step that calls a consumed operation.",
        {
            "type": {"const": "call"},
            "name": ref("Identifier"),
            "call": ref("CallReference"),
            "with": ref("WithMap"),
        },
        ["type", "name", "call"],
    )
    defs["StepLookup"] = obj(
        "A step that looks values up in an earlier call step's output.",
        {
            "type": {"const": "lookup"},
            "name": ref("Identifier"),
            "index": d("Name of an earlier call step.", type="string"),
            "match": d("Key field to match.", type="string"),
            "lookupValue": ref("JsonPath"),
            "outputParameters": d("Fields to return.", type="array", items={"type": "string"}),
        },
        ["type", "name", "index", "match", "lookupValue", "outputParameters"],
    )
    if alpha2:
        defs["StepScript"] = obj(
            "A step that runs a script.",
            {
                "type": {"const": "script"},
                "name": ref("Identifier"),
                "file": d("Script file.", type="string"),
                "language": d("Script language.", enum=["javascript", "python", "groovy"]),
                "location": ref("FileUri"),
                "dependencies": d("Extra script files.", type="array", items={"type": "string"}),
                "with": ref("WithMap"),
            },
            ["type", "name", "file"],
        )
    defs["Step"] = discriminate(
        "An orchestration step, chosen by 'type'.", "type", {n[4:].lower(): n for n in step_refs}
    )
    defs["StepMapping"] = obj(
        "Copies a step output into an output or a later step input.",
        {
            "targetName": d(
                "Output parameter or later step input.",
                type="string",
                pattern="^[a-zA-Z0-9-_.]+$" if alpha2 else IDENT,
            ),
            "value": ref("JsonPath"),
        },
        ["targetName", "value"],
    )

    unit_common = {
        "call": ref("CallReference"),
        "with": ref("WithMap"),
        "steps": arr("Orchestration steps.", ref("Step")),
        "mappings": arr("Step output mappings.", ref("StepMapping"), 0),
        "outputParameters": d("Outputs of the unit.", type="array"),
    }
    if alpha2:
        unit_common["ref"] = d(
            "'<aggregate-namespace>.<function-name>'.",
            type="string",
            pattern=r"^[a-zA-Z0-9-]+\.[a-zA-Z0-9-]+$",
        )
    defs["ExposedOperation"] = by_mode(
        obj(
            "An operation of an exposed REST resource.",
            {
                "method": ref("HttpMethod"),
                "name": ref("Name"),
                "label": d("Display name.", type="string"),
                "description": d("What the operation does.", type="string"),
                "inputParameters": arr("Inputs of the operation.", ref("ExposedInputParameter")),
                **unit_common,
            },
            ["method"],
        ),
        {
            "call": "MappedOutputParameter",
            "steps": "OrchestratedOutputParameter",
            "mock": "MappedOutputParameter",
        },
    )
    defs["ExposedOperation"]["allOf"].append(
        {"if": {"required": ["steps"]}, "then": {"required": ["name"]}}
    )
    defs["ExposedResource"] = obj(
        "A resource (path) of an exposed REST adapter.",
        {
            "path": d("Path; parameters are written {name} or {{name}}.", type="string"),
            "name": ref("Name"),
            "label": d("Display name.", type="string"),
            "description": d("What the resource is.", type="string"),
            "inputParameters": arr("Inputs of every operation.", ref("ExposedInputParameter")),
            "operations": arr("Operations of the resource.", ref("ExposedOperation")),
            "forward": obj(
                "Proxies requests to a consumed namespace.",
                {
                    "targetNamespace": ref("Namespace"),
                    "trustedHeaders": d(
                        "Headers passed through.", type="array", items={"type": "string"}
                    ),
                },
                ["targetNamespace"],
            ),
        },
        ["path"],
        anyOf=[{"required": ["operations"]}, {"required": ["forward"]}],
    )
    exposes_auth = {"authentication": ref("Authentication")}
    defs["ExposesRest"] = obj(
        "A REST adapter exposing resources over HTTP.",
        {
            "type": {"const": "rest"},
            "namespace": ref("Namespace"),
            "port": ref("Port"),
            "address": ref("Address"),
            **exposes_auth,
            "resources": arr("Resources of the adapter.", ref("ExposedResource")),
        },
        ["type", "namespace", "port"],
    )
    defs["McpToolHints"] = obj(
        "Behaviour hints for agents (MCP tool annotations).",
        {
            "readOnly": d("The tool changes nothing (default false).", type="boolean"),
            "destructive": d("The tool may destroy data (default true).", type="boolean"),
            "idempotent": d(
                "Repeating the call has no further effect (default false).", type="boolean"
            ),
            "openWorld": d("The tool reaches outside systems (default true).", type="boolean"),
        },
    )
    tool_outputs = {"call": "MappedOutputParameter", "steps": "OrchestratedOutputParameter"}
    if alpha2:
        tool_outputs["mock"] = "MockOutputParameter"
    defs["McpTool"] = by_mode(
        obj(
            "A tool of an MCP adapter.",
            {
                "name": ref("Name"),
                "label": d("Title shown to users.", type="string"),
                "description": d("What the tool does, for the model.", type="string"),
                "inputParameters": arr("Arguments of the tool.", ref("McpToolInputParameter"), 0),
                "hints": ref("McpToolHints"),
                **unit_common,
            },
            [] if alpha2 else ["name", "description"],
        ),
        tool_outputs,
    )
    if alpha2:  # a `ref` tool inherits name and description from its function
        defs["McpTool"]["allOf"].append(
            {"if": {"not": {"required": ["ref"]}}, "then": {"required": ["name", "description"]}}
        )
    defs["McpResource"] = obj(
        "A resource of an MCP adapter.",
        {
            "name": ref("Name"),
            "label": d("Display name.", type="string"),
            "uri": d("Resource URI.", type="string"),
            "description": d("What the resource is.", type="string"),
            "mimeType": d("MIME type.", type="string"),
            "location": ref("FileUri"),
            **{k: v for k, v in unit_common.items() if k != "ref"},
        },
        ["name", "label", "uri", "description"],
    )
    by_mode(
        defs["McpResource"],
        {"call": "MappedOutputParameter", "steps": "OrchestratedOutputParameter"},
    )
    defs["McpPrompt"] = obj(
        "A prompt template of an MCP adapter.",
        {
            "name": ref("Name"),
            "label": d("Display name.", type="string"),
            "description": d("What the prompt is for.", type="string"),
            "arguments": arr(
                "Prompt arguments.",
                obj(
                    "A prompt argument.",
                    {
                        "name": ref("Identifier"),
                        "description": d("What it is.", type="string"),
                        "label": d("Display name.", type="string"),
                        "required": d("Whether it is required.", type="boolean"),
                    },
                    ["name", "description"],
                ),
                0,
            ),
            "template": arr(
                "Messages.",
                obj(
                    "A message.",
                    {
                        "role": d("Speaker.", enum=["user", "assistant", "system"]),
                        "content": d("Text.", type="string"),
                    },
                    ["role", "content"],
                ),
            ),
            "location": ref("FileUri"),
        },
        ["name", "label", "description"],
    )
    mcp_props = {
        "type": {"const": "mcp"},
        "namespace": ref("Namespace"),
        "transport": d("Transport (default http).", enum=["http", "stdio"]),
        "port": ref("Port"),
        "address": ref("Address"),
        "description": d("What the adapter offers.", type="string"),
        "tools": arr("Tools of the adapter.", ref("McpTool")),
        "resources": arr("Resources of the adapter.", ref("McpResource")),
        "prompts": arr("Prompts of the adapter.", ref("McpPrompt")),
    }
    if alpha2:
        mcp_props.update(exposes_auth)
    defs["ExposesMcp"] = obj(
        "An MCP server exposing tools.", mcp_props, ["type", "namespace", "tools"]
    )
    defs["SkillTool"] = obj(
        "A tool of a skill.",
        {
            "name": ref("Name"),
            "description": d("What the tool does.", type="string"),
            "from": obj(
                "A sibling adapter's operation or tool.",
                {
                    "sourceNamespace": ref("Namespace"),
                    "action": d("Operation or tool name.", type="string"),
                },
                ["sourceNamespace", "action"],
            ),
            "instruction": d("An instruction file inside the skill's location.", type="string"),
        },
        ["name", "description"],
    )
    defs["ExposedSkill"] = obj(
        "A skill in the catalogue.",
        {
            "name": ref("Name"),
            "description": d("What the skill does.", type="string", maxLength=1024),
            "license": d("License.", type="string"),
            "compatibility": d("Compatibility notes.", type="string", maxLength=500),
            "metadata": d("Free metadata.", type="object", additionalProperties={"type": "string"}),
            "allowed-tools": d("Tools the skill may use.", type="string"),
            "argument-hint": d("Hint for arguments.", type="string"),
            "user-invocable": d("Users may invoke it.", type="boolean"),
            "disable-model-invocation": d("Models may not invoke it.", type="boolean"),
            "location": ref("FileUri"),
            "tools": arr("Tools of the skill.", ref("SkillTool")),
        },
        ["name", "description"],
    )
    defs["ExposesSkill"] = obj(
        "A skill catalogue adapter.",
        {
            "type": {"const": "skill"},
            "namespace": ref("Namespace"),
            "port": ref("Port"),
            "address": ref("Address"),
            "description": d("What the catalogue offers.", type="string"),
            **exposes_auth,
            "skills": arr("Skills.", ref("ExposedSkill")),
        },
        ["type", "namespace", "port", "skills"],
    )
    exposes_refs = ["ExposesRest", "ExposesMcp", "ExposesSkill"]
    if alpha2:
        defs["ExposesControl"] = obj(
            "The management and observability adapter.",
            {
                "type": {"const": "control"},
                "port": ref("Port"),
                "address": ref("Address"),
                **exposes_auth,
                "management": ref("ControlManagement"),
                "observability": ref("Observability"),
            },
            ["type", "port"],
        )
        languages = ["javascript", "python", "groovy"]
        defs["ControlManagement"] = obj(
            "Management endpoint groups of the control port.",
            {
                "health": d("/health/live and /health/ready.", type="boolean"),
                "info": d("/status and /config.", type="boolean"),
                "reload": d("POST /config/reload.", type="boolean"),
                "validate": d("POST /config/validate.", type="boolean"),
                "logs": {
                    "description": "/logs endpoints: true/false, or the detailed form.",
                    "type": ["boolean", "object"],
                    "if": {"type": "object"},
                    "then": ref("ControlLogs"),
                },
                "scripting": ref("ControlScripting"),
            },
        )
        defs["ControlLogs"] = obj(
            "Log level control and streaming.",
            {
                "level-control": d("/logs and /logs/{logger}.", type="boolean"),
                "stream": d("/logs/stream (server-sent events).", type="boolean"),
                "max-subscribers": d(
                    "Concurrent stream subscribers.", type="integer", minimum=1, maximum=20
                ),
            },
        )
        defs["ControlScripting"] = obj(
            "Defaults and limits of script steps.",
            {
                "enabled": d("Script steps may run.", type="boolean"),
                "defaultLocation": ref("FileUri") | {"description": "Default scripts folder."},
                "defaultLanguage": d("Default script language.", enum=languages),
                "timeout": d("Timeout of a script step, in ms.", type="integer", minimum=1),
                "statementLimit": d("Statements a script may run.", type="integer", minimum=1),
                "allowedLanguages": d(
                    "Languages allowed.", type="array", items={"enum": languages}
                ),
            },
        )
        defs["Observability"] = obj(
            "Tracing, metrics and their exporters.",
            {
                "enabled": d("Observability is on.", type="boolean"),
                "metrics": obj("Metrics.", {"local": ref("ObservabilityLocal")}),
                "traces": obj(
                    "Traces.",
                    {
                        "sampling": d("Sampling rate.", type="number", minimum=0, maximum=1),
                        "propagation": d("Context propagation format.", enum=["w3c", "b3"]),
                        "local": obj(
                            "The /traces endpoint.",
                            {
                                "enabled": d("Enabled.", type="boolean"),
                                "buffer-size": d(
                                    "Trace summaries kept.",
                                    type="integer",
                                    minimum=10,
                                    maximum=10000,
                                ),
                            },
                        ),
                    },
                ),
                "exporters": obj(
                    "Exporters.",
                    {
                        "otlp": obj(
                            "OTLP exporter.",
                            {"endpoint": d("OTLP endpoint (Mustache allowed).", type="string")},
                            ["endpoint"],
                        )
                    },
                ),
            },
        )
        defs["ObservabilityLocal"] = obj(
            "A local endpoint on the control port.", {"enabled": d("Enabled.", type="boolean")}
        )
        exposes_refs.append("ExposesControl")
    defs["Exposes"] = discriminate(
        "An exposed surface, chosen by 'type'.", "type", {n[7:].lower(): n for n in exposes_refs}
    )
    capability_props = {
        "binds": arr("Variables injected into the capability.", ref("Bind")),
        "exposes": arr("Surfaces the capability exposes.", ref("Exposes")),
        "consumes": arr("APIs the capability consumes.", ref("Consumes")),
    }
    if alpha2:
        defs["AggregateFunction"] = obj(
            "A reusable function adapters reference with 'ref'.",
            {
                "name": ref("Name"),
                "description": d("What the function does.", type="string"),
                "semantics": obj(
                    "Behaviour of the function.",
                    {
                        "safe": d("Changes nothing.", type="boolean"),
                        "idempotent": d("Repeatable.", type="boolean"),
                        "cacheable": d("Cacheable.", type="boolean"),
                    },
                ),
                "inputParameters": arr("Arguments.", ref("McpToolInputParameter"), 0),
                **{k: v for k, v in unit_common.items() if k != "ref"},
            },
            ["name", "description"],
        )
        by_mode(
            defs["AggregateFunction"],
            {
                "call": "MappedOutputParameter",
                "steps": "OrchestratedOutputParameter",
                "mock": "MockOutputParameter",
            },
        )
        defs["Aggregate"] = obj(
            "A namespace of reusable functions.",
            {
                "label": d("Display name.", type="string"),
                "namespace": ref("Namespace"),
                "functions": arr("Functions.", ref("AggregateFunction")),
            },
            ["label", "namespace", "functions"],
        )
        capability_props["aggregates"] = arr("Reusable functions.", ref("Aggregate"))
    defs["Capability"] = obj(
        "What the capability consumes and exposes.",
        capability_props,
        anyOf=[{"required": ["exposes"]}, {"required": ["consumes"]}],
    )
    for name, definition in defs.items():
        definition.setdefault("title", name)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": BASE_ID.format(version=version),
        "title": f"Naftiko capability, spec {version}",
        "description": f"A Naftiko capability document declaring 'naftiko: {version}'.",
        "type": "object",
        "properties": {
            "naftiko": d("The spec version.", type="string", const=version),
            "info": ref("Info"),
            "binds": arr("Variables injected into the capability.", ref("Bind")),
            "capability": ref("Capability"),
            "consumes": arr("Shared consumes (a consumer file others import).", ref("Consumes")),
        },
        "required": ["naftiko"],
        "oneOf": [{"required": ["capability"]}, {"required": ["consumes"]}],
        "additionalProperties": False,
        "$defs": defs,
    }


def main() -> None:
    for version, alpha2 in (
        ("1.0.0-alpha1", False),
        ("1.0.0-alpha2", True),
        ("1.0.0-alpha3", True),
    ):
        path = OUT / f"naftiko-{version}.schema.json"
        path.write_text(json.dumps(build(version, alpha2), indent=2) + "\n")
        print(path)


if __name__ == "__main__":
    main()
