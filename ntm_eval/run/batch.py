"""Batch evaluation: a folder of unit files or a CSV/XLSX sheet → a stream of compact rows.

Pure and quiet (nothing prints). Units are evaluated one at a time — in this process, or in
`jobs` worker processes with an ordered `imap`, so the stream is the same either way — and each
is reduced at once to a `UnitRow` (file, name, district, province, status, criteria met/total,
one status per criterion, located problems, and for a district the member units that hold it
back). The full `UnitResult` is dropped straight away, so memory does not grow with the batch;
`collect` aggregates the stream (aggregate.py) and spools the rows to a temporary file once
there are more than a few thousand, for the renderers to read back in order.

A broken unit (unreadable file, bad value…) becomes a row with its problems; the batch goes on.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Union

from ntm_eval.results import Outcome
from ntm_eval.run.check import check_raw
from ntm_eval.errors import InputError, Problem

YAML_SUFFIXES = (".yaml", ".yml")


# --- compact records ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class SetInfo:
    """What a report needs to know about a criteria set (no thresholds, no evaluation)."""

    id: str
    title: str
    level: str
    criteria: tuple[tuple[str, str, str | None], ...]  # (id, title, title_en)
    title_en: str | None = None
    tier: str | None = None
    status: str = "official"
    indicators: tuple[str, ...] = ()  # every data key the set accepts (indicators and parts)
    preconditions: tuple[str, ...] = ()  # criteria ids that are conditions, not numbered criteria


@dataclass(frozen=True, slots=True)
class HeldBack:
    """A `from_members` indicator of a district: share of members meeting a set, and who does not."""

    criterion: str
    indicator: str
    title: str
    status: str
    numerator: int | None
    denominator: int | None
    names: tuple[str, ...]  # members that do not meet the rule (IndicatorResult.held_back)
    title_en: str | None = None
    undecided: tuple[str, ...] = ()  # members whose own result is still open (IndicatorResult.undecided)


@dataclass(slots=True)
class UnitRow:
    index: int  # position in the batch, 0-based
    source: str  # file path, or "sheet.csv:ROW"
    name: str
    level: str | None = None
    district: str | None = None
    province: str | None = None
    year: int | None = None
    set_id: str | None = None
    status: str | None = None  # None: could not be evaluated
    passed: int = 0
    total: int = 0
    statuses: tuple[str, ...] = ()  # one per criterion, in the set's order
    problems: tuple[Problem, ...] = ()
    held_back: tuple[HeldBack, ...] = ()
    # (set id, set title, status, set title_en), e.g. NTM under nâng cao
    prerequisites: tuple[tuple[str, str, str, str | None], ...] = ()
    # coverage of the set for this unit (UnitResult.indicators_known/encoded/declared)
    known: int = 0
    encoded: int = 0
    declared: int = 0

    @property
    def broken(self) -> bool:
        return self.status is None or bool(self.problems)


# --- evaluating one unit -----------------------------------------------------------------

def check_path(path: str, catalog, set_ref: str | None = None, year: int | None = None) -> Outcome:
    """`check.check_file`, with the batch rule for `--set`: it is meant for the units of its
    level, so a unit of another level (the district file next to its communes, which computes
    its own indicators from them) is evaluated with the set its own file names."""
    from ntm_eval.run.check import check_file

    outcome = check_file(path, catalog, set_ref, year)
    if set_ref and outcome.result is None and any(p.key == "data.level_mismatch" for p in outcome.problems):
        own = check_file(path, catalog, None, year)
        if own.result is not None:
            return own
    return outcome


def _cset_of(result, catalog):
    try:
        return catalog.get(result.criteria_set)  # cached by id once check_file has loaded it
    except InputError:
        return None


def set_info(cset, result=None) -> SetInfo:
    if cset is None:  # described from a result alone
        ids = tuple(r.id for c in result.criteria for ind in c.indicators for r in (ind, *ind.parts))
        return SetInfo(result.criteria_set, result.set_title, str(result.unit.get("level") or ""),
                       tuple((c.id, c.title, c.title_en) for c in result.criteria), None, None, result.set_status,
                       ids, tuple(c.id for c in result.criteria if c.precondition))
    return SetInfo(cset.id, cset.title, cset.level, tuple((c.id, c.title, c.title_en) for c in cset.criteria),
                   cset.title_en, cset.tier, cset.status, tuple(cset.all_ids()),
                   tuple(c.id for c in cset.criteria if c.precondition))


def compact(index: int, source: str, outcome: Outcome, cset=None, unit: dict | None = None,
            catalog=None) -> UnitRow:
    """Reduce an Outcome to the row a batch keeps. (`catalog`, when given, names the
    prerequisite sets in English too.)"""
    res = outcome.result
    u = res.unit if res is not None else (unit or {})
    name = u.get("name")
    row = UnitRow(index, source, str(name) if name not in (None, "") else _stem(source),
                  _opt(u.get("level")), _opt(u.get("district")), _opt(u.get("province")),
                  problems=tuple(outcome.problems))
    if res is None:
        return row
    s = res.summary()
    row.year, row.set_id, row.status = res.year, res.criteria_set, res.status
    row.passed, row.total = s["passed"], s["total"]
    row.statuses = tuple(c.status for c in res.criteria)
    row.known, row.encoded, row.declared = res.indicators_known, res.indicators_encoded, res.indicators_declared
    if res.prerequisites:
        row.prerequisites = tuple(_prerequisites(res, catalog))
    rules = (_member_rules(cset) if cset is not None
             else {r.id for c in res.criteria for ind in c.indicators for r in (ind, *ind.parts)
                   if r.held_back or r.undecided})
    if rules:
        # the engine's status as it is: it is already "missing"/"no_threshold" when the
        # undecided members could still change the verdict
        row.held_back = tuple(HeldBack(c.id, r.id, r.title, r.status, r.numerator, r.denominator,
                                       tuple(r.held_back), r.title_en, tuple(r.undecided))
                              for c in res.criteria for ind in c.indicators for r in (ind, *ind.parts)
                              if r.id in rules)
    return row


def _prerequisites(res, catalog=None) -> Iterator[tuple[str, str, str, str | None]]:
    for p in res.prerequisites:  # nâng cao requires NTM; kiểu mẫu requires nâng cao (and so NTM)
        yield p.criteria_set, p.set_title, p.status, _title_en(catalog, p.criteria_set)
        yield from _prerequisites(p, catalog)


def _title_en(catalog, set_id: str) -> str | None:
    if catalog is None:
        return None
    try:
        return catalog.get(set_id).title_en  # loaded (and cached) already to evaluate the unit
    except InputError:
        return None


_RULES: dict[tuple[str, str], frozenset[str]] = {}


def _member_rules(cset) -> frozenset[str]:
    """Ids of the set's indicators computed from member units (memoised per loaded set)."""
    key = (cset.id, cset.path)
    hit = _RULES.get(key)
    if hit is None:
        hit = _RULES[key] = frozenset(k for k, ind in cset.all_ids().items() if ind.from_members is not None)
    return hit


def _opt(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _stem(source: str) -> str:
    base = os.path.basename(source)
    for suf in YAML_SUFFIXES:
        if base.endswith(suf):
            return base[: -len(suf)]
    return base


# --- tasks -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Broken:
    """A task that failed before any unit could be read (an unreadable sheet)."""

    source: str
    problems: tuple[Problem, ...]


Task = Union[str, Any, _Broken]  # a file path, a sheet.SheetRow or sheet.SheetColumns, or _Broken


def iter_tasks(path: str) -> Iterator[Task]:
    """Units of a batch input, in a stable order: a folder (recursive *.yaml/*.yml, sorted,
    hidden files skipped), a CSV/XLSX sheet (one row per unit) or a single YAML file."""
    from ntm_eval.io.sheet import SHEET_SUFFIXES, iter_sheet

    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if f.endswith(YAML_SUFFIXES) and not f.startswith("."):
                    yield os.path.join(root, f)
        return
    if not os.path.exists(path):
        yield _Broken(path, (Problem("batch.not_found", path),))
        return
    if path.lower().endswith(SHEET_SUFFIXES):
        try:
            yield from iter_sheet(path)  # the rows, then the sheet's empty indicator-like columns
        except InputError as exc:
            yield _Broken(path, tuple(exc.problems))
        return
    if path.endswith(YAML_SUFFIXES):
        yield path
        return
    yield _Broken(path, (Problem("batch.bad_input", path),))


def input_files(path: str) -> list[str]:
    """Files a batch reads directly (for refusing an --output over one of them)."""
    if os.path.isdir(path):
        return [t for t in iter_tasks(path) if isinstance(t, str)]
    return [path]


# --- workers -----------------------------------------------------------------------------

_STATE: dict[str, Any] = {}


def _init(catalog_dirs: tuple[str, ...], set_ref: str | None, year: int | None, catalog=None) -> None:
    from ntm_eval.load.catalog import Catalog

    _STATE.clear()
    _STATE.update(catalog=catalog if catalog is not None else Catalog(catalog_dirs), set_ref=set_ref,
                  year=year, seen=set())


def _work(item: tuple[int, Task]) -> tuple[Any, SetInfo | None]:
    from ntm_eval.io.sheet import SheetColumns

    index, task = item
    catalog, set_ref, year = _STATE["catalog"], _STATE["set_ref"], _STATE["year"]
    unit = None
    if isinstance(task, SheetColumns):  # not a unit: passed on for `collect` to check against the sets
        return task, None
    if isinstance(task, _Broken):
        return UnitRow(index, task.source, _stem(task.source), problems=task.problems), None
    if isinstance(task, str):
        source = task
        outcome = check_path(task, catalog, set_ref, year)
    else:  # a sheet row
        from ntm_eval.load.unit import read_unit

        source = task.source
        unit = task.doc.data.get("unit") if isinstance(task.doc.data, dict) else None
        try:
            raw = read_unit(task.doc)
            outcome = check_raw(raw, catalog, set_ref, year)
            if set_ref and outcome.result is None and any(p.key == "data.level_mismatch" for p in outcome.problems):
                own = check_raw(raw, catalog, None, year)  # same batch rule as check_path
                if own.result is not None:
                    outcome = own
        except InputError as exc:
            outcome = Outcome(task.doc.path, problems=exc.problems)
    res = outcome.result
    if res is None and unit is None:
        unit = _peek_unit(task) if isinstance(task, str) else None
    cset = _cset_of(res, catalog) if res is not None else None
    if cset is not None and cset.id != res.criteria_set:
        cset = None
    row = compact(index, source, outcome, cset, unit=unit, catalog=catalog)
    info = None
    if res is not None and res.criteria_set not in _STATE["seen"]:
        _STATE["seen"].add(res.criteria_set)
        info = set_info(cset, res)
    return row, info


def _peek_unit(path: str) -> dict | None:
    """The `unit:` of a file that could not be evaluated (to name it in the report), if readable."""
    from ntm_eval.load.unit import read_unit
    from ntm_eval.io.yamlload import load_path

    try:
        return read_unit(load_path(path)).unit
    except InputError:
        return None


def stream_units(path: str, catalog=None, catalog_dirs: Iterable[str] = (), set_ref: str | None = None,
                 year: int | None = None, jobs: int = 1, chunksize: int = 8
                 ) -> Iterator[tuple[UnitRow, SetInfo | None]]:
    """Evaluate every unit of `path`, yielding (row, info) in input order. `info` describes the
    row's criteria set the first time a worker meets that set (else None). A sheet ends with
    (sheet.SheetColumns, None) when some indicator-like columns are empty in every row."""
    tasks = enumerate(iter_tasks(path))
    dirs = tuple(catalog_dirs)
    if jobs <= 1:
        _init(dirs, set_ref, year, catalog)
        for item in tasks:
            yield _work(item)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    with ctx.Pool(jobs, initializer=_init, initargs=(dirs, set_ref, year)) as pool:
        yield from pool.imap(_work, tasks, chunksize=max(1, chunksize))


# --- collecting --------------------------------------------------------------------------

class RowStore:
    """Rows in input order: in memory up to `limit`, then spooled to a temporary file, so a
    province of 10,000 communes costs the same memory as a district of 100."""

    def __init__(self, limit: int = 2000):
        self.limit = limit
        self._mem: list[UnitRow] = []
        self._path: str | None = None
        self._fh = None
        self.count = 0

    def append(self, row: UnitRow) -> None:
        self.count += 1
        if self._fh is None:
            self._mem.append(row)
            if len(self._mem) > self.limit:
                fd, self._path = tempfile.mkstemp(prefix="ntm-eval-batch-", suffix=".rows")
                self._fh = os.fdopen(fd, "wb")
                for r in self._mem:
                    pickle.dump(r, self._fh, pickle.HIGHEST_PROTOCOL)
                self._mem = []
        else:
            pickle.dump(row, self._fh, pickle.HIGHEST_PROTOCOL)

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[UnitRow]:
        if self._fh is None:
            yield from list(self._mem)
            return
        self._fh.flush()
        with open(self._path, "rb") as fh:  # each pass has its own handle: passes may nest
            while True:
                try:
                    yield pickle.load(fh)
                except EOFError:
                    return

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
            try:
                os.unlink(self._path)
            except OSError:
                pass
        self._mem = []


@dataclass
class BatchReport:
    """Everything a renderer reads: set descriptions, aggregates, and the rows (in order)."""

    input: str
    sets: dict[str, SetInfo]
    aggregates: Any  # aggregate.Aggregator
    rows: RowStore
    year: int | None = None
    set_ref: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)  # about the input itself, not one unit

    @property
    def exit_code(self) -> int:
        if any(p.severity == "error" for p in self.notes):
            return 2
        return self.aggregates.exit_code()

    def close(self) -> None:
        self.rows.close()

    def __enter__(self) -> "BatchReport":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def collect(stream: Iterable[tuple[UnitRow, SetInfo | None]], input_path: str = "", year: int | None = None,
            set_ref: str | None = None, spool_limit: int = 2000) -> BatchReport:
    """Consume a unit stream: aggregate as rows arrive, keep the compact rows for rendering."""
    from ntm_eval.core.aggregate import Aggregator

    sets: dict[str, SetInfo] = {}
    agg = Aggregator()
    store = RowStore(spool_limit)
    columns: list[Any] = []
    try:
        for row, info in stream:
            if not isinstance(row, UnitRow):  # a sheet's empty indicator-like columns
                columns.append(row)
                continue
            if info is not None:
                sets.setdefault(info.id, info)
            agg.add(row, sets.get(row.set_id) if row.set_id else None)
            store.append(row)
    except BaseException:
        store.close()
        raise
    return BatchReport(input_path, sets, agg, store, year, set_ref, notes=unknown_columns(columns, sets))


def unknown_columns(columns: Iterable[Any], sets: dict[str, SetInfo]) -> list[Problem]:
    """Columns headed like an indicator id, empty in every row, that no set of the batch knows
    ("17.01" for "17.1"): warned about at the header cell, with a did-you-mean. (A value in such
    a column is already an error of its row.)"""
    from ntm_eval.errors import suggest

    ids = sorted({i for info in sets.values() for i in info.indicators})
    if not ids:  # no unit could be evaluated: nothing to compare with
        return []
    names = ", ".join(sorted(sets))
    out = []
    for sc in columns:
        for col, key in sc.columns:
            if key in ids:
                continue
            params = {"sets": names}
            hint = suggest(key, ids)
            if hint:
                params["hint"] = hint
            out.append(Problem("sheet.unknown_column", sc.path, sc.header_row, col, params, indicator=key,
                               severity="warning"))
    return out


def run_batch(path: str, catalog=None, catalog_dirs: Iterable[str] = (), set_ref: str | None = None,
              year: int | None = None, jobs: int = 1, spool_limit: int = 2000) -> BatchReport:
    return collect(stream_units(path, catalog, catalog_dirs, set_ref, year, jobs), path, year, set_ref,
                   spool_limit)
