"""A JSON batch report rebuilt from the pieces of the last run (issue 15: "changing one file costs
about one file"). Used by `batch DIR --format json -o FILE` with the result cache (run/cache.py).

When a JSON report of a folder of unit files is kept, its pieces are kept with it, per row in
input order: the row's unit object and error object as written, the JSON and the stderr lines of
its notes and problems, what the aggregates need of it; and per chunk of CHUNK rows the chunk's
rows (pickled, read only when one of them changes) and its aggregates. A re-run of the same files
with some of them changed evaluates only the rows whose files changed (a commune, the district
file that reads it), recomputes the aggregates of their chunks, merges every chunk's aggregates
(`merge`: counts added, minima and maxima taken, first titles kept — kept in lock-step with
core/aggregate.py by a property test) and writes the report from the pieces: the same bytes as
`render/batch/jsonout.render` (checked each time pieces are kept). The pieces themselves are
cut and assembled by render/batch/jsonsplice.py, which the command hands in (run/ renders nothing).

A file added joins the chunk of the file before it, a file gone leaves its chunk (a chunk grown
past twice CHUNK is split). The pieces are not used — the batch takes the long way — when more
than 1 in 20 files changed, when a piece cannot be read or trusted, or when a row carries a note
that depends on the rows before it (the merged-province note, said once per set). Only JSON gets
it; the other formats are written from the cached rows as before.

The store is one marshal file per batch, context and report variant, in the cache folder (the
same rules: this user's own, atomic writes, never trusted when any key differs). Nothing here
prints."""

from __future__ import annotations

import dataclasses
import marshal
import os
import pickle
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval import __version__

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import Aggregator
    from ntm_eval.results import BatchReport
    from ntm_eval.run.cache import BatchCache

SPLICE_FORMAT = 2  # 2: a sequence of marshal records, written and read one at a time
CHUNK = 128
# Keeping the pieces holds every row's pieces in memory (the report itself is cut and checked
# line by line, the store written record by record: ~4.5 KiB a row, 84 MiB at 10,000 communes
# against 40 for the long way): above this many rows they are not kept, and a re-run after a few
# changes takes the long way (only the changed files evaluated, the rows replayed chunk by chunk
# from the cache, the report rendered again: about twice the time of a splice at 10,000), so that
# a batch's memory does not grow with it (issue 15). Pieces kept per chunk file would lift it.
SPLICE_MAX = 12_000


# --- merging aggregates --------------------------------------------------------------------------

class Unmergeable(Exception):
    """An aggregate field merge does not know how to combine (core/aggregate.py changed)."""


_FIRST_WINS = {"prereq_titles"}  # setdefault: the first row's title
_FIRST_TRUTHY = {"prereq_titles_en"}  # the first row's title that is not empty


def merge(a: Any, b: Any) -> Any:
    """The aggregates of rows A then rows B, from those of A (`a`, changed in place) and of B
    (`b`, consumed: parts of it become parts of `a`): what adding every row of A then of B to one
    aggregator gives."""
    for f in dataclasses.fields(a):
        name = f.name
        x, y = getattr(a, name), getattr(b, name)
        setattr(a, name, _merge_value(name, x, y))
    return a


def _merge_value(name: str, x: Any, y: Any) -> Any:
    if name in ("set_id",):
        return x
    if name == "info":
        return x if x is not None else y
    if name.endswith("_min") or name == "min_met":
        return y if x is None else x if y is None else min(x, y)
    if name.endswith("_max") or name == "max_met":
        return y if x is None else x if y is None else max(x, y)
    if isinstance(x, bool) or isinstance(y, bool):
        raise Unmergeable(name)
    if isinstance(x, int) and isinstance(y, int):
        return x + y
    if isinstance(x, list) and isinstance(y, list):
        out = list(x)
        for i, v in enumerate(y):
            if i < len(out):
                out[i] = _add(name, out[i], v)
            else:
                out.append(_copy(v))
        return out
    if isinstance(x, dict) and isinstance(y, dict):
        if name in _FIRST_WINS:
            out = dict(x)
            for k, v in y.items():
                out.setdefault(k, v)
            return out
        if name in _FIRST_TRUTHY:
            out = dict(x)
            for k, v in y.items():
                if v and not out.get(k):
                    out[k] = v
                elif k not in out:
                    out[k] = v
            return out
        out = dict(x)
        for k, v in y.items():
            out[k] = _add(name, out[k], v) if k in out else _copy(v)
        return out
    raise Unmergeable(name)


def _add(name: str, x: Any, y: Any) -> Any:
    if isinstance(x, bool) or isinstance(y, bool):
        raise Unmergeable(name)
    if isinstance(x, int) and isinstance(y, int):
        return x + y
    if isinstance(x, dict) and isinstance(y, dict):
        out = dict(x)
        for k, v in y.items():
            out[k] = _add(name, out[k], v) if k in out else _copy(v)
        return out
    if dataclasses.is_dataclass(x) and type(x) is type(y):
        return merge(_copy(x), y)
    raise Unmergeable(name)


def _copy(v: Any) -> Any:
    return v  # `b` is consumed (every caller merges aggregates unpickled for the purpose)


def aggregate(rows: Iterable[Any], sets: dict[str, Any]) -> Aggregator:
    """What `run/batch.collect` aggregates of these rows (its `agg.add(row, sets.get(set_id))`)."""
    from ntm_eval.core.aggregate import Aggregator

    agg = Aggregator()
    for row in rows:
        agg.add(row, sets.get(row.set_id) if row.set_id else None)
    return agg


def _strip_info(agg: Aggregator) -> bytes:
    for g in agg.groups.values():
        g.info = None  # the sets are kept once, not per chunk
    return pickle.dumps(agg, pickle.HIGHEST_PROTOCOL)


# --- the pieces of one row -----------------------------------------------------------------------

def ids_of(sets: dict[str, Any]) -> dict[str, list[str]]:
    return {sid: [c[0] for c in info.criteria] for sid, info in sets.items() if info is not None}


# --- the store -----------------------------------------------------------------------------------

def _store_path(cache: BatchCache, variant: str) -> str:
    return cache._out(variant) + ".sp"


def keep(cache: BatchCache, report: BatchReport, variant: str, said: list[str], written: str, json: Any) -> None:
    """Keep the pieces of the JSON report just written to `written` from `report` (whose rows
    are the cache's `order`, every one recorded in `cache.new`), and `said`: what the run said;
    `json`: render/batch/jsonsplice.JsonPieces, in the run's language.
    Each row's pieces are cut from the report and the lines (formatting them again would cost
    as much as the report) in one pass over the rows; they are kept only when the report and the
    lines rebuilt from them are exactly those written and said."""
    if not cache.complete() or report.aggregates.total > SPLICE_MAX:
        return
    sets = dict(report.sets)
    if any(info is None for info in sets.values()):
        return
    try:
        lines = _FileLines(written)
    except OSError:
        return
    try:
        cut = json.cutter(lines, report.aggregates, said)
        pieces, chunks, block = [], [], []
        for row in report.rows:
            pieces.append(cut.row(row))
            block.append(row)
            if len(block) == CHUNK:
                chunks.append(_chunk(block, sets))
                block = []
        if block:
            chunks.append(_chunk(block, sets))
        if not cut.done():
            return
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return  # cut wrong: not kept
    finally:
        lines.close()
    try:
        entries = [e for _, e, _ in cache.entries()]
    except Exception:  # a chunk this run wrote cannot be read back
        return
    if len(pieces) != len(entries) or any(p[-1] for p in pieces):
        return
    total = _total(chunks, sets)
    out = json.assemble(total, lambda: pieces, report.input) if total is not None else None
    if out is None or out[1] != said or not _same_bytes(out[0], written):
        return  # the renderer and the pieces disagree: never spliced
    blob = (SPLICE_FORMAT, __version__, variant, [e[0] for e in entries], [e[1] for e in entries],
            [e[2] for e in entries], pickle.dumps(sets, pickle.HIGHEST_PROTOCOL), chunks, pieces, report.input)
    _save(cache, variant, blob)


class _FileLines:
    """The lines of a written report, read one at a time where they are (`lines[k]`, without
    its newline): cutting the pieces never holds the whole report (a line's start: 8 bytes)."""

    def __init__(self, path: str):
        from array import array

        self.fh = open(path, "rb")
        starts = array("q", [0])
        at = 0
        while True:
            block = self.fh.read(1 << 20)
            if not block:
                break
            k = block.find(b"\n")
            while k >= 0:
                starts.append(at + k + 1)
                k = block.find(b"\n", k + 1)
            at += len(block)
        if starts[-1] != at:
            starts.append(at + 1)  # the last line has no newline
        self.starts = starts

    def __getitem__(self, k: int) -> str:
        if not 0 <= k < len(self.starts) - 1:
            raise IndexError(k)
        a = self.starts[k]
        self.fh.seek(a)
        return self.fh.read(self.starts[k + 1] - a).decode("utf-8").removesuffix("\n")

    def close(self) -> None:
        self.fh.close()


def _same_bytes(parts: Iterable[str], path: str) -> bool:
    """Whether the parts, encoded, are the file's bytes (read alongside, a part at a time)."""
    try:
        with open(path, "rb") as fh:
            for part in parts:
                b = part.encode("utf-8")
                if fh.read(len(b)) != b:
                    return False
            return fh.read(1) == b""
    except OSError:
        return False


def _total(chunks: list[tuple[int, bytes, bytes]], sets: dict[str, Any]) -> Aggregator | None:
    """Every chunk's aggregates merged, with the sets' descriptions (None: cannot be merged)."""
    try:
        aggs = [pickle.loads(ch[2]) for ch in chunks]
        total = aggs[0]
        for a in aggs[1:]:
            merge(total, a)
    except Exception:  # Unmergeable, a damaged chunk: the long way
        return None
    for g in total.groups.values():
        g.info = sets.get(g.set_id)
        if g.info is None:
            return None
    return total


def _chunk(rows: list[Any], sets: dict[str, Any]) -> tuple[int, bytes, bytes]:
    """A chunk: how many rows, the rows, their aggregates."""
    return len(rows), pickle.dumps(rows, pickle.HIGHEST_PROTOCOL), _strip_info(aggregate(rows, sets))


_PART = 1024  # rows per record of the store: writing or reading it never makes one copy of it whole


def _save(cache: BatchCache, variant: str, blob: tuple) -> None:
    """The store as a sequence of marshal records (its head, the rows' parts, each chunk, an
    end), written one record at a time."""
    from ntm_eval.run.cache import _write_atomic

    head, (sources, deps, set_ids, sets_blob, chunks, pieces, input_path) = blob[:3], blob[3:10]

    def write(fh: Any) -> None:
        marshal.dump((*head, len(sources), len(chunks), sets_blob, input_path), fh)
        for a in range(0, len(sources), _PART):
            marshal.dump(("r", sources[a:a + _PART], deps[a:a + _PART], set_ids[a:a + _PART],
                          pieces[a:a + _PART]), fh)
        for ch in chunks:
            marshal.dump(("c", ch), fh)
        marshal.dump(("end",), fh)

    _write_atomic(cache.folder, _store_path(cache, variant), write)


def _read_store(fh: Any) -> tuple | None:
    from ntm_eval.run.cache import records

    head = marshal.load(fh)
    if not (isinstance(head, tuple) and len(head) == 7):
        return None
    n, n_chunks, sets_blob, input_path = head[3:]
    sources: list = []
    deps: list = []
    set_ids: list = []
    pieces: list = []
    chunks: list = []
    for rec in records(fh):
        if rec[0] == "r" and len(rec) == 5:
            sources += rec[1]
            deps += rec[2]
            set_ids += rec[3]
            pieces += rec[4]
        elif rec[0] == "c" and len(rec) == 2:
            chunks.append(rec[1])
        else:
            return None
    if len(sources) != n or len(chunks) != n_chunks:
        return None
    return (*head[:3], sources, deps, set_ids, sets_blob, chunks, pieces, input_path)


def _load(cache: BatchCache, variant: str) -> tuple | None:
    from ntm_eval.run.cache import read_private

    blob = read_private(_store_path(cache, variant), _read_store)
    if not (isinstance(blob, tuple) and len(blob) == 10 and blob[:3] == (SPLICE_FORMAT, __version__, variant)):
        return None
    sources, deps, set_ids, _, chunks, pieces = blob[3:9]
    n = len(sources)
    if not (isinstance(sources, list) and isinstance(deps, list) and isinstance(pieces, list)
            and isinstance(chunks, list) and len(deps) == n == len(pieces) == len(set_ids)
            and all(isinstance(ch, tuple) and len(ch) == 3 and isinstance(ch[0], int) and ch[0] > 0 for ch in chunks)
            and sum(ch[0] for ch in chunks) == n):
        return None
    return blob


class Spliced:
    """A report rebuilt from pieces: its text (in parts), what the run says, its figures."""

    def __init__(self, parts: list[str], said: list[str], broken: int, code: int, inputs: list[str]):
        self.parts, self.said, self.broken, self.code, self.inputs = parts, said, broken, code, inputs


def rebuild(cache: BatchCache, path: str, variant: str, ctx: Any, catalog: Any, json: Any) -> Spliced | None:
    """The JSON report of `path` rebuilt from the kept pieces with the rows whose files changed
    or were added evaluated again and those of files gone dropped, or None (the long way). Renews the pieces, records what it evaluated in
    `cache.new` (not saved: the cached rows of the long way are left as they were) and leaves
    `cache.order` complete, for the report to be kept."""
    from ntm_eval.run.cache import _traced, walk_units

    blob = _load(cache, variant)
    if blob is None:
        return None
    sources, deps, set_ids, sets_blob, chunks, pieces, input_path = blob[3:10]
    now = cache.walked if cache.walked is not None else walk_units(path)
    if not now:
        return None
    old_at = {s: i for i, s in enumerate(sources)}
    if len(old_at) != len(sources):
        return None
    # the files now, each with its place in the last run (None: added); the ones kept are in the
    # same order (both walks sort), a file gone is dropped from its chunk, an added one joins the
    # chunk of the file before it
    was = [old_at.get(s) for s in now]
    kept = [i for i in was if i is not None]
    if any(a >= b for a, b in zip(kept, kept[1:])):
        return None
    chunk_of = [c for c, ch in enumerate(chunks) for _ in range(ch[0])]
    keys = [os.path.abspath(s) for s in now]
    todo: list[int] = []  # places (now) to evaluate: changed or added
    for j, i in enumerate(was):
        entry = _still(cache, (now[j], deps[i], set_ids[i])) if i is not None else None
        if entry is None:
            todo.append(j)
        else:
            cache.new[keys[j]] = entry
    gone = len(sources) - len(kept)
    # none changed (the quick table could not tell: a stamp was racy, or renewed): written from the pieces
    if len(todo) + gone > max(8, len(now) // 20):
        return None  # many changed: the long way is as fast
    try:
        sets = pickle.loads(sets_blob)
    except Exception:
        return None
    from ntm_eval.run.batch import Worker

    worker = Worker(ctx, catalog)
    worker.seen.update(sets)  # sets described already
    cache.new_sets.update(sets)
    crit_ids = ids_of(sets)
    fresh: dict[int, Any] = {}  # place now → its row evaluated again
    new_pieces: list[Any] = [pieces[i] if i is not None else None for i in was]
    for j in todo:
        source = now[j]
        cache.prehash(source)
        row, info, reads = _traced(worker, (j, source))
        if info is not None:
            sets[info.id] = info
            crit_ids = ids_of(sets)
        if row.set_id and row.set_id not in sets:
            return None
        cache.record(source, reads, row, info)
        if keys[j] not in cache.new:
            return None  # a file it read is gone: nothing to keep
        piece = json.piece(row, crit_ids)
        if piece[-1]:
            return None  # a note said once per set: depends on the rows before
        new_pieces[j] = piece
        fresh[j] = row
    # each chunk's places now; a chunk with a row evaluated, added or gone is made again
    members: dict[int, list[int]] = {}
    kept_set = set(kept)
    dirty: set[int] = {chunk_of[i] for i in range(len(sources)) if i not in kept_set}
    last = 0
    for j, i in enumerate(was):
        c = chunk_of[i] if i is not None else last
        last = c
        members.setdefault(c, []).append(j)
        if j in fresh:
            dirty.add(c)
    if not chunks:
        return None
    new_chunks: list[Any] = []
    starts = [0]
    for ch in chunks:
        starts.append(starts[-1] + ch[0])
    for c, ch in enumerate(chunks):
        places = members.get(c, [])
        if c not in dirty:
            new_chunks.append(ch)
            continue
        try:
            old_rows = pickle.loads(ch[1])
        except Exception:
            return None
        rows = [fresh[j] if j in fresh else old_rows[was[j] - starts[c]] for j in places]
        for k in range(0, len(rows), CHUNK) if len(rows) > 2 * CHUNK else [0] if rows else []:
            part = rows[k:k + CHUNK] if len(rows) > 2 * CHUNK else rows
            new_chunks.append(_chunk(part, sets))
    chunks, pieces, sources = new_chunks, new_pieces, now
    changed = todo
    total = _total(chunks, sets)
    if total is None:
        return None
    # the cached rows (.rows) are left as they were: their entries of the files that changed no
    # longer hold, and the long way evaluates those again
    cache.order = keys
    cache.hits, cache.misses = len(sources) - len(changed), len(changed)
    out = json.assemble(total, lambda: pieces, input_path)
    if out is None:
        return None
    parts, said = out
    entries = [cache.new[k] for k in keys]
    new = (SPLICE_FORMAT, __version__, variant, sources, [e[1] for e in entries], [e[2] for e in entries],
           pickle.dumps(sets, pickle.HIGHEST_PROTOCOL), chunks, pieces, input_path)
    _save(cache, variant, new)
    inputs = sorted({d[0] for e in entries for d in e[1] if not d[0].endswith(os.sep)})
    return Spliced(parts, said, total.broken, total.exit_code(), inputs)


def _still(cache: BatchCache, entry: tuple) -> tuple | None:
    """The entry as it stands (its stamps renewed when hashed the same), or None: changed."""
    source, deps, set_id = entry
    out = []
    for d in deps:
        now = cache._same(d)
        if now is None:
            return None
        out.append(now)
    if any(a is not b for a, b in zip(out, deps)):
        cache._refreshed = True
    return source, tuple(out), set_id


