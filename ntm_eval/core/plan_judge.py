"""Judging a plan target from its tallies (part of `ntm_eval.core.plan`; pure): achieved, on
track, behind or undecided, how many more units or criteria it needs, and the nearest ones."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval.vocab import FAIL, NA, OPEN, PASS
from ntm_eval.core.plan_rows import ACHIEVED, BEHIND, EPS, ON_TRACK, UNDECIDED, Gap
from ntm_eval.core.plan_tally import Tally

if TYPE_CHECKING:
    from ntm_eval.load.plan import Target


@dataclass
class TargetResult:
    target: "Target"
    set_id: str | None
    status: str
    due: bool
    year: int | None  # the results year used
    measure: float | None = None  # decided (lower bound), in the target's own measure
    upper: float | None = None  # with every open verdict taken as met
    required: float = 0.0  # the target, in its measure
    expected: float | None = None  # expected progress for the results year (not due)
    n: int = 0
    total: int | None = None  # unit targets: the set's number of criteria
    passed: int | None = None  # unit targets: criteria met
    absent: int = 0  # units the plan counts (`of`) that the results lack: open
    reason: str | None = None  # why undecided: no_results | open | no_baseline
    need: int | None = None  # how many more (units, criteria) to reach the target
    need_what: str | None = None  # units | criteria
    remaining: list[str] = field(default_factory=list)  # criteria ids still not met (unit targets)
    undecided: list[str] = field(default_factory=list)  # criteria ids or unit names still open
    next: list[Any] = field(default_factory=list)  # nearest candidates (see `closing`)
    closing_total: int | None = None  # set_count: criteria to complete in the `need` nearest units
    unit_name: str | None = None
    gaps: list[Gap] = field(default_factory=list)  # unit targets: the unit's failing indicators, nearest first
    notes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def exit_ok(self) -> bool:
        return self.status == ACHIEVED


def _meets(x: float | None, req: float, op: str) -> bool:
    if x is None:
        return False
    return x > req + EPS if op == ">" else x >= req - EPS


def _status(r: TargetResult, op: str) -> None:
    """Set r.status from its bounds (and r.expected when not due)."""
    if r.measure is None:
        r.status, r.reason = UNDECIDED, r.reason or "no_results"
        return
    if _meets(r.measure, r.required, op):
        r.status = ACHIEVED
        return
    if r.due:
        if _meets(r.upper, r.required, op):
            r.status, r.reason = UNDECIDED, "open"
        else:
            r.status = BEHIND
        return
    if r.expected is None:
        r.status, r.reason = UNDECIDED, "no_baseline"
    elif _meets(r.measure, r.expected, ">="):
        r.status = ON_TRACK
    elif _meets(r.upper, r.expected, ">="):
        r.status, r.reason = UNDECIDED, "open"
    else:
        r.status = BEHIND


def pick_year(years: Iterable[int], target_year: int) -> int | None:
    """The target's year if the results have it, else the latest year before it."""
    ys = sorted(y for y in years if y <= target_year)
    return ys[-1] if ys else None


def expected_at(t: "Target", year: int) -> float | None:
    b = t.baseline
    if b is None:
        return None
    start = b.value if b.value is not None else t.value - (b.increase or 0.0)
    if year <= b.year:
        return start
    return start + (t.value - start) * (year - b.year) / (t.year - b.year)


def judge(t: "Target", set_id: str | None, tallies: dict[int, Tally], next_limit: int = 20) -> TargetResult:
    """One target's result from its tallies by year (`tallies`: results year → Tally)."""
    year = pick_year((y for y, tl in tallies.items() if tl.n or tl.units), t.year)
    r = TargetResult(t, set_id, UNDECIDED, due=year is not None and year >= t.year, year=year, required=t.value)
    if year is None:
        r.reason = "no_results"
        return r
    tl = tallies[year]
    r.expected = None if r.due else expected_at(t, year)
    r.n = tl.n
    if t.kind.startswith("unit_"):
        _judge_unit(t, r, tl, next_limit)
    elif t.kind == "average":
        _judge_average(t, r, tl, next_limit)
    else:
        _judge_count(t, r, tl, next_limit)
    _status(r, t.op)
    if r.status == ACHIEVED:
        r.need, r.next, r.remaining, r.closing_total, r.gaps = None, [], [], None, []
    return r


def _judge_unit(t: "Target", r: TargetResult, tl: Tally, next_limit: int) -> None:
    if not tl.units:
        return
    st = next((u[2] for u in tl.units if u[2] is not None), None)
    r.unit_name = t.unit
    if st is not None and r.set_id is None:
        r.set_id = st.set_id
    if st is None:  # the unit was evaluated, but not with this set
        r.reason = "no_results"
        return
    r.n, r.total, r.passed = 1, st.total, st.passed
    if t.kind == "unit_set":
        r.required = 1.0
        r.measure = 1.0 if st.status == PASS else 0.0
        r.upper = 0.0 if st.status == FAIL else 1.0
        r.remaining = [c.id for c in st.not_met()]
        r.undecided = [c.id for c in st.undecided()]
        if st.status == NA:
            r.measure, r.upper, r.reason = None, None, "not_applicable"
        r.need, r.need_what = (len(r.remaining), "criteria") if r.remaining else (None, None)
    elif t.kind == "unit_criteria":
        r.measure = float(st.passed)
        r.upper = float(st.passed + st.open)
        need = _need_count(t.value, st.passed, t.op)
        r.need, r.need_what = (need, "criteria") if need > 0 else (None, None)
        nm = sorted((c for c in st.not_met() if not c.precondition), key=lambda c: (c.cost, _id_key(c.id)))
        r.remaining = [c.id for c in nm]
        r.next = nm[:need] if need > 0 else []
        r.undecided = [c.id for c in st.undecided() if not c.precondition]
    else:  # unit_criterion
        c = st.crit(t.criterion or "")
        if c is None or c.status == NA:
            r.reason = "not_applicable"
            return
        r.required = 1.0
        r.measure = 1.0 if c.status == PASS else 0.0
        r.upper = 0.0 if c.status == FAIL else 1.0
        if c.status == FAIL:
            r.remaining = [c.id]
        elif c.status in OPEN:
            r.undecided = [c.id]
    keep = set(r.remaining) if t.kind != "unit_criterion" else {t.criterion}
    r.gaps = sorted((g for g in st.gaps if g.criterion in keep), key=Gap.key)[:next_limit]


def _id_key(cid: str) -> tuple:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in cid.split("."))


def _need_count(required: float, have: float, op: str) -> int:
    """How many more whole things make `have` reach `required` (strictly above it for ">")."""
    if op == ">":
        return max(0, math.floor(required + EPS) + 1 - int(have))
    return max(0, math.ceil(required - EPS) - int(have))


def _judge_average(t: "Target", r: TargetResult, tl: Tally, next_limit: int) -> None:
    if not tl.n:
        return
    r.measure = tl.passed / tl.n
    r.upper = (tl.passed + tl.open) / tl.n
    need = _need_count(t.value * tl.n, tl.passed, t.op)
    if t.op == ">" and abs(t.value * tl.n - round(t.value * tl.n)) > EPS:
        need = max(0, math.ceil(t.value * tl.n - EPS) - tl.passed)
    r.need, r.need_what = (need, "criteria") if need > 0 else (None, None)
    r.next = tl.nearest.items()[: min(need, next_limit)] if need > 0 else []


def _judge_count(t: "Target", r: TargetResult, tl: Tally, next_limit: int) -> None:
    n = tl.n
    total = max(n, t.of or 0) if not t.percent else (t.of if t.of else n)
    absent = max(0, (t.of or 0) - n)  # units the plan counts that the results lack: still open
    r.absent = absent
    if t.of is not None and t.of != n:
        r.notes.append(("plan.note.of_differs", {"of": t.of, "n": n}))
    if total == 0:
        return
    if t.percent:
        r.measure = 100.0 * tl.passed / total
        r.upper = 100.0 * (tl.passed + tl.open + absent) / total
        need = _need_count(t.value * total / 100.0, tl.passed, t.op)
        if t.op == ">":
            exact = t.value * total / 100.0
            need = max(0, (math.floor(exact + EPS) + 1 if abs(exact - round(exact)) < EPS else math.ceil(exact))
                       - tl.passed)
    else:
        r.measure = float(tl.passed)
        r.upper = float(tl.passed + tl.open + absent)
        need = _need_count(t.value, tl.passed, t.op)
    r.need, r.need_what = (need, "units") if need > 0 else (None, None)
    r.undecided = list(tl.open_names)
    if need > 0:
        r.next = tl.nearest.items()[: min(need, next_limit)]
        if t.kind == "set_count":
            left, total_c = need, 0
            for d in sorted(tl.by_distance):
                take = min(left, tl.by_distance[d])
                total_c += take * d
                left -= take
                if not left:
                    break
            r.closing_total = total_c if not left else None
