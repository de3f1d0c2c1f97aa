"""Check one unit end to end: read → choose the set → evaluate the members of a district →
bind → evaluate the prerequisite sets and the set itself. Bad input becomes located problems in
the `Outcome`, never an exception; nothing here prints."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable

from ntm_eval.core.engine import evaluate
from ntm_eval.core.members import Member, members_values
from ntm_eval.errors import InputError, Problem
from ntm_eval.io.files import YAML_SUFFIXES, inside, member_paths, project_root
from ntm_eval.io.yamlload import load_path
from ntm_eval.load.catalog import Catalog
from ntm_eval.load.unit import RawUnit, bind, read_unit, set_ids
from ntm_eval.model import CriteriaSet, DataValue
from ntm_eval.results import Outcome, UnitResult
from ntm_eval.vocab import ID_RE, MISSING, Lookup

if TYPE_CHECKING:
    from ntm_eval.core.merged_units import Claim


def check_file(path: str, catalog: Catalog, set_ref: str | None = None, year: int | None = None,
               use_attested: bool = True) -> Outcome:
    """Evaluate one unit file. `use_attested=False` (`--basis computed`): given verdicts decide
    nothing, only what the numbers prove counts."""
    try:
        raw = read_unit(load_path(path))
    except InputError as exc:
        return Outcome(path, problems=exc.problems)
    return check_raw(raw, catalog, set_ref, year, use_attested)


def check_files(paths: Iterable[str], catalog: Catalog, set_ref: str | None = None, year: int | None = None,
                use_attested: bool = True) -> list[Outcome]:
    """`check a.yaml b.yaml …`: each file as `check_file` does, then what only the files together
    show — one old commune in the `merged_from` of two of them is a warning at the second, at its
    `merged_from` line (`batch.merged_twice`, as `batch` says it; core/merged_units.py)."""
    outcomes: list[Outcome] = []
    docs = {}  # a result naming predecessors → its file's document, to locate a warning there
    for path in paths:
        try:
            raw = read_unit(load_path(path))
        except InputError as exc:
            outcomes.append(Outcome(path, problems=exc.problems))
            continue
        o = check_raw(raw, catalog, set_ref, year, use_attested)
        if o.result is not None and o.result.unit.get("merged_from_units"):
            docs[id(o.result)] = raw.doc
        outcomes.append(o)
    if len(docs) >= 2:  # two units naming predecessors, at the least, can share one
        merged_warnings(outcomes, docs)
    return outcomes


def merged_warnings(outcomes: list[Outcome], docs: dict | None = None) -> None:
    """Add to each result the predecessors it shares with an earlier result (in place), located
    at its `merged_from` when `docs` (id of a result → its document) gives the file."""
    from ntm_eval.core.merged_units import merged_twice

    pairs = [(c, o.result) for o in outcomes if o.result is not None
             for c in (merged_claim(o.result),) if c is not None]
    owner = {id(c): res for c, res in pairs}
    for c in merged_twice(claim for claim, _ in pairs):
        res = owner[id(c.claim)]
        w = {"key": "batch.merged_twice", "code": c.code, "name": c.name, "unit": c.claim.name,
             "first": c.first.name, "first_file": c.first.source}
        doc = (docs or {}).get(id(res))
        if doc is not None:
            at = doc.problem("batch.merged_twice", ("unit", "merged_from"))
            if at.line is not None:
                w["line"], w["col"] = at.line, at.col
        res.warnings.append(w)


def merged_claim(res: UnitResult) -> Claim | None:
    """The predecessors a result names, as the units check found them, or None."""
    from ntm_eval.core.merged_units import Claim

    preds = res.unit.get("merged_from_units")
    if not isinstance(preds, list) or not preds:
        return None
    name = res.unit.get("name")
    code = res.unit.get("code")
    return Claim(res.file, str(name) if name not in (None, "") else res.file,
                 str(code) if code not in (None, "") else "", res.year,
                 tuple((str(p.get("code") or ""), str(p.get("name") or "")) for p in preds if isinstance(p, dict)))


def check_raw(raw: RawUnit, catalog: Catalog, set_ref: str | None = None, year: int | None = None,
              use_attested: bool = True, lean: bool = False, figures: bool = False) -> Outcome:
    """Evaluate a unit already read (a file, or a row of a sheet). `lean`: criteria results
    without indicator results where the data allows (core/engine.evaluate; a batch report that
    shows no indicator); `figures`: the same, with each indicator's figures (the HTML's)."""
    path = raw.doc.path
    try:
        cset = _choose_set(raw, catalog, set_ref)
        if isinstance(cset, Outcome):
            return cset
        computed: dict[str, DataValue] = {}
        problems: list[Problem] = []
        uses_members = any(i.from_members for i in set_ids(cset).values())
        if raw.members is not None and uses_members:
            computed, problems = _members(raw, cset, catalog, year, use_attested)
        result = check_unit(raw, cset, catalog.get, year, computed=computed, use_attested=use_attested,
                            lean=lean and not computed, figures=figures and not computed)
        if raw.members is not None and not uses_members:
            result.warnings.append({"key": "data.members_unused", "set_id": cset.id})
        return Outcome(path, result, problems, cset)
    except InputError as exc:
        return Outcome(path, problems=exc.problems)


def _choose_set(raw: RawUnit, catalog: Catalog, set_ref: str | None) -> CriteriaSet | Outcome:
    """`--set` wins over the file's `criteria_set:`; a set file the data names is relative to it."""
    path = raw.doc.path
    ref = set_ref or raw.criteria_set
    if not ref:
        return Outcome(path, problems=[raw.doc.problem("cli.no_set", ())])
    if set_ref is None:  # named in the data: an id, or a .yaml file inside the project
        problem = _bad_set_ref(raw, ref)
        if problem is not None:
            return Outcome(path, problems=[problem])
        if ref.endswith(YAML_SUFFIXES):
            ref = os.path.join(os.path.dirname(os.path.abspath(path)), ref)
    try:
        return catalog.get(ref) if set_ref is not None or ref.endswith(YAML_SUFFIXES) else catalog.get_id(ref)
    except InputError as exc:
        if set_ref is None and any(p.key == "catalog.unknown_set" for p in exc.problems):
            p = exc.problems[0]
            return Outcome(path, problems=[raw.doc.problem("catalog.unknown_set", ("criteria_set",), **p.params)])
        raise


def _bad_set_ref(raw: RawUnit, ref: str) -> Problem | None:
    """Why a `criteria_set:` written in a data file cannot be used, if it cannot: a path must be
    a .yaml file that exists inside the project root; anything else must be a set id."""
    if not ref.endswith(YAML_SUFFIXES):
        if ID_RE.match(ref):
            return None
        return raw.doc.problem("data.bad_set_ref", ("criteria_set",), name=ref[:80])
    target = os.path.join(os.path.dirname(os.path.abspath(raw.doc.path)), ref)
    root = project_root(raw.doc.path)
    if len(ref) > 255 or not inside(target, root):
        return raw.doc.problem("data.path_outside", ("criteria_set",), name=ref[:80], root=root)
    if not os.path.isfile(target):
        return raw.doc.problem("data.set_file_missing", ("criteria_set",), name=ref)
    return None


def check_unit(raw: RawUnit, cset: CriteriaSet, lookup: Lookup, year: int | None = None,
               main: bool = True, _chain: tuple[str, ...] = (),
               computed: dict[str, DataValue] | None = None, use_attested: bool = True,
               memo: dict | None = None, lean: bool = False, figures: bool = False) -> UnitResult:
    """Bind a data file to `cset`, evaluate its prerequisite sets on the same file, evaluate.

    `main`: the file's `values:` are for `cset`; prerequisites read `values_for: {<set>: …}`.
    `memo` (one per file and year): results already computed for this file — a member commune
    checked against NTM and then NTM nâng cao (which requires NTM) is evaluated against NTM once."""
    key = None
    if memo is not None and computed is None:
        key = (cset.id, main, tuple(r for r in cset.requires if r in _chain))
        if key in memo:
            return memo[key]
    data = bind(raw, cset, year, main=main, computed=computed)
    # a prerequisite's indicators are reported by no batch: its verdicts suffice
    pre = [check_unit(raw, _prerequisite(raw, cset, rid, lookup), lookup, year, False, _chain + (cset.id,), None,
                      use_attested, memo, lean or figures) for rid in cset.requires if rid not in _chain and rid != cset.id]
    result = evaluate(cset, data, lookup, pre, use_attested, lean, figures)
    if key is not None:
        memo[key] = result
    return result


def _prerequisite(raw: RawUnit, cset: CriteriaSet, rid: str, lookup: Lookup) -> CriteriaSet:
    """A set that `cset` requires; one that cannot be found is this unit's problem, located at
    the line that chose the set (the criteria file itself is `validate`'s business)."""
    try:
        return lookup(rid)
    except InputError as exc:
        if all(p.file is None for p in exc.problems):
            raise InputError([raw.doc.problem("data.requires_unknown", ("criteria_set",), set_id=cset.id,
                                              name=rid if len(rid) <= 80 else rid[:77] + "...")]) from None
        raise


def _members(raw: RawUnit, cset: CriteriaSet, catalog: Catalog, year: int | None, use_attested: bool = True
             ) -> tuple[dict[str, DataValue], list[Problem]]:
    """Evaluate a district's member files; a broken member is reported, the rest still count."""
    paths, problems = member_paths(raw.doc, raw.members)
    complete = not any(p.key == "data.member_unreadable" for p in problems)
    # the sets each level of member is counted against ("100% số xã đạt chuẩn NTM": xa → xa-ntm)
    wanted: dict[str | None, list[str]] = {}
    for ind in cset.all_ids().values():
        rule = ind.from_members
        if rule is not None and rule.set_id not in wanted.setdefault(rule.level, []):
            wanted[rule.level].append(rule.set_id)
    when = year if year is not None else raw.year
    members: list[Member] = []
    verdicts: dict[tuple[str, str], tuple[str, str | None]] = {}  # (member, set) → status, basis
    broken_set: InputError | None = None
    # Each member is read, evaluated once per set it is counted against (prerequisites shared),
    # and dropped: a district of 1,000 communes does not keep 1,000 parsed files.
    for p in paths:
        try:
            mraw = read_unit(load_path(p))
        except InputError as exc:  # counted as an undecided member of every level: it may be any
            problems += exc.problems
            members.append(Member(p, p, None))
            continue
        level = mraw.unit.get("level")
        name = str(mraw.unit.get("name") or p)
        members.append(Member(p, name, level))
        if level is None:
            problems.append(mraw.doc.problem("data.member_no_level", ("unit",)))
            continue
        memo: dict = {}
        for set_id in wanted.get(level, ()):
            if broken_set is not None:
                break
            try:
                target = catalog.get(set_id)  # an unknown set is the district's problem, not the member's
            except InputError as exc:
                broken_set = exc
                break
            try:
                res = check_unit(mraw, target, catalog.get, when, main=False, use_attested=use_attested, memo=memo)
                verdicts[(p, set_id)] = (res.status, res.basis)
            except InputError as exc:  # reported once; the member counts as undecided
                verdicts[(p, set_id)] = (MISSING, None)
                problems.extend(exc.problems)

    def status_of(m: Member, set_id: str) -> tuple[str, str | None]:
        if broken_set is not None:
            raise broken_set
        return verdicts.get((m.path, set_id), (MISSING, None))

    try:
        computed = members_values(cset, members, status_of, complete)
    except InputError as exc:
        problems += exc.problems
        computed = {}
    return computed, problems
