"""The Naftiko spec: its versions and their JSON Schemas."""
