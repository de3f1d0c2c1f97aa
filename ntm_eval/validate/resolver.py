"""Set ids → sets while validating: the files being validated first, then the criteria folders
they sit in, then the catalog.

A file's root is the folder where its path mirrors its id (`<root>/<id>.yaml`): a pre-commit
run names only the changed files, and their parents and prerequisites are found beside them.
The catalog (user folders, NTM_EVAL_CRITERIA_PATH, built-in sets) comes last.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ntm_eval.errors import InputError, Problem, suggest
from ntm_eval.io.files import display_path
from ntm_eval.io.yamlload import Doc, load_path
from ntm_eval.load.catalog import Catalog, file_in_dirs
from ntm_eval.load.criteria import parse_criteria_doc
from ntm_eval.load.cycles import LoadingGuard
from ntm_eval.model import CriteriaSet
from ntm_eval.results import SetReport
from ntm_eval.validate.context import value_at
from ntm_eval.vocab import ID_RE

MAX_HINT_FILES = 5000  # files looked at for "did you mean" in a criteria folder


@dataclass
class Entry:
    """One criteria file: its document, report and, once parsed, its set (or its problems)."""

    file: str
    doc: Doc | None
    report: SetReport
    set_id: str | None = None
    cset: CriteriaSet | None = None
    failed: list[Problem] | None = None
    done: bool = False


class Resolver:
    """Set ids → sets: the files being validated, then the same criteria folders, then the catalog."""

    def __init__(self, entries: dict[str, Entry], catalog: Catalog, roots: list[str]):
        self.entries = entries
        self.catalog = catalog
        self.roots = [Path(r) for r in roots]
        self.loading = LoadingGuard()
        self._root_ids: set[str] | None = None

    def known_ids(self) -> list[str]:
        """Every id a reference could mean (for "did you mean")."""
        if self._root_ids is None:
            self._root_ids = set()
            for root in self.roots:
                for n, p in enumerate(sorted(root.rglob("*.yaml"))):
                    if n >= MAX_HINT_FILES:
                        break
                    rel = p.relative_to(root).with_suffix("").as_posix()
                    if ID_RE.match(rel):
                        self._root_ids.add(rel)
        return sorted(set(self.entries) | self._root_ids | set(self.catalog.index()))

    def _from_roots(self, sid: str) -> Entry | None:
        p = file_in_dirs(self.roots, sid)
        if p is None:
            return None
        name = display_path(p)
        try:
            doc = load_path(str(p))
        except InputError as exc:
            e = Entry(name, None, SetReport(name), sid, failed=exc.problems, done=True)
        else:
            e = Entry(name, doc, SetReport(name), sid)
        self.entries[sid] = e
        return e

    def get(self, sid: str) -> CriteriaSet:
        if not ID_RE.match(sid):
            raise InputError([Problem("validate.bad_ref", None, params={"name": sid})])
        e = self.entries.get(sid) or self._from_roots(sid)
        if e is None:
            if self.catalog.path_for(sid) is None:
                raise InputError([Problem("catalog.unknown_set", None,
                                          params={"name": sid, "hint": suggest(sid, self.known_ids())})])
            return self.catalog.get(sid)
        self.parse(e)
        if e.cset is None:
            raise InputError(e.failed or [])
        return e.cset

    def parse(self, e: Entry) -> None:
        if e.done or e.doc is None:
            return
        doc = e.doc

        def cycle(chain: str) -> Problem:  # only reached through a cycle the parser did not see
            return doc.problem("schema.cycle", ("extends",), chain=chain)

        with self.loading.loading(e.set_id or e.file, cycle) as chain:
            try:
                e.cset = parse_criteria_doc(doc, self.get, chain)
            except InputError as exc:
                e.failed = relocate(doc, exc.problems)
        e.done = True


def relocate(doc: Doc, problems: list[Problem]) -> list[Problem]:
    """Problems raised while reading the parent belong to the parent's file: here they become
    one located problem at `extends`."""
    own = [p for p in problems if p.file == doc.path]
    foreign = [p for p in problems if p.file != doc.path]
    if not foreign:
        return own
    target = str(value_at(doc.data, ("extends",)))
    cyc = next((p for p in foreign if p.key == "schema.cycle"), None)
    if cyc is not None:
        own.append(doc.problem("schema.cycle", ("extends",), **cyc.params))
    elif any(p.key == "validate.bad_ref" for p in foreign):
        own.append(doc.problem("validate.bad_ref", ("extends",), name=target))
    else:
        own.append(doc.problem("validate.parent_invalid", ("extends",), name=target))
    return own
