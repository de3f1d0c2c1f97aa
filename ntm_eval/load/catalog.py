"""Finding criteria sets by id: the built-in folder plus user folders, parsed once and memoised."""

from __future__ import annotations

import os
from pathlib import Path

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.criteria import parse_criteria_doc
from ntm_eval.model import CriteriaSet
from ntm_eval.vocab import ID_RE

def builtin_dir() -> Path:
    """Shipped criteria: inside the installed package, or the repository's `criteria/`."""
    here = Path(__file__).resolve().parent.parent  # the package folder
    packaged = here / "_criteria"
    if packaged.is_dir():
        return packaged
    return here.parent / "criteria"


class Catalog:
    """Criteria sets by id, from the built-in folder plus user folders. Memoised."""

    ENV = "NTM_EVAL_CRITERIA_PATH"

    def __init__(self, extra_dirs: list[str] | tuple[str, ...] = ()):
        dirs = [Path(d) for d in extra_dirs]
        env = os.environ.get(self.ENV)
        if env:
            dirs += [Path(p) for p in env.split(os.pathsep) if p]
        dirs.append(builtin_dir())
        self.dirs = dirs
        self._cache: dict[str, CriteriaSet] = {}
        self._loading: list[str] = []
        self._index: dict[str, Path] | None = None

    def path_for(self, set_id: str) -> Path | None:
        if not ID_RE.match(set_id):
            return None  # ids never contain "..", "/" at the ends, or backslashes
        for d in self.dirs:
            p = d / f"{set_id}.yaml"
            if p.is_file():
                root = d.resolve()
                if root in p.resolve().parents:
                    return p
        idx = self.index()
        return idx.get(set_id)

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
        """A set by id, or by path to a criteria file."""
        if ref in self._cache:
            return self._cache[ref]
        if ref.endswith((".yaml", ".yml")) or os.sep in ref and os.path.exists(ref):
            key = str(Path(ref).resolve())
            if key in self._cache:
                return self._cache[key]
            cs = self._load_path(ref)
            self._cache[key] = cs
            self._cache.setdefault(cs.id, cs)
            return cs
        p = self.path_for(ref)
        if p is None:
            known = list(self.index())
            raise InputError([Problem("catalog.unknown_set", None, params={"name": ref, "hint": suggest(ref, known)})])
        cs = self._load_path(str(p))
        self._cache[ref] = cs
        return cs

    def _load_path(self, path: str) -> CriteriaSet:
        if path in self._loading:
            raise InputError([Problem("schema.cycle", path, params={"chain": " → ".join(self._loading + [path])})])
        self._loading.append(path)
        try:
            doc = load_path(path)
            return parse_criteria_doc(doc, self.get, tuple(self._loading))
        finally:
            self._loading.pop()


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
