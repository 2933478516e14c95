"""naftiko-lint: the linter and conformance tester for Naftiko capability files."""

__version__ = "0.1.0"
TOOL_NAME = "naftiko-lint"
