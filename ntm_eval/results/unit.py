"""What the engine returns for one unit and every renderer reads (DESIGN.md §5): indicator,
criterion and unit results, the outcome of checking a file (and its exit code), and the plain
dicts `show` describes a set with."""

from __future__ import annotations

from ntm_eval.records import dataclass, field
from typing import TYPE_CHECKING, Any

from ntm_eval.errors import Problem
from ntm_eval.vocab import EXIT_FAIL, EXIT_INVALID, EXIT_OK, PASS, STATUSES, SUMMARY_KEYS

if TYPE_CHECKING:
    from ntm_eval.model import Attestation, CriteriaSet


@dataclass(slots=True)
class IndicatorResult:
    id: str
    title: str
    status: str
    value: float | bool | None = None
    op: str | None = None
    threshold: float | bool | None = None
    unit: str | None = None
    gap: float | None = None
    need: int | None = None  # how many more (or fewer, for "<=") counted units
    need_of: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    confidence: str | None = None
    source: str | None = None
    source_short: str | None = None
    reason: str | None = None  # for no_threshold: unknown | not_in_force | op_unknown
    reason_detail: str | None = None
    threshold_note: str | None = None
    evidence: tuple[str, ...] = ()
    note: str | None = None
    title_en: str | None = None
    need_of_en: str | None = None
    id_confidence: str = "printed"
    agency: str | None = None
    held_back: tuple[str, ...] = ()  # member units that keep a computed share below target
    undecided: tuple[str, ...] = ()  # member units whose own result is still open
    met_by: tuple[str, ...] = ()  # member units that meet the rule
    at_least: bool = False  # gap/need assume every undecided member meets the rule
    parts: list["IndicatorResult"] = field(default_factory=list)
    basis: str | None = None  # computed | attested (None while open)
    attestation: "Attestation | None" = None  # the verdict given in the data, if any
    conflict: bool = False  # the given verdict contradicts what the numbers say

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id, "title": self.title, "status": self.status, "value": self.value,
            "op": self.op, "threshold": self.threshold, "unit": self.unit, "gap": self.gap,
        }
        if self.numerator is not None:
            d["numerator"], d["denominator"] = self.numerator, self.denominator
        if self.need is not None:
            d["need"], d["need_of"] = self.need, self.need_of
            if self.at_least:
                d["need_is_minimum"] = True
        d["confidence"] = self.confidence
        d["source"] = self.source
        if self.reason:
            d["reason"] = self.reason
            if self.reason_detail:
                d["reason_detail"] = self.reason_detail
        if self.id_confidence != "printed":
            d["id_confidence"] = self.id_confidence
        if self.held_back:
            d["held_back_by"] = list(self.held_back)
        if self.undecided:
            d["undecided_members"] = list(self.undecided)
        if self.met_by:
            d["met_by_members"] = list(self.met_by)
        if self.evidence:
            d["evidence"] = list(self.evidence)
        if self.note:
            d["note"] = self.note
        if self.parts:
            d["parts"] = [p.to_dict() for p in self.parts]
        _verdict_fields(d, self)
        return d


@dataclass(slots=True)
class CriterionResult:
    id: str
    title: str
    status: str
    indicators: list[IndicatorResult]
    title_en: str | None = None
    group: str | None = None
    agency: str | None = None
    precondition: bool = False
    basis: str | None = None
    attestation: "Attestation | None" = None
    conflict: bool = False
    complete: bool = True  # the set lists every indicator of the criterion
    reason: str | None = None  # "incomplete": met on the indicators listed, which are not all

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status}
        if self.precondition:
            d["precondition"] = True
        if not self.complete:
            d["indicators_complete"] = False
        if self.reason:
            d["reason"] = self.reason
        _verdict_fields(d, self)
        d["indicators"] = [i.to_dict() for i in self.indicators]
        return d


def _verdict_fields(d: dict[str, Any], r: "IndicatorResult | CriterionResult") -> None:
    """`basis` on every decided result; the given verdict and any conflict where there is one."""
    d["basis"] = r.basis
    if r.attestation is not None:
        d["attestation"] = r.attestation.to_dict()
    if r.conflict:
        d["conflict"] = True


@dataclass
class UnitResult:
    file: str
    unit: dict[str, Any]
    criteria_set: str
    set_title: str
    set_status: str  # official | provincial | example | demo
    year: int | None
    date: str
    status: str
    criteria: list[CriterionResult]
    klass_key: str | None = None
    klass: str | None = None
    klass_label: str | None = None
    override: dict[str, Any] | None = None
    indicators_known: int = 0
    indicators_encoded: int = 0
    indicators_declared: int = 0
    indicator_count_given: bool = True  # False: the law's number of indicators is not known
    prerequisites: list["UnitResult"] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    set_source: str | None = None
    set_title_en: str | None = None
    basis: str | None = None  # computed when every decided criterion (and prerequisite) was computed
    # evaluated lean with figures (a batch's HTML): per indicator and direct part, (criterion position,
    # id, status, value, op, threshold, gap, need, numerator, denominator, basis, reason, evidence,
    # is a part), the criteria holding no indicator results; None: the indicators are in `criteria`
    figures: tuple[tuple, ...] | None = None

    def summary(self) -> dict[str, int]:
        """Counts over the numbered criteria ("16/19 tiêu chí"); preconditions are counted apart."""
        crits = [c for c in self.criteria if not c.precondition]
        s: dict[str, Any] = {"total": len(crits)}
        for st in STATUSES:
            s[SUMMARY_KEYS[st]] = sum(1 for c in crits if c.status == st)
        # "19/19 tiêu chí (6 tính từ số liệu, 13 theo xác nhận)"
        s["passed_computed"] = sum(1 for c in crits if c.status == PASS and c.basis == "computed")
        s["passed_attested"] = s["passed"] - s["passed_computed"]
        s["conflicts"] = sum(1 for c in crits if c.conflict or any(i.conflict for i in c.indicators))
        pre = [c for c in self.criteria if c.precondition]
        if pre:
            s["preconditions"] = {"total": len(pre), **{SUMMARY_KEYS[st]: sum(1 for c in pre if c.status == st)
                                                        for st in STATUSES}}
        return s

    def indicator_summary(self) -> dict[str, int]:
        inds = [i for c in self.criteria for i in c.indicators]
        s = {"total": len(inds)}
        for st in STATUSES:
            s[SUMMARY_KEYS[st]] = sum(1 for i in inds if i.status == st)
        return s

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "file": self.file,
            "unit": self.unit,
            "criteria_set": self.criteria_set,
            "criteria_set_title": self.set_title,
            "criteria_set_status": self.set_status,
            "year": self.year,
            "date": self.date,
            "status": self.status,
            "summary": self.summary(),
            "indicator_summary": self.indicator_summary(),
            "coverage": {"thresholds_known": self.indicators_known, "indicators_encoded": self.indicators_encoded,
                         "indicators_declared": self.indicators_declared,
                         "indicator_count_given": self.indicator_count_given},
        }
        if self.klass_key:
            d["classification"] = {"key": self.klass_key, "value": self.klass, "label": self.klass_label}
            if self.override:
                d["classification"]["override"] = self.override
        if self.prerequisites:
            d["prerequisites"] = [p.to_dict() for p in self.prerequisites]
        if self.warnings:
            d["warnings"] = self.warnings
        d["basis"] = self.basis
        d["criteria"] = [c.to_dict() for c in self.criteria if not c.precondition]
        pre = [c.to_dict() for c in self.criteria if c.precondition]
        if pre:
            d["preconditions"] = pre  # điều kiện: not among the numbered criteria ("x/9 tiêu chí")
        return d



@dataclass
class Outcome:
    """One unit checked: its result, or the located problems that kept it from being evaluated
    (a district can have both: a result, and members that could not be read)."""

    path: str
    result: UnitResult | None = None
    problems: list[Problem] = field(default_factory=list)
    cset: "CriteriaSet | None" = None  # the set the result was computed with

    @property
    def exit_code(self) -> int:
        if self.result is None or self.problems:
            return EXIT_INVALID
        return EXIT_OK if self.result.status == PASS else EXIT_FAIL


def exit_code_of(outcomes: list[Outcome]) -> int:
    """`check` of several files: 2 if any is invalid, else 0 only when every unit meets its set."""
    return max((o.exit_code for o in outcomes), default=EXIT_INVALID)

# --- sets, show, template: a set described with thresholds resolved (plain dicts) -----------
def indicator_known(d: dict[str, Any]) -> bool:
    """Known for the chosen class (every class when shown for all of them); composites: all parts."""
    if d.get("parts"):
        return all(indicator_known(p) for p in d["parts"])
    if "by_class" in d:
        return all(_known(x) for x in d["by_class"].values())
    return _known(d)


def _known(x: dict[str, Any]) -> bool:
    if x.get("reason") == "not_applicable":
        return True  # declared: the indicator does not apply to this class/year
    return x.get("threshold") is not None and x.get("op") != "unknown"
