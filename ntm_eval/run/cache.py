"""The result cache of `batch`: a re-run reads the rows of unchanged unit files from the cache
instead of evaluating them, so that a province office re-running its batch after one correction
pays for about one file (`--no-cache` bypasses it).

Where: `$NTM_EVAL_CACHE_DIR`, else `$XDG_CACHE_HOME/ntm-eval/batch`, else
`~/.cache/ntm-eval/batch`. The folder is this user's only (created 0700); a folder or an entry
that another user owns or may write is never read (entries are pickles, so they are read only
from where nobody else can write).

What an entry is keyed on — it is never trusted if any part differs:

* the run: tool version and its code (each module's size and time), cache format, Python version, the batch options (`--set`, `--year`,
  `--basis`, `--region`/`--group`, criteria folders), the environment that changes results
  (`NTM_EVAL_ROOT`, `NTM_EVAL_CRITERIA_PATH`), the current year (a set without years is
  evaluated at it), the version of the administrative-units data, and the CONTENT of every
  criteria file the catalog can see and of a `--set FILE`;
* each unit file: its path as given, and the content (SHA-256) of the file and of every file its
  evaluation read (a district's members…). A file whose size, modification time and inode are
  the recorded ones is taken to hold the recorded content (as git's index does); any other is
  read and hashed again.

An entry that cannot be read (truncated, corrupt, another format) is ignored and rebuilt. Writes
are atomic (temporary file, then rename): concurrent runs each write a whole entry, the last one
wins, and no run ever reads half an entry. Only folders of unit files and single unit files are
cached; a CSV/XLSX sheet is read and evaluated as always. Nothing here prints."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from ntm_eval import __version__
from ntm_eval.io.files import YAML_SUFFIXES, trace_reads

if TYPE_CHECKING:
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import SetInfo, UnitRow
    from ntm_eval.run.batch import BatchContext

CACHE_FORMAT = 1
ENV_DIR = "NTM_EVAL_CACHE_DIR"
_ENVIRONMENT = ("NTM_EVAL_ROOT", "NTM_EVAL_CRITERIA_PATH")

Stamp = tuple[int, int, int]  # size, mtime_ns, inode
Dep = tuple[str, int, int, int, bytes]  # real path, size, mtime_ns, inode, sha256


def cache_dir() -> str:
    env = os.environ.get(ENV_DIR)
    if env:
        return env
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "ntm-eval", "batch")


def _private(st: os.stat_result) -> bool:
    """Owned by this user and writable by nobody else."""
    uid = getattr(os, "getuid", None)
    return (uid is None or st.st_uid == uid()) and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _usable_dir(path: str) -> bool:
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        st = os.stat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and _private(st)


def _stamp(st: os.stat_result) -> Stamp:
    return st.st_size, st.st_mtime_ns, st.st_ino


def _sha_file(path: str) -> bytes | None:
    """SHA-256 of a regular file's content; None for anything else (a FIFO is never opened for
    reading: it would block) or a file that cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        h = hashlib.sha256()
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return h.digest()
            h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)


def context_key(ctx: BatchContext, catalog: Catalog) -> str:
    """Everything besides the unit files themselves that a row depends on, as one digest."""
    import datetime

    h = hashlib.sha256()

    def feed(*parts: Any) -> None:
        for p in parts:
            h.update(repr(p).encode("utf-8", "surrogatepass"))
            h.update(b"\0")

    feed(__version__, CACHE_FORMAT, sys.version, datetime.date.today().year, _code_stamp())
    feed(tuple(os.path.realpath(d) for d in ctx.catalog_dirs), ctx.set_ref, ctx.year, ctx.use_attested,
         ctx.unit_defaults, ctx.detail)
    feed(*(os.environ.get(k) for k in _ENVIRONMENT))
    feed(_units_data_version())
    for d in catalog.dirs:  # every criteria file the catalog could read, by content
        root = str(d)
        feed("dir", os.path.realpath(root))
        for dirpath, dirs, files in os.walk(root):
            dirs.sort()
            for f in sorted(files):
                if f.endswith(YAML_SUFFIXES):
                    p = os.path.join(dirpath, f)
                    feed(os.path.relpath(p, root), _sha_file(p))
    if ctx.set_ref and ctx.set_ref.endswith(YAML_SUFFIXES):
        feed("set", os.path.realpath(ctx.set_ref), _sha_file(ctx.set_ref))
    return h.hexdigest()


def _code_stamp() -> str:
    """The tool's own code as installed (each module's size and modification time): a row cached
    by other code is never read back, version number or not (a development checkout changes
    without a new version)."""
    import ntm_eval

    h = hashlib.sha256()
    root = os.path.dirname(os.path.abspath(ntm_eval.__file__))
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".py"):
                st = os.stat(os.path.join(dirpath, f))
                h.update(f"{os.path.relpath(os.path.join(dirpath, f), root)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def _units_data_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("vietnamadminunits")
    except Exception:  # not installed: the unit checks say so in the rows themselves
        return None


def open_batch_cache(path: str, catalog: Catalog, catalog_dirs: Iterable[str] = (), set_ref: str | None = None,
                     year: int | None = None, use_attested: bool = True,
                     unit_defaults: tuple[tuple[str, str], ...] = (), detail: bool = True) -> BatchCache | None:
    """The cache of a batch run with these options (None: a sheet, or no usable cache folder)."""
    from ntm_eval.run.batch import BatchContext

    ctx = BatchContext(tuple(catalog_dirs), set_ref, year, use_attested, tuple(unit_defaults), detail)
    return BatchCache.open(path, ctx, catalog)


Entry = tuple[str, tuple[Dep, ...], Any]  # the path as given, the files it stands on, its set id


def _read_pickle(path: str) -> Any:
    """A pickle from the cache folder, or None: missing, not this user's own, corrupt."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                return None
            blob = pickle.load(fh)
    except Exception:  # truncated, corrupt, another format: ignored (and rebuilt)
        return None
    if isinstance(blob, dict) and blob.get("format") == CACHE_FORMAT and blob.get("version") == __version__:
        return blob
    return None


def _write_atomic(folder: str, path: str, write: Any) -> bool:
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    except OSError:
        return False
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
        return True
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


class BatchCache:
    """The cached rows of one batch input under one run context: an index (each unit file's
    dependencies, small, read first) and the rows (read only when a row is needed), written
    together with one token so that an index is never paired with rows of another run; and the
    last report written from them, per format, for a re-run where nothing changed."""

    def __init__(self, folder: str, name: str):
        self.folder = folder
        self.base = os.path.join(folder, name)
        self._index: dict[str, Entry] | None = None  # loaded lazily
        self._sets: dict[str, Any] = {}
        self._token: str | None = None
        self._rows: dict[str, Any] | None = None
        self.new: dict[str, Entry] = {}
        self.new_rows: dict[str, Any] = {}
        self.new_sets: dict[str, Any] = {}
        self.order: list[str] | None = []  # the keys of this run's unit files in input order (None: not all cached)
        self._known: dict[str, tuple[Stamp, bytes | None]] = {}  # path → stamp, content this run
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, path: str, ctx: BatchContext, catalog: Catalog) -> BatchCache | None:
        """The cache of `path` (a folder of unit files or one unit file), or None: a sheet, or no
        usable cache folder."""
        if not (os.path.isdir(path) or path.endswith(YAML_SUFFIXES)):
            return None
        folder = cache_dir()
        if not _usable_dir(folder):
            return None
        key = context_key(ctx, catalog)
        name = hashlib.sha256(f"{key}\0{os.path.realpath(path)}".encode("utf-8", "surrogatepass")).hexdigest()[:40]
        return cls(folder, name)

    # --- reading ---------------------------------------------------------------------------

    def _load_index(self) -> dict[str, Entry]:
        if self._index is None:
            blob = _read_pickle(self.base + ".idx")
            self._index = {}
            if blob is not None and isinstance(blob.get("entries"), dict) and isinstance(blob.get("sets"), dict):
                self._index, self._sets, self._token = blob["entries"], blob["sets"], blob.get("token")
        return self._index

    def _load_rows(self) -> dict[str, Any]:
        if self._rows is None:
            blob = _read_pickle(self.base + ".rows")
            ok = blob is not None and self._token is not None and blob.get("token") == self._token
            self._rows = blob["rows"] if ok and isinstance(blob.get("rows"), dict) else {}
        return self._rows

    def content(self, real: str) -> tuple[Stamp, bytes | None] | None:
        """The file's stamp and (once computed) content digest, once per run; None: it is no
        regular file, or cannot be read."""
        got = self._known.get(real)
        if got is None:
            try:
                st = os.stat(real)
            except OSError:
                return None
            if not stat.S_ISREG(st.st_mode):
                return None  # a FIFO, a device, a folder: never cached, evaluated (and refused) as always
            got = self._known[real] = (_stamp(st), None)
        return got

    def _same(self, dep: Dep) -> bool:
        real, size, mtime, ino, sha = dep
        got = self.content(real)
        if got is None:
            return False
        st, digest = got
        if st == (size, mtime, ino) and digest is None:
            return True  # unchanged since recorded: its recorded content
        if digest is None:
            digest = _sha_file(real)
            self._known[real] = (st, digest)
        return digest == sha

    def _valid(self, source: str) -> Entry | None:
        entry = self._load_index().get(os.path.abspath(source))
        if entry is None or entry[0] != source or not all(self._same(d) for d in entry[1]):
            return None
        return entry

    def lookup(self, source: str, emitted: set[str]) -> tuple[UnitRow, SetInfo | None] | None:
        """The cached row of a unit file (and its set's description if not yet `emitted`), or
        None when there is none that can be trusted."""
        entry = self._valid(source)
        if entry is None:
            return None
        key, set_id = os.path.abspath(source), entry[2]
        row = self._load_rows().get(key)
        if row is None:
            return None
        info = None
        if set_id is not None and set_id not in emitted:
            info = self._sets.get(set_id)
            if info is None:
                return None
        self.new[key], self.new_rows[key] = entry, row
        if set_id is not None and set_id not in self.new_sets and set_id in self._sets:
            self.new_sets[set_id] = self._sets[set_id]
        return row, info

    # --- recording -------------------------------------------------------------------------

    def prehash(self, source: str) -> None:
        """Hash a unit file before it is evaluated, so that a row is never recorded under content
        written while it was being evaluated."""
        real = os.path.abspath(source)
        got = self.content(real)
        if got is not None and got[1] is None:
            self._known[real] = (got[0], _sha_file(real))

    def record(self, source: str, reads: Iterable[str], row: UnitRow, info: SetInfo | None) -> None:
        """Remember a freshly evaluated row with the files its evaluation read."""
        if info is not None:
            self.new_sets[info.id] = info
        deps: list[Dep] = []
        key = os.path.abspath(source)
        seen: set[str] = {os.path.realpath(source)}  # the source as the trace names it: once, under its key
        for n, p in enumerate((key, *reads)):
            if n and p in seen:
                continue
            seen.add(p)
            got = self.content(p)
            if got is None:
                return  # a file it read is gone already: nothing trustworthy to keep
            st, digest = got
            if digest is None:
                digest = _sha_file(p)
                self._known[p] = (st, digest)
            if digest is None:
                return
            deps.append((p, *st, digest))
        set_id = row.set_id if row.status is not None else None
        if set_id is not None and set_id not in self.new_sets:
            return  # its set was described by a row this run did not keep: not cached
        self.new[key], self.new_rows[key] = (source, tuple(deps), set_id), row

    def save(self) -> None:
        """Write this run's index and rows (atomically, under a new token); files no longer in
        the batch are dropped. Nothing is written when nothing changed."""
        if not self.misses and self._index is not None and self.new.keys() == self._index.keys():
            return
        token = os.urandom(12).hex()
        rows = {"format": CACHE_FORMAT, "version": __version__, "token": token, "rows": self.new_rows}
        index = {"format": CACHE_FORMAT, "version": __version__, "token": token, "entries": self.new,
                 "sets": self.new_sets}
        dump = pickle.HIGHEST_PROTOCOL
        if _write_atomic(self.folder, self.base + ".rows", lambda fh: pickle.dump(rows, fh, dump)):
            _write_atomic(self.folder, self.base + ".idx", lambda fh: pickle.dump(index, fh, dump))

    # --- the whole report --------------------------------------------------------------------

    @staticmethod
    def _digest(keys: Iterable[str], entries: dict[str, Entry], variant: str) -> str:
        h = hashlib.sha256(variant.encode("utf-8", "surrogatepass"))
        for k in keys:
            source, deps, _ = entries[k]
            h.update(source.encode("utf-8", "surrogatepass") + b"\0")
            for d in deps:
                h.update(d[4])
        return h.hexdigest()

    def unchanged(self, path: str, variant: str) -> str | None:
        """The digest of the batch `path` as it is now, when every unit file in it is in the
        index and unchanged (else None): the key of the report written from it."""
        from ntm_eval.run.batch import iter_tasks

        keys = []
        for task in iter_tasks(path):
            if not isinstance(task, str) or self._valid(task) is None:
                return None
            keys.append(os.path.abspath(task))
        return self._digest(keys, self._load_index(), variant) if keys else None

    def digest_now(self, variant: str) -> str | None:
        """The same digest for what this run evaluated or read from the cache (None when some
        unit could not be kept)."""
        if self.order is None or not self.order or any(k not in self.new for k in self.order):
            return None
        return self._digest(self.order, self.new, variant)

    def report(self, digest: str, variant: str) -> tuple[str, dict] | None:
        """The report kept for `digest` (its file, and what the run said besides), or None."""
        meta = _read_pickle(self._out(variant) + ".meta")
        if meta is None or meta.get("digest") != digest or not isinstance(meta.get("said"), dict):
            return None
        out = self._out(variant) + ".out"
        try:
            st = os.lstat(out)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size != meta.get("size"):
            return None
        return out, meta["said"]

    def keep_report(self, digest: str, variant: str, written: str, said: dict) -> None:
        """Keep a copy of the report just written (and what the run said) for `digest`."""
        import shutil

        try:
            size = os.stat(written).st_size
        except OSError:
            return

        def copy(fh: Any) -> None:
            with open(written, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)

        meta = {"format": CACHE_FORMAT, "version": __version__, "digest": digest, "size": size, "said": said}
        if _write_atomic(self.folder, self._out(variant) + ".out", copy):
            _write_atomic(self.folder, self._out(variant) + ".meta",
                          lambda fh: pickle.dump(meta, fh, pickle.HIGHEST_PROTOCOL))

    def _out(self, variant: str) -> str:
        return self.base + "." + hashlib.sha256(variant.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def dependencies(self) -> list[str]:
        """Every file the cached rows stand on (an --output must be none of them)."""
        return sorted({d[0] for e in self._load_index().values() for d in e[1]})


# --- the cached stream ---------------------------------------------------------------------------

def _traced(worker: Any, item: tuple[int, Any]) -> tuple[Any, Any, list[str]]:
    trace: list[str] = []
    old = trace_reads(trace)
    try:
        row, info = worker(item)
    finally:
        trace_reads(old)
    return row, info, trace


def _pool_work(item: tuple[int, Any]) -> tuple[Any, Any, list[str]]:
    """A pool worker's task (the worker made by run/batch's `_pool_init`), with its reads traced."""
    from ntm_eval.run import batch

    return _traced(batch._POOL_WORKER, item)


def cached_stream(cache: BatchCache, ctx: BatchContext, catalog: Catalog | None,
                  tasks: Iterator[tuple[int, Any]], jobs: int, chunksize: int) -> Iterator[tuple[Any, Any]]:
    """The batch's (row, info) stream in input order: cached rows where they can be trusted, the
    other tasks evaluated (in this process or `jobs` workers) and recorded. Saved at the end of a
    complete run only."""
    from ntm_eval.run.batch import Worker

    emitted: set[str] = set()
    plan: list[tuple[int, Any, Any]] = []  # index, task, cached (row, info) or None
    order: list[str] | None = []
    for index, task in tasks:
        if isinstance(task, str):
            if order is not None:
                order.append(os.path.abspath(task))
        else:
            order = None  # an unreadable folder, a sheet: no report is kept for this batch
        hit = cache.lookup(task, emitted) if isinstance(task, str) else None
        if hit is not None:
            row, info = hit
            if info is not None:
                emitted.add(info.id)
        elif isinstance(task, str):
            cache.prehash(task)
        plan.append((index, task, hit))
    misses = [(i, t) for i, t, hit in plan if hit is None]
    cache.hits, cache.misses = len(plan) - len(misses), len(misses)
    if jobs <= 1 or len(misses) < 2:
        worker = Worker(ctx, catalog)
        results: Iterator[tuple[Any, Any, list[str]]] = (_traced(worker, m) for m in misses)
        pool = None
    else:
        import multiprocessing as mp

        mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
        from ntm_eval.run.batch import _pool_init

        pool = mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx,))
        results = pool.imap(_pool_work, misses, chunksize=max(1, chunksize))
    done = False
    try:
        for index, task, hit in plan:
            if hit is not None:
                row, info = hit  # a fresh copy (unpickled): its place in this batch and the files it stands on
                row.index = index
                row.files_read = tuple(d[0] for d in cache.new[os.path.abspath(task)][1])
                yield row, info
                continue
            row, info, reads = next(results)
            if info is not None:
                emitted.add(info.id)
            if isinstance(task, str):
                cache.record(task, reads, row, info)
            yield row, info
        done = True
    finally:
        if pool is not None:
            if done:  # every result taken: the workers are idle and leave on their own
                pool.close()
            else:  # stopped early (an error, Ctrl-C): the workers are stopped
                pool.terminate()
            pool.join()
    cache.order = order
    cache.save()
