"""Departments and evidence dossiers, computed from evaluated results (pure: no files, no text).

Two things live here, both read off a `UnitResult` the engine already produced:

* **Who owns what** (`plan_of`, `AgencyView`). Every indicator belongs to a department: the one a
  province or district assigns in its assignment file (most specific id first: the part, its
  indicator, its criterion), else the guiding ministry the criteria file records (`agency:` of the
  indicator, then of the criterion), else nobody yet. `AgencyView` counts, per department, the
  indicators it owns that fail or are still open, and in how many units — counts only (and a few
  names per indicator), so memory stays flat however many units a batch has.
* **The evidence dossier** (`build_dossier`). Per criterion and indicator: the evidence and the
  attestations given, and what a met indicator still lacks (no evidence; an attestation without a
  document, without `by`, undated or dated after the deadline); plus the recognition conditions of
  QĐ 18/2022/QĐ-TTg the reference records, as items to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval.vocab import FAIL, MISSING, NA, NO_THRESHOLD, PASS

if TYPE_CHECKING:
    from ntm_eval.model import Attestation
    from ntm_eval.results import CriterionResult, IndicatorResult, UnitResult

OPEN = (MISSING, NO_THRESHOLD)
ASSIGNED, NATIONAL = "assigned", "national"
NAMES_KEPT = 5  # unit names kept per indicator of the per-agency view (the count is always exact)


# --- who owns what -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Owned:
    """One indicator (or a part of a composite, when the assignment names that part) and the
    department that owns it."""

    criterion: str
    id: str
    title: str
    title_en: str | None
    agency: str | None
    origin: str | None  # ASSIGNED (assignment file) | NATIONAL (criteria file) | None (nobody)


def owner(assign: dict[str, str], ids: Iterable[str], national: Iterable[str | None]) -> tuple[str | None, str | None]:
    """The department of an item: the assignment's, most specific id first; else the ministry the
    criteria file names, most specific first; else none."""
    for i in ids:
        if i in assign:
            return assign[i], ASSIGNED
    for a in national:
        if a:
            return a, NATIONAL
    return None, None


def plan_of(result: "UnitResult", assign: dict[str, str]) -> tuple[Owned, ...]:
    """The items of a result's set in order, each with its department. A composite is one item,
    unless the assignment names one of its parts: then its parts are the items."""
    out: list[Owned] = []
    for c in result.criteria:
        for ind in c.indicators:
            split = bool(ind.parts) and any(p.id in assign for p in ind.parts)
            for r in (ind.parts if split else [ind]):
                chain = [r.id, ind.id, c.id] if r is not ind else [r.id, c.id]
                national = [r.agency, ind.agency, c.agency] if r is not ind else [r.agency, c.agency]
                agency, origin = owner(assign, chain, national)
                out.append(Owned(c.id, r.id, r.title, r.title_en, agency, origin))
    return tuple(out)


def statuses_of(result: "UnitResult", plan: tuple[Owned, ...]) -> tuple[str, ...]:
    """One status per plan item — the compact per-indicator tuple a batch keeps. An indicator left
    open under a criterion that is met (a verdict given for the whole criterion) counts as met."""
    by_id: dict[str, tuple[str, str]] = {}
    for c in result.criteria:
        for ind in c.indicators:
            for r in (ind, *ind.parts):
                by_id[r.id] = (r.status, c.status)
    out = []
    for item in plan:
        status, crit = by_id.get(item.id, (MISSING, MISSING))
        if status in OPEN and crit in (PASS, NA):
            status = PASS
        out.append(status)
    return tuple(out)


@dataclass
class AgencyItem:
    set_id: str
    criterion: str
    id: str
    title: str
    title_en: str | None
    origin: str | None
    failing: int = 0
    open: int = 0
    names: list[str] = field(default_factory=list)  # the first NAMES_KEPT units concerned

    def to_dict(self) -> dict[str, Any]:
        return {"set": self.set_id, "criterion": self.criterion, "indicator": self.id, "title": self.title,
                "origin": self.origin, "failing": self.failing, "open": self.open, "units": list(self.names),
                "units_total": self.failing + self.open}


@dataclass
class AgencyEntry:
    agency: str | None  # None: no department assigned
    items: list[AgencyItem]
    units: int = 0  # units with at least one failing or open item of this department
    units_failing: int = 0  # … with at least one failing item

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "units": self.units, "units_failing": self.units_failing,
                "indicators": [i.to_dict() for i in self.items]}


class AgencyView:
    """Per department, the failing and open indicators it owns, counted over units as they come."""

    def __init__(self) -> None:
        self.plans: dict[str, tuple[Owned, ...]] = {}
        self.levels: dict[str, str] = {}
        self.items: dict[tuple[str, int], AgencyItem] = {}
        self.per_agency: dict[str | None, list[int]] = {}  # agency → [units, units failing]
        self.units: dict[str, int] = {}  # set id → units evaluated with it
        self.broken = 0  # units that could not be evaluated

    def knows(self, set_id: str) -> bool:
        return set_id in self.plans

    def add_plan(self, set_id: str, plan: tuple[Owned, ...], level: str = "") -> None:
        self.plans.setdefault(set_id, plan)
        self.levels.setdefault(set_id, level)

    def add_result(self, result: "UnitResult", assign: dict[str, str]) -> None:
        """One unit's result (check): plan its set the first time, then count it."""
        if not self.knows(result.criteria_set):
            self.add_plan(result.criteria_set, plan_of(result, assign), str(result.unit.get("level") or ""))
        self.add(result.criteria_set, statuses_of(result, self.plans[result.criteria_set]),
                 str(result.unit.get("name") or result.file))

    def add(self, set_id: str, statuses: tuple[str, ...], name: str) -> None:
        plan = self.plans[set_id]
        self.units[set_id] = self.units.get(set_id, 0) + 1
        touched: dict[str | None, bool] = {}
        for n, (item, status) in enumerate(zip(plan, statuses)):
            if status != FAIL and status not in OPEN:
                continue
            agg = self.items.get((set_id, n))
            if agg is None:
                agg = self.items[(set_id, n)] = AgencyItem(set_id, item.criterion, item.id, item.title,
                                                           item.title_en, item.origin)
            if status == FAIL:
                agg.failing += 1
            else:
                agg.open += 1
            if len(agg.names) < NAMES_KEPT:
                agg.names.append(name)
            touched[item.agency] = touched.get(item.agency, False) or status == FAIL
        for agency, failing in touched.items():
            counts = self.per_agency.setdefault(agency, [0, 0])
            counts[0] += 1
            counts[1] += int(failing)

    def entries(self) -> list[AgencyEntry]:
        """Departments by the number of units they hold back (most first), unassigned last."""
        by_agency: dict[str | None, list[AgencyItem]] = {}
        for (set_id, n), agg in sorted(self.items.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            by_agency.setdefault(self.plans[set_id][n].agency, []).append(agg)
        out = [AgencyEntry(a, items, *self.per_agency.get(a, [0, 0])) for a, items in by_agency.items()]
        out.sort(key=lambda e: (e.agency is None, -e.units_failing, -e.units, e.agency or ""))
        return out

    def owners(self) -> list[tuple[str, Owned]]:
        """Every item of every set met, with its owner (for listing who owns what)."""
        return [(s, o) for s, plan in self.plans.items() for o in plan]

    def to_dict(self) -> dict[str, Any]:
        return {"units": dict(self.units), "units_not_evaluated": self.broken,
                "agencies": [e.to_dict() for e in self.entries()]}


# --- the evidence dossier -------------------------------------------------------------------

# Recognition conditions of a commune (QĐ 18/2022/QĐ-TTg, Art. 4 cl. 1), as the reference records
# them (criteria.md §10, from-secondary-summary, 2 sources). (a) — full compliance with the set —
# is the evaluation itself. Quotes are the source's words and stay in Vietnamese.
CONDITIONS: tuple[tuple[str, str, str, str | None], ...] = (
    ("no_debt", "b",
     "Không có nợ đọng xây dựng cơ bản thuộc Chương trình MTQG xây dựng NTM trên địa bàn", None),
    ("satisfaction", "c",
     "tỷ lệ hài lòng của người dân đáp ứng yêu cầu theo quy định", None),
    ("security", "d",
     "Xã không phức tạp về an ninh, trật tự theo quy định của Bộ Công an", "19.2"),
)
CONDITIONS_SOURCE = "QĐ 18/2022/QĐ-TTg, Điều 4 khoản 1"
CONDITIONS_REF = "criteria.md §10"


@dataclass(frozen=True, slots=True)
class Lack:
    code: str  # no_evidence | no_document | no_by | no_date | late
    target: str  # the indicator or criterion id it is about
    date: str | None = None
    deadline: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "id": self.target}
        if self.date:
            d["date"] = self.date
        if self.deadline:
            d["deadline"] = self.deadline
        return d


@dataclass
class DossierItem:
    id: str
    title: str
    title_en: str | None
    status: str  # as evaluated; `via_criterion` when met by the criterion's verdict
    basis: str | None
    evidence: tuple[str, ...]
    attestations: tuple[tuple[str, "Attestation"], ...]  # (data key, verdict given)
    lacks: list[Lack]
    agency: str | None = None
    via_criterion: bool = False

    @property
    def met(self) -> bool:
        return self.status == PASS or self.via_criterion

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status, "basis": self.basis}
        if self.via_criterion:
            d["met_by_criterion_verdict"] = True
        d["agency"] = self.agency
        d["evidence"] = list(self.evidence)
        d["attestations"] = [{"id": k, **a.to_dict()} for k, a in self.attestations]
        d["lacks"] = [x.to_dict() for x in self.lacks]
        return d


@dataclass
class DossierCriterion:
    id: str
    title: str
    title_en: str | None
    status: str
    basis: str | None
    attestation: "Attestation | None"
    lacks: list[Lack]
    items: list[DossierItem]
    agency: str | None = None
    precondition: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "title": self.title, "status": self.status, "basis": self.basis,
                             "agency": self.agency}
        if self.precondition:
            d["precondition"] = True
        d["attestation"] = self.attestation.to_dict() if self.attestation else None
        d["lacks"] = [x.to_dict() for x in self.lacks]
        d["indicators"] = [i.to_dict() for i in self.items]
        return d


@dataclass(frozen=True, slots=True)
class Condition:
    key: str
    point: str  # the point of Art. 4 cl. 1: "b", "c", "d"
    quote: str
    indicator: str | None = None  # an indicator of the set that tests the same thing
    indicator_status: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"key": self.key, "status": "to_confirm",
                             "source": f"{CONDITIONS_SOURCE} ({self.point})", "quote": self.quote,
                             "reference": CONDITIONS_REF}
        if self.indicator:
            d["indicator"], d["indicator_status"] = self.indicator, self.indicator_status
        return d


@dataclass
class Dossier:
    file: str
    unit: dict[str, Any]
    set_id: str
    set_title: str
    set_title_en: str | None
    year: int | None
    date: str
    status: str  # the unit's evaluated status
    criteria: list[DossierCriterion]
    conditions: list[Condition]
    evidence_deadline: str | None = None
    appraisal_deadline: str | None = None

    @property
    def lacks(self) -> list[Lack]:
        return [x for c in self.criteria for x in (*c.lacks, *(y for i in c.items for y in i.lacks))]

    @property
    def not_met(self) -> list[DossierItem]:
        """Indicators that are neither met nor inapplicable: nothing to prove yet."""
        return [i for c in self.criteria for i in c.items if not i.met and i.status != NA]

    @property
    def complete(self) -> bool:
        return not self.lacks and not self.not_met

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file, "unit": self.unit, "criteria_set": self.set_id, "criteria_set_title": self.set_title,
            "year": self.year, "date": self.date, "status": self.status,
            "deadlines": {"evidence": self.evidence_deadline, "appraisal": self.appraisal_deadline},
            "complete": self.complete,
            "summary": {"lacks": len(self.lacks), "not_met": len(self.not_met),
                        "lacks_by_code": _by_code(self.lacks)},
            "criteria": [c.to_dict() for c in self.criteria],
            "recognition_conditions": [c.to_dict() for c in self.conditions],
        }


def _by_code(lacks: list[Lack]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in lacks:
        out[x.code] = out.get(x.code, 0) + 1
    return out


def attestation_lacks(target: str, att: "Attestation", deadline: str | None) -> list[Lack]:
    out = []
    if not att.document:
        out.append(Lack("no_document", target))
    if not att.by:
        out.append(Lack("no_by", target))
    if deadline:
        if not att.date:
            out.append(Lack("no_date", target, deadline=deadline))
        elif att.date > deadline:
            out.append(Lack("late", target, att.date, deadline))
    return out


def _item(ind: "IndicatorResult", crit: "CriterionResult", evidence_deadline: str | None,
          agency: str | None) -> DossierItem:
    rs = (ind, *ind.parts)
    evidence = tuple(e for r in rs for e in r.evidence)
    atts = tuple((r.id, r.attestation) for r in rs if r.attestation is not None)
    via = ind.status in OPEN and crit.status == PASS
    item = DossierItem(ind.id, ind.title, ind.title_en, ind.status, ind.basis, evidence, atts, [], agency, via)
    if item.met:
        if not evidence and not any(a.document for _, a in atts):
            item.lacks.append(Lack("no_evidence", ind.id))
        for key, att in atts:
            item.lacks.extend(attestation_lacks(key, att, evidence_deadline))
    return item


def build_dossier(result: "UnitResult", evidence_deadline: str | None = None, appraisal_deadline: str | None = None,
                  assign: dict[str, str] | None = None) -> Dossier:
    """The dossier of one evaluated unit. `evidence_deadline` is checked against the documents
    given for indicators (hồ sơ minh chứng), `appraisal_deadline` against those given for whole
    criteria (hồ sơ thẩm tra)."""
    assign = assign or {}
    crits = []
    for c in result.criteria:
        items = []
        for ind in c.indicators:
            agency, _ = owner(assign, [ind.id, c.id], [ind.agency, c.agency])
            items.append(_item(ind, c, evidence_deadline, agency))
        lacks = (attestation_lacks(c.id, c.attestation, appraisal_deadline)
                 if c.attestation is not None and c.status == PASS else [])
        agency, _ = owner(assign, [c.id], [c.agency])
        crits.append(DossierCriterion(c.id, c.title, c.title_en, c.status, c.basis, c.attestation, lacks, items,
                                      agency, c.precondition))
    conditions = []
    if str(result.unit.get("level") or "") == "xa":
        statuses = {r.id: r.status for c in result.criteria for i in c.indicators for r in (i, *i.parts)}
        for key, point, quote, ind_id in CONDITIONS:
            ind_id = ind_id if ind_id in statuses else None
            conditions.append(Condition(key, point, quote, ind_id, statuses.get(ind_id) if ind_id else None))
    return Dossier(result.file, result.unit, result.criteria_set, result.set_title, result.set_title_en,
                   result.year, result.date, result.status, crits, conditions, evidence_deadline, appraisal_deadline)
