"""`dossier` and the per-department view of `check`/`batch --by agency`, end to end (quiet).

The per-department view of a batch is computed **in the worker**: each unit's result is reduced,
next to its usual `UnitRow`, to a compact tuple of one status per indicator of its set (in the
set's order), which the main process adds to the `AgencyView` counters at once and drops. Rows
are not widened, and memory stays flat for any number of units (counters per department ×
indicator, and at most `core.dossier.NAMES_KEPT` unit names per indicator).
"""

from __future__ import annotations

import sys
from typing import Iterable, Iterator

from ntm_eval.core.dossier import AgencyView, Dossier, Owned, build_dossier, plan_of, statuses_of
from ntm_eval.errors import InputError
from ntm_eval.load.agencies import Assignment, read_assignment
from ntm_eval.load.catalog import Catalog
from ntm_eval.results import BatchReport, Outcome, SetInfo, UnitRow
from ntm_eval.run.batch import BatchContext, Task, Worker, collect, iter_tasks

NO_ASSIGNMENT = Assignment("")


def load_assignment(path: str | None, catalog: Catalog) -> Assignment:
    """The assignment file checked against the catalog's sets (InputError: exit 2); none → empty."""
    if not path:
        return NO_ASSIGNMENT
    return read_assignment(path, catalog.get_id)


# --- check --by agency -------------------------------------------------------------------

def agency_view(outcomes: Iterable[Outcome], assignment: Assignment) -> AgencyView:
    view = AgencyView()
    for o in outcomes:
        if o.result is None:
            view.broken += 1
            continue
        view.add_result(o.result, assignment.for_set(o.result.criteria_set))
    return view


# --- batch --by agency -------------------------------------------------------------------

Extra = tuple[str, "tuple[Owned, ...] | None", str, tuple[str, ...], str] | None  # set, plan, level, statuses, name


class AgencyWorker(Worker):
    """A batch worker that also reduces each result to its per-indicator status tuple."""

    full_results = True  # statuses_of reads every indicator's result

    def __init__(self, ctx: BatchContext, assignment: Assignment, catalog: Catalog | None = None):
        super().__init__(ctx, catalog)
        self.assignment = assignment
        self.plans: dict[str, tuple[Owned, ...]] = {}
        self._last: Outcome | None = None

    def evaluate(self, raw):  # type: ignore[override]
        self._last = outcome = super().evaluate(raw)
        return outcome

    def __call__(self, item: tuple[int, Task]):  # type: ignore[override]
        self._last = None
        row, info = super().__call__(item)
        res = self._last.result if self._last is not None else None
        self._last = None
        extra: Extra = None
        if res is not None and isinstance(row, UnitRow) and row.status is not None:
            plan = self.plans.get(res.criteria_set)
            first = plan is None
            if first:
                plan = self.plans[res.criteria_set] = plan_of(res, self.assignment.for_set(res.criteria_set))
            extra = (res.criteria_set, plan if first else None, str(res.unit.get("level") or ""),
                     statuses_of(res, plan), row.name)
        return row, info, extra


_POOL_WORKER: AgencyWorker | None = None


def _pool_init(ctx: BatchContext, assignment: Assignment) -> None:
    global _POOL_WORKER
    _POOL_WORKER = AgencyWorker(ctx, assignment)


def _pool_work(item):
    assert _POOL_WORKER is not None
    return _POOL_WORKER(item)


def _stream(path: str, ctx: BatchContext, assignment: Assignment, catalog: Catalog | None, jobs: int,
            chunksize: int = 8) -> Iterator:
    tasks = enumerate(iter_tasks(path))
    if jobs <= 1:
        yield from map(AgencyWorker(ctx, assignment, catalog), tasks)
        return
    import multiprocessing as mp

    mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    with mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx, assignment)) as pool:
        yield from pool.imap(_pool_work, tasks, chunksize=max(1, chunksize))


def run_batch_agencies(path: str, assignment: Assignment, catalog: Catalog | None = None,
                       catalog_dirs: Iterable[str] = (), set_ref: str | None = None, year: int | None = None,
                       jobs: int = 1, use_attested: bool = True, spool_limit: int = 2000
                       ) -> tuple[BatchReport, AgencyView]:
    """The batch report (as `batch` makes it) and the per-department view, in one pass."""
    view = AgencyView()
    ctx = BatchContext(tuple(catalog_dirs), set_ref, year, use_attested)

    def rows() -> Iterator[tuple[UnitRow, SetInfo | None]]:
        for row, info, extra in _stream(path, ctx, assignment, catalog, jobs):
            if extra is not None:
                set_id, plan, level, statuses, name = extra
                if plan is not None:  # each worker sends the plan of a set with its first unit
                    view.add_plan(set_id, plan, level)
                view.add(set_id, statuses, name)
            elif isinstance(row, UnitRow):
                view.broken += 1
            yield row, info

    report = collect(rows(), path, year, set_ref, spool_limit)
    return report, view


# --- dossier -------------------------------------------------------------------------------

DEADLINE_KEYS = ("evidence", "appraisal")


def read_deadlines(doc) -> tuple[dict[str, str], list]:
    """The data file's `deadlines: {evidence: YYYY-MM-DD, appraisal: YYYY-MM-DD}` (optional),
    with located problems for anything else."""
    from ntm_eval.errors import suggest
    from ntm_eval.io.yamlload import is_iso_date

    d = doc.data.get("deadlines") if isinstance(doc.data, dict) else None
    if d is None:
        return {}, []
    if not isinstance(d, dict):
        return {}, [doc.problem("schema.expected_mapping", ("deadlines",), what="deadlines", got=type(d).__name__)]
    out: dict[str, str] = {}
    problems = []
    for k, v in d.items():
        if k not in DEADLINE_KEYS:
            problems.append(doc.problem("schema.unknown_key", ("deadlines", k), key=True, name=k, where="deadlines",
                                        hint=suggest(str(k), DEADLINE_KEYS), allowed=", ".join(DEADLINE_KEYS)))
        elif not is_iso_date(str(v)):
            problems.append(doc.problem("schema.bad_date", ("deadlines", k), name=k, value=str(v)[:40]))
        else:
            out[k] = str(v)
    return out, problems


def dossier_file(path: str, catalog: Catalog, set_ref: str | None = None, year: int | None = None,
                 evidence_deadline: str | None = None, appraisal_deadline: str | None = None,
                 use_attested: bool = True, assignment: Assignment = NO_ASSIGNMENT
                 ) -> tuple[Outcome, Dossier | None]:
    """Evaluate one unit file and build its dossier. Deadlines given here (`--deadline`,
    `--appraisal-deadline`) win over the file's `deadlines:` block; the appraisal deadline falls
    back to the evidence deadline."""
    from ntm_eval.io.yamlload import load_path
    from ntm_eval.load.unit import read_unit
    from ntm_eval.run.check import check_raw

    try:
        raw = read_unit(load_path(path))
    except InputError as exc:
        return Outcome(path, problems=exc.problems), None
    given, problems = read_deadlines(raw.doc)
    if problems:
        return Outcome(path, problems=problems), None
    outcome = check_raw(raw, catalog, set_ref, year, use_attested)
    if outcome.result is None:
        return outcome, None
    res = outcome.result
    if evidence_deadline or appraisal_deadline:
        evidence, appraisal = evidence_deadline, appraisal_deadline or evidence_deadline
    else:
        evidence, appraisal = given.get("evidence"), given.get("appraisal") or given.get("evidence")
    return outcome, build_dossier(res, evidence, appraisal, assignment.for_set(res.criteria_set))
