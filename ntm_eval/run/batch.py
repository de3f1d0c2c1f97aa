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

import gc
import os
import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Optional, Union

from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import YAML_SUFFIXES, keep_watched, reads_since, set_watch, watched
from ntm_eval.io.sheet import SHEET_SUFFIXES, SheetColumns, SheetRow, claimed_notes, iter_sheet
from ntm_eval.io.spool import RowStore
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.unit import RawUnit, read_unit
from ntm_eval.results import BatchReport, HeldBack, Outcome, SetInfo, UnitRow
from ntm_eval.results.batch import PARTIAL_FROM, IndicatorRow, short_tip_figures, trim_figures
from ntm_eval.run.check import check_raw
from ntm_eval.load.set_province import batch_note
from ntm_eval.vocab import COMPOSITES

if TYPE_CHECKING:
    from ntm_eval.run.cache import BatchCache


# --- evaluating one unit -----------------------------------------------------------------

def set_info(cset, result=None) -> SetInfo:
    if cset is None:  # described from a result alone
        ids = tuple(r.id for c in result.criteria for ind in c.indicators for r in (ind, *ind.parts))
        return SetInfo(result.criteria_set, result.set_title, str(result.unit.get("level") or ""),
                       tuple((c.id, c.title, c.title_en) for c in result.criteria), None, None, result.set_status,
                       ids, tuple(c.id for c in result.criteria if c.precondition))
    return SetInfo(cset.id, cset.title, cset.level, tuple((c.id, c.title, c.title_en) for c in cset.criteria),
                   cset.title_en, cset.tier, cset.status, tuple(cset.all_ids()),
                   tuple(c.id for c in cset.criteria if c.precondition), tuple(c.agency for c in cset.criteria),
                   valid_from=cset.valid_from)


def compact(index: int, source: str, outcome: Outcome, cset=None, unit: dict | None = None,
            catalog=None, detail: bool = True) -> UnitRow:
    """Reduce an Outcome to the row a batch keeps. (`catalog`, when given, names the
    prerequisite sets in English too.) `detail`: keep every indicator's figures and the whole
    criteria's attestations (the HTML drill-down); a report that shows none of them leaves them
    out, and its rows stay small (spooled, cached, sent between processes)."""
    res = outcome.result
    u = res.unit if res is not None else (unit or {})
    name = u.get("name")
    row = UnitRow(index, source, str(name) if name not in (None, "") else _stem(source),
                  _opt(u.get("level")), _opt(u.get("district_official") or u.get("district")),
                  _opt(u.get("province_official") or u.get("province")),  # by code, not by spelling
                  problems=tuple(outcome.problems))
    if res is None:
        return row
    s = res.summary()
    row.year, row.set_id, row.status = res.year, res.criteria_set, res.status
    row.passed, row.total = s["passed"], s["total"]
    row.statuses = tuple(c.status for c in res.criteria)
    row.bases = tuple(c.basis for c in res.criteria)
    row.conflicts = tuple(c.conflict or any(r.conflict for i in c.indicators for r in (i, *i.parts))
                          for c in res.criteria)
    row.basis = res.basis
    row.known, row.encoded, row.declared = res.indicators_known, res.indicators_encoded, res.indicators_declared
    if detail:
        figs = res.figures  # evaluated lean with figures (core/engine._figure_rows): packed as the rows'
        partial = index >= PARTIAL_FROM  # short tooltips, no drill-down: only what they read is kept
        if figs is None:
            row.indicators = tuple(ir.packed() for ir in _indicator_rows(res))
            if partial and row.indicators:
                row.indicators, row.partial = short_tip_figures(row.statuses, row.indicators), True
        elif partial:  # short_tip_figures of the packed figures (a lean result attests none): fewer packed
            sts = row.statuses
            row.indicators = tuple(_packed_figure(f) for f in figs
                                   if f[2] != "pass" and f[4] not in COMPOSITES and sts[f[0]] != "pass")
            row.partial = bool(figs)
        else:
            row.indicators = tuple(map(_packed_figure, figs))
        row.criterion_attestations = tuple((k, *_att(c.attestation)) for k, c in enumerate(res.criteria)
                                           if c.attestation is not None)
    code = res.unit.get("code")
    if code not in (None, ""):
        row.code = str(code)
    preds = res.unit.get("merged_from_units")
    if preds:
        row.merged_from = tuple((str(p.get("code") or ""), str(p.get("name") or "")) for p in preds)
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


def _packed_figure(f: tuple) -> tuple:
    """A lean figure (UnitResult.figures) as IndicatorRow(...).packed() gives it: no conflict,
    attestation, undecided member or "at least" (a lean result has none), so what follows the
    basis is the reason, the evidence and whether it is a part, and the rest is trimmed
    (tests/test_figures_eval.py holds the two in lock-step)."""
    k, i, st, v, op, thr, gap, need, num, den, basis, reason, ev, part = f
    if part:
        return (k, i, st, v, op, thr, gap, need, num, den, basis, False, reason, ev, None, True)
    if ev:
        return (k, i, st, v, op, thr, gap, need, num, den, basis, False, reason, ev)
    if reason is not None:
        return (k, i, st, v, op, thr, gap, need, num, den, basis, False, reason)
    return trim_figures(f[:11])


def _indicator_rows(res) -> Iterator[IndicatorRow]:
    """Every indicator and part of a result, reduced to its figures (the HTML drill-down)."""
    for k, c in enumerate(res.criteria):
        for ind in c.indicators:
            for r in (ind, *ind.parts):
                yield IndicatorRow(k, r.id, r.status, r.value, r.op, r.threshold, r.gap, r.need, r.numerator,
                                   r.denominator, r.basis, r.conflict, r.reason, tuple(r.evidence),
                                   _att(r.attestation) if r.attestation is not None else None, r is not ind,
                                   len(r.undecided), r.at_least)


def _att(a) -> tuple[bool, str | None, str | None, str | None]:
    return (a.met, a.by, a.document, a.date)


def _indicator_info(res, cset=None) -> tuple[tuple[str, str, str | None, str | None, str | None, str | None], ...]:
    """Titles, units of measure and counted nouns of a set's indicators, read once per set (from
    the set itself when there is one: a lean result has no indicator results)."""
    seen: dict[str, tuple[str, str, str | None, str | None, str | None, str | None]] = {}
    if cset is not None:
        for c in cset.criteria:
            for ind in c.indicators:
                for r in (ind, *ind.parts):
                    seen.setdefault(r.id, (r.id, r.title, r.title_en, r.unit, r.counts_of, r.counts_of_en))
        return tuple(seen.values())
    for c in res.criteria:
        for ind in c.indicators:
            for r in (ind, *ind.parts):
                seen.setdefault(r.id, (r.id, r.title, r.title_en, r.unit, r.need_of, r.need_of_en))
    return tuple(seen.values())


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


Task = Union[str, SheetRow, SheetColumns, _Broken]  # a file path, a sheet's row or empty columns, or _Broken


def iter_tasks(path: str) -> Iterator[Task]:
    """Units of a batch input, in a stable order: a folder (recursive *.yaml/*.yml, sorted,
    hidden files skipped), a CSV/XLSX sheet (one row per unit) or a single YAML file."""
    if os.path.isdir(path):
        unreadable: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=unreadable.append):
            while unreadable:  # a folder that cannot be read is reported, never skipped
                err = unreadable.pop(0)
                name = str(err.filename or root)
                yield _Broken(name, (Problem("file.unreadable_folder", name, params={"detail": err.strerror or err}),))
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for f in sorted(files):
                if f.endswith(YAML_SUFFIXES) and not f.startswith("."):
                    yield os.path.join(root, f)
        for err in unreadable:
            name = str(err.filename or path)
            yield _Broken(name, (Problem("file.unreadable_folder", name, params={"detail": err.strerror or err}),))
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


# --- workers -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BatchContext:
    """What every unit of a batch is evaluated with (sent to each worker process as it is)."""

    catalog_dirs: tuple[str, ...] = ()
    set_ref: str | None = None
    year: int | None = None
    use_attested: bool = True  # False: `--basis computed`
    # `batch --region/--group`: (key, value) given to every unit that does not state the key itself
    unit_defaults: tuple[tuple[str, str], ...] = ()
    detail: bool = True  # keep each indicator's figures in the rows (compact); off for formats without them
    # the catalog reads sets through their compiled entries (run/compiled.py): a worker process does too
    compiled_sets: bool = False
    # the only files worth remembering as read (the report's, io/files.watch_reads); None: all
    watch: frozenset[tuple[int, int]] | None = None


class Worker:
    """Evaluates tasks one at a time with its own catalog (sets parsed once per process) and
    describes each criteria set the first time it meets it."""

    # a worker that reads each unit's whole result, indicators too (run/dossier.AgencyWorker): the
    # full evaluation, whatever the report keeps
    full_results = False

    def __init__(self, ctx: BatchContext, catalog: Catalog | None = None):
        self.ctx = ctx
        if catalog is None:
            loader = None
            if ctx.compiled_sets:
                from ntm_eval.run.compiled import load_set as loader
            catalog = Catalog(ctx.catalog_dirs, loader=loader)
        self.catalog = catalog
        self.seen: set[str] = set()
        self.seen_merged: set[str] = set()  # sets whose merged-province warning was said (set_province)
        self.mark = 0  # files read so far that were already passed on with a row (io.files.reads_since)

    def __call__(self, item: tuple[int, Task]) -> tuple[UnitRow | SheetColumns, SetInfo | None]:
        index, task = item
        if isinstance(task, SheetColumns):  # not a unit: passed on for `collect` to check against the sets
            return task, None
        if isinstance(task, _Broken):
            return UnitRow(index, task.source, _stem(task.source), problems=task.problems), None
        if isinstance(task, str):
            source, doc = task, None
        else:  # a sheet row
            source, doc = task.source, task.doc
            if task.problems:  # the row itself could not be read
                return compact(index, source, Outcome(doc.path, problems=list(task.problems))), None
        unit = doc.data.get("unit") if doc is not None and isinstance(doc.data, dict) else None
        try:
            raw = read_unit(doc if doc is not None else load_path(task))
        except InputError as exc:
            outcome = Outcome(doc.path if doc is not None else task, problems=exc.problems)
        else:
            unit = raw.unit if unit is None else unit
            for k, v in self.ctx.unit_defaults:  # an explicit unit.region/group always wins
                if raw.unit.get(k) in (None, ""):
                    raw.unit[k] = v
            outcome = self.evaluate(raw)
        res = outcome.result
        cset = outcome.cset if res is not None else None
        row = compact(index, source, outcome, cset, unit=unit, catalog=self.catalog, detail=self.ctx.detail)
        if isinstance(task, SheetRow) and task.claimed is not None:  # the row's own "Số tiêu chí đạt"
            row.notes = tuple(claimed_notes(task.claimed, row))
        merged = batch_note(res, source, self.seen_merged)  # a merged province's set after 1/7/2025
        if merged is not None:
            row.notes = tuple(getattr(row, "notes", ()) or ()) + (merged,)
        if res is not None and res.warnings and isinstance(task, str):
            # what `check` warns about a unit file (an unknown province, verdicts nobody attests…),
            # the batch says too; a sheet's rows are summed up by `collect` (one line per sheet)
            row.notes = tuple(row.notes) + _warnings(res, source, lambda key: key != "data.set_province_merged")
        elif res is not None and isinstance(task, SheetRow):
            row.unsourced = sum(int(w.get("n") or 1) for w in res.warnings
                                if isinstance(w, dict) and w.get("key") == "data.unsourced_verdicts")
            # a row's unit names and codes checked against the official units ("Đai Từ" → "Đại Từ")
            # are said for the row, as for a file: never dropped
            row.notes = tuple(row.notes) + _warnings(res, source, lambda key: key.startswith("units."))
        new, self.mark = reads_since(self.mark)
        row.files_read = tuple(new)
        info = None
        if res is not None and res.criteria_set not in self.seen:
            self.seen.add(res.criteria_set)
            info = set_info(cset, res)
            info = replace(info, indicator_info=_indicator_info(res, cset))
        return row, info

    def evaluate(self, raw: RawUnit) -> Outcome:
        """`check_raw`, with the batch rule for `--set`: it is meant for the units of its level,
        so a unit of another level (the district file next to its communes, which computes its
        own indicators from them) is evaluated with the set its own file names."""
        ctx = self.ctx
        # a report without each indicator's figures: criteria results suffice; with them (the
        # HTML): criteria results and the figures, still without a result per indicator
        lean, figures = not ctx.detail, ctx.detail and not self.full_results
        outcome = check_raw(raw, self.catalog, ctx.set_ref, ctx.year, ctx.use_attested, lean, figures)
        if ctx.set_ref and outcome.result is None and any(p.key == "data.level_mismatch" for p in outcome.problems):
            own = check_raw(raw, self.catalog, None, ctx.year, ctx.use_attested, lean, figures)
            if own.result is not None:
                return own
        return outcome


def _warnings(res, source: str, keep: Callable[[str], bool]) -> tuple[Problem, ...]:
    """The result's warnings whose key `keep` accepts, as the row's problems (severity warning)."""
    return tuple(Problem(w["key"], source, _int(w.get("line")), _int(w.get("col")),
                         params={k: v for k, v in w.items() if k not in ("key", "line", "col")}, severity="warning")
                 for w in res.warnings if isinstance(w, dict) and w.get("key") and keep(str(w["key"])))


def _int(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


_POOL_WORKER: Worker | None = None  # the worker of a pool process (multiprocessing needs a global)
_POOL_GC: _GcPause | None = None  # … and its collector, paused for the pool's life (the process ends with it)


def _pool_init(ctx: BatchContext) -> None:
    global _POOL_WORKER, _POOL_GC
    import signal

    # a worker dies of SIGTERM (Pool.terminate) instead of running the CLI's handler, which turns it
    # into an exception that can leave the worker waiting on the task queue's lock for ever
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    set_watch(ctx.watch)  # explicit, not inherited: the same under fork and spawn
    _POOL_WORKER = Worker(ctx)
    _POOL_GC = _GcPause().__enter__()


def _pool_work(item: tuple[int, Task]) -> tuple[UnitRow | SheetColumns, SetInfo | None]:
    assert _POOL_WORKER is not None and _POOL_GC is not None
    out = _POOL_WORKER(item)
    _POOL_GC.tick()
    return out


def stream_units(path: str, catalog: Catalog | None = None, catalog_dirs: Iterable[str] = (),
                 set_ref: str | None = None, year: int | None = None, jobs: int = 1, chunksize: int = 8,
                 use_attested: bool = True, unit_defaults: tuple[tuple[str, str], ...] = (),
                 progress: Progress | None = None, cache: BatchCache | None = None, detail: bool = True
                 ) -> Iterator[tuple[UnitRow | SheetColumns, SetInfo | None]]:
    """Evaluate every unit of `path`, yielding (row, info) in input order. `info` describes the
    row's criteria set the first time a worker meets that set (else None). A sheet ends with
    (SheetColumns, None) when some indicator-like columns are empty in every row.

    `progress(done, total)`, when given, is called once per unit row as it completes (in this
    process, also with `jobs` workers): done = 1, 2, … N; total is `estimate_units(path)` (None
    when it cannot be told cheaply), never less than done.

    `cache` (run/cache.py): rows of unchanged unit files are read from it, the others evaluated
    and recorded; the stream is the same as without it. `detail`: see `compact`."""
    ctx = BatchContext(tuple(catalog_dirs), set_ref, year, use_attested, tuple(unit_defaults), detail,
                       getattr(catalog, "_loader", None) is not None, watched())
    from ntm_eval.io.yamlload import use_fast_path

    use_fast_path()  # many files: the fast YAML path pays for itself (before the workers fork)
    tasks = enumerate(iter_tasks(path))
    if cache is not None:
        from ntm_eval.run.cache import cached_stream

        stream = cached_stream(cache, ctx, catalog, tasks, jobs, chunksize)
    else:
        stream = _evaluated(ctx, catalog, tasks, jobs, chunksize)
    if progress is not None:
        yield from _counted(stream, progress, estimate_units(path))
        return
    yield from stream


def _evaluated(ctx: BatchContext, catalog: Catalog | None, tasks: Iterator[tuple[int, Task]], jobs: int,
               chunksize: int) -> Iterator[tuple[UnitRow | SheetColumns, SetInfo | None]]:
    with _GcPause() as pause:
        if jobs <= 1:
            for item in map(Worker(ctx, catalog), tasks):
                pause.tick()
                yield item
            return
        import multiprocessing as mp

        mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
        with mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx,)) as pool:  # forked paused, frozen
            for item in pool.imap(_pool_work, tasks, chunksize=max(1, chunksize)):
                pause.tick()
                yield item


class _GcPause:
    """The cyclic garbage collector paused for a batch. Left alone it runs every few hundred
    allocations, and each unit allocates thousands of short-lived objects that reference counting
    frees anyway, while its full passes walk every criteria set and the units dataset again (12–19 %
    of a batch). Here: what is alive when the batch starts, and again after its first unit (the
    sets and the dataset, loaded on first use), is frozen out of the collector's scans, and a pass
    over the rest runs every `every` units, so cyclic garbage, if any, still cannot pile up."""

    def __init__(self, every: int = 1000):
        self.every, self.n = every, 0

    def __enter__(self) -> "_GcPause":
        self.was = gc.isenabled()
        gc.disable()
        gc.freeze()
        return self

    def tick(self) -> None:
        self.n += 1
        if self.n == 1:
            gc.freeze()
        elif self.n % self.every == 0:
            gc.collect()

    def __exit__(self, *exc: object) -> None:
        gc.unfreeze()  # a library caller's later garbage is collected as usual
        if self.was:
            gc.enable()


@contextmanager
def rendering(pause: bool = True) -> Iterator[None]:
    """With `pause`, the collector paused while a report is written: what is alive then (the
    report, its aggregates, the loaded sets and renderer) lives to the end, and what a renderer
    that makes no reference cycles allocates is freed by reference counting (the collector's
    passes over a province's rows and cells found nothing, and took ~0.2 s of a 10,000-commune
    HTML report)."""
    if not pause:
        yield
        return
    was = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
        if was:
            gc.enable()


# --- progress ------------------------------------------------------------------------------

Progress = Callable[[int, Optional[int]], None]  # (units done, units expected or None)


def _counted(stream: Iterable[tuple[UnitRow | SheetColumns, SetInfo | None]], progress: Progress,
             total: int | None) -> Iterator[tuple[UnitRow | SheetColumns, SetInfo | None]]:
    done = 0
    for item in stream:
        if isinstance(item[0], UnitRow):  # a sheet's empty columns are no unit
            done += 1
            progress(done, None if total is None else max(total, done))
        yield item


def estimate_units(path: str) -> int | None:
    """How many units `path` holds, cheaply, for a progress bar: a folder's unit files (exact);
    a CSV's lines but one, an XLSX's largest sized worksheet rows but one (estimates: blank and
    title rows count); None when it cannot be told (unsized XLSX, an unreadable or odd path).
    Reads only regular files, and only what it needs (nothing is noted as read by the batch)."""
    import stat

    try:
        if os.path.isdir(path):  # the files iter_tasks walks: *.yaml/*.yml, hidden ones skipped
            n = 0
            for _root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                n += sum(1 for f in files if f.endswith(YAML_SUFFIXES) and not f.startswith("."))
            return n
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        low = path.lower()
        if low.endswith((".csv", ".tsv")):
            n = 0
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    n += block.count(b"\n")
            return max(n - 1, 0)
        if low.endswith((".xlsx", ".xlsm")):
            return _xlsx_rows(path)
        return 1 if path.endswith(YAML_SUFFIXES) else None
    except Exception:  # an estimate only: the batch itself reports what is wrong with the input
        return None


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _xlsx_rows(path: str, limit: int = 256 << 20) -> int | None:
    """Rows but one of the workbook's longest worksheet, counted as `<row>` tags while the
    sheet's XML is inflated in blocks (no parsing; at most `limit` bytes per sheet). openpyxl's
    own dimensions are no help: most writers leave them out, and then it reads the whole sheet."""
    import zipfile

    best = None
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                continue
            n = size = 0
            tail = b""
            with zf.open(name) as fh:
                while size < limit:
                    block = fh.read(1 << 20)
                    if not block:
                        break
                    size += len(block)
                    chunk = tail + block  # a tag that straddles two blocks is found in the second;
                    n += sum(1 for m in _ROW_TAG.finditer(chunk) if m.end() > len(tail))  # none twice
                    tail = chunk[-32:]
            best = n if best is None else max(best, n)
    return None if best is None else max(best - 1, 0)


def collect(stream: Iterable[tuple[UnitRow, SetInfo | None]], input_path: str = "", year: int | None = None,
            set_ref: str | None = None, spool_limit: int = 2000, facts: bool = False,
            meanwhile: Callable[[], object] | None = None) -> BatchReport:
    """Consume a unit stream: aggregate as rows arrive, keep the compact rows for rendering.
    `facts`: gather what a report's outline reads of the rows too (core/aggregate.RowFacts: the
    text reports'; a JSON or CSV report reads none, and holds no list of names). `meanwhile`:
    called once, in this thread, when the first row has come — by then the workers are
    evaluating, so what it does (the report's renderer imported: fpdf2 takes ~0.4 s) is done
    while they work instead of after them."""
    from ntm_eval.core.aggregate import Aggregator, RowFacts
    from ntm_eval.core.merged_units import Claim, MergedIndex

    sets: dict[str, SetInfo] = {}
    agg = Aggregator(facts=RowFacts() if facts else None)
    store = RowStore(spool_limit)
    columns: list[Any] = []
    inputs: set[str] = set()
    row_notes: list[Problem] = []
    merged = MergedIndex()  # an old commune's code → the units naming it (core/merged_units.py)
    unsourced: dict[str, list[int]] = {}  # sheet → [rows, verdicts] given with no attesting body
    try:
        for row, info in stream:
            if not isinstance(row, UnitRow):  # a sheet's empty indicator-like columns
                columns.append(row)
                continue
            if info is not None:
                sets.setdefault(info.id, info)
            agg.add(row, sets.get(row.set_id) if row.set_id else None)
            row_notes.extend(row.notes)
            if row.merged_from:  # one old commune merged into two new ones: never silent
                for c in merged.add(Claim(row.source, row.name, row.code, row.year, row.merged_from)):
                    row_notes.append(Problem("batch.merged_twice", row.source, severity="warning",
                                             params={"code": c.code, "name": c.name, "unit": row.name,
                                                     "first": c.first.name, "first_file": c.first.source}))
            if row.files_read:  # a cached row names all it stands on: only a watched one is kept
                inputs.update(keep_watched(row.files_read))
            if row.unsourced:  # a sheet's verdicts with no attesting body: counted, said once per sheet
                sheet = row.source.rsplit(":", 1)[0]
                unsourced.setdefault(sheet, [0, 0])
                unsourced[sheet][0] += 1
                unsourced[sheet][1] += row.unsourced
            store.append(row)
            if meanwhile is not None:
                todo, meanwhile = meanwhile, None
                todo()
                if not gc.isenabled():  # the batch's pause (_GcPause): what it loaded (a renderer,
                    gc.freeze()  # fpdf2's fonts) lives to the end, out of the periodic passes
    except BaseException:
        store.close()
        raise
    sheet_notes = [Problem("sheet.unsourced_verdicts", sheet, severity="warning", params={"rows": rows, "n": n})
                   for sheet, (rows, n) in unsourced.items()]
    return BatchReport(input_path, sets, agg, store, year, set_ref,
                       notes=unknown_columns(columns, sets) + row_notes + sheet_notes, inputs=inputs)


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


def run_batch(path: str, catalog: Catalog | None = None, catalog_dirs: Iterable[str] = (),
              set_ref: str | None = None, year: int | None = None, jobs: int = 1, spool_limit: int = 2000,
              use_attested: bool = True, unit_defaults: tuple[tuple[str, str], ...] = (),
              progress: Progress | None = None, use_cache: bool = False, detail: bool = True,
              cache: BatchCache | None = None, facts: bool = False,
              meanwhile: Callable[[], object] | None = None) -> BatchReport:
    """Evaluate every unit of a folder or sheet and collect the report renderers read.
    `progress(done, total)`: see `stream_units`. `use_cache`: read and keep unchanged units'
    rows in the user's cache folder (run/cache.py), or `cache`, one opened for these options
    (`batch` does, unless --no-cache). `facts`, `meanwhile`: see `collect`."""
    if use_cache and cache is None:
        from ntm_eval.run.cache import open_batch_cache

        cache = open_batch_cache(path, catalog if catalog is not None else Catalog(tuple(catalog_dirs)), catalog_dirs,
                                 set_ref, year, use_attested, unit_defaults, detail)
    stream = stream_units(path, catalog, catalog_dirs, set_ref, year, jobs, use_attested=use_attested,
                          unit_defaults=unit_defaults, progress=progress, cache=cache, detail=detail)
    return collect(stream, path, year, set_ref, spool_limit, facts, meanwhile)
