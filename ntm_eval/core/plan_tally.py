"""Streaming units into a plan's tallies (part of `ntm_eval.core.plan`; pure): per target and
results year, the units counted, passed and open, and a bounded list of the nearest candidates
for "what to do next" (`Nearest`)."""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval.vocab import NA, OPEN, PASS, fold
from ntm_eval.core.plan_rows import NEAREST, Gap, PlanRow, Standing

if TYPE_CHECKING:
    from ntm_eval.load.plan import Target


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
