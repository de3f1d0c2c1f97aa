"""Plan files (issue 12): targets by year for units and aggregates → a checked `Plan`.

A plan is a YAML file (docs/plans.md) or a CSV/XLSX sheet with one row per target and
Vietnamese headers. Both become a located `Doc` and go through the same checks: every key is
known (else a located error with a did-you-mean), every figure is a number ("18,5" accepted),
each target has exactly one shape. References to sets, criteria, units and years are checked
later against the catalog and the results (`run/plan.py`), which alone know them.

Target shapes (one per target; `kind` below):

* ``unit_set``        ``unit: Sơn Bình`` + ``meets: SET``           — "xã Sơn Bình đạt chuẩn NTM"
* ``unit_criteria``   ``unit: Bản Bo`` + ``criteria: 16`` [+ set]   — "đạt 16/19 tiêu chí"
* ``unit_criterion``  ``unit: …`` + ``criterion: "1"`` [+ set]      — "huyện hoàn thành tiêu chí số 1"
* ``average``         ``average: 18,5`` + ``set``                   — "bình quân 18,5 tiêu chí/xã"
* ``criterion_count`` ``criterion: "2"`` + ``set`` + ``units``/``percent`` — "12/12 xã đạt tiêu chí số 2"
* ``set_count``       ``meets: SET`` + ``units``/``percent``        — "01 xã đạt NTM nâng cao", "20 bản"

One target is read by `plan_target` (and a plan sheet into a document by `plan_sheet`); their
names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ntm_eval.errors import InputError
from ntm_eval.io.yamlload import Doc, load_path
from ntm_eval.load.plan_sheet import SHEET_HEADERS, _sheet_doc
from ntm_eval.load.plan_target import (BASELINE_KEYS, OPS, SCOPE_KEYS, TARGET_KEYS, Baseline, Target, _Checker,
                                       _scope, _target)

__all__ = ["BASELINE_KEYS", "KINDS", "OPS", "PLAN_KEYS", "SCOPE_KEYS", "SHEET_HEADERS", "SHEET_SUFFIXES",
           "TARGET_KEYS", "Baseline", "Plan", "Target", "parse_plan", "read_plan"]

PLAN_KEYS = ("plan", "source", "year", "period", "in", "sets", "targets", "note")
KINDS = ("unit_set", "unit_criteria", "unit_criterion", "average", "criterion_count", "set_count")
SHEET_SUFFIXES = (".csv", ".tsv", ".xlsx")


@dataclass(frozen=True)
class Plan:
    path: str
    title: str | None
    source: str | None
    targets: tuple[Target, ...]
    sets: dict[str, str] = field(default_factory=dict)  # plan alias → set ref
    set_marks: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)
    period: tuple[int, int] | None = None
    note: str | None = None


def read_plan(path: str) -> Plan:
    """A plan from a YAML file or a CSV/XLSX sheet; raises InputError with every problem found."""
    doc = _sheet_doc(path) if path.lower().endswith(SHEET_SUFFIXES) else load_path(path)
    return parse_plan(doc)


def parse_plan(doc: Doc) -> Plan:
    ck = _Checker(doc)
    top = ck.mapping(doc.data, (), "plan", PLAN_KEYS)
    if top is None:
        raise InputError(ck.problems)
    if "targets" not in top:
        ck.add("schema.missing_key", (), name="targets", where="plan")
    title = ck.text(top.get("plan"), ("plan",), "plan")
    source = ck.text(top.get("source"), ("source",), "source")
    note = ck.text(top.get("note"), ("note",), "note")
    year = ck.year(top["year"], ("year",)) if "year" in top else None
    period = None
    if "period" in top:
        p = top["period"]
        if isinstance(p, list) and len(p) == 2:
            a, b = ck.year(p[0], ("period", 0)), ck.year(p[1], ("period", 1))
            if a is not None and b is not None:
                period = (min(a, b), max(a, b))
        else:
            ck.add("plan.bad_period", ("period",))
    scope = _scope(ck, top.get("in"), ("in",)) if "in" in top else {}
    sets: dict[str, str] = {}
    set_marks: dict[str, tuple[int | None, int | None]] = {}
    if "sets" in top:
        if not isinstance(top["sets"], dict):
            ck.add("schema.expected_mapping", ("sets",), what="sets", got=type(top["sets"]).__name__)
        else:
            for alias, ref in top["sets"].items():
                r = ck.text(ref, ("sets", alias), alias)
                if r:
                    sets[str(alias)] = r
                    set_marks[str(alias)] = doc.where(("sets", alias))
    targets: list[Target] = []
    raw = top.get("targets")
    if raw is not None and not isinstance(raw, list):
        ck.add("schema.expected_list", ("targets",), name="targets")
        raw = []
    for i, item in enumerate(raw or []):
        t = _target(ck, i, item, year, scope, period)
        if t is not None:
            targets.append(t)
    if raw is not None and not raw and not ck.problems:
        ck.add("plan.no_targets", ("targets",))
    if ck.problems:
        raise InputError(ck.problems)
    return Plan(doc.path, title, source, tuple(targets), sets, set_marks, period, note)
