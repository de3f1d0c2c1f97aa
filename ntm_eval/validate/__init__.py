"""`ntm-eval validate`: check criteria files beyond what the parser checks. Pure; never prints.

All problems of all files are collected at once, each located (`file:line:col`). The checks are
a registry (`checks/registry.py`): each is a small function of a context that yields
`Problem`s, registered with `@rule(code)` under a report section, one module per family:

* parse — every problem `load.criteria.parse_criteria_doc` finds (keys, types, values); run by
  `runner.py`, which parses every file through `resolver.py`;
* `checks/identity.py` — unique set ids across the files, a file path that mirrors the id;
* `checks/references.py` — `requires` / `from_members` / `derived` targets exist (with "did you
  mean") and are well-formed ids, so nothing resolves outside a criteria folder;
* `checks/cycles.py` — no loop of `requires` / `extends` (`load.cycles.find_cycle`);
* `checks/coverage.py` — for every year of `years` and every class each indicator resolves to a
  threshold or an explicit `unknown`: a `by_region` / `by_year` that silently lacks a value
  without `default` is an error, an explicit unknown a warning;
* `checks/versions.py` — dated threshold versions: provenance, no overlap, no gap, nothing
  outside `valid_from` / `valid_until`;
* `checks/tests.py` — embedded `tests:` cases, run through the real engine, one report section each.

Set ids resolve to the files being validated, then their criteria folders, then the catalog
(`resolver.py`). The result is a `results.Report` of `SetReport`s, each a list of `Check`s
holding `Problem`s (message keys, rendered by `render/validation.py`).
"""

from ntm_eval.validate.checks import CHECKS  # noqa: F401
from ntm_eval.validate.runner import validate_files, validate_paths

__all__ = ["CHECKS", "validate_files", "validate_paths"]
