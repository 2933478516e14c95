"""Bytes to a Document with positions: knows YAML, not Naftiko."""
