"""A typed view of a capability, built once per document and shared by the rules (and,
later, the exporter and the mock servers)."""

from naftiko_lint.capability.build import (
    build_model,
    capability_of,
)
from naftiko_lint.capability.model import (
    Adapter,
    CapabilityModel,
    ConsumedOperation,
    ConsumesEntry,
    Param,
    Resource,
    Unit,
    as_dict,
    as_list,
    iter_dicts,
    iter_strings,
    unit_name,
)
from naftiko_lint.capability.placeholders import (
    MUSTACHE,
    SINGLE_BRACE,
    mustache_names,
    path_variables,
)

__all__ = [
    "MUSTACHE",
    "SINGLE_BRACE",
    "Adapter",
    "CapabilityModel",
    "ConsumedOperation",
    "ConsumesEntry",
    "Param",
    "Resource",
    "Unit",
    "as_dict",
    "as_list",
    "build_model",
    "capability_of",
    "iter_dicts",
    "iter_strings",
    "mustache_names",
    "path_variables",
    "unit_name",
]
