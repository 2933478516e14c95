"""Naftiko-specific rule functions."""
