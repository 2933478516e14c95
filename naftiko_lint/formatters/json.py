"""The JSON report: the stable contract documented in the README, serialised in
`naftiko_lint.results` (one serialiser); this module only dumps it."""

from __future__ import annotations

import json

from naftiko_lint.formatters.base import Formatter
from naftiko_lint.results import LintResult, report_to_dict


class JsonFormatter(Formatter):
    def format(self, result: LintResult) -> str:
        return json.dumps(report_to_dict(result), indent=2, ensure_ascii=False) + "\n"


FORMATTER = JsonFormatter
