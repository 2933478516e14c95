"""Rule functions: the `then` of a rule. `api` holds what a function is and receives;
`core` and `structure` are Spectral's core set; `naftiko/` holds the Naftiko checks;
`builtin` finds them all."""

# What a custom function file imports (`from naftiko_lint.functions import FunctionResult`):
# the API only, so importing it never loads the built-in function modules.
from naftiko_lint.functions.api import (
    FunctionContext,
    FunctionResult,
    RuleFunction,
    rule_function,
)

__all__ = ["FunctionContext", "FunctionResult", "RuleFunction", "rule_function"]
