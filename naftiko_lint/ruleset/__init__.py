"""Spectral-format rulesets: loading (extends, overrides, aliases), JSONPath, running."""
