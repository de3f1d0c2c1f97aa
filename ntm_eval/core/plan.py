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
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval.vocab import FAIL, NA, OPEN, PASS, fold

if TYPE_CHECKING:
    from ntm_eval.load.plan import Target

ACHIEVED, ON_TRACK, BEHIND, UNDECIDED = "achieved", "on_track", "behind", "undecided"
PLAN_STATUSES = (ACHIEVED, ON_TRACK, BEHIND, UNDECIDED)
EPS = 1e-9
NEAREST = 50  # candidates kept per target for "what next"


# --- what a unit brings -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Gap:
    """A failing indicator and how far it is from its threshold."""

    unit: str
    criterion: str
    indicator: str
    title: str
    value: Any
    op: str | None
    threshold: Any
    unit_of: str | None
    gap: float | None
    need: int | None
    need_of: str | None
    rel: float
    title_en: str | None = None
    need_of_en: str | None = None

    def key(self) -> tuple:
        return (round(self.rel, 9), self.need if self.need is not None else 10**9, self.unit, self.indicator)


@dataclass(frozen=True, slots=True)
class Crit:
    id: str
    title: str
    status: str
    cost: float  # 0 when met; the sum of its failing indicators' distances when not met
    precondition: bool = False
    title_en: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """One unit against one criteria set (its own, or a prerequisite of it)."""

    set_id: str
    status: str
    passed: int
    total: int
    criteria: tuple[Crit, ...]
    gaps: tuple[Gap, ...] = ()

    @property
    def open(self) -> int:
        return sum(1 for c in self.criteria if not c.precondition and c.status in OPEN)

    def not_met(self) -> list[Crit]:
        return [c for c in self.criteria if c.status == FAIL]

    def undecided(self) -> list[Crit]:
        return [c for c in self.criteria if c.status in OPEN]

    def distance(self) -> tuple[int, float]:
        nm = self.not_met()
        return len(nm), sum(c.cost for c in nm)

    def crit(self, cid: str) -> Crit | None:
        return next((c for c in self.criteria if c.id == cid), None)


@dataclass(frozen=True, slots=True)
class PlanRow:
    name: str
    level: str | None
    district: str | None
    province: str | None
    year: int | None
    source: str
    set_id: str | None  # its own set
    standings: tuple[Standing, ...] = ()

    def standing(self, set_id: str | None) -> Standing | None:
        sid = set_id or self.set_id
        return next((s for s in self.standings if s.set_id == sid), None)

    def key(self) -> tuple:
        return (self.level or "", fold(self.name), fold(self.district or ""), fold(self.province or ""), self.year)


def relative_gap(gap: float | None, threshold: Any) -> float:
    if gap is None or isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        return 1.0
    if threshold == 0:
        return min(1.0, abs(gap))
    return min(1.0, abs(gap) / abs(threshold))


# --- keeping the nearest ------------------------------------------------------------------

class Nearest:
    """The k smallest items by key, kept as they stream in."""

    def __init__(self, k: int = NEAREST):
        self.k = k
        self.heap: list[tuple[Any, int, Any]] = []
        self.n = 0

    def push(self, key: Any, item: Any) -> None:
        self.n += 1
        entry = (_Neg(key), self.n, item)
        if len(self.heap) < self.k:
            heapq.heappush(self.heap, entry)
        elif key < self.heap[0][0].key:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[Any]:
        return [item for _, _, item in sorted(self.heap, key=lambda e: (e[0].key, e[1]))]


class _Neg:
    __slots__ = ("key",)

    def __init__(self, key: Any):
        self.key = key

    def __lt__(self, other: "_Neg") -> bool:
        return other.key < self.key


# --- tallies --------------------------------------------------------------------------------

@dataclass
class Tally:
    """What one target has seen in one results year."""

    n: int = 0  # units counted (in scope, with the set; for a criterion: not "not applicable")
    passed: int = 0  # decided met (units, or criteria for an average)
    open: int = 0  # still open (units; or open criteria for an average)
    # unit targets: the matches, as (source, PlanRow.key(), standing or None, district as written)
    units: list[tuple[str, tuple, Standing | None, str | None]] = field(default_factory=list)
    nearest: Nearest = field(default_factory=Nearest)
    by_distance: dict[int, int] = field(default_factory=dict)  # set_count: failing units by criteria not met
    open_names: list[str] = field(default_factory=list)  # a few undecided units, for the report


def in_scope(t: "Target", row: PlanRow) -> bool:
    if t.province and fold(row.province or "") != fold(t.province):
        return False
    if t.district:
        d = row.district if row.district else (row.name if row.level in ("huyen", "thi_xa") else None)
        if fold(d or "") != fold(t.district):
            return False
    return True


def unit_matches(t: "Target", row: PlanRow) -> bool:
    name = fold(row.name)  # "Sơn Bình", or "Xã Sơn Bình" where the data file writes the word too
    return ((name == fold(t.unit or "") or name == fold(t.unit_written or ""))
            and (t.unit_level is None or row.level == t.unit_level) and in_scope(t, row))


class PlanTally:
    """Streams PlanRows into every target's tallies (per results year)."""

    def __init__(self, targets: Iterable["Target"], set_ids: dict[int, str | None], next_limit: int = 20):
        self.targets = list(targets)
        self.set_ids = set_ids  # target index → resolved set id (None: the unit's own set)
        self.tallies: dict[tuple[int, int], Tally] = {}
        self.gaps = Nearest(max(1, next_limit))  # the batch's nearest failing indicators
        self.years: set[int] = set()
        self.scope_seen: dict[int, set[int]] = {}  # target → years with some unit in its scope

    def tally(self, i: int, year: int) -> Tally:
        t = self.tallies.get((i, year))
        if t is None:
            t = self.tallies[(i, year)] = Tally()
        return t

    def add(self, row: PlanRow) -> None:
        if row.year is None:
            return
        self.years.add(row.year)
        for s in row.standings:
            for g in s.gaps:
                self.gaps.push(g.key(), g)
            break  # own set only: a prerequisite's gaps are the same unit's other view
        for t in self.targets:
            if not in_scope(t, row):
                continue
            self.scope_seen.setdefault(t.index, set()).add(row.year)
            sid = self.set_ids.get(t.index)
            if t.kind.startswith("unit_"):
                if unit_matches(t, row):
                    st = row.standing(sid)
                    if st is not None or t.kind == "unit_set":
                        self.tally(t.index, row.year).units.append((row.source, row.key(), st, row.district))
                continue
            st = row.standing(sid)
            if st is None:
                continue
            tl = self.tally(t.index, row.year)
            if t.kind == "average":
                tl.n += 1
                tl.passed += st.passed
                tl.open += st.open
                for c in st.not_met():
                    if not c.precondition:
                        tl.nearest.push((c.cost, row.name, c.id), (row.name, c, _crit_gaps(st, c.id)))
            elif t.kind == "criterion_count":
                c = st.crit(t.criterion or "")
                if c is None or c.status == NA:
                    continue
                tl.n += 1
                if c.status == PASS:
                    tl.passed += 1
                elif c.status in OPEN:
                    tl.open += 1
                    _note_open(tl, row.name)
                else:
                    tl.nearest.push((c.cost, row.name), (row.name, c, _crit_gaps(st, c.id)))
            elif t.kind == "set_count":
                if st.status == NA:
                    continue
                tl.n += 1
                if st.status == PASS:
                    tl.passed += 1
                elif st.status in OPEN:
                    tl.open += 1
                    _note_open(tl, row.name)
                else:
                    d = st.distance()
                    tl.by_distance[d[0]] = tl.by_distance.get(d[0], 0) + 1
                    tl.nearest.push((d, row.name), (row.name, tuple(c.id for c in st.not_met()), d))


def _note_open(tl: Tally, name: str) -> None:
    if len(tl.open_names) < 10:
        tl.open_names.append(name)


def _crit_gaps(st: Standing, cid: str) -> tuple[Gap, ...]:
    return tuple(g for g in st.gaps if g.criterion == cid)


# --- judging --------------------------------------------------------------------------------

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
