"""Real inputs for the formatter tests: small capability files written to a folder, linted
by the real pipeline, so each formatter is tested on LintResults the linter produced."""

from __future__ import annotations

from pathlib import Path

CAPABILITY = (
    "naftiko: 1.0.0-alpha2\ninfo:\n  label: Orders\n  description: Order lookups\n"
    "  tags: [orders]\ncapability:\n  consumes:\n    - type: http\n      namespace: orders\n"
    "      baseUri: https://orders.test\n      description: The order service.\n"
)
FILES = {
    "good.yaml": CAPABILITY,
    # one error: the key repeated on line 4
    "dup.yaml": CAPABILITY.replace("  label: Orders\n", "  label: A\n  label: B\n"),
    # one schema error that carries a suggestion ('order-service')
    "spaced.yaml": CAPABILITY.replace("namespace: orders", "namespace: order service"),
    # a non-ASCII key in the message
    "umlaut.yaml": CAPABILITY.replace("  label: Orders\n", "  größe: 1\n  größe: 2\n  label: O\n"),
}
DUP_LINE = (
    "dup.yaml:4:3: error [yaml-duplicate-key] Duplicate key 'label' (first defined on "
    "line 3); YAML loaders keep only the last value"
)


def write(folder: Path, *names: str) -> list[str]:
    """Write the named inputs into `folder`; their names, relative to it."""
    for name in names:
        (folder / name).write_text(FILES[name], encoding="utf-8")
    return list(names)
