"""`ntm-eval validate`: check criteria files beyond what the parser checks. Pure; never prints.

All problems of all files are collected at once, each located (`file:line:col`):

* parse — every problem `criteria.parse_criteria_doc` finds (keys, types, values);
* unique set ids across the files, and a file path that mirrors the id under its root;
* references — `extends` / `requires` / `derived` targets exist (with "did you mean"), are
  well-formed ids (so nothing resolves outside a criteria folder), and form no cycle;
* coverage — for every year of `years` and every classification value each indicator resolves
  to a threshold or an explicit `unknown`: a `by_region` / `by_year` that silently lacks a value
  without `default` is an error, an explicit unknown a warning;
* dated threshold versions — no overlap, no gap, nothing outside `valid_from` / `valid_until`;
* embedded `tests:` — run through the real engine (`run.check.check_unit`).

The result is a `Report` of `SetReport`s, each a list of named `Check`s holding `Problem`s
(message keys, rendered by `render/validation.py`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from ntm_eval.errors import InputError, PathsError, Problem, suggest  # noqa: F401 (PathsError re-exported)
from ntm_eval.io.files import collect_files, display_path
from ntm_eval.io.yamlload import Doc, load_path
from ntm_eval.load.catalog import Catalog, builtin_dir
from ntm_eval.load.criteria import parse_criteria_doc
from ntm_eval.model import ByKey, CriteriaSet, Derived, Indicator, TestCase, ThresholdVersion, Unknown, ValueNode
from ntm_eval.results import Check, Report, SetReport
from ntm_eval.vocab import ID_RE

MAX_HINT_FILES = 5000  # files looked at for "did you mean" in a criteria folder

# Check codes, in the order they are reported (labels: messages "validate.check.<code>").
CHECKS = ("parse", "unique_id", "path", "references", "cycles", "coverage", "versions")


# --- small helpers -----------------------------------------------------------------------------
def _day(s: str, delta: int) -> str:
    return (_dt.date.fromisoformat(s) + _dt.timedelta(days=delta)).isoformat()


def _get(data: Any, path: tuple) -> Any:
    for k in path:
        if isinstance(data, dict) and k in data:
            data = data[k]
        elif isinstance(data, list) and isinstance(k, int) and 0 <= k < len(data):
            data = data[k]
        else:
            return None
    return data


def _indicator_paths(doc: Doc) -> dict[str, tuple]:
    """Indicator (and part) id → path of its mapping in the document."""
    out: dict[str, tuple] = {}
    crits = _get(doc.data, ("criteria",))
    if not isinstance(crits, list):
        return out
    for i, c in enumerate(crits):
        inds = c.get("indicators") if isinstance(c, dict) else None
        if not isinstance(inds, list):
            continue
        for j, ind in enumerate(inds):
            if not isinstance(ind, dict) or ind.get("id") is None:
                continue
            path = ("criteria", i, "indicators", j)
            out[str(ind["id"])] = path
            parts = ind.get("parts")
            for k, part in enumerate(parts if isinstance(parts, list) else []):
                if isinstance(part, dict) and part.get("id") is not None:
                    out[str(part["id"])] = path + ("parts", k)
    return out


def _years_text(ys: list[int]) -> str:
    """[2022, 2023, 2024, 2026] → "2022–2024, 2026"."""
    runs: list[list[int]] = []
    for y in sorted(ys):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# --- resolving set ids: files being validated first, then the catalog ----------------------
@dataclass
class _Entry:
    file: str
    doc: Doc | None
    report: SetReport
    set_id: str | None = None
    cset: CriteriaSet | None = None
    failed: list[Problem] | None = None
    done: bool = False


class _Resolver:
    """Set ids → sets: the files being validated, then the same criteria folders (a file's root is
    where its path mirrors its id: a pre-commit run names only the changed files), then the
    catalog (user folders, NTM_EVAL_CRITERIA_PATH, built-in sets)."""

    def __init__(self, entries: dict[str, _Entry], catalog: Catalog, roots: list[str]):
        self.entries = entries
        self.catalog = catalog
        self.roots = [Path(r) for r in roots]
        self.loading: list[str] = []
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

    def _from_roots(self, sid: str) -> _Entry | None:
        for root in self.roots:
            p = root / f"{sid}.yaml"
            if p.is_file() and root.resolve() in p.resolve().parents:
                try:
                    doc = load_path(str(p))
                except InputError as exc:
                    e = _Entry(display_path(p), None, SetReport(display_path(p)), sid, failed=exc.problems, done=True)
                else:
                    e = _Entry(display_path(p), doc, SetReport(display_path(p)), sid)
                self.entries[sid] = e
                return e
        return None

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

    def parse(self, e: _Entry) -> None:
        if e.done or e.doc is None:
            return
        sid = e.set_id or e.file
        if sid in self.loading:  # only reached through a cycle the parser did not see
            raise InputError([e.doc.problem("schema.cycle", ("extends",), chain=" → ".join(self.loading + [sid]))])
        self.loading.append(sid)
        try:
            e.cset = parse_criteria_doc(e.doc, self.get, tuple(self.loading))
        except InputError as exc:
            e.failed = self._relocate(e.doc, exc.problems)
        finally:
            self.loading.pop()
        e.done = True

    @staticmethod
    def _relocate(doc: Doc, problems: list[Problem]) -> list[Problem]:
        """Problems raised while reading the parent belong to the parent's file: here they become
        one located problem at `extends`."""
        own = [p for p in problems if p.file == doc.path]
        foreign = [p for p in problems if p.file != doc.path]
        if not foreign:
            return own
        target = str(_get(doc.data, ("extends",)))
        cyc = next((p for p in foreign if p.key == "schema.cycle"), None)
        if cyc is not None:
            own.append(doc.problem("schema.cycle", ("extends",), **cyc.params))
        elif any(p.key == "validate.bad_ref" for p in foreign):
            own.append(doc.problem("validate.bad_ref", ("extends",), name=target))
        else:
            own.append(doc.problem("validate.parent_invalid", ("extends",), name=target))
        return own


# --- the validator ----------------------------------------------------------------------------
def validate_paths(paths: Iterable[str] = (), extra_dirs: Iterable[str] = (), strict: bool = False) -> Report:
    """Validate criteria files (default: every built-in set). Raises PathsError for bad PATHs."""
    paths = list(paths) or [str(builtin_dir())]
    files, outside = collect_files(paths)
    return validate_files(files, extra_dirs, strict, outside)


def validate_files(files: list[str], extra_dirs: Iterable[str] = (), strict: bool = False,
                   outside: list[Problem] | None = None) -> Report:
    reports: list[SetReport] = []
    for p in outside or []:
        r = SetReport(p.file or "?")
        r.check("path").problems.append(p)
        reports.append(r)
    entries: list[_Entry] = []
    for f in files:
        r = SetReport(f)
        reports.append(r)
        try:
            doc = load_path(f)
        except InputError as exc:
            r.check("parse").problems.extend(exc.problems)
            continue
        e = _Entry(f, doc, r)
        sid = _get(doc.data, ("id",)) if isinstance(doc.data, dict) else None
        if isinstance(sid, str) and sid:
            e.set_id = r.set_id = sid
        title = _get(doc.data, ("title",))
        r.title = title if isinstance(title, str) else None
        entries.append(e)

    by_id: dict[str, _Entry] = {}
    roots: list[str] = []
    for e in entries:
        if e.set_id is None:
            continue
        first = by_id.get(e.set_id)
        if first is not None:
            line, col = first.doc.where(("id",))  # type: ignore[union-attr]
            e.report.check("unique_id").problems.append(
                e.doc.problem("validate.duplicate_set_id", ("id",), value=e.set_id,  # type: ignore[union-attr]
                              first=f"{first.file}:{line}"))
        else:
            by_id[e.set_id] = e
        root = _check_path(e)
        if root and root not in roots:
            roots.append(root)

    res = _Resolver(by_id, Catalog(list(extra_dirs)), roots)
    for e in entries:
        if e.doc is None:
            continue
        res.parse(e)  # duplicates too: each file gets all its own problems
        if e.failed:
            e.report.check("parse").problems.extend(e.failed)
        if e.cset is None:
            continue
        _Validator(e, res).run()

    if strict:
        for r in reports:
            for c in r.checks:
                c.problems = [replace(p, severity="error") for p in c.problems]
    for r in reports:
        order = {code: n for n, code in enumerate(CHECKS + ("test",))}
        r.checks.sort(key=lambda c: order[c.code])
    return Report(reports, strict)


def _check_path(e: _Entry) -> str | None:
    """The file must sit at `<root>/<id>.yaml`. Returns that root when it does."""
    assert e.doc is not None and e.set_id is not None
    if not ID_RE.match(e.set_id):
        return None  # the parser reports the bad id
    real = Path(e.file).resolve()
    parts = e.set_id.split("/")
    tail = real.parts[-len(parts):]
    if real.suffix == ".yaml" and tail[:-1] == tuple(parts[:-1]) and real.stem == parts[-1]:
        root = real
        for _ in parts:
            root = root.parent
        return str(root)
    e.report.check("path").problems.append(
        e.doc.problem("validate.path_mismatch", ("id",), set_id=e.set_id, expected=e.set_id + ".yaml"))
    return None


class _Validator:
    """The checks run on a set that parsed."""

    def __init__(self, e: _Entry, res: _Resolver):
        assert e.cset is not None and e.doc is not None
        self.e, self.res, self.cset, self.doc = e, res, e.cset, e.doc
        self.report = e.report
        self.paths = _indicator_paths(self.doc)

    def err(self, check: str, key: str, path: tuple = (), at_key: bool = False, indicator: str | None = None,
            severity: str = "error", **params: Any) -> None:
        self.report.check(check).problems.append(
            self.doc.problem(key, path, key=at_key, indicator=indicator, severity=severity, **params))

    def run(self) -> None:
        cs = self.cset
        self.report.set_id, self.report.title = cs.id, cs.title
        self.report.indicators = len(cs.indicators())
        for code in CHECKS:
            self.report.check(code)
        self.references()
        self.cycles()
        self.coverage()
        self.tests()

    # -- references ------------------------------------------------------------------------
    def ref_problem(self, sid: str) -> tuple[str, dict] | None:
        if not ID_RE.match(sid):
            return "validate.bad_ref", {"name": sid}
        try:
            self.res.get(sid)
        except InputError as exc:
            if any(p.key == "catalog.unknown_set" for p in exc.problems):
                return "validate.unknown_set", {"name": sid, "hint": suggest(sid, self.res.known_ids())}
            return "validate.ref_invalid", {"name": sid}
        return None

    def references(self) -> None:
        raw = _get(self.doc.data, ("requires",))
        for n, sid in enumerate(self.cset.requires if raw is not None else ()):
            path = ("requires", n) if isinstance(raw, list) else ("requires",)
            bad = self.ref_problem(sid)
            if bad:
                self.err("references", bad[0], path, **bad[1])
        for ind in self.cset.indicators():
            base = self.paths.get(ind.id)
            fm = _get(self.doc.data, base + ("from_members",)) if base else None
            if ind.from_members is not None and isinstance(fm, dict):
                bad = self.ref_problem(ind.from_members.set_id)
                if bad:
                    self.err("references", bad[0], base + ("from_members", "set"), indicator=ind.id, **bad[1])
        for ind, leaf, owned, base in self.owned_leaves():
            if not owned:
                continue
            for v, vpath in self.versions(leaf, base):
                self._derived_refs(v.value, vpath + ("value",), leaf.id)

    def _derived_refs(self, node: ValueNode, path: tuple, iid: str) -> None:
        if isinstance(node, ByKey):
            for k, b in node.branches.items():
                self._derived_refs(b, path + ("by_" + node.dim, k), iid)
            if node.default is not None:
                self._derived_refs(node.default, path + ("by_" + node.dim, "default"), iid)
        elif isinstance(node, Derived):
            dpath = path + ("derived",)
            bad = self.ref_problem(node.set_id)
            if bad:
                self.err("references", bad[0], dpath + ("set",), indicator=iid, **bad[1])
                return
            target = self.res.get(node.set_id)
            ids = target.all_ids()
            if node.indicator not in ids:
                self.err("references", "validate.unknown_derived_indicator", dpath + ("indicator",), indicator=iid,
                         name=node.indicator, set_id=node.set_id, hint=suggest(node.indicator, ids))
            elif ids[node.indicator].type == "yes_no" or ids[node.indicator].composite:
                self.err("references", "validate.derived_not_number", dpath + ("indicator",), indicator=iid,
                         name=node.indicator, set_id=node.set_id)

    def edges(self, cs: CriteriaSet) -> list[str]:
        out = list(cs.requires)
        if cs.extends:
            out.append(cs.extends)
        return out

    def cycles(self) -> None:
        cs = self.cset
        raw = _get(self.doc.data, ("requires",))
        targets: list[tuple[str, tuple]] = [
            (sid, ("requires", n) if isinstance(raw, list) else ("requires",)) for n, sid in enumerate(cs.requires)]
        if cs.extends:
            targets.append((cs.extends, ("extends",)))
        for sid, path in targets:
            chain = self._path_to(sid, cs.id)
            if chain is not None:
                self.err("cycles", "schema.cycle", path, chain=" → ".join([cs.id] + chain))

    def _path_to(self, start: str, goal: str) -> list[str] | None:
        """Ids from `start` to `goal` following requires/extends, or None."""
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            sid, chain = stack.pop()
            if sid == goal:
                return chain
            if sid in seen:
                continue
            seen.add(sid)
            if sid == self.cset.id:
                nxt = self.edges(self.cset)
            else:
                try:
                    nxt = self.edges(self.res.get(sid))
                except InputError:
                    continue
            for t in nxt:
                stack.append((t, chain + [t]))
        return None

    # -- coverage -----------------------------------------------------------------------
    def owned_leaves(self) -> Iterable[tuple[Indicator, Indicator, bool, tuple]]:
        """(top-level indicator, leaf, threshold written in this file?, path of the leaf)."""
        for ind in self.cset.indicators():
            for leaf in ind.leaves():
                base = self.paths.get(leaf.id)
                owned = base is not None and isinstance(_get(self.doc.data, base), dict) \
                    and "threshold" in _get(self.doc.data, base)
                yield ind, leaf, owned, base or ()

    def versions(self, leaf: Indicator, base: tuple) -> list[tuple[ThresholdVersion, tuple]]:
        raw = _get(self.doc.data, base + ("threshold",))
        tpath = base + ("threshold",)
        if isinstance(raw, list):
            return [(v, tpath + (n,)) for n, v in enumerate(leaf.thresholds)]
        return [(v, tpath) for v in leaf.thresholds]

    def windows(self) -> dict[int, tuple[str, str]]:
        """Year → the part of that year in which the set is in force."""
        cs = self.cset
        out = {}
        years = list(cs.years)
        if not years:
            self.err("coverage", "validate.no_years", ("id",), severity="warning")
            years = [cs.default_year()]
        for y in years:
            lo, hi = f"{y}-01-01", f"{y}-12-31"
            if cs.valid_from and cs.valid_from > lo:
                lo = cs.valid_from
            if cs.valid_until and cs.valid_until < hi:
                hi = cs.valid_until
            if lo > hi:
                if cs.years:
                    self.err("coverage", "validate.year_outside", ("years", cs.years.index(y)), year=y,
                             valid_from=cs.valid_from or "…", valid_until=cs.valid_until or "…")
                continue
            out[y] = (lo, hi)
        return out

    def coverage(self) -> None:
        from ntm_eval.core.thresholds import Context, resolve

        cs = self.cset
        windows = self.windows()
        classes = cs.class_values()
        override_days: set[str] = set()
        if cs.classification:
            for ov in cs.classification.overrides:
                if ov.valid_from:
                    override_days.add(ov.valid_from)
                if ov.valid_until:
                    override_days.add(_day(ov.valid_until, 1))
        unknown_tops: set[str] = set()
        for ind, leaf, owned, base in self.owned_leaves():
            vs = self.versions(leaf, base) if owned else [(v, ()) for v in leaf.thresholds]
            structural = len(self.report.check("coverage").problems)
            if owned:
                self.check_versions(leaf, vs)
                for v, vpath in vs:
                    years = self.version_years(v, [x for x, _ in vs], windows)
                    self.missing_branches(v.value, vpath + ("value",), leaf.id, years, classes)
            cases: dict[int, set] = {}
            reasons: set[str] = set()
            first_from = min((v.valid_from for v in leaf.thresholds if v.valid_from), default=None)
            for y, (lo, hi) in windows.items():
                days = {lo, hi} | {d for d in override_days if lo <= d <= hi}
                for v in leaf.thresholds:
                    for d in (v.valid_from, _day(v.valid_until, 1) if v.valid_until else None):
                        if d and lo <= d <= hi:
                            days.add(d)
                for d in sorted(days):
                    for klass in classes:
                        ctx = Context(y, d, klass, klass)
                        try:
                            r = resolve(leaf, cs, ctx, self.res.get)
                        except InputError:
                            continue  # a broken `derived` reference, reported under references
                        if r.known or r.reason == "not_applicable":
                            continue  # a value, or a declared "does not apply here"
                        unknown_tops.add(ind.id)
                        if r.reason == "not_in_force" and first_from and d >= first_from:
                            continue  # after an `until`: a version gap, reported under versions
                        cases.setdefault(y, set()).add(klass)
                        reasons.add(r.reason or "unknown")
            if not cases or not owned:
                continue  # inherited thresholds are reported with the set that writes them
            if len(self.report.check("coverage").problems) > structural:
                continue  # a missing by_region / by_year value: already an error
            tpath = base + ("threshold",)
            if reasons == {"not_in_force"}:
                self.err("coverage", "validate.not_in_force", tpath, at_key=True, indicator=leaf.id,
                         severity="warning", start=first_from or "…", cases=self.cases_text(cases, windows, classes))
            elif len(cases) == len(windows) and all(len(c) == len(classes) for c in cases.values()):
                self.err("coverage", "validate.unknown_threshold_all", tpath, at_key=True, indicator=leaf.id,
                         severity="warning")
            else:
                self.err("coverage", "validate.unknown_threshold", tpath, at_key=True, indicator=leaf.id,
                         severity="warning", cases=self.cases_text(cases, windows, classes))
        self.report.unknown = len(unknown_tops)

    @staticmethod
    def cases_text(cases: dict[int, set], windows: dict, classes: list) -> str:
        """Language-neutral list of where a threshold is unknown: "dbsh, dnb (2022–2025); 2026"."""
        groups: dict[frozenset, list[int]] = {}
        for y in sorted(cases):
            groups.setdefault(frozenset(cases[y]), []).append(y)
        bits = []
        for ks, ys in groups.items():
            yrs = _years_text(ys)
            if len(ks) == len(classes):
                bits.append(yrs)
            else:
                bits.append(f"{', '.join(sorted(str(k) for k in ks))} ({yrs})")
        return "; ".join(bits)

    def version_years(self, v: ThresholdVersion, all_versions: list[ThresholdVersion],
                      windows: dict[int, tuple[str, str]]) -> list[int]:
        """The years of `years` in which version `v` is in force on some day."""
        start = v.valid_from or "0000-01-01"
        end = v.valid_until or "9999-12-31"
        later = [w.valid_from for w in all_versions if w.valid_from and w.valid_from > start]
        if later:
            end = min(end, _day(min(later), -1))
        return [y for y, (lo, hi) in windows.items() if start <= hi and end >= lo]

    def missing_branches(self, node: ValueNode, path: tuple, iid: str, years: list[int],
                         classes: list[str | None]) -> None:
        if not isinstance(node, ByKey):
            return
        kpath = path + ("by_" + node.dim,)
        if node.dim == "year":
            missing = [str(y) for y in years if str(y) not in node.branches]
            if missing and node.default is None:
                self.err("coverage", "validate.missing_year", kpath, at_key=True, indicator=iid,
                         values=", ".join(missing))
            for k, b in node.branches.items():
                self.missing_branches(b, kpath + (k,), iid, [y for y in years if str(y) == k], classes)
            if node.default is not None:
                rest = [y for y in years if str(y) not in node.branches]
                self.missing_branches(node.default, kpath + ("default",), iid, rest, classes)
        else:
            missing = [str(c) for c in classes if c is not None and c not in node.branches]
            if missing and node.default is None:
                self.err("coverage", "validate.missing_class", kpath, at_key=True, indicator=iid,
                         key_name=node.dim, values=", ".join(missing))
            for k, b in node.branches.items():
                self.missing_branches(b, kpath + (k,), iid, years, [k])
            if node.default is not None:
                self.missing_branches(node.default, kpath + ("default",), iid, years,
                                      [c for c in classes if c not in node.branches])

    def check_versions(self, leaf: Indicator, vs: list[tuple[ThresholdVersion, tuple]]) -> None:
        cs = self.cset
        sf, su = cs.valid_from, cs.valid_until
        for v, vpath in vs:
            if v.op != "unknown" and not isinstance(v.value, Unknown) and (v.confidence is None or v.source is None):
                # every known threshold must say where it comes from and how sure we are
                self.err("versions", "validate.no_provenance", vpath, indicator=leaf.id, severity="warning",
                         missing=", ".join(k for k, x in (("source", v.source), ("confidence", v.confidence))
                                           if x is None))
        for n, (v, vpath) in enumerate(vs):
            f, u = v.valid_from, v.valid_until
            if (sf and f and f < sf) or (su and f and f > su) or (su and u and u > su) or (sf and u and u < sf):
                self.err("versions", "validate.version_outside", vpath, indicator=leaf.id, start=f or "…",
                         end=u or "…", valid_from=sf or "…", valid_until=su or "…")
            if n + 1 < len(vs):
                nxt = vs[n + 1][0].valid_from
                if u and nxt:
                    if u >= nxt:
                        self.err("versions", "validate.version_overlap", vpath, indicator=leaf.id, start=f or "…",
                                 end=u, next=nxt)
                    elif _day(u, 1) < nxt:
                        self.err("versions", "validate.version_gap", vpath, indicator=leaf.id, start=_day(u, 1),
                                 end=_day(nxt, -1))
            elif u and (su is None or u < su):
                self.err("versions", "validate.version_ends", vpath, indicator=leaf.id, end=u,
                         valid_until=su or "…")

    # -- embedded tests ------------------------------------------------------------------
    def tests(self) -> None:
        raw = _get(self.doc.data, ("tests",))
        if not isinstance(raw, list):
            return  # inherited tests are run with the parent
        for n, tc in enumerate(self.cset.tests):
            chk = Check("test", name=tc.name)
            self.report.checks.append(chk)
            self.report.tests_total += 1
            chk.problems.extend(self.run_test(tc, n))
            if not chk.failed:
                self.report.tests_passed += 1

    def run_test(self, tc: TestCase, n: int) -> list[Problem]:
        from ntm_eval.load.unit import read_unit
        from ntm_eval.run.check import check_unit

        base = ("tests", n)
        raw_tc = _get(self.doc.data, base)
        if not isinstance(raw_tc, dict):
            return []
        data: dict[str, Any] = {"unit": tc.unit, "values": tc.values}
        year = tc.year
        if year is None and tc.date:
            year = int(tc.date[:4])
        if year is not None:
            data["year"] = year
        if tc.date:
            data["date"] = tc.date
        tdoc = self.doc.sub(base, data)
        try:
            result = check_unit(read_unit(tdoc), self.cset, self.res.get)
        except InputError as exc:
            located = [p for p in exc.problems if p.file == self.doc.path]
            if len(located) < len(exc.problems):  # a broken reference, reported under references
                located.append(self.doc.problem("validate.test_not_run", base, name=tc.name))
            return located
        out: list[Problem] = []
        got_c = {c.id: c.status for c in result.criteria}
        got_i: dict[str, str] = {}
        for c in result.criteria:
            for i in c.indicators:
                got_i[i.id] = i.status
                for p in i.parts:
                    got_i[p.id] = p.status
        for what, expect, got in (("criteria", tc.expect_criteria, got_c), ("indicators", tc.expect_indicators, got_i)):
            for k, want in expect.items():
                path = base + ("expect", what, k)
                if k not in got:
                    out.append(self.doc.problem("validate.test_unknown_" + what, path, key=True, name=tc.name, id=k,
                                                hint=suggest(k, got)))
                elif got[k] != want:
                    out.append(self.doc.problem("validate.test_" + what, path, name=tc.name, id=k, expected=want,
                                                got=got[k]))
        if tc.expect_status is not None and result.status != tc.expect_status:
            out.append(self.doc.problem("validate.test_status", base + ("expect", "status"), name=tc.name,
                                        expected=tc.expect_status, got=result.status))
        return out
