"""A typed view of a capability, built once per document and shared by the rules (and,
later, the exporter and the mock servers)."""

from naftiko_lint.capability.build import (
    IMPORT_OUTCOMES_KEY,
    IMPORTS_KEY,
    build_model,
    capability_of,
    model_of,
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
    "IMPORTS_KEY",
    "IMPORT_OUTCOMES_KEY",
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
    "model_of",
    "mustache_names",
    "path_variables",
    "unit_name",
]
