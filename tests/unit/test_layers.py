"""The tree reads as the pipeline: a stage imports only from the stages below it (type-only
imports aside), the vocabulary modules import no stage, and the faces sit on top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "naftiko_lint"
# lowest first; a module may import its own layer or any layer below it
LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "diagnostics",
        "errors",
        "values",
        "pointer",
        "suggest",
        "bundled",
        "no_fetch",
        "reading",
        "globs",
        "braces",
        "exits",
    ),
    ("document",),
    ("spec",),
    ("capability",),
    ("functions",),
    ("ruleset",),
    (
        "config",
        "gitignore",
        "selection",
        "discovery",
        "plan",
        "locate",
        "containment",
        "suppression",
        "linter",
        "results",
        "runner",
        "cache",
        "workers",
        "baseline",
    ),
    ("formatters", "export", "fix"),
    ("serve",),
    ("conformance", "mcp_server"),
    ("lsp",),
    ("cli", "__init__", "__main__"),
)
LAYER_OF = {name: level for level, names in enumerate(LAYERS) for name in names}


def _layer(module: str) -> int:
    """naftiko_lint.spec.schema -> the layer of `spec`."""
    parts = module.split(".")
    return LAYER_OF[parts[1] if len(parts) > 1 else "__init__"]


def _runtime_imports(tree: ast.Module) -> list[tuple[int, str]]:
    """Imports of naftiko_lint modules outside `if TYPE_CHECKING:` blocks."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "naftiko_lint":
                found += [(node.lineno, f"naftiko_lint.{a.name}") for a in node.names]
            elif node.module.startswith("naftiko_lint."):
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found += [
                (node.lineno, a.name) for a in node.names if a.name.startswith("naftiko_lint.")
            ]
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_go_down_the_pipeline(path: Path) -> None:
    module = "naftiko_lint." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    module = module.removesuffix(".__init__") if path.name == "__init__.py" else module
    own = _layer(module) if module != "naftiko_lint" else LAYER_OF["__init__"]
    upward = [
        f"line {line}: {target}"
        for line, target in _runtime_imports(ast.parse(path.read_text()))
        if target.split(".")[1] in LAYER_OF and _layer(target) > own
    ]
    assert upward == []


def test_every_top_level_name_has_a_layer() -> None:
    names = {
        p.stem if p.is_file() else p.name
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))
    }
    assert names - set(LAYER_OF) == set()
