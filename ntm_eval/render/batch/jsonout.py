"""`--format json`: units, aggregates and errors, written row by row (no rich, no big string).

{"format_version": 1, "input": …, "summary": {…}, "sets": [{"criteria_set": …, "coverage": {…},
 "criteria": […], "aggregates": {…}, "units": […]}], "warnings": […], "errors": [{"file": …, "errors": […]}]}

`coverage` is the set's thresholds known / indicators encoded / declared over its units (min and
max: they can differ by region), `partial` and the warning sentence. A criterion no unit has
met or not met (every unit "no_threshold", "missing" or "not_applicable") has
`"decidable": false` and `"percent_passed": null` — not 0.

Basis (issue 10): each unit's `bases` (criterion id → "computed" | "attested" | null while open),
`conflicts` (criteria where a verdict given in the data contradicts the numbers) and `basis`; each
set's `basis`: units meeting it computed / attested, units with a conflict, and per criterion the
units meeting it by attestation and with a conflict.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from ntm_eval.core.aggregate import OPEN
from ntm_eval.render.jsonout import FORMAT_VERSION

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import GroupAgg, SubAgg
    from ntm_eval.errors import Problem
    from ntm_eval.results import BatchReport, UnitRow

_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _r(x: float | None, digits: int = 2) -> float | None:
    return None if x is None else round(x, digits)


def unit_dict(row: UnitRow, crit_ids: tuple[str, ...] | list[str]) -> dict[str, Any]:
    d: dict[str, Any] = {"file": row.source, "name": row.name, "level": row.level, "district": row.district,
                         "province": row.province, "year": row.year, "status": row.status or "error",
                         "passed": row.passed, "total": row.total}
    if row.statuses:
        d["criteria"] = dict(zip(crit_ids, row.statuses))
        # per criterion: computed | attested (null while open); the criteria with a conflict
        d["bases"] = dict(zip(crit_ids, row.bases))
        d["conflicts"] = [cid for cid, x in zip(crit_ids, row.conflicts) if x]
        d["basis"] = row.basis
    if row.held_back:
        d["from_members"] = [{"criterion": h.criterion, "indicator": h.indicator, "title": h.title,
                              "status": h.status, "numerator": h.numerator, "denominator": h.denominator,
                              "held_back_by": list(h.names), "undecided_members": list(h.undecided)}
                             for h in row.held_back]
    if row.prerequisites:
        d["prerequisites"] = {p[0]: p[2] for p in row.prerequisites}
    if row.merged_from:  # the units it was formed from on 1/7/2025 (official code and name)
        d["merged_from"] = [{"code": c, "name": n} for c, n in row.merged_from]
    if row.problems:
        d["has_errors"] = True
    return d


def _sub(s: SubAgg, crit_ids: list[str]) -> dict[str, Any]:
    return {"units": s.units, "average_criteria_met": _r(s.average_met), "meeting_set": s.set_passed,
            "undecided": s.set_undecided,
            "criteria_passed": dict(zip(crit_ids, s.crit_passed))}


def _problem(p: Problem, lang: str) -> dict[str, Any]:
    from ntm_eval.messages import format_problem

    return {"file": p.file, "line": p.line, "col": p.col, "indicator": p.indicator, "code": p.key,
            "severity": p.severity, "message": format_problem(p, lang)}


def _criterion(g: GroupAgg, i: int, c: tuple[str, str, str | None]) -> dict[str, Any]:
    from ntm_eval.render.batch.common import UNDECIDED

    counts = g.counts(i)
    d = {"id": c[0], "title": c[1], "passed": g.passed(i), "undecided": g.open_count(i),
         "percent_passed": _r(g.percent(i), 1) if g.decidable(i) else None,
         "decidable": g.decidable(i), "counts": counts}
    if not g.decidable(i):
        d["undecided_because"] = [s for s in UNDECIDED if counts.get(s)]
    return d


def aggregates_dict(report: BatchReport, g: GroupAgg) -> dict[str, Any]:
    crits = g.criteria()
    ids = [c[0] for c in crits]
    return {
        "units": g.units,
        "units_with_errors": g.with_problems,
        "criteria_total": g.total_criteria,
        "average_criteria_met": _r(g.average_met),
        "min_criteria_met": g.min_met,
        "max_criteria_met": g.max_met,
        "set_status_counts": dict(g.set_counts),
        "prerequisites": [{"criteria_set": sid, "title": g.prereq_titles.get(sid),
                           "title_en": g.prereq_titles_en.get(sid), "meeting": k,
                           "status_counts": dict(g.prereq_counts.get(sid, {}))}
                          for sid, k in g.prereq_passed.items()],
        # not_met: found not to meet the set; undecided: "no_threshold"/"missing", not failures
        "meeting_set": {"count": g.set_passed, "not_met": g.set_failed, "undecided": g.set_undecided,
                        "undecided_because": [s for s in OPEN if g.set_counts.get(s)],
                        "percent": _r(100.0 * g.set_passed / g.units if g.units and g.set_decidable else None, 1),
                        "percent_is_minimum": bool(g.set_undecided),
                        "units": [r.name for r in report.rows if r.set_id == g.set_id and r.status == "pass"]},
        "criteria_undecided_everywhere": [crits[i][0] for i in g.criteria_open_everywhere()],
        "criteria_undecided_somewhere": [crits[i][0] for i in g.criteria_open_somewhere()],
        "criteria": [_criterion(g, i, c) for i, c in enumerate(crits)],
        "by_district": [{"province": k[0] or None, "district": k[1], **_sub(s, ids)} for k, s in g.districts()],
        "by_province": [{"province": k, **_sub(s, ids)} for k, s in g.provinces()],
    }


def basis_dict(g: GroupAgg) -> dict[str, Any]:
    """How the verdicts of a set's units were reached: units meeting the set on the numbers alone
    (computed) or with attested verdicts, units with a conflict, and per criterion the units
    meeting it by attestation and those with a conflict."""
    return {"meeting_set": {"computed": g.set_passed_computed, "attested": g.set_passed_attested},
            "units_with_conflicts": g.units_with_conflicts,
            "criteria": [{"id": c[0], "passed_attested": g.passed_attested(i), "conflicts": g.conflicts(i)}
                         for i, c in enumerate(g.criteria())]}


def render(report: BatchReport, out: IO[str], lang: str = "vi") -> None:
    from ntm_eval.render.batch.common import coverage_dict, notes

    agg = report.aggregates
    w = out.write
    summary = {"units": agg.total, "evaluated": agg.evaluated, "with_errors": agg.broken,
               "not_evaluated": agg.unevaluated, "meeting_set": agg.set_passed, "not_meeting_set": agg.set_failed,
               "undecided": agg.set_undecided, "exit_code": agg.exit_code()}
    w(f'{{"format_version":{FORMAT_VERSION:d},"input":{_dump(report.input)},')
    w(f'"summary":{_dump(summary)},')
    w('"sets":[')
    for n, g in enumerate(agg.groups.values()):
        info = g.info
        ids = [c[0] for c in g.criteria()]
        head = {"criteria_set": g.set_id, "title": info.title if info else None,
                "title_en": info.title_en if info else None, "level": info.level if info else None,
                "tier": info.tier if info else None, "status": info.status if info else None,
                "coverage": coverage_dict(g, lang),
                "criteria": [{"id": c[0], "title": c[1], "title_en": c[2]} for c in g.criteria()],
                "aggregates": aggregates_dict(report, g), "basis": basis_dict(g)}
        w(("," if n else "") + _dump(head)[:-1] + ',"units":[')
        first = True
        for row in report.rows:
            if row.set_id != g.set_id:
                continue
            w(("" if first else ",") + "\n" + _dump(unit_dict(row, ids)))
            first = False
        w("]}")
    w('],"warnings":[')
    for n, p in enumerate(notes(report)):  # one at a time: 10,000 warnings are never one big string
        w(("," if n else "") + _dump(_problem(p, lang)))
    w("]")
    w(',"errors":[')
    first = True
    for row in report.rows:
        if not row.problems:
            continue
        e = {"file": row.source, "name": row.name, "evaluated": row.status is not None,
             "errors": [_problem(p, lang) for p in row.problems]}
        w(("" if first else ",") + "\n" + _dump(e))
        first = False
    w("]}\n")
