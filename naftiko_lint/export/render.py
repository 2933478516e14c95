"""Deterministic text of an exported document: JSON (2-space indent) or YAML (block style,
keys in the order the exporter built them, no anchors, no line folding), one trailing
newline; the same document always gives the same bytes."""

from __future__ import annotations

import json
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """Block-style YAML that never writes aliases (an exported schema shared by two
    operations is written twice: readers expect no `&id001`)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def render(document: Any, fmt: str = "yaml") -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=10_000,
    )
