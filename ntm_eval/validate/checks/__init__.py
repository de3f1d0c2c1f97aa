"""Validate checks, one module per family, registered in `registry.REGISTRY` on import.

identity (unique id, path) · references · cycles · coverage · versions · province · tests (embedded cases).
"""

from ntm_eval.validate.checks.registry import CASE, CHECKS, REGISTRY, Rule, report_order, rule, rules  # noqa: F401
from ntm_eval.validate.checks import identity, references, cycles, coverage, versions, tests  # noqa: F401,E402
from ntm_eval.validate.checks import province  # noqa: F401,E402
