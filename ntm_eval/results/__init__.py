"""Result records — what the core produces and every renderer reads — one module per command
family: `unit` (check: indicator, criterion, unit results, outcomes), `batch` (compact rows and
the batch report), `validation` (validate's reports). Each record owns its exit code.

Names are imported on first use (PEP 562), so `check` does not pay for batch and validate records."""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "BatchReport": "batch", "HeldBack": "batch", "SetInfo": "batch", "UnitRow": "batch",
    "CriterionResult": "unit", "IndicatorResult": "unit", "Outcome": "unit", "UnitResult": "unit",
    "exit_code_of": "unit", "indicator_known": "unit",
    "Check": "validation", "Report": "validation", "SetReport": "validation",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'ntm_eval.results' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"ntm_eval.results.{module}"), name)
    globals()[name] = value
    return value
