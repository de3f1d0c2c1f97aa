"""`ntm-eval plan PLAN RESULTS…`: evaluate the results as `batch` does, then each target.

Pure and quiet. The units go through the batch's own machinery (`run.batch.Worker`, `collect`:
same rows, notes, exit code and spool as `ntm-eval batch`); a `PlanWorker` also keeps, from each
unit's full result, its standing against its own set and every prerequisite set (criteria
statuses, failing indicators and their gaps) as a compact `PlanRow`, which streams into the
plan's tallies (core/plan.py) and is dropped. References the plan makes are checked against the
catalog (sets, criteria) and against what the results hold (units, years), with located errors
and did-you-mean suggestions.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Iterator

from ntm_eval.core.plan import Crit, Gap, PlanReport, PlanRow, PlanTally, Standing, judge, relative_gap
from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.plan import Plan, read_plan
from ntm_eval.results import Outcome, UnitResult, UnitRow
from ntm_eval.run.batch import BatchContext, Worker, collect, iter_tasks
from ntm_eval.vocab import FAIL, LEVEL, fold


# --- one unit → its PlanRow ------------------------------------------------------------------

def standing_of(res: UnitResult) -> Standing:
    s = res.summary()
    gaps: list[Gap] = []
    crits = []
    name = str(res.unit.get("name") or "")
    for c in res.criteria:
        cost = 0.0
        if c.status == FAIL:
            mine = []
            for ind in c.indicators:
                for r in (ind.parts or [ind]) if ind.status == FAIL else ():
                    if r.status != FAIL:
                        continue
                    rel = relative_gap(r.gap, r.threshold)
                    mine.append(Gap(name, c.id, r.id, r.title, r.value, r.op, r.threshold, r.unit, r.gap, r.need,
                                    r.need_of, rel, r.title_en, r.need_of_en))
            cost = sum(g.rel for g in mine) if mine else 1.0
            gaps.extend(mine)
        crits.append(Crit(c.id, c.title, c.status, cost, c.precondition, c.title_en))
    return Standing(res.criteria_set, res.status, s["passed"], s["total"], tuple(crits), tuple(gaps))


def _standings(res: UnitResult) -> Iterator[Standing]:
    yield standing_of(res)
    for p in res.prerequisites:
        yield from _standings(p)


def plan_row(row: UnitRow, res: UnitResult | None) -> PlanRow | None:
    if res is None:
        return None
    return PlanRow(row.name, row.level, row.district, row.province, row.year, row.source, row.set_id,
                   tuple(_standings(res)))


class PlanWorker(Worker):
    """The batch worker, keeping each unit's standing (the batch drops the full result)."""

    full_results = True  # a standing reads every indicator's result

    def __init__(self, ctx: BatchContext, catalog: Catalog | None = None):
        super().__init__(ctx, catalog)
        self.last: Outcome | None = None

    def evaluate(self, raw):  # type: ignore[no-untyped-def]
        outcome = super().evaluate(raw)
        self.last = outcome
        return outcome

    def __call__(self, item):  # type: ignore[no-untyped-def]
        self.last = None
        row, info = super().__call__(item)
        prow = None
        if isinstance(row, UnitRow) and self.last is not None:
            prow = plan_row(row, self.last.result)
        self.last = None
        return row, info, prow


_POOL: PlanWorker | None = None


def _pool_init(ctx: BatchContext) -> None:
    global _POOL
    _POOL = PlanWorker(ctx)


def _pool_work(item):  # type: ignore[no-untyped-def]
    assert _POOL is not None
    return _POOL(item)


def _tasks(paths: Iterable[str]) -> Iterator[Any]:
    """The tasks of every results path, a file named twice (a folder and a file in it) once."""
    seen: set[str] = set()
    for p in paths:
        for task in iter_tasks(p):
            if isinstance(task, str):
                real = os.path.realpath(task)
                if real in seen:
                    continue
                seen.add(real)
            yield task


def stream_plan_units(paths: list[str], catalog: Catalog, ctx: BatchContext, jobs: int = 1
                      ) -> Iterator[tuple[Any, Any, PlanRow | None]]:
    tasks = enumerate(_tasks(paths))
    if jobs <= 1:
        yield from map(PlanWorker(ctx, catalog), tasks)
        return
    import multiprocessing as mp

    mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    with mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx,)) as pool:
        yield from pool.imap(_pool_work, tasks, chunksize=8)


# --- the plan's references ----------------------------------------------------------------

def resolve_sets(plan: Plan, catalog: Catalog) -> tuple[dict[int, str | None], list[Problem]]:
    """Each target's set id (None: the unit's own set), from the plan's `sets:` names, a set id
    or the last part of one ("xa-ntm-nang-cao"); unknown sets are located errors."""
    ids = sorted(catalog.index())
    aliases = {fold(k): v for k, v in plan.sets.items()}
    problems: list[Problem] = []
    out: dict[int, str | None] = {}
    for alias, ref in plan.sets.items():
        if ref not in ids and _tail(ref, ids) is None:
            line, col = plan.set_marks.get(alias, (None, None))
            problems.append(Problem("plan.unknown_set", plan.path, line, col,
                                    {"name": ref, **_hint(ref, ids)}))
    for t in plan.targets:
        if t.set_ref is None:
            out[t.index] = None
            continue
        ref = aliases.get(fold(t.set_ref), t.set_ref)
        sid = ref if ref in ids else _tail(ref, ids)
        if sid is None:
            if fold(t.set_ref) not in aliases:
                at = "meets" if "meets" in t.marks else "set"
                choices = list(plan.sets) + ids
                problems.append(t.problem("plan.unknown_set", at, name=t.set_ref, **_hint(t.set_ref, choices)))
            continue
        out[t.index] = sid
        if t.kind == "unit_criteria":
            try:
                numbered = sum(1 for c in catalog.get(sid).criteria if not c.precondition)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            if t.value > numbered:
                problems.append(t.problem("plan.criteria_over", "criteria", n=int(t.value), total=numbered,
                                          set_id=sid))
        if t.criterion is not None:
            try:
                cset = catalog.get(sid)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            cids = [c.id for c in cset.criteria]
            if t.criterion not in cids:
                problems.append(t.problem("plan.unknown_criterion", "criterion", name=t.criterion, set_id=sid,
                                          choices=", ".join(cids), **_hint(t.criterion, cids)))
    return out, problems


def _tail(ref: str, ids: list[str]) -> str | None:
    hits = [i for i in ids if i.rsplit("/", 1)[-1] == ref]
    return hits[0] if len(hits) == 1 else None


def _hint(word: str, choices: Iterable[str]) -> dict[str, str]:
    h = suggest(word, choices)
    return {"hint": h} if h else {}


class _Seen:
    """What the results hold, to check the plan's units, sets and years against."""

    def __init__(self) -> None:
        self.keys: dict[tuple, str] = {}
        self.duplicates: list[Problem] = []
        self.names: dict[str, set[str]] = {}  # level → unit names
        self.sets_by_level: dict[str, set[str]] = {}

    def add(self, prow: PlanRow) -> None:
        k = prow.key()
        first = self.keys.get(k)
        if first is not None:
            self.duplicates.append(Problem("plan.duplicate_unit", prow.source, params={
                "name": prow.name, "year": prow.year, "first": first}))
        else:
            self.keys[k] = prow.source
        self.names.setdefault(prow.level or "", set()).add(prow.name)
        for s in prow.standings:
            self.sets_by_level.setdefault(prow.level or "", set()).add(s.set_id)


def check_against_results(plan: Plan, set_ids: dict[int, str | None], tally: PlanTally, seen: _Seen,
                          catalog: Catalog) -> list[Problem]:
    problems: list[Problem] = []
    years = sorted(tally.years)
    for t in plan.targets:
        if years and min(years) > t.year:
            problems.append(t.problem("plan.year_not_in_results", "year" if "year" in t.marks else None,
                                      year=t.year, years=", ".join(map(str, years))))
            continue
        covered = bool(tally.scope_seen.get(t.index))
        matched = [tl for (i, _), tl in tally.tallies.items() if i == t.index and (tl.units or tl.n)]
        if t.kind.startswith("unit_"):
            if not matched and covered and (t.unit_level is None or seen.names.get(t.unit_level)):
                names = seen.names.get(t.unit_level, set()) if t.unit_level else \
                    {n for ns in seen.names.values() for n in ns}
                problems.append(t.problem("plan.unknown_unit", "unit", name=t.unit, **_hint(t.unit or "", names)))
                continue
            for tl in matched:
                distinct = {u[1][:4] for u in tl.units if u[2] is not None} or {u[1][:4] for u in tl.units}
                if len(distinct) > 1:
                    who = ", ".join(sorted(f"{_level_word(k[0])} {t.unit}" + (f" ({k[2]})" if k[2] else "")
                                           for k in _written(tl.units, distinct)))
                    problems.append(t.problem("plan.ambiguous_unit", "unit", name=t.unit, units=who))
                    break
            continue
        sid = set_ids.get(t.index)
        if matched or sid is None or not covered:
            continue
        try:
            level = catalog.get(sid).level
        except InputError:
            continue
        used = sorted(seen.sets_by_level.get(level, set()))
        if used:  # the results do have units of that level, evaluated with other sets
            at = "meets" if "meets" in t.marks else "set"
            problems.append(t.problem("plan.set_not_in_results", at, name=sid, sets=", ".join(used),
                                      **_hint(sid, used)))
    return problems


def _written(units: list, keys: set) -> list[tuple]:
    """The distinct units as their rows write them (level, name, district, province)."""
    out, seen = [], set()
    for _, k, _, district in units:
        if k[:4] in keys and k[:4] not in seen:
            seen.add(k[:4])
            out.append((k[0], k[1], district, k[3]))
    return out


def _level_word(code: str) -> str:
    lv = LEVEL.get(code)
    return lv.noun_vi if lv else code


# --- the run --------------------------------------------------------------------------------

def run_plan(plan_path: str, results: list[str], catalog: Catalog | None = None, catalog_dirs: Iterable[str] = (),
             set_ref: str | None = None, year: int | None = None, jobs: int = 1, use_attested: bool = True,
             next_limit: int = 20, show_next: bool = False) -> tuple[PlanReport | None, Any, list[Problem]]:
    """(report, batch report, problems). Problems that are errors mean bad input (exit 2): the
    plan itself, its references, or two results for one unit and year. The batch report is
    returned open (its rows may be spooled); the caller closes it."""
    catalog = catalog if catalog is not None else Catalog(tuple(catalog_dirs))
    try:
        plan = read_plan(plan_path)
    except InputError as exc:
        return None, None, exc.problems
    set_ids, problems = resolve_sets(plan, catalog)
    if problems:
        return None, None, problems
    tally = PlanTally(plan.targets, set_ids, next_limit)
    seen = _Seen()
    ctx = BatchContext(tuple(catalog_dirs), set_ref, year, use_attested)

    def rows() -> Iterator[tuple[Any, Any]]:
        for row, info, prow in stream_plan_units(results, catalog, ctx, jobs):
            if prow is not None:
                seen.add(prow)
                tally.add(prow)
            yield row, info

    batch = collect(rows(), ", ".join(results), year, set_ref)
    problems = list(seen.duplicates) + check_against_results(plan, set_ids, tally, seen, catalog)
    if problems:
        return None, batch, problems
    by_target: dict[int, dict[int, Any]] = {}
    for (i, y), tl in tally.tallies.items():
        by_target.setdefault(i, {})[y] = tl
    out = [judge(t, set_ids.get(t.index), by_target.get(t.index, {}), next_limit) for t in plan.targets]
    sets = {}
    for sid in {r.set_id for r in out if r.set_id} | set(batch.sets):
        try:
            cs = catalog.get(sid)
        except InputError:
            continue
        sets[sid] = (cs.title, cs.level)
    report = PlanReport(plan, out, [os.path.normpath(p) for p in results], sorted(tally.years),
                        batch.aggregates.total, batch.aggregates.broken, tally.gaps.items(), show_next,
                        list(batch.notes), sets)
    return report, batch, []
