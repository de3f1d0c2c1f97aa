"""A JSON batch report rebuilt from the pieces of the last run (issue 15: "changing one file costs
about one file"). Used by `batch DIR --format json -o FILE` with the result cache (run/cache.py).

When a JSON report of a folder of unit files is kept, its pieces are kept with it, per row in
input order: the row's unit object and error object as written, the JSON and the stderr lines of
its notes and problems, what the aggregates need of it; the rows pickled (read only when one of
their chunk changes) and each chunk's aggregates. A re-run of the same files with some of them
changed evaluates only the rows whose files changed (a commune, the district file that reads it),
recomputes the aggregates of their chunks, merges every chunk's aggregates (`merge`: counts
added, minima and maxima taken, first titles kept — kept in lock-step with core/aggregate.py by a
property test) and writes the report from the pieces: the same bytes as
`render/batch/jsonout.render` (checked each time pieces are kept). The pieces themselves are
cut and assembled by render/batch/jsonsplice.py, which the command hands in (run/ renders nothing).

The pieces are kept per chunk, as the row store keeps rows (run/cache.py): content-defined
chunks of about CHUNK rows (`_cut_here`), each a file of its own written as soon as it is
complete and named by its content's digest, read back one chunk (and one part of it) at a time —
what keeping or splicing holds does not grow with the batch. A re-run checks every file against
its entry in one pass over the chunks, then makes again only the chunks a file changed, was added
to (the chunk it falls in) or left, and names the others again as they are: one changed file
rewrites one chunk. The pieces are not used — the batch takes the long way — when more than 1 in
20 files changed, when a piece file cannot be read or trusted (not this user's own, a link, its
content not its name's digest, another format or version), or when a row carries a note that
depends on the rows before it (the merged-province note, said once per set). Only JSON gets it;
the other formats are written from the cached rows as before.

The store: a head (`<report>.sp`: the chunks in order, the sets, the input) and the chunk files
(`<report>.<digest>.spc`), in the cache folder under the same rules (this user's own, atomic
writes, never trusted when any key differs, swept by day). A run holds the chunk files it writes
a report from open: a concurrent run removing the ones its own head no longer names does not take
them from under it. Nothing here prints."""

from __future__ import annotations

import dataclasses
import marshal
import os
import pickle
import zlib
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ntm_eval import __version__

if TYPE_CHECKING:
    from ntm_eval.core.aggregate import Aggregator
    from ntm_eval.results import BatchReport
    from ntm_eval.run.cache import BatchCache

SPLICE_FORMAT = 3  # 3: a head file, the pieces in chunk files read one chunk (and one part) at a time
# rows per chunk of pieces, on average: a chunk ends after a file whose key hashes to 0 modulo CHUNK
# (at least CHUNK // 16 rows, at most 4 * CHUNK) — content-defined, as the row store's chunks: a
# file added or removed changes the chunk it falls in and no other. 256 rows: a chunk's pieces
# (~1.6 KiB a row) are held while it is cut, next to a chunk of the cached rows (run/cache), so a
# run's memory stays near --no-cache's; a rebuild holds a chunk file open per 256 rows (MAX_OPEN:
# the long way past ~230,000 units under a soft limit of 1,024 open files)
CHUNK = 256


def _max_open() -> int:
    """Chunk files a rebuild holds open at once (more: the long way): what the soft limit on
    open files leaves, less a margin for the rest of the run."""
    try:
        import resource

        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return 400
    return 100_000 if soft == resource.RLIM_INFINITY else max(16, min(100_000, soft - 128))


MAX_OPEN = _max_open()
# the sections of a chunk file: the rows' entries (sources, dependencies, set ids), the pieces
# without unit and error objects, (set id, unit object), error objects, rows pickled, aggregates
S_ENTRIES, S_LIGHT, S_UNITS, S_ERRORS, S_ROWS, S_AGG = range(6)



def _light(p: tuple) -> tuple:
    """A row's pieces without its unit and error objects (whether it has them, in their place): the
    layout render/batch/jsonsplice.light reads back (run/ imports nothing from render/)."""
    return (*p[:5], p[5] is not None, p[6] is not None, *p[7:])

# --- merging aggregates --------------------------------------------------------------------------

class Unmergeable(Exception):
    """An aggregate field merge does not know how to combine (core/aggregate.py changed)."""


_FIRST_WINS = {"prereq_titles"}  # setdefault: the first row's title
_FIRST_TRUTHY = {"prereq_titles_en"}  # the first row's title that is not empty


_KEEP, _INFO, _MIN, _MAX, _FIRST, _TRUTHY, _ADD, _UNSET = range(8)
_KINDS: dict[type, list[tuple[str, int]]] = {}  # a dataclass → how each of its fields merges


def _kinds(cls: type) -> list[tuple[str, int]]:
    got = _KINDS.get(cls)
    if got is None:
        got = []
        for f in dataclasses.fields(cls):
            n = f.name
            kind = (_KEEP if n == "set_id" else _INFO if n == "info"
                    else _UNSET if n == "facts"  # Aggregator.facts: a text report's, never a JSON one's
                    else _MIN if n.endswith("_min") or n == "min_met" else _MAX if n.endswith("_max") or n == "max_met"
                    else _FIRST if n in _FIRST_WINS else _TRUTHY if n in _FIRST_TRUTHY else _ADD)
            got.append((n, kind))
        _KINDS[cls] = got
    return got


def merge(a: Any, b: Any) -> Any:
    """The aggregates of rows A then rows B, from those of A (`a`, changed in place) and of B
    (`b`, consumed: parts of it become parts of `a`): what adding every row of A then of B to one
    aggregator gives. Each field merges by its kind, found once per class (a district's figures
    merged per chunk: no field lookups per value)."""
    for name, kind in _kinds(type(a)):
        if kind == _KEEP:
            continue
        x, y = getattr(a, name), getattr(b, name)
        if kind == _UNSET:
            if x is not None or y is not None:
                raise Unmergeable(name)
        elif kind == _INFO:
            if x is None:
                setattr(a, name, y)
        elif kind == _MIN:
            setattr(a, name, y if x is None else x if y is None else min(x, y))
        elif kind == _MAX:
            setattr(a, name, y if x is None else x if y is None else max(x, y))
        elif kind == _FIRST or kind == _TRUTHY:
            if not (isinstance(x, dict) and isinstance(y, dict)):
                raise Unmergeable(name)
            for k, v in y.items():
                if k not in x or (kind == _TRUTHY and v and not x[k]):
                    x[k] = v
        else:
            setattr(a, name, _add(name, x, y))
    return a


def _add(name: str, x: Any, y: Any) -> Any:
    """y added to x (x changed in place where it can be; y consumed)."""
    tx = type(x)
    if tx is bool or type(y) is bool:
        raise Unmergeable(name)
    if tx is int and type(y) is int:
        return x + y
    if tx is list and type(y) is list:
        for i, v in enumerate(y):
            if i < len(x):
                x[i] = _add(name, x[i], v)
            else:
                x.append(v)
        return x
    if tx is dict and type(y) is dict:
        for k, v in y.items():
            x[k] = _add(name, x[k], v) if k in x else v
        return x
    if tx is type(y) and hasattr(tx, "__dataclass_fields__"):
        return merge(x, y)
    raise Unmergeable(name)


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


def ids_of(sets: dict[str, Any]) -> dict[str, list[str]]:
    return {sid: [c[0] for c in info.criteria] for sid, info in sets.items() if info is not None}


# --- chunk files ---------------------------------------------------------------------------------

class _Damaged(Exception):
    """A piece file that cannot be read or trusted: the long way."""


def _cut_here(key: str, n: int) -> bool:
    """Whether a chunk of `n` rows ends after the row of `key` (content-defined, see CHUNK)."""
    if n >= max(1, 4 * CHUNK):
        return True
    return n >= max(1, CHUNK // 16) and zlib.crc32(key.encode("utf-8", "surrogatepass")) % max(1, CHUNK) == 0


def _chunk_path(cache: BatchCache, variant: str, name: str) -> str:
    return f"{cache._out(variant)}.{name}.spc"


def _store_path(cache: BatchCache, variant: str) -> str:
    return cache._out(variant) + ".sp"


class _Block:
    """The rows of the chunk being made: their entries, pieces and rows pickled, and their
    aggregates (added as they come: the rows themselves are not held)."""

    def __init__(self, sets: dict[str, Any]) -> None:
        from ntm_eval.core.aggregate import Aggregator

        self.sets = sets
        self.sources: list[str] = []
        self.deps: list[Any] = []
        self.set_ids: list[Any] = []
        self.pieces: list[tuple] = []
        self.blobs: list[bytes] = []
        self.agg = Aggregator()

    def add(self, entry: Any, piece: tuple, blob: bytes, row: Any) -> None:
        """`row`: the row of `blob` (the same as `run/batch.collect` aggregates it)."""
        self.sources.append(entry[0])
        self.deps.append(entry[1])
        self.set_ids.append(entry[2])
        self.pieces.append(piece)
        self.blobs.append(blob)
        self.agg.add(row, self.sets.get(row.set_id) if row.set_id else None)

    def __len__(self) -> int:
        return len(self.sources)

    def write(self, cache: BatchCache, variant: str, exists: Any = None) -> tuple[str, bytes]:
        """Write the chunk file (unless `exists(name)`); its name (its content's digest) and its
        aggregates pickled. Raises OSError when it cannot be written."""
        from ntm_eval.run.cache import _sha256, _write_atomic

        agg = _strip_info(self.agg)
        secs = [marshal.dumps(x) for x in ((self.sources, self.deps, self.set_ids), [_light(p) for p in self.pieces])]
        secs.append(marshal.dumps([(p[3], p[5]) for p in self.pieces]))
        secs.append(marshal.dumps([p[6] for p in self.pieces]))
        self.pieces = []
        rows = marshal.dumps(self.blobs)
        self.blobs = []
        secs.append(b"")
        secs.append(marshal.dumps(agg))
        lengths = tuple(len(x) for x in secs[:S_ROWS]) + (len(rows), len(secs[S_AGG]))
        # the name: the digest of all but the rows, which the head holds the digest of (read only
        # when their chunk changes, they are checked then)
        secs.insert(0, marshal.dumps((SPLICE_FORMAT, __version__, "chunk", len(self.sources), lengths,
                                      _sha256(rows).digest())))
        h = _sha256()
        for x in secs:
            h.update(x)
        name = h.hexdigest()[:32]
        secs[1 + S_ROWS] = rows
        if not (exists is not None and exists(name)) and \
                not _write_atomic(cache.folder, _chunk_path(cache, variant, name), lambda fh: fh.writelines(secs)):
            raise OSError("a chunk of pieces not written")
        return name, agg


class _Chunks:
    """Chunk files of pieces, each checked against its name (the digest of its content) and held
    open — a concurrent run that removes one does not take it from under a report being written —
    and read one section at a time."""

    def __init__(self) -> None:
        # name → file, rows, where the sections start, their lengths, the rows' digest
        self.files: dict[str, tuple[Any, int, int, tuple[int, ...], bytes]] = {}
        self.order: list[str] = []

    def open(self, cache: BatchCache, variant: str, name: str, count: int) -> None:
        from ntm_eval.run.cache import _private, _sha256

        if name in self.files:
            if self.files[name][1] != count:
                raise _Damaged(name)
            return
        if not (isinstance(name, str) and name.isalnum()) or len(self.files) >= MAX_OPEN:
            raise _Damaged(name)
        try:
            fd = os.open(_chunk_path(cache, variant, name), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            raise _Damaged(name) from None
        fh = os.fdopen(fd, "rb")
        try:
            st = os.fstat(fh.fileno())
            if not _private(st):
                raise _Damaged(name)
            head = marshal.load(fh)
            if not (isinstance(head, tuple) and len(head) == 6 and head[:4] == (SPLICE_FORMAT, __version__, "chunk", count)
                    and isinstance(head[4], tuple) and len(head[4]) == 6 and isinstance(head[5], bytes)
                    and all(isinstance(x, int) and x >= 0 for x in head[4])):
                raise _Damaged(name)
            base = fh.tell()
            if base + sum(head[4]) != st.st_size:
                raise _Damaged(name)
            fh.seek(0)
            h = _sha256(fh.read(base))
            for k, length in enumerate(head[4]):
                if k == S_ROWS:
                    fh.seek(length, 1)
                    continue
                while length > 0:
                    block = fh.read(min(length, 1 << 20))
                    if not block:
                        raise _Damaged(name)
                    h.update(block)
                    length -= len(block)
            if h.hexdigest()[:32] != name:
                raise _Damaged(name)
        except Exception:
            fh.close()
            raise _Damaged(name) from None
        self.files[name] = (fh, count, base, head[4], head[5])

    def section(self, name: str, s: int) -> Any:
        from ntm_eval.run.cache import _sha256

        fh, count, base, lengths, rows_digest = self.files[name]
        try:
            fh.seek(base + sum(lengths[:s]))
            data = fh.read(lengths[s])
            if s == S_ROWS and _sha256(data).digest() != rows_digest:
                raise _Damaged(name)
            got = marshal.loads(data)
        except Exception:
            raise _Damaged(name) from None
        if s == S_AGG:
            if not isinstance(got, bytes):
                raise _Damaged(name)
        elif s == S_ENTRIES:
            if not (isinstance(got, tuple) and len(got) == 3 and all(isinstance(x, list) and len(x) == count for x in got)):
                raise _Damaged(name)
        elif not (isinstance(got, list) and len(got) == count):
            raise _Damaged(name)
        return got

    def pieces(self, part: str) -> Iterator[Any]:
        """That part of every row's pieces (render/batch/jsonsplice.Pieces), chunk by chunk."""
        s = {"light": S_LIGHT, "units": S_UNITS, "errors": S_ERRORS}[part]
        for name in self.order:
            got = self.section(name, s)
            if s == S_LIGHT and not all(isinstance(p, tuple) and len(p) == 12 for p in got):
                raise _Damaged(name)
            if s == S_UNITS and not all(isinstance(p, tuple) and len(p) == 2 and (p[1] is None or isinstance(p[1], str))
                                        for p in got):
                raise _Damaged(name)
            if s == S_ERRORS and not all(p is None or isinstance(p, str) for p in got):
                raise _Damaged(name)
            yield from got

    def entries(self) -> Iterator[tuple[str, tuple, None]]:
        """The rows' entries in order, as `BatchCache.entries` gives them."""
        from ntm_eval.run.cache import _Unreadable

        abspath = os.path.abspath
        for name in self.order:
            try:
                sources, deps, set_ids = self.section(name, S_ENTRIES)
            except _Damaged:
                raise _Unreadable(name) from None
            for k, source in enumerate(sources):
                yield abspath(source), (source, deps[k], set_ids[k]), None

    def inputs(self) -> Iterator[str]:
        """Every file the rows stand on (each chunk's once)."""
        for name in self.order:
            seen: set[str] = set()
            for deps in self.section(name, S_ENTRIES)[1]:
                for d in deps:
                    if d[0] not in seen and not d[0].endswith(os.sep):
                        seen.add(d[0])
                        yield d[0]

    def close(self) -> None:
        for fh, *_ in self.files.values():
            fh.close()
        self.files.clear()


class _Checked:
    """What `_Chunks` raises while a report is written (a piece file checked at open cannot
    fail later but for the disk): an OSError, which the command reports as a write error."""

    def __init__(self, chunks: _Chunks):
        self.chunks = chunks

    def __call__(self, part: str) -> Iterator[Any]:
        try:
            yield from self.chunks.pieces(part)
        except _Damaged as exc:
            raise OSError(5, f"damaged cache file {exc}") from None


def _read_head(fh: Any) -> tuple | None:
    from ntm_eval.run.cache import records

    head = marshal.load(fh)
    if not (isinstance(head, tuple) and len(head) == 7):
        return None
    names: list[str] = []
    counts: list[int] = []
    for rec in records(fh):
        if rec[0] != "c" or len(rec) != 3 or len(rec[1]) != len(rec[2]):
            return None
        names += rec[1]
        counts += rec[2]
    if len(names) != head[6] or not all(isinstance(c, int) and c > 0 for c in counts) or sum(counts) != head[3]:
        return None
    return (*head[:6], list(zip(names, counts)))


def _load_head(cache: BatchCache, variant: str) -> tuple | None:
    """(rows, sets pickled, input path, [(chunk name, rows)]) of the kept pieces, or None."""
    from ntm_eval.run.cache import read_private

    head = read_private(_store_path(cache, variant), _read_head)
    if not (isinstance(head, tuple) and head[:3] == (SPLICE_FORMAT, __version__, variant)) or not head[6]:
        return None
    return head[3], head[4], head[5], head[6]


def _save_head(cache: BatchCache, variant: str, n: int, sets_blob: bytes, input_path: str,
               chunks: list[tuple[str, int]], old: list[tuple[str, int]], written: list[str]) -> bool:
    """Write the head naming `chunks`, then remove the chunk files the last head named (`old`)
    and this run wrote (`written`) that it does not name."""
    from ntm_eval.run.cache import _write_atomic

    def write(fh: Any) -> None:
        marshal.dump((SPLICE_FORMAT, __version__, variant, n, sets_blob, input_path, len(chunks)), fh)
        for a in range(0, len(chunks), 1024):
            part = chunks[a:a + 1024]
            marshal.dump(("c", [c[0] for c in part], [c[1] for c in part]), fh)
        marshal.dump(("end",), fh)

    ok = _write_atomic(cache.folder, _store_path(cache, variant), write)
    named = {c[0] for c in chunks} if ok else {c[0] for c in old}
    _unlink(cache, variant, {c[0] for c in old} | set(written), named)
    return ok


def _unlink(cache: BatchCache, variant: str, names: Iterable[str], keep: set[str]) -> None:
    for name in names:
        if name not in keep:
            try:
                os.unlink(_chunk_path(cache, variant, name))
            except OSError:
                pass


# --- keeping the pieces --------------------------------------------------------------------------

def keep(cache: BatchCache, report: BatchReport, variant: str, said: list[str], written: str, json: Any) -> None:
    """Keep the pieces of the JSON report just written to `written` from `report` (whose rows
    are the cache's `entries()`, in order), and `said`: what the run said;
    `json`: render/batch/jsonsplice.JsonPieces, in the run's language.
    Each row's pieces are cut from the report and the lines (formatting them again would cost
    as much as the report) in one pass over the rows, written to chunk files as each chunk is
    complete; they are kept (the head naming them written) only when the report and the lines
    rebuilt from them, chunk by chunk, are exactly those written and said."""
    if not cache.complete():
        return
    sets = dict(report.sets)
    if any(info is None for info in sets.values()):
        return
    old = _load_head(cache, variant)
    old_chunks = old[3] if old is not None else []
    written_names: list[str] = []
    chunks: list[tuple[str, int]] = []
    store = _Chunks()
    try:
        _keep(cache, report, variant, said, written, json, sets, chunks, written_names, store)
    except (_Damaged, OSError, ValueError, KeyError, IndexError, TypeError, StopIteration, EOFError):
        chunks = []  # cut wrong, a file unreadable: not kept
    finally:
        store.close()
    if not chunks:
        _unlink(cache, variant, written_names, {c[0] for c in old_chunks})
        return
    _save_head(cache, variant, sum(c[1] for c in chunks), pickle.dumps(sets, pickle.HIGHEST_PROTOCOL), report.input,
               chunks, old_chunks, written_names)


def _keep(cache: BatchCache, report: BatchReport, variant: str, said: list[str], written: str, json: Any,
          sets: dict[str, Any], chunks: list[tuple[str, int]], written_names: list[str],
          store: _Chunks) -> None:
    lines = _FileLines(written)
    total = None  # every chunk's aggregates merged as the chunk is written: none kept apart
    try:
        cut = json.cutter(lines, report.aggregates, said)
        entries = cache.entries()
        block = _Block(sets)

        def flush() -> None:
            nonlocal block, total
            n = len(block)
            name, agg = block.write(cache, variant)
            written_names.append(name)
            chunks.append((name, n))
            total = _merged(total, agg)
            block = _Block(sets)

        for row in report.rows:
            key, entry, blob = next(entries)
            if entry[0] != row.source:
                raise ValueError("rows and entries differ")
            piece = cut.row(row)
            if piece[-1]:
                raise ValueError("a note said once per set")  # depends on the rows before
            block.add(entry, piece, blob if blob is not None else pickle.dumps(row, pickle.HIGHEST_PROTOCOL), row)
            if _cut_here(key, len(block)):
                flush()
        if len(block):
            flush()
        if next(entries, None) is not None or not cut.done() or not chunks:
            raise ValueError("rows and entries differ")
    except BaseException:
        chunks.clear()
        raise
    finally:
        lines.close()
    if _described(total, sets) is None:
        chunks.clear()
        return
    for name, count in chunks:
        store.open(cache, variant, name, count)
    store.order = [c[0] for c in chunks]
    out = json.assemble(total, store.pieces, report.input)
    if out is None or out[1] != said or not _same_bytes(out[0], written):
        chunks.clear()  # the renderer and the pieces disagree: never spliced


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


def _described(total: Aggregator | None, sets: dict[str, Any]) -> Aggregator | None:
    """The merged aggregates with their sets' descriptions (None: none, or a set undescribed)."""
    if total is None:
        return None
    for g in total.groups.values():
        g.info = sets.get(g.set_id)
        if g.info is None:
            return None
    return total


# --- the report rebuilt --------------------------------------------------------------------------

class Spliced:
    """A report rebuilt from pieces: its text (in parts), what the run says, its figures, the
    files it stands on (read again from the pieces when iterated)."""

    def __init__(self, parts: Iterable[str], said: list[str], broken: int, code: int, inputs: Iterable[str]):
        self.parts, self.said, self.broken, self.code, self.inputs = parts, said, broken, code, inputs


def _walk_key(path: str) -> tuple:
    """Where `run/cache.walk_units` puts a path: a folder's files (by name) before its folders
    (by name, each walked in turn)."""
    parts = path.split(os.sep)
    return (*((1, p) for p in parts[:-1]), (0, parts[-1]))


def _members(cache: BatchCache, now: list[str], j: int, entries: tuple, last: bool) -> tuple[list, int, int, bool]:
    """The files now (from place `j`) that fall in an old chunk of `entries` (its sources,
    dependencies, set ids): [(place now, place in the chunk or -1: to evaluate, entry as it
    stands)], the next place, how many of its files are gone, whether the chunk must be made
    again. A file added joins the chunk it falls in (the last one: the files after every old one)."""
    sources, deps, set_ids = entries
    members: list[tuple[int, int, Any]] = []
    gone = 0
    dirty = False
    n = len(now)
    x = now[j] if j < n else None
    for k, s in enumerate(sources):
        if not isinstance(s, str):
            raise _Damaged("source")
        while x is not None and x != s and _walk_key(x) < _walk_key(s):
            members.append((j, -1, None))  # added
            dirty = True
            j += 1
            x = now[j] if j < n else None
        if x == s:
            entry = _still(cache, (s, deps[k], set_ids[k]))
            if entry is None:
                members.append((j, -1, None))  # changed
                dirty = True
            else:
                if any(a is not b for a, b in zip(entry[1], deps[k])):
                    dirty = True  # a stamp renewed: the chunk written again with it
                members.append((j, k, entry))
            j += 1
            x = now[j] if j < n else None
        else:
            gone += 1
            dirty = True
    if last:
        while j < n:
            members.append((j, -1, None))
            dirty = True
            j += 1
    return members, j, gone, dirty


def rebuild(cache: BatchCache, path: str, variant: str, ctx: Any, catalog: Any, json: Any) -> Spliced | None:
    """The JSON report of `path` rebuilt from the kept pieces with the rows whose files changed
    or were added evaluated again and those of files gone dropped, or None (the long way). The
    pieces are read one chunk at a time: a first pass checks every file against its entry (one
    stat each), a second makes again only the chunks with a file changed, added or gone (and
    writes them), the others are named again as they are. Leaves the cache's `entries()` reading
    the new chunks' entries, for the report to be kept."""
    head = _load_head(cache, variant)
    if head is None:
        return None
    _, sets_blob, input_path, old_chunks = head
    now = cache.walked if cache.walked is not None else None
    if now is None:
        from ntm_eval.run.cache import walk

        now = walk(path)
    if not now:
        return None
    store = _Chunks()
    written: list[str] = []
    try:
        out = _rebuild(cache, now, variant, ctx, catalog, json, store, written, sets_blob, input_path, old_chunks)
    except (_Damaged, OSError, ValueError, KeyError, IndexError, TypeError, EOFError):
        out = None
    if out is None:
        store.close()
        _unlink(cache, variant, written, {c[0] for c in old_chunks})
    return out


def _rebuild(cache: BatchCache, now: list[str], variant: str, ctx: Any, catalog: Any, json: Any, store: _Chunks,
             written: list[str], sets_blob: bytes, input_path: str, old_chunks: list[tuple[str, int]]) -> Spliced | None:
    from ntm_eval.run.cache import _traced

    # first pass: which chunks changed (the files now matched to the old rows, in order)
    limit = max(8, len(now) // 20)
    plan: list[tuple[int, int, bool]] = []  # per old chunk: its first place now, the next, dirty
    j = changed = gone = 0
    for c, (name, count) in enumerate(old_chunks):
        store.open(cache, variant, name, count)
        cache._forget()
        members, j2, g, dirty = _members(cache, now, j, store.section(name, S_ENTRIES), c == len(old_chunks) - 1)
        changed += sum(1 for m in members if m[1] < 0)
        gone += g
        if changed + gone > limit:
            return None  # many changed: the long way is as fast
        plan.append((j, j2, dirty))
        j = j2
    try:
        sets = pickle.loads(sets_blob)
    except Exception:
        return None
    from ntm_eval.run.batch import Worker

    worker = None
    crit_ids = ids_of(sets)
    cache.new_sets.update(sets)
    # second pass: the chunks with a change made again, every chunk's aggregates merged in order
    new_chunks: list[tuple[str, int]] = []
    total = None
    for c, (name, count) in enumerate(old_chunks):
        a, b, dirty = plan[c]
        if not dirty:
            new_chunks.append((name, count))
            total = _merged(total, store.section(name, S_AGG))
            continue
        if a == b:
            continue  # every file of the chunk gone
        members, j2, _, _ = _members(cache, now, a, store.section(name, S_ENTRIES), c == len(old_chunks) - 1)
        if j2 != b:
            return None  # the files changed meanwhile
        light, units, errors, blobs = (store.section(name, s) for s in (S_LIGHT, S_UNITS, S_ERRORS, S_ROWS))
        block = _Block(sets)
        made: list[_Block] = []
        for j, k, entry in members:
            if k >= 0:
                p = light[k]
                if not (isinstance(p, tuple) and len(p) == 12 and isinstance(units[k], tuple)):
                    return None
                piece = (*p[:5], units[k][1], errors[k], *p[7:])
                row = pickle.loads(blobs[k])
                block.add(entry, piece, blobs[k], row)
            else:
                source = now[j]
                if worker is None:
                    worker = Worker(ctx, catalog)
                    worker.seen.update(sets)  # sets described already
                cache.prehash(source)
                row, info, reads = _traced(worker, (j, source))
                if info is not None:
                    sets[info.id] = info
                    crit_ids = ids_of(sets)
                if row.set_id and row.set_id not in sets:
                    return None
                entry = cache.entry_of(source, reads, row, info)
                if entry is None:
                    return None  # a file it read is gone: nothing to keep
                piece = json.piece(row, crit_ids)
                if piece[-1]:
                    return None  # a note said once per set: depends on the rows before
                block.add(entry, piece, pickle.dumps(row, pickle.HIGHEST_PROTOCOL), row)
            if _cut_here(os.path.abspath(now[j]), len(block)):
                made.append(block)
                block = _Block(sets)
        if len(block):
            made.append(block)
        for blk in made:
            count = len(blk)
            new, agg = blk.write(cache, variant, store.files.__contains__)
            if new not in store.files:
                written.append(new)
                store.open(cache, variant, new, count)
            new_chunks.append((new, count))
            total = _merged(total, agg)
    if _described(total, sets) is None:
        return None
    store.order = [c[0] for c in new_chunks]
    out = json.assemble(total, _Checked(store), input_path)
    if out is None:
        return None
    parts, said = out
    n = sum(c[1] for c in new_chunks)
    if not _save_head(cache, variant, n, pickle.dumps(sets, pickle.HIGHEST_PROTOCOL), input_path, new_chunks,
                      old_chunks, written):
        return None
    written.clear()
    # the cached rows (.rows) are left as they were: the long way evaluates the changed files again;
    # the store stays open (closed with it) until the report is written and kept
    cache.replay = store.entries
    cache.hits, cache.misses = n - changed, changed
    return Spliced(parts, said, total.broken, total.exit_code(), store.inputs())


def _merged(total: Any, blob: bytes) -> Any:
    a = pickle.loads(blob)
    if total is None:
        return a
    try:
        return merge(total, a)
    except Unmergeable:
        raise ValueError("unmergeable") from None


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
