"""A synthesised document written in the consumed operation's `outputRawFormat`, so that the
engine's util/Converter.convertToJson reads back what the capability's mappings look for.

The engine parses an upstream body after the format its consumed operation declares, not
after the Content-Type, so a JSON body under `outputRawFormat: xml` fails ("not
well-formed"). Each format is written as the converter reads it:

* `json` (and none): the document itself; `yaml`: the same document in YAML (Jackson's YAML
  reader keeps its types);
* `xml`: Jackson's XmlMapper.readTree drops the root element, turns child elements into
  fields, a repeated child into an array, and every leaf into *text*. So the document's
  members go under one `<response>` element, an array becomes its element repeated — at
  least twice, since a single element reads back as an object, not an array — and numbers
  and booleans arrive as strings, which is what the engine then answers. What XML cannot
  say (a root array, an array of arrays, an empty array, a member whose name is no XML
  name) is left out; the mapping that reads it then finds nothing, as it would in the
  engine;
* `csv`, `tsv`, `psv`: Jackson's CsvMapper with a header row reads an array of flat
  objects of text, so the document's rows (an object alone is one row) are written under a
  header of their members' names; a nested value goes in as its JSON text.

The other formats (`html`, `markdown`, `avro`, `protobuf`) are not synthesised: the body is
a plain-text sentence saying so, and the engine emulation answers such an operation as not
emulated (serve/outputs.NotEmulated), never as an engine failure."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from xml.sax.saxutils import escape

CONTENT_TYPES = {
    "json": "application/json",
    "yaml": "application/yaml",
    "xml": "application/xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "psv": "text/plain",
}
_DELIMITERS = {"csv": ",", "tsv": "\t", "psv": "|"}
_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def format_of(raw_format: object) -> str:
    """The lower-cased declared format ("json" when none is declared)."""
    return raw_format.lower() if isinstance(raw_format, str) else "json"


def synthesised(raw_format: object) -> bool:
    """Whether the mock upstream writes this format (else it answers a marked text)."""
    return format_of(raw_format) in CONTENT_TYPES


def encode_as(document: Any, raw_format: object) -> tuple[bytes, str]:
    """(body, Content-Type) of `document` in the declared format."""
    kind = format_of(raw_format)
    if kind == "json":
        return _json(document).encode(), CONTENT_TYPES[kind]
    if kind == "yaml":
        import yaml

        text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
        return text.encode(), CONTENT_TYPES[kind]
    if kind == "xml":
        return to_xml(document).encode(), CONTENT_TYPES[kind]
    if kind in _DELIMITERS:
        return to_delimited(document, _DELIMITERS[kind]).encode(), CONTENT_TYPES[kind]
    message = (
        f"naftiko-lint mock upstream: outputRawFormat {kind!r} is not synthesised; "
        "the built-in servers answer this operation as not emulated"
    )
    return message.encode(), "text/plain; charset=utf-8"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return _json(value)
    return str(value)


def _xml_members(value: dict) -> str:
    parts: list[str] = []
    for name, member in value.items():
        if not isinstance(name, str) or not _XML_NAME.fullmatch(name):
            continue
        if name.lower().startswith("xml"):
            continue  # reserved names
        elements = member if isinstance(member, list) else [member]
        if isinstance(member, list) and len(elements) == 1:
            elements = elements * 2  # one element would read back as no array
        for element in elements:
            if isinstance(element, list):
                continue  # XML has no array of arrays
            parts.append(f"<{name}>{_xml_content(element)}</{name}>")
    return "".join(parts)


def _xml_content(value: Any) -> str:
    if isinstance(value, dict):
        return _xml_members(value)
    return escape(_text(value))


def to_xml(document: Any) -> str:
    """`document` as XML whose XmlMapper.readTree is the document (its scalars as text)."""
    inner = _xml_members(document) if isinstance(document, dict) else ""
    if isinstance(document, list):
        inner = _xml_members({"item": document})
    elif not isinstance(document, dict):
        inner = escape(_text(document))
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<response>{inner}</response>\n'


def to_delimited(document: Any, delimiter: str) -> str:
    """`document`'s rows under a header row, as CsvMapper with a header reads them."""
    rows = document if isinstance(document, list) else [document]
    rows = [row if isinstance(row, dict) else {"value": row} for row in rows]
    header: list[str] = []
    for row in rows:
        header += [str(k) for k in row if str(k) not in header]
    if not header:
        header = ["value"]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_text(row.get(name)) for name in header])
    return out.getvalue()
