"""Aggregates of a batch, computed as rows stream in (pure; nothing prints).

The figures officials report (seeds 000, 004): "bình quân 18,5 tiêu chí/xã", "98% số xã đạt
tiêu chí số 2", "12/12 xã đạt tiêu chí số 7", the number of communes meeting the whole set —
per criteria set, and by district and by province when the data names them.

Only counts are kept (no per-unit list), so memory does not depend on the number of units;
lists of names (units meeting the set, units held back) are read back from the row store.

A share is only a verdict where units could be decided: a criterion every unit has as "no
threshold", "missing" or "not applicable" has no share (`decidable` is False; renderers show
"—" and say why), and the set's coverage — thresholds known / indicators declared, from the
units' results — is kept so that every report can say when the verdict is partial.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ntm_eval.collate import vi_key
from ntm_eval.core.verdicts import ATTESTED
from ntm_eval.vocab import DECIDED, FAIL, OPEN, PASS, STATUSES


def _zero() -> dict[str, int]:
    return {s: 0 for s in STATUSES}


@dataclass
class SubAgg:
    """Aggregates of the units of one district or province, within one set."""

    units: int = 0
    met_sum: int = 0
    set_passed: int = 0
    crit_passed: list[int] = field(default_factory=list)
    crit_decided: list[int] = field(default_factory=list)  # units with the criterion met or not met
    set_undecided: int = 0  # units whose verdict on the set is still open ("no_threshold", "missing")

    def add(self, row: Any) -> None:
        self.units += 1
        self.met_sum += row.passed
        if row.status == PASS:
            self.set_passed += 1
        elif row.status in OPEN:
            self.set_undecided += 1
        if len(self.crit_passed) < len(row.statuses):
            self.crit_passed += [0] * (len(row.statuses) - len(self.crit_passed))
        if len(self.crit_decided) < len(row.statuses):
            self.crit_decided += [0] * (len(row.statuses) - len(self.crit_decided))
        for i, st in enumerate(row.statuses):
            if st == PASS:
                self.crit_passed[i] += 1
            if st in DECIDED:
                self.crit_decided[i] += 1

    def decidable(self, i: int) -> bool:
        return i < len(self.crit_decided) and self.crit_decided[i] > 0

    @property
    def average_met(self) -> float | None:
        return self.met_sum / self.units if self.units else None

    def percent(self, i: int) -> float | None:
        return 100.0 * self.crit_passed[i] / self.units if self.units and i < len(self.crit_passed) else None


@dataclass
class GroupAgg:
    """Aggregates of the evaluated units of one criteria set."""

    set_id: str
    info: Any  # batch.SetInfo or None
    units: int = 0  # evaluated (status known)
    with_problems: int = 0  # evaluated, but with problems too (a district with broken members)
    met_sum: int = 0
    set_counts: dict[str, int] = field(default_factory=_zero)
    crit_counts: list[dict[str, int]] = field(default_factory=list)
    by_district: dict[tuple[str, str], SubAgg] = field(default_factory=dict)  # (province or "", district)
    by_province: dict[str, SubAgg] = field(default_factory=dict)
    min_met: int | None = None
    max_met: int | None = None
    prereq_passed: dict[str, int] = field(default_factory=dict)  # prerequisite set id → units meeting it
    prereq_titles: dict[str, str] = field(default_factory=dict)
    prereq_titles_en: dict[str, str | None] = field(default_factory=dict)
    prereq_counts: dict[str, dict[str, int]] = field(default_factory=dict)  # prerequisite set id → status → units
    # coverage (thresholds known / indicators declared), as UnitResult gives it for each unit
    known_min: int | None = None
    known_max: int | None = None
    encoded_min: int | None = None
    encoded_max: int | None = None
    declared_min: int | None = None
    declared_max: int | None = None
    # basis (UnitRow.basis / bases / conflicts): units meeting the set on attested verdicts, units
    # with a criterion met by attestation and with a conflict, per criterion; units with a conflict
    set_passed_attested: int = 0
    crit_attested: list[int] = field(default_factory=list)
    crit_conflicts: list[int] = field(default_factory=list)
    units_with_conflicts: int = 0
    attested_verdicts: int = 0  # criteria decided by attestation (met or not), over all units

    def add(self, row: Any) -> None:
        self.units += 1
        for name in ("known", "encoded", "declared"):
            v = getattr(row, name, 0)
            lo, hi = getattr(self, name + "_min"), getattr(self, name + "_max")
            setattr(self, name + "_min", v if lo is None else min(lo, v))
            setattr(self, name + "_max", v if hi is None else max(hi, v))
        if row.problems:
            self.with_problems += 1
        self.met_sum += row.passed
        self.min_met = row.passed if self.min_met is None else min(self.min_met, row.passed)
        self.max_met = row.passed if self.max_met is None else max(self.max_met, row.passed)
        self.set_counts[row.status] = self.set_counts.get(row.status, 0) + 1
        while len(self.crit_counts) < len(row.statuses):
            self.crit_counts.append(_zero())
        for i, st in enumerate(row.statuses):
            self.crit_counts[i][st] = self.crit_counts[i].get(st, 0) + 1
        self._add_basis(row)
        for sid, title, st, *rest in row.prerequisites:
            self.prereq_titles.setdefault(sid, title)
            if rest and rest[0] and not self.prereq_titles_en.get(sid):
                self.prereq_titles_en[sid] = rest[0]
            self.prereq_passed[sid] = self.prereq_passed.get(sid, 0) + (st == PASS)
            pc = self.prereq_counts.setdefault(sid, _zero())
            pc[st] = pc.get(st, 0) + 1
        if row.district:
            self.by_district.setdefault((row.province or "", row.district), SubAgg()).add(row)
        if row.province:
            self.by_province.setdefault(row.province, SubAgg()).add(row)

    def _add_basis(self, row: Any) -> None:
        n = len(row.statuses)
        self.crit_attested += [0] * (n - len(self.crit_attested))
        self.crit_conflicts += [0] * (n - len(self.crit_conflicts))
        if row.status == PASS and row.basis == ATTESTED:
            self.set_passed_attested += 1
        for i, (st, basis) in enumerate(zip(row.statuses, row.bases)):
            if st == PASS and basis == ATTESTED:
                self.crit_attested[i] += 1
        for i, conflict in enumerate(row.conflicts[:n]):
            self.crit_conflicts[i] += conflict
        self.units_with_conflicts += any(row.conflicts)
        self.attested_verdicts += sum(1 for b in row.bases if b == ATTESTED)

    @property
    def set_passed_computed(self) -> int:
        return self.set_passed - self.set_passed_attested

    def passed_attested(self, i: int) -> int:
        return self.crit_attested[i] if i < len(self.crit_attested) else 0

    def conflicts(self, i: int) -> int:
        return self.crit_conflicts[i] if i < len(self.crit_conflicts) else 0

    @property
    def has_attested(self) -> bool:
        """Some criterion of some unit was decided by attestation, or has a conflict."""
        return self.attested_verdicts > 0 or self.units_with_conflicts > 0

    @property
    def total_criteria(self) -> int:
        if self.info is not None:
            return len(self.info.criteria) - len(self.info.preconditions)
        return len(self.crit_counts)

    @property
    def average_met(self) -> float | None:
        return self.met_sum / self.units if self.units else None

    @property
    def set_passed(self) -> int:
        return self.set_counts.get(PASS, 0)

    def passed(self, i: int) -> int:
        return self.crit_counts[i].get(PASS, 0) if i < len(self.crit_counts) else 0

    def percent(self, i: int) -> float | None:
        return 100.0 * self.passed(i) / self.units if self.units else None

    def counts(self, i: int) -> dict[str, int]:
        return dict(self.crit_counts[i]) if i < len(self.crit_counts) else {s: 0 for s in STATUSES}

    def decidable(self, i: int) -> bool:
        """Some unit has criterion i met or not met (else every unit lacks a threshold, data…)."""
        c = self.counts(i)
        return any(c.get(s, 0) for s in DECIDED)

    @property
    def set_decidable(self) -> bool:
        """Some unit was found to meet or not meet the whole set."""
        return any(self.set_counts.get(s, 0) for s in DECIDED)

    @property
    def set_failed(self) -> int:
        return self.set_counts.get(FAIL, 0)

    @property
    def set_undecided(self) -> int:
        """Units whose verdict on the set is still open ("no_threshold", "missing"): not failures."""
        return sum(self.set_counts.get(s, 0) for s in OPEN)

    def is_precondition(self, i: int) -> bool:
        return self.info is not None and i < len(self.info.criteria) and \
            self.info.criteria[i][0] in self.info.preconditions

    def open_count(self, i: int) -> int:
        """Units with criterion i still open ("no_threshold", "missing")."""
        c = self.counts(i)
        return sum(c.get(s, 0) for s in OPEN)

    def criteria_open_everywhere(self) -> list[int]:
        """Numbered criteria (preconditions apart, as in "4,9 tiêu chí/xã") that no unit has met
        or not met, and that some unit has open (not merely "not applicable")."""
        return [i for i in range(len(self.crit_counts)) if not self.is_precondition(i)
                and not self.decidable(i) and self.open_count(i)]

    def criteria_open_somewhere(self) -> list[int]:
        """Numbered criteria decided for some units but still open for others."""
        return [i for i in range(len(self.crit_counts)) if not self.is_precondition(i)
                and self.decidable(i) and self.open_count(i)]

    @property
    def partial(self) -> bool:
        """The set lacks thresholds for some unit (UnitResult.indicators_known < declared)."""
        return self.units > 0 and self.known_min is not None and self.known_min < (self.declared_max or 0)

    def criteria(self) -> list[tuple[str, str, str | None]]:
        if self.info is not None:
            return list(self.info.criteria)
        return [(str(i + 1), str(i + 1), None) for i in range(len(self.crit_counts))]

    def districts(self) -> list[tuple[tuple[str, str], SubAgg]]:
        """By province, then district, in Vietnamese alphabetical order (collate.vi_key)."""
        return sorted(self.by_district.items(), key=lambda kv: (vi_key(kv[0][0] or ""), vi_key(kv[0][1] or "")))

    def provinces(self) -> list[tuple[str, SubAgg]]:
        """In Vietnamese alphabetical order (collate.vi_key)."""
        return sorted(self.by_province.items(), key=lambda kv: vi_key(kv[0] or ""))


class RowFacts:
    """What a report's outline and title block read of the rows besides the counts (render/batch/
    common.Scan), gathered as the rows arrive, so that a report does not walk its row store for it
    (each walk unpickles every spooled row): the sets with predecessors, the units meeting each set
    by name, the rows holding district indicators back (light copies: names, verdicts, held_back),
    the places and years of the title block. Names and a few rows, never the units' figures."""

    __slots__ = ("merged", "meeting", "held", "districts", "provinces", "top", "years")

    def __init__(self) -> None:
        self.merged: set[str] = set()
        self.meeting: dict[str, list[str]] = {}
        self.held: dict[str, list[Any]] = {}
        self.districts: set[tuple[str, str]] = set()
        self.provinces: set[str] = set()
        self.top: list[tuple[str, str, str]] = []  # (level, name, province) of the first district-level units
        self.years: set[int] = set()

    def add(self, r: Any) -> None:
        sid = r.set_id or ""
        if r.merged_from:
            self.merged.add(sid)
        if r.status == "pass" and r.set_id is not None:
            self.meeting.setdefault(sid, []).append(r.name)
        if r.held_back and r.set_id is not None:
            self.held.setdefault(sid, []).append(light_row(r))
        if r.province:
            self.provinces.add(r.province)
        if r.district:
            self.districts.add((r.district, r.province or ""))
        if r.level in ("huyen", "tinh") and len(self.top) < 2:
            self.top.append((r.level, r.name, r.province or ""))
        if r.year:
            self.years.add(r.year)


def light_row(r: Any) -> Any:
    """A copy of the row without its indicator figures, problems and files read (kept aside)."""
    from dataclasses import replace

    return replace(r, indicators=(), problems=(), files_read=(), notes=())


@dataclass
class Aggregator:
    groups: dict[str, GroupAgg] = field(default_factory=dict)
    total: int = 0  # every row
    evaluated: int = 0  # rows with a result
    broken: int = 0  # rows with problems (with or without a result)
    unevaluated: int = 0  # rows without a result
    # every row's RowFacts, when the report reads them (collect(facts=True)); None: not gathered
    facts: RowFacts | None = None

    def add(self, row: Any, info: Any = None) -> None:
        self.total += 1
        if self.facts is not None:
            self.facts.add(row)
        if row.problems or row.status is None:
            self.broken += 1
        if row.status is None:
            self.unevaluated += 1
            return
        self.evaluated += 1
        g = self.groups.get(row.set_id)
        if g is None:
            g = self.groups[row.set_id] = GroupAgg(row.set_id, info)
        elif g.info is None and info is not None:
            g.info = info
        g.add(row)

    @property
    def set_passed(self) -> int:
        return sum(g.set_passed for g in self.groups.values())

    @property
    def set_failed(self) -> int:
        return sum(g.set_failed for g in self.groups.values())

    @property
    def set_undecided(self) -> int:
        return sum(g.set_undecided for g in self.groups.values())

    def exit_code(self) -> int:
        """2 if any unit is broken (or there is none), else 0 when every unit meets its set, else 1."""
        if self.broken or self.total == 0:
            return 2
        return 0 if self.set_passed == self.evaluated else 1
