"""Two years of the same units, compared (pure; nothing prints, nothing reads files).

Each side (a file, a folder, a sheet) arrives as compact snapshots, one per unit (`UnitSnap`):
the unit's identity, and for every criteria set it was evaluated against (its own set and the
prerequisite sets evaluated on the same data, e.g. xã NTM under NTM nâng cao) one `SetState` —
one status byte per criterion, and the indicator values as an `array('d')` (NaN: no value) with
one status byte per indicator, laid out by the set's `SetShape`. A province of 10,000 communes
is a few MB per side; the full results are never kept.

Matching (`match`): by `unit.code` when both units have one (two different codes are two
different units, whatever their names); else by level + province + district + name (spaces and
case folded, a leading "xã"/"thị trấn"… dropped); then, among what is left, by level + name
when the name is unique on both sides and the province and district given do not contradict.
Two inputs of one unit each are compared whatever their names (the same level is required).

Comparison (`compare`): per unit, per set evaluated on both sides — criteria newly met, criteria
lost (met before, anything else now), other status changes, and indicator values that moved. A
unit whose own set changed (NTM → nâng cao) is compared on the sets both years share (the NTM
set, evaluated as the prerequisite of nâng cao) and the change is said. Batch aggregates per set:
average criteria met per unit, share of units meeting each criterion, units meeting the set
(as their own set or as a prerequisite), with the names of those gained and lost.

Merged units (`diff_merged`): a later unit listing the units it was formed from (`merged_from`,
the 2025 reorganisation) is compared with their earlier results, criterion by criterion, before
any other matching; its predecessors are not reported as units of one year only.

The snapshots are defined in `diff_snap` and the matching is done in `diff_match`; their names
are re-exported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from ntm_eval.errors import Problem
from ntm_eval.vocab import EXIT_FAIL, EXIT_INVALID, EXIT_OK, PASS, level_label
from ntm_eval.core.diff_match import duplicates, full_key, match, norm
from ntm_eval.core.diff_merged import MergedDiff, shared_predecessors, split_merged
from ntm_eval.core.diff_snap import CODE, SetShape, SetState, UnitSnap, status_of

__all__ = ["CODE", "DiffReport", "MergedDiff", "Moved", "SetChange", "SetDiff", "SetShape", "SetState", "SideAgg", "UnitDiff",
           "UnitSnap", "batch_changes", "compare", "compare_set", "compare_unit", "duplicates", "full_key", "match",
           "moved", "norm", "status_of"]


# --- one unit ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Moved:
    indicator: str
    old: float | None
    new: float | None
    old_status: str
    new_status: str


@dataclass(slots=True)
class SetDiff:
    set_id: str
    old: SetState
    new: SetState
    met: tuple[str, ...]  # numbered criteria newly met
    lost: tuple[str, ...]  # numbered criteria met before, not now
    conditions_met: tuple[str, ...] = ()
    conditions_lost: tuple[str, ...] = ()
    changed: tuple[tuple[str, str, str], ...] = ()  # every criterion whose status changed (id, old, new)

    @property
    def set_gained(self) -> bool:
        return self.new.status == PASS and self.old.status != PASS

    @property
    def set_lost(self) -> bool:
        return self.old.status == PASS and self.new.status != PASS


@dataclass(slots=True)
class UnitDiff:
    old: UnitSnap
    new: UnitSnap
    sets: list[SetDiff]
    only_old_sets: tuple[str, ...] = ()  # evaluated in the old year only
    only_new_sets: tuple[str, ...] = ()

    @property
    def set_changed(self) -> bool:
        return self.old.main.set_id != self.new.main.set_id

    @property
    def lost(self) -> bool:
        return any(d.lost or d.conditions_lost for d in self.sets)

    @property
    def changed(self) -> bool:
        return self.set_changed or any(d.changed for d in self.sets) or bool(self.only_old_sets or self.only_new_sets)


def _num(x: float) -> float | None:
    return None if math.isnan(x) else x


def moved(shape: SetShape, d: SetDiff) -> Iterator[Moved]:
    """Indicator values that differ between the years (computed when asked, never stored)."""
    o, n = d.old, d.new
    for i, ind in enumerate(shape.indicators):
        a, b = o.values[i], n.values[i]
        if (math.isnan(a) and math.isnan(b)) or a == b:
            continue
        yield Moved(ind, _num(a), _num(b), status_of(o.ind_status[i]), status_of(n.ind_status[i]))


def compare_set(shape: SetShape, o: SetState, n: SetState) -> SetDiff:
    met, lost, cmet, clost, changed = [], [], [], [], []
    for i, (cid, _t, _e) in enumerate(shape.criteria):
        a, b = status_of(o.criteria[i]), status_of(n.criteria[i])
        if a == b:
            continue
        changed.append((cid, a, b))
        pre = cid in shape.preconditions
        if b == PASS:
            (cmet if pre else met).append(cid)
        elif a == PASS:
            (clost if pre else lost).append(cid)
    return SetDiff(shape.id, o, n, tuple(met), tuple(lost), tuple(cmet), tuple(clost), tuple(changed))


def compare_unit(old: UnitSnap, new: UnitSnap, shapes: dict[str, SetShape]) -> UnitDiff:
    new_ids = [s.set_id for s in new.sets]
    old_ids = [s.set_id for s in old.sets]
    sets = [compare_set(shapes[sid], old.state(sid), new.state(sid)) for sid in new_ids if sid in old_ids]
    return UnitDiff(old, new, sets, tuple(s for s in old_ids if s not in new_ids),
                    tuple(s for s in new_ids if s not in old_ids))


# --- a batch -------------------------------------------------------------------------------

@dataclass
class SideAgg:
    """One side, one set: units with it as their own set, criteria met, units meeting it."""

    units: int = 0
    met_sum: int = 0
    crit_passed: list[int] = field(default_factory=list)
    meeting: int = 0  # units meeting the set, as their own set or as a prerequisite
    main_meeting: int = 0

    def add(self, s: SetState, n_criteria: int, numbered: list[int]) -> None:
        if s.status == PASS:
            self.meeting += 1
        if not s.main:
            return
        self.units += 1
        self.met_sum += s.passed
        self.main_meeting += s.status == PASS
        if not self.crit_passed:
            self.crit_passed = [0] * n_criteria
        for i in range(min(n_criteria, len(s.criteria))):
            if s.criteria[i] == CODE[PASS]:
                self.crit_passed[i] += 1

    @property
    def average(self) -> float | None:
        return self.met_sum / self.units if self.units else None

    def share(self, i: int) -> float | None:
        return 100.0 * self.crit_passed[i] / self.units if self.units and i < len(self.crit_passed) else None


@dataclass
class SetChange:
    """A set over the whole batch, both years."""

    shape: SetShape
    old: SideAgg
    new: SideAgg
    gained: list[str] = field(default_factory=list)  # names of matched units meeting it now, not before
    lost: list[str] = field(default_factory=list)
    level: str | None = None  # the level of its units (for "xã", "thị trấn")


@dataclass
class DiffReport:
    old_input: str
    new_input: str
    old_years: tuple[int, ...]
    new_years: tuple[int, ...]
    shapes: dict[str, SetShape]
    units: list[UnitDiff]
    only_old: list[UnitSnap]
    only_new: list[UnitSnap]
    sets: list[SetChange]
    problems: list[Problem] = field(default_factory=list)  # errors: the diff cannot be trusted (exit 2)
    notes: list[Problem] = field(default_factory=list)  # warnings
    single: bool = False  # one unit on each side
    merged: list[MergedDiff] = field(default_factory=list)  # later units compared with their predecessors

    @property
    def old_year(self) -> int | None:
        return self.old_years[-1] if self.old_years else None

    @property
    def new_year(self) -> int | None:
        return self.new_years[-1] if self.new_years else None

    @property
    def lost(self) -> list[UnitDiff]:
        return [u for u in self.units if u.lost]

    @property
    def exit_code(self) -> int:
        """2 bad input · 1 some criterion met before is not met now · 0 nothing lost."""
        if any(p.severity == "error" for p in self.problems):
            return EXIT_INVALID
        return EXIT_FAIL if self.lost or any(m.lost for m in self.merged) else EXIT_OK


def _levels(levels: Iterable[str | None]) -> dict[str, str]:
    """"xã, huyện" / "commune, district" for the problem's two languages."""
    ls = sorted({lv or "?" for lv in levels})
    return {"vi": ", ".join(level_label(lv, "vi") for lv in ls), "en": ", ".join(level_label(lv, "en") for lv in ls)}


def _years(units: list[UnitSnap]) -> tuple[int, ...]:
    return tuple(sorted({u.year for u in units if u.year is not None}))


def compare(old: list[UnitSnap], new: list[UnitSnap], shapes: dict[str, SetShape], old_input: str = "",
            new_input: str = "") -> DiffReport:
    """Match the units of two years and compare them; every reason the comparison cannot be made
    is a located problem (the files named), never an exception."""
    problems: list[Problem] = [p for u in (*old, *new) for p in u.problems if p.severity == "error"]
    warnings = [p for u in (*old, *new) for p in u.problems if p.severity != "error"]
    problems += duplicates(old, "old") + duplicates(new, "new")
    oy, ny = _years(old), _years(new)
    if not [u for u in old if u.main] or not [u for u in new if u.main]:
        empty = old_input if not [u for u in old if u.main] else new_input
        if not problems:
            problems.append(Problem("diff.empty", empty))
    same = sorted(set(oy) & set(ny))
    if same:
        problems.append(Problem("diff.same_year", old_input, params={"other": new_input, "year": same[0]}))
    elif oy and ny and oy[-1] > ny[0]:
        problems.append(Problem("diff.order", old_input, params={"other": new_input, "old": oy[-1], "new": ny[0]}))
    merged, rest_old, rest_new = split_merged(old, new, shapes)
    problems += _merged_years(merged, same)
    warnings += shared_predecessors(merged)
    pairs, only_old, only_new = match(rest_old, rest_new)
    single = len(rest_old) == 1 and len(rest_new) == 1 and not merged
    if single and not pairs and rest_old[0].main and rest_new[0].main:
        lo, ln = _levels([rest_old[0].level]), _levels([rest_new[0].level])
        problems.append(Problem("diff.levels", old_input, params={"other": new_input, "old": lo["vi"], "new": ln["vi"],
                                                                   "old_en": lo["en"], "new_en": ln["en"]}))
    elif not pairs and only_old and only_new:
        lo, ln = {u.level for u in only_old}, {u.level for u in only_new}
        if not lo & ln:
            a, b = _levels(lo), _levels(ln)
            problems.append(Problem("diff.levels", old_input, params={
                "other": new_input, "old": a["vi"], "new": b["vi"], "old_en": a["en"], "new_en": b["en"]}))
    units: list[UnitDiff] = []
    for o, n in pairs:
        if o.level != n.level:
            a, b = _levels([o.level]), _levels([n.level])
            problems.append(Problem("diff.level_mismatch", n.source, params={
                "name": n.name, "other": o.source, "old": a["vi"], "new": b["vi"], "old_en": a["en"], "new_en": b["en"]}))
            continue
        if o.year is not None and n.year is not None and o.year >= n.year and not same:
            problems.append(Problem("diff.unit_year", n.source, params={"name": n.name, "other": o.source,
                                                                         "old": o.year, "new": n.year}))
            continue
        ud = compare_unit(o, n, shapes)
        if not ud.sets:
            problems.append(Problem("diff.no_common_set", n.source, params={
                "name": n.name, "other": o.source, "old": o.main.set_id, "new": n.main.set_id}))
            continue
        units.append(ud)
    return DiffReport(old_input, new_input, oy, ny, shapes, units, only_old, only_new,
                      batch_changes(old, new, units, shapes), problems, warnings, single=single, merged=merged)


def _merged_years(merged: list[MergedDiff], same: list[int]) -> list[Problem]:
    """A predecessor's result must be of an earlier year than the merged unit's."""
    out = []
    for m in merged:
        for u in m.predecessors:
            if u.year is not None and m.new.year is not None and u.year >= m.new.year and not same:
                out.append(Problem("diff.unit_year", m.new.source, params={"name": m.new.name, "other": u.source,
                                                                            "old": u.year, "new": m.new.year}))
    return out


def batch_changes(old: list[UnitSnap], new: list[UnitSnap], units: list[UnitDiff],
                  shapes: dict[str, SetShape]) -> list[SetChange]:
    out: dict[str, SetChange] = {}
    for side, attr in ((old, "old"), (new, "new")):
        for u in side:
            for s in u.sets:
                shape = shapes.get(s.set_id)
                if shape is None:
                    continue
                ch = out.get(s.set_id)
                if ch is None:
                    ch = out[s.set_id] = SetChange(shape, SideAgg(), SideAgg(), level=u.level)
                getattr(ch, attr).add(s, len(shape.criteria), shape.numbered)
    for ud in units:
        for d in ud.sets:
            ch = out[d.set_id]
            if d.set_gained:
                ch.gained.append(ud.new.name)
            elif d.set_lost:
                ch.lost.append(ud.new.name)
    return list(out.values())
