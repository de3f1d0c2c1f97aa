"""`diff OLD NEW`: evaluate two inputs and compare them (quiet; nothing prints).

A single YAML file is evaluated with `run/check.check_file`; a folder or a sheet streams through
the batch `Worker` (in this process or `jobs` workers), and each unit's result is reduced at once
to a `core.diff.UnitSnap` — criteria statuses and indicator values of every set evaluated, in a
few hundred bytes — so a province of 10,000 communes never holds 10,000 full results.
"""

from __future__ import annotations

import os
import sys
from array import array
from dataclasses import dataclass, field
from typing import Any, Iterable

from ntm_eval.core.diff import CODE, DiffReport, SetShape, SetState, UnitSnap, compare
from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import YAML_SUFFIXES, files_read
from ntm_eval.load.catalog import Catalog
from ntm_eval.results import Outcome, UnitResult, UnitRow
from ntm_eval.run.batch import BatchContext, Worker, _opt, _stem, iter_tasks
from ntm_eval.run.check import check_file

NAN = float("nan")


def _shape(res: UnitResult, catalog: Catalog | None) -> SetShape:
    cset = None
    if catalog is not None:
        try:
            cset = catalog.get(res.criteria_set)
        except InputError:
            cset = None
    inds = [r for c in res.criteria for ind in c.indicators for r in (ind, *ind.parts)]
    ids = tuple(dict.fromkeys(r.id for r in inds))
    if cset is not None:
        types = {k: getattr(v, "type", None) for k, v in cset.all_ids().items()}
        bools = frozenset(i for i in ids if types.get(i) == "yes_no")
        title_en, tier, level = cset.title_en, cset.tier, cset.level
    else:
        bools = frozenset(r.id for r in inds if isinstance(r.value, bool))
        title_en, tier, level = res.set_title_en, None, str(res.unit.get("level") or "")
    first_unit = {}
    for r in inds:
        first_unit.setdefault(r.id, r.unit)
    return SetShape(res.criteria_set, res.set_title, title_en, tier, level,
                    tuple((c.id, c.title, c.title_en) for c in res.criteria),
                    frozenset(c.id for c in res.criteria if c.precondition), ids, bools,
                    tuple(first_unit.get(i) for i in ids))


def _state(res: UnitResult, shape: SetShape, main: bool) -> SetState:
    pos = {i: k for k, i in enumerate(shape.indicators)}
    values = array("d", [NAN]) * len(shape.indicators)
    ist = bytearray([CODE["missing"]]) * len(shape.indicators)
    for c in res.criteria:
        for ind in c.indicators:
            for r in (ind, *ind.parts):
                k = pos.get(r.id)
                if k is None:
                    continue
                v = r.value
                if isinstance(v, (int, float)):
                    values[k] = float(v)
                ist[k] = CODE.get(r.status, CODE["missing"])
    s = res.summary()
    return SetState(res.criteria_set, res.status, s["passed"], s["total"],
                    bytes(CODE.get(c.status, CODE["missing"]) for c in res.criteria), values, bytes(ist), main)


def _results(res: UnitResult) -> Iterable[tuple[UnitResult, bool]]:
    yield res, True
    stack = list(res.prerequisites)
    while stack:
        p = stack.pop(0)
        yield p, False
        stack.extend(p.prerequisites)


_LEVEL_OF_NAME = (("thị trấn ", "thi_tran"), ("xã ", "xa"), ("phường ", "phuong"))


def merged_from(u: dict[str, Any]) -> tuple[tuple[str, str, str, str, str], ...]:
    """A unit's predecessors for `core.diff_merged`: those the official converter confirmed when
    the unit was loaded (`merged_from_units`: code, official name, district, province), else the
    entries of `merged_from` as written (a code, or a name)."""
    found = u.get("merged_from_units")
    if isinstance(found, list) and found:
        out = []
        for p in found:
            name = str(p.get("name") or "")
            level = next((lv for w, lv in _LEVEL_OF_NAME if name.lower().startswith(w)), "")
            out.append((str(p.get("code") or ""), name, level, str(p.get("district") or ""),
                        str(p.get("province") or "")))
        return tuple(out)
    raw = u.get("merged_from")
    if raw in (None, "", []):
        return ()
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for x in items:
        s = str(x).strip()
        if isinstance(x, int) or s.isascii() and s.isdigit():
            out.append((s.zfill(5), "", "", "", ""))
        elif s:
            out.append(("", s, "", "", ""))
    return tuple(out)


def snapshot(index: int, source: str, outcome: Outcome | None, row: UnitRow | None, catalog: Catalog | None,
             known: dict[str, SetShape]) -> tuple[UnitSnap, list[SetShape]]:
    """The compact record of one unit, and the shapes of the sets not `known` before (added)."""
    res = outcome.result if outcome is not None else None
    u: dict[str, Any] = res.unit if res is not None else {}
    name = (row.name if row is not None else None) or str(u.get("name") or _stem(source))
    problems = tuple(row.problems) if row is not None else tuple(outcome.problems if outcome else ())
    snap = UnitSnap(index, source, name,
                    _opt(u.get("level")) or (row.level if row else None),
                    _opt(u.get("district")) or (row.district if row else None),
                    _opt(u.get("province")) or (row.province if row else None),
                    _opt(u.get("code")), res.year if res is not None else None, problems=problems,
                    merged_from=merged_from(u))
    fresh: list[SetShape] = []
    if res is None:
        return snap, fresh
    states = []
    for r, main in _results(res):
        shape = known.get(r.criteria_set)
        if shape is None:
            shape = known[r.criteria_set] = _shape(r, catalog)
            fresh.append(shape)
        states.append(_state(r, shape, main))
    snap.sets = tuple(states)
    return snap, fresh


class DiffWorker(Worker):
    """The batch worker, keeping a snapshot of each unit's result before it is dropped."""

    full_results = True  # the snapshot reads every indicator's result

    def __init__(self, ctx: BatchContext, catalog: Catalog | None = None):
        super().__init__(ctx, catalog)
        self._last: Outcome | None = None
        self.shapes: dict[str, SetShape] = {}

    def evaluate(self, raw):
        out = super().evaluate(raw)
        self._last = out
        return out

    def __call__(self, item):  # type: ignore[override]
        self._last = None
        row, _info = super().__call__(item)
        if not isinstance(row, UnitRow):  # a sheet's empty columns: not a unit
            return None
        snap, shapes = snapshot(row.index, row.source, self._last, row, self.catalog, self.shapes)
        self._last = None
        return snap, shapes, row.files_read, tuple(getattr(row, "notes", ()) or ())


_POOL: DiffWorker | None = None


def _pool_init(ctx: BatchContext) -> None:
    global _POOL
    _POOL = DiffWorker(ctx)


def _pool_work(item):
    assert _POOL is not None
    return _POOL(item)


@dataclass
class Side:
    path: str
    units: list[UnitSnap] = field(default_factory=list)
    shapes: dict[str, SetShape] = field(default_factory=dict)
    inputs: set[str] = field(default_factory=set)
    notes: list[Problem] = field(default_factory=list)


def load_side(path: str, catalog: Catalog, catalog_dirs: Iterable[str] = (), jobs: int = 1,
              use_attested: bool = True, set_ref: str | None = None) -> Side:
    side = Side(path)
    if os.path.isfile(path) and path.endswith(YAML_SUFFIXES):
        outcome = check_file(path, catalog, set_ref, use_attested=use_attested)
        snap, _fresh = snapshot(0, path, outcome, None, catalog, side.shapes)
        side.units.append(snap)
        side.inputs.update(files_read())
        return side
    ctx = BatchContext(tuple(catalog_dirs), set_ref, None, use_attested)
    tasks = enumerate(iter_tasks(path))
    if jobs <= 1:
        stream: Iterable = map(DiffWorker(ctx, catalog), tasks)
        _consume(side, stream)
    else:
        import multiprocessing as mp

        mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
        with mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx,)) as pool:
            _consume(side, pool.imap(_pool_work, tasks, chunksize=8))
    side.inputs.update(files_read())
    return side


def _consume(side: Side, stream: Iterable) -> None:
    for item in stream:
        if item is None:
            continue
        snap, shapes, read, notes = item
        for s in shapes:
            side.shapes.setdefault(s.id, s)
        side.units.append(snap)
        side.inputs.update(read)
        side.notes.extend(notes)


def run_diff(old: str, new: str, catalog: Catalog, catalog_dirs: Iterable[str] = (), jobs: int = 1,
             use_attested: bool = True, set_ref: str | None = None) -> tuple[DiffReport, set[str]]:
    """Both sides evaluated, matched and compared; and every file read (for `--output` checks)."""
    a = load_side(old, catalog, catalog_dirs, jobs, use_attested, set_ref)
    b = load_side(new, catalog, catalog_dirs, jobs, use_attested, set_ref)
    shapes = {**a.shapes, **b.shapes}
    report = compare(a.units, b.units, shapes, old, new)
    report.notes = a.notes + b.notes + report.notes
    return report, a.inputs | b.inputs
