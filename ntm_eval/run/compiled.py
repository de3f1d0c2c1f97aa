"""Compiled criteria sets: the parsed `CriteriaSet` of a criteria file, kept in the user's cache
folder so that a run reads a pickle instead of parsing the YAML again (`ntm-eval check` of one
commune spent more time parsing the 45 KB national set than evaluating the commune).

Where: `$NTM_EVAL_CACHE_DIR/sets`, else `$XDG_CACHE_HOME/ntm-eval/sets`, else
`~/.cache/ntm-eval/sets`; the folder and its parent are this user's only, and an entry another
user owns or may write is never read (run/cache.py's checks and atomic writes, reused here).
`NTM_EVAL_SET_CACHE=off` (or 0, no, false) bypasses it: every set is parsed, nothing is written.

An entry is used only when every part of its key is the same as now:

* the entry format, the tool version, its code (the size and modification time of every module), the
  Python version;
* the path of the set file as the run names it (a set carries it) and its real path;
* the CONTENT of the file (SHA-256 of its bytes, read as a parse reads them, so that the same
  file errors and the same record of files read happen either way);
* for a set that `extends` another: the parent the catalog resolves NOW, by its fingerprint
  (its own key and its parents' fingerprints), so a changed, moved or shadowed parent is a miss.

`Catalog(dirs, loader=load_set)` reads sets this way (the commands' catalogs do). Only a set that
parsed without problems is ever kept, so every validation message comes from a real parse. An
entry that cannot be read, is of another kind, or holds another key is ignored and overwritten.
Nothing here prints.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ntm_eval.errors import InputError

if TYPE_CHECKING:  # the model is imported when a set is read (io/config.py reads the folder functions only)
    from ntm_eval.model import CriteriaSet

SET_FORMAT = 1
ENV_OFF = "NTM_EVAL_SET_CACHE"
_OFF = ("0", "off", "no", "false")

Prints = dict  # id(CriteriaSet) → (the set, its fingerprint), kept by the catalog that owns the sets

_STAMP: list[str] = []  # the code stamp, once per process


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "").strip().lower() not in _OFF


def sets_dir() -> tuple[str, str]:
    """(the cache folder, its `sets` folder)."""
    from ntm_eval.run.cache import ENV_DIR

    env = os.environ.get(ENV_DIR)
    if env:
        return env, os.path.join(env, "sets")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    parent = os.path.join(base, "ntm-eval")
    return parent, os.path.join(parent, "sets")


def _folder() -> str | None:
    """The `sets` folder when it and the folder it is in are this user's only, else None."""
    from ntm_eval.run.cache import _usable_dir

    parent, folder = sets_dir()
    if not _usable_dir(parent) or not _usable_dir(folder):  # never a folder inside one others may write
        return None
    return folder


def _sha256(data: bytes = b""):
    """SHA-256 from the interpreter's own module (`_sha256`, `_sha2` from 3.12): the same digest as
    hashlib's without loading OpenSSL, a tenth of a `check`'s start-up; hashlib where neither exists."""
    try:
        from _sha256 import sha256  # type: ignore[import-not-found]
    except ImportError:
        try:
            from _sha2 import sha256  # type: ignore[import-not-found]
        except ImportError:
            from hashlib import sha256
    return sha256(data)


def _code_stamp() -> str:
    """The tool's own code as installed: every module's path in the package, size and modification
    time (what run/cache.py's stamp covers), gathered with `os.scandir` — one `stat` per module and
    no path arithmetic, a fifth of the cost of `os.walk` and `relpath`. Once per process."""
    if not _STAMP:
        import ntm_eval

        root = os.path.dirname(os.path.abspath(ntm_eval.__file__))
        parts: list[str] = []
        _stamp_dir(root, "", parts)
        _STAMP.append(_sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest())
    return _STAMP[0]


def _stamp_dir(folder: str, rel: str, parts: list[str]) -> None:
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for e in entries:
        if e.name.endswith(".py"):
            if e.is_file():
                st = e.stat()
                parts.append(f"{rel}{e.name}:{st.st_size}:{st.st_mtime_ns}")
        elif e.is_dir(follow_symlinks=False) and e.name != "__pycache__":
            _stamp_dir(e.path, f"{rel}{e.name}/", parts)


def file_key(path: str, raw: bytes) -> str:
    """The key of a set file's entry: everything but its parents."""
    import sys

    from ntm_eval import __version__

    h = _sha256()
    for part in (SET_FORMAT, __version__, sys.version, _code_stamp(), path, os.path.realpath(path)):
        h.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    h.update(_sha256(raw).digest())
    return h.hexdigest()


def fingerprint(key: str, parents: Sequence[tuple[str, str]]) -> str:
    h = _sha256(key.encode())
    for ref, fp in parents:
        h.update(f"\0{ref}\0{fp}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def print_of(prints: Prints, cs: Any) -> str | None:
    """The fingerprint of a set the catalog loaded (that very object), else None."""
    got = prints.get(id(cs))
    return got[1] if got is not None and got[0] is cs else None


def _entry_path(folder: str, path: str) -> str:
    """One entry per set file (newer content overwrites the older)."""
    name = _sha256(f"{path}\0{os.path.realpath(path)}".encode("utf-8", "surrogatepass")).hexdigest()[:40]
    return os.path.join(folder, name + ".set")


def load_set(path: str, lookup: Callable[[str], CriteriaSet], chain: Sequence[str], prints: Prints) -> CriteriaSet:
    """The set of the criteria file `path`: from its compiled entry when every key matches, else
    parsed (and its entry written). `lookup` resolves `extends`; `prints` gets the set's
    fingerprint (the parents' are found there)."""
    from ntm_eval.io.yamlload import read_bytes

    raw = read_bytes(path)  # the file's errors, and its record as read, exactly as a parse has them
    key = file_key(path, raw)
    folder = _folder() if enabled() else None
    entry = _entry_path(folder, path) if folder is not None else None
    if entry is not None:
        hit = _hit(entry, key, lookup, prints)
        if hit is not None:
            return hit
    parents: list[tuple[str, str | None]] = []

    def recording(ref: str) -> CriteriaSet:
        got = lookup(ref)
        parents.append((ref, print_of(prints, got)))
        return got

    cs = _parse(raw, path, recording, chain)
    if any(fp is None for _ref, fp in parents):
        return cs  # a parent of unknown origin: nothing to key this one on
    done = [(ref, fp) for ref, fp in parents if fp is not None]
    prints[id(cs)] = (cs, fingerprint(key, done))
    if entry is not None and folder is not None:
        _save(folder, entry, key, done, cs)
    return cs


def _parse(raw: bytes, path: str, lookup: Callable[[str], CriteriaSet], chain: Sequence[str]) -> CriteriaSet:
    """What `parse_criteria_doc(load_path(path), …)` gives, from the bytes already read."""
    from ntm_eval.io.yamlload import decode_bytes, load_text
    from ntm_eval.load.criteria import parse_criteria_doc

    return parse_criteria_doc(load_text(decode_bytes(raw, path), path), lookup, chain)


def _hit(entry: str, key: str, lookup: Callable[[str], CriteriaSet], prints: Prints) -> CriteriaSet | None:
    from ntm_eval.run.cache import _read_pickle

    blob = _read_pickle(entry)
    if blob is None or blob.get("kind") != "criteria-set" or blob.get("set_format") != SET_FORMAT:
        return None
    if blob.get("key") != key:
        return None  # other content, another version or code: stale
    from ntm_eval.model import CriteriaSet

    cs, parents = blob.get("set"), blob.get("parents")
    if not isinstance(cs, CriteriaSet) or not isinstance(parents, tuple):
        return None
    for item in parents:
        if not (isinstance(item, tuple) and len(item) == 2):
            return None
        ref, fp = item
        try:
            got = lookup(ref)
        except InputError:
            return None  # the parse reports it, located at `extends`
        if print_of(prints, got) != fp:
            return None  # the parent changed, moved or is shadowed by another folder
    prints[id(cs)] = (cs, fingerprint(key, parents))
    return cs


def _save(folder: str, entry: str, key: str, parents: list[tuple[str, str]], cs: CriteriaSet) -> None:
    import pickle

    from ntm_eval import __version__
    from ntm_eval.run.cache import CACHE_FORMAT, _write_atomic

    blob: dict[str, Any] = {"format": CACHE_FORMAT, "version": __version__, "kind": "criteria-set",
                            "set_format": SET_FORMAT, "key": key, "parents": tuple(parents), "set": cs}
    _write_atomic(folder, entry, lambda fh: pickle.dump(blob, fh, pickle.HIGHEST_PROTOCOL))


# io/config.find_config's memo. A `pyproject.toml` without a [tool.ntm-eval] table is the common case (a project of other tools,
# this repository): parsing it with tomllib was a third of a `check`'s own start-up. The memo
# keeps, per real path, the exact BYTES of such files last parsed (the newest _MEMO_MAX), in the
# compiled-sets folder (this user's own, never read otherwise, `NTM_EVAL_SET_CACHE=off`
# bypasses it), under the tool version, the Python version (its tomllib) and this module's own
# size and modification time (io/config.py). A file is taken as table-less only when its bytes are equal to the
# remembered ones; anything else — edited, unreadable memo, another key — is parsed as before, so
# a bad TOML file or a [tool.ntm-eval] table is always found by tomllib.
_MEMO_NAME = "pyproject-memo.pickle"
_MEMO_KIND = "pyproject-no-table"
_MEMO_MAX = 32
_MEMO: list[dict] = []  # [the files remembered], loaded once per process


def _memo_key() -> tuple:
    import sys

    from ntm_eval import __version__

    from ntm_eval.io import config

    st = os.stat(config.__file__)
    return (__version__, sys.version, st.st_size, st.st_mtime_ns)


def _memo_folder() -> str | None:
    return _folder() if enabled() else None


def _memo_files() -> dict:
    if not _MEMO:
        files: dict = {}
        try:
            folder = _memo_folder()
            if folder is not None:
                from ntm_eval.run.cache import _read_pickle

                blob = _read_pickle(os.path.join(folder, _MEMO_NAME))
                if (blob is not None and blob.get("kind") == _MEMO_KIND and blob.get("key") == _memo_key()
                        and isinstance(blob.get("files"), dict)):
                    files = blob["files"]
        except OSError:
            pass
        _MEMO.append(files)
    return _MEMO[0]


def _memo_has(path: str, data: bytes) -> bool:
    got = _memo_files().get(os.path.realpath(path))
    return type(got) is bytes and got == data


def _memo_add(path: str, data: bytes) -> None:
    files = _memo_files()
    real = os.path.realpath(path)
    if files.get(real) == data:
        return
    try:
        folder = _memo_folder()
        if folder is None:
            return
        import pickle

        from ntm_eval.run.cache import CACHE_FORMAT, _read_pickle, _write_atomic

        entry = os.path.join(folder, _MEMO_NAME)
        blob = _read_pickle(entry)  # another run may have added files since this one read it
        key = _memo_key()
        newer = blob["files"] if (blob is not None and blob.get("kind") == _MEMO_KIND and blob.get("key") == key
                                  and isinstance(blob.get("files"), dict)) else {}
        newer.pop(real, None)
        newer[real] = data  # the newest last
        while len(newer) > _MEMO_MAX:
            newer.pop(next(iter(newer)))
        files.clear()
        files.update(newer)
        out = {"format": CACHE_FORMAT, "version": key[0], "kind": _MEMO_KIND, "key": key, "files": dict(newer)}
        _write_atomic(folder, entry, lambda fh: pickle.dump(out, fh, pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass


class PyprojectMemo:
    """What io/config.find_config consults (`memo=`)."""

    @staticmethod
    def has(path: str, data: bytes) -> bool:
        return _memo_has(path, data)

    @staticmethod
    def add(path: str, data: bytes) -> None:
        _memo_add(path, data)
