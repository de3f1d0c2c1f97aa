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
  evaluation read (a district's members…), and the entries of every folder it looked in (a
  district's `members: xa/`: a member added later is not missed). A file whose size,
  modification time, inode and change time are the recorded ones is taken to hold the recorded
  content (as git's index does); any other is read and hashed again.

An entry that cannot be read (truncated, corrupt, another format) is ignored and rebuilt. Writes
are atomic (temporary file, then rename): concurrent runs each write a whole entry, the last one
wins, and no run ever reads half an entry. Only folders of unit files and single unit files are
cached; a CSV/XLSX sheet is read and evaluated as always. Nothing here prints.

A re-run where nothing changed (`quick_report`) is answered before the criteria catalog, the
YAML loader or the engine are imported: a small table (`<name>.q`, marshal) addressed by the
cheap part of the key (tool, code, options, environment, input path, report format, language and
day) holds the batch's unit files in order, the stamp of every file the kept report stands on
(unit files, members, every criteria file the catalog can see and a `--set FILE`, as stamped
when they were hashed) and what the run said. One walk, one stat per file: any difference —
a file added, removed, renamed or touched, another criteria file — and the long way is taken,
which hashes contents as above. A stamp taken less than RACY_NS after its file was modified is
recorded as never equal (the file could change again within the same time stamp)."""

from __future__ import annotations

import marshal
import os
import pickle
import stat
import sys
import time
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, NamedTuple

from ntm_eval import __version__
from ntm_eval.io.files import YAML_SUFFIXES, trace_reads

if TYPE_CHECKING:
    from ntm_eval.load.catalog import Catalog
    from ntm_eval.results import SetInfo, UnitRow
    from ntm_eval.run.batch import BatchContext

CACHE_FORMAT = 4  # 4: rows in chunk files read one at a time, a compact index (a run's memory does not grow with the batch)
# a file modified less than this before it was hashed may still change within its recorded stamp
# (file times tick coarsely, FAT's by 2 s): it is recorded as racy and hashed again next time
RACY_NS = 2_000_000_000
QUICK_FORMAT = 2  # the quick table's layout (`quick_report`): read and written part by part
ENV_DIR = "NTM_EVAL_CACHE_DIR"
_ENVIRONMENT = ("NTM_EVAL_ROOT", "NTM_EVAL_CRITERIA_PATH")

Stamp = tuple[int, int, int, int]  # size, mtime_ns, inode, ctime_ns (mtime -1: never equal, see RACY_NS)
Dep = tuple[str, Stamp, bytes]  # real path, its stamp when hashed, sha256



def _sha256(data: bytes = b""):
    """hashlib's SHA-256, imported when first used: a `check` whose compiled set is found loads
    no OpenSSL (~12 M instructions of its start-up)."""
    from hashlib import sha256

    return sha256(data)

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
    """What a file is taken to be unchanged by: its size, modification time, inode and change
    time (which, unlike the modification time, no program can set back)."""
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def _never(st: Stamp) -> Stamp:
    """A stamp no file will have (recorded for a racy one: hashed again next time)."""
    return (st[0], -1, *st[2:])


def _sha_listing(folder: str) -> bytes | None:
    """SHA-256 of a folder's entries (names, and which are folders): what a district's
    `members: xa/` found there (io/files.note_listing)."""
    try:
        with os.scandir(folder) as it:
            names = sorted(f"{e.name}\0{int(e.is_dir())}" for e in it)
    except OSError:
        return None
    return _sha256("\0\0".join(names).encode("utf-8", "surrogatepass")).digest()


def _content_of(path: str) -> bytes | None:
    """The digest of a dependency: a file's content, or (a path ending with the separator, as
    io/files.note_listing names it) a folder's entries."""
    return _sha_listing(path) if path.endswith(os.sep) else _sha_file(path)


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
        h = _sha256()
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return h.digest()
            h.update(chunk)
    except OSError:
        return None
    finally:
        os.close(fd)


def builtin_criteria_dir() -> str:
    """load/catalog.builtin_dir(), without importing the catalog (kept in lock-step by a test)."""
    import ntm_eval

    here = os.path.dirname(os.path.realpath(ntm_eval.__file__))
    packaged = os.path.join(here, "_criteria")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(here), "criteria")


def catalog_dirs(extra_dirs: Iterable[str] = ()) -> list[str]:
    """The folders `Catalog(extra_dirs).dirs` reads, as strings, without importing the catalog."""
    from pathlib import PurePath

    dirs = [str(PurePath(d)) for d in extra_dirs]
    env = os.environ.get("NTM_EVAL_CRITERIA_PATH")
    if env:
        dirs += [str(PurePath(p)) for p in env.split(os.pathsep) if p]
    dirs.append(builtin_criteria_dir())
    return dirs


def criteria_files(dirs: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(folder, file) of every criteria file in `dirs`, in a stable order."""
    for root in dirs:
        for dirpath, subdirs, files in os.walk(root):
            subdirs.sort()
            for f in sorted(files):
                if f.endswith(YAML_SUFFIXES):
                    yield root, os.path.join(dirpath, f)


def _stat_stamp(path: str) -> Stamp | None:
    """The file's stamp now, recorded as never equal (mtime -1) when it is racy: modified less
    than RACY_NS ago, so that it could still change within the same time stamp."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    s = _stamp(st)
    return _never(s) if s[1] > time.time_ns() - RACY_NS else s


def context_key(ctx: BatchContext, catalog: Catalog, stamps: dict[str, Stamp | None] | None = None,
                listing: list[str] | None = None) -> str:
    """Everything besides the unit files themselves that a row depends on, as one digest.
    `stamps`, when given, receives the stamp of every criteria file (and `--set FILE`) as it was
    just before it was hashed; `listing` the criteria files found, in order."""
    import datetime

    h = _sha256()

    def feed(*parts: Any) -> None:
        for p in parts:
            h.update(repr(p).encode("utf-8", "surrogatepass"))
            h.update(b"\0")

    def content(p: str) -> bytes | None:
        if stamps is not None:
            stamps[p] = _stat_stamp(p)
        return _sha_file(p)

    feed(__version__, CACHE_FORMAT, sys.version, datetime.date.today().year, _code_stamp())
    feed(tuple(os.path.realpath(d) for d in ctx.catalog_dirs), ctx.set_ref, ctx.year, ctx.use_attested,
         ctx.unit_defaults, ctx.detail)
    feed(*(os.environ.get(k) for k in _ENVIRONMENT))
    feed(_units_data_version())
    for d in catalog.dirs:  # every criteria file the catalog could read, by content
        root = str(d)
        feed("dir", os.path.realpath(root))
        for _, p in criteria_files([root]):
            if listing is not None:
                listing.append(p)
            feed(os.path.relpath(p, root), content(p))
    if ctx.set_ref and ctx.set_ref.endswith(YAML_SUFFIXES):
        feed("set", os.path.realpath(ctx.set_ref), content(ctx.set_ref))
    return h.hexdigest()


def _code_stamp() -> str:
    """The tool's own code as installed (each module's size and modification time): a row cached
    by other code is never read back, version number or not (a development checkout changes
    without a new version). Once per process: the code it describes is the code loaded."""
    if _CODE_STAMP:
        return _CODE_STAMP[0]
    import ntm_eval

    h = _sha256()
    root = os.path.dirname(os.path.abspath(ntm_eval.__file__))
    for dirpath, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.endswith(".py"):
                st = os.stat(os.path.join(dirpath, f))
                h.update(f"{os.path.relpath(os.path.join(dirpath, f), root)}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    _CODE_STAMP.append(h.hexdigest())
    return _CODE_STAMP[0]


_CODE_STAMP: list[str] = []


def _units_data_version() -> str | None:
    """The installed administrative-units package: its distribution folder's name (which carries
    its version) and that folder's stamp, found without importing importlib.metadata or the package."""
    try:
        from importlib.util import find_spec

        spec = find_spec("vietnamadminunits")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    site = os.path.dirname(os.path.dirname(spec.origin))
    try:
        dists = sorted(n for n in os.listdir(site) if n.lower().startswith("vietnamadminunits-")
                       and n.endswith((".dist-info", ".egg-info")))
        stamps = [_stamp(os.stat(os.path.join(site, n)))[:2] for n in dists]
    except OSError:
        return None
    return repr((spec.origin, dists, stamps))


def open_batch_cache(path: str, catalog: Catalog, catalog_dirs: Iterable[str] = (), set_ref: str | None = None,
                     year: int | None = None, use_attested: bool = True,
                     unit_defaults: tuple[tuple[str, str], ...] = (), detail: bool = True) -> BatchCache | None:
    """The cache of a batch run with these options (None: a sheet, or no usable cache folder)."""
    from types import SimpleNamespace  # run/batch's BatchContext, without importing the engine

    ctx = SimpleNamespace(catalog_dirs=tuple(catalog_dirs), set_ref=set_ref, year=year, use_attested=use_attested,
                          unit_defaults=tuple(unit_defaults), detail=detail)
    return BatchCache.open(path, ctx, catalog)  # type: ignore[arg-type]


Entry = tuple[str, tuple[Dep, ...], Any]  # the path as given, the files it stands on, its set id


def read_private(path: str, load: Callable[[Any], Any]) -> Any:
    """`load(file)` of a file of the cache folder, or None: missing, a link, not this user's own,
    or unreadable by `load` (truncated, corrupt, another format: ignored, and rebuilt)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as fh:
            if not _private(os.fstat(fh.fileno())):
                return None
            return load(fh)
    except Exception:
        return None


def records(fh: Any) -> Iterator[tuple]:
    """The records of a cache file written part by part (marshal), after its head, up to its
    ("end",) record. A record that is not a non-empty tuple, or a file that stops before its end,
    raises: `read_private` then answers None (damaged, rebuilt)."""
    while True:
        rec = marshal.load(fh)
        if not isinstance(rec, tuple) or not rec:
            raise ValueError("a damaged record")
        if rec[0] == "end":
            return
        yield rec


def _read_pickle(path: str) -> Any:
    """A pickle from the cache folder, or None: missing, not this user's own, corrupt."""
    blob = read_private(path, pickle.load)
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


def walk_units(path: str) -> list[str] | None:
    """The unit files `run/batch.iter_tasks(path)` yields, in its order, found with one
    `os.scandir` per folder and without importing the engine — or None whenever that walk would
    yield anything else (an unreadable folder, a sheet, a path that is missing or of another
    kind): the caller then takes the long way. Kept in lock-step with iter_tasks by a test."""
    got = walk(path)
    return None if got is None else list(got)


def walk(path: str) -> Walk | list[str] | None:
    """`walk_units`, held compactly (a `Walk`) when `path` is a folder."""
    if os.path.isdir(path):
        out = Walk()
        stack = [path]
        try:
            while stack:
                top = stack.pop()
                files, dirs = [], []
                with os.scandir(top) as it:
                    for e in it:
                        if e.is_dir():  # follows a link, as os.walk does (then it is not entered)
                            if not e.name.startswith("."):
                                dirs.append(e.name)
                        elif e.name.endswith(YAML_SUFFIXES) and not e.name.startswith("."):
                            files.append(e.name)
                files.sort()
                out.add(top, files)
                dirs.sort(reverse=True)
                for d in dirs:
                    sub = os.path.join(top, d)
                    if not os.path.islink(sub):
                        stack.append(sub)
        except OSError:  # iter_tasks would report it as a problem row
            return None
        out.done()
        return out
    if path.endswith(YAML_SUFFIXES) and os.path.exists(path):
        return [path]
    return None


class Walk:
    """The unit files of a folder in walk order (a sequence of paths: `os.path.join(folder,
    name)`), held compactly: each folder once, the names in one string, two numbers per file
    (100,000 communes: ~2 MiB instead of ~11 for a list of paths)."""

    __slots__ = ("folders", "where", "ends", "names", "_parts")

    def __init__(self) -> None:
        from array import array

        self.folders: list[str] = []
        self.where = array("l")  # per file: its folder's number
        self.ends = array("l")  # per file: where its name ends in `names`
        self.names = ""
        self._parts: list[str] = []

    def add(self, folder: str, files: list[str]) -> None:
        if not files:
            return
        f = len(self.folders)
        self.folders.append(folder)
        end = self.ends[-1] if self.ends else 0
        for name in files:
            end += len(name)
            self.ends.append(end)
        self.where.extend([f] * len(files))
        self._parts.append("".join(files))

    def done(self) -> None:
        self.names = "".join(self._parts)
        self._parts = []

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self.ends)
        if not 0 <= k < len(self.ends):
            raise IndexError(k)
        return os.path.join(self.folders[self.where[k]], self.names[self.ends[k - 1] if k else 0:self.ends[k]])

    def __iter__(self) -> Iterator[str]:
        join, folders, where, ends, names = os.path.join, self.folders, self.where, self.ends, self.names
        a = 0
        for k, b in enumerate(ends):
            yield join(folders[where[k]], names[a:b])
            a = b

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, (Walk, list)) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _libyaml_stamp() -> Any:
    """PyYAML's C extension as installed (its files' names and stamps), found without importing
    yaml: whether the run warns that it is missing is part of what a re-run says."""
    try:
        from importlib.util import find_spec

        spec = find_spec("yaml")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    here = os.path.dirname(spec.origin)
    try:
        return [(n, _stamp(os.stat(os.path.join(here, n)))[:2]) for n in sorted(os.listdir(here)) if n.startswith("_yaml")]
    except OSError:
        return None


def quick_name(path: str, criteria_dirs: Iterable[str], set_ref: str | None, year: int | None, use_attested: bool,
               unit_defaults: Iterable[tuple[str, str]], detail: bool, variant: str) -> str:
    """The name of the quick table of a batch run: everything a report depends on besides the
    files the table stamps (tool, its code, Python, options, environment, the input as given and
    where it is, the report's format, language and day). Needs no catalog and no engine."""
    h = _sha256()
    dirs = tuple(criteria_dirs)
    for part in ("quick", QUICK_FORMAT, CACHE_FORMAT, __version__, sys.version, _code_stamp(), dirs,
                 tuple(os.path.realpath(d) for d in dirs), set_ref,
                 os.path.realpath(set_ref) if set_ref and set_ref.endswith(YAML_SUFFIXES) else None, year,
                 use_attested, tuple(unit_defaults), detail, *(os.environ.get(k) for k in _ENVIRONMENT),
                 os.environ.get("NTM_EVAL_CRITERIA_PATH"), _units_data_version(), _libyaml_stamp(), path,
                 os.path.realpath(path), variant):
        h.update(repr(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:40]


class Kept(NamedTuple):
    """A kept report that a re-run may write again as it is (`quick_report`)."""

    report: str  # the kept copy (in the cache folder)
    said: str  # what the run said on stderr before the report, as one text ("" for nothing)
    broken: int
    code: int
    libyaml: bool  # False: the run warned that PyYAML lacks libyaml
    inputs: Iterable[str]  # every file it stands on (read again from the table when iterated)


def quick_report(name: str, path: str, output: str | None = None, walked: list[str] | None = None) -> Kept | None:
    """The report kept for the batch run named `name` (`quick_name`) when nothing it stands on
    changed: the same unit files in the same order, every file it stands on with its recorded
    stamp, the same criteria files — one walk and one stat per file. None at the first
    difference, when anything cannot be read or trusted, or when `output` is one of those files
    (the long way then says what is wrong). `walked`, when given, receives the unit files found
    (for the long way of the same run: `BatchCache.walked`). The table is read part by part
    (`_QUICK_PART` files each): its memory does not grow with the batch."""
    folder = cache_dir()
    try:
        st = os.stat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _private(st):
        return None
    out_ident = None
    if output and output != "-":
        try:
            o = os.stat(output)
            out_ident = (o.st_dev, o.st_ino)
        except OSError:
            pass
    table = os.path.join(folder, name + ".q")
    got = read_private(table, lambda fh: _check_quick(fh, name, path, walked, out_ident))
    if not isinstance(got, tuple):
        return None
    out, size, said, broken, code, libyaml = got
    kept = os.path.join(folder, out)
    try:
        s = os.lstat(kept)
    except OSError:
        return None
    if not stat.S_ISREG(s.st_mode) or not _private(s) or s.st_size != size:
        return None
    return Kept(kept, said, int(broken), int(code), bool(libyaml), _Paths(table))


class _Paths:
    """Every file a kept report stands on, as the quick table lists them: read again from the
    table when iterated (a list of them all would grow with the batch)."""

    def __init__(self, table: str):
        self.table = table

    def __iter__(self) -> Iterator[str]:
        def load(fh: Any) -> list[list[str]]:
            marshal.load(fh)
            return [rec[1] for rec in records(fh) if rec[0] == "d"]

        for part in read_private(self.table, load) or []:
            yield from part


def _check_quick(fh: Any, name: str, path: str, walked: list[str] | None, out_ident: Any) -> tuple | None:
    """Read the quick table from `fh` part by part, checking it against the files as they are
    (see `quick_report`)."""
    head = marshal.load(fh)
    try:
        fmt, version, qname, dirs, listing, out, size, said, broken, code, libyaml = head
    except (TypeError, ValueError):
        return None
    if (fmt, version, qname) != (QUICK_FORMAT, __version__, name) or not isinstance(out, str) or os.sep in out \
            or not isinstance(said, str) or not isinstance(listing, list):
        return None
    now = walk(path)
    if walked is not None and now is not None:
        walked[:] = [now]  # held compactly: BatchCache.walked takes it out of the list
    if now is None:
        return None
    at = 0
    unpack = _STAMPS.unpack_from
    for rec in records(fh):
        if rec[0] == "s":
            part = rec[1]
            if now[at:at + len(part)] != part:
                return None
            at += len(part)
        elif rec[0] == "d":
            paths, stamps = rec[1], rec[2]
            if len(stamps) != _STAMPS.size * len(paths):
                return None
            for k, p in enumerate(paths):
                s = os.stat(p)
                if (s.st_size, s.st_mtime_ns, s.st_ino, s.st_ctime_ns) != unpack(stamps, k * _STAMPS.size):
                    return None
                if out_ident is not None and (s.st_dev, s.st_ino) == out_ident:
                    return None
        else:
            return None
    if at != len(now) or not now:
        return None
    if [p for _, p in criteria_files(dirs)] != listing:  # a criteria file added or removed
        return None
    return out, size, said, broken, code, libyaml


_QUICK_PART = 4096  # files per part of the quick table
# rows per chunk file (see BatchCache): a run holds a chunk of the last run's rows and one of its
# own at a time, so the smaller they are the flatter its memory (1,024 rows on average: +14 MiB at
# 10,000 communes over --no-cache; 256: +6 MiB, bench/cachemem_bench.py)
_CHUNK_MIN, _CHUNK_CUT, _CHUNK_MAX = 16, 256, 1024


def _stamps_struct() -> Any:
    import struct

    return struct.Struct("<qqqq")


_STAMPS = _stamps_struct()


def _key_hash(key: str) -> int:
    return int.from_bytes(_sha256(key.encode("utf-8", "surrogatepass")).digest()[:8], "little")


class _Chunk:
    """One chunk file's rows as read: keys, sources, dependencies, set ids, pickled rows."""

    __slots__ = ("name", "keys", "sources", "deps", "set_ids", "rows")

    def __init__(self, name: str, blob: tuple):
        self.name = name
        _, _, self.keys, self.sources, self.deps, self.set_ids, self.rows = blob


def _read_chunk(base: str, name: str, count: int) -> _Chunk | None:
    if not (isinstance(name, str) and name.isalnum()):
        return None
    blob = read_private(f"{base}.{name}.rows", lambda fh: marshal.loads(fh.read()))
    if not (isinstance(blob, tuple) and len(blob) == 7 and blob[:2] == (CACHE_FORMAT, __version__)
            and all(isinstance(x, list) and len(x) == count for x in blob[2:])):
        return None
    return _Chunk(name, blob)


class _Writer:
    """This run's entries, written to chunk files as they come (in input order): a chunk ends
    after a key whose hash ends in eight zero bits (at least _CHUNK_MIN, at most _CHUNK_MAX rows),
    so that a file added or removed changes the chunk it falls in and no other. A chunk is named
    by its content's digest; a chunk made of one whole chunk of the last run, unchanged, is that
    chunk (not written again)."""

    def __init__(self, cache: BatchCache):
        self.cache = cache
        self.chunks: list[tuple[str, int]] = []
        self.hashes = bytearray()  # 8 bytes per entry, in order
        self.keys: list[str] = []
        self.entries: list[Entry] = []
        self.rows: list[bytes] = []
        self.origin: list[Any] = []  # (old chunk number, offset) of an entry taken unchanged, else None
        self.written = 0  # chunk files written by this run
        self.complete = True  # every unit file of the batch has its entry

    def add(self, key: str, entry: Entry, row: bytes, origin: Any = None) -> None:
        h = _key_hash(key)
        self.hashes += h.to_bytes(8, "little")
        self.keys.append(key)
        self.entries.append(entry)
        self.rows.append(row)
        self.origin.append(origin)
        n = len(self.keys)
        if n >= _CHUNK_MAX or (n >= _CHUNK_MIN and not h & (_CHUNK_CUT - 1)):
            self.flush()

    def flush(self) -> None:
        n = len(self.keys)
        if not n:
            return
        cache = self.cache
        first = self.origin[0]
        name = None
        if first is not None and first[1] == 0 and cache._counts[first[0]] == n \
                and all(o is not None and o[0] == first[0] and o[1] == k for k, o in enumerate(self.origin)):
            name = cache._chunk_names[first[0]]  # the old chunk, whole and unchanged
        else:
            data = marshal.dumps((CACHE_FORMAT, __version__, self.keys, [e[0] for e in self.entries],
                                  [e[1] for e in self.entries], [e[2] for e in self.entries], self.rows))
            name = _sha256(data).hexdigest()[:32]
            if not _write_atomic(cache.folder, f"{cache.base}.{name}.rows", lambda fh: fh.write(data)):
                self.complete = False
            self.written += 1
        self.chunks.append((name, n))
        self.keys, self.entries, self.rows, self.origin = [], [], [], []


class BatchCache:
    """The cached rows of one batch input under one run context: an index (the chunk files in
    order, with how many rows each holds, and a short hash of each row's key: a few bytes per
    row) and the chunk files (each up to a few thousand rows: their keys, the files they stand
    on, their rows pickled), read one at a time as the batch goes — a run's memory does not grow
    with the batch; the last report written from them, per format; and for that report the quick
    table (`quick_report`). A chunk is named by its content's digest: an index never pairs with
    rows other than those it was written with (a chunk missing or damaged: its rows evaluated)."""

    def __init__(self, folder: str, name: str):
        self.folder = folder
        self.base = os.path.join(folder, name)
        self._loaded = False  # the index (loaded lazily)
        self._sets: dict[str, Any] = {}
        self._chunk_names: list[str] = []
        self._counts: list[int] = []
        self._starts: list[int] = []
        self._hashes: Any = None  # array of the keys' hashes, in order
        self._cursor = 0  # where the next key is expected in the index
        self._chunk: _Chunk | None = None  # the chunk read last
        self._chunk_no = -1
        self._bad: set[int] = set()  # chunks that could not be read
        # the criteria files as the context key hashed them: their stamps then, their list
        self.context_stamps: dict[str, Stamp | None] = {}
        self.context_listing: list[str] = []
        self.context_dirs: list[str] = []
        self._checked = False  # `unchanged` found every unit file unchanged
        self._walked: Any = None  # the unit files `unchanged` found (`walk`), this run
        self._kept_out: str | None = None  # the name of the kept copy `report` found
        # rows kept in memory (run/splice.py's rebuild: a few rows evaluated again)
        self.new: dict[str, Entry] = {}
        self.new_rows: dict[str, Any] = {}
        self.new_sets: dict[str, Any] = {}
        self.order: list[str] | None = []  # the keys of this run's unit files in input order (None: not all cached)
        self._writer: _Writer | None = None  # the rows of a batch streamed (`cached_stream`)
        # this run's entries read again from elsewhere (run/splice.py's rebuild: its chunks of pieces)
        self.replay: Callable[[], Iterator[tuple[str, Entry, Any]]] | None = None
        # path → (stamp, content digest once computed, racy: modified too shortly before it was hashed)
        self._known: dict[str, tuple[Stamp, bytes | None, bool]] = {}
        self._refreshed = False  # some entry's recorded stamp was renewed (its content hashed the same)
        self.hits = 0
        self.misses = 0

    @property
    def walked(self) -> Any:
        """This run's one walk of the unit files (a sequence of paths; None: not walked yet)."""
        return self._walked

    @walked.setter
    def walked(self, value: Any) -> None:
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], Walk):
            value = value[0]  # as `quick_report` hands it
        self._walked = value

    @classmethod
    def open(cls, path: str, ctx: BatchContext, catalog: Catalog) -> BatchCache | None:
        """The cache of `path` (a folder of unit files or one unit file), or None: a sheet, or no
        usable cache folder."""
        if not (os.path.isdir(path) or path.endswith(YAML_SUFFIXES)):
            return None
        folder = cache_dir()
        if not _usable_dir(folder):
            return None
        stamps: dict[str, Stamp | None] = {}
        listing: list[str] = []
        key = context_key(ctx, catalog, stamps, listing)
        name = _sha256(f"{key}\0{os.path.realpath(path)}".encode("utf-8", "surrogatepass")).hexdigest()[:40]
        cache = cls(folder, name)
        cache.context_stamps, cache.context_listing = stamps, listing
        cache.context_dirs = [str(d) for d in catalog.dirs]
        return cache

    # --- reading ---------------------------------------------------------------------------

    def _load_index(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        from array import array

        self._hashes = array("Q")
        blob = _read_pickle(self.base + ".idx")
        if blob is None or not isinstance(blob.get("sets"), dict) or not isinstance(blob.get("chunks"), list) \
                or not isinstance(blob.get("hashes"), bytes):
            return
        try:
            names = [str(n) for n, _ in blob["chunks"]]
            counts = [int(c) for _, c in blob["chunks"]]
            hashes = array("Q")
            hashes.frombytes(blob["hashes"])
        except (TypeError, ValueError):
            return
        if sum(counts) != len(hashes) or array("Q", [1]).tobytes() != (1).to_bytes(8, "little"):
            return
        self._chunk_names, self._counts, self._hashes, self._sets = names, counts, hashes, blob["sets"]
        starts = [0]
        for c in counts:
            starts.append(starts[-1] + c)
        self._starts = starts

    def _at(self, pos: int) -> tuple[_Chunk, int, int] | None:
        """The chunk holding the index's entry `pos`, its number and the entry's place in it."""
        import bisect

        c = bisect.bisect_right(self._starts, pos) - 1
        if c != self._chunk_no:
            if c in self._bad:
                return None
            chunk = _read_chunk(self.base, self._chunk_names[c], self._counts[c])
            if chunk is None:
                self._bad.add(c)
                return None
            self._chunk, self._chunk_no = chunk, c
        assert self._chunk is not None
        return self._chunk, c, pos - self._starts[c]

    def _find(self, key: str) -> tuple[Entry, bytes, tuple[int, int]] | None:
        """The index's entry of `key`, its pickled row and where it is (chunk number, place)."""
        self._load_index()
        hashes = self._hashes
        if not hashes:
            return None
        h = _key_hash(key)
        pos = self._cursor
        if pos >= len(hashes) or hashes[pos] != h:
            try:
                pos = hashes.index(h)  # a file added or removed before it: found, and followed from there
            except ValueError:
                return None
        self._cursor = pos + 1
        got = self._at(pos)
        if got is None:
            return None
        chunk, c, k = got
        if chunk.keys[k] != key:
            return None
        deps = chunk.deps[k]
        if not isinstance(deps, tuple) or not isinstance(chunk.rows[k], bytes):
            return None
        return (chunk.sources[k], deps, chunk.set_ids[k]), chunk.rows[k], (c, k)

    def content(self, real: str) -> tuple[Stamp, bytes | None, bool] | None:
        """The file's stamp and (once computed) content digest, once per run; None: it is no
        regular file, or cannot be read."""
        got = self._known.get(real)
        if got is None:
            try:
                st = os.stat(real)
            except OSError:
                return None
            if not (stat.S_ISDIR(st.st_mode) if real.endswith(os.sep) else stat.S_ISREG(st.st_mode)):
                return None  # a FIFO, a device, a folder: never cached, evaluated (and refused) as always
            got = self._known[real] = (_stamp(st), None, False)
        return got

    def _forget(self, most: int = 4096) -> None:
        """What is known of the files seen, dropped when it grew past `most` (at a point where no
        file is between its hashing and its recording): a run's memory does not grow with the
        batch; a file met again is stamped (and if need be hashed) again."""
        if len(self._known) > most:
            self._known.clear()

    def _hashed(self, real: str, st: Stamp) -> bytes | None:
        """Hash the file now; it is racy when it was modified less than RACY_NS before (its stamp
        could then still stay the same through another write)."""
        digest = _content_of(real)
        racy = st[1] > time.time_ns() - RACY_NS
        self._known[real] = (st, digest, racy)
        return digest

    def _same(self, dep: Dep) -> Dep | None:
        """The dependency as it stands now when its content is the recorded one (its stamp renewed
        when the recorded one was racy or outdated and the file hashes the same), else None."""
        try:
            real, recorded, sha = dep
            recorded = tuple(recorded)
        except (TypeError, ValueError):
            return None
        got = self.content(real)
        if got is None:
            return None
        st, digest, racy = got
        if st == recorded:  # unchanged since recorded (never racy: a racy stamp is recorded as mtime -1)
            return dep if digest is None or digest == sha else None
        if digest is None:
            digest = self._hashed(real, st)
            racy = self._known[real][2]
        if digest != sha:
            return None
        if racy:
            return (real, _never(st), sha) if recorded != _never(st) else dep
        return (real, st, sha)

    def _checked_entry(self, source: str, entry: Entry) -> Entry | None:
        if entry[0] != source:
            return None
        deps = []
        for d in entry[1]:
            now = self._same(d)
            if now is None:
                return None
            deps.append(now)
        if any(a is not b for a, b in zip(deps, entry[1])):
            self._refreshed = True
            return (entry[0], tuple(deps), entry[2])
        return entry

    def _valid(self, source: str) -> tuple[Entry, bytes, tuple[int, int] | None] | None:
        """The entry of a unit file as it stands (its stamps renewed), its pickled row and where
        it was found, when it can be trusted."""
        found = self._find(os.path.abspath(source))
        if found is None:
            return None
        entry, blob, where = found
        now = self._checked_entry(source, entry)
        if now is None:
            return None
        return now, blob, where if now is entry else None

    def lookup(self, source: str, emitted: set[str]) -> tuple[Entry, bytes, Any, SetInfo | None] | None:
        """The cached entry of a unit file, its row pickled, where it was (None: renewed), and its
        set's description if not yet `emitted`; None when there is none that can be trusted."""
        got = self._valid(source)
        if got is None:
            return None
        entry, blob, where = got
        set_id = entry[2]
        info = None
        if set_id is not None and set_id not in emitted:
            info = self._sets.get(set_id)
            if info is None:
                return None
        if set_id is not None and set_id not in self.new_sets and set_id in self._sets:
            self.new_sets[set_id] = self._sets[set_id]
        return entry, blob, where, info

    # --- recording -------------------------------------------------------------------------

    def prehash(self, source: str) -> None:
        """Hash a unit file before it is evaluated, so that a row is never recorded under content
        written while it was being evaluated."""
        real = os.path.abspath(source)
        got = self.content(real)
        if got is not None and got[1] is None:
            self._hashed(real, got[0])

    def entry_of(self, source: str, reads: Iterable[str], row: UnitRow, info: SetInfo | None) -> Entry | None:
        """The entry of a freshly evaluated row with the files its evaluation read (None: it
        cannot be kept)."""
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
                return None  # a file it read is gone already: nothing trustworthy to keep
            st, digest, racy = got
            if digest is None:
                digest = self._hashed(p, st)
                racy = self._known[p][2]
            if digest is None:
                return None
            deps.append((p, _never(st) if racy else st, digest))
        set_id = row.set_id if row.status is not None else None
        if set_id is not None and set_id not in self.new_sets:
            return None  # its set was described by a row this run did not keep: not cached
        return source, tuple(deps), set_id

    def record(self, source: str, reads: Iterable[str], row: UnitRow, info: SetInfo | None) -> None:
        """Remember a freshly evaluated row in memory (run/splice.py's rebuild)."""
        entry = self.entry_of(source, reads, row, info)
        if entry is not None:
            key = os.path.abspath(source)
            self.new[key], self.new_rows[key] = entry, pickle.dumps(row, pickle.HIGHEST_PROTOCOL)

    def row(self, key: str) -> Any:
        """A row recorded in memory by this run (its unpickled copy)."""
        return pickle.loads(self.new_rows[key])

    def entries(self) -> Iterator[tuple[str, Entry, bytes | None]]:
        """This run's entries in input order (key, entry, pickled row): read again from the chunk
        files this run wrote when its rows were streamed, else those kept in memory."""
        if self.replay is not None:
            yield from self.replay()
            return
        w = self._writer
        if w is None:
            for k in self.order or ():
                yield k, self.new[k], self.new_rows.get(k)
            return
        for name, count in w.chunks:
            chunk = _read_chunk(self.base, name, count)
            if chunk is None:
                raise _Unreadable(name)
            for k in range(count):
                yield chunk.keys[k], (chunk.sources[k], chunk.deps[k], chunk.set_ids[k]), chunk.rows[k]

    def complete(self) -> bool:
        """Every unit file of this run has its entry (kept in memory or streamed)."""
        if self.replay is not None:
            return True
        w = self._writer
        if w is not None:
            return w.complete and self.order is not None and bool(w.chunks)
        return bool(self.order) and all(k in self.new for k in self.order)

    def save(self) -> None:
        """Write this run's index (atomically; its chunks are written already) and drop the
        chunks of the last run it no longer names. Nothing is written when nothing changed."""
        w = self._writer
        if w is None:
            return
        w.flush()
        self._load_index()
        old = list(zip(self._chunk_names, self._counts))
        if not w.written and not self._refreshed and w.chunks == old and not self.misses:
            for name, _ in old:  # still in use: not swept (`sweep`)
                try:
                    os.utime(f"{self.base}.{name}.rows")
                except OSError:
                    pass
            try:
                os.utime(self.base + ".idx")
            except OSError:
                pass
            return
        index = {"format": CACHE_FORMAT, "version": __version__, "chunks": w.chunks, "hashes": bytes(w.hashes),
                 "sets": self.new_sets}
        if not _write_atomic(self.folder, self.base + ".idx",
                             lambda fh: pickle.dump(index, fh, pickle.HIGHEST_PROTOCOL)):
            return
        keep = {n for n, _ in w.chunks}
        for name, _ in old:
            if name not in keep:
                try:
                    os.unlink(f"{self.base}.{name}.rows")
                except OSError:
                    pass
            else:
                try:
                    os.utime(f"{self.base}.{name}.rows")
                except OSError:
                    pass

    # --- the whole report --------------------------------------------------------------------

    @staticmethod
    def _feed(h: Any, entry: Entry) -> None:
        source, deps, _ = entry
        h.update(source.encode("utf-8", "surrogatepass") + b"\0")
        for d in deps:
            h.update(d[2])

    @staticmethod
    def _digest(content: str, variant: str) -> str:
        return _sha256(f"{variant}\0{content}".encode("utf-8", "surrogatepass")).hexdigest()

    def unchanged(self, path: str, variant: str) -> str | None:
        """The digest of the batch `path` as it is now, when every unit file in it is in the
        index and unchanged (else None): the key of the report written from it. File by file
        against the index (hashing what changed stamp), chunk by chunk."""
        self._load_index()
        if not self._hashes:
            return None  # nothing cached: not walked for nothing
        sources = self.walked = self.walked if self.walked is not None else walk(path)
        if not sources:
            return None
        h = _sha256()
        for source in sources:
            self._forget()
            got = self._valid(source)
            if got is None:
                return None
            self._feed(h, got[0])
        self._checked = True
        return self._digest(h.hexdigest(), variant)

    def _checked_entries(self) -> Iterator[tuple[str, Entry, None]]:
        """The entries `unchanged` found unchanged, again (as they stand now)."""
        self._cursor = 0
        for source in self.walked or ():
            self._forget()
            got = self._valid(source)
            if got is None:
                raise _Unreadable(source)
            yield os.path.abspath(source), got[0], None

    def digest_now(self, variant: str) -> str | None:
        """The same digest for what this run evaluated or read from the cache (None when some
        unit could not be kept)."""
        if not self.complete():
            return None
        h = _sha256()
        try:
            for _, entry, _ in self.entries():
                self._feed(h, entry)
        except _Unreadable:
            return None
        return self._digest(h.hexdigest(), variant)

    def report(self, digest: str, variant: str) -> tuple[str, dict] | None:
        """The report kept for `digest` (its file, and what the run said besides: its lines as
        one, said with one write), or None."""
        meta = _read_pickle(self._out(variant) + ".meta")
        if meta is None or meta.get("digest") != digest or not isinstance(meta.get("said"), dict) \
                or not isinstance(meta.get("out"), str) or os.sep in meta["out"]:
            return None
        out = os.path.join(self.folder, meta["out"])
        try:
            st = os.lstat(out)
        except OSError:
            return None
        if not stat.S_ISREG(st.st_mode) or not _private(st) or st.st_size != meta.get("size"):
            return None
        self._kept_out = meta["out"]
        return out, dict(meta["said"])

    def keep_report(self, digest: str, variant: str, written: str, said: dict, quick: str | None = None) -> None:
        """Keep a copy of the report just written (and what the run said) for `digest`, and
        (`quick`: its name, `quick_name`) the quick table of this run's files for it."""
        import shutil

        try:
            size = os.stat(written).st_size
        except OSError:
            return

        def copy(fh: Any) -> None:
            with open(written, "rb") as src:
                shutil.copyfileobj(src, fh, 1 << 20)

        # each kept copy has a name of its own, which its .meta and quick table name: a table is
        # never paired with the copy a concurrent run kept for other files
        out = f"{os.path.basename(self._out(variant))}.{os.urandom(6).hex()}.out"
        meta = {"format": CACHE_FORMAT, "version": __version__, "digest": digest, "size": size, "said": said,
                "out": out}
        if _write_atomic(self.folder, os.path.join(self.folder, out), copy):
            if _write_atomic(self.folder, self._out(variant) + ".meta",
                             lambda fh: pickle.dump(meta, fh, pickle.HIGHEST_PROTOCOL)) and quick \
                    and self.complete():
                self.keep_quick(quick, variant, self.entries(), size, said, out)
            self._drop_other_copies(variant, out)
        sweep(self.folder)

    def _drop_other_copies(self, variant: str, out: str) -> None:
        """The copies kept before for this report (a run reading one falls back: never half a file)."""
        prefix = os.path.basename(self._out(variant)) + "."
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.startswith(prefix) and name.endswith(".out") and name != out:
                try:
                    os.unlink(os.path.join(self.folder, name))
                except OSError:
                    pass

    def keep_quick(self, quick: str, variant: str, entries: Iterable[tuple[str, Entry, Any]],
                   size: int, said: dict, out: str) -> None:
        """Write the quick table of the report kept for `variant`: the unit files in order, the
        stamp of every file it stands on as recorded when it was hashed (a file listed twice with
        two stamps is never equal to both), what the run said — part by part, as the entries are
        read. Not written when some file could not be stamped, or the batch was not wholly kept."""
        if any(st is None for st in self.context_stamps.values()):
            return
        lines = said.get("lines") or []
        head = (QUICK_FORMAT, __version__, quick, list(self.context_dirs), list(self.context_listing), out, size,
                "\n".join(lines), int(said.get("broken") or 0), int(said.get("code") or 0),
                bool(said.get("libyaml", True)))
        pack = _STAMPS.pack

        def write(fh: Any) -> None:
            marshal.dump(head, fh)
            sources: list[str] = []
            paths: list[str] = []
            stamps = bytearray()

            def flush() -> None:
                marshal.dump(("s", sources), fh)
                marshal.dump(("d", paths, bytes(stamps)), fh)
                sources.clear()
                paths.clear()
                stamps.clear()

            n = 0
            for _, entry, _ in entries:
                n += 1
                sources.append(entry[0])
                for real, st, _ in entry[1]:
                    paths.append(real)
                    stamps += pack(*st)
                if len(sources) >= _QUICK_PART:
                    flush()
            if not n:
                raise _Unreadable("")
            for p, st in self.context_stamps.items():
                paths.append(p)
                stamps += pack(*st)
            flush()
            marshal.dump(("end",), fh)

        _write_atomic(self.folder, os.path.join(self.folder, quick + ".q"), write)

    def refresh_quick(self, quick: str, variant: str, said: dict) -> None:
        """After `unchanged` found every file unchanged (hashing the ones whose stamp moved) and
        the kept report was written again: the quick table renewed with today's stamps."""
        if not self._checked or self._kept_out is None:
            return
        try:
            size = os.stat(os.path.join(self.folder, self._kept_out)).st_size
        except OSError:
            return
        self.keep_quick(quick, variant, self._checked_entries(), size, said, self._kept_out)

    def _out(self, variant: str) -> str:
        return self.base + "." + _sha256(variant.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def dependencies(self) -> Iterator[str]:
        """Every file the cached rows stand on (an --output must be none of them): read chunk by
        chunk, each chunk's once (a set of them all would grow with the batch)."""
        self._load_index()
        for name, count in zip(self._chunk_names, self._counts):
            chunk = _read_chunk(self.base, name, count)
            if chunk is not None:
                seen: set[str] = set()
                for deps in chunk.deps:
                    for d in deps:
                        if d[0] not in seen and not d[0].endswith(os.sep):
                            seen.add(d[0])
                            yield d[0]


class _Unreadable(Exception):
    """A chunk this run wrote could not be read back (or a file checked before no longer holds)."""


# --- old entries ---------------------------------------------------------------------------------

DAY_S = 86400
_BY_DAY = (".out", ".meta", ".sp", ".spc", ".q")  # kept reports and their tables: keyed on the day they were written
_BY_CONTEXT = (".idx", ".rows")  # cached rows: keyed on the tool, its options and the criteria


def sweep(folder: str, now: float | None = None) -> int:
    """Remove what no run will read again: a kept report (and its tables) written more than two
    days ago (its key holds the day), cached rows untouched for 30 days (another tool, other
    criteria, a batch no longer run), a temporary file left for a day by a run that died. Only
    this user's regular files named as this module names them; returns how many went."""
    now = time.time() if now is None else now
    gone = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name.startswith(".tmp-"):
            limit = DAY_S
        elif name.endswith(_BY_DAY):
            limit = 2 * DAY_S
        elif name.endswith(_BY_CONTEXT):
            limit = 30 * DAY_S
        else:
            continue  # not ours (the compiled sets' folder, anything else)
        p = os.path.join(folder, name)
        try:
            st = os.lstat(p)
            if stat.S_ISREG(st.st_mode) and _private(st) and now - st.st_mtime > limit:
                os.unlink(p)
                gone += 1
        except OSError:
            continue  # another run took it first
    return gone


# --- the cached stream ---------------------------------------------------------------------------

WINDOW = 2048  # tasks planned at once: what is held of them does not grow with the batch


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
    other tasks evaluated (in this process or `jobs` workers) and recorded. WINDOW tasks at a
    time: each one's cached entry looked up (the index's chunks read in order, one at a time) or
    its file hashed, the misses evaluated, every row written to this run's chunks as it is
    yielded. Saved at the end of a complete run only."""
    from itertools import islice

    from ntm_eval.results.batch import PARTIAL_FROM
    from ntm_eval.run.batch import Worker

    emitted: set[str] = set()
    writer = cache._writer = _Writer(cache)
    cache.order = None
    all_files = True  # every task a unit file (else: an unreadable folder, a sheet: no report is kept)
    worker = None
    pool = None
    done = False
    loads = pickle.loads
    try:
        while True:
            window = list(islice(tasks, WINDOW))
            if not window:
                break
            cache._forget()
            plan: list[tuple[int, Any, Any]] = []  # index, task, cached (entry, row pickled, where, info) or None
            for index, task in window:
                hit = cache.lookup(task, emitted) if isinstance(task, str) else None
                if hit is not None:
                    if hit[3] is not None:
                        emitted.add(hit[3].id)
                elif isinstance(task, str):
                    cache.prehash(task)
                else:
                    all_files = False
                plan.append((index, task, hit))
            misses = [(i, t) for i, t, hit in plan if hit is None]
            cache.hits += len(plan) - len(misses)
            cache.misses += len(misses)
            if pool is None and (jobs <= 1 or len(misses) < 2):
                if worker is None and misses:
                    worker = Worker(ctx, catalog)
                results: Iterator[tuple[Any, Any, list[str]]] = (_traced(worker, m) for m in misses)
            else:
                if pool is None:
                    import multiprocessing as mp

                    mpctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
                    from ntm_eval.run.batch import _pool_init

                    pool = mpctx.Pool(jobs, initializer=_pool_init, initargs=(ctx,))
                results = pool.imap(_pool_work, misses, chunksize=max(1, chunksize))
            for index, task, hit in plan:
                if hit is not None:
                    entry, blob, where, info = hit
                    try:
                        row = loads(blob)  # a fresh copy: its place in this batch and the files it stands on
                    except Exception:  # a damaged row: evaluated now, never trusted
                        row = None
                    if row is not None and row.partial and index < PARTIAL_FROM:
                        row = None  # kept with short tooltips' figures only: this place shows them all
                    if row is not None:
                        row.index = index
                        row.files_read = tuple(d[0] for d in entry[1] if not d[0].endswith(os.sep))
                        writer.add(os.path.abspath(task), entry, blob, where)
                        yield row, info
                        continue
                    if worker is None:
                        worker = Worker(ctx, catalog)
                    cache.hits -= 1
                    cache.misses += 1
                    cache.prehash(task)
                    row, info2, reads = _traced(worker, (index, task))
                    info = info or info2
                else:
                    row, info, reads = next(results)
                if info is not None:
                    emitted.add(info.id)
                if isinstance(task, str):
                    entry = cache.entry_of(task, reads, row, info)
                    if entry is None:
                        writer.complete = False
                    else:
                        writer.add(os.path.abspath(task), entry, pickle.dumps(row, pickle.HIGHEST_PROTOCOL))
                yield row, info
        done = True
    finally:
        if pool is not None:
            if done:  # every result taken: the workers are idle and leave on their own
                pool.close()
            else:  # stopped early (an error, Ctrl-C): the workers are stopped
                pool.terminate()
            pool.join()
    cache.order = [] if all_files else None
    cache.save()
