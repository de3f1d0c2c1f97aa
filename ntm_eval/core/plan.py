"""Plan targets against evaluated units (pure; nothing prints, nothing reads files).

Units arrive as compact `PlanRow`s, one at a time (a province of 10,000 communes streams
through without being kept); each target keeps counts per results year and a bounded list of
the nearest candidates for "what to do next". `judge` then gives every target one status:

* **achieved** — what is already decided reaches the target;
* **behind** — due (results of the target's year, or later) and even the undecided units and
  criteria could no longer reach it; or not due yet and, counted the same way, below the
  expected progress (linear from the plan's `baseline` to the target);
* **on_track** — not due yet, not reached, but what is decided is at or above the expected
  progress for the results year;
* **undecided** ("chưa thể kết luận") — the undecided units or criteria (missing data, no
  threshold, units absent from the results) could still make it reach or miss; or, not due
  yet, there is no baseline to measure progress against.

Open verdicts never decide: every measure has a lower bound (decided passes only) and an upper
bound (every open verdict, and every unit the plan counts but the results lack, taken as met).

"Next" ranking (docs/plans.md): a failing indicator's distance is its relative gap
|value − threshold| / |threshold| (capped at 1; a yes/no indicator, or a criterion failed by a
verdict without numbers, counts 1), ties broken by the fewest counted units still needed; a
criterion's cost is the sum over its failing indicators; a unit's distance to a set is the
number of criteria it has not met, then their total cost.

The work is in three sibling modules, re-exported here: `plan_rows` (what a unit brings),
`plan_tally` (streaming units into tallies) and `plan_judge` (one status per target).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ntm_eval.core.plan_judge import TargetResult, expected_at, judge, pick_year
from ntm_eval.core.plan_rows import (ACHIEVED, BEHIND, EPS, NEAREST, ON_TRACK, PLAN_STATUSES, UNDECIDED, Crit, Gap,
                                     PlanRow, Standing, relative_gap)
from ntm_eval.core.plan_tally import Nearest, PlanTally, Tally, in_scope, unit_matches

__all__ = ["ACHIEVED", "BEHIND", "EPS", "NEAREST", "ON_TRACK", "PLAN_STATUSES", "UNDECIDED", "Crit", "Gap", "Nearest",
           "PlanReport", "PlanRow", "PlanTally", "Standing", "Tally", "TargetResult", "expected_at", "in_scope",
           "judge", "pick_year", "relative_gap", "unit_matches"]


@dataclass
class PlanReport:
    """What the renderers read: the plan, each target's result, and the batch's nearest gaps."""

    plan: Any  # load.plan.Plan
    results: list[TargetResult]
    inputs: list[str]
    years: list[int]
    units: int
    broken: int
    next_gaps: list[Gap] = field(default_factory=list)
    show_next: bool = False
    notes: list[Any] = field(default_factory=list)  # Problems about the input (warnings)
    sets: dict[str, tuple[str, str]] = field(default_factory=dict)  # set id → (title, level)

    @property
    def exit_code(self) -> int:
        if self.broken or any(getattr(p, "severity", "error") == "error" for p in self.notes):
            return 2
        return 0 if all(r.status == ACHIEVED for r in self.results) else 1

    def counts(self) -> dict[str, int]:
        return {s: sum(1 for r in self.results if r.status == s) for s in PLAN_STATUSES}
