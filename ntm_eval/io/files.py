"""Finding input files: criteria files for `validate`, the files a district's `members:` name.

Nothing here parses; problems are returned (or raised as `PathsError`) with the path they concern.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable

from ntm_eval.errors import PathsError, Problem

if TYPE_CHECKING:
    from pathlib import Path

    from ntm_eval.io.yamlload import Doc

YAML_SUFFIXES = (".yaml", ".yml")

_READ: set[str] = set()  # real paths of every file this process has read (see `files_read`)
_LOG: list[str] = []  # the same, in the order first read (for `reads_since`)
# `watch_reads`: the identities (device, inode) of the only files worth remembering (a run's
# report); None: remember every file read
_WATCH: frozenset[tuple[int, int]] | None = None


def note_read(path: str, st: os.stat_result | None = None) -> None:
    """Remember that the run read `path` (a report must never be written over it). `st`: the
    file's status as the reader took it (saves a stat when only watched files are remembered)."""
    real = None
    if _TRACE is not None:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return
        _TRACE.append(real)
    if _WATCH is not None:  # only the run's report is worth remembering: no path piles up
        if not _WATCH:
            return
        try:
            if st is None:
                st = os.stat(path)
        except (OSError, ValueError):
            return
        if (st.st_dev, st.st_ino) not in _WATCH:
            return
    if real is None:
        try:
            real = os.path.realpath(path)
        except (OSError, ValueError):
            return
    if real not in _READ:
        _READ.add(real)
        _LOG.append(real)


def watch_reads(outputs: Iterable[str | None] | None) -> frozenset[tuple[int, int]] | None:
    """From now on remember only the files read that are one of `outputs` (the same file: by
    device and inode, so a link or another spelling of its path is caught too): all a run needs
    to refuse writing its report over an input, and a batch of 100,000 files no longer keeps
    100,000 paths. An output that does not exist yet cannot be read (nothing is remembered).
    None: remember every file again. Returns the identities watched (a worker process is given them)."""
    global _WATCH
    if outputs is None:
        _WATCH = None
        return None
    ids = set()
    for p in outputs:
        if not p or p == "-":
            continue
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        ids.add((st.st_dev, st.st_ino))
    _WATCH = frozenset(ids)
    return _WATCH


def set_watch(ids: frozenset[tuple[int, int]] | None) -> None:
    """Watch these identities (what `watch_reads` returned in the process that started a worker)."""
    global _WATCH
    _WATCH = ids


def watched() -> frozenset[tuple[int, int]] | None:
    return _WATCH


def keep_watched(paths: Iterable[str]) -> Iterable[str]:
    """Of `paths` (files a unit's evaluation read, e.g. a cached row's), those `note_read` would
    remember: all of them when nothing is watched, else those that are a watched file."""
    if _WATCH is None:
        return paths
    if not _WATCH:
        return ()
    out = []
    for p in paths:
        try:
            st = os.stat(p)
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) in _WATCH:
            out.append(p)
    return out


_TRACE: list[str] | None = None  # while `trace_reads` runs: every file read, read before or not


def note_listing(folder: str) -> None:
    """Remember, while `trace_reads` runs, that the run's result depends on which entries
    `folder` holds (a district's `members: xa/`, a member file that is missing): named by its
    real path with a trailing separator, so that the batch cache (run/cache.py) keeps the
    folder's listing, not a file, and a member added later is not missed."""
    if _TRACE is None:
        return
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):
        return
    _TRACE.append(real.rstrip(os.sep) + os.sep)


def trace_reads(trace: list[str] | None) -> list[str] | None:
    """Start (a list) or stop (None) recording every file read, including those read earlier in the
    process: a batch's result cache keys a unit on all the files its evaluation read (members…).
    Returns the trace that was running."""
    global _TRACE
    old, _TRACE = _TRACE, trace
    return old


def files_read() -> frozenset[str]:
    """Every file this process has read so far: data files, members, sheets, criteria files."""
    return frozenset(_READ)


def reads_since(mark: int) -> tuple[list[str], int]:
    """The files first read since `mark` (a position returned by an earlier call), and the new
    mark: a batch worker passes on what each unit read without copying the whole set each time."""
    return _LOG[mark:], len(_LOG)


def display_path(p: str | Path) -> str:
    """A path relative to the working folder when it lies below it (as CI annotations want)."""
    s = str(p)
    try:
        rel = os.path.relpath(s)
    except ValueError:  # another drive on Windows
        return s
    return s if rel.startswith("..") else rel


def collect_files(paths: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """Criteria files from PATHs (files as given; folders: every *.yaml below, hidden folders
    skipped). Returns (files, problems for files that lead outside their folder)."""
    files: list[str] = []
    seen: set[Path] = set()
    outside: list[Problem] = []
    missing: list[Problem] = []
    for arg in paths:
        from pathlib import Path

        p = Path(arg)
        if p.is_dir():
            root = p.resolve()
            found = 0
            for f in sorted(p.rglob("*.yaml")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts[:-1]):
                    continue
                found += 1
                real = f.resolve()
                if root not in real.parents:
                    outside.append(Problem("validate.outside_root", display_path(f),
                                           params={"root": display_path(p), "target": str(real)}))
                    continue
                if real not in seen:
                    seen.add(real)
                    files.append(display_path(f))
            if not found:
                missing.append(Problem("validate.no_files", display_path(p)))
        elif p.exists():
            real = p.resolve()
            if real not in seen:
                seen.add(real)
                files.append(display_path(p))
        else:
            missing.append(Problem("validate.path_not_found", arg))
    if missing:
        raise PathsError(missing)
    return files, outside


ROOT_ENV = "NTM_EVAL_ROOT"
_ROOT_MARKERS = ("ntm-eval.toml", "pyproject.toml", ".git")


def project_root(data_file: str) -> str:
    """The folder that paths written in a data file must stay inside: `NTM_EVAL_ROOT` when it
    holds the file, else the nearest folder above the file with `ntm-eval.toml`,
    `pyproject.toml` or `.git`, else the file's own folder."""
    here = os.path.dirname(os.path.realpath(data_file))
    given = os.environ.get(ROOT_ENV)
    if given:
        root = os.path.realpath(given)
        if here == root or here.startswith(root + os.sep):
            return root
    d = here
    while True:
        if any(os.path.exists(os.path.join(d, m)) for m in _ROOT_MARKERS):
            return d
        parent = os.path.dirname(d)
        if parent == d:
            return here
        d = parent


def inside(path: str, root: str) -> bool:
    """Whether `path` (links followed) lies in `root`."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root + os.sep)


def member_paths(doc: "Doc", m: Any) -> tuple[list[str], list[Problem]]:
    """Files named by `members:` (files, or folders searched recursively), relative to the file.
    A folder that cannot be read is a problem (`data.member_unreadable`), never skipped."""
    if m is None:
        return [], []
    if isinstance(m, str):
        m = [m]
    if not isinstance(m, list) or not all(isinstance(x, str) for x in m):
        return [], [doc.problem("data.members_list", ("members",))]
    base = os.path.dirname(os.path.abspath(doc.path))
    root = project_root(doc.path)
    out: list[str] = []
    problems: list[Problem] = []
    for i, entry in enumerate(m):
        p = entry if os.path.isabs(entry) else os.path.join(base, entry)
        if not inside(p, root):
            problems.append(doc.problem("data.path_outside", ("members", i), name=entry, root=root))
            continue
        if os.path.isfile(p) and not p.endswith(YAML_SUFFIXES):
            problems.append(doc.problem("data.member_not_yaml", ("members", i), name=entry))
            continue
        if os.path.isdir(p):
            unreadable: list[OSError] = []
            for folder, dirs, files in os.walk(p, onerror=unreadable.append):
                note_listing(folder)
                dirs.sort()
                out += [os.path.join(folder, f) for f in sorted(files) if f.endswith(YAML_SUFFIXES)
                        and inside(os.path.join(folder, f), root)]
            for err in unreadable:  # never a share computed without a folder that could not be read
                problems.append(doc.problem("data.member_unreadable", ("members", i),
                                                name=str(err.filename or p), detail=err.strerror or str(err)))
        elif os.path.isfile(p):
            out.append(p)
        else:
            note_listing(os.path.dirname(p) or ".")  # a member that appears later is not missed
            problems.append(doc.problem("data.member_missing", ("members", i), name=entry))
    me = os.path.abspath(doc.path)
    return [os.path.relpath(x) if not os.path.isabs(entry) else x for x in out if os.path.abspath(x) != me], problems
