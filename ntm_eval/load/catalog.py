"""Finding criteria sets by id: the built-in folder plus user folders, parsed once and memoised.

A catalog given a `loader` (the commands give run/compiled.py's, which keeps each parsed set in
the user's cache folder) reads sets through it; the YAML loader and the criteria parser are
imported only when a set file is actually parsed."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable, Sequence

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.load.cycles import LoadingGuard
from ntm_eval.model import CriteriaSet
from ntm_eval.vocab import ID_RE

if TYPE_CHECKING:
    from pathlib import Path
# pathlib (with urllib.parse and ipaddress) is imported only where a Path is handed out: a check
# finds its set by strings (os.path), as file_in_dirs would.

# (file, lookup of `extends`, chain being loaded, the catalog's fingerprints) → the set
Loader = Callable[[str, Callable[[str], CriteriaSet], Sequence[str], dict[int, Any]], CriteriaSet]


def builtin_dir() -> Path:
    """Shipped criteria: inside the installed package, or the repository's `criteria/`."""
    from pathlib import Path

    return Path(_builtin_dir())


def _builtin_dir() -> str:
    here = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # the package folder
    packaged = os.path.join(here, "_criteria")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(here), "criteria")


def _file_in_dir_strs(dirs: list[str], set_id: str) -> str | None:
    """file_in_dirs with folders and the answer as strings (each folder as str(Path(folder)))."""
    name = f"{set_id}.yaml"
    for d in dirs:
        p = name if d == "." else os.path.join(d, name)
        if not os.path.isfile(p):
            continue
        root, real = os.path.realpath(d), os.path.realpath(p)
        if real != root and real.startswith(root if root.endswith(os.sep) else root + os.sep):
            return p
    return None


def file_in_dirs(dirs: list[Path], set_id: str) -> Path | None:
    """`<dir>/<set_id>.yaml` of the first of `dirs` that holds that file (a link out of the folder
    does not count). `set_id` must already match `ID_RE`: it never reaches outside a folder."""
    for d in dirs:
        p = d / f"{set_id}.yaml"
        try:
            if p.is_file() and d.resolve() in p.resolve().parents:
                return p
        except OSError:  # a name the file system refuses (too long, a link loop): not this set
            continue
    return None


class Catalog:
    """Criteria sets by id, from the built-in folder plus user folders. Memoised."""

    ENV = "NTM_EVAL_CRITERIA_PATH"

    def __init__(self, extra_dirs: list[str] | tuple[str, ...] = (), loader: Loader | None = None):
        given = list(extra_dirs)
        env = os.environ.get(self.ENV)
        if env:
            given += [p for p in env.split(os.pathsep) if p]
        if given:
            from pathlib import PurePath

            given = [str(PurePath(d)) for d in given]
        self._dir_strs = [*given, _builtin_dir()]
        self._dirs: list[Path] | None = None
        self._cache: dict[str, CriteriaSet] = {}
        self._loading = LoadingGuard()  # files being read: an `extends` back to one is a cycle
        self._index: dict[str, Path] | None = None
        self._by_id_file: dict[str, str] = {}  # id → file of each set loaded from a path
        self._loader = loader
        self._prints: dict[int, Any] = {}  # id(set) → (set, fingerprint), kept for the loader

    @property
    def dirs(self) -> list[Path]:
        """The folders read, first to last (the built-in one last)."""
        if self._dirs is None:
            from pathlib import Path

            self._dirs = [Path(d) for d in self._dir_strs]
        return self._dirs

    def path_for(self, set_id: str) -> Path | None:
        """The file of a set: `<folder>/<id>.yaml` in the first folder that has it, else the file
        whose `id:` line names it."""
        p = self._path_str_for(set_id)
        if p is None:
            return None
        from pathlib import Path

        return Path(p)

    def _path_str_for(self, set_id: str) -> str | None:
        if not ID_RE.match(set_id) or len(set_id) > 200:
            return None  # ids never contain "..", "/" at the ends, or backslashes; nor 300 characters
        p = _file_in_dir_strs(self._dir_strs, set_id)
        if p is not None:
            return p
        got = self.index().get(set_id)
        return None if got is None else str(got)

    def index(self) -> dict[str, Path]:
        """id → file, by reading the `id:` of every YAML file under the folders."""
        if self._index is None:
            self._index = {}
            for d in reversed(self.dirs):
                if not d.is_dir():
                    continue
                root = d.resolve()
                for p in sorted(d.rglob("*.yaml")):
                    if root not in p.resolve().parents:
                        continue  # a link pointing out of the folder
                    sid = _peek_id(p)
                    if sid:
                        self._index[sid] = p
        return self._index

    def get(self, ref: str) -> CriteriaSet:
        """A set by id, or by path to a criteria file (as `--set` may give it)."""
        if ref.endswith((".yaml", ".yml")) or os.sep in ref and os.path.exists(ref):
            return self.get_path(ref)
        return self.get_id(ref)

    def get_path(self, ref: str) -> CriteriaSet:
        """A set from a criteria file. It is cached under its path only: a set loaded from a path
        never stands in for an id, and a file that claims the id of another set of the catalog
        (a loosened copy of a national set) is refused, naming both files."""
        from pathlib import Path

        key = "path:" + str(Path(ref).resolve())
        if key in self._cache:
            return self._cache[key]
        cs = self._load_path(ref)
        other = self.path_for(cs.id) if ID_RE.match(cs.id) else None
        if other is None:
            other_key = self._by_id_file.get(cs.id)
            other = Path(other_key) if other_key else None
        if other is not None and other.resolve() != Path(ref).resolve():
            raise InputError([Problem("catalog.id_clash", ref, params={"set_id": cs.id, "other": str(other)})])
        self._by_id_file.setdefault(cs.id, str(Path(ref).resolve()))
        self._cache[key] = cs
        return cs

    def get_id(self, ref: str) -> CriteriaSet:
        """A set by its id, from the catalog's folders."""
        if ref in self._cache:
            return self._cache[ref]
        p = self._path_str_for(ref)
        if p is None:
            known = list(self.index())
            raise InputError([Problem("catalog.unknown_set", None, params={"name": ref, "hint": suggest(ref, known)})])
        cs = self._load_path(p)
        self._cache[ref] = cs
        return cs

    def _load_path(self, path: str) -> CriteriaSet:
        with self._loading.loading(path) as chain:
            if self._loader is not None:
                return self._loader(path, self.get, chain, self._prints)
            from ntm_eval.io.yamlload import load_path
            from ntm_eval.load.criteria import parse_criteria_doc

            return parse_criteria_doc(load_path(path), self.get, chain)


def _peek_id(p: Path) -> str | None:
    """Cheap read of a file's top-level `id:` line, without parsing the whole file."""
    try:
        with open(p, encoding="utf-8-sig") as fh:
            for line in fh:
                if line.startswith("id:"):
                    return line[3:].split("#")[0].strip().strip("\"'") or None
    except (OSError, UnicodeDecodeError):
        return None
    return None
